// Highway versions of the float resize engine's row kernels (twins: resize_scalar.cpp,
// namespace resize_float_scalar). Same float operations in the same order: products
// and sums stay separate instructions (no FMA), so SIMD and scalar agree bit for bit.
// The horizontal taps are gathered (GatherIndex: vgatherdps on AVX2/AVX-512).
#include <algorithm>
#include <cstdint>
#include <vector>

#define HWY_TARGET_INCLUDE "geometry/resize_float_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include "geometry/geometry_internal.h"

FRAMEKIT_SIMD_BEGIN(framekit::geometry_detail)

using DF = hn::ScalableTag<float>;
using DI = hn::RebindToSigned<DF>;

void WidenU16(const uint16_t* HWY_RESTRICT in, size_t n, float* HWY_RESTRICT out) {
  const DF df;
  const DI di;
  const hn::Rebind<uint16_t, DF> d16;
  const size_t N = hn::Lanes(df);
  size_t i = 0;
  for (; i + N <= n; i += N)
    hn::StoreU(hn::ConvertTo(df, hn::PromoteTo(di, hn::LoadU(d16, in + i))), df, out + i);
  resize_float_scalar::widen_u16(i, in, n, out);
}

#undef FRAMEKIT_FLOAT_WINDOWS
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
#define FRAMEKIT_FLOAT_WINDOWS 1
// AVX-512: 16 outputs whose taps all lie in 32 consecutive samples (inside the row) take
// them with one two-table permute per tap (vpermt2ps) instead of a gather. Per chunk of
// 16 outputs: the window start (-1: gather) and per tap 16 lane picks.
void PlanHFilter(const int32_t* idx, int taps, int step, size_t n, size_t in_len,
                 std::vector<int32_t>* windows) {
  const size_t chunks = n / 16, per = 1 + 16 * static_cast<size_t>(taps);
  windows->assign(chunks * per, 0);
  for (size_t j = 0; j < chunks; ++j) {
    int32_t* t = windows->data() + j * per;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int i = 0; i < 16; ++i) {
      lo = std::min<int64_t>(lo, idx[16 * j + i]);
      hi = std::max<int64_t>(hi, idx[16 * j + i] + static_cast<int64_t>(taps - 1) * step);
    }
    if (hi - lo >= 32 || lo + 32 > static_cast<int64_t>(in_len)) {
      t[0] = -1;
      continue;
    }
    t[0] = static_cast<int32_t>(lo);
    for (int k = 0; k < taps; ++k)
      for (int i = 0; i < 16; ++i)
        t[1 + 16 * k + i] = static_cast<int32_t>(idx[16 * j + i] + k * step - lo);
  }
}
#else
#define FRAMEKIT_FLOAT_WINDOWS 0
void PlanHFilter(const int32_t*, int, int, size_t, size_t, std::vector<int32_t>* windows) {
  windows->clear();
}
#endif

void HFilter(const float* HWY_RESTRICT in, const int32_t* HWY_RESTRICT idx,
             const float* HWY_RESTRICT w, int taps, int step, size_t n,
             const std::vector<int32_t>& windows, float* HWY_RESTRICT out) {
  const DF df;
  const DI di;
  const size_t N = hn::Lanes(df);
  const auto vstep = hn::Set(di, step);
  // N outputs at e, their taps gathered.
  auto gathered = [&](size_t e) {
    auto ix = hn::LoadU(di, idx + e);
    auto acc = hn::Zero(df);
    for (int k = 0; k < taps; ++k) {
      acc = hn::Add(acc, hn::Mul(hn::LoadU(df, w + static_cast<size_t>(k) * n + e),
                                 hn::GatherIndex(df, in, ix)));
      ix = hn::Add(ix, vstep);
    }
    hn::StoreU(acc, df, out + e);
  };
  size_t e = 0;
#if FRAMEKIT_FLOAT_WINDOWS
  if (!windows.empty()) {  // chunks of 16 = N outputs
    const size_t per = 1 + 16 * static_cast<size_t>(taps);
    for (; e + 16 <= n; e += 16) {
      const int32_t* t = windows.data() + e / 16 * per;
      if (t[0] < 0) {  // the taps do not fit one window
        gathered(e);
        continue;
      }
      const __m512 a = _mm512_loadu_ps(in + t[0]), b = _mm512_loadu_ps(in + t[0] + 16);
      __m512 acc = _mm512_setzero_ps();
      for (int k = 0; k < taps; ++k) {
        const __m512 x = _mm512_permutex2var_ps(a, _mm512_loadu_si512(t + 1 + 16 * k), b);
        acc = _mm512_add_ps(acc,
                            _mm512_mul_ps(_mm512_loadu_ps(w + static_cast<size_t>(k) * n + e), x));
      }
      _mm512_storeu_ps(out + e, acc);
    }
  }
#else
  (void)windows;
#endif
  for (; e + N <= n; e += N) gathered(e);
  resize_float_scalar::hfilter(e, in, idx, w, taps, step, n, out);
}

void VFilter(const float* const* rows, const float* w, int taps, size_t n, float* out) {
  const DF df;
  const size_t N = hn::Lanes(df);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    auto acc = hn::Zero(df);
    for (int t = 0; t < taps; ++t)
      acc = hn::Add(acc, hn::Mul(hn::Set(df, w[t]), hn::LoadU(df, rows[t] + i)));
    hn::StoreU(acc, df, out + i);
  }
  resize_float_scalar::vfilter(i, rows, w, taps, n, out);
}

void StoreInt(const float* HWY_RESTRICT v, size_t n, float inv_scale, float top, int shift,
              int bytes, void* HWY_RESTRICT out) {
  const DF df;
  const DI di;
  const size_t N = hn::Lanes(df);
  const auto inv = hn::Set(df, inv_scale), half = hn::Set(df, 0.5F);
  const auto lo = hn::Zero(df), hi = hn::Set(df, top);
  const auto scale = hn::Set(df, static_cast<float>(1 << shift));
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const auto q =
        hn::Min(hn::Max(hn::Floor(hn::Add(hn::Mul(hn::LoadU(df, v + i), inv), half)), lo), hi);
    // q is a whole number below 2^17: q * 2^shift is exact, the same as the integer shift
    // (which, by a register count, costs an extra uop here).
    const auto code = hn::ConvertTo(di, hn::Mul(q, scale));
    if (bytes == 1) {
      const hn::Rebind<uint8_t, DI> d8;
      hn::StoreU(hn::DemoteTo(d8, code), d8, static_cast<uint8_t*>(out) + i);
    } else {
      const hn::Rebind<uint16_t, DI> d16;
      hn::StoreU(hn::DemoteTo(d16, code), d16, static_cast<uint16_t*>(out) + i);
    }
  }
  resize_float_scalar::store_int(i, v, n, inv_scale, top, shift, bytes, out);
}

FRAMEKIT_SIMD_TABLE(ResizeFloatKernels, &WidenU16, &PlanHFilter,
                    &HFilter, &VFilter, &StoreInt)

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::geometry_detail, ResizeFloatKernels, resize_float_kernels, resize_float_kernels_scalar
#include "framekit/core/simd_dispatch-inl.h"
