// SIMD versions of the table path's row kernels (see sample_kernels.h), compiled once
// per target by Highway and chosen at run time. Samples travel in 16-bit lanes; the
// formula runs there when the fit allows (SampleLanes), else on even and odd lanes
// widened in place to 32 bits, which needs no lane shuffles. Remainders and 16-bit
// rows that are not 2-byte aligned go to the scalar twins.
#define HWY_TARGET_INCLUDE "color/sample_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include <cstdlib>

#include "color/sample_kernels.h"

FRAMEKIT_SIMD_BEGIN(framekit::color_detail)

using D16 = hn::ScalableTag<uint16_t>;
using DI16 = hn::RebindToSigned<D16>;
using D8 = hn::Rebind<uint8_t, D16>;  // as many 8-bit lanes as D16 has lanes
using DU32 = hn::RepartitionToWide<D16>;
using DI32 = hn::RebindToSigned<DU32>;
using V16 = hn::Vec<D16>;

namespace {

// Shifts every lane by one run-time count. AVX-512 (16-bit lanes) and AVX2 (32-bit
// lanes) have per-lane shifts of one uop; the by-register forms take two.
template <class D>
class Shift {
 public:
  using V = hn::Vec<D>;
  explicit Shift(int n) : n_(n), v_(hn::Set(D(), static_cast<hn::TFromD<D>>(n))) {}
  HWY_INLINE V Left(V v) const {
    if constexpr (kPerLane)
      return v << v_;
    else
      return hn::ShiftLeftSame(v, n_);
  }
  HWY_INLINE V Right(V v) const {
    if constexpr (kPerLane)
      return v >> v_;
    else
      return hn::ShiftRightSame(v, n_);
  }

 private:
  static constexpr bool kPerLane = HWY_TARGET <= (sizeof(hn::TFromD<D>) == 2 ? HWY_AVX3 : HWY_AVX2);
  int n_;
  V v_;
};

// The formula in 16-bit lanes (SampleLanes::kLow, kHigh). kNeg: add < 0, which
// saturates at 0 as the clamp would. kShiftIn / kShiftOut: sshift / dshift not 0.
template <bool kHigh, bool kNeg, bool kShiftIn, bool kShiftOut>
struct Narrow {
  V16 vcap, mul, add, dmax;
  Shift<D16> pre, shift, sshift, dshift;
  explicit Narrow(const SampleAffine& f)
      : vcap(hn::Set(D16(), static_cast<uint16_t>(f.vcap))),
        mul(hn::Set(D16(), static_cast<uint16_t>(f.mul >> f.pre))),
        add(hn::Set(D16(), static_cast<uint16_t>(std::abs(f.add >> (kHigh ? 16 : 0))))),
        dmax(hn::Set(D16(), static_cast<uint16_t>(f.dmax))),
        pre(f.pre),
        shift(f.shift - (kHigh ? 16 : 0)),
        sshift(f.sshift),
        dshift(f.dshift) {}
  HWY_INLINE V16 operator()(V16 x) const {
    if constexpr (kShiftIn) x = sshift.Right(x);
    x = hn::Min(x, vcap);
    V16 p;
    if constexpr (kHigh)
      p = hn::MulHigh(pre.Left(x), mul);
    else
      p = hn::Mul(x, mul);
    p = kNeg ? hn::SaturatedSub(p, add) : hn::Add(p, add);
    const V16 y = hn::Min(shift.Right(p), dmax);
    if constexpr (kShiftOut) return dshift.Left(y);
    return y;
  }
};

#if HWY_TARGET != HWY_SCALAR  // one-lane vectors cannot pair lanes; the twin serves
// The formula in 32-bit lanes: each pair of 16-bit lanes is one 32-bit lane, split
// into its even (low) and odd (high) sample and joined again after. kSplit: the
// product in two parts (SampleLanes::kSplit).
template <bool kSplit, bool kShiftIn, bool kShiftOut>
struct Wide {
  using VI = hn::Vec<DI32>;
  V16 vcap;
  VI mul, mul_lo, add, dmax;
  Shift<D16> sshift;
  Shift<DI32> shift, dshift;
  explicit Wide(const SampleAffine& f)
      : vcap(hn::Set(D16(), static_cast<uint16_t>(f.vcap))),
        mul(hn::Set(DI32(), static_cast<int32_t>(kSplit ? f.mul >> 16 : f.mul))),
        mul_lo(hn::Set(DI32(), static_cast<int32_t>(f.mul & 0xFFFF))),
        add(hn::Set(DI32(), static_cast<int32_t>(kSplit ? f.add >> 16 : f.add))),
        dmax(hn::Set(DI32(), static_cast<int32_t>(f.dmax))),
        sshift(f.sshift),
        shift(f.shift - (kSplit ? 16 : 0)),
        dshift(f.dshift) {}
  HWY_INLINE VI Code(VI v) const {
    VI p = hn::Add(hn::Mul(v, mul), add);
    if constexpr (kSplit) {  // v * mul_lo < 2^32: its top half, unsigned
      const DU32 du32;
      p = hn::Add(p,
                  hn::BitCast(DI32(), hn::ShiftRight<16>(hn::BitCast(du32, hn::Mul(v, mul_lo)))));
    }
    const VI y = hn::Min(hn::Max(shift.Right(p), hn::Zero(DI32())), dmax);
    if constexpr (kShiftOut) return dshift.Left(y);
    return y;
  }
  HWY_INLINE V16 operator()(V16 x) const {
    const DU32 du32;
    const DI32 di32;
    if constexpr (kShiftIn) x = sshift.Right(x);
    const auto w = hn::BitCast(du32, hn::Min(x, vcap));
    const VI even = Code(hn::BitCast(di32, hn::And(w, hn::Set(du32, 0xFFFFu))));
    const VI odd = Code(hn::BitCast(di32, hn::ShiftRight<16>(w)));
    return hn::BitCast(D16(),
                       hn::Or(hn::BitCast(du32, even), hn::ShiftLeft<16>(hn::BitCast(du32, odd))));
  }
};

bool Aligned2(const void* p) {
  return (reinterpret_cast<uintptr_t>(p) & 1) == 0;
}

// Samples [0, returned) of the row; the rest is the scalar twin's.
template <bool kIn16, bool kOut16, class Op>
HWY_INLINE int RunRow(const uint8_t* in, uint8_t* out, int n, const Op& op) {
  const D16 d16;
  const D8 d8;
  const DI16 di16;
  const int N = static_cast<int>(hn::Lanes(d16));
  if ((kIn16 && !Aligned2(in)) || (kOut16 && !Aligned2(out))) return 0;
  int i = 0;
  for (; i + N <= n; i += N) {
    V16 x;
    if constexpr (kIn16)
      x = hn::LoadU(d16, reinterpret_cast<const uint16_t*>(in) + i);
    else
      x = hn::PromoteTo(d16, hn::LoadU(d8, in + i));
    const V16 y = op(x);
    if constexpr (kOut16)
      hn::StoreU(y, d16, reinterpret_cast<uint16_t*>(out) + i);
    else  // codes are <= 255 here
      hn::StoreU(hn::DemoteTo(d8, hn::BitCast(di16, y)), d8, out + i);
  }
  return i;
}

template <bool kIn16, bool kOut16, bool kShiftIn, bool kShiftOut>
HWY_INLINE int RunLanes(const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
  const bool neg = f.add < 0;
  switch (f.lanes) {
    case SampleLanes::kHigh:
      return neg ? RunRow<kIn16, kOut16>(in, out, n, Narrow<true, true, kShiftIn, kShiftOut>(f))
                 : RunRow<kIn16, kOut16>(in, out, n, Narrow<true, false, kShiftIn, kShiftOut>(f));
    case SampleLanes::kLow:
      return neg ? RunRow<kIn16, kOut16>(in, out, n, Narrow<false, true, kShiftIn, kShiftOut>(f))
                 : RunRow<kIn16, kOut16>(in, out, n, Narrow<false, false, kShiftIn, kShiftOut>(f));
    case SampleLanes::kWide:
      return RunRow<kIn16, kOut16>(in, out, n, Wide<false, kShiftIn, kShiftOut>(f));
    case SampleLanes::kSplit:
      break;
  }
  return RunRow<kIn16, kOut16>(in, out, n, Wide<true, kShiftIn, kShiftOut>(f));
}
#endif  // HWY_TARGET != HWY_SCALAR

template <bool kIn16, bool kOut16>
HWY_INLINE int RunAffine(const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
#if HWY_TARGET == HWY_SCALAR
  return 0;
#else
  const bool si = kIn16 && f.sshift != 0, so = kOut16 && f.dshift != 0;
  if (si && so) return RunLanes<kIn16, kOut16, kIn16, kOut16>(in, out, n, f);
  if (si) return RunLanes<kIn16, kOut16, kIn16, false>(in, out, n, f);
  if (so) return RunLanes<kIn16, kOut16, false, kOut16>(in, out, n, f);
  return RunLanes<kIn16, kOut16, false, false>(in, out, n, f);
#endif
}

}  // namespace

void SampleU8U8(const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
  sample_scalar::u8_u8(RunAffine<false, false>(in, out, n, f), in, out, n, f);
}
void SampleU8U16(const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
  sample_scalar::u8_u16(RunAffine<false, true>(in, out, n, f), in, out, n, f);
}
void SampleU16U8(const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
  sample_scalar::u16_u8(RunAffine<true, false>(in, out, n, f), in, out, n, f);
}
void SampleU16U16(const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
  sample_scalar::u16_u16(RunAffine<true, true>(in, out, n, f), in, out, n, f);
}

FRAMEKIT_SIMD_TABLE(SampleKernels, &SampleU8U8, &SampleU8U16,
                    &SampleU16U8, &SampleU16U16)

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::color_detail, SampleKernels, sample_kernels, sample_scalar_kernels
#include "framekit/core/simd_dispatch-inl.h"
