// SIMD versions of the colour row kernels (see color_kernels.h for the fixed-point
// contract), compiled once per target by Highway and chosen at run time.
//
// The YUV→RGB and RGB→YUV kernels work on pixel PAIRS: a vector of N 16-bit lanes
// holds N even pixels (low byte of each pair) or N odd ones. That matches 4:2:x
// chroma (one sample per lane) with no shuffles: the bilinear filter's left/right
// neighbours are plain unaligned loads, and the results re-pair with a shift and an
// OR back into pixel order.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "imgproc/color_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "imgproc/color_kernels.h"

HWY_BEFORE_NAMESPACE();
namespace framekit::color_detail {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET == HWY_SCALAR
// One-lane vectors cannot split pixel pairs: this target runs the scalar twins.
void ChromaVertical(const uint8_t* near, const uint8_t* far, int n, uint16_t* out) {
  scalar::chroma_vertical(near, far, n, out);
}
void ChromaVerticalPairs(const uint8_t* near, const uint8_t* far, int n, uint16_t* out0,
                         uint16_t* out1) {
  scalar::chroma_vertical_pairs(near, far, n, out0, out1);
}
void YuvToRgbRow(const uint8_t* y, const uint16_t* u4, const uint16_t* v4, const uint8_t* a,
                 int width, ChromaMode mode, RgbLayout layout, const RgbRowOut& out,
                 const YuvToRgbFixed& k) {
  scalar::yuv_to_rgb_row_from(0, y, u4, v4, a, width, mode, layout, out, k);
}
void ChromaWords(const uint16_t* c4, int width, ChromaMode mode, int16_t* out) {
  scalar::chroma_words_from(0, c4, width, mode, out);
}
void RgbToYuvPair(const uint8_t* s0, const uint8_t* s1, int width, RgbLayout layout,
                  uint8_t* y0, uint8_t* y1, uint8_t* u, uint8_t* v, bool semi,
                  const RgbToYuvFixed& k) {
  scalar::rgb_to_yuv_pair_from(0, s0, s1, width, layout, y0, y1, u, v, semi, k);
}
void RgbToYuv444(const uint8_t* s, int width, RgbLayout layout, uint8_t* y, uint8_t* u,
                 uint8_t* v, bool semi, const RgbToYuvFixed& k) {
  scalar::rgb_to_yuv_444_from(0, s, width, layout, y, u, v, semi, k);
}
void YuvToTensorRow(const uint8_t* y, const int16_t* u, const int16_t* v, const uint8_t* a,
                    int width, const TensorRowOut& out, const TensorFloatCoeffs& k) {
  scalar::yuv_to_tensor_row_from(0, y, u, v, a, width, out, k);
}
#else

using D8 = hn::ScalableTag<uint8_t>;
using DU16 = hn::Repartition<uint16_t, D8>;
using DI16 = hn::Repartition<int16_t, D8>;
using VU16 = hn::Vec<DU16>;
using VI16 = hn::Vec<DI16>;
using V8 = hn::Vec<D8>;

// ---------------------------------------------------------------- chroma (vertical)

void ChromaVertical(const uint8_t* near, const uint8_t* far, int n, uint16_t* out) {
  const DU16 d16;
  const hn::Rebind<uint8_t, DU16> d8h;
  const int N = static_cast<int>(hn::Lanes(d16));
  int j = 0;
  for (; j + N <= n; j += N) {
    const auto a = hn::PromoteTo(d16, hn::LoadU(d8h, near + j));
    const auto b = hn::PromoteTo(d16, hn::LoadU(d8h, far + j));
    hn::StoreU(hn::Add(hn::Add(a, hn::ShiftLeft<1>(a)), b), d16, out + j);
  }
  scalar::chroma_vertical(near + j, far + j, n - j, out + j);
}

void ChromaVerticalPairs(const uint8_t* near, const uint8_t* far, int n, uint16_t* out0,
                         uint16_t* out1) {
  const D8 d8;
  const DU16 d16;
  const int N = static_cast<int>(hn::Lanes(d16));
  const auto lo_mask = hn::Set(d16, 0x00FF);
  int j = 0;
  for (; j + N <= n; j += N) {
    const auto a = hn::BitCast(d16, hn::LoadU(d8, near + 2 * j));
    const auto b = hn::BitCast(d16, hn::LoadU(d8, far + 2 * j));
    const auto a0 = hn::And(a, lo_mask), a1 = hn::ShiftRight<8>(a);
    const auto b0 = hn::And(b, lo_mask), b1 = hn::ShiftRight<8>(b);
    hn::StoreU(hn::Add(hn::Add(a0, hn::ShiftLeft<1>(a0)), b0), d16, out0 + j);
    hn::StoreU(hn::Add(hn::Add(a1, hn::ShiftLeft<1>(a1)), b1), d16, out1 + j);
  }
  scalar::chroma_vertical_pairs(near + 2 * j, far + 2 * j, n - j, out0 + j, out1 + j);
}

// ---------------------------------------------------------------- YUV → RGB

// Chroma word (s16 - 2048) << 4 of a 16x-scaled filtered chroma value.
HWY_INLINE VI16 Word(VU16 s16) {
  const DU16 du;
  const DI16 di;
  return hn::BitCast(di, hn::Xor(hn::ShiftLeft<4>(s16), hn::Set(du, 0x8000)));
}

// Even/odd pixels' chroma words for pixel pair index j.
template <ChromaMode M>
HWY_INLINE void ChromaPair(const uint16_t* c4, int j, VI16& even, VI16& odd) {
  const DU16 du;
  if constexpr (M == ChromaMode::kHalfBilinear) {
    const auto c = hn::LoadU(du, c4 + j);
    const auto c3 = hn::Add(c, hn::ShiftLeft<1>(c));
    even = Word(hn::Add(c3, hn::LoadU(du, c4 + j - 1)));
    odd = Word(hn::Add(c3, hn::LoadU(du, c4 + j + 1)));
  } else if constexpr (M == ChromaMode::kHalfNearest) {
    even = odd = Word(hn::ShiftLeft<2>(hn::LoadU(du, c4 + j)));
  } else {
    VU16 e, o;
    hn::LoadInterleaved2(du, c4 + 2 * j, e, o);
    even = Word(hn::ShiftLeft<2>(e));
    odd = Word(hn::ShiftLeft<2>(o));
  }
}

// Clamp (acc >> 6) of even and odd pixels to 0..255 and re-pair them as bytes.
HWY_INLINE V8 PackPair(VI16 even, VI16 odd) {
  const D8 d8;
  const DI16 di;
  const DU16 du;
  const auto zero = hn::Zero(di);
  const auto k255 = hn::Set(di, 255);
  const auto e = hn::Min(hn::Max(hn::ShiftRight<6>(even), zero), k255);
  const auto o = hn::Min(hn::Max(hn::ShiftRight<6>(odd), zero), k255);
  return hn::BitCast(d8, hn::Or(hn::BitCast(du, e), hn::ShiftLeft<8>(hn::BitCast(du, o))));
}

template <RgbLayout L>
HWY_INLINE void StoreRgb(V8 r, V8 g, V8 b, V8 a, const RgbRowOut& out, int x) {
  const D8 d8;
  uint8_t* p = out.packed;
  if constexpr (L == RgbLayout::kRGB) hn::StoreInterleaved3(r, g, b, d8, p + 3 * x);
  if constexpr (L == RgbLayout::kBGR) hn::StoreInterleaved3(b, g, r, d8, p + 3 * x);
  if constexpr (L == RgbLayout::kRGBA) hn::StoreInterleaved4(r, g, b, a, d8, p + 4 * x);
  if constexpr (L == RgbLayout::kBGRA) hn::StoreInterleaved4(b, g, r, a, d8, p + 4 * x);
  if constexpr (L == RgbLayout::kARGB) hn::StoreInterleaved4(a, r, g, b, d8, p + 4 * x);
  if constexpr (L == RgbLayout::kABGR) hn::StoreInterleaved4(a, b, g, r, d8, p + 4 * x);
  if constexpr (L == RgbLayout::kPlanar) {
    hn::StoreU(r, d8, out.planes[0] + x);
    hn::StoreU(g, d8, out.planes[1] + x);
    hn::StoreU(b, d8, out.planes[2] + x);
  }
}

template <RgbLayout L, ChromaMode M, bool kTwoTerm>
void YuvToRgbRowT(const uint8_t* y, const uint16_t* u4, const uint16_t* v4, const uint8_t* a,
                  int width, const RgbRowOut& out, const YuvToRgbFixed& k) {
  const D8 d8;
  const DU16 du;
  const DI16 di;
  const int N8 = static_cast<int>(hn::Lanes(d8));
  const auto cy = hn::Set(di, k.cy);
  const auto br = hn::Set(di, k.bias[0]), bg = hn::Set(di, k.bias[1]),
             bb = hn::Set(di, k.bias[2]);
  const auto ur = hn::Set(di, k.cu[0]), ug = hn::Set(di, k.cu[1]), ub = hn::Set(di, k.cu[2]);
  const auto vr = hn::Set(di, k.cv[0]), vg = hn::Set(di, k.cv[1]), vb = hn::Set(di, k.cv[2]);
  const auto odd_mask = hn::Set(du, 0x7F80);
  const auto opaque = hn::Set(d8, 255);

  auto channel = [&](VI16 base, VI16 wu, VI16 wv, VI16 bias, VI16 cu, VI16 cv, bool use_u,
                     bool use_v) {
    VI16 acc = hn::SaturatedAdd(base, bias);
    if (use_u) acc = hn::SaturatedAdd(acc, hn::MulFixedPoint15(wu, cu));
    if (use_v) acc = hn::SaturatedAdd(acc, hn::MulFixedPoint15(wv, cv));
    return acc;
  };

  int x = 0;
  for (; x + N8 <= width; x += N8) {
    const auto wy = hn::BitCast(du, hn::LoadU(d8, y + x));
    const auto ye = hn::MulFixedPoint15(hn::BitCast(di, hn::ShiftRight<1>(hn::ShiftLeft<8>(wy))), cy);
    const auto yo = hn::MulFixedPoint15(hn::BitCast(di, hn::And(hn::ShiftRight<1>(wy), odd_mask)), cy);
    VI16 ue, uo, ve, vo;
    ChromaPair<M>(u4, x >> 1, ue, uo);
    ChromaPair<M>(v4, x >> 1, ve, vo);
    const V8 r = PackPair(channel(ye, ue, ve, br, ur, vr, !kTwoTerm, true),
                          channel(yo, uo, vo, br, ur, vr, !kTwoTerm, true));
    const V8 g = PackPair(channel(ye, ue, ve, bg, ug, vg, true, true),
                          channel(yo, uo, vo, bg, ug, vg, true, true));
    const V8 b = PackPair(channel(ye, ue, ve, bb, ub, vb, true, !kTwoTerm),
                          channel(yo, uo, vo, bb, ub, vb, true, !kTwoTerm));
    const V8 alpha = a != nullptr ? hn::LoadU(d8, a + x) : opaque;
    StoreRgb<L>(r, g, b, alpha, out, x);
  }
  scalar::yuv_to_rgb_row_from(x, y, u4, v4, a, width, M, L, out, k);
}

template <RgbLayout L, ChromaMode M>
void YuvToRgbRowM(const uint8_t* y, const uint16_t* u4, const uint16_t* v4, const uint8_t* a,
                  int width, const RgbRowOut& out, const YuvToRgbFixed& k) {
  if (k.two_term())
    YuvToRgbRowT<L, M, true>(y, u4, v4, a, width, out, k);
  else
    YuvToRgbRowT<L, M, false>(y, u4, v4, a, width, out, k);
}

template <RgbLayout L>
void YuvToRgbRowL(const uint8_t* y, const uint16_t* u4, const uint16_t* v4, const uint8_t* a,
                  int width, ChromaMode mode, const RgbRowOut& out, const YuvToRgbFixed& k) {
  switch (mode) {
    case ChromaMode::kHalfBilinear:
      return YuvToRgbRowM<L, ChromaMode::kHalfBilinear>(y, u4, v4, a, width, out, k);
    case ChromaMode::kHalfNearest:
      return YuvToRgbRowM<L, ChromaMode::kHalfNearest>(y, u4, v4, a, width, out, k);
    case ChromaMode::kFull:
      return YuvToRgbRowM<L, ChromaMode::kFull>(y, u4, v4, a, width, out, k);
  }
}

void YuvToRgbRow(const uint8_t* y, const uint16_t* u4, const uint16_t* v4, const uint8_t* a,
                 int width, ChromaMode mode, RgbLayout layout, const RgbRowOut& out,
                 const YuvToRgbFixed& k) {
  switch (layout) {
    case RgbLayout::kRGB: return YuvToRgbRowL<RgbLayout::kRGB>(y, u4, v4, a, width, mode, out, k);
    case RgbLayout::kBGR: return YuvToRgbRowL<RgbLayout::kBGR>(y, u4, v4, a, width, mode, out, k);
    case RgbLayout::kRGBA: return YuvToRgbRowL<RgbLayout::kRGBA>(y, u4, v4, a, width, mode, out, k);
    case RgbLayout::kBGRA: return YuvToRgbRowL<RgbLayout::kBGRA>(y, u4, v4, a, width, mode, out, k);
    case RgbLayout::kARGB: return YuvToRgbRowL<RgbLayout::kARGB>(y, u4, v4, a, width, mode, out, k);
    case RgbLayout::kABGR: return YuvToRgbRowL<RgbLayout::kABGR>(y, u4, v4, a, width, mode, out, k);
    case RgbLayout::kPlanar:
      return YuvToRgbRowL<RgbLayout::kPlanar>(y, u4, v4, a, width, mode, out, k);
  }
}

// Full-resolution chroma words, pixel order.
void ChromaWords(const uint16_t* c4, int width, ChromaMode mode, int16_t* out) {
  const DI16 di;
  const int N = static_cast<int>(hn::Lanes(di));
  int x = 0;
  for (; x + 2 * N <= width; x += 2 * N) {
    VI16 e, o;
    switch (mode) {
      case ChromaMode::kHalfBilinear: ChromaPair<ChromaMode::kHalfBilinear>(c4, x >> 1, e, o); break;
      case ChromaMode::kHalfNearest: ChromaPair<ChromaMode::kHalfNearest>(c4, x >> 1, e, o); break;
      case ChromaMode::kFull: ChromaPair<ChromaMode::kFull>(c4, x >> 1, e, o); break;
    }
    hn::StoreInterleaved2(e, o, di, out + x);
  }
  scalar::chroma_words_from(x, c4, width, mode, out);
}

// ---------------------------------------------------------------- RGB → YUV

template <RgbLayout L>
HWY_INLINE void LoadRgb(const uint8_t* p, V8& r, V8& g, V8& b) {
  const D8 d8;
  V8 a;
  if constexpr (L == RgbLayout::kRGB) hn::LoadInterleaved3(d8, p, r, g, b);
  if constexpr (L == RgbLayout::kBGR) hn::LoadInterleaved3(d8, p, b, g, r);
  if constexpr (L == RgbLayout::kRGBA) hn::LoadInterleaved4(d8, p, r, g, b, a);
  if constexpr (L == RgbLayout::kBGRA) hn::LoadInterleaved4(d8, p, b, g, r, a);
  if constexpr (L == RgbLayout::kARGB) hn::LoadInterleaved4(d8, p, a, r, g, b);
  if constexpr (L == RgbLayout::kABGR) hn::LoadInterleaved4(d8, p, a, b, g, r);
  (void)a;
}

// One channel of 2N pixels split into even/odd x << 7 and the pair sums.
struct Split {
  VI16 even, odd;
  VU16 pair;
};
HWY_INLINE Split SplitChannel(V8 v) {
  const DU16 du;
  const DI16 di;
  const auto w = hn::BitCast(du, v);
  const auto lo = hn::And(w, hn::Set(du, 0x00FF));
  const auto hi = hn::ShiftRight<8>(w);
  return {hn::BitCast(di, hn::ShiftLeft<7>(lo)), hn::BitCast(di, hn::ShiftLeft<7>(hi)),
          hn::Add(lo, hi)};
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

struct YuvCoeffVecs {
  VI16 y[3], u[3], v[3], yb, ub, vb;
};

template <RgbLayout L>
HWY_INLINE void LumaRow(const uint8_t* s, uint8_t* yrow, const YuvCoeffVecs& c, Split* sp) {
  const D8 d8;
  V8 r, g, b;
  LoadRgb<L>(s, r, g, b);
  sp[0] = SplitChannel(r);
  sp[1] = SplitChannel(g);
  sp[2] = SplitChannel(b);
  if (yrow == nullptr) return;
  const auto ye = Dot3(c.yb, sp[0].even, sp[1].even, sp[2].even, c.y[0], c.y[1], c.y[2]);
  const auto yo = Dot3(c.yb, sp[0].odd, sp[1].odd, sp[2].odd, c.y[0], c.y[1], c.y[2]);
  hn::StoreU(PackPair(ye, yo), d8, yrow);
}

template <RgbLayout L>
void RgbToYuvPairT(const uint8_t* s0, const uint8_t* s1, int width, uint8_t* y0, uint8_t* y1,
                   uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k) {
  const D8 d8;
  const DU16 du;
  const DI16 di;
  const hn::Rebind<uint8_t, DI16> d8h;
  const int N8 = static_cast<int>(hn::Lanes(d8));
  constexpr int ch = rgb_layout_channels(L);
  YuvCoeffVecs c;
  for (int i = 0; i < 3; ++i) {
    c.y[i] = hn::Set(di, k.y[i]);
    c.u[i] = hn::Set(di, k.u[i]);
    c.v[i] = hn::Set(di, k.v[i]);
  }
  c.yb = hn::Set(di, k.y_bias);
  c.ub = hn::Set(di, k.u_bias);
  c.vb = hn::Set(di, k.v_bias);
  const bool same_rows = s1 == s0;

  int x = 0;
  for (; x + N8 <= width; x += N8) {
    Split a[3], b[3];
    LumaRow<L>(s0 + x * ch, y0 == nullptr ? nullptr : y0 + x, c, a);
    if (!same_rows) LumaRow<L>(s1 + x * ch, y1 == nullptr ? nullptr : y1 + x, c, b);
    VI16 sum[3];
    for (int i = 0; i < 3; ++i) {
      const VU16 s = same_rows ? hn::Add(a[i].pair, a[i].pair) : hn::Add(a[i].pair, b[i].pair);
      sum[i] = hn::BitCast(di, hn::ShiftLeft<5>(s));
    }
    const auto cu = Clamp8(Dot3(c.ub, sum[0], sum[1], sum[2], c.u[0], c.u[1], c.u[2]));
    const auto cv = Clamp8(Dot3(c.vb, sum[0], sum[1], sum[2], c.v[0], c.v[1], c.v[2]));
    const int j = x >> 1;
    if (semi) {
      const auto uv = hn::Or(hn::BitCast(du, cu), hn::ShiftLeft<8>(hn::BitCast(du, cv)));
      hn::StoreU(hn::BitCast(d8, uv), d8, u + 2 * j);
    } else {
      hn::StoreU(hn::DemoteTo(d8h, cu), d8h, u + j);
      hn::StoreU(hn::DemoteTo(d8h, cv), d8h, v + j);
    }
  }
  scalar::rgb_to_yuv_pair_from(x, s0, s1, width, L, y0, y1, u, v, semi, k);
}

template <RgbLayout L>
void RgbToYuv444T(const uint8_t* s, int width, uint8_t* y, uint8_t* u, uint8_t* v, bool semi,
                  const RgbToYuvFixed& k) {
  const D8 d8;
  const DI16 di;
  const int N8 = static_cast<int>(hn::Lanes(d8));
  constexpr int ch = rgb_layout_channels(L);
  YuvCoeffVecs c;
  for (int i = 0; i < 3; ++i) {
    c.y[i] = hn::Set(di, k.y[i]);
    c.u[i] = hn::Set(di, k.u[i]);
    c.v[i] = hn::Set(di, k.v[i]);
  }
  c.yb = hn::Set(di, k.y_bias);
  c.ub = hn::Set(di, k.u_bias);
  c.vb = hn::Set(di, k.v_bias);
  int x = 0;
  for (; x + N8 <= width; x += N8) {
    Split sp[3];
    LumaRow<L>(s + x * ch, y + x, c, sp);
    const V8 cu = PackPair(Dot3(c.ub, sp[0].even, sp[1].even, sp[2].even, c.u[0], c.u[1], c.u[2]),
                           Dot3(c.ub, sp[0].odd, sp[1].odd, sp[2].odd, c.u[0], c.u[1], c.u[2]));
    const V8 cv = PackPair(Dot3(c.vb, sp[0].even, sp[1].even, sp[2].even, c.v[0], c.v[1], c.v[2]),
                           Dot3(c.vb, sp[0].odd, sp[1].odd, sp[2].odd, c.v[0], c.v[1], c.v[2]));
    if (semi) {
      hn::StoreInterleaved2(cu, cv, d8, u + 2 * x);
    } else {
      hn::StoreU(cu, d8, u + x);
      hn::StoreU(cv, d8, v + x);
    }
  }
  scalar::rgb_to_yuv_444_from(x, s, width, L, y, u, v, semi, k);
}

#define FK_RGB_LAYOUT_SWITCH(layout, CALL)             \
  switch (layout) {                                    \
    case RgbLayout::kRGB: CALL(RgbLayout::kRGB);       \
    case RgbLayout::kBGR: CALL(RgbLayout::kBGR);       \
    case RgbLayout::kRGBA: CALL(RgbLayout::kRGBA);     \
    case RgbLayout::kBGRA: CALL(RgbLayout::kBGRA);     \
    case RgbLayout::kARGB: CALL(RgbLayout::kARGB);     \
    case RgbLayout::kABGR: CALL(RgbLayout::kABGR);     \
    case RgbLayout::kPlanar: break;                    \
  }

void RgbToYuvPair(const uint8_t* s0, const uint8_t* s1, int width, RgbLayout layout,
                  uint8_t* y0, uint8_t* y1, uint8_t* u, uint8_t* v, bool semi,
                  const RgbToYuvFixed& k) {
#define FK_CALL(L) return RgbToYuvPairT<L>(s0, s1, width, y0, y1, u, v, semi, k)
  FK_RGB_LAYOUT_SWITCH(layout, FK_CALL)
#undef FK_CALL
  scalar::rgb_to_yuv_pair_from(0, s0, s1, width, layout, y0, y1, u, v, semi, k);
}

void RgbToYuv444(const uint8_t* s, int width, RgbLayout layout, uint8_t* y, uint8_t* u,
                 uint8_t* v, bool semi, const RgbToYuvFixed& k) {
#define FK_CALL(L) return RgbToYuv444T<L>(s, width, y, u, v, semi, k)
  FK_RGB_LAYOUT_SWITCH(layout, FK_CALL)
#undef FK_CALL
  scalar::rgb_to_yuv_444_from(0, s, width, layout, y, u, v, semi, k);
}

// ---------------------------------------------------------------- YUV → tensor

template <TensorDType T>
HWY_INLINE void StoreTensorPlanar(hn::Vec<hn::ScalableTag<float>> t, void* base, int x) {
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
HWY_INLINE void StoreTensorInterleaved(const hn::Vec<hn::ScalableTag<float>>* t, void* base,
                                       int x) {
  const hn::ScalableTag<float> df;
  auto store = [&](auto d, auto conv, auto* p) {
    if constexpr (C == 3) hn::StoreInterleaved3(conv(t[0]), conv(t[1]), conv(t[2]), d, p + 3 * x);
    else hn::StoreInterleaved4(conv(t[0]), conv(t[1]), conv(t[2]), conv(t[3]), d, p + 4 * x);
  };
  if constexpr (T == TensorDType::kF32) {
    store(df, [](auto v) { return v; }, static_cast<float*>(base));
  } else if constexpr (T == TensorDType::kF16) {
    const hn::Rebind<hwy::float16_t, decltype(df)> dh;
    const hn::Rebind<uint16_t, decltype(df)> du;
    store(du, [&](auto v) { return hn::BitCast(du, hn::DemoteTo(dh, v)); },
          static_cast<uint16_t*>(base));
  } else if constexpr (T == TensorDType::kU8) {
    const hn::Rebind<uint8_t, decltype(df)> d8q;
    store(d8q, [&](auto v) { return hn::DemoteTo(d8q, hn::NearestInt(v)); },
          static_cast<uint8_t*>(base));
  } else {
    const hn::Rebind<uint16_t, decltype(df)> du;
    store(du, [&](auto v) { return hn::DemoteTo(du, hn::NearestInt(v)); },
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
    const VF fa = a != nullptr ? hn::ConvertTo(df, hn::PromoteTo(di32, hn::LoadU(d8q, a + x)))
                               : hn::Zero(df);
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
    case TensorDType::kF32: return YuvToTensorRowT<TensorDType::kF32>(y, u, v, a, width, out, k);
    case TensorDType::kF16: return YuvToTensorRowT<TensorDType::kF16>(y, u, v, a, width, out, k);
    case TensorDType::kU8: return YuvToTensorRowT<TensorDType::kU8>(y, u, v, a, width, out, k);
    case TensorDType::kU16: return YuvToTensorRowT<TensorDType::kU16>(y, u, v, a, width, out, k);
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

ColorKernels simd_kernels() {
  auto& chosen = hwy::GetChosenTarget();
  if (!chosen.IsInitialized()) chosen.Update(hwy::SupportedTargets());
  return ColorKernels{&HWY_DYNAMIC_DISPATCH(ChromaVertical),
                      &HWY_DYNAMIC_DISPATCH(ChromaVerticalPairs),
                      &HWY_DYNAMIC_DISPATCH(YuvToRgbRow),
                      &HWY_DYNAMIC_DISPATCH(ChromaWords),
                      &HWY_DYNAMIC_DISPATCH(RgbToYuvPair),
                      &HWY_DYNAMIC_DISPATCH(RgbToYuv444),
                      &HWY_DYNAMIC_DISPATCH(YuvToTensorRow)};
}

}  // namespace framekit::color_detail
#endif  // HWY_ONCE
