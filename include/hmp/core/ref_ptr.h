// BMF's <hmp/core/ref_ptr.h> (framekit's BMF compatibility): RefObject, RefPtr, makeRefPtr, declared in
// framekit/compat/bmf_hmp_core.h over framekit's types; this path adds BMF's generated <hmp/config.h>.
#pragma once

#include <hmp/config.h>

#include "framekit/compat/bmf_hmp_core.h"
