// The shared color maths (framekit/pixel/color_matrix.h) against the equations of the
// standards written out here, and against libjpeg's published JFIF integers.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "framekit/core/error.h"
#include "framekit/pixel/color_matrix.h"

using namespace framekit;

namespace {

struct Standard {
  ColorSpace space;
  double kr, kb;  // as the recommendation states them
};
// BT.601 (= BT.470BG = SMPTE 170M), BT.709, BT.2020 non-constant luminance, FCC, SMPTE 240M.
const Standard kStandards[] = {
    {CS_BT470BG, 0.299, 0.114},      {CS_SMPTE170M, 0.299, 0.114}, {CS_BT709, 0.2126, 0.0722},
    {CS_BT2020_NCL, 0.2627, 0.0593}, {CS_FCC, 0.30, 0.11},         {CS_SMPTE240M, 0.212, 0.087},
};

// Y' = Kr R' + Kg G' + Kb B'; Cb = (B' - Y') / (2 (1 - Kb)); Cr = (R' - Y') / (2 (1 - Kr)).
void ycbcr_by_definition(double kr, double kb, const double rgb[3], double out[3]) {
  const double y = kr * rgb[0] + (1 - kr - kb) * rgb[1] + kb * rgb[2];
  out[0] = y;
  out[1] = (rgb[2] - y) / (2 * (1 - kb));
  out[2] = (rgb[0] - y) / (2 * (1 - kr));
}

void apply(const ColorMatrix& m, const double in[3], double out[3]) {
  for (int i = 0; i < 3; ++i) out[i] = m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2];
}

TEST(ColorMatrix, KrKbOfEverySpaceAreTheStandards) {
  for (const auto& s : kStandards) {
    const LumaCoefficients k = luma_coefficients(s.space);
    EXPECT_EQ(k.kr, s.kr) << color_space_name(s.space);
    EXPECT_EQ(k.kb, s.kb) << color_space_name(s.space);
  }
  EXPECT_THROW(luma_coefficients(CS_YCGCO), Error);
  EXPECT_THROW(luma_coefficients(CS_BT2020_CL), Error);
}

TEST(ColorMatrix, MatricesFollowTheDefinitionAndInvert) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (const auto& s : kStandards) {
    const ColorMatrix fwd = rgb_to_yuv_matrix(s.space);
    const ColorMatrix inv = yuv_to_rgb_matrix(s.space);
    for (int i = 0; i < 200; ++i) {
      const double rgb[3] = {unit(rng), unit(rng), unit(rng)};
      double want[3], got[3], back[3];
      ycbcr_by_definition(s.kr, s.kb, rgb, want);
      apply(fwd, rgb, got);
      apply(inv, got, back);
      for (int c = 0; c < 3; ++c) {
        EXPECT_NEAR(got[c], want[c], 1e-12) << color_space_name(s.space) << " channel " << c;
        EXPECT_NEAR(back[c], rgb[c], 1e-12) << color_space_name(s.space) << " channel " << c;
      }
    }
    // White is Y' = 1 with no chroma; pure blue reaches Cb = +0.5, pure red Cr = +0.5.
    const double white[3] = {1, 1, 1}, blue[3] = {0, 0, 1}, red[3] = {1, 0, 0};
    double w[3], b[3], r[3];
    apply(fwd, white, w);
    apply(fwd, blue, b);
    apply(fwd, red, r);
    EXPECT_NEAR(w[0], 1.0, 1e-15);
    EXPECT_NEAR(w[1], 0.0, 1e-15);
    EXPECT_NEAR(w[2], 0.0, 1e-15);
    EXPECT_NEAR(b[1], 0.5, 1e-15);
    EXPECT_NEAR(r[2], 0.5, 1e-15);
  }
}

TEST(ColorMatrix, YcgcoFollowsItsDefinition) {
  // Y = R/4 + G/2 + B/4, Cg = -R/4 + G/2 - B/4, Co = (R - B) / 2.
  const ColorMatrix fwd = rgb_to_yuv_matrix(CS_YCGCO), inv = yuv_to_rgb_matrix(CS_YCGCO);
  const double rgb[3] = {0.8, 0.3, 0.1};
  double got[3], back[3];
  apply(fwd, rgb, got);
  EXPECT_DOUBLE_EQ(got[0], 0.2 + 0.15 + 0.025);
  EXPECT_DOUBLE_EQ(got[1], -0.2 + 0.15 - 0.025);
  EXPECT_DOUBLE_EQ(got[2], 0.35);
  apply(inv, got, back);
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(back[c], rgb[c], 1e-15);
}

TEST(ColorMatrix, JfifFixedPointIsLibjpegs) {
  // jccolor.c: FIX(0.29900) … with FIX(x) = (INT32)(x * 65536 + 0.5), ONE_HALF = 32768.
  const int32_t libjpeg[3][3] = {
      {19595, 38470, 7471}, {-11059, -21709, 32768}, {32768, -27439, -5329}};
  constexpr auto q = jfif_rgb_to_ycbcr_fixed();
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(q[i][j], libjpeg[i][j]) << i << "," << j;
}

TEST(ColorMatrix, FixedPointRoundsHalfAwayFromZero) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> coef(-2.0, 2.0);
  for (int i = 0; i < 1000; ++i) {
    const double v = coef(rng);
    for (int bits : {6, 8, 14, 16})
      EXPECT_EQ(fixed_point(v, bits), std::lround(std::ldexp(v, bits)));
  }
  EXPECT_EQ(fixed_point(0.5 / 65536, 16), 1);
  EXPECT_EQ(fixed_point(-0.5 / 65536, 16), -1);
  EXPECT_EQ(round_decimals(0.1687358916, 5), 0.16874);
  EXPECT_EQ(round_decimals(-0.0813124108, 5), -0.08131);
}

TEST(ColorMatrix, SampleRangesMapTheNominalCodes) {
  for (int bits : {8, 10, 12, 16}) {
    const double s = std::ldexp(1.0, bits - 8), top = std::ldexp(1.0, bits) - 1;
    auto norm = [](SampleRange r, double code) { return code * r.scale() + r.offset(); };
    // Limited: luma 16..235, chroma 16..240 around 128, scaled by 2^(bits - 8).
    EXPECT_NEAR(norm(luma_range(bits, false), 16 * s), 0.0, 1e-12) << bits;
    EXPECT_NEAR(norm(luma_range(bits, false), 235 * s), 1.0, 1e-12) << bits;
    EXPECT_NEAR(norm(chroma_range(bits, false), 128 * s), 0.0, 1e-12) << bits;
    EXPECT_NEAR(norm(chroma_range(bits, false), 240 * s), 0.5, 1e-12) << bits;
    EXPECT_NEAR(norm(chroma_range(bits, false), 16 * s), -0.5, 1e-12) << bits;
    // Full: 0..2^bits - 1, chroma centred on 2^(bits - 1).
    EXPECT_EQ(norm(luma_range(bits, true), 0), 0.0) << bits;
    EXPECT_NEAR(norm(luma_range(bits, true), top), 1.0, 1e-12) << bits;
    EXPECT_EQ(norm(chroma_range(bits, true), std::ldexp(1.0, bits - 1)), 0.0) << bits;
  }
}

}  // namespace
