// framekit against libyuv on the conversions libyuv has. libyuv's fixed point is
// coarser (6-7 bit coefficients), so the two agree within a few levels; the double
// reference decides which is closer to the exact maths. Byte orders: libyuv "RGB24" is
// B,G,R in memory (PF_BGR24), "RAW" is R,G,B (PF_RGB24), "ARGB" is B,G,R,A (PF_BGRA32),
// "ABGR" is R,G,B,A (PF_RGBA32), "BGRA" is A,R,G,B (PF_ARGB32).
#include <gtest/gtest.h>

#if __has_include(<libyuv.h>)
#include <libyuv.h>

#include <cstdio>
#include <functional>
#include <string>

#include "framekit/color/color.h"
#include "testing/color_reference.h"

namespace framekit {
namespace {

using color_ref::OwnedImage;

struct Yuv {
  const uint8_t* y;
  int sy;
  const uint8_t* u;
  int su;
  const uint8_t* v;
  int sv;
};
Yuv planes(const ImageView& v) {
  const int n = v.desc().num_planes;
  return {v.planes[0].data,
          static_cast<int>(v.planes[0].stride),
          v.planes[1].data,
          static_cast<int>(v.planes[1].stride),
          n > 2 ? v.planes[2].data : nullptr,
          n > 2 ? static_cast<int>(v.planes[2].stride) : 0};
}

struct Errors {
  double vs_libyuv, ours_vs_ref, libyuv_vs_ref;
  double ours_exact = 1, libyuv_exact = 1;  // share of outputs equal to the reference
};

// Runs our conversion, libyuv's (via `lib`) and the double reference on one input.
Errors compare(const PixelInfo& si, const PixelInfo& di, int w, int h, bool smooth,
               ChromaUpsample up,
               const std::function<void(const ImageView&, const ImageView&)>& lib) {
  OwnedImage src(si, w, h), ours(di, w, h), theirs(di, w, h), ref(di, w, h);
  color_ref::fill(src.view, 1234 + w, smooth);
  ColorConvertOptions opt;
  opt.chroma_upsample = up;
  convert_color(src.view, ours.view, opt);
  lib(src.view, theirs.view);
  const auto r = resolve_conversion(si, di);
  ImageView rs = src.view, rd = ref.view;
  rs.info = r.src;
  rd.info = r.dst;
  color_ref::convert(rs, rd, up);
  // Alpha is not compared against the reference (libyuv writes 255 like we do).
  const auto o = color_ref::diff_stats(ours.view, ref.view);
  const auto t = color_ref::diff_stats(theirs.view, ref.view);
  return {color_ref::max_diff(ours.view, theirs.view), o.max, t.max, o.exact, t.exact};
}

void report(const char* name, const Errors& e, double tol) {
  std::printf(
      "  %-24s |ours-libyuv| %2.0f   |ours-ref| %.0f (%5.1f%% exact)   |libyuv-ref| %2.0f "
      "(%5.1f%% exact)\n",
      name, e.vs_libyuv, e.ours_vs_ref, 100 * e.ours_exact, e.libyuv_vs_ref, 100 * e.libyuv_exact);
  EXPECT_LE(e.vs_libyuv, tol) << name;
  EXPECT_LE(e.ours_vs_ref, 1.0) << name;
  EXPECT_LE(e.ours_vs_ref, e.libyuv_vs_ref) << name << ": libyuv closer to the exact maths";
}

constexpr auto kNearest = ChromaUpsample::kNearest;
constexpr auto kBilinear = ChromaUpsample::kBilinear;

TEST(ColorLibyuv, YuvToRgb) {
  std::printf("YUV -> RGB, random input (max over sizes 66x10 and 131x7)\n");
  struct Case {
    const char* name;
    PixelInfo src, dst;
    ChromaUpsample up;
    double tol;
    std::function<void(const ImageView&, const ImageView&)> fn;
  };
  // libyuv's BT.709 and BT.2020 constants clamp the blue coefficient (UB) to 2.0
  // (int8 range) instead of 2.112 / 2.142, so strongly saturated blues differ by
  // up to ~18 levels; the double reference shows the error is libyuv's.
  constexpr double kClampedUb = 20;
  auto w_h = [](const ImageView& v) { return std::pair{v.width, v.height}; };
  const Case cases[] = {
      {"NV12ToRGB24 (bgr24)", PixelInfo(PF_NV12), PixelInfo(PF_BGR24), kNearest, 3,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::NV12ToRGB24(p.y, p.sy, p.u, p.su, d.planes[0].data, d.planes[0].stride, w, h);
       }},
      {"NV12ToRAW (rgb24)", PixelInfo(PF_NV12), PixelInfo(PF_RGB24), kNearest, 3,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::NV12ToRAW(p.y, p.sy, p.u, p.su, d.planes[0].data, d.planes[0].stride, w, h);
       }},
      {"I420ToRGB24 (bgr24)", PixelInfo(PF_YUV420P), PixelInfo(PF_BGR24), kNearest, 3,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::I420ToRGB24(p.y, p.sy, p.u, p.su, p.v, p.sv, d.planes[0].data, d.planes[0].stride,
                             w, h);
       }},
      {"I420ToRGB24 bilinear", PixelInfo(PF_YUV420P), PixelInfo(PF_BGR24), kBilinear, 3,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::I420ToRGB24MatrixFilter(p.y, p.sy, p.u, p.su, p.v, p.sv, d.planes[0].data,
                                         d.planes[0].stride, &libyuv::kYuvI601Constants, w, h,
                                         libyuv::kFilterBilinear);
       }},
      {"NV12ToARGB (bgra)", PixelInfo(PF_NV12), PixelInfo(PF_BGRA32), kNearest, 3,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::NV12ToARGB(p.y, p.sy, p.u, p.su, d.planes[0].data, d.planes[0].stride, w, h);
       }},
      {"NV21ToARGB (bgra)", PixelInfo(PF_NV21), PixelInfo(PF_BGRA32), kNearest, 3,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::NV21ToARGB(p.y, p.sy, p.u, p.su, d.planes[0].data, d.planes[0].stride, w, h);
       }},
      {"I422ToARGB (bgra)", PixelInfo(PF_YUV422P), PixelInfo(PF_BGRA32), kNearest, 3,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::I422ToARGB(p.y, p.sy, p.u, p.su, p.v, p.sv, d.planes[0].data, d.planes[0].stride,
                            w, h);
       }},
      {"I444ToARGB (bgra)", PixelInfo(PF_YUV444P), PixelInfo(PF_BGRA32), kNearest, 3,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::I444ToARGB(p.y, p.sy, p.u, p.su, p.v, p.sv, d.planes[0].data, d.planes[0].stride,
                            w, h);
       }},
      {"I420ToABGR (rgba)", PixelInfo(PF_YUV420P), PixelInfo(PF_RGBA32), kNearest, 3,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::I420ToABGR(p.y, p.sy, p.u, p.su, p.v, p.sv, d.planes[0].data, d.planes[0].stride,
                            w, h);
       }},
      {"J420ToARGB (601 full)", PixelInfo(PF_YUV420P, CS_BT470BG, CR_JPEG), PixelInfo(PF_BGRA32),
       kNearest, 3,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::J420ToARGB(p.y, p.sy, p.u, p.su, p.v, p.sv, d.planes[0].data, d.planes[0].stride,
                            w, h);
       }},
      {"H420ToARGB (709)", PixelInfo(PF_YUV420P, CS_BT709), PixelInfo(PF_BGRA32), kNearest,
       kClampedUb,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::H420ToARGB(p.y, p.sy, p.u, p.su, p.v, p.sv, d.planes[0].data, d.planes[0].stride,
                            w, h);
       }},
      {"U420ToARGB (2020)", PixelInfo(PF_YUV420P, CS_BT2020_NCL), PixelInfo(PF_BGRA32), kNearest,
       kClampedUb,
       [&](const ImageView& s, const ImageView& d) {
         auto [w, h] = w_h(s);
         auto p = planes(s);
         libyuv::U420ToARGB(p.y, p.sy, p.u, p.su, p.v, p.sv, d.planes[0].data, d.planes[0].stride,
                            w, h);
       }},
  };
  for (const auto& c : cases) {
    for (bool smooth : {false, true}) {
      Errors worst{0, 0, 0, 1, 1};
      // libyuv's bilinear chroma treats the last column of odd widths differently
      // (it does not replicate the edge sample), so that case uses even sizes.
      const bool even = c.up == kBilinear;
      for (auto [w, h] : {std::pair{66, 10}, even ? std::pair{130, 8} : std::pair{131, 7}}) {
        const Errors e = compare(c.src, c.dst, w, h, smooth, c.up, c.fn);
        worst = {std::max(worst.vs_libyuv, e.vs_libyuv), std::max(worst.ours_vs_ref, e.ours_vs_ref),
                 std::max(worst.libyuv_vs_ref, e.libyuv_vs_ref),
                 std::min(worst.ours_exact, e.ours_exact),
                 std::min(worst.libyuv_exact, e.libyuv_exact)};
      }
      std::printf("%s ", smooth ? "smooth" : "random");
      report(c.name, worst, c.tol);
    }
  }
}

TEST(ColorLibyuv, RgbToYuv) {
  std::printf("RGB -> YUV, random input\n");
  struct Case {
    const char* name;
    PixelInfo src, dst;
    double tol;
    std::function<void(const ImageView&, const ImageView&)> fn;
  };
  auto out3 = [](const ImageView& d) {
    return std::tuple{d.planes[0].data, static_cast<int>(d.planes[0].stride),
                      d.planes[1].data, static_cast<int>(d.planes[1].stride),
                      d.planes[2].data, static_cast<int>(d.planes[2].stride)};
  };
  const Case cases[] = {
      {"RGB24ToI420 (bgr24)", PixelInfo(PF_BGR24), PixelInfo(PF_YUV420P), 2,
       [&](const ImageView& s, const ImageView& d) {
         auto [y, sy, u, su, v, sv] = out3(d);
         libyuv::RGB24ToI420(s.planes[0].data, s.planes[0].stride, y, sy, u, su, v, sv, s.width,
                             s.height);
       }},
      {"RAWToI420 (rgb24)", PixelInfo(PF_RGB24), PixelInfo(PF_YUV420P), 2,
       [&](const ImageView& s, const ImageView& d) {
         auto [y, sy, u, su, v, sv] = out3(d);
         libyuv::RAWToI420(s.planes[0].data, s.planes[0].stride, y, sy, u, su, v, sv, s.width,
                           s.height);
       }},
      {"ARGBToI420 (bgra)", PixelInfo(PF_BGRA32), PixelInfo(PF_YUV420P), 2,
       [&](const ImageView& s, const ImageView& d) {
         auto [y, sy, u, su, v, sv] = out3(d);
         libyuv::ARGBToI420(s.planes[0].data, s.planes[0].stride, y, sy, u, su, v, sv, s.width,
                            s.height);
       }},
      {"ABGRToI420 (rgba)", PixelInfo(PF_RGBA32), PixelInfo(PF_YUV420P), 2,
       [&](const ImageView& s, const ImageView& d) {
         auto [y, sy, u, su, v, sv] = out3(d);
         libyuv::ABGRToI420(s.planes[0].data, s.planes[0].stride, y, sy, u, su, v, sv, s.width,
                            s.height);
       }},
      {"BGRAToI420 (argb)", PixelInfo(PF_ARGB32), PixelInfo(PF_YUV420P), 2,
       [&](const ImageView& s, const ImageView& d) {
         auto [y, sy, u, su, v, sv] = out3(d);
         libyuv::BGRAToI420(s.planes[0].data, s.planes[0].stride, y, sy, u, su, v, sv, s.width,
                            s.height);
       }},
      {"ARGBToNV12 (bgra)", PixelInfo(PF_BGRA32), PixelInfo(PF_NV12), 2,
       [&](const ImageView& s, const ImageView& d) {
         libyuv::ARGBToNV12(s.planes[0].data, s.planes[0].stride, d.planes[0].data,
                            d.planes[0].stride, d.planes[1].data, d.planes[1].stride, s.width,
                            s.height);
       }},
      {"ARGBToNV21 (bgra)", PixelInfo(PF_BGRA32), PixelInfo(PF_NV21), 2,
       [&](const ImageView& s, const ImageView& d) {
         libyuv::ARGBToNV21(s.planes[0].data, s.planes[0].stride, d.planes[0].data,
                            d.planes[0].stride, d.planes[1].data, d.planes[1].stride, s.width,
                            s.height);
       }},
      {"ARGBToI444 (bgra)", PixelInfo(PF_BGRA32), PixelInfo(PF_YUV444P), 2,
       [&](const ImageView& s, const ImageView& d) {
         auto [y, sy, u, su, v, sv] = out3(d);
         libyuv::ARGBToI444(s.planes[0].data, s.planes[0].stride, y, sy, u, su, v, sv, s.width,
                            s.height);
       }},
      {"ARGBToJ420 (601 full)", PixelInfo(PF_BGRA32), PixelInfo(PF_YUV420P, CS_BT470BG, CR_JPEG), 2,
       [&](const ImageView& s, const ImageView& d) {
         auto [y, sy, u, su, v, sv] = out3(d);
         libyuv::ARGBToJ420(s.planes[0].data, s.planes[0].stride, y, sy, u, su, v, sv, s.width,
                            s.height);
       }},
  };
  for (const auto& c : cases) {
    Errors worst{0, 0, 0, 1, 1};
    for (auto [w, h] : {std::pair{66, 10}, std::pair{130, 6}}) {
      const Errors e = compare(c.src, c.dst, w, h, false, kBilinear, c.fn);
      worst = {std::max(worst.vs_libyuv, e.vs_libyuv), std::max(worst.ours_vs_ref, e.ours_vs_ref),
               std::max(worst.libyuv_vs_ref, e.libyuv_vs_ref),
               std::min(worst.ours_exact, e.ours_exact),
               std::min(worst.libyuv_exact, e.libyuv_exact)};
    }
    report(c.name, worst, c.tol);
  }
}

}  // namespace
}  // namespace framekit

#else
TEST(ColorLibyuv, Unavailable) {
  // A reference comparison that cannot run is a failure, not a skip: install libyuv-dev
  // (scripts/install_deps.sh does).
  FAIL() << "libyuv headers not found: the libyuv comparison was not built";
}
#endif
