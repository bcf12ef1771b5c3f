#include "framekit/jpege/device_memory.h"

#include <sys/uio.h>
#include <unistd.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <sstream>
#include <utility>

#include "framekit/core/fork_safe.h"
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
  bool freed = false;          // freed by its owner; the memory stays while pinned or held
  bool in_quarantine = false;  // freed and held back (see kQuarantineBytes)
};

using BlockMap = std::map<uintptr_t, Block>;

// Where a range falls among the blocks (the registry's lock held).
struct Lookup {
  RangeCheck result = RangeCheck::kUntracked;
  BlockMap::const_iterator block;  // the block the range starts in or at the end of, or
                                   // the one it reaches into; end() for none
  enum class Why { kNone, kPastEnd, kAtEnd, kIntoBlock, kFreed } why = Why::kNone;
};

// The machine's physical memory, the most one block can hold (less the guard).
size_t max_block_bytes() {
  static const size_t bytes = [] {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0) return SIZE_MAX - kBlockGuard;
    const unsigned __int128 total = static_cast<unsigned __int128>(pages) * page;
    return total >= SIZE_MAX - kBlockGuard ? SIZE_MAX - kBlockGuard : static_cast<size_t>(total);
  }();
  return bytes;
}

class Registry {
 public:
  // Never destroyed: engines and bindings may free blocks during static destruction.
  static Registry& instance() {
    static Registry* registry = new Registry();
    return *registry;
  }

  void* allocate(size_t size, MemKind kind) {
    JPEGE_CHECK(size > 0, kErrSysIllegalParam, "device memory: size 0 requested");
    // The emulated device's memory is this machine's: a block larger than all of it
    // cannot be had, and asking the allocator for it anyway would trip the sanitizers'
    // size limit (or overcommit) rather than fail cleanly.
    JPEGE_CHECK(size <= max_block_bytes(), kErrSysNoMem, "device memory: cannot allocate ", size,
                " bytes (the machine has ", max_block_bytes(), ")");
    Storage storage;
    for (int attempt = 0; !storage; ++attempt) {
      try {
        // The guard after the block is the block's own: no other allocation can start at
        // (or just after) its end, whatever the allocator (TSan's and others place chunks
        // back to back), so a range starting there is known to have run off this block.
        storage.reset(new (std::align_val_t(kDeviceMemAlign)) uint8_t[size + kBlockGuard]);
      } catch (const std::bad_alloc&) {
        // Memory held back for use-after-free checks is the first to give up.
        JPEGE_CHECK(attempt == 0 && drain_quarantine(), kErrSysNoMem,
                    "device memory: cannot allocate ", size, " bytes");
      }
    }
    uint8_t* p = storage.get();
    std::lock_guard<ProcessMutex> lock(mu_);
    blocks_[reinterpret_cast<uintptr_t>(p)] =
        Block{std::move(storage), size, kind, 0, false, false};
    live_bytes_ += size;
    return p;
  }

  void free(void* ptr, MemKind kind) {
    JPEGE_CHECK(ptr != nullptr, kErrSysNullPtr, "device memory: free of a null pointer");
    std::vector<Storage> doomed;  // released after the lock
    std::lock_guard<ProcessMutex> lock(mu_);
    auto it = blocks_.find(reinterpret_cast<uintptr_t>(ptr));
    JPEGE_CHECK(it != blocks_.end() && !it->second.freed, kErrSysIllegalParam,
                "device memory: ", ptr,
                " is not the start of a live block (never allocated, or freed twice)");
    JPEGE_CHECK(it->second.kind == kind, kErrSysIllegalParam, "device memory: ", ptr,
                " was allocated as ", kind_name(it->second.kind), " memory, not ", kind_name(kind));
    it->second.freed = true;
    live_bytes_ -= it->second.size;
    if (it->second.pins == 0) retire(it, doomed);  // else the last unpin retires it
  }

  RangeCheck check(const void* ptr, size_t bytes, MemKind* kind) const noexcept {
    std::lock_guard<ProcessMutex> lock(mu_);
    const Lookup l = lookup(reinterpret_cast<uintptr_t>(ptr), bytes);
    if (kind && l.block != blocks_.end()) *kind = l.block->second.kind;
    return l.result;
  }

  std::string describe(const void* ptr, size_t bytes) const {
    std::lock_guard<ProcessMutex> lock(mu_);
    const Lookup l = lookup(reinterpret_cast<uintptr_t>(ptr), bytes);
    if (l.result != RangeCheck::kOverflow) return {};
    const void* start = reinterpret_cast<const void*>(l.block->first);
    const size_t size = l.block->second.size;
    const uintptr_t a = reinterpret_cast<uintptr_t>(ptr);
    std::ostringstream s;
    s << bytes << " bytes at " << ptr;
    switch (l.why) {
      case Lookup::Why::kPastEnd:
        s << " run " << bytes - (size - (a - l.block->first)) << " bytes past the end of the "
          << size << "-byte block at " << start;
        break;
      case Lookup::Why::kAtEnd:
        if (a - l.block->first == size) {
          s << " start at the end of the " << size << "-byte block at " << start;
        } else {
          s << " start " << a - l.block->first - size << " bytes past the end of the " << size
            << "-byte block at " << start;
        }
        break;
      case Lookup::Why::kIntoBlock:
        s << " reach into the " << size << "-byte block at " << start;
        break;
      case Lookup::Why::kFreed:
        s << " lie in the freed " << size << "-byte block at " << start;
        break;
      case Lookup::Why::kNone:
        break;
    }
    return s.str();
  }

  RangeCheck pin(const void* ptr, size_t bytes, uintptr_t* block) noexcept {
    std::lock_guard<ProcessMutex> lock(mu_);
    const Lookup l = lookup(reinterpret_cast<uintptr_t>(ptr), bytes);
    if (l.result == RangeCheck::kInside || l.why == Lookup::Why::kFreed) {
      auto it = blocks_.find(l.block->first);
      ++it->second.pins;
      *block = it->first;
    }
    return l.result;
  }

  void unpin(uintptr_t block) noexcept {
    std::vector<Storage> doomed;
    std::lock_guard<ProcessMutex> lock(mu_);
    auto it = blocks_.find(block);
    if (it == blocks_.end()) return;
    if (--it->second.pins == 0 && it->second.freed) retire(it, doomed);
  }

  size_t live_blocks() const noexcept {
    std::lock_guard<ProcessMutex> lock(mu_);
    size_t n = 0;
    for (const auto& [addr, b] : blocks_) n += b.freed ? 0 : 1;
    return n;
  }
  size_t live_bytes() const noexcept {
    std::lock_guard<ProcessMutex> lock(mu_);
    return live_bytes_;
  }

 private:
  static const char* kind_name(MemKind k) {
    return k == MemKind::kDevice ? "device" : k == MemKind::kHost ? "host" : "internal";
  }

  // All arithmetic is on offsets from a block's start, so no sum can wrap.
  Lookup lookup(uintptr_t a, size_t bytes) const {
    Lookup l;
    l.block = blocks_.end();
    // The block starting at or before a: if one starts exactly at a, that is the one (a
    // neighbour that begins right at the end of another block owns its first byte).
    auto next = blocks_.upper_bound(a);
    if (next != blocks_.begin()) {
      const auto prev = std::prev(next);
      const uintptr_t offset = a - prev->first;
      const Block& b = prev->second;
      if (offset - b.size < kBlockGuard || offset < b.size) {  // the block or its guard
        l.block = prev;
        if (b.freed) {
          l.result = RangeCheck::kOverflow;
          l.why = Lookup::Why::kFreed;
        } else if (offset <= b.size && bytes <= b.size - offset) {
          l.result = RangeCheck::kInside;  // includes an empty range at the very end
        } else {
          l.result = RangeCheck::kOverflow;
          l.why = offset >= b.size ? Lookup::Why::kAtEnd : Lookup::Why::kPastEnd;
        }
        return l;
      }
    }
    // Outside every block: the caller's memory, as long as it stays outside.
    if (next != blocks_.end() && next->first - a < bytes) {
      l.block = next;
      l.result = RangeCheck::kOverflow;
      l.why = next->second.freed ? Lookup::Why::kFreed : Lookup::Why::kIntoBlock;
    }
    return l;
  }

  // A freed, unpinned block: held back in the quarantine, or returned at once when it
  // is larger than the whole quarantine.
  void retire(BlockMap::iterator it, std::vector<Storage>& doomed) {
    Block& b = it->second;
    if (b.in_quarantine) return;  // pinned again while held back; still there
    if (b.size > kQuarantineBytes) {
      doomed.push_back(std::move(b.storage));
      blocks_.erase(it);
      return;
    }
    b.in_quarantine = true;
    quarantine_.push_back(it->first);
    quarantine_bytes_ += b.size;
    while (quarantine_bytes_ > kQuarantineBytes || quarantine_.size() > kQuarantineBlocks) {
      evict_oldest(doomed);
    }
  }

  void evict_oldest(std::vector<Storage>& doomed) {
    auto it = blocks_.find(quarantine_.front());
    quarantine_.pop_front();
    Block& b = it->second;
    b.in_quarantine = false;
    quarantine_bytes_ -= b.size;
    if (b.pins > 0) return;  // pinned while held back: its last unpin retires it again
    doomed.push_back(std::move(b.storage));
    blocks_.erase(it);
  }

  bool drain_quarantine() {
    std::vector<Storage> doomed;
    std::lock_guard<ProcessMutex> lock(mu_);
    while (!quarantine_.empty()) evict_oldest(doomed);
    return !doomed.empty();
  }

  mutable ProcessMutex mu_;
  BlockMap blocks_;
  size_t live_bytes_ = 0;
  std::deque<uintptr_t> quarantine_;  // oldest first
  size_t quarantine_bytes_ = 0;
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

bool host_memory_accessible(const void* ptr, size_t bytes, bool write) noexcept {
  if (bytes == 0) return true;
  const uintptr_t start = reinterpret_cast<uintptr_t>(ptr);
  if (start == 0 || bytes - 1 > UINTPTR_MAX - start) return false;
  const uintptr_t last = start + (bytes - 1);
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  // One byte of every page the range touches, in batches of kBatch iovecs.
  constexpr size_t kBatch = 512;
  uint8_t scratch[kBatch];
  iovec local[kBatch], remote[kBatch];
  uintptr_t a = start;
  while (true) {
    size_t n = 0;
    for (; n < kBatch; ++n) {
      local[n] = {&scratch[n], 1};
      remote[n] = {reinterpret_cast<void*>(a), 1};
      const uintptr_t next = (a | (page - 1)) + 1;  // the next page's start
      if (next == 0 || next > last) {
        ++n;
        a = 0;
        break;
      }
      a = next;
    }
    const ssize_t got = ::process_vm_readv(::getpid(), local, n, remote, n, 0);
    if (got != static_cast<ssize_t>(n)) return false;
    if (write && ::process_vm_writev(::getpid(), local, n, remote, n, 0) != static_cast<ssize_t>(n)) {
      return false;
    }
    if (a == 0) return true;
  }
}

std::string describe_range(const void* ptr, size_t bytes) {
  return Registry::instance().describe(ptr, bytes);
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
  if (block != 0) blocks_.push_back(block);
  return r;
}

void MemoryPins::reset() noexcept {
  for (uintptr_t b : blocks_) Registry::instance().unpin(b);
  blocks_.clear();
}

}  // namespace framekit::jpege
