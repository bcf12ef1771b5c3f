// What this build of framekit can do on this machine.
#pragma once

#include <string>

namespace framekit {

std::string version();
// The SIMD targets and the one that runs: framekit/core/simd.h.

}  // namespace framekit
