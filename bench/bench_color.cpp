// Color conversion speed: framekit vs libyuv vs swscale vs OpenCV, single-threaded,
// 1080p and 4K, in one run on the same input. Prints each library's time and the
// ratio theirs ÷ ours (> 1 means framekit is faster). The cases and the timing are in
// convert_bench_harness.h, shared with bench_geometry and `framekit bench convert`.
//
//   bench_color [--quick] [--filter SUBSTRING] [--target avx2|avx3|sse4|scalar|…] [--size WxH]
#include <cstdio>
#include <cstring>
#include <string>

#include "framekit/core/simd.h"
#include "harness/convert_bench_harness.h"

namespace {

using namespace framekit::convert_bench;

void print_row(const Result& r) {
  const int best = r.has(kFramekitNearest) ? kFramekitNearest : kFramekit;
  const auto ms = [&](int c) { return format_ms(r.seconds[c]); };
  const auto ratio = [&](int c, int base) { return format_ratio(r.ratio(c, base)); };
  std::printf("%-14s %-5s | %s %s | %s %s %s %s %s | %s %s %s | %s %s\n", r.spec.op.c_str(),
              r.spec.size.c_str(), ms(kFramekit).c_str(), ms(kFramekitNearest).c_str(),
              ms(kLibyuv).c_str(), ms(kLibyuvBilinear).c_str(), ratio(kLibyuv, best).c_str(),
              ratio(kLibyuv, kFramekit).c_str(), ratio(kLibyuvBilinear, kFramekit).c_str(),
              ms(kSwscale).c_str(), ratio(kSwscale, kFramekit).c_str(),
              ratio(kSwscale, best).c_str(), ms(kOpencv).c_str(), ratio(kOpencv, best).c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.geometry = false;
  o.floor = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
      std::sscanf(argv[++i], "%dx%d", &o.width, &o.height);
    } else if (std::strcmp(argv[i], "--quick") == 0) {
      o.quick = true;
    } else if (std::strcmp(argv[i], "--filter") == 0 && i + 1 < argc) {
      o.filter = argv[++i];
    } else if (std::strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
      // Force framekit's kernels to one SIMD target (or the scalar twins) for comparisons.
      framekit::set_simd_target(argv[++i]);
    }
  }
  const bool custom = o.width > 0 && o.height > 0;
  if (!custom) o.width = o.height = 0;
  use_one_thread();
#ifdef FRAMEKIT_HAVE_LIBYUV
  std::printf("libyuv cpu flags: 0x%x\n", libyuv::TestCpuFlag(-1));
#endif
  std::printf(
      "Single-threaded, ms per frame (best of interleaved batches).\n"
      "  ours    = framekit default (bilinear chroma upsampling for YUV->RGB)\n"
      "  ours-nn = framekit with nearest chroma (what libyuv and OpenCV do)\n"
      "Ratios are theirs / ours (> 1: framekit faster):\n"
      "  x yuv   = libyuv vs ours-nn (same chroma filter), x yuv-d = libyuv vs ours default,\n"
      "  x bil   = libyuv's bilinear filter (I420ToRGB24MatrixFilter) vs ours default,\n"
      "  x sws   = swscale (SWS_BILINEAR) vs ours default, x sws-n vs ours-nn,\n"
      "  x cv    = OpenCV cvtColor vs ours-nn (OpenCV has no RGB->NV12).\n");
  std::printf("%-14s %-5s | %8s %8s | %8s %8s %6s %6s %6s | %8s %6s %6s | %8s %6s\n", "op", "size",
              "ours", "ours-nn", "libyuv", "yuv-bil", "x yuv", "x yuv-d", "x bil", "swscale",
              "x sws", "x sws-n", "opencv", "x cv");
  std::vector<CaseSpec> cases = plan(o);
  if (custom)
    for (auto& c : cases) c.size = "custom";
  run(cases, o, print_row);
  return 0;
}
