// BMF's <hmp/imgproc/image_seq.h> (framekit's BMF compatibility): FrameSeq and concat, declared in
// framekit/compat/bmf_hmp.h over framekit's types; this path adds BMF's generated <hmp/config.h>.
#pragma once

#include <hmp/config.h>

#include "framekit/compat/bmf_hmp.h"
