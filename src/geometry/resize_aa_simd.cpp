// Highway versions of the anti-aliased 8-bit resize kernels (twins: resize_aa.cpp). The
// sums are the twins' int32 sums of samples times Q22 weights, so the results agree bit
// for bit (integer arithmetic; no intermediate rounding).
//
// Horizontal: an output's taps are the consecutive pixels of its window, read in vectors
// of int32 lanes (one byte each) and multiplied by the plan's weights, expanded to one per
// lane. 1 and 2 channels: the window's bytes as they are (lane l holds channel l % C);
// 3 and 4 channels: one pixel per 4 lanes (RGB spread to RGB0 by a byte shuffle), so
// lane l holds channel l % 4 either way and the lanes fold to one pixel at the end.
// AVX-512 VBMI (AVX3_DL and later) instead gathers int16 taps with vpermb and multiplies
// tap pairs with vpmaddwd, and folds four outputs at once. Vertical: whole rows times
// broadcast weights, 4 vectors per step.
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

#undef FRAMEKIT_AA_VBMI
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3_DL
// AVX-512 VBMI: int16 taps, one zero-masked vpermb gathers a chunk of them as words and
// vpmaddwd multiplies and adds tap pairs (below); twice the taps per multiply of the
// int32 path.
#define FRAMEKIT_AA_VBMI 1
#else
#define FRAMEKIT_AA_VBMI 0
#endif

#if FRAMEKIT_AA_VBMI
// Q22 weights do not fit int16, so each is split exactly as w = hi * 2^11 + lo with
// 0 <= lo < 2^11 (|hi| < 2^13): two int16 dot products (lo and hi halves) whose int32
// sums combine as (hi_sum << 11) + lo_sum. In wrapping int32 arithmetic that is the exact
// Q22 sum, as the true sum fits int32. Word m of a chunk holds tap 2q + (m & 1) of
// channel c, where lane m / 2 = q * P + c and P = channel slots (4 for RGB's zero 4th,
// else C), so each int32 lane sums a tap pair of one channel and lane % P names it.
constexpr int kSplitBits = 11;

int ChannelSlots(int C) {
  return C == 3 ? 4 : C;
}
int VbmiTapsPerChunk(int C) {
  return 32 / ChannelSlots(C);
}

void PlanAaVbmi(AaHPlan& plan) {
  const AxisFilter& f = *plan.filter;
  const int C = plan.channels, T = f.taps, P = ChannelSlots(C);
  const int taps_per_chunk = VbmiTapsPerChunk(C);
  const int chunks = (T + taps_per_chunk - 1) / taps_per_chunk;
  // Per output and chunk: 16 int32 of lo pairs, then 16 of hi pairs.
  const size_t per = static_cast<size_t>(chunks) * 32;
  // Masked loads read nothing past the row, so every output takes the vector path.
  const int simd = f.dst_len;
  plan.lanes = 16;
  plan.chunks = chunks;
  plan.simd_outputs = simd;
  plan.weights.assign(per * simd, 0);
  for (int x = 0; x < simd; ++x) {
    const int32_t* q = &f.wq22[static_cast<size_t>(x) * T];
    for (int j = 0; j < chunks; ++j) {
      auto* lo = reinterpret_cast<int16_t*>(&plan.weights[static_cast<size_t>(x) * per + j * 32]);
      int16_t* hi = lo + 32;
      for (int m = 0; m < 32; ++m) {
        const int lane = m / 2, pair = lane / P, c = lane % P;
        const int k = j * taps_per_chunk + 2 * pair + (m & 1);
        if (c >= C || k >= T) continue;
        lo[m] = static_cast<int16_t>(q[k] & ((1 << kSplitBits) - 1));
        hi[m] = static_cast<int16_t>(q[k] >> kSplitBits);
      }
    }
  }
}

// Lanes [o0 | o1 | o2 | o3] (128-bit blocks) of four outputs' 512-bit sums: each block is
// the sum of that output's four blocks.
HWY_INLINE __m512i FoldFour(__m512i a0, __m512i a1, __m512i a2, __m512i a3) {
  const __m512i s01 =
      _mm512_add_epi32(_mm512_shuffle_i64x2(a0, a1, 0x44), _mm512_shuffle_i64x2(a0, a1, 0xEE));
  const __m512i s23 =
      _mm512_add_epi32(_mm512_shuffle_i64x2(a2, a3, 0x44), _mm512_shuffle_i64x2(a2, a3, 0xEE));
  return _mm512_add_epi32(_mm512_shuffle_i64x2(s01, s23, 0x88),
                          _mm512_shuffle_i64x2(s01, s23, 0xDD));
}

// R rows (1 or 2) at once: they share every weight load, which is most of the memory
// traffic (the weights of a row of outputs outgrow L1 when shrinking a lot).
template <int C, int R>
void HPassVbmi(const uint8_t* const* HWY_RESTRICT src, const AaHPlan& plan,
               uint8_t* const* HWY_RESTRICT dst) {
  constexpr int P = C == 3 ? 4 : C;
  constexpr int kTaps = 32 / P;
  constexpr int kBytes = kTaps * C;  // window bytes per chunk
  alignas(64) uint8_t index[64] = {};
  uint64_t pick = 0;  // bytes of the index that take a sample (low bytes of words)
  for (int m = 0; m < 32; ++m) {
    const int lane = m / 2, pair = lane / P, c = lane % P;
    if (c >= C) continue;
    index[2 * m] = static_cast<uint8_t>((2 * pair + (m & 1)) * C + c);
    pick |= 1ull << (2 * m);
  }
  const __m512i idx = _mm512_load_si512(index);
  const __mmask64 window = kBytes == 64 ? ~0ull : (1ull << kBytes) - 1;
  const AxisFilter& f = *plan.filter;
  const int chunks = plan.chunks, n = plan.simd_outputs;
  const size_t per = static_cast<size_t>(chunks) * 32;
  const ptrdiff_t row_bytes = static_cast<ptrdiff_t>(f.src_len) * C;
  // The exact Q22 sums of output x in each row, one tap pair of one channel per lane.
  auto sums = [&](int x, __m512i* out) {
    const ptrdiff_t off = static_cast<ptrdiff_t>(f.start[x]) * C;
    const int32_t* w = plan.weights.data() + static_cast<size_t>(x) * per;
    // Near the row's end a chunk's tail (zero weights) is masked off rather than read.
    const bool clip = row_bytes - off < static_cast<ptrdiff_t>(chunks) * kBytes;
    __m512i lo[R], hi[R];
    for (int r = 0; r < R; ++r) lo[r] = hi[r] = _mm512_setzero_si512();
    for (int j = 0; j < chunks; ++j) {
      const ptrdiff_t at = off + j * kBytes;
      const ptrdiff_t left = row_bytes - at;  // > 0: a chunk starts inside the window
      const __mmask64 mask =
          !clip || left >= kBytes ? window : _bzhi_u64(~0ull, static_cast<unsigned>(left));
      const __m512i wlo = _mm512_loadu_si512(w + j * 32);
      const __m512i whi = _mm512_loadu_si512(w + j * 32 + 16);
      for (int r = 0; r < R; ++r) {
        const __m512i taps =
            _mm512_maskz_permutexvar_epi8(pick, idx, _mm512_maskz_loadu_epi8(mask, src[r] + at));
        lo[r] = _mm512_add_epi32(lo[r], _mm512_madd_epi16(taps, wlo));
        hi[r] = _mm512_add_epi32(hi[r], _mm512_madd_epi16(taps, whi));
      }
    }
    for (int r = 0; r < R; ++r)
      out[r] = _mm512_add_epi32(_mm512_slli_epi32(hi[r], kSplitBits), lo[r]);
  };
  // Lanes of one channel summed into the block's first lanes (P = 1 or 2 channel slots).
  auto channel_sums = [](auto v, auto shuffle_4e, auto shuffle_b1, auto add) {
    if constexpr (P <= 2) v = add(v, shuffle_4e(v));
    if constexpr (P == 1) v = add(v, shuffle_b1(v));
    return v;
  };
  // Bytes of output k's channel c sit at 4k + c: keep C of every 4.
  alignas(16) uint8_t keep[16];
  for (int b = 0; b < 16; ++b) keep[b] = b < 4 * C ? static_cast<uint8_t>(b / C * 4 + b % C) : 0x80;
  const __m128i compact = _mm_load_si128(reinterpret_cast<const __m128i*>(keep));
  const __m512i half = _mm512_set1_epi32(kHalf);
  int x = 0;
  for (; x + 4 <= n; x += 4) {
    __m512i a[4][R];
    for (int k = 0; k < 4; ++k) sums(x + k, a[k]);
    for (int r = 0; r < R; ++r) {
      __m512i v = FoldFour(a[0][r], a[1][r], a[2][r], a[3][r]);
      v = channel_sums(
          v, [](__m512i t) { return _mm512_shuffle_epi32(t, _MM_PERM_BADC); },
          [](__m512i t) { return _mm512_shuffle_epi32(t, _MM_PERM_CDAB); },
          [](__m512i t, __m512i u) { return _mm512_add_epi32(t, u); });
      v = _mm512_max_epi32(_mm512_srai_epi32(_mm512_add_epi32(v, half), kAaWeightBits),
                           _mm512_setzero_si512());
      const __m128i bytes = _mm_shuffle_epi8(_mm512_cvtusepi32_epi8(v), compact);
      _mm_mask_storeu_epi8(dst[r] + static_cast<ptrdiff_t>(x) * C, (1u << (4 * C)) - 1, bytes);
    }
  }
  for (; x < n; ++x) {
    __m512i a[R];
    sums(x, a);
    for (int r = 0; r < R; ++r) {
      const __m256i s8 =
          _mm256_add_epi32(_mm512_castsi512_si256(a[r]), _mm512_extracti64x4_epi64(a[r], 1));
      __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(s8), _mm256_extracti128_si256(s8, 1));
      s4 = channel_sums(
          s4, [](__m128i t) { return _mm_shuffle_epi32(t, 0x4E); },
          [](__m128i t) { return _mm_shuffle_epi32(t, 0xB1); },
          [](__m128i t, __m128i u) { return _mm_add_epi32(t, u); });
      s4 = _mm_srai_epi32(_mm_add_epi32(s4, _mm_set1_epi32(kHalf)), kAaWeightBits);
      const __m128i px = _mm_packus_epi16(_mm_packs_epi32(s4, s4), s4);
      const auto four = static_cast<uint32_t>(_mm_cvtsi128_si32(px));
      uint8_t* out = dst[r] + static_cast<ptrdiff_t>(x) * C;
      for (int c = 0; c < C; ++c) out[c] = static_cast<uint8_t>(four >> (8 * c));
    }
  }
}

template <int R>
void HPassVbmiRows(const uint8_t* const* src, const AaHPlan& plan, uint8_t* const* dst) {
  switch (plan.channels) {
    case 1:
      return HPassVbmi<1, R>(src, plan, dst);
    case 2:
      return HPassVbmi<2, R>(src, plan, dst);
    case 3:
      return HPassVbmi<3, R>(src, plan, dst);
    case 4:
      return HPassVbmi<4, R>(src, plan, dst);
    default:
      return;
  }
}
#endif  // FRAMEKIT_AA_VBMI

constexpr int kPixelLanes = 4;  // 3- and 4-channel pixels: one pixel per 4 int32 lanes

// Bytes each output's window is read with: the window itself for 1 and 2 channels, a
// 16-byte load per chunk for 3 (the chunk's taps are picked out of it).
int64_t ReadSpan(int C, int chunks, int lanes) {
  if (C != 3) return static_cast<int64_t>(chunks) * lanes;
  return static_cast<int64_t>(chunks - 1) * (lanes / kPixelLanes) * 3 + 16;
}

void PlanAa(AaHPlan& plan) {
#if FRAMEKIT_AA_VBMI
  if (plan.channels <= 4) return PlanAaVbmi(plan);
#endif
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
HWY_INLINE hn::Vec<hn::Full128<int32_t> > FoldTo4(D d, hn::Vec<D> v) {
  if constexpr (hn::MaxLanes(D()) <= 4) {
    return v;
  } else {
    const hn::Half<D> dh;
    return FoldTo4(dh, hn::Add(hn::LowerHalf(dh, v), hn::UpperHalf(dh, v)));
  }
}

// The low MaxLanes(D) bytes of a 128-bit vector.
template <class D>
HWY_INLINE hn::Vec<D> LowBytes(D d, hn::Vec<hn::Full128<uint8_t> > v) {
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
    alignas(16) static constexpr uint8_t kSpread[16] = {0, 1, 2, 0x80, 3, 4,  5,  0x80,
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
      const auto prod =
          hn::Mul(hn::PromoteTo(d, hn::LoadU(d8, s + j * N)), hn::LoadU(d, w + j * N));
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
    const auto sums =
        WindowSums<C>(s, plan.weights.data() + static_cast<size_t>(x) * per, plan.chunks);
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
#if FRAMEKIT_AA_VBMI
  const uint8_t* rows[1] = {src};
  uint8_t* outs[1] = {dst};
  HPassVbmiRows<1>(rows, plan, outs);
  return resize_aa_hpass_scalar(plan.simd_outputs, src, plan, dst);
#endif
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

void HPass2Aa(const uint8_t* src0, const uint8_t* src1, const AaHPlan& plan, uint8_t* dst0,
              uint8_t* dst1) {
#if FRAMEKIT_AA_VBMI
  const uint8_t* src[2] = {src0, src1};
  uint8_t* dst[2] = {dst0, dst1};
  HPassVbmiRows<2>(src, plan, dst);
  resize_aa_hpass_scalar(plan.simd_outputs, src0, plan, dst0);
  resize_aa_hpass_scalar(plan.simd_outputs, src1, plan, dst1);
#else
  HPassAa(src0, plan, dst0);
  HPassAa(src1, plan, dst1);
#endif
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

FRAMEKIT_SIMD_TABLE(ResizeAaKernelsU8, &PlanAa, &HPassAa, &HPass2Aa, &VPassAa)

#endif  // HWY_TARGET == HWY_SCALAR

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::geometry_detail, ResizeAaKernelsU8, resize_aa_kernels_u8, resize_aa_kernels_u8_scalar
#include "framekit/core/simd_dispatch-inl.h"
