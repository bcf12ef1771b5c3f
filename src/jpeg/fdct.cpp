// SIMD forward DCT + quantisation + Huffman preparation, compiled once per target.
//
// FDCT layout: a vector of N int16 lanes holds one row of N/8 horizontally adjacent
// blocks (lane 8b + x = column x of block b). Each pass works "vertically" across 8
// such registers, so an 8x8 transpose inside every 128-bit block (unpacks, which all
// x86 targets do per 128-bit block) turns rows into columns between passes. The
// products use pmaddwd on interleaved pairs and are descaled exactly like
// libjpeg-turbo's ISLOW, so the coefficients are bit-identical to its encoder's.
#include <array>
#include <cstring>
#include <utility>

#include "jpeg/kernels.h"

// Built for AVX3_DL too (HWY_WANT_AVX3_DL, project-wide): VNNI multiply-adds for the DCT.
#define HWY_TARGET_INCLUDE "jpeg/fdct.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include "jpeg/dct_constants.h"

FRAMEKIT_SIMD_BEGIN(framekit::jpeg::detail)

#if HWY_TARGET != HWY_SCALAR

template <class D>
using V = hn::Vec<D>;

// ---------------------------------------------------------------- loading
template <SampleStep kStep, class D>
HWY_INLINE void LoadRows(D d, const uint8_t* src, ptrdiff_t stride, V<D> (&x)[8]) {
  const hn::RebindToUnsigned<D> du;
  const hn::Rebind<uint8_t, D> d8_half;
  const hn::Repartition<uint8_t, D> d8;
  for (int y = 0; y < 8; ++y) {
    const uint8_t* row = src + y * stride;
    if constexpr (kStep == SampleStep::k1) {
      x[y] = hn::BitCast(d, hn::PromoteTo(du, hn::LoadU(d8_half, row)));
    } else if constexpr (kStep == SampleStep::kEven) {
      x[y] = hn::BitCast(d, hn::And(hn::BitCast(du, hn::LoadU(d8, row)), hn::Set(du, 0xFF)));
    } else {
      x[y] = hn::BitCast(d, hn::ShiftRight<8>(hn::BitCast(du, hn::LoadU(d8, row))));
    }
  }
}

// ---------------------------------------------------------------- transpose
// 8x8 transpose of int16 inside every 128-bit block.
template <class D>
HWY_INLINE void Transpose8(D d, V<D> (&x)[8]) {
  const hn::Repartition<uint32_t, D> d32;
  const hn::Repartition<uint64_t, D> d64;
  const auto t0 = hn::BitCast(d32, hn::InterleaveLower(d, x[0], x[1]));
  const auto t1 = hn::BitCast(d32, hn::InterleaveUpper(d, x[0], x[1]));
  const auto t2 = hn::BitCast(d32, hn::InterleaveLower(d, x[2], x[3]));
  const auto t3 = hn::BitCast(d32, hn::InterleaveUpper(d, x[2], x[3]));
  const auto t4 = hn::BitCast(d32, hn::InterleaveLower(d, x[4], x[5]));
  const auto t5 = hn::BitCast(d32, hn::InterleaveUpper(d, x[4], x[5]));
  const auto t6 = hn::BitCast(d32, hn::InterleaveLower(d, x[6], x[7]));
  const auto t7 = hn::BitCast(d32, hn::InterleaveUpper(d, x[6], x[7]));
  const auto u0 = hn::BitCast(d64, hn::InterleaveLower(d32, t0, t2));
  const auto u1 = hn::BitCast(d64, hn::InterleaveUpper(d32, t0, t2));
  const auto u2 = hn::BitCast(d64, hn::InterleaveLower(d32, t1, t3));
  const auto u3 = hn::BitCast(d64, hn::InterleaveUpper(d32, t1, t3));
  const auto u4 = hn::BitCast(d64, hn::InterleaveLower(d32, t4, t6));
  const auto u5 = hn::BitCast(d64, hn::InterleaveUpper(d32, t4, t6));
  const auto u6 = hn::BitCast(d64, hn::InterleaveLower(d32, t5, t7));
  const auto u7 = hn::BitCast(d64, hn::InterleaveUpper(d32, t5, t7));
  x[0] = hn::BitCast(d, hn::InterleaveLower(d64, u0, u4));
  x[1] = hn::BitCast(d, hn::InterleaveUpper(d64, u0, u4));
  x[2] = hn::BitCast(d, hn::InterleaveLower(d64, u1, u5));
  x[3] = hn::BitCast(d, hn::InterleaveUpper(d64, u1, u5));
  x[4] = hn::BitCast(d, hn::InterleaveLower(d64, u2, u6));
  x[5] = hn::BitCast(d, hn::InterleaveUpper(d64, u2, u6));
  x[6] = hn::BitCast(d, hn::InterleaveLower(d64, u3, u7));
  x[7] = hn::BitCast(d, hn::InterleaveUpper(d64, u3, u7));
}

// ---------------------------------------------------------------- FDCT
// Lanes [c0, c1, c0, c1, ...] for pmaddwd on interleaved (a, b) pairs: a*c0 + b*c1.
template <class D>
HWY_INLINE V<D> Pair(D d, int32_t c0, int32_t c1) {
  const hn::RepartitionToWide<D> dw;
  const uint32_t bits =
      static_cast<uint16_t>(c0) | (static_cast<uint32_t>(static_cast<uint16_t>(c1)) << 16);
  return hn::BitCast(d, hn::Set(dw, static_cast<int32_t>(bits)));
}

template <class D>
HWY_INLINE V<hn::RepartitionToWide<D>> MulPairs(D /*d*/, V<D> ab, V<D> k) {
  const hn::RepartitionToWide<D> dw;
  auto sum1 = hn::Zero(dw);
  const auto sum0 = hn::ReorderWidenMulAccumulate(dw, ab, k, hn::Zero(dw), sum1);
  return hn::RearrangeToOddPlusEven(sum0, sum1);
}

// acc + MulPairs: one vpdpwssd where AVX-512 VNNI is available.
template <class D, class VW>
HWY_INLINE VW MulPairsAdd(D d, VW acc, V<D> ab, V<D> k) {
#if HWY_TARGET == HWY_AVX3_DL && HWY_ARCH_X86
  // Highway 1.0.3 enables only the VEX form of VNNI for this target; AVX3_DL CPUs all
  // have the EVEX one, so emit it directly.
  (void)d;
  __m512i r = acc.raw;
  asm("vpdpwssd %2, %1, %0" : "+v"(r) : "v"(ab.raw), "v"(k.raw));
  return VW{r};
#else
  return hn::Add(MulPairs(d, ab, k), acc);
#endif
}

// Rounded shift of two 32-bit halves (lanes 0-3 and 4-7 of each 128-bit block) and
// repack to int16 in the original lane order.
template <int kShift, class D, class VW>
HWY_INLINE V<D> DescalePack(D d, VW lo, VW hi) {
  return hn::ReorderDemote2To(d, hn::ShiftRight<kShift>(lo), hn::ShiftRight<kShift>(hi));
}

template <bool kFirstPass, class D>
HWY_INLINE void DctPass(D d, V<D> (&x)[8]) {
  const hn::RepartitionToWide<D> dw;
  constexpr int kShift = kFirstPass ? kConstBits - kPass1Bits : kConstBits + kPass1Bits;
  const auto tmp0 = hn::Add(x[0], x[7]), tmp7 = hn::Sub(x[0], x[7]);
  const auto tmp1 = hn::Add(x[1], x[6]), tmp6 = hn::Sub(x[1], x[6]);
  const auto tmp2 = hn::Add(x[2], x[5]), tmp5 = hn::Sub(x[2], x[5]);
  const auto tmp3 = hn::Add(x[3], x[4]), tmp4 = hn::Sub(x[3], x[4]);
  const auto tmp10 = hn::Add(tmp0, tmp3), tmp13 = hn::Sub(tmp0, tmp3);
  const auto tmp11 = hn::Add(tmp1, tmp2), tmp12 = hn::Sub(tmp1, tmp2);
  if constexpr (kFirstPass) {
    // Samples arrive unshifted (0..255): the level shift by 128 only changes DC, by
    // 8 * 128 per row, which is subtracted here exactly.
    x[0] = hn::ShiftLeft<kPass1Bits>(hn::Sub(hn::Add(tmp10, tmp11), hn::Set(d, 1024)));
    x[4] = hn::ShiftLeft<kPass1Bits>(hn::Sub(tmp10, tmp11));
  } else {
    const auto r = hn::Set(d, 1 << (kPass1Bits - 1));
    x[0] = hn::ShiftRight<kPass1Bits>(hn::Add(hn::Add(tmp10, tmp11), r));
    x[4] = hn::ShiftRight<kPass1Bits>(hn::Add(hn::Sub(tmp10, tmp11), r));
  }
  const auto rnd = hn::Set(dw, 1 << (kShift - 1));
  {
    const auto lo = hn::InterleaveLower(d, tmp13, tmp12);
    const auto hi = hn::InterleaveUpper(d, tmp13, tmp12);
    const auto k2 = Pair(d, kFix0541 + kFix0765, kFix0541);
    const auto k6 = Pair(d, kFix0541, kFix0541 - kFix1847);
    x[2] = DescalePack<kShift>(d, MulPairsAdd(d, rnd, lo, k2), MulPairsAdd(d, rnd, hi, k2));
    x[6] = DescalePack<kShift>(d, MulPairsAdd(d, rnd, lo, k6), MulPairsAdd(d, rnd, hi, k6));
  }
  const auto z3 = hn::Add(tmp4, tmp6), z4 = hn::Add(tmp5, tmp7);
  const auto z34_lo = hn::InterleaveLower(d, z3, z4), z34_hi = hn::InterleaveUpper(d, z3, z4);
  const auto k_z3 = Pair(d, kFix1175 - kFix1961, kFix1175);
  const auto k_z4 = Pair(d, kFix1175, kFix1175 - kFix0390);
  // The rounding constant rides along with z3/z4, which every odd output adds.
  const auto z3_lo = MulPairsAdd(d, rnd, z34_lo, k_z3);
  const auto z3_hi = MulPairsAdd(d, rnd, z34_hi, k_z3);
  const auto z4_lo = MulPairsAdd(d, rnd, z34_lo, k_z4);
  const auto z4_hi = MulPairsAdd(d, rnd, z34_hi, k_z4);
  const auto t47_lo = hn::InterleaveLower(d, tmp4, tmp7);
  const auto t47_hi = hn::InterleaveUpper(d, tmp4, tmp7);
  const auto k_t4 = Pair(d, kFix0298 - kFix0899, -kFix0899);
  const auto k_t7 = Pair(d, -kFix0899, kFix1501 - kFix0899);
  x[7] = DescalePack<kShift>(d, MulPairsAdd(d, z3_lo, t47_lo, k_t4),
                             MulPairsAdd(d, z3_hi, t47_hi, k_t4));
  x[1] = DescalePack<kShift>(d, MulPairsAdd(d, z4_lo, t47_lo, k_t7),
                             MulPairsAdd(d, z4_hi, t47_hi, k_t7));
  const auto t56_lo = hn::InterleaveLower(d, tmp5, tmp6);
  const auto t56_hi = hn::InterleaveUpper(d, tmp5, tmp6);
  const auto k_t5 = Pair(d, kFix2053 - kFix2562, -kFix2562);
  const auto k_t6 = Pair(d, -kFix2562, kFix3072 - kFix2562);
  x[5] = DescalePack<kShift>(d, MulPairsAdd(d, z4_lo, t56_lo, k_t5),
                             MulPairsAdd(d, z4_hi, t56_hi, k_t5));
  x[3] = DescalePack<kShift>(d, MulPairsAdd(d, z3_lo, t56_lo, k_t6),
                             MulPairsAdd(d, z3_hi, t56_hi, k_t6));
}

// ---------------------------------------------------------------- quantisation
template <bool kScaled, class D>
HWY_INLINE void Quantize(D d, V<D> (&x)[8], const QuantDivisors& q) {
  const hn::RebindToUnsigned<D> du;
  if constexpr (kScaled) {
    alignas(64) int16_t bias[32] = {};
    for (int b = 0; b < 32; b += 8) bias[b] = q.dc_bias;
    x[0] = hn::Add(x[0], hn::LoadU(d, bias));
  }
  for (int v = 0; v < 8; ++v) {
    auto t = hn::Add(hn::BitCast(du, hn::Abs(x[v])), hn::LoadU(du, q.corr[v]));
    t = hn::MulHigh(t, hn::LoadU(du, q.recip[v]));
    t = hn::MulHigh(t, hn::LoadU(du, q.scale[v]));
    auto r = hn::BitCast(d, t);
    if constexpr (kScaled) r = hn::Min(r, hn::Set(d, 1023));
    const auto sign = hn::ShiftRight<15>(x[v]);
    x[v] = hn::Sub(hn::Xor(r, sign), sign);
  }
}

// ---------------------------------------------------------------- Huffman preparation
// Per coefficient z: the size category (bit length of |z|) times 16, and the value bits
// (z, or z - 1 when negative, masked to the size), so the scalar coder only looks up
// and ORs. Sizes come from three 16-entry nibble tables (|z| < 2048).
alignas(16) constexpr uint8_t kSizeLo[16] = {0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4};
alignas(16) constexpr uint8_t kSizeMid[16] = {0, 5, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8};
alignas(16) constexpr uint8_t kSizeHi[16] = {0,  9,  10, 10, 11, 11, 11, 11,
                                             12, 12, 12, 12, 12, 12, 12, 12};

alignas(16) constexpr uint8_t kMaskLo[16] = {0,   1,   3,   7,   15,  31,  63,  127,
                                             255, 255, 255, 255, 255, 255, 255, 255};
alignas(16) constexpr uint8_t kMaskHi[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 7, 15, 31, 63, 127};

template <class D>
HWY_INLINE void HuffmanPrep(D d, V<D> z, V<D>& vals, V<D>& sizes) {
  const hn::RebindToUnsigned<D> du;
  const hn::Repartition<uint8_t, D> d8;
  const auto a = hn::BitCast(du, hn::Abs(z));
  const auto nib = hn::Set(du, 15);
  const auto s0 =
      hn::TableLookupBytes(hn::LoadDup128(d8, kSizeLo), hn::BitCast(d8, hn::And(a, nib)));
  const auto s1 = hn::TableLookupBytes(hn::LoadDup128(d8, kSizeMid),
                                       hn::BitCast(d8, hn::And(hn::ShiftRight<4>(a), nib)));
  const auto s2 =
      hn::TableLookupBytes(hn::LoadDup128(d8, kSizeHi), hn::BitCast(d8, hn::ShiftRight<8>(a)));
  // Index bytes above the low one are 0 and every table maps 0 to 0, so each 16-bit
  // lane holds its size in its low byte.
  const auto size = hn::BitCast(du, hn::Max(hn::Max(s0, s1), s2));
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
  const auto one = hn::Set(du, 1);
  const auto mask = hn::Sub(hn::Shl(one, size), one);  // vpsllvw
#else
  // No 16-bit variable shift: (1 << size) - 1 from two byte tables.
  const auto mlo = hn::TableLookupBytes(hn::LoadDup128(d8, kMaskLo), hn::BitCast(d8, size));
  const auto mhi = hn::TableLookupBytes(hn::LoadDup128(d8, kMaskHi), hn::BitCast(d8, size));
  const auto mask = hn::Or(hn::BitCast(du, mlo), hn::ShiftLeft<8>(hn::BitCast(du, mhi)));
#endif
  // Negative: (z - 1) & mask == ~|z| & mask == |z| ^ mask.
  vals = hn::BitCast(d, hn::Xor(a, hn::And(mask, hn::BitCast(du, hn::ShiftRight<15>(z)))));
  sizes = hn::BitCast(d, hn::ShiftLeft<4>(size));
}

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
// AVX-512: the size mask comes from one word permute; with VBMI (AVX3_DL) the size
// itself from two 64-entry byte permutes (|z| & 63 and |z| >> 6).
HWY_INLINE void HuffmanPrep512(__m512i z, __m512i& vals, __m512i& sizes) {
  alignas(64) static constexpr int16_t kMasks[32] = {
      0,  1,  3,  7,  15, 31, 63, 127, 255, 511, 1023, 2047, 4095, 8191, 16383, 32767,
      -1, -1, -1, -1, -1, -1, -1, -1,  -1,  -1,  -1,   -1,   -1,   -1,   -1,    -1};
  const __m512i a = _mm512_abs_epi16(z);
#if HWY_TARGET == HWY_AVX3_DL
  alignas(64) static constexpr uint8_t kLenLo[64] = {
      0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5,
      5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
      6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6};
  alignas(64) static constexpr uint8_t kLenHi[64] = {
      0,  7,  8,  8,  9,  9,  9,  9,  10, 10, 10, 10, 10, 10, 10, 10, 11, 11, 11, 11, 11, 11,
      11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
      12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12};
  const __mmask64 low_bytes = 0x5555555555555555ull;
  const __m512i lo = _mm512_maskz_permutexvar_epi8(low_bytes, a, _mm512_load_si512(kLenLo));
  const __m512i hi =
      _mm512_maskz_permutexvar_epi8(low_bytes, _mm512_srli_epi16(a, 6), _mm512_load_si512(kLenHi));
  const __m512i size = _mm512_max_epu16(lo, hi);
#else
  const hn::ScalableTag<int16_t> d;
  const hn::Repartition<uint8_t, decltype(d)> d8;
  const __m512i nib = _mm512_set1_epi16(15);
  const __m512i s0 = _mm512_shuffle_epi8(hn::LoadDup128(d8, kSizeLo).raw, _mm512_and_si512(a, nib));
  const __m512i s1 = _mm512_shuffle_epi8(hn::LoadDup128(d8, kSizeMid).raw,
                                         _mm512_and_si512(_mm512_srli_epi16(a, 4), nib));
  const __m512i s2 = _mm512_shuffle_epi8(hn::LoadDup128(d8, kSizeHi).raw, _mm512_srli_epi16(a, 8));
  const __m512i size = _mm512_max_epu8(_mm512_max_epu8(s0, s1), s2);
#endif
  const __m512i mask = _mm512_permutexvar_epi16(size, _mm512_load_si512(kMasks));
  // a ^ (mask & sign): value bits of positive z are |z|, of negative z ~|z| & mask.
  vals = _mm512_ternarylogic_epi32(a, mask, _mm512_srai_epi16(z, 15), 0x78);
  sizes = _mm512_slli_epi16(size, 4);
}
#endif

// ---------------------------------------------------------------- zigzag + store
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
// 4 blocks in 8 zmm rows: regroup 128-bit blocks so each block's rows 0-3 and 4-7
// sit in one register each, then one two-table word permute per half does zigzag.
HWY_INLINE void ZigzagStore(hn::ScalableTag<int16_t> /*d*/,
                            const V<hn::ScalableTag<int16_t>> (&x)[8], CodedBlock* out) {
  alignas(64) static constexpr int16_t kLo[32] = {0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32,
                                                  25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
                                                  41, 34, 27, 20, 13, 6,  7,  14, 21, 28};
  alignas(64) static constexpr int16_t kHi[32] = {35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15,
                                                  23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31,
                                                  39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
  const __m512i idx_lo = _mm512_load_si512(kLo);
  const __m512i idx_hi = _mm512_load_si512(kHi);
  __m512i half[2][4];
  for (int h = 0; h < 2; ++h) {
    const __m512i r0 = x[4 * h + 0].raw, r1 = x[4 * h + 1].raw;
    const __m512i r2 = x[4 * h + 2].raw, r3 = x[4 * h + 3].raw;
    const __m512i t0 = _mm512_shuffle_i64x2(r0, r1, 0x44);
    const __m512i t1 = _mm512_shuffle_i64x2(r0, r1, 0xEE);
    const __m512i t2 = _mm512_shuffle_i64x2(r2, r3, 0x44);
    const __m512i t3 = _mm512_shuffle_i64x2(r2, r3, 0xEE);
    half[h][0] = _mm512_shuffle_i64x2(t0, t2, 0x88);
    half[h][1] = _mm512_shuffle_i64x2(t0, t2, 0xDD);
    half[h][2] = _mm512_shuffle_i64x2(t1, t3, 0x88);
    half[h][3] = _mm512_shuffle_i64x2(t1, t3, 0xDD);
  }
  for (int b = 0; b < 4; ++b) {
    const __m512i lo = _mm512_permutex2var_epi16(half[0][b], idx_lo, half[1][b]);
    const __m512i hi = _mm512_permutex2var_epi16(half[0][b], idx_hi, half[1][b]);
    __m512i vals_lo, sizes_lo, vals_hi, sizes_hi;
    HuffmanPrep512(lo, vals_lo, sizes_lo);
    HuffmanPrep512(hi, vals_hi, sizes_hi);
    CodedBlock& o = out[b];
    _mm512_store_si512(o.vals, _mm512_mask_blend_epi16(1, vals_lo, lo));  // raw DC
    _mm512_store_si512(o.vals + 32, vals_hi);
    _mm512_store_si512(o.sizes, sizes_lo);
    _mm512_store_si512(o.sizes + 32, sizes_hi);
    o.mask = static_cast<uint64_t>(_mm512_test_epi16_mask(lo, lo)) |
             (static_cast<uint64_t>(_mm512_test_epi16_mask(hi, hi)) << 32);
  }
}
#else
// Byte shuffles within each 128-bit block (= one row of one block): output group k
// (zigzag 8k..8k+7) ORs the rows it draws from, each shuffled into place.
struct ZigzagShuffle {
  int k = 0, row = 0;
  alignas(16) uint8_t idx[16] = {};
};
constexpr int CountZigzagShuffles() {
  int n = 0;
  for (int k = 0; k < 8; ++k) {
    for (int row = 0; row < 8; ++row) {
      bool used = false;
      for (int j = 0; j < 8; ++j) used = used || kZigzagToNatural[8 * k + j] / 8 == row;
      n += used;
    }
  }
  return n;
}
constexpr int kNumZigzagShuffles = CountZigzagShuffles();
constexpr std::array<ZigzagShuffle, kNumZigzagShuffles> MakeZigzagShuffles() {
  std::array<ZigzagShuffle, kNumZigzagShuffles> out{};
  int n = 0;
  for (int k = 0; k < 8; ++k) {
    for (int row = 0; row < 8; ++row) {
      ZigzagShuffle s;
      s.k = k;
      s.row = row;
      bool used = false;
      for (int j = 0; j < 8; ++j) {
        const int nat = kZigzagToNatural[8 * k + j];
        if (nat / 8 == row) {
          used = true;
          s.idx[2 * j] = static_cast<uint8_t>(2 * (nat % 8));
          s.idx[2 * j + 1] = static_cast<uint8_t>(2 * (nat % 8) + 1);
        } else {
          s.idx[2 * j] = s.idx[2 * j + 1] = 0x80;
        }
      }
      if (used) out[n++] = s;
    }
  }
  return out;
}
alignas(16) constexpr std::array<ZigzagShuffle, kNumZigzagShuffles> kZigzagShuffles =
    MakeZigzagShuffles();

template <class D, size_t... I>
HWY_INLINE void ZigzagRows(D d, const V<D> (&x)[8], V<D> (&z)[8], std::index_sequence<I...>) {
  const hn::Repartition<uint8_t, D> d8;
  for (auto& zk : z) zk = hn::Zero(d);
  ((z[kZigzagShuffles[I].k] = hn::Or(
        z[kZigzagShuffles[I].k],
        hn::BitCast(d, hn::TableLookupBytesOr0(hn::BitCast(d8, x[kZigzagShuffles[I].row]),
                                               hn::LoadDup128(d8, kZigzagShuffles[I].idx))))),
   ...);
}

template <class D>
HWY_INLINE void ZigzagStore(D d, const V<D> (&x)[8], CodedBlock* out) {
  V<D> z[8];
  ZigzagRows(d, x, z, std::make_index_sequence<kNumZigzagShuffles>());
  constexpr size_t kMaxBlocks = HWY_MAX_BYTES / 16;
  const size_t blocks = hn::Lanes(d) / 8;
  uint64_t m[kMaxBlocks] = {};
  alignas(64) int16_t lanes[2][HWY_MAX_BYTES / 2];
  for (int k = 0; k < 8; ++k) {
    V<D> vals, sizes;
    HuffmanPrep(d, z[k], vals, sizes);
    if (k == 0) {  // keep each block's raw DC (lane 8b)
      const hn::RebindToUnsigned<D> du;
      const auto first =
          hn::RebindMask(d, hn::Eq(hn::And(hn::Iota(du, 0), hn::Set(du, 7)), hn::Zero(du)));
      vals = hn::IfThenElse(first, z[0], vals);
    }
    hn::Store(vals, d, lanes[0]);
    hn::Store(sizes, d, lanes[1]);
    for (size_t b = 0; b < blocks; ++b) {
      std::memcpy(out[b].vals + 8 * k, lanes[0] + 8 * b, 16);
      std::memcpy(out[b].sizes + 8 * k, lanes[1] + 8 * b, 16);
    }
    uint8_t bits[HWY_MAX_BYTES / 16 + 8] = {};
    hn::StoreMaskBits(d, hn::Ne(z[k], hn::Zero(d)), bits);
    for (size_t b = 0; b < blocks; ++b) m[b] |= static_cast<uint64_t>(bits[b]) << (8 * k);
  }
  for (size_t b = 0; b < blocks; ++b) out[b].mask = m[b];
}
#endif

template <bool kScaled, class D>
HWY_INLINE void Transform(D d, V<D> (&x)[8], const QuantDivisors& q) {
  Transpose8(d, x);
  DctPass<true>(d, x);
  Transpose8(d, x);
  DctPass<false>(d, x);
  Quantize<kScaled>(d, x, q);
}

inline int SampleAt(const uint8_t* row, SampleStep step, int x) {
  return step == SampleStep::k1 ? row[x] : row[2 * x + (step == SampleStep::kOdd)];
}

template <SampleStep kStep, bool kScaled>
HWY_NOINLINE void ForwardRun(const uint8_t* src, ptrdiff_t stride, int count,
                             const QuantDivisors& q, CodedBlock* out) {
  const hn::ScalableTag<int16_t> d;
  const int group = static_cast<int>(hn::Lanes(d) / 8);
  constexpr int kBytes = kStep == SampleStep::k1 ? 1 : 2;
  int i = 0;
  for (; i + group <= count; i += group) {
    V<decltype(d)> x[8];
    LoadRows<kStep>(d, src + i * 8 * kBytes, stride, x);
    Transform<kScaled>(d, x, q);
    ZigzagStore(d, x, out + i);
  }
  if (i < count) {
    // A partial group: gather its samples so the loads stay inside the caller's rows.
    constexpr int kCols = HWY_MAX_BYTES / 2;
    const int rem = count - i;
    alignas(64) uint8_t tmp[8 * kCols] = {};
    for (int y = 0; y < 8; ++y) {
      for (int xx = 0; xx < rem * 8; ++xx) {
        tmp[y * kCols + xx] = static_cast<uint8_t>(SampleAt(src + y * stride, kStep, i * 8 + xx));
      }
    }
    CodedBlock blocks[kCols / 8];
    V<decltype(d)> x[8];
    LoadRows<SampleStep::k1>(d, tmp, kCols, x);
    Transform<kScaled>(d, x, q);
    ZigzagStore(d, x, blocks);
    for (int b = 0; b < rem; ++b) out[i + b] = blocks[b];
  }
}

#endif  // HWY_TARGET != HWY_SCALAR

void ForwardBlocks(const uint8_t* src, ptrdiff_t stride, SampleStep step, int count,
                   const QuantDivisors& q, CodedBlock* out) {
#if HWY_TARGET == HWY_SCALAR
  forward_blocks_scalar(src, stride, step, count, q, out);
#else
  switch (step) {
    case SampleStep::k1:
      return q.clamp ? ForwardRun<SampleStep::k1, true>(src, stride, count, q, out)
                     : ForwardRun<SampleStep::k1, false>(src, stride, count, q, out);
    case SampleStep::kEven:
      return q.clamp ? ForwardRun<SampleStep::kEven, true>(src, stride, count, q, out)
                     : ForwardRun<SampleStep::kEven, false>(src, stride, count, q, out);
    case SampleStep::kOdd:
      return q.clamp ? ForwardRun<SampleStep::kOdd, true>(src, stride, count, q, out)
                     : ForwardRun<SampleStep::kOdd, false>(src, stride, count, q, out);
  }
#endif
}

FRAMEKIT_SIMD_TABLE(FdctKernels, &ForwardBlocks)

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY framekit::jpeg::detail, FdctKernels, fdct_kernels, fdct_scalar_kernels
#include "framekit/core/simd_dispatch-inl.h"
