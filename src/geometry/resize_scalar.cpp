// Scalar twins of the 8-bit resize kernels. They define the exact integer arithmetic
// the SIMD versions (resize_simd.cpp) must reproduce bit for bit.
#include <algorithm>
#include <cmath>

#include "geometry/geometry_internal.h"

namespace framekit::geometry_detail {
namespace {

void plan_none(HPlanU8& plan) {
  plan.simd = HTableU8{};
  plan.padded_elems = plan.out_elems;
}
void plan_u8_scalar(HPlanU8& plan, size_t /*src_row_bytes*/) {
  plan_none(plan);
}

int16_t saturate_i16(int32_t v) {
  return static_cast<int16_t>(std::clamp<int32_t>(v, INT16_MIN, INT16_MAX));
}

// pmulhrsw: round(a * b / 2^15), computed as the SIMD instruction does.
int16_t mulhrs(int16_t a, int16_t b) {
  return static_cast<int16_t>((static_cast<int32_t>(a) * b + (1 << 14)) >> 15);
}

// The horizontal filter of one row of samples T (uint8 or int16): int32 sums, rounded
// and shifted, then stored by `store`.
template <typename T, typename Store>
void hfilter(const T* in, const HPlanU8& plan, Store store) {
  const AxisFilter& f = *plan.filter;
  const int C = plan.channels, K = f.taps;
  const int32_t round = (1 << (plan.shift - 1)) + plan.offset;
  for (int x = 0; x < f.dst_len; ++x) {
    const T* s = in + static_cast<ptrdiff_t>(f.start[x]) * C;
    const int16_t* w = &f.wq[static_cast<size_t>(x) * K];
    for (int c = 0; c < C; ++c) {
      int32_t acc = 0;
      for (int k = 0; k < K; ++k) acc += s[k * C + c] * w[k];
      store(x * C + c, (acc + round) >> plan.shift);
    }
  }
}

}  // namespace

void resize_hpass_u8_scalar(const uint8_t* src, const HPlanU8& plan, int16_t* out) {
  hfilter(src, plan, [out](int e, int32_t v) { out[e] = saturate_i16(v); });
}

void resize_hpass_i16_scalar(const int16_t* in, const HPlanU8& plan, uint8_t* dst) {
  hfilter(in, plan,
          [dst](int e, int32_t v) { dst[e] = static_cast<uint8_t>(std::clamp(v, 0, 255)); });
}

void resize_vpass_i16_scalar(const int16_t* const* rows, const int16_t* w, int taps, int shift,
                             uint8_t* dst, size_t n) {
  const auto round = static_cast<int16_t>(1 << (shift - 1));
  for (size_t i = 0; i < n; ++i) {
    // Wrapping int16 arithmetic, as in the SIMD lanes (no overflow for valid weights,
    // but the twin must not differ even then).
    int16_t acc = mulhrs(rows[0][i], w[0]);
    for (int k = 1; k < taps; ++k) acc = static_cast<int16_t>(acc + mulhrs(rows[k][i], w[k]));
    acc = static_cast<int16_t>(acc + round);
    dst[i] = static_cast<uint8_t>(std::clamp(acc >> shift, 0, 255));
  }
}

void resize_vpass_u8_scalar(const uint8_t* const* rows, const int16_t* w, int taps, int16_t* out,
                            size_t n, const uint8_t* const* /*ahead: a prefetch hint*/) {
  for (size_t i = 0; i < n; ++i) {
    int16_t acc = 0;
    for (int k = 0; k < taps; ++k)
      acc =
          static_cast<int16_t>(acc + mulhrs(static_cast<int16_t>((rows[k][i] - 128) * 256), w[k]));
    out[i] = acc;
  }
}

void resize_box2_u8_scalar(const uint8_t* r0, const uint8_t* r1, uint8_t* dst, int dst_width,
                           int channels) {
  const int C = channels;
  for (int x = 0; x < dst_width; ++x) {
    const int a = 2 * x * C, b = a + C;
    for (int c = 0; c < C; ++c)
      dst[x * C + c] =
          static_cast<uint8_t>((r0[a + c] + r0[b + c] + r1[a + c] + r1[b + c] + 2) >> 2);
  }
}

namespace resize_float_scalar {

void widen_u16(size_t i0, const uint16_t* in, size_t n, float* out) {
  for (size_t i = i0; i < n; ++i) out[i] = static_cast<float>(in[i]);
}

void hfilter(size_t i0, const float* in, const int32_t* idx, const float* w, int taps, int step,
             size_t n, float* out) {
  for (size_t e = i0; e < n; ++e) {
    float acc = 0.F;
    for (int k = 0; k < taps; ++k)
      acc += w[static_cast<size_t>(k) * n + e] * in[idx[e] + static_cast<ptrdiff_t>(k) * step];
    out[e] = acc;
  }
}

void vfilter(size_t i0, const float* const* rows, const float* w, int taps, size_t n, float* out) {
  for (size_t i = i0; i < n; ++i) {
    float acc = 0.F;
    for (int t = 0; t < taps; ++t) acc += w[t] * rows[t][i];
    out[i] = acc;
  }
}

void store_int(size_t i0, const float* v, size_t n, float inv_scale, float top, int shift,
               int bytes, void* out) {
  for (size_t i = i0; i < n; ++i) {
    const float q = std::min(std::max(std::floor(v[i] * inv_scale + 0.5F), 0.F), top);
    const auto code = static_cast<uint32_t>(static_cast<int32_t>(q) << shift);
    if (bytes == 1)
      static_cast<uint8_t*>(out)[i] = static_cast<uint8_t>(code);
    else
      static_cast<uint16_t*>(out)[i] = static_cast<uint16_t>(code);
  }
}

}  // namespace resize_float_scalar

const ResizeFloatKernels& resize_float_kernels_scalar() noexcept {
  static const ResizeFloatKernels k{
      "scalar",
      [](const uint16_t* in, size_t n, float* out) {
        resize_float_scalar::widen_u16(0, in, n, out);
      },
      [](const int32_t*, int, int, size_t, size_t, std::vector<int32_t>* windows) {
        windows->clear();
      },
      [](const float* in, const int32_t* idx, const float* w, int taps, int step, size_t n,
         const std::vector<int32_t>&,
         float* out) { resize_float_scalar::hfilter(0, in, idx, w, taps, step, n, out); },
      [](const float* const* rows, const float* w, int taps, size_t n, float* out) {
        resize_float_scalar::vfilter(0, rows, w, taps, n, out);
      },
      [](const float* v, size_t n, float inv_scale, float top, int shift, int bytes, void* out) {
        resize_float_scalar::store_int(0, v, n, inv_scale, top, shift, bytes, out);
      }};
  return k;
}

const ResizeKernelsU8& resize_kernels_u8_scalar() noexcept {
  static const ResizeKernelsU8 k{
      "scalar",
      &plan_u8_scalar,         &resize_hpass_u8_scalar,  &resize_vpass_i16_scalar, &plan_none,
      &resize_vpass_u8_scalar, &resize_hpass_i16_scalar, &resize_box2_u8_scalar};
  return k;
}

}  // namespace framekit::geometry_detail
