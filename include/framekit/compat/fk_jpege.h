/* framekit extensions to the hardware media SDK's C ABI (not in the vendor's SDK). */
#ifndef FK_JPEGE_H_
#define FK_JPEGE_H_

#include "hi_dvpp_type.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The message of the last failing hi_mpi_* call on this thread ("" if none): names the
 * bad value and what was expected. Valid until the next hi_mpi_* call on the thread. */
const char* fk_jpege_last_error(hi_void);
/* Engine settings for the next hi_mpi_sys_init: encoding workers (0 = one per core) and
 * frames a channel holds between send and its stream buffer. */
hi_s32 fk_jpege_configure(hi_s32 workers, hi_s32 queue_depth);
/* Live device-memory blocks (dvpp_malloc and the engine's stream buffers): leak checks. */
hi_u64 fk_dvpp_live_blocks(hi_void);

#ifdef __cplusplus
}
#endif

#endif /* FK_JPEGE_H_ */
