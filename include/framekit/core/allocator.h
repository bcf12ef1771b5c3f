// Device memory goes through one allocator per device type. CPU is built in; a CUDA
// allocator can be registered later without touching Tensor or Frame.
#pragma once

#include <cstddef>
#include <memory>

#include "framekit/core/device.h"

namespace framekit {

class Allocator {
 public:
  virtual ~Allocator() = default;
  // Returns memory of at least nbytes aligned to `alignment` (a power of two), or
  // throws Error(kOutOfMemory) naming the size. nbytes == 0 returns a valid pointer.
  virtual void* allocate(size_t nbytes, size_t alignment, int device_index) = 0;
  virtual void deallocate(void* ptr, int device_index) noexcept = 0;
};

// Registers (or replaces) the allocator for a device type; framekit does not own it.
void register_allocator(Device::Type type, Allocator* allocator);
// Throws Error(kDeviceUnavailable) when no allocator is registered for the type.
Allocator& get_allocator(Device::Type type);

// The built-in CPU allocator keeps freed blocks of 1 MiB and more (at most 4 of them and
// 128 MiB) and hands them out again for an allocation of about the same size, so that
// a loop making one frame per video frame does not fault in fresh pages each time.
// Sanitizer builds keep nothing. Bytes kept now, and giving them all back to malloc:
size_t cpu_block_cache_bytes();
void release_cpu_block_cache();

// Copies nbytes between devices; host↔host is memcpy. Other pairs go through the
// registered copier for that device type, or throw Error(kDeviceUnavailable).
void copy_bytes(void* dst, const Device& dst_device, const void* src, const Device& src_device,
                size_t nbytes);

inline constexpr size_t kDefaultAlignment = 64;

}  // namespace framekit
