/* The SDK also names this header hi_dvpp_sys.h; it is framekit's hi_mpi_sys.h. */
#ifndef HI_DVPP_SYS_H_
#define HI_DVPP_SYS_H_
#include "hi_mpi_sys.h"
#endif
