// hmp/core/device.h (framekit's BMF compatibility): hmp's device names over
// framekit::Device. DeviceType is framekit's Device::Type, so `device == kCPU` and
// Device::Type::CPU work as in BMF.
#pragma once

#include <hmp/core/macros.h>

#include "framekit/core/device.h"

namespace hmp {

using framekit::Device;
using DeviceType = framekit::Device::Type;
inline constexpr DeviceType kCPU = DeviceType::kCPU;
inline constexpr DeviceType kCUDA = DeviceType::kCUDA;

// Number of devices of a type this build can use (CPU: 1; CUDA: 0 in a CPU build).
inline int64_t device_count(DeviceType type) { return framekit::device_count(type); }

}  // namespace hmp
