// Which SIMD kernels run: the one process-wide switch.
//
// Every SIMD kernel of color, geometry and jpeg has a plain scalar twin that computes the
// same bytes; the SIMD version is compiled for several targets (AVX-512, AVX2, SSE4 …)
// and the best one this CPU supports runs by default. Tests and users can force the
// scalar twins or one target, here or with the environment variable FRAMEKIT_SIMD
// (read when the library first picks kernels, e.g. FRAMEKIT_SIMD=scalar).
//
// Each operation picks its kernels when it starts, so a switch takes effect from the next
// operation. It is meant for tests, benchmarks and debugging: switch between operations,
// not while conversions or encodes run (every target computes the same bytes, so an
// operation that straddles a switch still gives the same result).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace framekit {

// "auto" (the best target this CPU supports), "scalar" (the scalar twins), or one of
// available_simd_targets() ("avx3_dl", "avx3", "avx2", "sse4" …; any letter case).
// Throws Error(kInvalidArgument) for a target this build or this CPU does not have.
void set_simd_target(std::string_view target);
// The kernels that run now: "scalar" or the target's name, e.g. "avx2".
std::string simd_target();
// The targets set_simd_target accepts besides "auto": the SIMD targets compiled into the
// library that this CPU supports, best first, then "scalar".
std::vector<std::string> available_simd_targets();

}  // namespace framekit
