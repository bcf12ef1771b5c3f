// hmp/cuda/allocator.h (framekit's BMF compatibility). A CPU build of BMF installs this
// header with nothing usable in it; framekit's CUDA memory, when a CUDA allocator is
// registered, goes through hmp/core/allocator.h like every device's.
#pragma once

#include <hmp/core/allocator.h>
