// The color maths every module shares: Y'CbCr matrices from Kr/Kb, the range of
// integer samples, and fixed-point coefficients. color/ builds its conversions from
// these, and jpeg/ its JFIF constants and its matrix change, so both agree by
// construction.
//
// Everything here is constexpr where the maths allows, so that fixed-point constants
// of the kernels can be derived (and checked) at compile time.
#pragma once

#include <array>
#include <cstdint>

#include "framekit/pixel/color.h"

namespace framekit {

// Row-major 3x3 matrix; rows are output channels.
using ColorMatrix = std::array<std::array<double, 3>, 3>;

// Kr/Kb of the matrices framekit implements (luma_coefficients() maps a ColorSpace to
// one of them).
inline constexpr LumaCoefficients kBt601Luma{0.299, 0.114};  // BT.470BG = SMPTE170M = JFIF
inline constexpr LumaCoefficients kBt709Luma{0.2126, 0.0722};
inline constexpr LumaCoefficients kBt2020Luma{0.2627, 0.0593};  // non-constant luminance
inline constexpr LumaCoefficients kFccLuma{0.30, 0.11};
inline constexpr LumaCoefficients kSmpte240mLuma{0.212, 0.087};

// Y'CbCr from R'G'B' (all in [0, 1]; Cb and Cr in [-0.5, 0.5]).
constexpr ColorMatrix rgb_to_ycbcr(LumaCoefficients k) {
  const double kg = 1.0 - k.kr - k.kb;
  const double cb = 2.0 * (1.0 - k.kb);
  const double cr = 2.0 * (1.0 - k.kr);
  return {{{k.kr, kg, k.kb},
           {-k.kr / cb, -kg / cb, (1.0 - k.kb) / cb},
           {(1.0 - k.kr) / cr, -kg / cr, -k.kb / cr}}};
}

// R'G'B' from Y'CbCr: the inverse of rgb_to_ycbcr().
constexpr ColorMatrix ycbcr_to_rgb(LumaCoefficients k) {
  const double kg = 1.0 - k.kr - k.kb;
  return {{{1, 0, 2 * (1 - k.kr)},
           {1, -2 * k.kb * (1 - k.kb) / kg, -2 * k.kr * (1 - k.kr) / kg},
           {1, 2 * (1 - k.kb), 0}}};
}

// YCgCo (Y, Cg in the Cb slot, Co in the Cr slot) from R'G'B', and back.
inline constexpr ColorMatrix kRgbToYcgco{
    {{0.25, 0.5, 0.25}, {-0.25, 0.5, -0.25}, {0.5, 0.0, -0.5}}};
inline constexpr ColorMatrix kYcgcoToRgb{{{1, -1, 1}, {1, 1, 0}, {1, -1, -1}}};

// The YUV ← RGB and RGB ← YUV matrices of a color space: YCgCo, or the Kr/Kb matrix
// (throws Error(kUnsupported) like luma_coefficients() for the other spaces).
ColorMatrix rgb_to_yuv_matrix(ColorSpace cs);
ColorMatrix yuv_to_rgb_matrix(ColorSpace cs);

constexpr ColorMatrix multiply(const ColorMatrix& a, const ColorMatrix& b) {
  ColorMatrix r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) r[i][j] += a[i][k] * b[k][j];
  return r;
}

// Where the normalised values of an integer channel lie among its codes:
// normalised = (raw - black) / span, black being the code of 0 (luma, R, G, B, gray)
// or of the chroma centre. Limited range at `bits` bits: luma 16·s .. 235·s, chroma
// centred on 128·s with ±112·s, s = 2^(bits - 8); full range: 0 .. 2^bits - 1, chroma
// centred on 2^(bits - 1).
struct SampleRange {
  double black;
  double span;
  // normalised = raw * scale() + offset()
  constexpr double scale() const { return 1.0 / span; }
  constexpr double offset() const { return black == 0 ? 0.0 : -black / span; }
};

constexpr SampleRange luma_range(int bits, bool full_range) {
  const double s = static_cast<double>(1 << (bits - 8));
  if (full_range) return {0.0, static_cast<double>((1 << bits) - 1)};
  return {16.0 * s, 219.0 * s};
}

constexpr SampleRange chroma_range(int bits, bool full_range) {
  const double s = static_cast<double>(1 << (bits - 8));
  if (full_range)
    return {static_cast<double>(1 << (bits - 1)), static_cast<double>((1 << bits) - 1)};
  return {128.0 * s, 224.0 * s};
}

// v in fixed point with `frac_bits` fraction bits, rounded half away from zero (the
// FIX() of libjpeg for positive values, and -FIX(-v) for negative ones).
constexpr int32_t fixed_point(double v, int frac_bits) {
  const double scaled = v * static_cast<double>(int64_t{1} << frac_bits);
  return scaled >= 0 ? static_cast<int32_t>(scaled + 0.5) : -static_cast<int32_t>(-scaled + 0.5);
}

// v rounded half away from zero to `decimals` decimal places.
constexpr double round_decimals(double v, int decimals) {
  double p = 1;
  for (int i = 0; i < decimals; ++i) p *= 10;
  const auto n = static_cast<int64_t>((v >= 0 ? v : -v) * p + 0.5);
  return (v >= 0 ? 1 : -1) * static_cast<double>(n) / p;
}

// The JFIF RGB → YCbCr coefficients of libjpeg (jccolor.c) in 16-bit fixed point: the
// BT.601 matrix with each entry written to five decimals (0.29900, -0.16874, …), then
// fixed. Encoders that must match libjpeg bit for bit use exactly these.
constexpr std::array<std::array<int32_t, 3>, 3> jfif_rgb_to_ycbcr_fixed() {
  const ColorMatrix m = rgb_to_ycbcr(kBt601Luma);
  std::array<std::array<int32_t, 3>, 3> q{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) q[i][j] = fixed_point(round_decimals(m[i][j], 5), 16);
  return q;
}

}  // namespace framekit
