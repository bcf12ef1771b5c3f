/* framekit's C ABI for the hardware media SDK: everything a JPEGE program includes. */
#ifndef HI_DVPP_H_
#define HI_DVPP_H_

#include "hi_dvpp_type.h"
#include "hi_dvpp_common.h"
#include "hi_mpi_sys.h"
#include "hi_mpi_venc.h"
#include "fk_jpege.h"

#endif /* HI_DVPP_H_ */
