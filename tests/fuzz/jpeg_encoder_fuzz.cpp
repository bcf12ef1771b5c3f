// The JPEG encoder's parameters (quality, restart interval, Huffman optimisation,
// subsampling, raw mode, threads, markers) with every input format, size, stride and
// caller buffer capacity: tests/testing/jpeg_fuzz.h's fuzz_one, which checks each JPEG
// with TurboJPEG. tests/jpeg/jpeg_fuzz_test.cpp runs the same cases from random bytes
// in every test run; this target lets libFuzzer steer them.
#include <cstddef>
#include <cstdint>

#include "testing/jpeg_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  framekit::jpeg::testing::fuzz_one(data, size);
  return 0;
}
