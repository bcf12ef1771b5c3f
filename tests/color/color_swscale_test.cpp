// framekit against FFmpeg's libswscale (SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT |
// SWS_FULL_CHR_H_INP | SWS_BITEXACT) for the spaces and ranges swscale knows. 4:4:4
// data is compared on random legal-range input (swscale wraps around on out-of-range
// limited-range codes, e.g. Y < 16 with strong chroma); 4:2:x on a smooth picture,
// since at the same size swscale does not interpolate chroma vertically (we do, as
// documented), which costs it a few levels against the reference.
#include <gtest/gtest.h>

#if __has_include(<libswscale/swscale.h>)
extern "C" {
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "framekit/color/color.h"
#include "testing/color_reference.h"

namespace framekit {
namespace {

using color_ref::OwnedImage;

int sws_space(ColorSpace cs) {
  switch (cs) {
    case CS_BT709:
      return SWS_CS_ITU709;
    case CS_FCC:
      return SWS_CS_FCC;
    case CS_SMPTE240M:
      return SWS_CS_SMPTE240M;
    case CS_BT2020_NCL:
      return SWS_CS_BT2020;
    default:
      return SWS_CS_ITU601;
  }
}

// Converts with swscale; returns false if swscale cannot.
bool run_sws(const ImageView& s, const ImageView& d, ColorSpace cs) {
  const AVPixelFormat sf = av_get_pix_fmt(std::string(s.desc().name).c_str());
  const AVPixelFormat df = av_get_pix_fmt(std::string(d.desc().name).c_str());
  if (sf == AV_PIX_FMT_NONE || df == AV_PIX_FMT_NONE) return false;
  SwsContext* ctx = sws_alloc_context();
  av_opt_set_int(ctx, "srcw", s.width, 0);
  av_opt_set_int(ctx, "srch", s.height, 0);
  av_opt_set_int(ctx, "src_format", sf, 0);
  av_opt_set_int(ctx, "dstw", d.width, 0);
  av_opt_set_int(ctx, "dsth", d.height, 0);
  av_opt_set_int(ctx, "dst_format", df, 0);
  av_opt_set_int(
      ctx, "sws_flags",
      SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_FULL_CHR_H_INP | SWS_BITEXACT, 0);
  // Ranges must be known at init for swscale to set up its YUV range converters.
  av_opt_set_int(ctx, "src_range", s.info.range() == CR_JPEG, 0);
  av_opt_set_int(ctx, "dst_range", d.info.range() == CR_JPEG, 0);
  if (sws_init_context(ctx, nullptr, nullptr) < 0) {
    sws_freeContext(ctx);
    return false;
  }
  const int* coef = sws_getCoefficients(sws_space(cs));
  sws_setColorspaceDetails(ctx, coef, s.info.range() == CR_JPEG, coef, d.info.range() == CR_JPEG, 0,
                           1 << 16, 1 << 16);
  const uint8_t* sp[4] = {};
  int ss[4] = {};
  uint8_t* dp[4] = {};
  int ds[4] = {};
  for (int p = 0; p < s.desc().num_planes; ++p) {
    sp[p] = s.planes[p].data;
    ss[p] = static_cast<int>(s.planes[p].stride);
  }
  for (int p = 0; p < d.desc().num_planes; ++p) {
    dp[p] = d.planes[p].data;
    ds[p] = static_cast<int>(d.planes[p].stride);
  }
  sws_scale(ctx, sp, ss, 0, s.height, dp, ds);
  sws_freeContext(ctx);
  return true;
}

struct Result {
  double vs_sws = -1, ours_vs_ref = 0, sws_vs_ref = 0;
};

// Clamps limited-range YUV samples into their legal ranges (Y 16..235, C 16..240).
void make_legal(const ImageView& v, const PixelInfo& resolved) {
  const auto& d = v.desc();
  if (!d.is_yuv() || resolved.range() != CR_MPEG) return;
  const double s = std::ldexp(1.0, d.bit_depth - 8);
  for (char c : {'Y', 'U', 'V'}) {
    const int w = c == 'Y' ? v.width : (v.width + (1 << d.log2_chroma_w) - 1) >> d.log2_chroma_w;
    const int h = c == 'Y' ? v.height : (v.height + (1 << d.log2_chroma_h) - 1) >> d.log2_chroma_h;
    color_ref::Plane p = color_ref::read_comp(v, c, w, h);
    for (auto& x : p.v) x = std::clamp(x, 16 * s, (c == 'Y' ? 235 : 240) * s);
    color_ref::write_comp(v, c, p);
  }
}

Result compare(const PixelInfo& si, const PixelInfo& di, bool smooth) {
  const int w = 64, h = 16;
  OwnedImage src(si, w, h), ours(di, w, h), theirs(di, w, h), ref(di, w, h);
  color_ref::fill(src.view, 77, smooth);
  make_legal(src.view, resolve_conversion(si, di).src);
  convert_color(src.view, ours.view);
  const auto r = resolve_conversion(si, di);
  ImageView rs = src.view, rd = ref.view, ts = src.view, td = theirs.view;
  rs.info = ts.info = r.src;
  rd.info = td.info = r.dst;
  Result res;
  color_ref::convert(rs, rd);
  res.ours_vs_ref = color_ref::max_diff(ours.view, ref.view);
  const ColorSpace cs = r.src.desc().is_yuv() ? r.src.space() : r.dst.space();
  if (!run_sws(ts, td, cs)) return res;
  res.vs_sws = color_ref::max_diff(ours.view, theirs.view);
  res.sws_vs_ref = color_ref::max_diff(theirs.view, ref.view);
  return res;
}

TEST(ColorSwscale, SpacesAndRanges444) {
  std::printf("4:4:4 <-> RGB vs swscale, random input (codes of the output format)\n");
  for (ColorSpace cs : {CS_BT470BG, CS_BT709, CS_BT2020_NCL, CS_FCC, CS_SMPTE240M})
    for (ColorRange cr : {CR_MPEG, CR_JPEG})
      for (auto [yuv, rgb] :
           {std::pair{PF_YUV444P, PF_RGB24}, std::pair{PF_YUV444P, PF_BGRA32},
            std::pair{PF_YUV444P10LE, PF_RGB48}, std::pair{PF_YUV444P, PF_GBRP}}) {
        const PixelInfo y(yuv, cs, cr), r(rgb);
        for (bool to_rgb : {true, false}) {
          const Result res = to_rgb ? compare(y, r, false) : compare(r, y, false);
          std::printf("  %-9s %s %-12s %s %-8s |ours-sws| %4.0f |ours-ref| %2.0f |sws-ref| %4.0f\n",
                      std::string(color_space_name(cs)).c_str(),
                      std::string(color_range_name(cr)).c_str(),
                      std::string(pixel_format_name(to_rgb ? yuv : rgb)).c_str(), "->",
                      std::string(pixel_format_name(to_rgb ? rgb : yuv)).c_str(), res.vs_sws,
                      res.ours_vs_ref, res.sws_vs_ref);
          ASSERT_GE(res.vs_sws, 0) << "swscale refused the conversion";
          EXPECT_LE(res.ours_vs_ref, 1.0);
          // In codes of the output format: about one 8-bit level either way.
          const PixelFormat out = to_rgb ? rgb : yuv;
          EXPECT_LE(res.vs_sws, out == PF_RGB48 ? 2 * 257.0 : out == PF_YUV444P10LE ? 8.0 : 2.0);
        }
      }
}

TEST(ColorSwscale, SubsampledSmoothPicture) {
  std::printf("4:2:x <-> RGB vs swscale, smooth picture\n");
  for (ColorSpace cs : {CS_BT470BG, CS_BT709})
    for (ColorRange cr : {CR_MPEG, CR_JPEG})
      for (auto [yuv, rgb] : {std::pair{PF_YUV420P, PF_RGB24}, std::pair{PF_NV12, PF_BGRA32},
                              std::pair{PF_YUV422P, PF_RGB24}, std::pair{PF_P010LE, PF_RGB48},
                              std::pair{PF_YUYV422, PF_BGR24}}) {
        const PixelInfo y(yuv, cs, cr), r(rgb);
        for (bool to_rgb : {true, false}) {
          const Result res = to_rgb ? compare(y, r, true) : compare(r, y, true);
          if (res.vs_sws < 0) continue;  // swscale has no such output (e.g. P010 from RGB48)
          std::printf(
              "  %-9s %s %-12s -> %-12s |ours-sws| %4.0f |ours-ref| %2.0f |sws-ref| %4.0f\n",
              std::string(color_space_name(cs)).c_str(), std::string(color_range_name(cr)).c_str(),
              std::string(pixel_format_name(to_rgb ? yuv : rgb)).c_str(),
              std::string(pixel_format_name(to_rgb ? rgb : yuv)).c_str(), res.vs_sws,
              res.ours_vs_ref, res.sws_vs_ref);
          EXPECT_LE(res.ours_vs_ref, 1.0);
          const double scale = (rgb == PF_RGB48 && to_rgb) ? 257.0 : yuv == PF_P010LE ? 4.0 : 1.0;
          // Vertical chroma: swscale nearest at the same size, ours bilinear.
          const double levels = to_rgb && yuv != PF_YUV422P && yuv != PF_YUYV422 ? 8.0 : 4.0;
          EXPECT_LE(res.vs_sws, levels * scale) << pixel_format_name(yuv) << " " << to_rgb;
        }
      }
}

TEST(ColorSwscale, BitDepthAndRangeChanges) {
  const std::pair<PixelInfo, PixelInfo> cases[] = {
      {PixelInfo(PF_YUV420P10LE), PixelInfo(PF_YUV420P)},
      {PixelInfo(PF_YUV420P), PixelInfo(PF_YUV420P10LE)},
      {PixelInfo(PF_YUV444P, CS_BT709, CR_MPEG), PixelInfo(PF_YUV444P10LE, CS_BT709, CR_JPEG)},
      {PixelInfo(PF_YUV444P10LE, CS_BT709, CR_JPEG), PixelInfo(PF_YUV444P, CS_BT709, CR_MPEG)},
      {PixelInfo(PF_YUV444P16LE), PixelInfo(PF_YUV444P)},
      {PixelInfo(PF_GRAY8), PixelInfo(PF_RGB24)},
      {PixelInfo(PF_RGB24), PixelInfo(PF_GRAY8)},
  };
  for (const auto& [s, d] : cases) {
    const Result res = compare(s, d, false);
    std::printf("  %-14s -> %-14s |ours-sws| %4.0f |ours-ref| %2.0f |sws-ref| %4.0f\n",
                s.str().c_str(), d.str().c_str(), res.vs_sws, res.ours_vs_ref, res.sws_vs_ref);
    ASSERT_GE(res.vs_sws, 0);
    EXPECT_LE(res.ours_vs_ref, 1.0);
    EXPECT_LE(res.vs_sws, d.desc().bit_depth > 8 ? 4.0 : 2.0) << s.str() << " -> " << d.str();
  }
}

}  // namespace
}  // namespace framekit

#else
TEST(ColorSwscale, Unavailable) {
  // A reference comparison that cannot run is a failure, not a skip: install
  // libswscale-dev (scripts/install_deps.sh does).
  FAIL() << "libswscale headers not found: the swscale comparison was not built";
}
#endif
