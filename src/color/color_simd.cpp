// SIMD versions of the color row kernels (see color_kernels.h for the fixed-point
// contract), compiled once per target by Highway and chosen at run time.
//
// The YUV→RGB and RGB→YUV kernels work on pixel PAIRS: a vector of N 16-bit lanes
// holds N even pixels (low byte of each pair) or N odd ones. That matches 4:2:x
// chroma (one sample per lane) with no shuffles: the bilinear filter's left/right
// neighbours are plain unaligned loads, and the results re-pair with a shift and an
// OR back into pixel order.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "color/color_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "color/color_kernels.h"

HWY_BEFORE_NAMESPACE();
namespace framekit::color_detail {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET == HWY_SCALAR
// One-lane vectors cannot split pixel pairs: this target runs the scalar twins.
void ChromaVertical(const uint8_t* near, const uint8_t* far, int n, ChromaPrep prep,
                    uint16_t* out) {
  scalar::chroma_vertical(near, far, n, prep, out);
}
void ChromaVerticalPairs(const uint8_t* near, const uint8_t* far, int n, ChromaPrep prep,
                         uint16_t* out0, uint16_t* out1) {
  scalar::chroma_vertical_pairs(near, far, n, prep, out0, out1);
}
void YuvToRgbRow(const uint8_t* y, const ChromaRow& c, const uint8_t* a, int width, ChromaMode mode,
                 RgbLayout layout, const RgbRowOut& out, const YuvToRgbFixed& k) {
  scalar::yuv_to_rgb_row_from(0, y, c, a, width, mode, layout, out, k);
}
void ChromaWords(const ChromaRow& c, int width, ChromaMode mode, int16_t* u, int16_t* v) {
  scalar::chroma_words_from(0, c, width, mode, u, v);
}
void RgbToYuvPair(const uint8_t* s0, const uint8_t* s1, int width, RgbLayout layout, uint8_t* y0,
                  uint8_t* y1, uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k) {
  scalar::rgb_to_yuv_pair_from(0, s0, s1, width, layout, y0, y1, u, v, semi, k);
}
void RgbToYuv444(const uint8_t* s, int width, RgbLayout layout, uint8_t* y, uint8_t* u, uint8_t* v,
                 bool semi, const RgbToYuvFixed& k) {
  scalar::rgb_to_yuv_444_from(0, s, width, layout, y, u, v, semi, k);
}
void YuvToTensorRow(const uint8_t* y, const int16_t* u, const int16_t* v, const uint8_t* a,
                    int width, const TensorRowOut& out, const TensorFloatCoeffs& k) {
  scalar::yuv_to_tensor_row_from(0, y, u, v, a, width, out, k);
}
void ChromaVertical16(const uint8_t* near, const uint8_t* far, int n, const Chroma16& p,
                      uint16_t* out) {
  scalar::chroma_vertical16(near, far, n, p, out);
}
void ChromaVertical16Pairs(const uint8_t* near, const uint8_t* far, int n, const Chroma16& p,
                           uint16_t* out0, uint16_t* out1) {
  scalar::chroma_vertical16_pairs(near, far, n, p, out0, out1);
}
#else

using D8 = hn::ScalableTag<uint8_t>;
using DU16 = hn::Repartition<uint16_t, D8>;
using DI16 = hn::Repartition<int16_t, D8>;
using VU16 = hn::Vec<DU16>;
using VI16 = hn::Vec<DI16>;
using V8 = hn::Vec<D8>;

// A constant the compiler cannot see through, so that a multiply by a power of two
// stays a multiply. On AVX-512 cores 512-bit shifts and saturating adds issue on one
// port while multiplies issue on two, so the YUV→RGB kernel shifts by multiplying.
template <class V>
HWY_INLINE V Opaque(V v) {
#if HWY_ARCH_X86 && HWY_TARGET != HWY_SCALAR && HWY_TARGET != HWY_EMU128
  __asm__("" : "+v"(v.raw));
#endif
  return v;
}

// ---------------------------------------------------------------- chroma (vertical)

// c4 = 3 * near + far, stored as `prep` says (see color_kernels.h).
HWY_INLINE VU16 Prep(VU16 c4, ChromaPrep prep) {
  const DU16 du;
  if (prep == ChromaPrep::kFiltered) return hn::ShiftLeft<4>(c4);
  return hn::Xor(hn::ShiftLeft<6>(c4), hn::Set(du, 0x8000));
}

void ChromaVertical(const uint8_t* near, const uint8_t* far, int n, ChromaPrep prep,
                    uint16_t* out) {
  const DU16 d16;
  const hn::Rebind<uint8_t, DU16> d8h;
  const int N = static_cast<int>(hn::Lanes(d16));
  int j = 0;
  for (; j + N <= n; j += N) {
    const auto a = hn::PromoteTo(d16, hn::LoadU(d8h, near + j));
    const auto b = hn::PromoteTo(d16, hn::LoadU(d8h, far + j));
    hn::StoreU(Prep(hn::Add(hn::Add(a, hn::ShiftLeft<1>(a)), b), prep), d16, out + j);
  }
  scalar::chroma_vertical(near + j, far + j, n - j, prep, out + j);
}

// Per 16-bit lane: lo(bytes) · lo(w) + hi(bytes) · hi(w), unsigned bytes times weights
// 0..127 (pmaddubsw; the sums used here stay far below its saturation).
HWY_INLINE VU16 BytePairDot(V8 bytes, VU16 w) {
  const DU16 d16;
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  return VU16{_mm512_maddubs_epi16(bytes.raw, w.raw)};
#elif HWY_TARGET == HWY_AVX2
  return VU16{_mm256_maddubs_epi16(bytes.raw, w.raw)};
#elif HWY_TARGET == HWY_SSE4 || HWY_TARGET == HWY_SSSE3
  return VU16{_mm_maddubs_epi16(bytes.raw, w.raw)};
#else
  const auto b = hn::BitCast(d16, bytes);
  const auto lo = hn::Mul(hn::And(b, hn::Set(d16, 0xFF)), hn::And(w, hn::Set(d16, 0xFF)));
  return hn::Add(lo, hn::Mul(hn::ShiftRight<8>(b), hn::ShiftRight<8>(w)));
#endif
}

void ChromaVerticalPairs(const uint8_t* near, const uint8_t* far, int n, ChromaPrep prep,
                         uint16_t* out0, uint16_t* out1) {
  const D8 d8;
  const DU16 d16;
  const int N = static_cast<int>(hn::Lanes(d16));
  // 16 × (3 · near + far) of each pair member as two byte-pair dot products.
  const VU16 n0 = hn::Set(d16, 48), n1 = hn::Set(d16, 48 << 8);
  const VU16 f0 = hn::Set(d16, 16), f1 = hn::Set(d16, 16 << 8);
  auto finish = [&](VU16 c16) {  // c16 = 16 · c4
    if (prep == ChromaPrep::kFiltered) return c16;
    return hn::Xor(hn::ShiftLeft<2>(c16), hn::Set(d16, 0x8000));
  };
  int j = 0;
  for (; j + N <= n; j += N) {
    const V8 a = hn::LoadU(d8, near + 2 * j), b = hn::LoadU(d8, far + 2 * j);
    hn::StoreU(finish(hn::Add(BytePairDot(a, n0), BytePairDot(b, f0))), d16, out0 + j);
    hn::StoreU(finish(hn::Add(BytePairDot(a, n1), BytePairDot(b, f1))), d16, out1 + j);
  }
  scalar::chroma_vertical_pairs(near + 2 * j, far + 2 * j, n - j, prep, out0 + j, out1 + j);
}

// min(raw >> s, max) << l of 10/12-bit samples without variable shifts, which on
// AVX-512 cores also take a port-5 uop: the right shift is a MulHigh by 2^(16 - s), the
// left one a Mul by 2^l. When max is the largest value raw >> s can have (MSB-aligned
// samples, P010) the clamp is dropped, and if then l == s it is all raw & (~0 << s).
struct Sampler16 {
  VU16 rmul, max, lmul, mask;
  bool shr, clamp, shl, and_only;
  Sampler16(int s, uint16_t maxv, int l) {
    const DU16 d;
    shr = s > 0;
    clamp = maxv < (0xFFFF >> s);
    shl = l > 0;
    and_only = shr && !clamp && l == s;
    rmul = hn::Set(d, static_cast<uint16_t>(shr ? 1u << (16 - s) : 0u));
    max = hn::Set(d, maxv);
    lmul = hn::Set(d, static_cast<uint16_t>(1u << l));
    mask = hn::Set(d, static_cast<uint16_t>(0xFFFFu << s));
  }
  HWY_INLINE VU16 operator()(VU16 raw) const {
    if (and_only) return hn::And(raw, mask);
    VU16 v = shr ? hn::MulHigh(raw, rmul) : raw;
    if (clamp) v = hn::Min(v, max);
    return shl ? hn::Mul(v, lmul) : v;
  }
};
// ((3 · a + b) << lshift) ^ x as two multiplies (the wrap-around of the word modes is
// the same as the shift's).
struct Prep16Ops {
  VU16 m3, m1, x;
  explicit Prep16Ops(const Chroma16& p) {
    const DU16 d;
    m3 = hn::Set(d, static_cast<uint16_t>(3u << p.lshift));
    m1 = hn::Set(d, static_cast<uint16_t>(1u << p.lshift));
    x = hn::Set(d, p.xor_mask);
  }
  HWY_INLINE VU16 operator()(VU16 a, VU16 b) const {
    return hn::Xor(hn::Add(hn::Mul(a, m3), hn::Mul(b, m1)), x);
  }
};
HWY_INLINE const uint16_t* U16(const uint8_t* p) {
  return reinterpret_cast<const uint16_t*>(p);
}

void ChromaVertical16(const uint8_t* near, const uint8_t* far, int n, const Chroma16& p,
                      uint16_t* out) {
  const DU16 d16;
  const int N = static_cast<int>(hn::Lanes(d16));
  const Sampler16 sample(p.sshift, p.max, 0);
  const Prep16Ops prep(p);
  int j = 0;
  for (; j + N <= n; j += N) {
    const VU16 a = sample(hn::LoadU(d16, U16(near) + j));
    const VU16 b = sample(hn::LoadU(d16, U16(far) + j));
    hn::StoreU(prep(a, b), d16, out + j);
  }
  scalar::chroma_vertical16(near + 2 * j, far + 2 * j, n - j, p, out + j);
}

void ChromaVertical16Pairs(const uint8_t* near, const uint8_t* far, int n, const Chroma16& p,
                           uint16_t* out0, uint16_t* out1) {
  const DU16 d16;
  const int N = static_cast<int>(hn::Lanes(d16));
  const Sampler16 sample(p.sshift, p.max, 0);
  const Prep16Ops prep16(p);
  int j = 0;
  // The arithmetic is the same for both members of a pair, so it runs on the
  // interleaved rows and only the results are split.
  auto prep = [&](const uint8_t* a, const uint8_t* b) HWY_ATTR {
    return prep16(sample(hn::LoadU(d16, U16(a))), sample(hn::LoadU(d16, U16(b))));
  };
  for (; j + N <= n; j += N) {
    const VU16 lo = prep(near + 4 * j, far + 4 * j);
    const VU16 hi = prep(near + 4 * j + 2 * N, far + 4 * j + 2 * N);
    hn::StoreU(hn::ConcatEven(d16, hi, lo), d16, out0 + j);
    hn::StoreU(hn::ConcatOdd(d16, hi, lo), d16, out1 + j);
  }
  scalar::chroma_vertical16_pairs(near + 4 * j, far + 4 * j, n - j, p, out0 + j, out1 + j);
}

// ---------------------------------------------------------------- YUV → RGB

HWY_INLINE VI16 RawWord(VU16 c8) {  // (c << 8) ^ 0x8000 of bytes in the low halves
  const DU16 du;
  const DI16 di;
  return hn::BitCast(di, hn::Xor(hn::ShiftLeft<8>(c8), hn::Set(du, 0x8000)));
}
HWY_INLINE VI16 RawWordHi(VU16 w) {  // the same for bytes in the high halves
  const DU16 du;
  const DI16 di;
  return hn::BitCast(di, hn::Xor(hn::And(w, hn::Set(du, 0xFF00)), hn::Set(du, 0x8000)));
}

// Even/odd pixels' chroma words of both channels for pixel pair index j.
template <ChromaMode M>
HWY_INLINE void ChromaPairs(const ChromaRow& c, int j, VI16& ue, VI16& uo, VI16& ve, VI16& vo) {
  const D8 d8;
  const DU16 du;
  const DI16 di;
  const hn::Rebind<uint8_t, DU16> d8h;
  if constexpr (M == ChromaMode::kFiltered) {
    const auto k3 = Opaque(hn::Set(du, 3));
    auto filt = [&](const uint16_t* p, VI16& e, VI16& o) {
      const auto v = hn::LoadU(du, p + j);
      // 3v with the word's -32768 folded in (adding 0x8000 wraps like XOR).
      const auto c3 = hn::Xor(hn::Mul(v, k3), hn::Set(du, 0x8000));
      e = hn::BitCast(di, hn::Add(c3, hn::LoadU(du, p + j - 1)));
      o = hn::BitCast(di, hn::Add(c3, hn::LoadU(du, p + j + 1)));
    };
    filt(c.u, ue, uo);
    filt(c.v, ve, vo);
  } else if constexpr (M == ChromaMode::kWordsHalf) {
    ue = uo = hn::BitCast(di, hn::LoadU(du, c.u + j));
    ve = vo = hn::BitCast(di, hn::LoadU(du, c.v + j));
  } else if constexpr (M == ChromaMode::kWordsFull) {
    VU16 e, o;
    hn::LoadInterleaved2(du, c.u + 2 * j, e, o);
    ue = hn::BitCast(di, e);
    uo = hn::BitCast(di, o);
    hn::LoadInterleaved2(du, c.v + 2 * j, e, o);
    ve = hn::BitCast(di, e);
    vo = hn::BitCast(di, o);
  } else if constexpr (M == ChromaMode::kRawHalf) {
    ue = uo = RawWord(hn::PromoteTo(du, hn::LoadU(d8h, c.raw_u + j)));
    ve = vo = RawWord(hn::PromoteTo(du, hn::LoadU(d8h, c.raw_v + j)));
  } else if constexpr (M == ChromaMode::kRawHalfPairs) {
    const auto w = hn::BitCast(du, hn::LoadU(d8, c.raw_u + 2 * j));
    ue = uo = RawWord(w);
    ve = vo = RawWordHi(w);
  } else {  // kRawFull
    const auto wu = hn::BitCast(du, hn::LoadU(d8, c.raw_u + 2 * j));
    const auto wv = hn::BitCast(du, hn::LoadU(d8, c.raw_v + 2 * j));
    ue = RawWord(wu);
    uo = RawWordHi(wu);
    ve = RawWord(wv);
    vo = RawWordHi(wv);
  }
}

#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL || HWY_TARGET == HWY_AVX2 || \
    HWY_TARGET == HWY_SSE4 || HWY_TARGET == HWY_SSSE3
// packuswb: per 128-bit block, 8 saturated bytes of a then 8 of b. Highway 1.0.3 has
// no per-block two-vector demote, so this one op comes from the intrinsic.
HWY_INLINE V8 PackBlocks(VI16 a, VI16 b) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  return V8{_mm512_packus_epi16(a.raw, b.raw)};
#elif HWY_TARGET == HWY_AVX2
  return V8{_mm256_packus_epi16(a.raw, b.raw)};
#else
  return V8{_mm_packus_epi16(a.raw, b.raw)};
#endif
}

// Byte position, inside a packed block, of pixel p (0..15) of that block: evens first.
constexpr uint8_t EoPos(int p) {
  return static_cast<uint8_t>((p & 1) ? 8 + (p >> 1) : p >> 1);
}

struct EoTables {
  alignas(16) uint8_t order[16];      // e/o block → pixel order
  alignas(16) uint8_t rgb[3][3][16];  // [output block][channel] for 3-channel interleave
};
constexpr EoTables MakeEoTables() {
  EoTables t{};
  for (int p = 0; p < 16; ++p) t.order[p] = EoPos(p);
  for (int blk = 0; blk < 3; ++blk)
    for (int ch = 0; ch < 3; ++ch)
      for (int b = 0; b < 16; ++b) {
        const int byte = 16 * blk + b;
        t.rgb[blk][ch][b] = byte % 3 == ch ? EoPos(byte / 3) : 0x80;
      }
  return t;
}
constexpr EoTables kEo = MakeEoTables();

// Clamped (acc >> 6) of even and odd pixels as bytes in e/o block order.
HWY_INLINE V8 PackEo(VI16 even, VI16 odd) {
  return PackBlocks(hn::ShiftRight<6>(even), hn::ShiftRight<6>(odd));
}
// Clamped (acc + 32) >> 6, as MulFixedPoint15(acc, k512) with k512 = 512.
HWY_INLINE V8 PackEoRound(VI16 even, VI16 odd, VI16 k512) {
  return PackBlocks(hn::MulFixedPoint15(even, k512), hn::MulFixedPoint15(odd, k512));
}
HWY_INLINE V8 EoToPixelOrder(V8 v) {
  const D8 d8;
  return hn::TableLookupBytes(v, hn::LoadDup128(d8, kEo.order));
}
// 3-channel interleaved store straight from e/o block order.
HWY_INLINE void StoreEo3(V8 c0, V8 c1, V8 c2, uint8_t* p) {
  const D8 d8;
  V8 out[3];
  for (int blk = 0; blk < 3; ++blk) {
    out[blk] = hn::Or3(hn::TableLookupBytesOr0(c0, hn::LoadDup128(d8, kEo.rgb[blk][0])),
                       hn::TableLookupBytesOr0(c1, hn::LoadDup128(d8, kEo.rgb[blk][1])),
                       hn::TableLookupBytesOr0(c2, hn::LoadDup128(d8, kEo.rgb[blk][2])));
  }
  hn::detail::StoreTransposedBlocks3(out[0], out[1], out[2], d8, p);
}
#else
// Portable: clamp and re-pair into pixel order directly.
HWY_INLINE V8 PackPairs(VI16 even, VI16 odd) {
  const D8 d8;
  const DI16 di;
  const DU16 du;
  const auto zero = hn::Zero(di);
  const auto k255 = hn::Set(di, 255);
  const auto e = hn::Min(hn::Max(even, zero), k255);
  const auto o = hn::Min(hn::Max(odd, zero), k255);
  return hn::BitCast(d8, hn::Or(hn::BitCast(du, e), hn::ShiftLeft<8>(hn::BitCast(du, o))));
}
HWY_INLINE V8 PackEo(VI16 even, VI16 odd) {
  return PackPairs(hn::ShiftRight<6>(even), hn::ShiftRight<6>(odd));
}
HWY_INLINE V8 PackEoRound(VI16 even, VI16 odd, VI16 k512) {
  return PackPairs(hn::MulFixedPoint15(even, k512), hn::MulFixedPoint15(odd, k512));
}
HWY_INLINE V8 EoToPixelOrder(V8 v) {
  return v;
}
HWY_INLINE void StoreEo3(V8 c0, V8 c1, V8 c2, uint8_t* p) {
  hn::StoreInterleaved3(c0, c1, c2, D8(), p);
}
#endif

// Clamped (acc >> 6) of even and odd pixels as bytes in pixel order.
HWY_INLINE V8 PackPixels(VI16 even, VI16 odd) {
  return EoToPixelOrder(PackEo(even, odd));
}

#if HWY_TARGET == HWY_AVX3_DL
// ---- VBMI byte permutes over 64-pixel vectors (vpermt2b / vpermb). Channel vectors
// are either in e/o block order (computed color) or in pixel order (loaded alpha).

constexpr int PosEo(int px) {
  return 16 * (px / 16) + EoPos(px % 16);
}

struct VbmiTables {
  // Loading: channel c of 3-byte pixels from V0|V1 and then V2.
  alignas(64) uint8_t load3[3][64], load3_v2[3][64];
  uint64_t load3_mask[3];
  // 4-byte pixels: channels (ca, cb) of pixels 0..31 from V0|V1, cc alone, halves.
  alignas(64) uint8_t load4_ab[4][4][64], load4_c[4][64], lo_halves[64], hi_halves[64];
};

constexpr VbmiTables MakeVbmiTables() {
  VbmiTables t{};
  for (int b = 0; b < 64; ++b) {
    for (int c = 0; c < 3; ++c) {
      const int byte = 3 * b + c;  // pixel b, channel c
      t.load3[c][b] = static_cast<uint8_t>(byte < 128 ? byte : 0);
      t.load3_v2[c][b] = static_cast<uint8_t>(byte >= 128 ? byte - 128 : 0);
      if (byte >= 128) t.load3_mask[c] |= uint64_t{1} << b;
    }
    t.lo_halves[b] = static_cast<uint8_t>(b < 32 ? b : 64 + (b - 32));
    t.hi_halves[b] = static_cast<uint8_t>(b < 32 ? 32 + b : 64 + b);
  }
  for (int ca = 0; ca < 4; ++ca)
    for (int cb = 0; cb < 4; ++cb)
      for (int b = 0; b < 64; ++b) {
        const int px = b % 32, c = b < 32 ? ca : cb;
        t.load4_ab[ca][cb][b] = static_cast<uint8_t>(4 * px + c);  // from V0|V1 (px < 32)
      }
  for (int c = 0; c < 4; ++c)
    for (int b = 0; b < 64; ++b) t.load4_c[c][b] = static_cast<uint8_t>(4 * (b % 32) + c);
  return t;
}
constexpr VbmiTables kVb = MakeVbmiTables();

HWY_INLINE __m512i Tbl(const uint8_t* t) {
  return _mm512_load_si512(t);
}
HWY_INLINE __m512i Permute2(__m512i a, const uint8_t* t, __m512i b) {
  return _mm512_permutex2var_epi8(a, Tbl(t), b);
}

// Stores of 64 computed pixels. Each output vector takes every channel through one
// single-source vpermb with the same index (the byte of the pixel that owns the slot)
// and a mask that keeps that channel's slots: a vpermb is one port-5 cycle here, a
// two-source vpermt2b two.
struct VbmiStoreTables {
  // 3-channel rows: index of output vector j (e/o channel order), and the masks of
  // byte positions b with (64j + b) % 3 == r, for r = 0..2.
  alignas(64) uint8_t idx3[3][64];
  uint64_t mod3[3];
  // 4-channel rows: index of output vector k for e/o channels and for pixel-order ones.
  alignas(64) uint8_t idx4_eo[4][64], idx4_px[4][64];
};

constexpr VbmiStoreTables MakeVbmiStoreTables() {
  VbmiStoreTables t{};
  for (int b = 0; b < 64; ++b) {
    for (int j = 0; j < 3; ++j) t.idx3[j][b] = static_cast<uint8_t>(PosEo((64 * j + b) / 3));
    t.mod3[b % 3] |= uint64_t{1} << b;
    for (int k = 0; k < 4; ++k) {
      t.idx4_eo[k][b] = static_cast<uint8_t>(PosEo(16 * k + b / 4));
      t.idx4_px[k][b] = static_cast<uint8_t>(16 * k + b / 4);
    }
  }
  return t;
}
constexpr VbmiStoreTables kVs = MakeVbmiStoreTables();

// 64 pixels of 3 channels (c0, c1, c2 in memory order, all e/o) to 192 bytes.
HWY_INLINE void StoreVbmi3(V8 c0, V8 c1, V8 c2, uint8_t* p) {
  for (int j = 0; j < 3; ++j) {
    // Output byte b of vector j holds channel (j + b) % 3; mod3[r] marks b % 3 == r.
    const __m512i idx = Tbl(kVs.idx3[j]);
    __m512i o = _mm512_permutexvar_epi8(idx, c0.raw);
    o = _mm512_mask_permutexvar_epi8(o, kVs.mod3[(1 + 3 - j) % 3], idx, c1.raw);
    o = _mm512_mask_permutexvar_epi8(o, kVs.mod3[(2 + 3 - j) % 3], idx, c2.raw);
    _mm512_storeu_si512(p + 64 * j, o);
  }
}

// 64 pixels of 4 channels: the computed channels c0, c1, c2 (e/o order) go to byte
// slots s0, s1, s2 of each pixel and alpha to slot sa: from `a` (pixel order) if
// has_alpha, else opaque.
template <int s0, int s1, int s2, int sa>
HWY_INLINE void StoreVbmi4(V8 c0, V8 c1, V8 c2, V8 a, bool has_alpha, uint8_t* p) {
  constexpr uint64_t kSlot = 0x1111111111111111ull;
  static_assert(s0 + s1 + s2 + sa == 6 && s0 != s1 && s1 != s2 && s0 != s2);
  const __m512i opaque = _mm512_set1_epi8(-1);
  for (int k = 0; k < 4; ++k) {
    const __m512i idx = Tbl(kVs.idx4_eo[k]);
    __m512i o;
    if (has_alpha) {
      o = _mm512_permutexvar_epi8(idx, c0.raw);  // every slot; the others replaced below
      o = _mm512_mask_permutexvar_epi8(o, kSlot << sa, Tbl(kVs.idx4_px[k]), a.raw);
    } else {
      o = _mm512_mask_permutexvar_epi8(opaque, kSlot << s0, idx, c0.raw);
    }
    o = _mm512_mask_permutexvar_epi8(o, kSlot << s1, idx, c1.raw);
    o = _mm512_mask_permutexvar_epi8(o, kSlot << s2, idx, c2.raw);
    _mm512_storeu_si512(p + 64 * k, o);
  }
}

// Channel c (0..2) of 64 3-byte pixels, pixel order.
HWY_INLINE V8 LoadVbmi3(__m512i v0, __m512i v1, __m512i v2, int c) {
  const __m512i t = Permute2(v0, kVb.load3[c], v1);
  return V8{_mm512_mask_permutexvar_epi8(t, kVb.load3_mask[c], Tbl(kVb.load3_v2[c]), v2)};
}
#endif  // HWY_TARGET == HWY_AVX3_DL

// Destination rows are usually not in cache (a frame is larger than L2). Asking for the
// lines a few iterations ahead, for writing, overlaps their fetch with the arithmetic:
// 1080p NV12 → BGRA with bilinear chroma went from 0.51 to 0.47 ms on the development
// machine. A prefetch never faults, so running past the row end is harmless.
constexpr int kPrefetchAhead = 512;  // pixels
template <RgbLayout L>
HWY_INLINE void PrefetchOut(const RgbRowOut& out, int x, int n) {
  if constexpr (L == RgbLayout::kPlanar) {
    for (int c = 0; c < 3; ++c)
      for (int b = 0; b < n; b += 64) __builtin_prefetch(out.planes[c] + x + b, 1, 3);
  } else {
    constexpr int ch = rgb_layout_channels(L);
    for (int b = 0; b < ch * n; b += 64) __builtin_prefetch(out.packed + ch * x + b, 1, 3);
  }
}

// Stores R, G, B (and alpha, already in pixel order) given in e/o block order.
template <RgbLayout L>
HWY_INLINE void StoreRgb(V8 r, V8 g, V8 b, V8 a, bool has_a, const RgbRowOut& out, int x) {
  (void)has_a;
  const D8 d8;
  uint8_t* p = out.packed;
#if HWY_TARGET == HWY_AVX3_DL
  if constexpr (L == RgbLayout::kRGB) return StoreVbmi3(r, g, b, p + 3 * x);
  if constexpr (L == RgbLayout::kBGR) return StoreVbmi3(b, g, r, p + 3 * x);
  if constexpr (L == RgbLayout::kRGBA) return StoreVbmi4<0, 1, 2, 3>(r, g, b, a, has_a, p + 4 * x);
  if constexpr (L == RgbLayout::kBGRA) return StoreVbmi4<2, 1, 0, 3>(r, g, b, a, has_a, p + 4 * x);
  if constexpr (L == RgbLayout::kARGB) return StoreVbmi4<1, 2, 3, 0>(r, g, b, a, has_a, p + 4 * x);
  if constexpr (L == RgbLayout::kABGR) return StoreVbmi4<3, 2, 1, 0>(r, g, b, a, has_a, p + 4 * x);
#endif
  if constexpr (L == RgbLayout::kRGB) StoreEo3(r, g, b, p + 3 * x);
  if constexpr (L == RgbLayout::kBGR) StoreEo3(b, g, r, p + 3 * x);
  if constexpr (rgb_layout_channels(L) == 4) {
    r = EoToPixelOrder(r);
    g = EoToPixelOrder(g);
    b = EoToPixelOrder(b);
  }
  if constexpr (L == RgbLayout::kRGBA) hn::StoreInterleaved4(r, g, b, a, d8, p + 4 * x);
  if constexpr (L == RgbLayout::kBGRA) hn::StoreInterleaved4(b, g, r, a, d8, p + 4 * x);
  if constexpr (L == RgbLayout::kARGB) hn::StoreInterleaved4(a, r, g, b, d8, p + 4 * x);
  if constexpr (L == RgbLayout::kABGR) hn::StoreInterleaved4(a, b, g, r, d8, p + 4 * x);
  if constexpr (L == RgbLayout::kPlanar) {
    hn::StoreU(EoToPixelOrder(r), d8, out.planes[0] + x);
    hn::StoreU(EoToPixelOrder(g), d8, out.planes[1] + x);
    hn::StoreU(EoToPixelOrder(b), d8, out.planes[2] + x);
  }
}

template <RgbLayout L, ChromaMode M, bool kTwoTerm, bool kCommonBias, bool kY16>
void YuvToRgbRowT(const uint8_t* y, const ChromaRow& c, const uint8_t* a, int width,
                  const RgbRowOut& out, const YuvToRgbFixed& k) {
  const D8 d8;
  const DU16 du;
  const DI16 di;
  const int N8 = static_cast<int>(hn::Lanes(d8));
  const auto cy = hn::Set(du, k.cy);
  const auto br = hn::Set(di, k.bias[0]), bg = hn::Set(di, k.bias[1]), bb = hn::Set(di, k.bias[2]);
  const auto ur = hn::Set(di, k.cu[0]), ug = hn::Set(di, k.cu[1]), ub = hn::Set(di, k.cu[2]);
  const auto vr = hn::Set(di, k.cv[0]), vg = hn::Set(di, k.cv[1]), vb = hn::Set(di, k.cv[2]);
  const auto hi_mask = hn::Set(du, 0xFF00);
  const auto opaque = hn::Set(d8, 255);
  const Sampler16 ysample(k.y_sshift, k.y_max, k.y_lshift);
  const auto k256 = Opaque(hn::Set(du, 256));
  const auto k512 = Opaque(hn::Set(di, 512));

  // Vector positions 0, N8, 2·N8, … and last, the final whole vector of pixel pairs,
  // which overlaps the one before (the same values are written twice), so at most one
  // odd pixel is left to the scalar code. One loop body: the sanitizer build compiles
  // this function for 336 template combinations on five targets. (Aligning the stores
  // with a shifted first vector was measured and made 1080p slower.)
  const int last = (width - N8) & ~1;
  int x = 0;
  for (bool more = width >= N8; more;) {
    VI16 ye, yo;
    if constexpr (kY16) {
      // Even and odd 16-bit samples, each min(y >> sshift, max) << lshift, times cy.
      VU16 e, o;
      hn::LoadInterleaved2(du, U16(y) + x, e, o);
      ye = hn::BitCast(di, hn::MulHigh(ysample(e), cy));
      yo = hn::BitCast(di, hn::MulHigh(ysample(o), cy));
    } else {
      const auto wy = hn::BitCast(du, hn::LoadU(d8, y + x));
      // Y << 8 of even (low byte) and odd (high byte) pixels, times cy, high half.
      ye = hn::BitCast(di, hn::MulHigh(hn::Mul(wy, k256), cy));
      yo = hn::BitCast(di, hn::MulHigh(hn::And(wy, hi_mask), cy));
    }
    VI16 ue, uo, ve, vo;
    ChromaPairs<M>(c, x >> 1, ue, uo, ve, vo);
    // The same order of saturating adds as the scalar twin: bias, U term, V term.
    VI16 re, ro, ge, go, be, bo;
    if constexpr (kCommonBias) {
      const VI16 se = hn::SaturatedAdd(ye, br), so = hn::SaturatedAdd(yo, br);
      re = se, ro = so, ge = se, go = so, be = se, bo = so;
    } else {
      re = hn::SaturatedAdd(ye, br), ro = hn::SaturatedAdd(yo, br);
      ge = hn::SaturatedAdd(ye, bg), go = hn::SaturatedAdd(yo, bg);
      be = hn::SaturatedAdd(ye, bb), bo = hn::SaturatedAdd(yo, bb);
    }
    if constexpr (!kTwoTerm) {
      re = hn::SaturatedAdd(re, hn::MulFixedPoint15(ue, ur));
      ro = hn::SaturatedAdd(ro, hn::MulFixedPoint15(uo, ur));
    }
    re = hn::SaturatedAdd(re, hn::MulFixedPoint15(ve, vr));
    ro = hn::SaturatedAdd(ro, hn::MulFixedPoint15(vo, vr));
    ge = hn::SaturatedAdd(hn::SaturatedAdd(ge, hn::MulFixedPoint15(ue, ug)),
                          hn::MulFixedPoint15(ve, vg));
    go = hn::SaturatedAdd(hn::SaturatedAdd(go, hn::MulFixedPoint15(uo, ug)),
                          hn::MulFixedPoint15(vo, vg));
    be = hn::SaturatedAdd(be, hn::MulFixedPoint15(ue, ub));
    bo = hn::SaturatedAdd(bo, hn::MulFixedPoint15(uo, ub));
    if constexpr (!kTwoTerm) {
      be = hn::SaturatedAdd(be, hn::MulFixedPoint15(ve, vb));
      bo = hn::SaturatedAdd(bo, hn::MulFixedPoint15(vo, vb));
    }
    PrefetchOut<L>(out, x + kPrefetchAhead, N8);
    const V8 alpha = a != nullptr ? hn::LoadU(d8, a + x) : opaque;
    StoreRgb<L>(PackEoRound(re, ro, k512), PackEoRound(ge, go, k512), PackEoRound(be, bo, k512),
                alpha, a != nullptr, out, x);
    more = x < last;
    x = x + N8 < last ? x + N8 : last;
  }
  x = width >= N8 ? last + N8 : 0;
  scalar::yuv_to_rgb_row_from(x, y, c, a, width, M, L, out, k);
}

template <RgbLayout L, ChromaMode M, bool kY16>
void YuvToRgbRowY(const uint8_t* y, const ChromaRow& c, const uint8_t* a, int width,
                  const RgbRowOut& out, const YuvToRgbFixed& k) {
  const bool two = k.two_term(), common = k.common_bias();
  if (two && common) return YuvToRgbRowT<L, M, true, true, kY16>(y, c, a, width, out, k);
  if (two) return YuvToRgbRowT<L, M, true, false, kY16>(y, c, a, width, out, k);
  if (common) return YuvToRgbRowT<L, M, false, true, kY16>(y, c, a, width, out, k);
  return YuvToRgbRowT<L, M, false, false, kY16>(y, c, a, width, out, k);
}

template <RgbLayout L, ChromaMode M>
void YuvToRgbRowM(const uint8_t* y, const ChromaRow& c, const uint8_t* a, int width,
                  const RgbRowOut& out, const YuvToRgbFixed& k) {
  // 16-bit luma comes with chroma prepared as words or filtered rows, never raw bytes.
  constexpr bool kWords = M == ChromaMode::kFiltered || M == ChromaMode::kWordsFull ||
                          M == ChromaMode::kWordsHalf;
  if constexpr (kWords) {
    if (k.y16) return YuvToRgbRowY<L, M, true>(y, c, a, width, out, k);
  } else if (k.y16) {
    return scalar::yuv_to_rgb_row_from(0, y, c, a, width, M, L, out, k);
  }
  YuvToRgbRowY<L, M, false>(y, c, a, width, out, k);
}

template <RgbLayout L>
void YuvToRgbRowL(const uint8_t* y, const ChromaRow& c, const uint8_t* a, int width,
                  ChromaMode mode, const RgbRowOut& out, const YuvToRgbFixed& k) {
  switch (mode) {
    case ChromaMode::kFiltered:
      return YuvToRgbRowM<L, ChromaMode::kFiltered>(y, c, a, width, out, k);
    case ChromaMode::kWordsFull:
      return YuvToRgbRowM<L, ChromaMode::kWordsFull>(y, c, a, width, out, k);
    case ChromaMode::kRawHalf:
      return YuvToRgbRowM<L, ChromaMode::kRawHalf>(y, c, a, width, out, k);
    case ChromaMode::kRawHalfPairs:
      return YuvToRgbRowM<L, ChromaMode::kRawHalfPairs>(y, c, a, width, out, k);
    case ChromaMode::kRawFull:
      return YuvToRgbRowM<L, ChromaMode::kRawFull>(y, c, a, width, out, k);
    case ChromaMode::kWordsHalf:
      return YuvToRgbRowM<L, ChromaMode::kWordsHalf>(y, c, a, width, out, k);
  }
}

void YuvToRgbRow(const uint8_t* y, const ChromaRow& c, const uint8_t* a, int width, ChromaMode mode,
                 RgbLayout layout, const RgbRowOut& out, const YuvToRgbFixed& k) {
  switch (layout) {
    case RgbLayout::kRGB:
      return YuvToRgbRowL<RgbLayout::kRGB>(y, c, a, width, mode, out, k);
    case RgbLayout::kBGR:
      return YuvToRgbRowL<RgbLayout::kBGR>(y, c, a, width, mode, out, k);
    case RgbLayout::kRGBA:
      return YuvToRgbRowL<RgbLayout::kRGBA>(y, c, a, width, mode, out, k);
    case RgbLayout::kBGRA:
      return YuvToRgbRowL<RgbLayout::kBGRA>(y, c, a, width, mode, out, k);
    case RgbLayout::kARGB:
      return YuvToRgbRowL<RgbLayout::kARGB>(y, c, a, width, mode, out, k);
    case RgbLayout::kABGR:
      return YuvToRgbRowL<RgbLayout::kABGR>(y, c, a, width, mode, out, k);
    case RgbLayout::kPlanar:
      return YuvToRgbRowL<RgbLayout::kPlanar>(y, c, a, width, mode, out, k);
  }
}

// Full-resolution chroma words of both channels, pixel order.
template <ChromaMode M>
void ChromaWordsM(const ChromaRow& c, int width, int16_t* u, int16_t* v) {
  const DI16 di;
  const int N = static_cast<int>(hn::Lanes(di));
  int x = 0;
  for (; x + 2 * N <= width; x += 2 * N) {
    VI16 ue, uo, ve, vo;
    ChromaPairs<M>(c, x >> 1, ue, uo, ve, vo);
    hn::StoreInterleaved2(ue, uo, di, u + x);
    hn::StoreInterleaved2(ve, vo, di, v + x);
  }
  scalar::chroma_words_from(x, c, width, M, u, v);
}

void ChromaWords(const ChromaRow& c, int width, ChromaMode mode, int16_t* u, int16_t* v) {
  switch (mode) {
    case ChromaMode::kFiltered:
      return ChromaWordsM<ChromaMode::kFiltered>(c, width, u, v);
    case ChromaMode::kWordsFull:
      return ChromaWordsM<ChromaMode::kWordsFull>(c, width, u, v);
    case ChromaMode::kRawHalf:
      return ChromaWordsM<ChromaMode::kRawHalf>(c, width, u, v);
    case ChromaMode::kRawHalfPairs:
      return ChromaWordsM<ChromaMode::kRawHalfPairs>(c, width, u, v);
    case ChromaMode::kRawFull:
      return ChromaWordsM<ChromaMode::kRawFull>(c, width, u, v);
    case ChromaMode::kWordsHalf:
      return ChromaWordsM<ChromaMode::kWordsHalf>(c, width, u, v);
  }
}

// ---------------------------------------------------------------- RGB → YUV

// Memory position of channel c (0 R, 1 G, 2 B) in a 4-byte pixel of layout L.
template <RgbLayout L>
constexpr int Rgb4Pos(int c) {
  constexpr int r = L == RgbLayout::kRGBA   ? 0
                    : L == RgbLayout::kBGRA ? 2
                    : L == RgbLayout::kARGB ? 1
                                            : 3;
  constexpr int g = L == RgbLayout::kRGBA || L == RgbLayout::kBGRA ? 1 : 2;
  constexpr int b = L == RgbLayout::kRGBA   ? 2
                    : L == RgbLayout::kBGRA ? 0
                    : L == RgbLayout::kARGB ? 3
                                            : 1;
  return c == 0 ? r : c == 1 ? g : b;
}

template <RgbLayout L>
HWY_INLINE void LoadRgb(const uint8_t* p, V8& r, V8& g, V8& b) {
  const D8 d8;
#if HWY_TARGET == HWY_AVX3_DL
  if constexpr (rgb_layout_channels(L) == 3) {
    const __m512i v0 = _mm512_loadu_si512(p), v1 = _mm512_loadu_si512(p + 64),
                  v2 = _mm512_loadu_si512(p + 128);
    constexpr int ir = L == RgbLayout::kRGB ? 0 : 2;
    r = LoadVbmi3(v0, v1, v2, ir);
    g = LoadVbmi3(v0, v1, v2, 1);
    b = LoadVbmi3(v0, v1, v2, 2 - ir);
    return;
  } else {
    // Memory positions of R, G, B in a 4-byte pixel.
    constexpr int ir = Rgb4Pos<L>(0), ig = Rgb4Pos<L>(1), ib = Rgb4Pos<L>(2);
    const __m512i v0 = _mm512_loadu_si512(p), v1 = _mm512_loadu_si512(p + 64),
                  v2 = _mm512_loadu_si512(p + 128), v3 = _mm512_loadu_si512(p + 192);
    // (R, G) of pixels 0..31 and 32..63, then B of both halves.
    const __m512i rg01 = Permute2(v0, kVb.load4_ab[ir][ig], v1);
    const __m512i rg23 = Permute2(v2, kVb.load4_ab[ir][ig], v3);
    const __m512i b01 = Permute2(v0, kVb.load4_c[ib], v1);
    const __m512i b23 = Permute2(v2, kVb.load4_c[ib], v3);
    r = V8{Permute2(rg01, kVb.lo_halves, rg23)};
    g = V8{Permute2(rg01, kVb.hi_halves, rg23)};
    b = V8{Permute2(b01, kVb.lo_halves, b23)};
    return;
  }
#endif
  V8 a;
  if constexpr (L == RgbLayout::kRGB) hn::LoadInterleaved3(d8, p, r, g, b);
  if constexpr (L == RgbLayout::kBGR) hn::LoadInterleaved3(d8, p, b, g, r);
  if constexpr (L == RgbLayout::kRGBA) hn::LoadInterleaved4(d8, p, r, g, b, a);
  if constexpr (L == RgbLayout::kBGRA) hn::LoadInterleaved4(d8, p, b, g, r, a);
  if constexpr (L == RgbLayout::kARGB) hn::LoadInterleaved4(d8, p, a, r, g, b);
  if constexpr (L == RgbLayout::kABGR) hn::LoadInterleaved4(d8, p, a, b, g, r);
  (void)a;
}

// 4-byte pixels on AVX2 in "group order": Highway's LoadInterleaved4 takes about 23
// shuffles per 32 pixels here, this 11 (a pshufb per vector puts each channel's 4
// bytes of a 128-bit lane in one dword, then 32- and 64-bit unpacks). The channel
// vectors then hold 4-pixel groups in the order 0 2 4 6 1 3 5 7 (dword i: group
// kGroupOf[i]); pixel pairs stay inside groups, so the maths is unchanged and
// Ungroup() restores pixel order at the stores (one dword permute).
#if HWY_TARGET == HWY_AVX2
constexpr bool kAvx2Grouped = true;
template <RgbLayout L>
HWY_INLINE void LoadRgb4Grouped(const uint8_t* p, V8& r, V8& g, V8& b) {
  const __m256i by_channel = _mm256_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15,
                                              0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  __m256i v[4];
  for (int k = 0; k < 4; ++k)
    v[k] = _mm256_shuffle_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k)),
                               by_channel);
  // Memory byte m of every pixel: dwords [m of groups 0 2 4 6 | 1 3 5 7].
  const __m256i lo01 = _mm256_unpacklo_epi32(v[0], v[1]), hi01 = _mm256_unpackhi_epi32(v[0], v[1]);
  const __m256i lo23 = _mm256_unpacklo_epi32(v[2], v[3]), hi23 = _mm256_unpackhi_epi32(v[2], v[3]);
  auto byte_m = [&](int m) {
    const __m256i a = m < 2 ? lo01 : hi01, c = m < 2 ? lo23 : hi23;
    return V8{(m & 1) ? _mm256_unpackhi_epi64(a, c) : _mm256_unpacklo_epi64(a, c)};
  };
  r = byte_m(Rgb4Pos<L>(0));
  g = byte_m(Rgb4Pos<L>(1));
  b = byte_m(Rgb4Pos<L>(2));
}
// Group order back to pixel order (also for int16 chroma lanes: a dword is a group).
template <class V>
HWY_INLINE V Ungroup(V v) {
  return V{_mm256_permutevar8x32_epi32(v.raw, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7))};
}
#else
constexpr bool kAvx2Grouped = false;
#endif

// One channel of 2N pixels split into even/odd x << 8 (unsigned) and the pair sums.
struct Split {
  VU16 even, odd;
  VU16 pair;
};
HWY_INLINE Split SplitChannel(V8 v) {
  const DU16 du;
  const auto w = hn::BitCast(du, v);
  Split s{hn::ShiftLeft<8>(w), hn::And(w, hn::Set(du, 0xFF00)), VU16{}};
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  s.pair = VU16{_mm512_maddubs_epi16(v.raw, _mm512_set1_epi8(1))};
#elif HWY_TARGET == HWY_AVX2
  s.pair = VU16{_mm256_maddubs_epi16(v.raw, _mm256_set1_epi8(1))};
#elif HWY_TARGET == HWY_SSE4 || HWY_TARGET == HWY_SSSE3
  s.pair = VU16{_mm_maddubs_epi16(v.raw, _mm_set1_epi8(1))};
#else
  s.pair = hn::Add(hn::ShiftRight<8>(s.even), hn::ShiftRight<8>(s.odd));
#endif
  return s;
}

// Luma: unsigned (x << 8) * c >> 16 per channel (coefficients are non-negative).
HWY_INLINE VI16 LumaDot(VI16 bias, VU16 r, VU16 g, VU16 b, VU16 cr, VU16 cg, VU16 cb) {
  const DI16 di;
  VI16 acc = hn::SaturatedAdd(bias, hn::BitCast(di, hn::MulHigh(r, cr)));
  acc = hn::SaturatedAdd(acc, hn::BitCast(di, hn::MulHigh(g, cg)));
  return hn::SaturatedAdd(acc, hn::BitCast(di, hn::MulHigh(b, cb)));
}

HWY_INLINE VI16 Dot3(VI16 bias, VI16 r, VI16 g, VI16 b, VI16 cr, VI16 cg, VI16 cb) {
  VI16 acc = hn::SaturatedAdd(bias, hn::MulFixedPoint15(r, cr));
  acc = hn::SaturatedAdd(acc, hn::MulFixedPoint15(g, cg));
  return hn::SaturatedAdd(acc, hn::MulFixedPoint15(b, cb));
}

HWY_INLINE VI16 Clamp8(VI16 acc) {
  const DI16 di;
  return hn::Min(hn::Max(hn::ShiftRight<6>(acc), hn::Zero(di)), hn::Set(di, 255));
}

// Stores N16 chroma samples of U and V (accumulators in 1/64 units): interleaved at u
// (semi-planar) or to the u and v rows.
HWY_INLINE void StoreChroma(VI16 cu, VI16 cv, uint8_t* u, uint8_t* v, bool semi) {
  const D8 d8;
  const DU16 du;
  const hn::Rebind<uint8_t, DI16> d8h;
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL || HWY_TARGET == HWY_AVX2 || \
    HWY_TARGET == HWY_SSE4 || HWY_TARGET == HWY_SSSE3
  // packuswb: per block 8 U then 8 V, saturated.
  const V8 p = PackBlocks(hn::ShiftRight<6>(cu), hn::ShiftRight<6>(cv));
  if (semi) {
    alignas(16) static constexpr uint8_t kZip[16] = {0, 8,  1, 9,  2, 10, 3, 11,
                                                     4, 12, 5, 13, 6, 14, 7, 15};
    hn::StoreU(hn::TableLookupBytes(p, hn::LoadDup128(d8, kZip)), d8, u);
    return;
  }
  // Gather the U halves of the blocks low and the V halves high.
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  const __m512i g = _mm512_permutexvar_epi64(_mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7), p.raw);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(u), _mm512_castsi512_si256(g));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(v), _mm512_extracti64x4_epi64(g, 1));
#elif HWY_TARGET == HWY_AVX2
  const __m256i g = _mm256_permute4x64_epi64(p.raw, 0xD8);  // 0, 2, 1, 3
  _mm_storeu_si128(reinterpret_cast<__m128i*>(u), _mm256_castsi256_si128(g));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(v), _mm256_extracti128_si256(g, 1));
#else
  _mm_storel_epi64(reinterpret_cast<__m128i*>(u), p.raw);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(v), _mm_unpackhi_epi64(p.raw, p.raw));
#endif
#else
  const auto cu8 = Clamp8(cu), cv8 = Clamp8(cv);
  if (semi) {
    const auto uv = hn::Or(hn::BitCast(du, cu8), hn::ShiftLeft<8>(hn::BitCast(du, cv8)));
    hn::StoreU(hn::BitCast(d8, uv), d8, u);
  } else {
    hn::StoreU(hn::DemoteTo(d8h, cu8), d8h, u);
    hn::StoreU(hn::DemoteTo(d8h, cv8), d8h, v);
  }
#endif
}

struct YuvCoeffVecs {
  VU16 y[3];
  VI16 u[3], v[3], yb, ub, vb;
  VI16 out_max;  // 10/12-bit outputs
  int out_frac = 6, out_lshift = 0;
};

// A 10/12-bit output code of each lane: clamp(acc >> frac, 0, max) << lshift.
HWY_INLINE VU16 Code16(VI16 acc, const YuvCoeffVecs& c) {
  const DI16 di;
  const DU16 du;
  const VI16 v = hn::Min(hn::Max(hn::ShiftRightSame(acc, c.out_frac), hn::Zero(di)), c.out_max);
  return hn::ShiftLeftSame(hn::BitCast(du, v), c.out_lshift);
}
HWY_INLINE uint16_t* U16w(uint8_t* p) {
  return reinterpret_cast<uint16_t*>(p);
}

// Loads N8 pixels, splits their channels into sp and stores their luma at pixel x of
// yrow (uint16 samples if kOut16) unless yrow is null.
// kGrouped: the AVX2 group-order load (4-byte pixels, 8-bit output only).
template <RgbLayout L, bool kOut16, bool kGrouped = false>
HWY_INLINE void LumaRow(const uint8_t* s, uint8_t* yrow, int x, const YuvCoeffVecs& c, Split* sp) {
  const D8 d8;
  V8 r, g, b;
#if HWY_TARGET == HWY_AVX2
  if constexpr (kGrouped) {
    LoadRgb4Grouped<L>(s, r, g, b);
  } else {
    LoadRgb<L>(s, r, g, b);
  }
#else
  LoadRgb<L>(s, r, g, b);
#endif
  sp[0] = SplitChannel(r);
  sp[1] = SplitChannel(g);
  sp[2] = SplitChannel(b);
  if (yrow == nullptr) return;
  const auto ye = LumaDot(c.yb, sp[0].even, sp[1].even, sp[2].even, c.y[0], c.y[1], c.y[2]);
  const auto yo = LumaDot(c.yb, sp[0].odd, sp[1].odd, sp[2].odd, c.y[0], c.y[1], c.y[2]);
  if constexpr (kOut16) {
    hn::StoreInterleaved2(Code16(ye, c), Code16(yo, c), DU16(), U16w(yrow) + x);
  } else {
    V8 yb = PackPixels(ye, yo);
#if HWY_TARGET == HWY_AVX2
    if constexpr (kGrouped) yb = Ungroup(yb);
#endif
    hn::StoreU(yb, d8, yrow + x);
  }
}

// N16 chroma samples of U and V at chroma index j: 8-bit, or 10/12-bit codes.
template <bool kOut16>
HWY_INLINE void StoreChromaAt(VI16 cu, VI16 cv, uint8_t* u, uint8_t* v, int j, bool semi,
                              const YuvCoeffVecs& c) {
  if constexpr (kOut16) {
    const DU16 du;
    if (semi) {
      hn::StoreInterleaved2(Code16(cu, c), Code16(cv, c), du, U16w(u) + 2 * j);
    } else {
      hn::StoreU(Code16(cu, c), du, U16w(u) + j);
      hn::StoreU(Code16(cv, c), du, U16w(v) + j);
    }
  } else {
    StoreChroma(cu, cv, semi ? u + 2 * j : u + j, semi ? nullptr : v + j, semi);
  }
}

HWY_INLINE YuvCoeffVecs CoeffVecs(const RgbToYuvFixed& k) {
  const DU16 du;
  const DI16 di;
  YuvCoeffVecs c;
  for (int i = 0; i < 3; ++i) {
    c.y[i] = hn::Set(du, k.y[i]);
    c.u[i] = hn::Set(di, k.u[i]);
    c.v[i] = hn::Set(di, k.v[i]);
  }
  c.yb = hn::Set(di, k.y_bias);
  c.ub = hn::Set(di, k.u_bias);
  c.vb = hn::Set(di, k.v_bias);
  c.out_max = hn::Set(di, static_cast<int16_t>(k.out_max));
  c.out_frac = k.out_frac;
  c.out_lshift = k.out_lshift;
  return c;
}

template <RgbLayout L, bool kOut16>
void RgbToYuvPairT(const uint8_t* s0, const uint8_t* s1, int width, uint8_t* y0, uint8_t* y1,
                   uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k) {
  const D8 d8;
  const DI16 di;
  const int N8 = static_cast<int>(hn::Lanes(d8));
  constexpr int ch = rgb_layout_channels(L);
  const YuvCoeffVecs c = CoeffVecs(k);
  const bool same_rows = s1 == s0;
  constexpr bool kGrouped = kAvx2Grouped && ch == 4 && !kOut16;

  int x = 0;
  for (; x + N8 <= width; x += N8) {
    Split a[3], b[3];
    LumaRow<L, kOut16, kGrouped>(s0 + x * ch, y0, x, c, a);
    if (!same_rows) LumaRow<L, kOut16, kGrouped>(s1 + x * ch, y1, x, c, b);
    VI16 sum[3];
    for (int i = 0; i < 3; ++i) {
      const VU16 s = same_rows ? hn::Add(a[i].pair, a[i].pair) : hn::Add(a[i].pair, b[i].pair);
      sum[i] = hn::BitCast(di, hn::ShiftLeft<5>(s));
    }
    auto cu = Dot3(c.ub, sum[0], sum[1], sum[2], c.u[0], c.u[1], c.u[2]);
    auto cv = Dot3(c.vb, sum[0], sum[1], sum[2], c.v[0], c.v[1], c.v[2]);
#if HWY_TARGET == HWY_AVX2
    if constexpr (kGrouped) {
      cu = Ungroup(cu);
      cv = Ungroup(cv);
    }
#endif
    StoreChromaAt<kOut16>(cu, cv, u, v, x >> 1, semi, c);
  }
  scalar::rgb_to_yuv_pair_from(x, s0, s1, width, L, y0, y1, u, v, semi, k);
}

template <RgbLayout L, bool kOut16>
void RgbToYuv444T(const uint8_t* s, int width, uint8_t* y, uint8_t* u, uint8_t* v, bool semi,
                  const RgbToYuvFixed& k) {
  const D8 d8;
  const DI16 di;
  const int N8 = static_cast<int>(hn::Lanes(d8));
  constexpr int ch = rgb_layout_channels(L);
  const YuvCoeffVecs c = CoeffVecs(k);
  auto x7 = [&](VU16 x8) { return hn::BitCast(di, hn::ShiftRight<1>(x8)); };
  constexpr bool kGrouped = kAvx2Grouped && ch == 4 && !kOut16;
  int x = 0;
  for (; x + N8 <= width; x += N8) {
    Split sp[3];
    LumaRow<L, kOut16, kGrouped>(s + x * ch, y, x, c, sp);
    if (u == nullptr) continue;  // gray: luma only
    VI16 e[3], o[3];
    for (int i = 0; i < 3; ++i) {
      e[i] = x7(sp[i].even);
      o[i] = x7(sp[i].odd);
    }
    const VI16 ue = Dot3(c.ub, e[0], e[1], e[2], c.u[0], c.u[1], c.u[2]);
    const VI16 uo = Dot3(c.ub, o[0], o[1], o[2], c.u[0], c.u[1], c.u[2]);
    const VI16 ve = Dot3(c.vb, e[0], e[1], e[2], c.v[0], c.v[1], c.v[2]);
    const VI16 vo = Dot3(c.vb, o[0], o[1], o[2], c.v[0], c.v[1], c.v[2]);
    if constexpr (kOut16) {
      const DU16 du;
      const VU16 cue = Code16(ue, c), cuo = Code16(uo, c);
      const VU16 cve = Code16(ve, c), cvo = Code16(vo, c);
      if (semi) {  // U V per pixel: even pixels' pairs and odd pixels' pairs interleave
        hn::StoreInterleaved4(cue, cve, cuo, cvo, du, U16w(u) + 2 * x);
      } else {
        hn::StoreInterleaved2(cue, cuo, du, U16w(u) + x);
        hn::StoreInterleaved2(cve, cvo, du, U16w(v) + x);
      }
      continue;
    }
    V8 cu = PackPixels(ue, uo);
    V8 cv = PackPixels(ve, vo);
#if HWY_TARGET == HWY_AVX2
    if constexpr (kGrouped) {
      cu = Ungroup(cu);
      cv = Ungroup(cv);
    }
#endif
    if (semi) {
      hn::StoreInterleaved2(cu, cv, d8, u + 2 * x);
    } else {
      hn::StoreU(cu, d8, u + x);
      hn::StoreU(cv, d8, v + x);
    }
  }
  scalar::rgb_to_yuv_444_from(x, s, width, L, y, u, v, semi, k);
}

#define FK_RGB_LAYOUT_SWITCH(layout, CALL) \
  switch (layout) {                        \
    case RgbLayout::kRGB:                  \
      CALL(RgbLayout::kRGB);               \
    case RgbLayout::kBGR:                  \
      CALL(RgbLayout::kBGR);               \
    case RgbLayout::kRGBA:                 \
      CALL(RgbLayout::kRGBA);              \
    case RgbLayout::kBGRA:                 \
      CALL(RgbLayout::kBGRA);              \
    case RgbLayout::kARGB:                 \
      CALL(RgbLayout::kARGB);              \
    case RgbLayout::kABGR:                 \
      CALL(RgbLayout::kABGR);              \
    case RgbLayout::kPlanar:               \
      break;                               \
  }

void RgbToYuvPair(const uint8_t* s0, const uint8_t* s1, int width, RgbLayout layout, uint8_t* y0,
                  uint8_t* y1, uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k) {
#define FK_CALL(L)                                                       \
  return k.out16 ? RgbToYuvPairT<L, true>(s0, s1, width, y0, y1, u, v, semi, k) \
                 : RgbToYuvPairT<L, false>(s0, s1, width, y0, y1, u, v, semi, k)
  FK_RGB_LAYOUT_SWITCH(layout, FK_CALL)
#undef FK_CALL
  scalar::rgb_to_yuv_pair_from(0, s0, s1, width, layout, y0, y1, u, v, semi, k);
}

void RgbToYuv444(const uint8_t* s, int width, RgbLayout layout, uint8_t* y, uint8_t* u, uint8_t* v,
                 bool semi, const RgbToYuvFixed& k) {
#define FK_CALL(L)                                                   \
  return k.out16 ? RgbToYuv444T<L, true>(s, width, y, u, v, semi, k) \
                 : RgbToYuv444T<L, false>(s, width, y, u, v, semi, k)
  FK_RGB_LAYOUT_SWITCH(layout, FK_CALL)
#undef FK_CALL
  scalar::rgb_to_yuv_444_from(0, s, width, layout, y, u, v, semi, k);
}

// ---------------------------------------------------------------- YUV → tensor

template <TensorDType T>
HWY_INLINE void StoreTensorPlanar(hn::Vec<hn::ScalableTag<float> > t, void* base, int x) {
  const hn::ScalableTag<float> df;
  if constexpr (T == TensorDType::kF32) {
    hn::StoreU(t, df, static_cast<float*>(base) + x);
  } else if constexpr (T == TensorDType::kF16) {
    const hn::Rebind<hwy::float16_t, decltype(df)> dh;
    hn::StoreU(hn::DemoteTo(dh, t), dh, static_cast<hwy::float16_t*>(base) + x);
  } else if constexpr (T == TensorDType::kU8) {
    const hn::Rebind<uint8_t, decltype(df)> d8q;
    hn::StoreU(hn::DemoteTo(d8q, hn::NearestInt(t)), d8q, static_cast<uint8_t*>(base) + x);
  } else {
    const hn::Rebind<uint16_t, decltype(df)> d16h;
    hn::StoreU(hn::DemoteTo(d16h, hn::NearestInt(t)), d16h, static_cast<uint16_t*>(base) + x);
  }
}

// Interleaved store of 3 or 4 channel vectors in the tensor dtype.
template <TensorDType T, int C>
HWY_INLINE void StoreTensorInterleaved(const hn::Vec<hn::ScalableTag<float> >* t, void* base,
                                       int x) {
  const hn::ScalableTag<float> df;
  auto store = [&](auto d, auto conv, auto* p) {
    if constexpr (C == 3)
      hn::StoreInterleaved3(conv(t[0]), conv(t[1]), conv(t[2]), d, p + 3 * x);
    else
      hn::StoreInterleaved4(conv(t[0]), conv(t[1]), conv(t[2]), conv(t[3]), d, p + 4 * x);
  };
  if constexpr (T == TensorDType::kF32) {
    store(
        df, [](auto v) { return v; }, static_cast<float*>(base));
  } else if constexpr (T == TensorDType::kF16) {
    const hn::Rebind<hwy::float16_t, decltype(df)> dh;
    const hn::Rebind<uint16_t, decltype(df)> du;
    store(
        du, [&](auto v) { return hn::BitCast(du, hn::DemoteTo(dh, v)); },
        static_cast<uint16_t*>(base));
  } else if constexpr (T == TensorDType::kU8) {
    const hn::Rebind<uint8_t, decltype(df)> d8q;
    store(
        d8q, [&](auto v) { return hn::DemoteTo(d8q, hn::NearestInt(v)); },
        static_cast<uint8_t*>(base));
  } else {
    const hn::Rebind<uint16_t, decltype(df)> du;
    store(
        du, [&](auto v) { return hn::DemoteTo(du, hn::NearestInt(v)); },
        static_cast<uint16_t*>(base));
  }
}

template <TensorDType T>
void YuvToTensorRowT(const uint8_t* y, const int16_t* u, const int16_t* v, const uint8_t* a,
                     int width, const TensorRowOut& out, const TensorFloatCoeffs& k) {
  const hn::ScalableTag<float> df;
  const hn::RebindToSigned<decltype(df)> di32;
  const hn::Rebind<uint8_t, decltype(df)> d8q;
  const hn::Rebind<int16_t, decltype(df)> d16h;
  using VF = hn::Vec<decltype(df)>;
  const int N = static_cast<int>(hn::Lanes(df));
  const int nc = out.channels;
  VF ky[4], ku[4], kv[4], k0[4], lo[4], hi[4], ka[4];
  for (int c = 0; c < nc; ++c) {
    ky[c] = hn::Set(df, k.ky[c]);
    ku[c] = hn::Set(df, k.ku[c]);
    kv[c] = hn::Set(df, k.kv[c]);
    k0[c] = hn::Set(df, k.k0[c]);
    lo[c] = hn::Set(df, k.lo[c]);
    hi[c] = hn::Set(df, k.hi[c]);
    ka[c] = hn::Set(df, k.ka[c]);
  }
  int x = 0;
  for (; x + N <= width; x += N) {
    const VF fy = hn::ConvertTo(df, hn::PromoteTo(di32, hn::LoadU(d8q, y + x)));
    const VF fu = hn::ConvertTo(df, hn::PromoteTo(di32, hn::LoadU(d16h, u + x)));
    const VF fv = hn::ConvertTo(df, hn::PromoteTo(di32, hn::LoadU(d16h, v + x)));
    const VF fa =
        a != nullptr ? hn::ConvertTo(df, hn::PromoteTo(di32, hn::LoadU(d8q, a + x))) : hn::Zero(df);
    VF t[4];
    for (int c = 0; c < nc; ++c) {
      VF acc = hn::MulAdd(ky[c], fy, k0[c]);
      acc = hn::MulAdd(ku[c], fu, acc);
      acc = hn::MulAdd(kv[c], fv, acc);
      acc = hn::MulAdd(ka[c], fa, acc);
      t[c] = hn::Min(hn::Max(acc, lo[c]), hi[c]);
    }
    if (!out.interleaved || nc == 1) {
      for (int c = 0; c < nc; ++c)
        StoreTensorPlanar<T>(t[c], out.interleaved ? out.packed : out.planes[c], x);
    } else if (nc == 3) {
      StoreTensorInterleaved<T, 3>(t, out.packed, x);
    } else {
      StoreTensorInterleaved<T, 4>(t, out.packed, x);
    }
  }
  scalar::yuv_to_tensor_row_from(x, y, u, v, a, width, out, k);
}

void YuvToTensorRow(const uint8_t* y, const int16_t* u, const int16_t* v, const uint8_t* a,
                    int width, const TensorRowOut& out, const TensorFloatCoeffs& k) {
  switch (out.dtype) {
    case TensorDType::kF32:
      return YuvToTensorRowT<TensorDType::kF32>(y, u, v, a, width, out, k);
    case TensorDType::kF16:
      return YuvToTensorRowT<TensorDType::kF16>(y, u, v, a, width, out, k);
    case TensorDType::kU8:
      return YuvToTensorRowT<TensorDType::kU8>(y, u, v, a, width, out, k);
    case TensorDType::kU16:
      return YuvToTensorRowT<TensorDType::kU16>(y, u, v, a, width, out, k);
  }
}

#endif  // HWY_TARGET == HWY_SCALAR

}  // namespace HWY_NAMESPACE
}  // namespace framekit::color_detail
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace framekit::color_detail {

HWY_EXPORT(ChromaVertical);
HWY_EXPORT(ChromaVerticalPairs);
HWY_EXPORT(YuvToRgbRow);
HWY_EXPORT(ChromaWords);
HWY_EXPORT(RgbToYuvPair);
HWY_EXPORT(RgbToYuv444);
HWY_EXPORT(YuvToTensorRow);
HWY_EXPORT(ChromaVertical16);
HWY_EXPORT(ChromaVertical16Pairs);

ColorKernels simd_kernels() {
  auto& chosen = hwy::GetChosenTarget();
  if (!chosen.IsInitialized()) chosen.Update(hwy::SupportedTargets());
  return ColorKernels{
      &HWY_DYNAMIC_DISPATCH(ChromaVertical), &HWY_DYNAMIC_DISPATCH(ChromaVerticalPairs),
      &HWY_DYNAMIC_DISPATCH(YuvToRgbRow),    &HWY_DYNAMIC_DISPATCH(ChromaWords),
      &HWY_DYNAMIC_DISPATCH(RgbToYuvPair),   &HWY_DYNAMIC_DISPATCH(RgbToYuv444),
      &HWY_DYNAMIC_DISPATCH(YuvToTensorRow), &HWY_DYNAMIC_DISPATCH(ChromaVertical16),
      &HWY_DYNAMIC_DISPATCH(ChromaVertical16Pairs)};
}

}  // namespace framekit::color_detail
#endif  // HWY_ONCE
