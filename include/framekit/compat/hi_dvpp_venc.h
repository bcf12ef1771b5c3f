/* The SDK also names this header hi_dvpp_venc.h; it is framekit's hi_mpi_venc.h. */
#ifndef HI_DVPP_VENC_H_
#define HI_DVPP_VENC_H_
#include "hi_mpi_venc.h"
#endif
