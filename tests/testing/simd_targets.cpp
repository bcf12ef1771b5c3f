// See simd_targets.h.
#include "testing/simd_targets.h"

#include <gtest/gtest.h>

#include "framekit/core/simd.h"

namespace framekit::test {
namespace {

// What the tests last set ("auto" or a name), so that a scope can restore it.
std::string& setting() {
  static std::string s = "auto";
  return s;
}

void force(const std::string& target) {
  set_simd_target(target);
  setting() = target;
}

}  // namespace

void for_each_target(const std::function<void(const char*)>& fn) {
  const auto targets = available_simd_targets();
  ASSERT_GE(targets.size(), 2U) << "no SIMD target besides the scalar twins";
  ASSERT_EQ(targets.back(), "scalar");
  const std::string previous = setting();
  for (const std::string& t : targets) {
    if (t == "scalar") continue;
    force(t);
    SCOPED_TRACE(t);
    fn(t.c_str());
  }
  force(previous);
}

ScopedSimdTarget::ScopedSimdTarget(const std::string& target) : previous_(setting()) {
  force(target);
}
ScopedSimdTarget::~ScopedSimdTarget() { force(previous_); }

}  // namespace framekit::test
