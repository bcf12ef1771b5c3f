// Fixed-point coefficient sets of the fused 8-bit kernels, derived from the same
// double-precision affine map the general engine uses.
#include <algorithm>
#include <cmath>

#include "color/color_fixed.h"

namespace framekit::color_detail {
namespace {

bool fits16(double v) {
  return std::abs(v) <= 32767.0;
}

// Rounds a[0..2] * scale to integers whose sum equals the rounded exact sum, so
// neutral inputs (gray, or zero chroma) map exactly.
bool quantise3(const double* a, double scale, int16_t* out) {
  double q[3];
  double exact_sum = 0;
  for (int i = 0; i < 3; ++i) {
    q[i] = std::nearbyint(a[i] * scale);
    exact_sum += a[i] * scale;
    if (!fits16(q[i])) return false;
  }
  const double target = std::nearbyint(exact_sum);
  double diff = target - (q[0] + q[1] + q[2]);
  if (diff != 0) {
    int big = 0;
    for (int i = 1; i < 3; ++i)
      if (std::abs(a[i]) > std::abs(a[big])) big = i;
    q[big] += diff;
    if (!fits16(q[big])) return false;
  }
  for (int i = 0; i < 3; ++i) out[i] = static_cast<int16_t>(q[i]);
  return true;
}

// v in 1/2^frac units, plus (if `half`) the half unit that makes the final shift round.
bool bias16(double v, int16_t* out, int frac = 6, bool half = true) {
  const double q = std::nearbyint(std::ldexp(v, frac)) + (half ? std::ldexp(1.0, frac - 1) : 0.0);
  if (!fits16(q)) return false;
  *out = static_cast<int16_t>(q);
  return true;
}

}  // namespace

namespace {

// `bits`-bit samples: the luma operand is Y << (16 − bits), so the product's scale is
// 2^(bits + 6) (1/64 units); a chroma word is (C − centre) << (16 − bits), scale
// 2^(bits + 5).
bool yuv_to_rgb_fixed(const Affine& a, int bits, YuvToRgbFixed* k) {
  // One luma coefficient for all three outputs (true of every supported matrix).
  const double cy = a.m[0][0];
  for (int c = 1; c < 3; ++c)
    if (std::abs(a.m[c][0] - cy) > 1e-9 * std::max(1.0, std::abs(cy))) return false;
  const double qy = std::nearbyint(std::ldexp(cy, bits + 6));
  if (qy < 0 || qy > 65535) return false;  // unsigned MulHigh
  k->cy = static_cast<uint16_t>(qy);
  const double centre = std::ldexp(1.0, bits - 1);
  for (int c = 0; c < 3; ++c) {
    const double qu = std::nearbyint(std::ldexp(a.m[c][1], bits + 5));
    const double qv = std::nearbyint(std::ldexp(a.m[c][2], bits + 5));
    if (!fits16(qu) || !fits16(qv)) return false;
    k->cu[c] = static_cast<int16_t>(qu);
    k->cv[c] = static_cast<int16_t>(qv);
    // Chroma enters centred, so its offset moves into the bias.
    // The kernel's final step rounds ((acc + 32) >> 6), so the bias has no half unit.
    if (!bias16(a.m[c][3] + centre * (a.m[c][1] + a.m[c][2]), &k->bias[c], 6, false))
      return false;
  }
  return true;
}

}  // namespace

bool make_yuv_to_rgb_fixed(const Affine& a, YuvToRgbFixed* k) {
  return yuv_to_rgb_fixed(a, 8, k);
}

bool make_yuv16_to_rgb_fixed(const Affine& a, int bits, int sshift, YuvToRgbFixed* k) {
  if (bits != 10 && bits != 12) return false;  // 16 × chroma must fit 16 bits
  if (!yuv_to_rgb_fixed(a, bits, k)) return false;
  k->y16 = true;
  k->y_sshift = static_cast<uint8_t>(sshift);
  k->y_lshift = static_cast<uint8_t>(16 - bits);
  k->y_max = static_cast<uint16_t>((1 << bits) - 1);
  return true;
}

namespace {

// Products land in 1/2^frac of an output code (frac 6 for 8-bit outputs, 14 − bits for
// 10/12-bit ones).
bool rgb_to_yuv_fixed(const Affine& a, int frac, RgbToYuvFixed* k) {
  const double scale = std::ldexp(1.0, frac + 8);
  int16_t y[3];
  if (!quantise3(a.m[0], scale, y) || !quantise3(a.m[1], scale, k->u) ||
      !quantise3(a.m[2], scale, k->v) || !bias16(a.m[0][3], &k->y_bias, frac) ||
      !bias16(a.m[1][3], &k->u_bias, frac) || !bias16(a.m[2][3], &k->v_bias, frac))
    return false;
  for (int i = 0; i < 3; ++i) {
    if (y[i] < 0) return false;  // the luma products are unsigned
    k->y[i] = static_cast<uint16_t>(y[i]);
  }
  // The three truncating luma products lose 1.5 units on average: give one back.
  if (k->y_bias == 32767) return false;
  ++k->y_bias;
  return true;
}

}  // namespace

bool make_rgb_to_yuv_fixed(const Affine& a, RgbToYuvFixed* k) {
  return rgb_to_yuv_fixed(a, 6, k);
}

bool make_rgb_to_yuv16_fixed(const Affine& a, int bits, int lshift, RgbToYuvFixed* k) {
  if (bits != 10 && bits != 12) return false;
  k->out16 = true;
  k->out_frac = static_cast<uint8_t>(14 - bits);
  k->out_lshift = static_cast<uint8_t>(lshift);
  k->out_max = static_cast<uint16_t>((1 << bits) - 1);
  return rgb_to_yuv_fixed(a, k->out_frac, k);
}

}  // namespace framekit::color_detail
