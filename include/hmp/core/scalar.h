// BMF's <hmp/core/scalar.h> (framekit's BMF compatibility): Scalar, Half, HMP_FORALL_SCALAR_TYPES and the element types, declared in
// framekit/compat/bmf_hmp_core.h over framekit's types; this path adds BMF's generated <hmp/config.h>.
#pragma once

#include <hmp/config.h>

#include "framekit/compat/bmf_hmp_core.h"
