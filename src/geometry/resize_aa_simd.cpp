// Highway versions of the anti-aliased 8-bit resize kernels (twins: resize_aa.cpp). The
// sums are the twins' int32 sums of samples times Q22 weights, so the results agree bit
// for bit (integer arithmetic; no intermediate rounding).
//
// Horizontal: an output's taps are the consecutive bytes of its window (T taps x C
// channels), so the window is read in vectors of int32 lanes (one byte each) and
// multiplied by the plan's weights, one per byte; lane l of chunk j holds channel
// (j * N + l) % C, and the lanes are summed per channel at the end. With 3 channels the
// pattern repeats every 3 chunks, so 3 accumulators keep it fixed. Vertical: whole rows
// times broadcast weights, 4 vectors per step.
#include <algorithm>
#include <cstdint>
#include <numeric>
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

// Chunks of the same channel pattern: C / gcd(N, C) (1 for 1, 2 and 4 channels).
int PatternChunks(int channels, int lanes) {
  return channels / std::gcd(lanes, channels);
}

void PlanAa(AaHPlan& plan) {
  const AxisFilter& f = *plan.filter;
  const int C = plan.channels, T = f.taps;
  const int N = static_cast<int>(hn::Lanes(DI32()));
  plan.simd_outputs = 0;
  plan.weights.clear();
  const int R = PatternChunks(C, N);
  // HPassAa has loops for 1 to 4 channels with the pattern lengths of x86 vectors.
  if (C > 4 || R != (C == 3 ? 3 : 1)) return;
  const int window = T * C;
  const int chunks = ((window + N - 1) / N + R - 1) / R * R;
  const size_t per = static_cast<size_t>(chunks) * N;
  const int64_t row_bytes = static_cast<int64_t>(f.src_len) * C;
  // Window starts never decrease, so the outputs whose vectors stay inside the row are a
  // prefix; the rest (at the right edge) run the scalar twin.
  int simd = 0;
  while (simd < f.dst_len &&
         static_cast<int64_t>(f.start[simd]) * C + static_cast<int64_t>(per) <= row_bytes)
    ++simd;
  plan.lanes = N;
  plan.chunks = chunks;
  plan.simd_outputs = simd;
  plan.weights.assign(per * simd, 0);
  for (int x = 0; x < simd; ++x)
    for (int b = 0; b < window; ++b)
      plan.weights[static_cast<size_t>(x) * per + b] = f.wq22[static_cast<size_t>(x) * T + b / C];
}

HWY_INLINE hn::Vec<DI32> Taps(const uint8_t* HWY_RESTRICT s, const int32_t* HWY_RESTRICT w) {
  const DI32 d;
  return hn::Mul(hn::PromoteTo(d, hn::LoadU(DU8Q(), s)), hn::LoadU(d, w));
}

template <int C, int R>
void HPassLoop(const uint8_t* HWY_RESTRICT src, const AaHPlan& plan, uint8_t* HWY_RESTRICT dst) {
  const DI32 d;
  const AxisFilter& f = *plan.filter;
  const size_t N = hn::Lanes(d);
  const size_t per = static_cast<size_t>(plan.chunks) * N;
  HWY_ALIGN int32_t lanes[3 * hn::MaxLanes(DI32())];
  for (int x = 0; x < plan.simd_outputs; ++x) {
    const uint8_t* s = src + static_cast<ptrdiff_t>(f.start[x]) * C;
    const int32_t* w = plan.weights.data() + static_cast<size_t>(x) * per;
    auto a0 = hn::Zero(d), a1 = hn::Zero(d), a2 = hn::Zero(d);
    for (size_t o = 0; o < per; o += R * N) {
      a0 = hn::Add(a0, Taps(s + o, w + o));
      if constexpr (R == 3) {
        a1 = hn::Add(a1, Taps(s + o + N, w + o + N));
        a2 = hn::Add(a2, Taps(s + o + 2 * N, w + o + 2 * N));
      }
    }
    uint8_t* out = dst + static_cast<ptrdiff_t>(x) * C;
    if constexpr (C == 1) {
      const int32_t sum = hn::GetLane(hn::SumOfLanes(d, a0));
      out[0] = static_cast<uint8_t>(std::clamp((sum + kHalf) >> kAaWeightBits, 0, 255));
      continue;
    }
    hn::Store(a0, d, lanes);
    if constexpr (R == 3) {
      hn::Store(a1, d, lanes + N);
      hn::Store(a2, d, lanes + 2 * N);
    }
    int32_t sums[C] = {};
    for (size_t i = 0; i < R * N; i += C)
      for (int c = 0; c < C; ++c) sums[c] += lanes[i + c];
    for (int c = 0; c < C; ++c)
      out[c] = static_cast<uint8_t>(std::clamp((sums[c] + kHalf) >> kAaWeightBits, 0, 255));
  }
}

void HPassAa(const uint8_t* HWY_RESTRICT src, const AaHPlan& plan, uint8_t* HWY_RESTRICT dst) {
  switch (plan.channels) {
    case 1:
      HPassLoop<1, 1>(src, plan, dst);
      break;
    case 2:
      HPassLoop<2, 1>(src, plan, dst);
      break;
    case 3:
      HPassLoop<3, 3>(src, plan, dst);
      break;
    case 4:
      HPassLoop<4, 1>(src, plan, dst);
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
