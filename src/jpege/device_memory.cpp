#include "framekit/jpege/device_memory.h"

#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <utility>

#include "framekit/jpege/errors.h"

namespace framekit::jpege {
namespace {

struct AlignedDelete {
  void operator()(uint8_t* p) const noexcept {
    ::operator delete[](p, std::align_val_t(kDeviceMemAlign));
  }
};
using Storage = std::unique_ptr<uint8_t[], AlignedDelete>;

struct Block {
  Storage storage;
  size_t size = 0;
  MemKind kind = MemKind::kDevice;
  int pins = 0;
  bool freed = false;  // freed by its owner while pinned: goes when the last pin goes
};

class Registry {
 public:
  // Never destroyed: engines and bindings may free blocks during static destruction.
  static Registry& instance() {
    static Registry* registry = new Registry();
    return *registry;
  }

  void* allocate(size_t size, MemKind kind) {
    JPEGE_CHECK(size > 0, kErrSysIllegalParam, "device memory: size 0 requested");
    Storage storage;
    try {
      storage.reset(new (std::align_val_t(kDeviceMemAlign)) uint8_t[size]);
    } catch (const std::bad_alloc&) {
      JPEGE_THROW(kErrSysNoMem, "device memory: cannot allocate ", size, " bytes");
    }
    uint8_t* p = storage.get();
    std::lock_guard<std::mutex> lock(mu_);
    blocks_[reinterpret_cast<uintptr_t>(p)] = Block{std::move(storage), size, kind, 0, false};
    live_bytes_ += size;
    return p;
  }

  void free(void* ptr, MemKind kind) {
    JPEGE_CHECK(ptr != nullptr, kErrSysNullPtr, "device memory: free of a null pointer");
    Storage doomed;  // released after the lock
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = blocks_.find(reinterpret_cast<uintptr_t>(ptr));
      JPEGE_CHECK(it != blocks_.end() && !it->second.freed, kErrSysIllegalParam,
                  "device memory: ", ptr,
                  " is not the start of a live block (never allocated, or freed twice)");
      JPEGE_CHECK(it->second.kind == kind, kErrSysIllegalParam, "device memory: ", ptr,
                  " was allocated as ", kind_name(it->second.kind), " memory, not ",
                  kind_name(kind));
      if (it->second.pins > 0) {
        it->second.freed = true;  // the engine still uses it
        return;
      }
      live_bytes_ -= it->second.size;
      doomed = std::move(it->second.storage);
      blocks_.erase(it);
    }
  }

  RangeCheck check(const void* ptr, size_t bytes, MemKind* kind) const noexcept {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = find_holder(reinterpret_cast<uintptr_t>(ptr));
    if (it == blocks_.end()) return RangeCheck::kUntracked;
    if (kind) *kind = it->second.kind;
    const uintptr_t offset = reinterpret_cast<uintptr_t>(ptr) - it->first;
    return bytes <= it->second.size - offset ? RangeCheck::kInside : RangeCheck::kOverflow;
  }

  RangeCheck pin(const void* ptr, size_t bytes, uintptr_t* block) noexcept {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = find_holder(reinterpret_cast<uintptr_t>(ptr));
    if (it == blocks_.end()) return RangeCheck::kUntracked;
    const uintptr_t offset = reinterpret_cast<uintptr_t>(ptr) - it->first;
    if (bytes > it->second.size - offset) return RangeCheck::kOverflow;
    ++it->second.pins;
    *block = it->first;
    return RangeCheck::kInside;
  }

  void unpin(uintptr_t block) noexcept {
    Storage doomed;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = blocks_.find(block);
    if (it == blocks_.end()) return;
    if (--it->second.pins == 0 && it->second.freed) {
      live_bytes_ -= it->second.size;
      doomed = std::move(it->second.storage);
      blocks_.erase(it);
    }
  }

  size_t live_blocks() const noexcept {
    std::lock_guard<std::mutex> lock(mu_);
    size_t n = 0;
    for (const auto& [addr, b] : blocks_) n += b.freed ? 0 : 1;
    return n;
  }
  size_t live_bytes() const noexcept {
    std::lock_guard<std::mutex> lock(mu_);
    return live_bytes_;
  }

 private:
  static const char* kind_name(MemKind k) {
    return k == MemKind::kDevice ? "device" : k == MemKind::kHost ? "host" : "internal";
  }

  // The live block whose [start, start + size) holds addr (a zero-length range at the
  // very end of a block counts as inside it).
  std::map<uintptr_t, Block>::const_iterator find_holder(uintptr_t addr) const {
    auto it = blocks_.upper_bound(addr);
    if (it == blocks_.begin()) return blocks_.end();
    --it;
    if (it->second.freed || addr - it->first >= it->second.size) return blocks_.end();
    return it;
  }
  std::map<uintptr_t, Block>::iterator find_holder(uintptr_t addr) {
    auto cit = std::as_const(*this).find_holder(addr);
    return cit == blocks_.cend() ? blocks_.end() : blocks_.find(cit->first);
  }

  mutable std::mutex mu_;
  std::map<uintptr_t, Block> blocks_;
  size_t live_bytes_ = 0;
};

}  // namespace

void* device_malloc(size_t size, MemKind kind) {
  return Registry::instance().allocate(size, kind);
}

void device_free(void* ptr, MemKind kind) {
  Registry::instance().free(ptr, kind);
}

RangeCheck check_range(const void* ptr, size_t bytes, MemKind* kind) noexcept {
  return Registry::instance().check(ptr, bytes, kind);
}

size_t live_device_blocks() noexcept {
  return Registry::instance().live_blocks();
}
size_t live_device_bytes() noexcept {
  return Registry::instance().live_bytes();
}

MemoryPins::MemoryPins(MemoryPins&& other) noexcept : blocks_(std::move(other.blocks_)) {
  other.blocks_.clear();
}

MemoryPins& MemoryPins::operator=(MemoryPins&& other) noexcept {
  if (this != &other) {
    reset();
    blocks_ = std::move(other.blocks_);
    other.blocks_.clear();
  }
  return *this;
}

RangeCheck MemoryPins::add(const void* ptr, size_t bytes) {
  uintptr_t block = 0;
  const RangeCheck r = Registry::instance().pin(ptr, bytes, &block);
  if (r == RangeCheck::kInside) blocks_.push_back(block);
  return r;
}

void MemoryPins::reset() noexcept {
  for (uintptr_t b : blocks_) Registry::instance().unpin(b);
  blocks_.clear();
}

}  // namespace framekit::jpege
