// Highway versions of the 8-bit resize kernels (twins: resize_scalar.cpp).
//
// Horizontal passes gather each output's taps with shuffles built once per plan:
//  - blocks: 4 outputs per 128-bit block. For each block and pair of taps a 16-byte
//    window of the row is loaded and one pshufb picks both taps of the 4 outputs as
//    int16; one pmaddwd with the Q14 weights gives 4 sums. Any target.
//  - permute (AVX-512): 16 outputs per chunk from a 64-sample window of an int16 row
//    with one two-table word permute (vpermt2w) per tap pair, or a one-table vpermw
//    when every window fits 32 samples, then pmaddwd. From a uint8 row on AVX3_DL, a
//    zero-masked vpermb picks the samples as int16 straight from 64 bytes.
// Either way any ratio and channel count works while an output group's taps fit one
// window; otherwise the scalar pass runs. Vertical passes are plain multiply-adds of
// whole rows with broadcast weights (pmulhrsw); vertical-first rows are centred,
// (x - 128) << 8 per sample (geometry_internal.h).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#define HWY_TARGET_INCLUDE "geometry/resize_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include "geometry/geometry_internal.h"

FRAMEKIT_SIMD_BEGIN(framekit::geometry_detail)

// HWY_SCALAR (one lane, no blocks) is the baseline when no SIMD is available: it runs
// the scalar twins.
#if HWY_TARGET == HWY_SCALAR
FRAMEKIT_SIMD_TABLE_OF_SCALAR_TWINS(ResizeKernelsU8, resize_kernels_u8_scalar)
#else

#undef FRAMEKIT_RESIZE_PERMUTE
// Every x86 target at or above AVX3 has AVX-512BW (word permutes).
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
#define FRAMEKIT_RESIZE_PERMUTE 1
#else
#define FRAMEKIT_RESIZE_PERMUTE 0
#endif
#undef FRAMEKIT_RESIZE_VBMI
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3_DL
#define FRAMEKIT_RESIZE_VBMI 1  // byte permutes (vpermb)
#else
#define FRAMEKIT_RESIZE_VBMI 0
#endif

using D8 = hn::ScalableTag<uint8_t>;
using DI16 = hn::Repartition<int16_t, D8>;
using DI32 = hn::Repartition<int32_t, D8>;
constexpr size_t kBlocks = hn::MaxLanes(D8()) / 16;

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

// ------------------------------------------------------------------ block tables

// 4 outputs per block over samples of `sample_bytes` bytes; layout [pair][slot] so a
// vector's patterns are contiguous. Windows start at most at `last_window` (bytes) to
// stay inside the row. Two vectors of int32 sums are packed per step and the pack
// works per block ([a block i, b block i]), so slots interleave the groups: vector a
// block i = group 2i, vector b block i = group 2i + 1.
bool BuildBlockTable(HPlanU8& plan, int sample_bytes, int64_t last_window, HTableKind kind) {
  const AxisFilter& f = *plan.filter;
  const int C = plan.channels, T = f.taps, pairs = (T + 1) / 2;
  const size_t step = 2 * kBlocks;
  const size_t groups = (static_cast<size_t>(plan.out_elems) + 3) / 4;
  const size_t slots = (groups + step - 1) / step * step;
  HTableU8& t = plan.simd;
  t = HTableU8{};
  t.pairs = pairs;
  t.slots = static_cast<int>(slots);
  t.base.assign(slots * pairs, 0);
  t.pattern.assign(slots * pairs * 16, 0x80);
  t.weights.assign(slots * pairs * 8, 0);
  for (size_t s = 0; s < slots; ++s) {
    const size_t first = s / step * step, local = s % step;
    const size_t g = first + (local < kBlocks ? 2 * local : 2 * (local - kBlocks) + 1);
    for (int j = 0; j < pairs; ++j) {
      int64_t off[8];
      int64_t lo = INT64_MAX, hi = -1;
      const size_t o = static_cast<size_t>(j) * slots + s;
      for (int lane = 0; lane < 8; ++lane) {
        const size_t e = g * 4 + lane / 2;
        const int tap = 2 * j + (lane & 1);
        off[lane] = -1;
        if (e >= static_cast<size_t>(plan.out_elems) || tap >= T) continue;
        const size_t x = e / C, c = e % C;
        off[lane] =
            ((static_cast<int64_t>(f.start[x]) + tap) * C + static_cast<int64_t>(c)) * sample_bytes;
        t.weights[o * 8 + lane] = f.wq[x * T + tap];
        lo = std::min(lo, off[lane]);
        hi = std::max(hi, off[lane] + sample_bytes - 1);
      }
      if (hi < 0) continue;  // padding: zero weights over window 0
      const int64_t base = std::max<int64_t>(0, std::min(lo, last_window));
      if (hi - base > 15) {
        t = HTableU8{};
        return false;
      }
      t.base[o] = static_cast<int32_t>(base);
      for (int lane = 0; lane < 8; ++lane) {
        if (off[lane] < 0) continue;
        const auto b = static_cast<uint8_t>(off[lane] - base);
        t.pattern[o * 16 + 2 * lane] = b;
        if (sample_bytes == 2) t.pattern[o * 16 + 2 * lane + 1] = static_cast<uint8_t>(b + 1);
      }
    }
  }
  t.kind = kind;
  plan.padded_elems = static_cast<int>(slots * 4);
  return true;
}

// Rounded, shifted int32 sums of the 2 x kBlocks groups starting at slot s: ra holds
// groups 2i, rb groups 2i + 1 (block i).
HWY_INLINE void BlockSums(const uint8_t* HWY_RESTRICT row, const HTableU8& t, size_t s, int shift,
                          int32_t offset, hn::Vec<DI32>& ra, hn::Vec<DI32>& rb) {
  const D8 du8;
  const DI16 di16;
  const DI32 di32;
  auto a0 = hn::Zero(di32), a1 = hn::Zero(di32), b0 = hn::Zero(di32), b1 = hn::Zero(di32);
  const size_t slots = static_cast<size_t>(t.slots);
  for (int j = 0; j < t.pairs; ++j) {
    const size_t oa = static_cast<size_t>(j) * slots + s, ob = oa + kBlocks;
    const auto xa = hn::TableLookupBytesOr0(LoadBlocks(du8, row, &t.base[oa]),
                                            hn::LoadU(du8, &t.pattern[oa * 16]));
    const auto xb = hn::TableLookupBytesOr0(LoadBlocks(du8, row, &t.base[ob]),
                                            hn::LoadU(du8, &t.pattern[ob * 16]));
    a0 = hn::ReorderWidenMulAccumulate(di32, hn::BitCast(di16, xa),
                                       hn::LoadU(di16, &t.weights[oa * 8]), a0, a1);
    b0 = hn::ReorderWidenMulAccumulate(di32, hn::BitCast(di16, xb),
                                       hn::LoadU(di16, &t.weights[ob * 8]), b0, b1);
  }
  const auto round = hn::Set(di32, (1 << (shift - 1)) + offset);
  ra = hn::ShiftRightSame(hn::Add(hn::RearrangeToOddPlusEven(a0, a1), round), shift);
  rb = hn::ShiftRightSame(hn::Add(hn::RearrangeToOddPlusEven(b0, b1), round), shift);
}

// ------------------------------------------------------------------ permute (AVX-512)

#if FRAMEKIT_RESIZE_PERMUTE
constexpr size_t kChunk = 16;  // outputs per permute chunk (one vector of int32 sums)

// Layout [chunk][pair]: a 64-sample window start, 32 word picks, 32 weights.
bool BuildPermuteTable(HPlanU8& plan, HTableKind kind) {
  const AxisFilter& f = *plan.filter;
  const int C = plan.channels, T = f.taps, pairs = (T + 1) / 2;
  const size_t chunks = (static_cast<size_t>(plan.out_elems) + 4 * kChunk - 1) / (4 * kChunk) * 4;
  HTableU8& t = plan.simd;
  t = HTableU8{};
  t.pairs = pairs;
  t.slots = static_cast<int>(chunks);
  t.base.assign(chunks * pairs, 0);
  t.index.assign(chunks * pairs * 32, 0);
  t.weights.assign(chunks * pairs * 32, 0);
  bool narrow = true;
  for (size_t k = 0; k < chunks; ++k) {
    for (int j = 0; j < pairs; ++j) {
      const size_t o = k * pairs + j;
      int64_t sample[32];
      int64_t lo = INT64_MAX, hi = -1;
      for (int lane = 0; lane < 32; ++lane) {
        const size_t e = k * kChunk + lane / 2;
        const int tap = 2 * j + (lane & 1);
        sample[lane] = -1;
        if (e >= static_cast<size_t>(plan.out_elems) || tap >= T) continue;
        const size_t x = e / C, c = e % C;
        sample[lane] = (static_cast<int64_t>(f.start[x]) + tap) * C + static_cast<int64_t>(c);
        t.weights[o * 32 + lane] = f.wq[x * T + tap];
        lo = std::min(lo, sample[lane]);
        hi = std::max(hi, sample[lane]);
      }
      if (hi < 0) continue;
      if (hi - lo > 63) {
        t = HTableU8{};
        return false;
      }
      narrow = narrow && hi - lo <= 31;
      t.base[o] = static_cast<int32_t>(lo);
      for (int lane = 0; lane < 32; ++lane)
        if (sample[lane] >= 0) t.index[o * 32 + lane] = static_cast<uint16_t>(sample[lane] - lo);
    }
  }
  t.kind = kind;
  t.narrow = narrow;
  plan.padded_elems = static_cast<int>(chunks * kChunk);
  return true;
}

// The 32 picked samples of the window at w: a single-source vpermw over its first 32
// samples when the plan is narrow, else a two-source vpermt2w over 64.
template <bool kNarrow>
HWY_INLINE __m512i PickWindow(const int16_t* HWY_RESTRICT w, const uint16_t* HWY_RESTRICT index) {
  const __m512i idx = _mm512_loadu_si512(index);
  if constexpr (kNarrow) return _mm512_permutexvar_epi16(idx, _mm512_loadu_si512(w));
  return _mm512_permutex2var_epi16(_mm512_loadu_si512(w), idx, _mm512_loadu_si512(w + 32));
}

// 64 outputs: 4 chunks of int32 sums, packed to bytes. The per-lane packs leave dword
// 4L + c holding chunk c's outputs 4L..4L+3; one dword permute restores the order.
// kPairs > 0 unrolls the tap pairs (bilinear 1, bicubic 2).
template <int kPairs, bool kNarrow>
HWY_INLINE void PermuteStep(const int16_t* HWY_RESTRICT in, const int32_t* HWY_RESTRICT base,
                            const uint16_t* HWY_RESTRICT index, const int16_t* HWY_RESTRICT weights,
                            int pairs, uint8_t* HWY_RESTRICT out) {
  const int P = kPairs > 0 ? kPairs : pairs;
  const __m512i round = _mm512_set1_epi32((1 << (kCentredShift - 1)) + kCentredOffset);
  auto chunk = [&](int c) {
    __m512i acc = round;  // the rounding term starts the sum
    for (int j = 0; j < P; ++j) {
      const int o = c * P + j;
      const __m512i v = PickWindow<kNarrow>(in + base[o], index + o * 32);
      acc = _mm512_add_epi32(acc, _mm512_madd_epi16(v, _mm512_loadu_si512(weights + o * 32)));
    }
    return _mm512_srai_epi32(acc, kCentredShift);
  };
  const __m512i r0 = chunk(0), r1 = chunk(1), r2 = chunk(2), r3 = chunk(3);
  const __m512i bytes = _mm512_packus_epi16(_mm512_packs_epi32(r0, r1), _mm512_packs_epi32(r2, r3));
  const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  _mm512_storeu_si512(out, _mm512_permutexvar_epi32(order, bytes));
}

template <int kPairs, bool kNarrow>
void PermutePass(const int16_t* HWY_RESTRICT in, const HTableU8& t, uint8_t* HWY_RESTRICT dst,
                 size_t n) {
  const size_t P = static_cast<size_t>(t.pairs);
  const int32_t* base = t.base.data();
  const uint16_t* index = t.index.data();
  const int16_t* weights = t.weights.data();
  for (size_t k = 0; k < static_cast<size_t>(t.slots); k += 4) {
    const size_t e = k * kChunk;
    const size_t o = k * P;
    if (e + 4 * kChunk <= n) {
      PermuteStep<kPairs, kNarrow>(in, base + o, index + o * 32, weights + o * 32, t.pairs,
                                   dst + e);
    } else {
      alignas(64) uint8_t tmp[4 * kChunk];
      PermuteStep<kPairs, kNarrow>(in, base + o, index + o * 32, weights + o * 32, t.pairs, tmp);
      std::memcpy(dst + e, tmp, n - e);
    }
  }
}

void WidenRow(const uint8_t* HWY_RESTRICT src, size_t n, int16_t* HWY_RESTRICT out) {
  size_t i = 0;
  for (; i + 32 <= n; i += 32)
    _mm512_storeu_si512(
        out + i,
        _mm512_cvtepu8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i))));
  for (; i < n; ++i) out[i] = src[i];
}

// How the horizontal-first pass gathers a window's 32 samples as int16:
enum PickKind {
  kPickWords32,  // from the row widened to int16: vpermw over 32 samples (narrow plans)
  kPickWords64,  // the same, vpermt2w over 64 samples
  kPickBytes64,  // straight from the uint8 row: a zero-masked vpermb over 64 bytes
                 // (AVX3_DL); the word picks double as byte picks, odd bytes zeroed
};

template <int kPick>
HWY_INLINE __m512i PickSamples(const void* HWY_RESTRICT row, size_t n, int32_t base,
                               const uint16_t* HWY_RESTRICT index) {
#if FRAMEKIT_RESIZE_VBMI
  if constexpr (kPick == kPickBytes64) {
    // The caller's row ends at n bytes: the last windows load only what is there.
    const uint8_t* w = static_cast<const uint8_t*>(row) + base;
    const size_t left = n - static_cast<size_t>(base);
    const __m512i win =
        left >= 64 ? _mm512_loadu_si512(w) : _mm512_maskz_loadu_epi8((uint64_t{1} << left) - 1, w);
    return _mm512_maskz_permutexvar_epi8(0x5555555555555555ull, _mm512_loadu_si512(index), win);
  }
#endif
  (void)n;
  return PickWindow<kPick == kPickWords32>(static_cast<const int16_t*>(row) + base, index);
}

// Horizontal-first pass on AVX-512: the same permute windows as PermutePass give 32
// int16 outputs per step (sums >> shift, saturated), from the uint8 row directly
// (kPickBytes64) or from it widened to int16.
// kShift: the plan's shift (7, or 8 for bicubic) as an immediate: a shift by a register
// count is two uops here, one of them on the permute port.
template <int kPairs, int kPick, int kShift>
void PermutePassToI16(const void* HWY_RESTRICT in, size_t n, const HTableU8& t,
                      int16_t* HWY_RESTRICT out) {
  const int P = kPairs > 0 ? kPairs : t.pairs;
  const __m512i round = _mm512_set1_epi32(1 << (kShift - 1));
  const __m512i order = _mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7);
  for (size_t k = 0; k < static_cast<size_t>(t.slots); k += 2) {
    __m512i r[2];
    for (size_t c = 0; c < 2; ++c) {
      __m512i acc = round;
      for (int j = 0; j < P; ++j) {
        const size_t o = (k + c) * P + j;
        const __m512i v = PickSamples<kPick>(in, n, t.base[o], &t.index[o * 32]);
        acc = _mm512_add_epi32(acc, _mm512_madd_epi16(v, _mm512_loadu_si512(&t.weights[o * 32])));
      }
      r[c] = _mm512_srai_epi32(acc, kShift);
    }
    // packs leaves qword 2i + c holding chunk c's outputs 4i..4i+3.
    _mm512_storeu_si512(out + k * kChunk,
                        _mm512_permutexvar_epi64(order, _mm512_packs_epi32(r[0], r[1])));
  }
}

template <int kPick, int kShift>
void PermuteToI16(const void* HWY_RESTRICT in, size_t n, const HTableU8& t,
                  int16_t* HWY_RESTRICT out) {
  switch (t.pairs) {
    case 1:
      return PermutePassToI16<1, kPick, kShift>(in, n, t, out);
    case 2:
      return PermutePassToI16<2, kPick, kShift>(in, n, t, out);
    default:
      return PermutePassToI16<0, kPick, kShift>(in, n, t, out);
  }
}

template <int kShift>
void PermuteU8ToI16(const uint8_t* HWY_RESTRICT src, size_t n, const HTableU8& t,
                    int16_t* HWY_RESTRICT out) {
#if FRAMEKIT_RESIZE_VBMI
  return PermuteToI16<kPickBytes64, kShift>(src, n, t, out);
#else
  thread_local std::vector<int16_t> wide;
  if (wide.size() < n + kRowPadSamples) wide.assign(n + kRowPadSamples, 0);
  WidenRow(src, n, wide.data());
  return t.narrow ? PermuteToI16<kPickWords32, kShift>(wide.data(), n, t, out)
                  : PermuteToI16<kPickWords64, kShift>(wide.data(), n, t, out);
#endif
}

#endif  // FRAMEKIT_RESIZE_PERMUTE

// ------------------------------------------------------------------ horizontal first

void PlanU8(HPlanU8& plan, size_t src_row_bytes) {
  plan.padded_elems = plan.out_elems;
  plan.simd = HTableU8{};
#if FRAMEKIT_RESIZE_PERMUTE
  if (BuildPermuteTable(plan, HTableKind::kPermuteU8)) {
    // The pairs of chunks written per step.
    plan.simd.slots = (plan.simd.slots + 1) / 2 * 2;
    return;
  }
#endif
  if (src_row_bytes < 16) return;
  BuildBlockTable(plan, 1, static_cast<int64_t>(src_row_bytes) - 16, HTableKind::kBlocksU8);
}

void HPassU8(const uint8_t* HWY_RESTRICT src, const HPlanU8& plan, int16_t* HWY_RESTRICT out) {
  const HTableU8& t = plan.simd;
#if FRAMEKIT_RESIZE_PERMUTE
  if (t.kind == HTableKind::kPermuteU8) {
    const size_t n = static_cast<size_t>(plan.filter->src_len) * plan.channels;
    if (plan.shift == 7) return PermuteU8ToI16<7>(src, n, t, out);
    if (plan.shift == 8) return PermuteU8ToI16<8>(src, n, t, out);
    return resize_hpass_u8_scalar(src, plan, out);
  }
#endif
  if (t.kind != HTableKind::kBlocksU8) return resize_hpass_u8_scalar(src, plan, out);
  const DI16 di16;
  for (size_t s = 0; s < static_cast<size_t>(t.slots); s += 2 * kBlocks) {
    hn::Vec<DI32> ra, rb;
    BlockSums(src, t, s, plan.shift, plan.offset, ra, rb);
    hn::StoreU(hn::ReorderDemote2To(di16, ra, rb), di16, out + s * 4);
  }
}

// kShift > 0: the shift as an immediate (see PermutePassToI16); 0: `shift`.
template <int kTaps, int kShift>
HWY_INLINE void VPassI16Vector(const int16_t* const* rows, const int16_t* w, int taps, int shift,
                               size_t i, uint8_t* HWY_RESTRICT dst) {
  const hn::ScalableTag<int16_t> d;
  const hn::Rebind<uint8_t, decltype(d)> d8;
  auto acc = hn::MulFixedPoint15(hn::LoadU(d, rows[0] + i), hn::Set(d, w[0]));
  const int n = kTaps > 0 ? kTaps : taps;
  for (int k = 1; k < n; ++k)
    acc = hn::Add(acc, hn::MulFixedPoint15(hn::LoadU(d, rows[k] + i), hn::Set(d, w[k])));
  if constexpr (kShift > 0) {
    acc = hn::ShiftRight<kShift>(hn::Add(acc, hn::Set(d, static_cast<int16_t>(1 << (kShift - 1)))));
  } else {
    acc =
        hn::ShiftRightSame(hn::Add(acc, hn::Set(d, static_cast<int16_t>(1 << (shift - 1)))), shift);
  }
  hn::StoreU(hn::DemoteTo(d8, acc), d8, dst);
}

#if FRAMEKIT_RESIZE_PERMUTE
// Fixed taps and shift on AVX-512: row pointers and weights held in registers (through
// `dst`, a byte pointer, the compiler would otherwise reload them every vector) and 64
// outputs per step, so one pack and one qword permute serve two vectors.
template <int kTaps, int kShift>
void VPassI16Fixed(const int16_t* const* rows_in, const int16_t* w_in, uint8_t* HWY_RESTRICT dst,
                   size_t n) {
  const int16_t* HWY_RESTRICT rows[kTaps];
  __m512i w[kTaps];
  for (int k = 0; k < kTaps; ++k) {
    rows[k] = rows_in[k];
    w[k] = _mm512_set1_epi16(w_in[k]);
  }
  const __m512i round = _mm512_set1_epi16(1 << (kShift - 1));
  const __m512i order = _mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7);
  auto sum = [&](size_t i) {
    __m512i acc = round;
    for (int k = 0; k < kTaps; ++k)
      acc = _mm512_add_epi16(acc, _mm512_mulhrs_epi16(_mm512_loadu_si512(rows[k] + i), w[k]));
    return _mm512_srai_epi16(acc, kShift);
  };
  auto step = [&](size_t i) {
    const __m512i bytes = _mm512_packus_epi16(sum(i), sum(i + 32));
    _mm512_storeu_si512(dst + i, _mm512_permutexvar_epi64(order, bytes));
  };
  size_t i = 0;
  for (; i + 64 <= n; i += 64) step(i);
  if (i < n) step(n - 64);  // overlap the tail (n >= 64)
}
#endif

template <int kTaps, int kShift>
void VPassI16Loop(const int16_t* const* rows, const int16_t* w, int taps, int shift,
                  uint8_t* HWY_RESTRICT dst, size_t n) {
  const hn::ScalableTag<int16_t> d;
  const size_t N = hn::Lanes(d);
#if FRAMEKIT_RESIZE_PERMUTE
  if constexpr (kTaps > 0 && kShift > 0) {
    if (n >= 64) return VPassI16Fixed<kTaps, kShift>(rows, w, dst, n);
  }
#endif
  if (n < N) {  // ring rows are padded, so a whole vector can be read
    HWY_ALIGN uint8_t tmp[hn::MaxLanes(hn::ScalableTag<int16_t>())];
    VPassI16Vector<kTaps, kShift>(rows, w, taps, shift, 0, tmp);
    std::memcpy(dst, tmp, n);
    return;
  }
  size_t i = 0;
  for (; i + N <= n; i += N) VPassI16Vector<kTaps, kShift>(rows, w, taps, shift, i, dst + i);
  if (i < n) VPassI16Vector<kTaps, kShift>(rows, w, taps, shift, n - N, dst + n - N);  // overlap
}

void VPassI16(const int16_t* const* rows, const int16_t* w, int taps, int shift, uint8_t* dst,
              size_t n) {
  // Bilinear (2 taps, shift 6) and bicubic (4 taps, shift 5) get immediate shifts.
  if (taps == 2 && shift == 6) return VPassI16Loop<2, 6>(rows, w, taps, shift, dst, n);
  if (taps == 4 && shift == 5) return VPassI16Loop<4, 5>(rows, w, taps, shift, dst, n);
  return VPassI16Loop<0, 0>(rows, w, taps, shift, dst, n);
}

// ------------------------------------------------------------------ vertical first

template <int kTaps>
HWY_INLINE void VPassU8Vector(const uint8_t* const* rows, const int16_t* w, int taps, size_t i,
                              int16_t* HWY_RESTRICT out, const uint8_t* const* ahead) {
#if FRAMEKIT_RESIZE_PERMUTE
  if (ahead) {
    const int nn = kTaps > 0 ? kTaps : taps;
    for (int k = 0; k < nn; ++k)
      _mm_prefetch(reinterpret_cast<const char*>(ahead[k] + i), _MM_HINT_T0);
  }
#endif
  const hn::ScalableTag<int16_t> d;
  const hn::Rebind<uint16_t, decltype(d)> du;
  const hn::Rebind<uint8_t, decltype(d)> d8;
  const auto flip = hn::Set(d8, 0x80);
  auto load = [&](int k) {  // (x - 128) << 8 as int16: (x ^ 0x80) << 8
    return hn::ShiftLeft<8>(
        hn::BitCast(d, hn::PromoteTo(du, hn::Xor(hn::LoadU(d8, rows[k] + i), flip))));
  };
  auto acc = hn::MulFixedPoint15(load(0), hn::Set(d, w[0]));
  const int n = kTaps > 0 ? kTaps : taps;
  for (int k = 1; k < n; ++k) acc = hn::Add(acc, hn::MulFixedPoint15(load(k), hn::Set(d, w[k])));
  hn::StoreU(acc, d, out + i);
}

#if FRAMEKIT_RESIZE_VBMI
// Fixed taps on AVX3_DL, 64 samples per step: a zero-masked vpermb puts each byte
// (flipped to x - 128 by an xor) in the high byte of its word, which is the centred
// sample << 8, where widening and shifting would take a permute and a shift per 32.
// Row pointers and weights stay in registers.
template <int kTaps>
void VPassU8Fixed(const uint8_t* const* rows_in, const int16_t* w_in, int16_t* HWY_RESTRICT out,
                  size_t n, const uint8_t* const* ahead_in) {
  const uint8_t* HWY_RESTRICT rows[kTaps];
  const uint8_t* ahead[kTaps];
  __m512i w[kTaps];
  for (int k = 0; k < kTaps; ++k) {
    rows[k] = rows_in[k];
    ahead[k] = ahead_in ? ahead_in[k] : nullptr;
    w[k] = _mm512_set1_epi16(w_in[k]);
  }
  // Word j of the low half takes byte j, of the high half byte 32 + j.
  alignas(64) uint8_t lo_index[64];
  for (int j = 0; j < 64; ++j) lo_index[j] = static_cast<uint8_t>(j / 2);
  const __m512i lo = _mm512_load_si512(lo_index);
  const __m512i hi = _mm512_add_epi8(lo, _mm512_set1_epi8(32));
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
  const __mmask64 high_bytes = 0xAAAAAAAAAAAAAAAAull;
  auto step = [&](size_t i) {
    __m512i a0 = _mm512_setzero_si512(), a1 = a0;
    for (int k = 0; k < kTaps; ++k) {
      if (ahead_in) _mm_prefetch(reinterpret_cast<const char*>(ahead[k] + i), _MM_HINT_T0);
      const __m512i x = _mm512_xor_si512(_mm512_loadu_si512(rows[k] + i), flip);
      a0 = _mm512_add_epi16(
          a0, _mm512_mulhrs_epi16(_mm512_maskz_permutexvar_epi8(high_bytes, lo, x), w[k]));
      a1 = _mm512_add_epi16(
          a1, _mm512_mulhrs_epi16(_mm512_maskz_permutexvar_epi8(high_bytes, hi, x), w[k]));
    }
    _mm512_storeu_si512(out + i, a0);
    _mm512_storeu_si512(out + i + 32, a1);
  };
  size_t i = 0;
  for (; i + 64 <= n; i += 64) step(i);
  if (i < n) step(n - 64);  // overlap the tail (n >= 64)
}
#endif

template <int kTaps>
void VPassU8Loop(const uint8_t* const* rows, const int16_t* w, int taps, int16_t* out, size_t n,
                 const uint8_t* const* ahead) {
#if FRAMEKIT_RESIZE_VBMI
  if constexpr (kTaps > 0) {
    if (n >= 64) return VPassU8Fixed<kTaps>(rows, w, out, n, ahead);
  }
#endif
  const size_t N = hn::Lanes(hn::ScalableTag<int16_t>());
  if (n < N) return resize_vpass_u8_scalar(rows, w, taps, out, n, ahead);  // rows are the caller's
  size_t i = 0;
  for (; i + N <= n; i += N) VPassU8Vector<kTaps>(rows, w, taps, i, out, ahead);
  if (i < n) VPassU8Vector<kTaps>(rows, w, taps, n - N, out, nullptr);  // overlap the tail
}

void VPassU8(const uint8_t* const* rows, const int16_t* w, int taps, int16_t* out, size_t n,
             const uint8_t* const* ahead) {
  switch (taps) {
    case 2:
      return VPassU8Loop<2>(rows, w, taps, out, n, ahead);
    case 4:
      return VPassU8Loop<4>(rows, w, taps, out, n, ahead);
    default:
      return VPassU8Loop<0>(rows, w, taps, out, n, ahead);
  }
}

void PlanI16(HPlanU8& plan) {
  plan.padded_elems = plan.out_elems;
  plan.simd = HTableU8{};
#if FRAMEKIT_RESIZE_PERMUTE
  if (BuildPermuteTable(plan, HTableKind::kPermuteI16)) return;
#endif
  // The int16 row is ours and padded: windows need no clamping.
  BuildBlockTable(plan, 2, INT64_MAX, HTableKind::kBlocksI16);
}

void HPassI16(const int16_t* HWY_RESTRICT in, const HPlanU8& plan, uint8_t* HWY_RESTRICT dst) {
  const HTableU8& t = plan.simd;
  const size_t n = static_cast<size_t>(plan.out_elems);
#if FRAMEKIT_RESIZE_PERMUTE
  if (t.kind == HTableKind::kPermuteI16 && plan.shift == kCentredShift &&
      plan.offset == kCentredOffset) {
    switch (t.pairs) {
      case 1:
        return t.narrow ? PermutePass<1, true>(in, t, dst, n)
                        : PermutePass<1, false>(in, t, dst, n);
      case 2:
        return t.narrow ? PermutePass<2, true>(in, t, dst, n)
                        : PermutePass<2, false>(in, t, dst, n);
      default:
        return t.narrow ? PermutePass<0, true>(in, t, dst, n)
                        : PermutePass<0, false>(in, t, dst, n);
    }
  }
#endif
  if (t.kind != HTableKind::kBlocksI16 || plan.shift != kCentredShift ||
      plan.offset != kCentredOffset)
    return resize_hpass_i16_scalar(in, plan, dst);
  const DI16 di16;
  const hn::Rebind<uint8_t, DI16> d8;
  const uint8_t* row = reinterpret_cast<const uint8_t*>(in);
  const size_t per = 8 * kBlocks;  // outputs per step
  for (size_t s = 0; s < static_cast<size_t>(t.slots); s += 2 * kBlocks) {
    hn::Vec<DI32> ra, rb;
    BlockSums(row, t, s, kCentredShift, kCentredOffset, ra, rb);
    const auto bytes = hn::DemoteTo(d8, hn::ReorderDemote2To(di16, ra, rb));
    const size_t e = s * 4;
    if (e + per <= n) {
      hn::StoreU(bytes, d8, dst + e);
    } else {
      HWY_ALIGN uint8_t tmp[8 * kBlocks];
      hn::StoreU(bytes, d8, tmp);
      std::memcpy(dst + e, tmp, n - e);
    }
  }
}

// ------------------------------------------------------------------ 2:1 box

// One channel: pixel pairs are the bytes of a uint16 lane.
HWY_INLINE void Box2C1(const uint8_t* HWY_RESTRICT r0, const uint8_t* HWY_RESTRICT r1,
                       uint8_t* HWY_RESTRICT dst, size_t x) {
  const D8 d8;
  const hn::Repartition<uint16_t, D8> d16;
  const hn::Rebind<uint8_t, decltype(d16)> dh;
  const auto a = hn::BitCast(d16, hn::LoadU(d8, r0 + 2 * x));
  const auto b = hn::BitCast(d16, hn::LoadU(d8, r1 + 2 * x));
  const auto m = hn::Set(d16, 0xFF);
  const auto even = hn::Add(hn::And(a, m), hn::And(b, m));
  const auto odd = hn::Add(hn::ShiftRight<8>(a), hn::ShiftRight<8>(b));
  const auto s = hn::ShiftRight<2>(hn::Add(hn::Add(even, odd), hn::Set(d16, 2)));
  hn::StoreU(hn::DemoteTo(dh, hn::BitCast(DI16(), s)), dh, dst + x);
}

// Two channels (UV): a uint32 lane holds two pixels [c0 c1 c0' c1'].
HWY_INLINE void Box2C2(const uint8_t* HWY_RESTRICT r0, const uint8_t* HWY_RESTRICT r1,
                       uint8_t* HWY_RESTRICT dst, size_t x) {
  const D8 d8;
  const hn::Repartition<uint32_t, D8> d32;
  const hn::Rebind<uint16_t, decltype(d32)> dh;
  const auto a = hn::BitCast(d32, hn::LoadU(d8, r0 + 4 * x));
  const auto b = hn::BitCast(d32, hn::LoadU(d8, r1 + 4 * x));
  const auto m = hn::Set(d32, 0x00FF00FFu);
  const auto lo = hn::Add(hn::And(a, m), hn::And(b, m));  // channel 0 of both pixels
  const auto hi = hn::Add(hn::And(hn::ShiftRight<8>(a), m), hn::And(hn::ShiftRight<8>(b), m));
  const auto m16 = hn::Set(d32, 0xFFFFu);
  const auto two = hn::Set(d32, 2u);
  const auto c0 =
      hn::ShiftRight<2>(hn::Add(hn::Add(hn::And(lo, m16), hn::ShiftRight<16>(lo)), two));
  const auto c1 =
      hn::ShiftRight<2>(hn::Add(hn::Add(hn::And(hi, m16), hn::ShiftRight<16>(hi)), two));
  const auto px = hn::Or(c0, hn::ShiftLeft<8>(c1));
  hn::StoreU(hn::DemoteTo(dh, hn::BitCast(DI32(), px)), dh,
             reinterpret_cast<uint16_t*>(dst + 2 * x));
}

template <int C>
void Box2Loop(const uint8_t* HWY_RESTRICT r0, const uint8_t* HWY_RESTRICT r1,
              uint8_t* HWY_RESTRICT dst, size_t n) {
  // Output pixels per step: a vector of source bytes holds half as many output pixels.
  const size_t per = hn::Lanes(D8()) / 2 / C;
  size_t x = 0;
  for (; x + per <= n; x += per) C == 1 ? Box2C1(r0, r1, dst, x) : Box2C2(r0, r1, dst, x);
  if (x < n) C == 1 ? Box2C1(r0, r1, dst, n - per) : Box2C2(r0, r1, dst, n - per);  // overlap
}

#if FRAMEKIT_RESIZE_PERMUTE
// AVX-512, one or two channels: pmaddubsw with ones sums byte pairs in one step (two
// channels: a byte shuffle first puts each channel's pair side by side); 64 output
// bytes, one full store, per step.
template <int C>
HWY_INLINE void Box2x64(const uint8_t* HWY_RESTRICT r0, const uint8_t* HWY_RESTRICT r1,
                        uint8_t* HWY_RESTRICT dst, size_t x) {
  const __m512i ones = _mm512_set1_epi8(1);
  const __m512i two = _mm512_set1_epi16(2);
  // [U0 V0 U1 V1] -> [U0 U1 V0 V1] in every 4 bytes.
  const __m512i pairs =
      _mm512_broadcast_i32x4(_mm_setr_epi8(0, 2, 1, 3, 4, 6, 5, 7, 8, 10, 9, 11, 12, 14, 13, 15));
  auto sums = [&](size_t off) {
    __m512i a = _mm512_loadu_si512(r0 + off), b = _mm512_loadu_si512(r1 + off);
    if constexpr (C == 2) {
      a = _mm512_shuffle_epi8(a, pairs);
      b = _mm512_shuffle_epi8(b, pairs);
    }
    const __m512i s =
        _mm512_add_epi16(_mm512_maddubs_epi16(a, ones), _mm512_maddubs_epi16(b, ones));
    return _mm512_srli_epi16(_mm512_add_epi16(s, two), 2);
  };
  const __m512i packed = _mm512_packus_epi16(sums(2 * x), sums(2 * x + 64));
  // packus interleaves its inputs per 128-bit lane: qword 2i + j holds input j's lane i.
  const __m512i order = _mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7);
  _mm512_storeu_si512(dst + x, _mm512_permutexvar_epi64(order, packed));
}

// x counts output bytes (pixels x channels).
template <int C>
void Box2Avx512(const uint8_t* HWY_RESTRICT r0, const uint8_t* HWY_RESTRICT r1,
                uint8_t* HWY_RESTRICT dst, size_t n) {
  size_t x = 0;
  // Loads that straddle cache lines cost extra bandwidth: after one step covering the
  // head, steps start on line boundaries of r0 (r1 shares its alignment in a plane).
  const size_t mis = reinterpret_cast<uintptr_t>(r0) % 64;
  if (mis % (2 * C) == 0 && mis != 0 && n >= 128) {
    Box2x64<C>(r0, r1, dst, 0);
    x = (64 - mis) / 2;
  }
  for (; x + 64 <= n; x += 64) {
    // The rows stream from L3 or memory; asking a few lines ahead keeps more misses in
    // flight than the hardware prefetcher alone.
    for (size_t ahead : {2048, 2112}) {
      _mm_prefetch(reinterpret_cast<const char*>(r0 + 2 * x + ahead), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(r1 + 2 * x + ahead), _MM_HINT_T0);
    }
    Box2x64<C>(r0, r1, dst, x);
  }
  if (x < n) Box2x64<C>(r0, r1, dst, n - 64);  // overlap the tail
}
#endif

void Box2U8(const uint8_t* HWY_RESTRICT r0, const uint8_t* HWY_RESTRICT r1,
            uint8_t* HWY_RESTRICT dst, int dst_width, int channels) {
  const size_t n = static_cast<size_t>(dst_width);
#if FRAMEKIT_RESIZE_PERMUTE
  if ((channels == 1 || channels == 2) && n * channels >= 64) {
    if (channels == 1) return Box2Avx512<1>(r0, r1, dst, n);
    return Box2Avx512<2>(r0, r1, dst, n * 2);
  }
#endif
  const size_t lanes = hn::Lanes(D8());
  if (channels == 1 && n >= lanes / 2) return Box2Loop<1>(r0, r1, dst, n);
  if (channels == 2 && n >= lanes / 4) return Box2Loop<2>(r0, r1, dst, n);
  resize_box2_u8_scalar(r0, r1, dst, dst_width, channels);
}

FRAMEKIT_SIMD_TABLE(ResizeKernelsU8, &PlanU8, &HPassU8, &VPassI16,
                    &PlanI16, &VPassU8, &HPassI16, &Box2U8)

#endif  // HWY_TARGET == HWY_SCALAR

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::geometry_detail, ResizeKernelsU8, resize_kernels_u8, resize_kernels_u8_scalar
#include "framekit/core/simd_dispatch-inl.h"
