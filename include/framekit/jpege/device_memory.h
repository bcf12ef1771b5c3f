// "Device" memory of the JPEGE engine: the hardware's dvpp_malloc/dvpp_free and the
// runtime's host/device allocations, done in host RAM. Every block is aligned and
// tracked, so the engine and the C/Python bindings can check that an address range lies
// inside a live block (a copy or a frame that runs past its block is an error, not a
// crash), and freeing an unknown pointer is an error.
//
// A block that the engine is still reading (a queued input frame) or writing (an output
// buffer) is pinned: freeing it succeeds, but the memory is returned only when the last
// pin goes, so an early free cannot crash the encoder.
//
// What an address means (check_range):
// - inside a live block: that block's memory; the range must end by the block's end;
// - at a live block's end or in the kBlockGuard bytes after it: only an empty range at
//   the very end is accepted. Every block is followed by a guard that belongs to it, so
//   no other allocation starts there (whatever the allocator: some place chunks back to
//   back); a range that starts there has run off the block, and accepting it as the
//   caller's own memory is how a frame used to be read past its block;
// - inside a freed block: refused. Freed blocks are kept aside for a while (the last
//   kQuarantineBytes of them) before their memory goes back to the system, so a use
//   after free is reported instead of reading memory that now belongs to someone else;
// - anywhere else: the caller's own memory (untracked, trusted as the SDK trusts host
//   pointers), unless the range reaches into a tracked block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace framekit::jpege {

enum class MemKind : uint8_t {
  kDevice,    // dvpp_malloc / acl.rt.malloc
  kHost,      // acl.rt.malloc_host
  kInternal,  // the engine's own stream buffers (readable as device memory, not freeable)
};

inline constexpr size_t kDeviceMemAlign = 128;
// Bytes after each block that the block owns (never handed out; see check_range).
inline constexpr size_t kBlockGuard = kDeviceMemAlign;
// Freed blocks whose memory is held back (newest first) so that their addresses stay
// recognisable as freed: at most this many bytes and blocks.
inline constexpr size_t kQuarantineBytes = size_t{64} << 20;
inline constexpr size_t kQuarantineBlocks = 64;

// Throws JpegeError(kErrSysIllegalParam) for size 0, (kErrSysNoMem) when out of memory.
void* device_malloc(size_t size, MemKind kind = MemKind::kDevice);
// Throws JpegeError(kErrSysNullPtr) for null, (kErrSysIllegalParam) for a pointer that is
// not the start of a live block of that kind (unknown, freed twice, or another kind).
void device_free(void* ptr, MemKind kind = MemKind::kDevice);

enum class RangeCheck : uint8_t {
  kUntracked,  // outside every block, and reaching none (the caller's own memory)
  kInside,     // wholly inside one live block
  kOverflow,   // not usable: runs past its block's end, starts at a block's end, reaches
               // into a block from outside, or lies in a freed block
};
// Never overflows, whatever ptr and bytes are.
RangeCheck check_range(const void* ptr, size_t bytes, MemKind* kind = nullptr) noexcept;
// Whether every page of [ptr, ptr + bytes) is mapped and readable (and, with `write`,
// writable) in this process, asked of the kernel (process_vm_readv/writev) rather than
// by touching it, so a wild pointer is an answer, not a crash. For untracked ranges
// that come in as integers or C pointers (the C ABI, pyACL); a range that another thread
// unmaps afterwards is beyond any check.
bool host_memory_accessible(const void* ptr, size_t bytes, bool write = false) noexcept;

// Why check_range refuses a range, for error messages ("" when it does not).
std::string describe_range(const void* ptr, size_t bytes);

// Live (not freed) blocks and their total bytes, for leak checks.
size_t live_device_blocks() noexcept;
size_t live_device_bytes() noexcept;

// RAII pin of the blocks that hold some ranges (ranges outside any block are ignored).
class MemoryPins {
 public:
  MemoryPins() = default;
  MemoryPins(MemoryPins&& other) noexcept;
  MemoryPins& operator=(MemoryPins&& other) noexcept;
  MemoryPins(const MemoryPins&) = delete;
  MemoryPins& operator=(const MemoryPins&) = delete;
  ~MemoryPins() { reset(); }

  // Checks [ptr, ptr + bytes) as check_range does, atomically with pinning its block:
  // kInside pins it; kUntracked pins nothing. kOverflow pins nothing, except a range in
  // a freed block whose memory is still there: that block is pinned anyway, so a caller
  // that races with the free (and ignores the result) never reads returned memory.
  RangeCheck add(const void* ptr, size_t bytes);
  void reset() noexcept;  // unpins (and frees blocks freed while pinned)

 private:
  std::vector<uintptr_t> blocks_;  // start addresses of pinned blocks
};

}  // namespace framekit::jpege
