// BMF's <hmp/imgproc/image.h> (framekit's BMF compatibility): Frame (with reformat), declared in
// framekit/compat/bmf_hmp.h over framekit's types; this path adds BMF's generated <hmp/config.h>.
#pragma once

#include <hmp/config.h>

#include "framekit/compat/bmf_hmp.h"
