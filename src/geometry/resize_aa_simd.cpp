// Highway versions of the anti-aliased 8-bit resize kernels (twins: resize_aa.cpp). The
// sums are the twins' int32 sums of samples times Q22 weights, so the results agree bit
// for bit (integer arithmetic; no intermediate rounding).
//
// Horizontal: an output's taps are the consecutive pixels of its window, read in vectors
// of int32 lanes (one byte each) and multiplied by the plan's weights, expanded to one per
// lane. 1 and 2 channels: the window's bytes as they are (lane l holds channel l % C);
// 3 and 4 channels: one pixel per 4 lanes (RGB spread to RGB0 by a byte shuffle), so
// lane l holds channel l % 4 either way and the lanes fold to one pixel at the end.
// Vertical: whole rows times broadcast weights, 4 vectors per step.
#include <algorithm>
#include <cstdint>
#include <vector>

#define HWY_TARGET_INCLUDE "geometry/resize_aa_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include "geometry/geometry_internal.h"

FRAMEKIT_SIMD_BEGIN(framekit::geometry_detail)

#if HWY_TARGET == HWY_SCALAR
FRAMEKIT_SIMD_TABLE_OF_SCALAR_TWINS(ResizeAaKernelsU8, resize_aa_kernels_u8_scalar)
#else

using DI32 = hn::ScalableTag<int32_t>;
using DU8Q = hn::Rebind<uint8_t, DI32>;  // one byte per int32 lane
constexpr int kHalf = 1 << (kAaWeightBits - 1);

constexpr int kPixelLanes = 4;  // 3- and 4-channel pixels: one pixel per 4 int32 lanes

// Bytes each output's window is read with: the window itself for 1 and 2 channels, a
// 16-byte load per chunk for 3 (the chunk's taps are picked out of it).
int64_t ReadSpan(int C, int chunks, int lanes) {
  if (C != 3) return static_cast<int64_t>(chunks) * lanes;
  return static_cast<int64_t>(chunks - 1) * (lanes / kPixelLanes) * 3 + 16;
}

void PlanAa(AaHPlan& plan) {
  const AxisFilter& f = *plan.filter;
  const int C = plan.channels, T = f.taps;
  const int N = static_cast<int>(hn::Lanes(DI32()));
  plan.simd_outputs = 0;
  plan.weights.clear();
  if (C > 4 || N < kPixelLanes || N % kPixelLanes != 0) return;  // runs scalar
  // 1 and 2 channels: chunks of N window bytes (lane l holds channel l % C). 3 and 4:
  // chunks of N / 4 taps, one pixel per 4 lanes (the 4th lane of RGB zero).
  const bool pixel_lanes = C >= 3;
  const int per_chunk = pixel_lanes ? N / kPixelLanes : N;
  const int units = pixel_lanes ? T : T * C;
  const int chunks = (units + per_chunk - 1) / per_chunk;
  const size_t per = static_cast<size_t>(chunks) * N;
  const int64_t row_bytes = static_cast<int64_t>(f.src_len) * C;
  const int64_t span = ReadSpan(C, chunks, N);
  // Window starts never decrease, so the outputs whose loads stay inside the row are a
  // prefix; the rest (at the right edge) run the scalar twin.
  int simd = 0;
  while (simd < f.dst_len && static_cast<int64_t>(f.start[simd]) * C + span <= row_bytes) ++simd;
  plan.lanes = N;
  plan.chunks = chunks;
  plan.simd_outputs = simd;
  plan.weights.assign(per * simd, 0);
  for (int x = 0; x < simd; ++x) {
    int32_t* w = &plan.weights[static_cast<size_t>(x) * per];
    const int32_t* q = &f.wq22[static_cast<size_t>(x) * T];
    if (pixel_lanes) {
      for (int k = 0; k < T; ++k)
        for (int c = 0; c < kPixelLanes; ++c) w[k * kPixelLanes + c] = q[k];
    } else {
      for (int b = 0; b < T * C; ++b) w[b] = q[b / C];
    }
  }
}

// Sums the lanes of v with the same index mod 4.
template <class D>
HWY_INLINE hn::Vec<hn::Full128<int32_t>> FoldTo4(D d, hn::Vec<D> v) {
  if constexpr (hn::MaxLanes(D()) <= 4) {
    return v;
  } else {
    const hn::Half<D> dh;
    return FoldTo4(dh, hn::Add(hn::LowerHalf(dh, v), hn::UpperHalf(dh, v)));
  }
}

// The low MaxLanes(D) bytes of a 128-bit vector.
template <class D>
HWY_INLINE hn::Vec<D> LowBytes(D d, hn::Vec<hn::Full128<uint8_t>> v) {
  if constexpr (hn::MaxLanes(D()) >= 16) {
    return v;
  } else {
    const hn::Twice<D> dt;
    return hn::LowerHalf(d, LowBytes(dt, v));
  }
}

// One window of chunks: int32 sums of samples times the plan's weights.
template <int C>
HWY_INLINE hn::Vec<DI32> WindowSums(const uint8_t* HWY_RESTRICT s, const int32_t* HWY_RESTRICT w,
                                    int chunks) {
  const DI32 d;
  const DU8Q d8;
  const size_t N = hn::Lanes(d);
  auto acc0 = hn::Zero(d), acc1 = hn::Zero(d);
  if constexpr (C == 3) {
    // RGBRGBRGBRGB.... -> RGB0RGB0RGB0RGB0, then the low N bytes widened.
    const hn::Full128<uint8_t> d16;
    alignas(16) static constexpr uint8_t kSpread[16] = {0, 1, 2,  0x80, 3, 4,  5,  0x80,
                                                        6, 7, 8, 0x80, 9, 10, 11, 0x80};
    const auto spread = hn::Load(d16, kSpread);
    const size_t step = N / kPixelLanes * 3;
    for (int j = 0; j < chunks; ++j) {
      const auto px = hn::TableLookupBytesOr0(hn::LoadU(d16, s + j * step), spread);
      const auto prod = hn::Mul(hn::PromoteTo(d, LowBytes(d8, px)), hn::LoadU(d, w + j * N));
      if (j & 1)
        acc1 = hn::Add(acc1, prod);
      else
        acc0 = hn::Add(acc0, prod);
    }
  } else {
    for (int j = 0; j < chunks; ++j) {
      const auto prod = hn::Mul(hn::PromoteTo(d, hn::LoadU(d8, s + j * N)), hn::LoadU(d, w + j * N));
      if (j & 1)
        acc1 = hn::Add(acc1, prod);
      else
        acc0 = hn::Add(acc0, prod);
    }
  }
  return hn::Add(acc0, acc1);
}

template <int C>
void HPassLoop(const uint8_t* HWY_RESTRICT src, const AaHPlan& plan, uint8_t* HWY_RESTRICT dst) {
  const DI32 d;
  const hn::Full128<int32_t> d4;
  const hn::Simd<uint8_t, 4, 0> d4u8;
  const AxisFilter& f = *plan.filter;
  const size_t per = static_cast<size_t>(plan.chunks) * hn::Lanes(d);
  const auto half4 = hn::Set(d4, kHalf);
  for (int x = 0; x < plan.simd_outputs; ++x) {
    const uint8_t* s = src + static_cast<ptrdiff_t>(f.start[x]) * C;
    const auto sums = WindowSums<C>(s, plan.weights.data() + static_cast<size_t>(x) * per,
                                    plan.chunks);
    uint8_t* out = dst + static_cast<ptrdiff_t>(x) * C;
    if constexpr (C == 1) {
      const int32_t sum = hn::GetLane(hn::SumOfLanes(d, sums));
      out[0] = static_cast<uint8_t>(std::clamp((sum + kHalf) >> kAaWeightBits, 0, 255));
    } else {
      auto v = FoldTo4(d, sums);
      if constexpr (C == 2) v = hn::Add(v, hn::Shuffle1032(v));  // lanes 0+2, 1+3
      v = hn::ShiftRight<kAaWeightBits>(hn::Add(v, half4));
      HWY_ALIGN uint8_t px[16];
      hn::Store(hn::DemoteTo(d4u8, v), d4u8, px);
      for (int c = 0; c < C; ++c) out[c] = px[c];
    }
  }
}

void HPassAa(const uint8_t* HWY_RESTRICT src, const AaHPlan& plan, uint8_t* HWY_RESTRICT dst) {
  switch (plan.channels) {
    case 1:
      HPassLoop<1>(src, plan, dst);
      break;
    case 2:
      HPassLoop<2>(src, plan, dst);
      break;
    case 3:
      HPassLoop<3>(src, plan, dst);
      break;
    case 4:
      HPassLoop<4>(src, plan, dst);
      break;
    default:
      break;  // simd_outputs is 0: all scalar
  }
  resize_aa_hpass_scalar(plan.simd_outputs, src, plan, dst);
}

void VPassAa(const uint8_t* const* rows, const int32_t* w, int taps, size_t n,
             uint8_t* HWY_RESTRICT dst) {
  const DI32 d;
  const DU8Q d8;
  const size_t N = hn::Lanes(d);
  const auto half = hn::Set(d, kHalf);
  auto row_sum = [&](size_t i, size_t k) {
    return hn::Mul(hn::PromoteTo(d, hn::LoadU(d8, rows[k] + i)), hn::Set(d, w[k]));
  };
  auto store = [&](hn::Vec<DI32> sum, size_t i) {
    hn::StoreU(hn::DemoteTo(d8, hn::ShiftRight<kAaWeightBits>(sum)), d8, dst + i);
  };
  size_t i = 0;
  for (; i + 4 * N <= n; i += 4 * N) {
    auto a0 = half, a1 = half, a2 = half, a3 = half;
    for (int k = 0; k < taps; ++k) {
      a0 = hn::Add(a0, row_sum(i, k));
      a1 = hn::Add(a1, row_sum(i + N, k));
      a2 = hn::Add(a2, row_sum(i + 2 * N, k));
      a3 = hn::Add(a3, row_sum(i + 3 * N, k));
    }
    store(a0, i);
    store(a1, i + N);
    store(a2, i + 2 * N);
    store(a3, i + 3 * N);
  }
  for (; i + N <= n; i += N) {
    auto a = half;
    for (int k = 0; k < taps; ++k) a = hn::Add(a, row_sum(i, k));
    store(a, i);
  }
  resize_aa_vpass_scalar(i, rows, w, taps, n, dst);
}

FRAMEKIT_SIMD_TABLE(ResizeAaKernelsU8, &PlanAa, &HPassAa, &VPassAa)

#endif  // HWY_TARGET == HWY_SCALAR

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::geometry_detail, ResizeAaKernelsU8, resize_aa_kernels_u8, resize_aa_kernels_u8_scalar
#include "framekit/core/simd_dispatch-inl.h"
