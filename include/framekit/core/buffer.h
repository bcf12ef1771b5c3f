// Buffer: a block of device memory, owned (from an allocator) or borrowed (external
// memory with a release callback run exactly once). Shared by tensors via shared_ptr.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "framekit/core/device.h"

namespace framekit {

class Buffer {
 public:
  using Release = std::function<void()>;

  // Allocates nbytes on `device` through its allocator.
  static std::shared_ptr<Buffer> allocate(size_t nbytes, const Device& device = Device(),
                                          size_t alignment = 64);
  // Wraps memory framekit does not own; `release` (may be empty) runs once when the
  // last reference goes away. data may be null only when nbytes == 0.
  static std::shared_ptr<Buffer> wrap(void* data, size_t nbytes, const Device& device,
                                      Release release);

  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  void* data() const noexcept { return data_; }
  size_t size() const noexcept { return nbytes_; }
  const Device& device() const noexcept { return device_; }
  bool owned() const noexcept { return owned_; }

 private:
  Buffer() = default;
  void* data_ = nullptr;
  size_t nbytes_ = 0;
  Device device_;
  bool owned_ = false;
  Release release_;
};

using BufferPtr = std::shared_ptr<Buffer>;

}  // namespace framekit
