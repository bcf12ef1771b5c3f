// libFuzzer entry for the JPEG encoder (parameters, formats, sizes, strides, pixels).
// CI runs the same cases through tests/jpeg/jpeg_fuzz_test.cpp; for a long fuzzing
// session build this with clang (from the worktree, after a release build):
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -DFRAMEKIT_VERSION=\"fuzz\" \
//     -Iinclude -Isrc \
//     -Itests/jpeg tests/jpeg/fuzz/jpeg_fuzz_target.cpp src/core/*.cpp src/pixel/*.cpp \
//     src/frame/*.cpp src/jpeg/*.cpp -lhwy -lturbojpeg -o /tmp/jpeg_fuzz
//   /tmp/jpeg_fuzz -max_total_time=600
#include <cstddef>
#include <cstdint>

#include "jpeg_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  framekit::jpeg::testing::fuzz_one(data, size);
  return 0;
}
