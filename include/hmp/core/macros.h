// BMF's <hmp/core/macros.h> (framekit's BMF compatibility): HMP_API, declared in
// framekit/compat/bmf_hmp_core.h over framekit's types; this path adds BMF's generated <hmp/config.h>.
#pragma once

#include <hmp/config.h>

#include "framekit/compat/bmf_hmp_core.h"
