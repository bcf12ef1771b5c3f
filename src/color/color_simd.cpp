// SIMD versions of the chroma filters, YUV → RGB and YUV → tensor row kernels (see
// color_kernels.h for the fixed-point contract), compiled once per target by Highway,
// and the ColorKernels table of each target (with the RGB → YUV kernels of
// rgb_to_yuv_simd.cpp). Shared per-target pieces: color_ops-inl.h.
#define HWY_TARGET_INCLUDE "color/color_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <array>

#include "color/color_ops-inl.h"
#include "framekit/core/simd_dispatch.h"

FRAMEKIT_SIMD_BEGIN(framekit::color_detail)

#if HWY_TARGET == HWY_SCALAR
FRAMEKIT_SIMD_TABLE_OF_SCALAR_TWINS(ColorKernels, color_scalar_kernels)
#else

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

void ChromaVertical(const uint8_t* near, const uint8_t* far, int n, ChromaPrep prep,
                    uint16_t* out) {
  const DU16 d16;
  const hn::Rebind<uint8_t, DU16> d8h;
  const int N = static_cast<int>(hn::Lanes(d16));
  int j = 0;
#if HWY_TARGET == HWY_AVX3_DL
  // One two-source byte permute puts near[i] and far[i] side by side in word i, and one
  // byte-pair dot product makes 16 × (3 · near + far): one shuffle per vector where the
  // two promotions take two (shuffles have a single port on AVX-512 cores).
  static constexpr auto kPairIndex = [] {
    std::array<uint8_t, 64> t{};
    for (int i = 0; i < 32; ++i) {
      t[2 * i] = static_cast<uint8_t>(i);
      t[2 * i + 1] = static_cast<uint8_t>(64 + i);
    }
    return t;
  }();
  const __m512i pair_index = _mm512_loadu_si512(kPairIndex.data());
  const VU16 weights = hn::Set(d16, 48 | (16 << 8));
  auto half = [](const uint8_t* p) { return reinterpret_cast<const __m256i*>(p); };
  for (; j + 32 <= n; j += 32) {
    const __m512i a = _mm512_castsi256_si512(_mm256_loadu_si256(half(near + j)));
    const __m512i b = _mm512_castsi256_si512(_mm256_loadu_si256(half(far + j)));
    const VU16 c16 = BytePairDot(V8{_mm512_permutex2var_epi8(a, pair_index, b)}, weights);
    hn::StoreU(
        prep == ChromaPrep::kFiltered ? c16 : hn::Xor(hn::ShiftLeft<2>(c16), hn::Set(d16, 0x8000)),
        d16, out + j);
  }
#endif
  for (; j + N <= n; j += N) {
    const auto a = hn::PromoteTo(d16, hn::LoadU(d8h, near + j));
    const auto b = hn::PromoteTo(d16, hn::LoadU(d8h, far + j));
    hn::StoreU(Prep(hn::Add(hn::Add(a, hn::ShiftLeft<1>(a)), b), prep), d16, out + j);
  }
  scalar::chroma_vertical(near + j, far + j, n - j, prep, out + j);
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


// Destination rows are usually not in cache (a frame is larger than L2). Asking for the
// lines a few iterations ahead, for writing, overlaps their fetch with the arithmetic.
// A prefetch never faults, so running past the row end is harmless.
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

FRAMEKIT_SIMD_TABLE(ColorKernels, &ChromaVertical, &ChromaVerticalPairs,
                    &YuvToRgbRow, &ChromaWords, &RgbToYuvPair, &RgbToYuv444,
                    &YuvToTensorRow, &ChromaVertical16, &ChromaVertical16Pairs)
#endif  // HWY_TARGET == HWY_SCALAR

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::color_detail, ColorKernels, color_kernels, color_scalar_kernels
#include "framekit/core/simd_dispatch-inl.h"
