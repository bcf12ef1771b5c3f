// BMF's <hmp/imgproc/formats.h> (framekit's BMF compatibility): pixel formats, color enums, ColorModel, PixelInfo, HWC_*/CHW_*/NHWC_*/NCHW_*, declared in
// framekit/compat/bmf_hmp.h over framekit's types; this path adds BMF's generated <hmp/config.h>.
#pragma once

#include <hmp/config.h>

#include "framekit/compat/bmf_hmp.h"
