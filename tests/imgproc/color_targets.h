// Runs fn once per Highway target this machine supports, AVX3_DL (AVX-512 VBMI, which
// the colour and chroma-grid kernels are built for) and SCALAR included, with that
// target forced and named in a SCOPED_TRACE; resets dispatch afterwards.
//
// Defined out of line in color_targets.cpp, the one file whose view of Highway's
// targets counts. An inline version would read the target set of each file including
// it, and files that do not want AVX3_DL (the geometry suites) would then share one
// definition with files that do, breaking the one definition rule.
#pragma once

#include <functional>

namespace framekit::test {

void for_each_color_target(const std::function<void(const char*)>& fn);

}  // namespace framekit::test
