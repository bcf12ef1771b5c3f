// Runs fn once per Highway target this machine supports (AVX3_DL and SCALAR included),
// with that target forced and named in a SCOPED_TRACE; resets dispatch afterwards.
// Every kernel file and test is built with the same target set (HWY_WANT_AVX3_DL is
// defined project-wide), so every kernel has a variant for each target listed.
#pragma once

#include <functional>

namespace framekit::test {

void for_each_target(const std::function<void(const char*)>& fn);

}  // namespace framekit::test
