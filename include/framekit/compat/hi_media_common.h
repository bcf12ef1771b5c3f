/* The SDK also names this header hi_media_common.h; it is framekit's hi_dvpp_common.h. */
#ifndef HI_MEDIA_COMMON_H_
#define HI_MEDIA_COMMON_H_
#include "hi_dvpp_common.h"
#endif
