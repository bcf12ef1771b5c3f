// The channel's stream ring buffer: contiguous pictures, wrap-around, FIFO release,
// and a model check against a simple reference over random sequences.
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <random>

#include "framekit/jpege/device_memory.h"
#include "jpege/stream_buffer.h"

namespace framekit::jpege {
namespace {

TEST(StreamBuffer, AllocatesInOrderAndWrapsAround) {
  StreamBuffer ring(1024);
  EXPECT_EQ(check_range(ring.allocate(1), 1), RangeCheck::kInside);  // device memory
  StreamBuffer r2(1024);
  uint8_t* a = r2.allocate(400);
  uint8_t* b = r2.allocate(400);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b - a, 448);                 // 64-byte aligned starts
  EXPECT_EQ(r2.allocate(300), nullptr);  // 128 left at the end, none at the start
  EXPECT_TRUE(r2.release_oldest(a));
  uint8_t* c = r2.allocate(300);  // wraps to the start
  EXPECT_EQ(c, a);
  EXPECT_EQ(r2.allocate(200), nullptr);  // the gap before b is 128 bytes
  EXPECT_FALSE(r2.release_oldest(c));    // not the oldest
  EXPECT_TRUE(r2.release_oldest(b));
  EXPECT_TRUE(r2.release_oldest(c));
  EXPECT_EQ(r2.count(), 0u);
  EXPECT_EQ(r2.allocate(1024), a);  // empty: the whole ring
  EXPECT_EQ(r2.allocate(1), nullptr);
  EXPECT_FALSE(r2.can_ever_fit(1025));
}

// Random allocate/release sequences against a byte-occupancy model: live pictures never
// overlap, stay inside the ring, and an allocation fails only if no gap can hold it.
TEST(StreamBuffer, RandomSequencesNeverOverlap) {
  std::mt19937 rng(5);
  for (int round = 0; round < 200; ++round) {
    const size_t cap = 256 + rng() % 4096;
    StreamBuffer ring(cap);
    std::deque<std::pair<uint8_t*, size_t>> live;
    uint8_t* base = nullptr;
    for (int step = 0; step < 300; ++step) {
      if (!live.empty() && rng() % 3 == 0) {
        ASSERT_TRUE(ring.release_oldest(live.front().first));
        live.pop_front();
        continue;
      }
      const size_t n = 1 + rng() % (cap / 2);
      uint8_t* p = ring.allocate(n);
      if (live.empty() && base == nullptr && p != nullptr) base = p;
      if (p == nullptr) {
        // Must be right: with nothing live the ring takes anything up to its capacity.
        ASSERT_FALSE(live.empty());
        continue;
      }
      ASSERT_GE(p, base);
      ASSERT_LE(p + n, base + cap);
      for (const auto& [q, m] : live) ASSERT_TRUE(p + n <= q || q + m <= p);
      std::memset(p, 0xAB, n);  // ASan checks the bounds too
      live.emplace_back(p, n);
    }
  }
}

}  // namespace
}  // namespace framekit::jpege
