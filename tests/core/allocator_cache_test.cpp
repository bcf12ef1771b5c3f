// The CPU allocator's cache of large freed blocks (allocator.h): reuse of a block of
// the same size, no reuse for other sizes or alignments, its limits, and nothing kept
// in sanitizer builds.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "framekit/core/allocator.h"
#include "framekit/core/buffer.h"

using namespace framekit;

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kCaching = false;
#else
constexpr bool kCaching = true;
#endif

constexpr size_t kFrameBytes = 1920 * 1080 * 3;

}  // namespace

TEST(CpuBlockCache, AFreedFrameSizedBlockServesTheNextSameSizedAllocation) {
  release_cpu_block_cache();
  Allocator& cpu = get_allocator(Device::kCPU);
  void* first = cpu.allocate(kFrameBytes, 64, 0);
  std::memset(first, 7, kFrameBytes);
  cpu.deallocate(first, 0);
  EXPECT_EQ(cpu_block_cache_bytes() >= kFrameBytes, kCaching);
  void* second = cpu.allocate(kFrameBytes, 64, 0);
  EXPECT_EQ(second == first, kCaching);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(second) % 64, 0U);
  std::memset(second, 9, kFrameBytes);  // the whole size is usable
  EXPECT_EQ(cpu_block_cache_bytes(), 0U);
  cpu.deallocate(second, 0);
  release_cpu_block_cache();
  EXPECT_EQ(cpu_block_cache_bytes(), 0U);
}

TEST(CpuBlockCache, OtherSizesSmallBlocksAndStricterAlignmentsGetTheirOwnMemory) {
  release_cpu_block_cache();
  Allocator& cpu = get_allocator(Device::kCPU);
  void* big = cpu.allocate(kFrameBytes, 64, 0);
  cpu.deallocate(big, 0);
  // Twice the size: the kept block is too small. Half the size: too wasteful.
  void* larger = cpu.allocate(2 * kFrameBytes, 64, 0);
  void* smaller = cpu.allocate(kFrameBytes / 2, 64, 0);
  EXPECT_NE(larger, big);
  EXPECT_NE(smaller, big);
  std::memset(larger, 1, 2 * kFrameBytes);
  std::memset(smaller, 1, kFrameBytes / 2);
  cpu.deallocate(larger, 0);
  cpu.deallocate(smaller, 0);
  release_cpu_block_cache();
  // Small blocks are never kept.
  void* small = cpu.allocate(4096, 64, 0);
  cpu.deallocate(small, 0);
  EXPECT_EQ(cpu_block_cache_bytes(), 0U);
  // A block kept at 64-byte alignment serves a 1 MiB-aligned request only if it is so.
  void* a = cpu.allocate(kFrameBytes, 64, 0);
  cpu.deallocate(a, 0);
  void* b = cpu.allocate(kFrameBytes, size_t{1} << 20, 0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b) % (size_t{1} << 20), 0U);
  cpu.deallocate(b, 0);
  release_cpu_block_cache();
}

TEST(CpuBlockCache, KeepsAtMostFourBlocksAndFramesReuseThem) {
  release_cpu_block_cache();
  Allocator& cpu = get_allocator(Device::kCPU);
  std::vector<void*> blocks;
  for (int i = 0; i < 6; ++i) blocks.push_back(cpu.allocate(kFrameBytes + i * 4096, 64, 0));
  for (void* p : blocks) cpu.deallocate(p, 0);
  if (kCaching) {
    EXPECT_GE(cpu_block_cache_bytes(), 4 * kFrameBytes);
    EXPECT_LT(cpu_block_cache_bytes(), 5 * kFrameBytes);
  } else {
    EXPECT_EQ(cpu_block_cache_bytes(), 0U);
  }
  release_cpu_block_cache();
  // A buffer per frame, freed before the next: the same memory each time.
  const void* previous = nullptr;
  int reused = 0;
  for (int i = 0; i < 5; ++i) {
    auto buf = Buffer::allocate(kFrameBytes, Device());
    if (buf->data() == previous) ++reused;
    previous = buf->data();
  }
  if (kCaching) {
    EXPECT_EQ(reused, 4);
  }
  release_cpu_block_cache();
}
