// Structural conversions (re-layout, channel order, bit depth, range, gray, chroma
// resampling) against libyuv, single-threaded, 1080p, in one run. These are the
// operations libyuv has beyond the YUV<->RGB ones of bench_color. Prints each time,
// the ratio libyuv / framekit (> 1: framekit faster) and framekit's path.
//
//   bench_repack [--quick]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "convert_bench_harness.h"
#include "framekit/core/parallel.h"
#include "framekit/imgproc/color.h"

#ifdef FRAMEKIT_HAVE_LIBYUV
#include <libyuv.h>
#endif

namespace {

using namespace framekit;

bool g_quick = false;

struct Img {
  PixelInfo info;
  std::vector<uint8_t> bytes;
  ImageView view;
  Img(PixelFormat f, int w, int h) : info(f) {
    bytes.resize(packed_image_size(f, w, h));
    view = make_image_view(info, w, h, bytes.data(), bytes.size());
  }
  uint8_t* p(int i) const { return view.planes[i].data; }
  uint16_t* p16(int i) const { return reinterpret_cast<uint16_t*>(view.planes[i].data); }
  int s(int i) const { return static_cast<int>(view.planes[i].stride); }
  int s16(int i) const { return s(i) / 2; }
};

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--quick") == 0) g_quick = true;
  set_num_threads(1);
  const int w = 1920, h = 1080;
  struct Case {
    const char* name;
    PixelFormat src, dst;
  };
  const Case cases[] = {{"I420->NV12", PF_YUV420P, PF_NV12},
                        {"NV12->I420", PF_NV12, PF_YUV420P},
                        {"RAW->RGB24", PF_RGB24, PF_BGR24},
                        {"RGB24->ARGB", PF_BGR24, PF_BGRA32},
                        {"ARGB->RGB24", PF_BGRA32, PF_BGR24},
                        {"I010->I420", PF_YUV420P10LE, PF_YUV420P},
                        {"NV12->GRAY8", PF_NV12, PF_GRAY8},
                        {"P010->NV12", PF_P010LE, PF_NV12},
                        {"J420->I420", PF_YUVJ420P, PF_YUV420P},
                        {"YUY2->I420", PF_YUYV422, PF_YUV420P},
                        {"I420->I422", PF_YUV420P, PF_YUV422P},
                        {"I420->I444", PF_YUV420P, PF_YUV444P},
                        {"I444->I420", PF_YUV444P, PF_YUV420P},
                        {"UYVY->NV12", PF_UYVY422, PF_NV12},
                        {"I420->YUY2", PF_YUV420P, PF_YUYV422}};
  std::printf("1080p, 1 thread, ms per frame; x yuv = libyuv / framekit (> 1: framekit faster)\n");
  std::printf("%-12s | %8s %8s %6s | %-12s\n", "op", "framekit", "libyuv", "x yuv", "path");
  std::mt19937 rng(1);
  for (const Case& c : cases) {
    Img s(c.src, w, h), d(c.dst, w, h);
    for (auto& b : s.bytes) b = static_cast<uint8_t>(rng());
    if (c.src == PF_YUV420P10LE)  // valid 10-bit codes
      for (size_t i = 1; i < s.bytes.size(); i += 2) s.bytes[i] &= 3;
    std::vector<std::function<void()>> fns(2);
    fns[0] = [&] { convert_color(s.view, d.view); };
#ifdef FRAMEKIT_HAVE_LIBYUV
    const std::string n = c.name;
    if (n == "I420->NV12")
      fns[1] = [&] {
        libyuv::I420ToNV12(s.p(0), s.s(0), s.p(1), s.s(1), s.p(2), s.s(2), d.p(0), d.s(0), d.p(1),
                           d.s(1), w, h);
      };
    if (n == "NV12->I420")
      fns[1] = [&] {
        libyuv::NV12ToI420(s.p(0), s.s(0), s.p(1), s.s(1), d.p(0), d.s(0), d.p(1), d.s(1), d.p(2),
                           d.s(2), w, h);
      };
    if (n == "RAW->RGB24")
      fns[1] = [&] { libyuv::RAWToRGB24(s.p(0), s.s(0), d.p(0), d.s(0), w, h); };
    if (n == "RGB24->ARGB")
      fns[1] = [&] { libyuv::RGB24ToARGB(s.p(0), s.s(0), d.p(0), d.s(0), w, h); };
    if (n == "ARGB->RGB24")
      fns[1] = [&] { libyuv::ARGBToRGB24(s.p(0), s.s(0), d.p(0), d.s(0), w, h); };
    if (n == "I010->I420")
      fns[1] = [&] {
        libyuv::I010ToI420(s.p16(0), s.s16(0), s.p16(1), s.s16(1), s.p16(2), s.s16(2), d.p(0),
                           d.s(0), d.p(1), d.s(1), d.p(2), d.s(2), w, h);
      };
    if (n == "NV12->GRAY8")  // libyuv: the Y plane as is (no range change)
      fns[1] = [&] { libyuv::CopyPlane(s.p(0), s.s(0), d.p(0), d.s(0), w, h); };
    if (n == "P010->NV12")  // libyuv: both planes through Convert16To8Plane (v >> 8, no rounding)
      fns[1] = [&] {
        libyuv::Convert16To8Plane(s.p16(0), s.s16(0), d.p(0), d.s(0), 256, w, h);
        libyuv::Convert16To8Plane(s.p16(1), s.s16(1), d.p(1), d.s(1), 256, 2 * ((w + 1) / 2),
                                  (h + 1) / 2);
      };
    // J420->I420 (full to limited range): libyuv has no such planar range change.
    if (n == "YUY2->I420")
      fns[1] = [&] {
        libyuv::YUY2ToI420(s.p(0), s.s(0), d.p(0), d.s(0), d.p(1), d.s(1), d.p(2), d.s(2), w, h);
      };
    if (n == "I420->I422")
      fns[1] = [&] {
        libyuv::I420ToI422(s.p(0), s.s(0), s.p(1), s.s(1), s.p(2), s.s(2), d.p(0), d.s(0), d.p(1),
                           d.s(1), d.p(2), d.s(2), w, h);
      };
    if (n == "I420->I444")
      fns[1] = [&] {
        libyuv::I420ToI444(s.p(0), s.s(0), s.p(1), s.s(1), s.p(2), s.s(2), d.p(0), d.s(0), d.p(1),
                           d.s(1), d.p(2), d.s(2), w, h);
      };
    if (n == "I444->I420")
      fns[1] = [&] {
        libyuv::I444ToI420(s.p(0), s.s(0), s.p(1), s.s(1), s.p(2), s.s(2), d.p(0), d.s(0), d.p(1),
                           d.s(1), d.p(2), d.s(2), w, h);
      };
    if (n == "UYVY->NV12")
      fns[1] = [&] {
        libyuv::UYVYToNV12(s.p(0), s.s(0), d.p(0), d.s(0), d.p(1), d.s(1), w, h);
      };
    if (n == "I420->YUY2")
      fns[1] = [&] {
        libyuv::I420ToYUY2(s.p(0), s.s(0), s.p(1), s.s(1), s.p(2), s.s(2), d.p(0), d.s(0), w, h);
      };
#endif
    const auto t = convert_bench::race(
        fns, convert_bench::timing_for(convert_bench::Kind::kColor, g_quick));
    char ratio[16] = "   n/a";
    if (t[1] > 0) std::snprintf(ratio, sizeof ratio, "%5.2fx", t[1] / t[0]);
    char yuv[16] = "     n/a";
    if (t[1] > 0) std::snprintf(yuv, sizeof yuv, "%8.3f", t[1] * 1e3);
    std::printf("%-12s | %8.3f %s %s | %-12s\n", c.name, t[0] * 1e3, yuv, ratio,
                color_conversion_path(s.view, d.view).c_str());
    std::fflush(stdout);
  }
  return 0;
}
