#include "framekit/core/allocator.h"

#include <malloc.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "framekit/core/error.h"
#include "framekit/core/fork_safe.h"

namespace framekit {
namespace {

// Large blocks freed lately, kept for the next allocation they fit. A video or camera
// loop allocates one frame-sized buffer per frame (reformat, a NumPy array per frame);
// freed, such a block goes back to the kernel, and the next one arrives as fresh pages
// that are faulted in and zeroed on first write, which for a 1080p RGB frame costs
// about as much as the color conversion that fills it. Sanitizer builds keep nothing,
// so that a use after free is still caught.
class BlockCache {
 public:
  static constexpr size_t kMinBytes = size_t{1} << 20;  // smaller blocks: malloc's own bins
  static constexpr size_t kMaxBlocks = 4;
  static constexpr size_t kMaxTotalBytes = size_t{128} << 20;

  // A kept block of at least nbytes at the alignment, not much larger; or nullptr.
  void* take(size_t nbytes, size_t alignment) {
    if (!kEnabled || nbytes < kMinBytes) return nullptr;
    std::lock_guard<ProcessMutex> lock(mu_);
    for (size_t i = 0; i < count_; ++i) {
      const Block b = blocks_[i];
      const bool fits = b.usable >= nbytes && b.usable - nbytes <= nbytes / 8 &&
                        reinterpret_cast<uintptr_t>(b.ptr) % alignment == 0;
      if (!fits) continue;
      blocks_[i] = blocks_[--count_];
      total_ -= b.usable;
      return b.ptr;
    }
    return nullptr;
  }

  // Keeps a freed block (true) or leaves it to the caller to free (false). When full,
  // the oldest block goes back to malloc.
  bool keep(void* ptr) {
    if (!kEnabled || ptr == nullptr) return false;
    const size_t usable = malloc_usable_size(ptr);
    if (usable < kMinBytes || usable > kMaxTotalBytes) return false;
    void* evicted[kMaxBlocks] = {};
    size_t n_evicted = 0;
    {
      std::lock_guard<ProcessMutex> lock(mu_);
      while (count_ > 0 && (count_ == kMaxBlocks || total_ + usable > kMaxTotalBytes)) {
        evicted[n_evicted++] = blocks_[0].ptr;
        total_ -= blocks_[0].usable;
        std::memmove(&blocks_[0], &blocks_[1], (count_ - 1) * sizeof(Block));
        --count_;
      }
      blocks_[count_++] = Block{ptr, usable};
      total_ += usable;
    }
    for (size_t i = 0; i < n_evicted; ++i) std::free(evicted[i]);
    return true;
  }

  size_t kept_bytes() {
    std::lock_guard<ProcessMutex> lock(mu_);
    return total_;
  }

  void release_all() {
    std::lock_guard<ProcessMutex> lock(mu_);
    for (size_t i = 0; i < count_; ++i) std::free(blocks_[i].ptr);
    count_ = 0;
    total_ = 0;
  }

 private:
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  static constexpr bool kEnabled = false;
#else
  static constexpr bool kEnabled = true;
#endif
  struct Block {
    void* ptr;
    size_t usable;
  };
  ProcessMutex mu_;
  std::array<Block, kMaxBlocks> blocks_{};  // oldest first
  size_t count_ = 0;
  size_t total_ = 0;
};

BlockCache& block_cache() {
  static BlockCache& c = *new BlockCache();  // leaked: fork hooks use its lock
  return c;
}

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
    void* p = block_cache().take(rounded, alignment);
    if (p == nullptr) p = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
    FK_CHECK(p != nullptr, ErrorCode::kOutOfMemory, "cpu allocation of ", nbytes, " bytes failed");
    return p;
  }
  void deallocate(void* ptr, int /*device_index*/) noexcept override {
    if (!block_cache().keep(ptr)) std::free(ptr);
  }
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

size_t cpu_block_cache_bytes() {
  return block_cache().kept_bytes();
}

void release_cpu_block_cache() {
  block_cache().release_all();
}

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
