// Geometry benchmark: framekit against libyuv, swscale and OpenCV in one run, on the
// same input, single-threaded. Prints each library's best time over interleaved
// rounds and the speedups (reference time / framekit time; > 1 means framekit is
// faster). The cases and the timing are in convert_bench_harness.h, shared with
// bench_color and `framekit bench convert`.
//
//   build/release/bench/bench_geometry [--quick]
#include <cstdio>
#include <cstring>
#include <string>

#include "harness/convert_bench_harness.h"

namespace {

using namespace framekit::convert_bench;

void print_row(const Result& r) {
  const auto ms = [&](int c) -> std::string {
    char b[32];
    if (!r.has(c)) return "n/a";
    std::snprintf(b, sizeof b, "%.3f ms", r.ms(c));
    return b;
  };
  const auto ratio = [&](int c) -> std::string {
    char b[32];
    if (!r.has(c)) return "n/a";
    std::snprintf(b, sizeof b, "%.2fx", r.ratio(c, kFramekit));
    return b;
  };
  const std::string name = r.spec.op + " " + r.spec.dims();
  std::printf("| %-34s | %9s | %9s | %9s | %9s | %9s | %10s | %9s |\n", name.c_str(),
              ms(kFramekit).c_str(), ms(kLibyuv).c_str(), ms(kSwscale).c_str(), ms(kOpencv).c_str(),
              ratio(kLibyuv).c_str(), ratio(kSwscale).c_str(), ratio(kOpencv).c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  o.color = false;
  o.floor = false;
  use_one_thread();
  std::printf("framekit geometry benchmark, 1 thread; best of interleaved rounds (%.1f s each)\n",
              timing_for(Kind::kGeometry, o.quick).budget_s);
  std::printf("speedup = reference time / framekit time (> 1: framekit faster)\n\n");
  std::printf("| %-34s | %9s | %9s | %9s | %9s | %9s | %10s | %9s |\n", "operation", "framekit",
              "libyuv", "swscale", "OpenCV", "vs libyuv", "vs swscale", "vs OpenCV");
  std::printf(
      "|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(36, '-').c_str(), std::string(11, '-').c_str(),
      std::string(11, '-').c_str(), std::string(11, '-').c_str(), std::string(11, '-').c_str(),
      std::string(11, '-').c_str(), std::string(12, '-').c_str(), std::string(11, '-').c_str());
  run(plan(o), o, print_row);
  return 0;
}
