// Highway versions of the float resize engine's row kernels (twins: resize_scalar.cpp,
// namespace resize_float_scalar). Same float operations in the same order: products
// and sums stay separate instructions (no FMA), so SIMD and scalar agree bit for bit.
// The horizontal taps are gathered (GatherIndex: vgatherdps on AVX2/AVX-512).
#include <cstdint>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "imgproc/resize_float_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "imgproc/geometry_internal.h"

HWY_BEFORE_NAMESPACE();
namespace framekit::geometry_detail {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

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

void HFilter(const float* HWY_RESTRICT in, const int32_t* HWY_RESTRICT idx,
             const float* HWY_RESTRICT w, int taps, int step, size_t n, float* HWY_RESTRICT out) {
  const DF df;
  const DI di;
  const size_t N = hn::Lanes(df);
  const auto vstep = hn::Set(di, step);
  size_t e = 0;
  for (; e + N <= n; e += N) {
    auto ix = hn::LoadU(di, idx + e);
    auto acc = hn::Zero(df);
    for (int k = 0; k < taps; ++k) {
      acc = hn::Add(acc, hn::Mul(hn::LoadU(df, w + static_cast<size_t>(k) * n + e),
                                 hn::GatherIndex(df, in, ix)));
      ix = hn::Add(ix, vstep);
    }
    hn::StoreU(acc, df, out + e);
  }
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
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const auto q =
        hn::Min(hn::Max(hn::Floor(hn::Add(hn::Mul(hn::LoadU(df, v + i), inv), half)), lo), hi);
    const auto code = hn::ShiftLeftSame(hn::ConvertTo(di, q), shift);
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

const ResizeFloatKernels* GetResizeFloatKernels() {
  static const ResizeFloatKernels k{&WidenU16, &HFilter, &VFilter, &StoreInt};
  return &k;
}

}  // namespace HWY_NAMESPACE
}  // namespace framekit::geometry_detail
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace framekit::geometry_detail {
HWY_EXPORT(GetResizeFloatKernels);

const ResizeFloatKernels& resize_float_kernels_simd() {
  return *HWY_DYNAMIC_DISPATCH(GetResizeFloatKernels)();
}
}  // namespace framekit::geometry_detail
#endif
