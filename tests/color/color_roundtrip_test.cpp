// Every format pair round-trips A → B → A within a tolerance that follows from what B
// can hold (bit depth, chroma resolution, luma only for gray, alpha).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "framekit/color/color.h"
#include "testing/color_reference.h"

namespace framekit {
namespace {

using color_ref::OwnedImage;

// Tolerance in codes of A for A → B → A on a smooth picture.
double tolerance(const PixelFormatDesc& a, const PixelFormatDesc& b) {
  const double a_scale = a.dtype == ScalarType::kFloat32 ? 1.0 : std::ldexp(1.0, a.bit_depth - 8);
  // Quantisation to B (in 8-bit levels): 8-bit B costs about one level each way, and
  // a matrix change (YUV ↔ RGB) spreads one level over the other channels.
  double levels = b.bit_depth >= 10 || b.dtype == ScalarType::kFloat32 ? 1.0 : 2.0;
  if (a.is_yuv() != b.is_yuv() && b.bit_depth <= 8 && b.dtype != ScalarType::kFloat32) levels = 3.0;
  // Chroma subsampling on either side: the smooth picture loses a little detail.
  if ((b.is_yuv() && (b.log2_chroma_w || b.log2_chroma_h)) ||
      (a.is_yuv() && (a.log2_chroma_w || a.log2_chroma_h)))
    levels += 5.0;
  return std::max(1.0, levels * a_scale);
}

TEST(ColorRoundTrip, EveryFormatPair) {
  const int w = 37, h = 23;  // odd: the last chroma column/row must survive
  int pairs = 0;
  for (const auto& a : all_pixel_formats()) {
    for (const auto& b : all_pixel_formats()) {
      const bool gray = a.is_gray() || b.is_gray();
      OwnedImage src(PixelInfo(a.format), w, h), mid(PixelInfo(b.format), w, h),
          back(PixelInfo(a.format), w, h);
      // A picture every side can hold: gray when either side is gray (color cannot
      // survive gray), made from RGB for YUV (random YUV is mostly out of gamut), and
      // opaque when B has no alpha (lost alpha comes back opaque).
      const PixelFormat origin = gray                           ? PF_GRAY16
                                 : (a.has_alpha && b.has_alpha) ? PF_RGBA64
                                                                : PF_RGB48;
      if (a.format == origin) {
        color_ref::fill(src.view, 11 + pairs, true);
      } else {
        OwnedImage o(PixelInfo(origin), w, h);
        color_ref::fill(o.view, 11 + pairs, true);
        convert_color(o.view, src.view);
      }
      convert_color(src.view, mid.view);
      convert_color(mid.view, back.view);
      double err = color_ref::max_diff(src.view, back.view);
      if (a.dtype == ScalarType::kFloat32) err /= 255.0;  // max_diff scales floats by 255
      const double tol = tolerance(a, b) / (a.dtype == ScalarType::kFloat32 ? 255.0 : 1.0);
      EXPECT_LE(err, tol) << a.name << " -> " << b.name << " -> " << a.name;
      ++pairs;
    }
  }
  EXPECT_EQ(pairs, int{kPixelFormatCount} * kPixelFormatCount);
}

}  // namespace
}  // namespace framekit
