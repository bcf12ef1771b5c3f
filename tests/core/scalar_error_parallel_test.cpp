#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/core/parallel.h"
#include "framekit/core/scalar_type.h"

using namespace framekit;

TEST(ScalarType, SizesNamesAndParsing) {
  EXPECT_EQ(scalar_size(kUInt8), 1u);
  EXPECT_EQ(scalar_size(kFloat16), 2u);
  EXPECT_EQ(scalar_size(kInt64), 8u);
  for (auto t : {kUInt8, kInt8, kUInt16, kInt16, kInt32, kInt64, kFloat16, kFloat32, kFloat64})
    EXPECT_EQ(parse_scalar_type(scalar_name(t)), t);
  EXPECT_EQ(parse_scalar_type("half"), kFloat16);
  EXPECT_THROW(parse_scalar_type("complex64"), Error);
  EXPECT_TRUE(is_floating(kFloat16));
  EXPECT_FALSE(is_floating(kInt32));
}

// float ↔ half against the hardware-independent definition: every half value maps
// back to itself, and rounding is to nearest even.
TEST(ScalarType, HalfConversionRoundTripsAllValues) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const auto bits = static_cast<uint16_t>(h);
    const float f = half_bits_to_float(bits);
    if (std::isnan(f)) {
      EXPECT_TRUE(std::isnan(half_bits_to_float(float_to_half_bits(f))));
      continue;
    }
    EXPECT_EQ(float_to_half_bits(f), bits) << std::hex << h;
  }
  EXPECT_EQ(half_bits_to_float(float_to_half_bits(1.0f)), 1.0f);
  EXPECT_EQ(float_to_half_bits(65520.0f), 0x7C00);   // rounds up to infinity
  EXPECT_EQ(float_to_half_bits(65519.0f), 0x7BFF);   // largest finite
  EXPECT_EQ(float_to_half_bits(1.0f + 1.0f / 2048), 0x3C00);  // tie → even
  EXPECT_EQ(float_to_half_bits(1.0f + 3.0f / 2048), 0x3C02);  // tie → even (up)
  EXPECT_EQ(half_bits_to_float(0x0001), std::ldexp(1.0f, -24));
}

TEST(Error, CarriesCodeAndMessage) {
  try {
    FK_CHECK_ARG(1 + 1 == 3, "value ", 42, " is wrong (expected 3)");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_STREQ(e.what(), "value 42 is wrong (expected 3)");
  }
  EXPECT_EQ(error_code_name(ErrorCode::kTimeout), "timeout");
  EXPECT_NO_THROW(FK_CHECK(true, ErrorCode::kRuntime, "never"));
}

TEST(Parallel, CoversRangeExactlyOnce) {
  for (int threads : {1, 2, 4}) {
    set_num_threads(threads);
    std::vector<std::atomic<int>> hits(1000);
    parallel_for(0, 1000, 7, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) hits[i]++;
    });
    for (auto& h : hits) EXPECT_EQ(h.load(), 1);
  }
  set_num_threads(2);
}

TEST(Parallel, UsesSeveralThreadsAndNestsInline) {
  set_num_threads(2);
  std::mutex mu;
  std::set<std::thread::id> ids;
  std::atomic<int> inner{0};
  parallel_chunks(8, [&](int64_t) {
    {
      std::lock_guard<std::mutex> lock(mu);
      ids.insert(std::this_thread::get_id());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    parallel_for(0, 10, 1, [&](int64_t b, int64_t e) { inner += static_cast<int>(e - b); });
  });
  EXPECT_EQ(inner.load(), 80);
  EXPECT_GE(ids.size(), 1u);
}

TEST(Parallel, PropagatesExceptionsAndRejectsBadCounts) {
  set_num_threads(2);
  EXPECT_THROW(parallel_chunks(16, [](int64_t i) {
                 if (i == 5) FK_THROW(ErrorCode::kRuntime, "chunk 5 failed");
               }),
               Error);
  EXPECT_THROW(set_num_threads(0), Error);
  int calls = 0;
  parallel_for(5, 5, 1, [&](int64_t, int64_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}
