// io::VideoReader over memory: the bytes are a container FFmpeg probes and demuxes (MP4,
// WebM, AVI, MPEG-TS, Y4M ...; the seeds are tiny clips of each) and its first video
// stream is decoded. The first byte chooses the read options (keyframes only, step, fps
// resampling, a start time) so that the selection code is fuzzed too; the rest is the
// file. Frames are bounded in number and size so that one input stays fast; a damaged
// stream must end (frames, the end, or an Error), never hang. A crash, a sanitizer report
// or a leak in framekit is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "framekit/core/error.h"
#include "framekit/io/video_reader.h"

namespace {
// Frames returned per input at most.
constexpr int kMaxFrames = 8;
// Calls of next() per input at most (with max_frames, each returns or ends).
constexpr int kMaxCalls = 16;
// Pictures larger than this are not decoded: decoding a legitimately huge frame is slow,
// not a bug.
constexpr int64_t kMaxPixels = int64_t{1024} * 1024;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace framekit;
  if (size == 0) return 0;
  const uint8_t choice = data[0];
  io::VideoReadOptions o;
  o.threads = 1;  // one thread: reproducible, and what the sanitizers see best
  o.max_frames = kMaxFrames;
  o.keyframes_only = choice & 1;
  o.step = 1 + ((choice >> 1) & 1);
  if (choice & 4) o.fps = (choice & 8) ? 50.0 : 7.0;
  if (choice & 16) o.start = 0.04 * ((choice >> 5) & 3);
  if (choice & 128) o.end = 0.1;
  try {
    io::VideoReader reader(std::span<const uint8_t>(data + 1, size - 1), o);
    const io::VideoInfo& info = reader.info();
    if (int64_t{info.width} * info.height > kMaxPixels) return 0;
    uint32_t sum = 0;
    for (int i = 0; i < kMaxCalls; ++i) {
      VideoFrame vf = reader.next();
      if (!vf.defined()) break;
      const ImageView v = vf.frame().view();
      for (int p = 0; p < v.desc().num_planes; ++p) {
        const size_t row = v.desc().plane_row_bytes(p, v.width);
        for (int y = 0; y < v.plane_height(p); ++y) sum += v.planes[p].row(y)[row - 1];
      }
    }
    if (sum == 0xFFFFFFFFu) std::fputs("", stderr);  // keep the reads
    (void)reader.skipped_packets();
    for (const auto& w : reader.warnings()) sum += static_cast<uint32_t>(w.size());
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kOutOfMemory) {
      std::fprintf(stderr, "reader ran out of memory on a %zu-byte input: %s\n", size, e.what());
      std::abort();
    }
  }
  return 0;
}
