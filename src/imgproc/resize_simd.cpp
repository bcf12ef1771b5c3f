// Highway versions of the 8-bit resize kernels (twins: resize_scalar.cpp).
//
// Horizontal pass: outputs are handled 4 per 128-bit block. For each block and each
// pair of taps, a precomputed 16-byte window of the source row is loaded and one byte
// shuffle (pshufb) picks the two taps of each of the 4 outputs, zero-extended to
// int16; one multiply-add of pairs (pmaddwd) with Q14 weights gives the 4 sums. The
// windows and shuffles are built once per call, so any ratio and channel count works
// as long as the 4 outputs of a block read within 16 bytes (otherwise: scalar pass).
// Vertical pass: rows of int16, weights broadcast, pmulhrsw + add, 2 or 4 taps
// unrolled.
#include <algorithm>
#include <cstdint>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "imgproc/resize_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "imgproc/geometry_internal.h"

HWY_BEFORE_NAMESPACE();
namespace framekit::geometry_detail {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// HWY_SCALAR (one lane, no blocks) is the baseline when no SIMD is available: it runs
// the scalar twins.
#if HWY_TARGET == HWY_SCALAR
const ResizeKernelsU8* GetResizeKernelsU8() { return &resize_kernels_u8_scalar(); }
#else

// Block b of the result holds the 16 bytes at p + base[b].
template <class D>
HWY_INLINE hn::Vec<D> LoadBlocks(D d, const uint8_t* HWY_RESTRICT p,
                                 const int32_t* HWY_RESTRICT base) {
  if constexpr (hn::MaxLanes(D()) <= 16) {
    return hn::LoadU(d, p + base[0]);
  } else {
    const hn::Half<D> dh;
    constexpr size_t kHalfBlocks = hn::MaxLanes(hn::Half<D>()) / 16;
    return hn::Combine(d, LoadBlocks(dh, p, base + kHalfBlocks), LoadBlocks(dh, p, base));
  }
}

void PlanU8(HPlanU8& plan, size_t src_row_bytes) {
  plan.simd_ok = false;
  plan.padded_elems = plan.out_elems;
  const hn::ScalableTag<uint8_t> du8;
  const size_t blocks = hn::Lanes(du8) / 16;
  if (src_row_bytes < 16) return;

  const AxisFilter& f = *plan.filter;
  const int C = plan.channels, T = f.taps;
  const int pairs = (T + 1) / 2;
  // Two vectors of int32 sums are packed into one int16 vector per step; the pack
  // works per block ([a block i, b block i]), so slot order interleaves the groups:
  // vector a block i = group 2i, vector b block i = group 2i + 1.
  const size_t step = 2 * blocks;
  const size_t groups = (static_cast<size_t>(plan.out_elems) + 3) / 4;
  const size_t slots = (groups + step - 1) / step * step;
  HTableU8& t = plan.simd;
  t.pairs = pairs;
  t.slots = static_cast<int>(slots);
  t.base.assign(pairs * slots, 0);
  t.pattern.assign(pairs * slots * 16, 0x80);
  t.weights.assign(pairs * slots * 8, 0);
  const int64_t last_window = static_cast<int64_t>(src_row_bytes) - 16;

  for (size_t s = 0; s < slots; ++s) {
    const size_t first = s / step * step, local = s % step;
    const size_t g = first + (local < blocks ? 2 * local : 2 * (local - blocks) + 1);
    for (int j = 0; j < pairs; ++j) {
      int64_t off[8];
      int16_t wt[8] = {0};
      int64_t lo = INT64_MAX, hi = -1;
      for (int lane = 0; lane < 8; ++lane) {
        const size_t e = g * 4 + lane / 2;
        const int tap = 2 * j + (lane & 1);
        off[lane] = -1;
        if (e >= static_cast<size_t>(plan.out_elems) || tap >= T) continue;
        const size_t x = e / C, c = e % C;
        off[lane] = (static_cast<int64_t>(f.start[x]) + tap) * C + static_cast<int64_t>(c);
        wt[lane] = f.wq[x * T + tap];
        lo = std::min(lo, off[lane]);
        hi = std::max(hi, off[lane]);
      }
      const size_t o = j * slots + s;
      if (hi < 0) continue;  // padding: zero weights over window 0
      const int64_t base = std::min(lo, last_window);
      if (hi - base > 15) return;  // taps too far apart for one window: scalar pass
      t.base[o] = static_cast<int32_t>(base);
      for (int lane = 0; lane < 8; ++lane) {
        if (off[lane] >= 0) t.pattern[o * 16 + 2 * lane] = static_cast<uint8_t>(off[lane] - base);
        t.weights[o * 8 + lane] = wt[lane];
      }
    }
  }
  plan.padded_elems = static_cast<int>(slots * 4);
  plan.simd_ok = true;
}

void HPassU8(const uint8_t* HWY_RESTRICT src, const HPlanU8& plan, int16_t* HWY_RESTRICT out) {
  if (!plan.simd_ok) return resize_hpass_u8_scalar(src, plan, out);
  const hn::ScalableTag<uint8_t> du8;
  const hn::Repartition<int16_t, decltype(du8)> di16;
  const hn::Repartition<int32_t, decltype(du8)> di32;
  const size_t blocks = hn::Lanes(du8) / 16;
  const HTableU8& t = plan.simd;
  const size_t slots = static_cast<size_t>(t.slots);
  const auto round = hn::Set(di32, 1 << (plan.shift - 1));
  const int shift = plan.shift;
  for (size_t s = 0; s < slots; s += 2 * blocks) {
    auto a0 = hn::Zero(di32), a1 = hn::Zero(di32);
    auto b0 = hn::Zero(di32), b1 = hn::Zero(di32);
    for (int j = 0; j < t.pairs; ++j) {
      const size_t oa = j * slots + s, ob = oa + blocks;
      const auto xa = hn::TableLookupBytesOr0(LoadBlocks(du8, src, &t.base[oa]),
                                              hn::LoadU(du8, &t.pattern[oa * 16]));
      const auto xb = hn::TableLookupBytesOr0(LoadBlocks(du8, src, &t.base[ob]),
                                              hn::LoadU(du8, &t.pattern[ob * 16]));
      a0 = hn::ReorderWidenMulAccumulate(di32, hn::BitCast(di16, xa),
                                         hn::LoadU(di16, &t.weights[oa * 8]), a0, a1);
      b0 = hn::ReorderWidenMulAccumulate(di32, hn::BitCast(di16, xb),
                                         hn::LoadU(di16, &t.weights[ob * 8]), b0, b1);
    }
    const auto ra = hn::ShiftRightSame(hn::Add(hn::RearrangeToOddPlusEven(a0, a1), round), shift);
    const auto rb = hn::ShiftRightSame(hn::Add(hn::RearrangeToOddPlusEven(b0, b1), round), shift);
    hn::StoreU(hn::ReorderDemote2To(di16, ra, rb), di16, out + s * 4);
  }
}

template <int kTaps>
HWY_INLINE void VPassVector(const int16_t* const* rows, const int16_t* w, int taps, int shift,
                            size_t i, uint8_t* HWY_RESTRICT dst) {
  const hn::ScalableTag<int16_t> d;
  const hn::Rebind<uint8_t, decltype(d)> d8;
  auto acc = hn::MulFixedPoint15(hn::LoadU(d, rows[0] + i), hn::Set(d, w[0]));
  const int n = kTaps > 0 ? kTaps : taps;
  for (int k = 1; k < n; ++k)
    acc = hn::Add(acc, hn::MulFixedPoint15(hn::LoadU(d, rows[k] + i), hn::Set(d, w[k])));
  acc = hn::ShiftRightSame(hn::Add(acc, hn::Set(d, static_cast<int16_t>(1 << (shift - 1)))),
                           shift);
  hn::StoreU(hn::DemoteTo(d8, acc), d8, dst);
}

template <int kTaps>
void VPassLoop(const int16_t* const* rows, const int16_t* w, int taps, int shift,
               uint8_t* HWY_RESTRICT dst, size_t n) {
  const hn::ScalableTag<int16_t> d;
  const size_t N = hn::Lanes(d);
  if (n < N) {  // ring rows are padded, so a whole vector can be read
    HWY_ALIGN uint8_t tmp[hn::MaxLanes(hn::ScalableTag<int16_t>())];
    VPassVector<kTaps>(rows, w, taps, shift, 0, tmp);
    std::memcpy(dst, tmp, n);
    return;
  }
  size_t i = 0;
  for (; i + N <= n; i += N) VPassVector<kTaps>(rows, w, taps, shift, i, dst + i);
  if (i < n) VPassVector<kTaps>(rows, w, taps, shift, n - N, dst + n - N);  // overlap
}

void VPassU8(const int16_t* const* rows, const int16_t* w, int taps, int shift, uint8_t* dst,
             size_t n) {
  switch (taps) {
    case 2: return VPassLoop<2>(rows, w, taps, shift, dst, n);
    case 4: return VPassLoop<4>(rows, w, taps, shift, dst, n);
    default: return VPassLoop<0>(rows, w, taps, shift, dst, n);
  }
}

// 2:1 both ways, one channel: pixel pairs are the bytes of a uint16 lane.
void Box2C1(const uint8_t* HWY_RESTRICT r0, const uint8_t* HWY_RESTRICT r1,
            uint8_t* HWY_RESTRICT dst, size_t x) {
  const hn::ScalableTag<uint8_t> d8;
  const hn::Repartition<uint16_t, decltype(d8)> d16;
  const hn::Repartition<int16_t, decltype(d8)> di16;
  const hn::Rebind<uint8_t, decltype(d16)> dh;
  const auto a = hn::BitCast(d16, hn::LoadU(d8, r0 + 2 * x));
  const auto b = hn::BitCast(d16, hn::LoadU(d8, r1 + 2 * x));
  const auto m = hn::Set(d16, 0xFF);
  const auto even = hn::Add(hn::And(a, m), hn::And(b, m));
  const auto odd = hn::Add(hn::ShiftRight<8>(a), hn::ShiftRight<8>(b));
  const auto s = hn::ShiftRight<2>(hn::Add(hn::Add(even, odd), hn::Set(d16, 2)));
  hn::StoreU(hn::DemoteTo(dh, hn::BitCast(di16, s)), dh, dst + x);
}

// Two channels (UV): a uint32 lane holds two pixels [c0 c1 c0' c1'].
void Box2C2(const uint8_t* HWY_RESTRICT r0, const uint8_t* HWY_RESTRICT r1,
            uint8_t* HWY_RESTRICT dst, size_t x) {
  const hn::ScalableTag<uint8_t> d8;
  const hn::Repartition<uint32_t, decltype(d8)> d32;
  const hn::Repartition<int32_t, decltype(d8)> di32;
  const hn::Rebind<uint16_t, decltype(d32)> dh;
  const auto a = hn::BitCast(d32, hn::LoadU(d8, r0 + 4 * x));
  const auto b = hn::BitCast(d32, hn::LoadU(d8, r1 + 4 * x));
  const auto m = hn::Set(d32, 0x00FF00FFu);
  const auto lo = hn::Add(hn::And(a, m), hn::And(b, m));  // channel 0 of both pixels
  const auto hi = hn::Add(hn::And(hn::ShiftRight<8>(a), m), hn::And(hn::ShiftRight<8>(b), m));
  const auto m16 = hn::Set(d32, 0xFFFFu);
  const auto two = hn::Set(d32, 2u);
  const auto c0 = hn::ShiftRight<2>(hn::Add(hn::Add(hn::And(lo, m16), hn::ShiftRight<16>(lo)), two));
  const auto c1 = hn::ShiftRight<2>(hn::Add(hn::Add(hn::And(hi, m16), hn::ShiftRight<16>(hi)), two));
  const auto px = hn::Or(c0, hn::ShiftLeft<8>(c1));
  hn::StoreU(hn::DemoteTo(dh, hn::BitCast(di32, px)), dh,
             reinterpret_cast<uint16_t*>(dst + 2 * x));
}

void Box2U8(const uint8_t* HWY_RESTRICT r0, const uint8_t* HWY_RESTRICT r1,
            uint8_t* HWY_RESTRICT dst, int dst_width, int channels) {
  const hn::ScalableTag<uint8_t> d8;
  // Outputs per vector step: a vector of source bytes holds 2 outputs per pixel pair.
  const size_t per = hn::Lanes(d8) / 2 / static_cast<size_t>(channels);
  const size_t n = static_cast<size_t>(dst_width);
  if ((channels != 1 && channels != 2) || n < per)
    return resize_box2_u8_scalar(r0, r1, dst, dst_width, channels);
  auto step = channels == 1 ? &Box2C1 : &Box2C2;
  size_t x = 0;
  for (; x + per <= n; x += per) step(r0, r1, dst, x);
  if (x < n) step(r0, r1, dst, n - per);  // overlap the tail
}

const ResizeKernelsU8* GetResizeKernelsU8() {
  static const ResizeKernelsU8 k{&PlanU8, &HPassU8, &VPassU8, &Box2U8};
  return &k;
}

#endif  // HWY_TARGET == HWY_SCALAR

}  // namespace HWY_NAMESPACE
}  // namespace framekit::geometry_detail
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace framekit::geometry_detail {
HWY_EXPORT(GetResizeKernelsU8);

const ResizeKernelsU8& resize_kernels_u8_simd() {
  return *HWY_DYNAMIC_DISPATCH(GetResizeKernelsU8)();
}
}  // namespace framekit::geometry_detail
#endif
