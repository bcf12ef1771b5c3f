// hmp/core/allocator.h (framekit's BMF compatibility): framekit's per-device
// allocators under hmp's names.
#pragma once

#include <hmp/core/device.h>

#include "framekit/core/allocator.h"

namespace hmp {

using framekit::Allocator;
using framekit::get_allocator;
using framekit::register_allocator;

}  // namespace hmp
