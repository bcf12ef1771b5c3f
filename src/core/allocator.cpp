#include "framekit/core/allocator.h"

#include <array>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "framekit/core/error.h"
#include "framekit/core/fork_safe.h"

namespace framekit {
namespace {

class CpuAllocator final : public Allocator {
 public:
  void* allocate(size_t nbytes, size_t alignment, int /*device_index*/) override {
    FK_CHECK_ARG(alignment != 0 && (alignment & (alignment - 1)) == 0, "alignment ", alignment,
                 " is not a power of two");
    alignment = alignment < sizeof(void*) ? sizeof(void*) : alignment;
    // aligned_alloc wants a size that is a multiple of the alignment (and > 0).
    const size_t rounded = (nbytes + alignment - 1) / alignment * alignment;
    FK_CHECK(rounded >= nbytes, ErrorCode::kOutOfMemory, "cannot allocate ", nbytes,
             " bytes: size overflows");
    void* p = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
    FK_CHECK(p != nullptr, ErrorCode::kOutOfMemory, "cpu allocation of ", nbytes,
             " bytes failed");
    return p;
  }
  void deallocate(void* ptr, int /*device_index*/) noexcept override { std::free(ptr); }
};

struct Registry {
  ProcessMutex mu;
  std::array<Allocator*, 2> allocators{};
};

Registry& registry() {
  static Registry& r = *new Registry();  // leaked: fork hooks use its lock
  static CpuAllocator cpu;
  static const bool init = [] {
    r.allocators[static_cast<int>(Device::Type::kCPU)] = &cpu;
    return true;
  }();
  (void)init;
  return r;
}

}  // namespace

void register_allocator(Device::Type type, Allocator* allocator) {
  auto& r = registry();
  std::lock_guard<ProcessMutex> lock(r.mu);
  r.allocators.at(static_cast<size_t>(type)) = allocator;
}

Allocator& get_allocator(Device::Type type) {
  auto& r = registry();
  std::lock_guard<ProcessMutex> lock(r.mu);
  Allocator* a = r.allocators.at(static_cast<size_t>(type));
  FK_CHECK(a != nullptr, ErrorCode::kDeviceUnavailable, "no memory allocator for device type '",
           device_type_name(type), "' in this build (no GPU support is available here)");
  return *a;
}

void copy_bytes(void* dst, const Device& dst_device, const void* src, const Device& src_device,
                size_t nbytes) {
  if (nbytes == 0) return;
  FK_CHECK_ARG(dst != nullptr && src != nullptr, "copy_bytes: null pointer (dst=", dst,
               ", src=", src, ")");
  if (dst_device.is_cpu() && src_device.is_cpu()) {
    std::memmove(dst, src, nbytes);
    return;
  }
  FK_THROW(ErrorCode::kDeviceUnavailable, "cannot copy from ", src_device.str(), " to ",
           dst_device.str(), ": no device copier in this build (only cpu memory is supported)");
}

}  // namespace framekit
