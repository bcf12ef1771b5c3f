// BMF's <hmp/imgproc.h> (framekit's BMF compatibility): hmp::img (image operations and transfer) and the image types, declared in
// framekit/compat/bmf_hmp.h over framekit's types; this path adds BMF's generated <hmp/config.h>.
#pragma once

#include <hmp/config.h>

#include "framekit/compat/bmf_hmp.h"
