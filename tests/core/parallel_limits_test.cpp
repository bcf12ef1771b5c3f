// set_num_threads bounds (issue 23, finding 11): the pool's threads live until exit, so a
// count of a million must be refused, not honoured by spawning workers.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "framekit/core/error.h"
#include "framekit/core/parallel.h"

using namespace framekit;

TEST(ParallelLimits, RejectsCountsOutsideOneToMax) {
  const int saved = get_num_threads();
  for (int n : {0, -1, kMaxNumThreads + 1, 1000000}) {
    try {
      set_num_threads(n);
      ADD_FAILURE() << n << " threads accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      const std::string msg = e.what();
      EXPECT_NE(msg.find(std::to_string(n)), std::string::npos) << msg;
      EXPECT_NE(msg.find("1 to " + std::to_string(kMaxNumThreads)), std::string::npos) << msg;
    }
    EXPECT_EQ(get_num_threads(), saved);
  }
}

TEST(ParallelLimits, AcceptsOneToMaxAndDefaultIsInRange) {
  const int saved = get_num_threads();
  EXPECT_GE(saved, 1);
  EXPECT_LE(saved, kMaxNumThreads);
  for (int n : {1, 2, kMaxNumThreads}) {
    set_num_threads(n);
    EXPECT_EQ(get_num_threads(), n);
  }
  set_num_threads(3);
  std::atomic<int64_t> sum{0};
  parallel_for(0, 100, 1, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) sum += i;
  });
  EXPECT_EQ(sum.load(), 4950);
  set_num_threads(saved);
}
