// convert_color against the double-precision reference: every format pair, every
// color space × range, both chroma upsampling modes, odd sizes and padded strides.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

#include "framekit/color/color.h"
#include "testing/color_reference.h"

namespace framekit {
namespace {

using color_ref::OwnedImage;

struct Result {
  double max_err = 0;
  std::string path;
  double exact = 1;  // fraction of output samples equal to the rounded reference
};

// Converts with the library and with the reference; returns the max difference.
Result compare_with_reference(const PixelInfo& si, const PixelInfo& di, int w, int h, uint32_t seed,
                              ColorConvertOptions opt = {}, int pad = 0) {
  OwnedImage src(si, w, h, pad), out(di, w, h, pad + 3), ref(di, w, h);
  color_ref::fill(src.view, seed);
  convert_color(src.view, out.view, opt);
  const auto r = resolve_conversion(si, di);
  ImageView rs = src.view, rd = ref.view;
  rs.info = r.src;
  rd.info = r.dst;
  color_ref::convert(rs, rd, opt.chroma_upsample);
  const auto st = color_ref::diff_stats(out.view, ref.view);
  // The exact share is quoted for 8-bit outputs (the ±1 guarantee's subject).
  const bool eight = di.desc().dtype == ScalarType::kUInt8;
  return {st.max, color_conversion_path(src.view, out.view, opt), eight ? st.exact : 1.0};
}

TEST(ColorReference, EveryFormatPairWithinOneCode) {
  int pairs = 0;
  for (const auto& s : all_pixel_formats()) {
    for (const auto& d : all_pixel_formats()) {
      for (auto size : {std::pair{13, 7}, std::pair{131, 3}}) {
        const Result r = compare_with_reference(PixelInfo(s.format), PixelInfo(d.format),
                                                size.first, size.second, 7 + pairs);
        EXPECT_LE(r.max_err, 1.0) << s.name << " -> " << d.name << " " << size.first << "x"
                                  << size.second << " via " << r.path;
      }
      ++pairs;
    }
  }
  EXPECT_EQ(pairs, static_cast<int>(all_pixel_formats().size() * all_pixel_formats().size()));
}

TEST(ColorReference, GeneralEngineEveryPairWithinOneCode) {
  ColorConvertOptions opt;
  opt.use_fast_paths = false;
  int n = 0;
  for (const auto& s : all_pixel_formats())
    for (const auto& d : all_pixel_formats()) {
      const Result r =
          compare_with_reference(PixelInfo(s.format), PixelInfo(d.format), 11, 5, 100 + n++, opt);
      EXPECT_LE(r.max_err, 1.0) << s.name << " -> " << d.name;
      EXPECT_EQ(r.path, "general");
    }
}

TEST(ColorReference, NearestChromaWithinOneCode) {
  ColorConvertOptions opt;
  opt.chroma_upsample = ChromaUpsample::kNearest;
  for (PixelFormat s : {PF_NV12, PF_YUV420P, PF_NV21, PF_YUV422P, PF_YUYV422, PF_P010LE})
    for (PixelFormat d : {PF_RGB24, PF_BGRA32, PF_GBRP, PF_YUV444P, PF_RGB48}) {
      const Result r = compare_with_reference(PixelInfo(s), PixelInfo(d), 15, 9, 3, opt);
      EXPECT_LE(r.max_err, 1.0) << pixel_format_name(s) << " -> " << pixel_format_name(d);
    }
}

TEST(ColorReference, OddSizesAndPaddedStrides) {
  for (auto [w, h] : {std::pair{1, 1}, std::pair{1, 5}, std::pair{5, 1}, std::pair{3, 3},
                      std::pair{67, 9}, std::pair{129, 3}})
    for (PixelFormat s : {PF_NV12, PF_YUV420P, PF_YUYV422, PF_RGB24, PF_BGRA32, PF_P010LE})
      for (PixelFormat d :
           {PF_RGB24, PF_ARGB32, PF_NV12, PF_YUV420P, PF_NV21, PF_UYVY422, PF_YUV422P10LE}) {
        const Result r =
            compare_with_reference(PixelInfo(s), PixelInfo(d), w, h, w * 31 + h, {}, 5);
        EXPECT_LE(r.max_err, 1.0) << pixel_format_name(s) << " -> " << pixel_format_name(d) << " "
                                  << w << "x" << h << " via " << r.path;
      }
}

// Each color space × range, through the fused and the general paths; prints the
// measured max error per space/range so the lead can quote it.
TEST(ColorReference, EverySpaceAndRange) {
  const ColorSpace spaces[] = {CS_BT470BG, CS_SMPTE170M, CS_BT709, CS_BT2020_NCL,
                               CS_FCC,     CS_SMPTE240M, CS_YCGCO};
  struct Pair {
    PixelFormat yuv;
    PixelFormat rgb;
  };
  const Pair pairs[] = {{PF_NV12, PF_RGB24},         {PF_YUV420P, PF_BGR24},
                        {PF_NV12, PF_BGRA32},        {PF_YUV444P, PF_RGBA32},
                        {PF_YUV422P, PF_GBRP},       {PF_YUYV422, PF_ARGB32},
                        {PF_P010LE, PF_RGB48},       {PF_YUV420P10LE, PF_RGB24},
                        {PF_YUV444P16LE, PF_RGBA64}, {PF_YUV420P12LE, PF_GBRPF32},
                        {PF_P010LE, PF_BGRA32},      {PF_YUV444P12LE, PF_BGR24}};
  std::printf(
      "\nmax |framekit - double reference| in codes of the output format "
      "(and, for 8-bit outputs, the smallest share exactly equal to the rounded reference)\n");
  std::printf("%-10s %-6s %-14s %-14s %-14s %-14s\n", "space", "range", "yuv->rgb", "rgb->yuv",
              "yuv->yuv", "nearest");
  for (ColorSpace cs : spaces)
    for (ColorRange cr : {CR_MPEG, CR_JPEG}) {
      Result to_rgb, to_yuv, yuv_yuv, nearest;
      auto acc = [](Result& into, const Result& r) {
        into.max_err = std::max(into.max_err, r.max_err);
        into.exact = std::min(into.exact, r.exact);
      };
      uint32_t seed = 1;
      for (const auto& p : pairs) {
        const PixelInfo yuv(p.yuv, cs, cr);
        const PixelInfo rgb(p.rgb);
        acc(to_rgb, compare_with_reference(yuv, rgb, 131, 11, seed++));
        acc(to_yuv, compare_with_reference(rgb, yuv, 131, 11, seed++));
        ColorConvertOptions nn;
        nn.chroma_upsample = ChromaUpsample::kNearest;
        acc(nearest, compare_with_reference(yuv, rgb, 131, 11, seed++, nn));
        // Matrix and range change into another layout.
        const PixelInfo other(PF_YUV420P, cs == CS_BT709 ? CS_BT2020_NCL : CS_BT709,
                              cr == CR_MPEG ? CR_JPEG : CR_MPEG);
        acc(yuv_yuv, compare_with_reference(yuv, other, 131, 11, seed++));
        acc(yuv_yuv, compare_with_reference(other, yuv, 131, 11, seed++));
      }
      auto cell = [](const Result& r) {
        char b[32];
        std::snprintf(b, sizeof b, "%.0f (%5.1f%%)", r.max_err, 100.0 * r.exact);
        return std::string(b);
      };
      std::printf("%-10s %-6s %-14s %-14s %-14s %-14s\n", std::string(color_space_name(cs)).c_str(),
                  std::string(color_range_name(cr)).c_str(), cell(to_rgb).c_str(),
                  cell(to_yuv).c_str(), cell(yuv_yuv).c_str(), cell(nearest).c_str());
      for (const Result* r : {&to_rgb, &to_yuv, &yuv_yuv, &nearest})
        EXPECT_LE(r->max_err, 1.0) << color_space_name(cs) << " " << color_range_name(cr);
    }
}

TEST(ColorReference, RgbLimitedRangeHonoured) {
  for (PixelFormat f : {PF_RGB24, PF_BGRA32, PF_RGB48, PF_GBRP}) {
    const PixelInfo limited(f, CS_UNSPECIFIED, CR_MPEG);
    EXPECT_LE(
        compare_with_reference(PixelInfo(PF_NV12, CS_BT709, CR_MPEG), limited, 21, 6, 5).max_err,
        1.0);
    EXPECT_LE(
        compare_with_reference(limited, PixelInfo(PF_NV12, CS_BT709, CR_JPEG), 21, 6, 6).max_err,
        1.0);
    EXPECT_LE(compare_with_reference(limited, PixelInfo(PF_RGB24), 21, 6, 7).max_err, 1.0);
  }
}

}  // namespace
}  // namespace framekit
