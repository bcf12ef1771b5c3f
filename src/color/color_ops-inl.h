// Per-target pieces shared by the fused 8-bit color kernels: color_simd.cpp (chroma
// filters, YUV → RGB, YUV → tensor, and the family's table) and rgb_to_yuv_simd.cpp.
// Included once per Highway target, like libjxl's -inl.h headers: the include guard
// toggles with HWY_TARGET_TOGGLE, so each target's pass of foreach_target sees it.
//
// The kernels work on pixel PAIRS: a vector of N 16-bit lanes holds N even pixels (low
// byte of each pair) or N odd ones. That matches 4:2:x chroma (one sample per lane) with
// no shuffles: the bilinear filter's left/right neighbours are plain unaligned loads,
// and the results re-pair with a shift and an OR back into pixel order.
#if defined(FRAMEKIT_COLOR_COLOR_OPS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef FRAMEKIT_COLOR_COLOR_OPS_INL_H_
#undef FRAMEKIT_COLOR_COLOR_OPS_INL_H_
#else
#define FRAMEKIT_COLOR_COLOR_OPS_INL_H_
#endif

#include <hwy/highway.h>

#include "color/color_kernels.h"
#include "framekit/core/simd_dispatch.h"

FRAMEKIT_SIMD_BEGIN(framekit::color_detail)

// One-lane vectors cannot split pixel pairs: the HWY_SCALAR target's table is the
// scalar twins' (color_simd.cpp), so nothing here is built for it.
#if HWY_TARGET != HWY_SCALAR

using D8 = hn::ScalableTag<uint8_t>;
using DU16 = hn::Repartition<uint16_t, D8>;
using DI16 = hn::Repartition<int16_t, D8>;
using VU16 = hn::Vec<DU16>;
using VI16 = hn::Vec<DI16>;
using V8 = hn::Vec<D8>;

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

// The RGB → YUV kernels (rgb_to_yuv_simd.cpp), which this target's ColorKernels table
// (color_simd.cpp) holds next to the YUV → RGB ones.
void RgbToYuvPair(const uint8_t* s0, const uint8_t* s1, int width, RgbLayout layout, uint8_t* y0,
                  uint8_t* y1, uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k);
void RgbToYuv444(const uint8_t* s, int width, RgbLayout layout, uint8_t* y, uint8_t* u, uint8_t* v,
                 bool semi, const RgbToYuvFixed& k);

#endif  // HWY_TARGET != HWY_SCALAR

FRAMEKIT_SIMD_END

#endif  // FRAMEKIT_COLOR_COLOR_OPS_INL_H_
