// The library's sniffing readers (framekit/io/image_io.h, decode_image / ImageReader over
// memory): the kind is whatever the bytes say. The first byte chooses the read options
// (auto_orient, allow_partial, an asked format or size) so that the finishing steps
// (DCT scaling, resize, conversion, orientation) are fuzzed too; the rest is the file.
// Every outcome is frames or a framekit::Error; a crash, a sanitizer report, a leak or
// a hang is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "framekit/core/error.h"
#include "framekit/io/image_io.h"

namespace {
// Frames read per input at most (a Y4M of 1x1 frames costs one allocation per frame).
constexpr int kMaxFrames = 16;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace framekit;
  if (size == 0) return 0;
  const uint8_t choice = data[0];
  io::ReadOptions o;
  o.auto_orient = choice & 1;
  o.allow_partial = choice & 2;
  if (choice & 4) o.format = PixelInfo((choice & 8) ? PF_RGB24 : PF_NV12);
  if (choice & 16) {
    o.width = 1 + (choice >> 5);
    o.height = 0;
  }
  // Keeps a fuzzer from spending its time on legitimately huge pictures.
  o.max_pixels = uint64_t{4096} * 4096;
  try {
    io::ImageReader reader(std::span<const uint8_t>(data + 1, size - 1), o);
    for (int i = 0; i < kMaxFrames; ++i) {
      VideoFrame vf = reader.next();
      if (!vf.defined()) break;
      const ImageView v = vf.frame().view();
      uint32_t sum = 0;
      for (int p = 0; p < v.desc().num_planes; ++p) {
        const size_t row = v.desc().plane_row_bytes(p, v.width);
        for (int y = 0; y < v.plane_height(p); ++y) sum += v.planes[p].row(y)[row - 1];
      }
      if (sum == 0xFFFFFFFFu) std::fputs("", stderr);  // keep the reads
    }
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kOutOfMemory) {
      std::fprintf(stderr, "reader ran out of memory on a %zu-byte input: %s\n", size, e.what());
      std::abort();
    }
  }
  return 0;
}
