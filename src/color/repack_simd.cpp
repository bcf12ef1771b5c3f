// SIMD versions of the structural row kernels (see repack_kernels.h), compiled once
// per target by Highway and chosen at run time. Remainders go to the scalar twins.
#define HWY_TARGET_INCLUDE "color/repack_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include "color/repack_kernels.h"

FRAMEKIT_SIMD_BEGIN(framekit::color_detail)

using D8 = hn::ScalableTag<uint8_t>;
using D16 = hn::ScalableTag<uint16_t>;

bool Aligned2(const void* p) {
  return (reinterpret_cast<uintptr_t>(p) & 1) == 0;
}
const uint16_t* P16(const uint8_t* p) {
  return reinterpret_cast<const uint16_t*>(p);
}
uint16_t* P16(uint8_t* p) {
  return reinterpret_cast<uint16_t*>(p);
}
template <class V>
HWY_INLINE V Reshift(V v, RepackShift s) {
  return hn::ShiftLeftSame(hn::ShiftRightSame(v, s.sshift), s.dshift);
}

void Split2U8(const uint8_t* in, uint8_t* a, uint8_t* b, int n) {
  const D8 d;
  const int N = static_cast<int>(hn::Lanes(d));
  int i = 0;
  for (; i + N <= n; i += N) {
    hn::Vec<D8> va, vb;
    hn::LoadInterleaved2(d, in + 2 * i, va, vb);
    hn::StoreU(va, d, a + i);
    hn::StoreU(vb, d, b + i);
  }
  repack_scalar::split2_u8(i, in, a, b, n);
}

void Join2U8(const uint8_t* a, const uint8_t* b, uint8_t* out, int n) {
  const D8 d;
  const int N = static_cast<int>(hn::Lanes(d));
  int i = 0;
  for (; i + N <= n; i += N) hn::StoreInterleaved2(hn::LoadU(d, a + i), hn::LoadU(d, b + i), d,
                                                   out + 2 * i);
  repack_scalar::join2_u8(i, a, b, out, n);
}

void Split2U16(const uint8_t* in, uint8_t* a, uint8_t* b, int n, RepackShift s) {
  const D16 d;
  const int N = static_cast<int>(hn::Lanes(d));
  int i = 0;
  if (Aligned2(in) && Aligned2(a) && Aligned2(b))
    for (; i + N <= n; i += N) {
      hn::Vec<D16> va, vb;
      hn::LoadInterleaved2(d, P16(in) + 2 * i, va, vb);
      hn::StoreU(Reshift(va, s), d, P16(a) + i);
      hn::StoreU(Reshift(vb, s), d, P16(b) + i);
    }
  repack_scalar::split2_u16(i, in, a, b, n, s);
}

void Join2U16(const uint8_t* a, const uint8_t* b, uint8_t* out, int n, RepackShift s) {
  const D16 d;
  const int N = static_cast<int>(hn::Lanes(d));
  int i = 0;
  if (Aligned2(out) && Aligned2(a) && Aligned2(b))
    for (; i + N <= n; i += N)
      hn::StoreInterleaved2(Reshift(hn::LoadU(d, P16(a) + i), s),
                            Reshift(hn::LoadU(d, P16(b) + i), s), d, P16(out) + 2 * i);
  repack_scalar::join2_u16(i, a, b, out, n, s);
}

void ShiftU16(const uint8_t* in, uint8_t* out, int n, RepackShift s) {
  const D16 d;
  const int N = static_cast<int>(hn::Lanes(d));
  int i = 0;
  if (Aligned2(in) && Aligned2(out))
    for (; i + N <= n; i += N) hn::StoreU(Reshift(hn::LoadU(d, P16(in) + i), s), d, P16(out) + i);
  repack_scalar::shift_u16(i, in, out, n, s);
}

// SN / DN: channels per packed pixel (3, 4) or 0 for three planes.
template <int SN, int DN>
void SwizzleT(const uint8_t* const* src, uint8_t* const* dst, int w, const SwizzleMap& m) {
  const D8 d;
  const int N = static_cast<int>(hn::Lanes(d));
  // Source slot of each output channel; slot 4 holds the opaque alpha.
  int sel[4];
  for (int k = 0; k < 4; ++k) sel[k] = m.map[k] < 0 ? 4 : m.map[k];
  int x = 0;
  for (; x + N <= w; x += N) {
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
    // Packed destinations stream far past L2 (a 1080p BGRA frame is several MB): asking
    // for the lines 2 KB ahead keeps more stores' misses in flight.
    if constexpr (DN != 0) {
      for (int b = 0; b < DN * N; b += 64)
        _mm_prefetch(reinterpret_cast<const char*>(dst[0] + DN * x + 2048 + b), _MM_HINT_T0);
    }
#endif
    hn::Vec<D8> c[5];
    c[3] = c[4] = hn::Set(d, 255);
    if constexpr (SN == 0) {
      c[0] = hn::LoadU(d, src[0] + x);
      c[1] = hn::LoadU(d, src[1] + x);
      c[2] = hn::LoadU(d, src[2] + x);
    } else if constexpr (SN == 3) {
      hn::LoadInterleaved3(d, src[0] + 3 * x, c[0], c[1], c[2]);
    } else {
      hn::LoadInterleaved4(d, src[0] + 4 * x, c[0], c[1], c[2], c[3]);
    }
    if constexpr (DN == 0) {
      hn::StoreU(c[sel[0]], d, dst[0] + x);
      hn::StoreU(c[sel[1]], d, dst[1] + x);
      hn::StoreU(c[sel[2]], d, dst[2] + x);
    } else if constexpr (DN == 3) {
      hn::StoreInterleaved3(c[sel[0]], c[sel[1]], c[sel[2]], d, dst[0] + 3 * x);
    } else {
      hn::StoreInterleaved4(c[sel[0]], c[sel[1]], c[sel[2]], c[sel[3]], d, dst[0] + 4 * x);
    }
  }
  repack_scalar::swizzle_u8(x, src, dst, w, m);
}

template <int SN>
void SwizzleS(const uint8_t* const* src, uint8_t* const* dst, int w, const SwizzleMap& m) {
  if (m.dn == 0) return SwizzleT<SN, 0>(src, dst, w, m);
  if (m.dn == 3) return SwizzleT<SN, 3>(src, dst, w, m);
  return SwizzleT<SN, 4>(src, dst, w, m);
}

void SwizzleU8(const uint8_t* const* src, uint8_t* const* dst, int w, const SwizzleMap& m) {
  if (m.sn == 0) return SwizzleS<0>(src, dst, w, m);
  if (m.sn == 3) return SwizzleS<3>(src, dst, w, m);
  return SwizzleS<4>(src, dst, w, m);
}

FRAMEKIT_SIMD_TABLE(RepackKernels, &Split2U8, &Join2U8, &Split2U16,
                    &Join2U16, &ShiftU16, &SwizzleU8)

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::color_detail, RepackKernels, repack_kernels, repack_scalar_kernels
#include "framekit/core/simd_dispatch-inl.h"
