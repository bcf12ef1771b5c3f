// BMF's <hmp/core/allocator.h> (framekit's BMF compatibility): Allocator, get_allocator, register_allocator, declared in
// framekit/compat/bmf_hmp_core.h over framekit's types; this path adds BMF's generated <hmp/config.h>.
#pragma once

#include <hmp/config.h>

#include "framekit/compat/bmf_hmp_core.h"
