// Forcing kernels in tests, through the library's one process-wide SIMD switch
// (framekit/core/simd.h).
//
// for_each_target runs fn once per SIMD target this build and CPU have (AVX3_DL …
// EMU128; every kernel file and test is built with the same target set, as
// HWY_WANT_AVX3_DL is defined project-wide), with that target forced and named in a
// SCOPED_TRACE, and restores the previous setting afterwards. ScopedSimdTarget forces
// one target, or "scalar" for the scalar twins, for its lifetime, and then restores
// what was set before (so it nests inside for_each_target).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace framekit::test {

void for_each_target(const std::function<void(const char*)>& fn);

class ScopedSimdTarget {
 public:
  explicit ScopedSimdTarget(const std::string& target);
  ~ScopedSimdTarget();
  ScopedSimdTarget(const ScopedSimdTarget&) = delete;
  ScopedSimdTarget& operator=(const ScopedSimdTarget&) = delete;

 private:
  std::string previous_;
};

// Runs f with `target` forced ("scalar": the scalar twins).
template <class F>
void with_simd_target(const std::string& target, F&& f) {
  ScopedSimdTarget forced(target);
  f();
}

// The table a kernel family's accessor hands out with `target` forced (tables live for
// the whole process, so the reference stays valid after the switch moves on).
template <class Accessor>
decltype(auto) kernels_for(const std::string& target, Accessor accessor) {
  ScopedSimdTarget forced(target);
  return accessor();
}

// The tables the accessor hands out with each SIMD target forced in turn (each checked
// to name its target), best first.
template <class Accessor>
auto kernels_by_target(Accessor accessor) {
  using Table = std::remove_cv_t<std::remove_reference_t<decltype(accessor())>>;
  std::vector<const Table*> out;
  for_each_target([&](const char* target) {
    const Table& k = accessor();
    EXPECT_EQ(std::string(k.target), target);
    out.push_back(&k);
  });
  return out;
}

}  // namespace framekit::test
