// SIMD versions of the chroma-grid row kernels (see grid_kernels.h), compiled once per
// target by Highway and chosen at run time. Edges and remainders go to the scalar twins.
#define HWY_TARGET_INCLUDE "color/grid_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include <cstring>

#include "color/grid_kernels.h"

FRAMEKIT_SIMD_BEGIN(framekit::color_detail)

using D8 = hn::ScalableTag<uint8_t>;
using D16 = hn::ScalableTag<uint16_t>;
using DI16 = hn::RebindToSigned<D16>;
using D8h = hn::Rebind<uint8_t, D16>;  // one byte per 16-bit lane

// Values that fit in a byte, one per 16-bit lane → bytes.
HWY_INLINE hn::Vec<D8h> Narrow(hn::Vec<D16> v) {
  return hn::DemoteTo(D8h(), hn::BitCast(DI16(), v));
}
// Two vectors of byte values in 16-bit lanes → interleaved bytes e0 o0 e1 o1 ….
HWY_INLINE void StorePairs(hn::Vec<D16> e, hn::Vec<D16> o, uint8_t* out) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  // One 16-bit lane holds e in its first byte in memory and o in its second.
  hn::StoreU(hn::Or(e, hn::ShiftLeft<8>(o)), D16(), reinterpret_cast<uint16_t*>(out));
#else
  hn::StoreInterleaved2(Narrow(e), Narrow(o), D8h(), out);
#endif
}

// p[2i] + p[2i + 1] for the lanes i of one 16-bit vector.
HWY_INLINE hn::Vec<D16> PairSums(const uint8_t* p) {
  const D16 d;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  // A 16-bit lane holds the pair: the first byte low, the second high.
  const auto v = hn::LoadU(d, reinterpret_cast<const uint16_t*>(p));
  return hn::Add(hn::And(v, hn::Set(d, 0xFF)), hn::ShiftRight<8>(v));
#else
  hn::Vec<D8h> e, o;
  hn::LoadInterleaved2(D8h(), p, e, o);
  return hn::Add(hn::PromoteTo(d, e), hn::PromoteTo(d, o));
#endif
}

// Calls block(i) for blocks of n covering [lo, hi), the last one overlapping its
// neighbour instead of leaving a tail (the blocks' outputs are pure, so rewriting some
// is harmless). False, with nothing done, when the range is shorter than a block.
template <class F>
HWY_INLINE bool Cover(int lo, int hi, int n, F&& block) {
  if (hi - lo < n) return false;
  int i = lo;
  for (; i + n <= hi; i += n) block(i);
  if (i < hi) block(hi - n);
  return true;
}

// Sample access of the two row types: 8-bit samples widen into 16-bit lanes; 10/12-bit
// samples are 16-bit already and are clamped to g.vmax on load.
template <typename T>
struct Samples;
template <>
struct Samples<uint8_t> {
  static hn::Vec<D16> Load(const uint8_t* p, int i, hn::Vec<D16>) {
    return hn::PromoteTo(D16(), hn::LoadU(D8h(), p + i));
  }
  static void Store(hn::Vec<D16> v, uint8_t* out, int i) { hn::StoreU(Narrow(v), D8h(), out + i); }
  static hn::Vec<D16> Pairs(const uint8_t* p, int i, hn::Vec<D16>) { return PairSums(p + 2 * i); }
  static void StoreTwo(hn::Vec<D16> e, hn::Vec<D16> o, uint8_t* out, int j) {
    StorePairs(e, o, out + 2 * j);
  }
  // (a + b + 1) >> 1 of whole vectors at sample i; returns samples per vector.
  static int AverageLanes() { return static_cast<int>(hn::Lanes(D8())); }
  static void Average(const uint8_t* a, const uint8_t* b, uint8_t* out, int i, hn::Vec<D16>) {
    const D8 d;
    hn::StoreU(hn::AverageRound(hn::LoadU(d, a + i), hn::LoadU(d, b + i)), d, out + i);
  }
};
template <>
struct Samples<uint16_t> {
  static const uint16_t* P(const uint8_t* p) { return reinterpret_cast<const uint16_t*>(p); }
  static uint16_t* P(uint8_t* p) { return reinterpret_cast<uint16_t*>(p); }
  static hn::Vec<D16> Load(const uint8_t* p, int i, hn::Vec<D16> vmax) {
    return hn::Min(hn::LoadU(D16(), P(p) + i), vmax);
  }
  static void Store(hn::Vec<D16> v, uint8_t* out, int i) { hn::StoreU(v, D16(), P(out) + i); }
  static hn::Vec<D16> Pairs(const uint8_t* p, int i, hn::Vec<D16> vmax) {
    hn::Vec<D16> e, o;
    hn::LoadInterleaved2(D16(), P(p) + 2 * i, e, o);
    return hn::Add(hn::Min(e, vmax), hn::Min(o, vmax));
  }
  static void StoreTwo(hn::Vec<D16> e, hn::Vec<D16> o, uint8_t* out, int j) {
    hn::StoreInterleaved2(e, o, D16(), P(out) + 2 * j);
  }
  static int AverageLanes() { return static_cast<int>(hn::Lanes(D16())); }
  static void Average(const uint8_t* a, const uint8_t* b, uint8_t* out, int i,
                      hn::Vec<D16> vmax) {
    hn::StoreU(hn::AverageRound(Load(a, i, vmax), Load(b, i, vmax)), D16(), P(out) + i);
  }
};

// 2× down and same-grid rows read the source rows directly; 2× up rows first sum the
// rows into s (16-bit) so each sum serves three outputs.
//
// The fields are read one by one, each with the width it was stored with: a wider load
// spanning several fresh stores (a struct copy, or a merged compare of wa and wb) cannot
// be forwarded from the store buffer and waits for every older store to reach the cache,
// which behind a row of output stores costs hundreds of cycles per call.
template <typename T>
void GridRowT(const GridRow& g, uint16_t* s, uint8_t* out) {
  using S = Samples<T>;
  const uint8_t* const A = g.a;
  const uint8_t* const B = g.b;
  const int ka = g.wa, kb = g.wb, sw = g.sw, dw = g.dw, sh = g.shift;
  const GridH mode = g.h;
  const D16 d;
  const int N = static_cast<int>(hn::Lanes(d));
  const auto wa = hn::Set(d, static_cast<uint16_t>(ka));
  const auto wb = hn::Set(d, static_cast<uint16_t>(kb));
  const auto vmax = hn::Set(d, g.vmax);
  const auto half = hn::Set(d, static_cast<uint16_t>((1 << sh) >> 1));
  auto vert = [&](hn::Vec<D16> a, hn::Vec<D16> b) {
    return kb == 0 ? hn::Mul(a, wa) : hn::Add(hn::Mul(a, wa), hn::Mul(b, wb));
  };
  auto load = [&](const uint8_t* p, int i) { return S::Load(p, i, vmax); };
  auto done = [&](bool simd) {
    if (!simd) grid_scalar::row<T>(g, 0, dw, out);
  };
  switch (mode) {
    case GridH::kSame:
      if (kb == 0 && sh == 0 && sizeof(T) == 1) {
        std::memcpy(out, A, static_cast<size_t>(dw));
      } else if (ka == 1 && kb == 1) {  // (a + b + 1) >> 1
        done(Cover(0, dw, S::AverageLanes(), [&](int x) { S::Average(A, B, out, x, vmax); }));
      } else {
        done(Cover(0, dw, N, [&](int x) {
          const auto v = hn::Add(vert(load(A, x), load(B, x)), half);
          S::Store(hn::ShiftRightSame(v, sh), out, x);
        }));
      }
      return;
    case GridH::kDown: {
      const int pairs = sw / 2;  // outputs with both samples; an odd width's last has one
      done(Cover(0, pairs, N, [&](int x) {
        auto sum = hn::Mul(S::Pairs(A, x, vmax), wa);
        if (kb != 0) sum = hn::Add(sum, hn::Mul(S::Pairs(B, x, vmax), wb));
        S::Store(hn::ShiftRightSame(hn::Add(sum, half), sh), out, x);
      }));
      if (pairs >= N) grid_scalar::row<T>(g, pairs, dw, out);
      return;
    }
    case GridH::kUpNearest:
    case GridH::kUpBilinear: {
      const bool vert_done = Cover(0, sw, N, [&](int j) {
        hn::StoreU(vert(load(A, j), load(B, j)), d, s + j);
      });
      if (!vert_done) return done(false);
      const int jn = dw / 2;  // sources whose two outputs both exist
      if (mode == GridH::kUpNearest) {
        const bool ok = Cover(0, jn, N, [&](int j) {
          const auto r = hn::ShiftRightSame(hn::Add(hn::LoadU(d, s + j), half), sh);
          S::StoreTwo(r, r, out, j);
        });
        if (!ok) return done(false);
        return grid_scalar::row<T>(g, 2 * jn, dw, out);
      }
      // Interior sources 1 .. jb-1 have both neighbours; the edges go to the scalar twin.
      const int jb = jn < sw - 1 ? jn : sw - 1;
      const auto three = hn::Set(d, 3);
      const bool ok = Cover(1, jb, N, [&](int j) {
        const auto c = hn::Add(hn::Mul(hn::LoadU(d, s + j), three), half);
        const auto e = hn::ShiftRightSame(hn::Add(c, hn::LoadU(d, s + j - 1)), sh);
        const auto o = hn::ShiftRightSame(hn::Add(c, hn::LoadU(d, s + j + 1)), sh);
        S::StoreTwo(e, o, out, j);
      });
      if (!ok) return done(false);
      grid_scalar::row<T>(g, 0, 2, out);
      grid_scalar::row<T>(g, 2 * jb, dw, out);
      return;
    }
  }
}

void GridRowK(const GridRow& g, uint16_t* s, uint8_t* out) {
  GridRowT<uint8_t>(g, s, out);
}
void GridRow16K(const GridRow& g, uint16_t* s, uint8_t* out) {
  GridRowT<uint16_t>(g, s, out);
}

// Y0, U, Y1, V: byte positions in a 4-byte group, as template arguments so the four
// vectors stay in registers.
template <int Y0, int U, int Y1, int V>
void Unpack422T(const uint8_t* in, uint8_t* y, uint8_t* u, uint8_t* v, int w) {
  const D8 d;
  const int N = static_cast<int>(hn::Lanes(d));
  int p = 0;
  for (; 2 * (p + N) <= w; p += N) {
    hn::Vec<D8> c0, c1, c2, c3;
    hn::LoadInterleaved4(d, in + 4 * p, c0, c1, c2, c3);
    const hn::Vec<D8> c[4] = {c0, c1, c2, c3};
    hn::StoreInterleaved2(c[Y0], c[Y1], d, y + 2 * p);
    hn::StoreU(c[U], d, u + p);
    hn::StoreU(c[V], d, v + p);
  }
  grid_scalar::unpack422(p, in, Order422{Y0, U, Y1, V}, y, u, v, w);
}

template <int Y0, int U, int Y1, int V>
void Pack422T(const uint8_t* y, const uint8_t* u, const uint8_t* v, uint8_t* out, int w) {
  const D8 d;
  const int N = static_cast<int>(hn::Lanes(d));
  int p = 0;
  for (; 2 * (p + N) <= w; p += N) {
    hn::Vec<D8> ye, yo;
    hn::LoadInterleaved2(d, y + 2 * p, ye, yo);
    const auto vu = hn::LoadU(d, u + p);
    const auto vv = hn::LoadU(d, v + p);
    if constexpr (Y0 == 0 && U == 1)  // YUYV
      hn::StoreInterleaved4(ye, vu, yo, vv, d, out + 4 * p);
    else if constexpr (Y0 == 0)  // YVYU
      hn::StoreInterleaved4(ye, vv, yo, vu, d, out + 4 * p);
    else if constexpr (U == 0)  // UYVY
      hn::StoreInterleaved4(vu, ye, vv, yo, d, out + 4 * p);
    else  // VYUY
      hn::StoreInterleaved4(vv, ye, vu, yo, d, out + 4 * p);
  }
  grid_scalar::pack422(p, y, u, v, Order422{Y0, U, Y1, V}, out, w);
}

void Unpack422K(const uint8_t* in, Order422 o, uint8_t* y, uint8_t* u, uint8_t* v, int w) {
  if (o.y0 == 0) {
    if (o.u == 1) return Unpack422T<0, 1, 2, 3>(in, y, u, v, w);
    return Unpack422T<0, 3, 2, 1>(in, y, u, v, w);
  }
  if (o.u == 0) return Unpack422T<1, 0, 3, 2>(in, y, u, v, w);
  return Unpack422T<1, 2, 3, 0>(in, y, u, v, w);
}

void Pack422K(const uint8_t* y, const uint8_t* u, const uint8_t* v, Order422 o, uint8_t* out,
              int w) {
  if (o.y0 == 0) {
    if (o.u == 1) return Pack422T<0, 1, 2, 3>(y, u, v, out, w);
    return Pack422T<0, 3, 2, 1>(y, u, v, out, w);
  }
  if (o.u == 0) return Pack422T<1, 0, 3, 2>(y, u, v, out, w);
  return Pack422T<1, 2, 3, 0>(y, u, v, out, w);
}

FRAMEKIT_SIMD_TABLE(GridKernels, &GridRowK, &Unpack422K, &Pack422K,
                    &GridRow16K)

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY framekit::color_detail, GridKernels, grid_kernels, grid_scalar_kernels
#include "framekit/core/simd_dispatch-inl.h"
