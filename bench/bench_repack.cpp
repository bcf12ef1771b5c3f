// Structural conversions (re-layout, channel order, bit depth, range, gray, chroma
// resampling) against libyuv, single-threaded, 1080p, in one run. These are the
// operations libyuv has beyond the YUV<->RGB ones of bench_color. Prints each time,
// the ratio libyuv / framekit (> 1: framekit faster) and framekit's path; then a
// second table of conversions on the general engine, against libyuv and swscale.
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

#include "framekit/color/color.h"
#include "framekit/core/parallel.h"
#include "harness/convert_bench_harness.h"

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

// Conversions beyond the structural ones: 10-bit YUV <-> 8-bit RGB and 8-bit RGB <->
// gray (fused kernels), 10-bit grid changes, 16-bit and float RGB (general engine: float
// rows through one affine map, SIMD row kernels). Against libyuv where it has the
// operation, and swscale.
void general_table(int w, int h) {
  struct Case {
    const char* name;
    PixelFormat src, dst;
  };
  const Case cases[] = {{"I010->ARGB", PF_YUV420P10LE, PF_BGRA32},
                        {"P010->ARGB", PF_P010LE, PF_BGRA32},
                        {"ARGB->P010", PF_BGRA32, PF_P010LE},
                        {"RGB24->I010", PF_BGR24, PF_YUV420P10LE},
                        {"I010->I410", PF_YUV420P10LE, PF_YUV444P10LE},
                        {"RGB24->GRAY8", PF_BGR24, PF_GRAY8},
                        {"GRAY8->ARGB", PF_GRAY8, PF_BGRA32},
                        {"RGB48->I010", PF_RGB48, PF_YUV420P10LE},
                        {"RGB24->RGB48", PF_RGB24, PF_RGB48},
                        {"GBRPF32->I420", PF_GBRPF32, PF_YUV420P}};
  std::printf("\nOther conversions (1080p, 1 thread, ms per frame; x = theirs / framekit)\n");
  std::printf("%-13s | %8s %8s %6s %8s %6s | %-8s\n", "op", "framekit", "libyuv", "x yuv",
              "swscale", "x sws", "path");
  std::mt19937 rng(2);
  for (const Case& c : cases) {
    convert_bench::Image s(c.src, w, h), d(c.dst, w, h);
    s.fill(rng());
    const auto& sd = s.view.desc();
    if (sd.dtype == ScalarType::kUInt16 && sd.bit_depth < 16) {  // valid codes
      const int shift = sd.msb_aligned ? 16 - sd.bit_depth : 0;
      const uint16_t top = static_cast<uint16_t>(((1u << sd.bit_depth) - 1) << shift);
      for (size_t i = 0; i + 1 < s.mem.size(); i += 2) {
        uint16_t v;
        std::memcpy(&v, &s.mem[i], 2);
        v = static_cast<uint16_t>(sd.msb_aligned ? v & top : v >> (16 - sd.bit_depth));
        std::memcpy(&s.mem[i], &v, 2);
      }
    }
    if (sd.dtype == ScalarType::kFloat32)  // [0, 1]
      for (size_t i = 0; i + 3 < s.mem.size(); i += 4) {
        const float v = static_cast<float>(rng() % 1001) / 1000.0F;
        std::memcpy(&s.mem[i], &v, 4);
      }
    std::vector<std::function<void()>> fns(3);
    fns[0] = [&] { convert_color(s.view, d.view); };
#ifdef FRAMEKIT_HAVE_LIBYUV
    const std::string n = c.name;
    auto p16 = [](const convert_bench::Image& m, int i) {
      return reinterpret_cast<uint16_t*>(m.plane(i));
    };
    if (n == "I010->ARGB")
      fns[1] = [&] {
        libyuv::I010ToARGB(p16(s, 0), s.stride(0) / 2, p16(s, 1), s.stride(1) / 2, p16(s, 2),
                           s.stride(2) / 2, d.plane(0), d.stride(0), w, h);
      };
    if (n == "P010->ARGB")
      fns[1] = [&] {
        libyuv::P010ToARGBMatrix(p16(s, 0), s.stride(0) / 2, p16(s, 1), s.stride(1) / 2,
                                 d.plane(0), d.stride(0), &libyuv::kYuvI601Constants, w, h);
      };
    if (n == "I010->I410")
      fns[1] = [&] {
        libyuv::I010ToI410(p16(s, 0), s.stride(0) / 2, p16(s, 1), s.stride(1) / 2, p16(s, 2),
                           s.stride(2) / 2, p16(d, 0), d.stride(0) / 2, p16(d, 1),
                           d.stride(1) / 2, p16(d, 2), d.stride(2) / 2, w, h);
      };
    if (n == "RGB24->GRAY8")  // full-range BT.601 luma, as framekit's gray
      fns[1] = [&] { libyuv::RGB24ToJ400(s.plane(0), s.stride(0), d.plane(0), d.stride(0), w, h); };
    if (n == "GRAY8->ARGB")
      fns[1] = [&] { libyuv::J400ToARGB(s.plane(0), s.stride(0), d.plane(0), d.stride(0), w, h); };
#endif
#ifdef FRAMEKIT_HAVE_FFMPEG
    convert_bench::Sws sws(s, d);
    fns[2] = sws.fn();
#endif
    const auto t = convert_bench::race(
        fns, convert_bench::timing_for(convert_bench::Kind::kColor, g_quick));
    auto col = [&](int i, char* time, char* ratio) {
      std::snprintf(time, 16, "     n/a");
      std::snprintf(ratio, 16, "   n/a");
      if (t[i] <= 0) return;
      std::snprintf(time, 16, "%8.3f", t[i] * 1e3);
      std::snprintf(ratio, 16, "%5.2fx", t[i] / t[0]);
    };
    char yt[16], yr[16], st[16], sr[16];
    col(1, yt, yr);
    col(2, st, sr);
    std::printf("%-13s | %8.3f %s %s %s %s | %-8s\n", c.name, t[0] * 1e3, yt, yr, st, sr,
                color_conversion_path(s.view, d.view).c_str());
    std::fflush(stdout);
  }
}

// YUV -> YUV matrix changes (8-bit, same chroma grid): the fused path against the
// general engine, which ran them before (libyuv and swscale have no YUV -> YUV
// matrix-change kernel to compare with).
void matrix_table(int w, int h) {
  struct Case {
    const char* name;
    PixelFormat src, dst;
    ColorSpace ss, ds;
    ColorRange sr, dr;
  };
  const Case cases[] = {
      {"NV12 601->709", PF_NV12, PF_NV12, CS_BT470BG, CS_BT709, CR_MPEG, CR_MPEG},
      {"I420 709->2020", PF_YUV420P, PF_YUV420P, CS_BT709, CS_BT2020_NCL, CR_MPEG, CR_MPEG},
      {"NV12 709tv->I420 601pc", PF_NV12, PF_YUV420P, CS_BT709, CS_BT470BG, CR_MPEG, CR_JPEG},
      {"I444 601->709", PF_YUV444P, PF_YUV444P, CS_BT470BG, CS_BT709, CR_MPEG, CR_MPEG}};
  std::printf("\nYUV matrix changes (1080p, 1 thread, ms per frame; x = general / fused)\n");
  std::printf("%-22s | %8s %8s %6s | %-8s\n", "op", "framekit", "general", "x", "path");
  std::mt19937 rng(3);
  for (const Case& c : cases) {
    convert_bench::Image s(c.src, w, h), d(c.dst, w, h);
    s.fill(rng());
    s.view.info = PixelInfo(c.src, c.ss, c.sr);
    d.view.info = PixelInfo(c.dst, c.ds, c.dr);
    ColorConvertOptions general;
    general.use_fast_paths = false;
    const std::vector<std::function<void()>> fns = {
        [&] { convert_color(s.view, d.view); }, [&] { convert_color(s.view, d.view, general); }};
    const auto t =
        convert_bench::race(fns, convert_bench::timing_for(convert_bench::Kind::kColor, g_quick));
    std::printf("%-22s | %8.3f %8.3f %5.2fx | %-8s\n", c.name, t[0] * 1e3, t[1] * 1e3, t[1] / t[0],
                color_conversion_path(s.view, d.view).c_str());
    std::fflush(stdout);
  }
}

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
  general_table(w, h);
  matrix_table(w, h);
  return 0;
}
