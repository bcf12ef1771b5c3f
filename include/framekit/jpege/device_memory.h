// "Device" memory of the JPEGE engine: the hardware's dvpp_malloc/dvpp_free and the
// runtime's host/device allocations, done in host RAM. Every block is aligned and
// tracked, so the engine and the C/Python bindings can check that an address range lies
// inside a live block (a copy or a frame that runs past its block is an error, not a
// crash), and freeing an unknown pointer is an error.
//
// A block that the engine is still reading (a queued input frame) or writing (an output
// buffer) is pinned: freeing it succeeds, but the memory is returned only when the last
// pin goes, so an early free cannot crash the encoder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace framekit::jpege {

enum class MemKind : uint8_t {
  kDevice,    // dvpp_malloc / acl.rt.malloc
  kHost,      // acl.rt.malloc_host
  kInternal,  // the engine's own stream buffers (readable as device memory, not freeable)
};

inline constexpr size_t kDeviceMemAlign = 128;

// Throws JpegeError(kErrSysIllegalParam) for size 0, (kErrSysNoMem) when out of memory.
void* device_malloc(size_t size, MemKind kind = MemKind::kDevice);
// Throws JpegeError(kErrSysNullPtr) for null, (kErrSysIllegalParam) for a pointer that is
// not the start of a live block of that kind (unknown, freed twice, or another kind).
void device_free(void* ptr, MemKind kind = MemKind::kDevice);

enum class RangeCheck : uint8_t {
  kUntracked,  // the range starts outside every block (caller's own memory)
  kInside,     // wholly inside one live block
  kOverflow,   // starts inside a block but runs past its end
};
RangeCheck check_range(const void* ptr, size_t bytes, MemKind* kind = nullptr) noexcept;

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

  // Pins the block that holds [ptr, ptr + bytes). Returns kOverflow (and pins nothing)
  // when the range runs past its block; kUntracked for memory outside every block.
  RangeCheck add(const void* ptr, size_t bytes);
  void reset() noexcept;  // unpins (and frees blocks freed while pinned)

 private:
  std::vector<uintptr_t> blocks_;  // start addresses of pinned blocks
};

}  // namespace framekit::jpege
