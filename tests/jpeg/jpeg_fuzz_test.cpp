// The fuzz target's randomized driver: random byte strings through fuzz_one for a
// short time budget (FRAMEKIT_JPEG_FUZZ_SECONDS, default 2) so it runs in every CI.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "testing/jpeg_fuzz.h"

namespace framekit::jpeg {
namespace {

TEST(JpegFuzz, RandomParametersAndSizes) {
  const char* env = std::getenv("FRAMEKIT_JPEG_FUZZ_SECONDS");
  const double budget = env ? std::atof(env) : 2.0;
  std::mt19937 rng(20240607);
  const auto start = std::chrono::steady_clock::now();
  int cases = 0;
  while (cases < 50 ||
         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < budget) {
    std::vector<uint8_t> bytes(rng() % 96);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    testing::fuzz_one(bytes.data(), bytes.size());
    ++cases;
  }
  RecordProperty("cases", cases);
}

}  // namespace
}  // namespace framekit::jpeg
