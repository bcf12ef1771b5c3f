// SIMD versions of the RGB → YUV row kernels (see color_kernels.h for the fixed-point
// contract), compiled once per target by Highway; color_simd.cpp puts them in the
// ColorKernels table of their target.
#define HWY_TARGET_INCLUDE "color/rgb_to_yuv_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include "color/color_ops-inl.h"

FRAMEKIT_SIMD_BEGIN(framekit::color_detail)
#if HWY_TARGET != HWY_SCALAR

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

#endif  // HWY_TARGET != HWY_SCALAR
FRAMEKIT_SIMD_END
