// What this build of framekit can do on this machine.
#pragma once

#include <string>
#include <vector>

namespace framekit {

std::string version();
// SIMD targets compiled into the library that this CPU supports, best first
// (e.g. "AVX3_DL", "AVX3", "AVX2", "SSE4", "EMU128").
std::vector<std::string> simd_targets();
// The target runtime dispatch picks now.
std::string active_simd_target();

}  // namespace framekit
