// SIMD versions of the general engine's row kernels (see general_kernels.h), compiled
// once per target by Highway and chosen at run time. Each does the scalar twin's float
// operations in the same order (this file is built with -ffp-contract=off, so no
// multiply-add is fused), which keeps the two bit-identical; remainders go to the twins.
#define HWY_TARGET_INCLUDE "color/general_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include <algorithm>

#include "color/general_kernels.h"

FRAMEKIT_SIMD_BEGIN(framekit::color_detail)

using DF = hn::ScalableTag<float>;
using VF = hn::Vec<DF>;
using DI = hn::RebindToSigned<DF>;
using DU32 = hn::RebindToUnsigned<DF>;
using D8 = hn::Rebind<uint8_t, DF>;    // one byte per float lane
using D16 = hn::Rebind<uint16_t, DF>;  // one uint16 per float lane

// Samples of an item (`S` per item) at p, one vector per component.
template <int S, class D, typename T>
HWY_INLINE void LoadItems(D d, const T* p, hn::Vec<D>* v) {
  if constexpr (S == 1) {
    v[0] = hn::LoadU(d, p);
  } else if constexpr (S == 2) {
    hn::LoadInterleaved2(d, p, v[0], v[1]);
  } else if constexpr (S == 3) {
    hn::LoadInterleaved3(d, p, v[0], v[1], v[2]);
  } else {
    hn::LoadInterleaved4(d, p, v[0], v[1], v[2], v[3]);
  }
}
template <int S, class D, typename T>
HWY_INLINE void StoreItems(D d, const hn::Vec<D>* v, T* p) {
  if constexpr (S == 1) {
    hn::StoreU(v[0], d, p);
  } else if constexpr (S == 2) {
    hn::StoreInterleaved2(v[0], v[1], d, p);
  } else if constexpr (S == 3) {
    hn::StoreInterleaved3(v[0], v[1], v[2], d, p);
  } else {
    hn::StoreInterleaved4(v[0], v[1], v[2], v[3], d, p);
  }
}

template <class D>
HWY_INLINE const hn::TFromD<D>* Typed(D, const uint8_t* p) {
  return reinterpret_cast<const hn::TFromD<D>*>(p);
}
template <class D>
HWY_INLINE hn::TFromD<D>* Typed(D, uint8_t* p) {
  return reinterpret_cast<hn::TFromD<D>*>(p);
}

template <int S, SampleType T>
void LoadRowT(const uint8_t* base, const RowFormat& f, int count, float* const out[4]) {
  const DF df;
  const int N = static_cast<int>(hn::Lanes(df));
  int x = 0;
  for (; x + N <= count; x += N) {
    VF c[S];
    if constexpr (T == SampleType::kF32) {
      LoadItems<S>(df, Typed(df, base) + S * x, c);
    } else if constexpr (T == SampleType::kU8) {
      const D8 d8;
      hn::Vec<D8> v[S];
      LoadItems<S>(d8, base + S * x, v);
      for (int i = 0; i < S; ++i) c[i] = hn::ConvertTo(df, hn::BitCast(DI(), hn::PromoteTo(DU32(), v[i])));
    } else {
      const D16 d16;
      hn::Vec<D16> v[S];
      LoadItems<S>(d16, Typed(d16, base) + S * x, v);
      for (int i = 0; i < S; ++i) {
        const auto s = hn::ShiftRightSame(v[i], f.shift);
        c[i] = hn::ConvertTo(df, hn::BitCast(DI(), hn::PromoteTo(DU32(), s)));
      }
    }
    for (int i = 0; i < S; ++i)
      if (out[i] != nullptr) hn::StoreU(c[i], df, out[i] + x);
  }
  general_scalar::load_row(x, base, f, count, out);
}

// Float → int32 truncation of values known to lie in [0, 2^31): the plain instruction,
// without the fix-up for out-of-range values that ConvertTo adds.
HWY_INLINE hn::Vec<DU32> TruncInRange(VF v) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  return hn::Vec<DU32>{_mm512_cvttps_epi32(v.raw)};
#elif HWY_TARGET == HWY_AVX2
  return hn::Vec<DU32>{_mm256_cvttps_epi32(v.raw)};
#elif HWY_TARGET == HWY_SSE4 || HWY_TARGET == HWY_SSSE3
  return hn::Vec<DU32>{_mm_cvttps_epi32(v.raw)};
#else
  return hn::BitCast(DU32(), hn::ConvertTo(DI(), v));
#endif
}

// The scalar twin's quantize(): add the bias (0.5 rounds half up, 0 truncates),
// saturate (NaN → 0), truncate. The
// result is in [0, max_code], so narrowing it needs no saturation.
HWY_INLINE hn::Vec<DU32> Quantize(VF v, VF half, VF zero, VF mx) {
  const VF t = hn::Add(v, half);
  return TruncInRange(hn::Min(hn::IfThenElse(t > zero, t, zero), mx));
}

// Narrowing of values that already fit (vpmovdb / vpmovdw on AVX-512; Highway 1.0.3's
// TruncateTo to bytes is wrong on AVX3_DL).
HWY_INLINE hn::Vec<D8> NarrowU8(hn::Vec<DU32> v) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  return hn::Vec<D8>{_mm512_cvtepi32_epi8(v.raw)};
#else
  return hn::DemoteTo(D8(), hn::BitCast(DI(), v));
#endif
}
HWY_INLINE hn::Vec<D16> NarrowU16(hn::Vec<DU32> v) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  return hn::Vec<D16>{_mm512_cvtepi32_epi16(v.raw)};
#else
  return hn::DemoteTo(D16(), hn::BitCast(DI(), v));
#endif
}

template <int S, SampleType T>
void StoreRowT(uint8_t* base, const RowFormat& f, int count, const float* const in[4]) {
  const DF df;
  const int N = static_cast<int>(hn::Lanes(df));
  const VF zero = hn::Zero(df), half = hn::Set(df, f.round_bias), one = hn::Set(df, 1.0F);
  const VF mx = hn::Set(df, f.max_code);
  int x = 0;
  for (; x + N <= count; x += N) {
    if constexpr (T == SampleType::kF32) {
      VF c[S];
      for (int i = 0; i < S; ++i) {
        const VF v = hn::LoadU(df, in[i] + x);
        c[i] = hn::Min(hn::IfThenElse(v > zero, v, zero), one);
      }
      StoreItems<S>(df, c, Typed(df, base) + S * x);
    } else if constexpr (T == SampleType::kU8) {
      const D8 d8;
      hn::Vec<D8> c[S];
      for (int i = 0; i < S; ++i)
        c[i] = NarrowU8(Quantize(hn::LoadU(df, in[i] + x), half, zero, mx));
      StoreItems<S>(d8, c, base + S * x);
    } else {
      const D16 d16;
      hn::Vec<D16> c[S];
      for (int i = 0; i < S; ++i) {
        const auto q = NarrowU16(Quantize(hn::LoadU(df, in[i] + x), half, zero, mx));
        c[i] = hn::ShiftLeftSame(q, f.shift);
      }
      StoreItems<S>(d16, c, Typed(d16, base) + S * x);
    }
  }
  general_scalar::store_row(x, base, f, count, in);
}

template <SampleType T>
void LoadRowS(const uint8_t* base, const RowFormat& f, int count, float* const out[4]) {
  switch (f.step) {
    case 1:
      return LoadRowT<1, T>(base, f, count, out);
    case 2:
      return LoadRowT<2, T>(base, f, count, out);
    case 3:
      return LoadRowT<3, T>(base, f, count, out);
    default:
      return LoadRowT<4, T>(base, f, count, out);
  }
}
template <SampleType T>
void StoreRowS(uint8_t* base, const RowFormat& f, int count, const float* const in[4]) {
  switch (f.step) {
    case 1:
      return StoreRowT<1, T>(base, f, count, in);
    case 2:
      return StoreRowT<2, T>(base, f, count, in);
    case 3:
      return StoreRowT<3, T>(base, f, count, in);
    default:
      return StoreRowT<4, T>(base, f, count, in);
  }
}

void LoadRowK(const uint8_t* base, const RowFormat& f, int count, float* const out[4]) {
  switch (f.type) {
    case SampleType::kU8:
      return LoadRowS<SampleType::kU8>(base, f, count, out);
    case SampleType::kU16:
      return LoadRowS<SampleType::kU16>(base, f, count, out);
    case SampleType::kF32:
      return LoadRowS<SampleType::kF32>(base, f, count, out);
  }
}
void StoreRowK(uint8_t* base, const RowFormat& f, int count, const float* const in[4]) {
  switch (f.type) {
    case SampleType::kU8:
      return StoreRowS<SampleType::kU8>(base, f, count, in);
    case SampleType::kU16:
      return StoreRowS<SampleType::kU16>(base, f, count, in);
    case SampleType::kF32:
      return StoreRowS<SampleType::kF32>(base, f, count, in);
  }
}

void AffineRowK(float* out, const float* p, const float* q, const float* r, const float k[4],
                int count) {
  const DF df;
  const int N = static_cast<int>(hn::Lanes(df));
  const VF a = hn::Set(df, k[0]), b = hn::Set(df, k[1]), c = hn::Set(df, k[2]);
  const VF d = hn::Set(df, k[3]);
  int x = 0;
  if (q == nullptr) {
    for (; x + N <= count; x += N)
      hn::StoreU(hn::Add(hn::Mul(a, hn::LoadU(df, p + x)), d), df, out + x);
  } else {
    for (; x + N <= count; x += N) {
      const VF ab = hn::Add(hn::Mul(a, hn::LoadU(df, p + x)), hn::Mul(b, hn::LoadU(df, q + x)));
      hn::StoreU(hn::Add(hn::Add(ab, hn::Mul(c, hn::LoadU(df, r + x))), d), df, out + x);
    }
  }
  general_scalar::affine_row(x, out, p, q, r, k, count);
}

void LerpRowK(float* out, const float* a, const float* b, float wa, float wb, int count) {
  const DF df;
  const int N = static_cast<int>(hn::Lanes(df));
  const VF va = hn::Set(df, wa), vb = hn::Set(df, wb);
  int x = 0;
  for (; x + N <= count; x += N)
    hn::StoreU(hn::Add(hn::Mul(va, hn::LoadU(df, a + x)), hn::Mul(vb, hn::LoadU(df, b + x))), df,
               out + x);
  general_scalar::lerp_row(x, out, a, b, wa, wb, count);
}

void UpsampleRowK(const float* in, int sw, float* out, int tw, bool bilinear) {
  const DF df;
  const int N = static_cast<int>(hn::Lanes(df));
  // Source sample i gives outputs 2i and 2i + 1; vectors cover i in [1, sw - 1) so
  // both neighbours exist, the edges go to the twin.
  const int first = std::min(2, tw);
  general_scalar::upsample_row(0, first, in, sw, out, bilinear);
  const VF k3 = hn::Set(df, 0.75F), k1 = hn::Set(df, 0.25F);
  int i = 1;
  for (; i + N + 1 <= sw; i += N) {
    const VF c = hn::LoadU(df, in + i);
    if (bilinear) {
      const VF c3 = hn::Mul(k3, c);
      const VF e = hn::Add(c3, hn::Mul(k1, hn::LoadU(df, in + i - 1)));
      const VF o = hn::Add(c3, hn::Mul(k1, hn::LoadU(df, in + i + 1)));
      hn::StoreInterleaved2(e, o, df, out + 2 * i);
    } else {
      hn::StoreInterleaved2(c, c, df, out + 2 * i);
    }
  }
  general_scalar::upsample_row(std::max(first, 2 * i), tw, in, sw, out, bilinear);
}

void DownsampleRowK(const float* in, int sw, float* out, int tw) {
  const DF df;
  const int N = static_cast<int>(hn::Lanes(df));
  const VF h = hn::Set(df, 0.5F);
  int x = 0;
  for (; 2 * (x + N) <= sw && x + N <= tw; x += N) {
    VF e, o;
    hn::LoadInterleaved2(df, in + 2 * x, e, o);
    hn::StoreU(hn::Mul(h, hn::Add(e, o)), df, out + x);
  }
  general_scalar::downsample_row(x, in, sw, out, tw);
}

void AccumulateRowK(float* sum, const float* in, int count, int ss) {
  const DF df;
  const int N = static_cast<int>(hn::Lanes(df));
  int x = 0;
  if (ss == 0) {
    for (; x + N <= count; x += N)
      hn::StoreU(hn::Add(hn::LoadU(df, sum + x), hn::LoadU(df, in + x)), df, sum + x);
  } else if (ss == 1) {
    for (; x + 2 * N <= count; x += 2 * N) {
      VF e, o;
      hn::LoadInterleaved2(df, in + x, e, o);
      float* s = sum + (x >> 1);
      hn::StoreU(hn::Add(hn::Add(hn::LoadU(df, s), e), o), df, s);
    }
  }
  general_scalar::accumulate_row(x, sum, in, count, ss);
}

void BoxMeanRowK(const float* r0, const float* r1, int w, int ss, float* out) {
  const DF df;
  const int N = static_cast<int>(hn::Lanes(df));
  const float count = static_cast<float>((r1 != nullptr ? 2 : 1) << ss);
  const VF n = hn::Set(df, count), zero = hn::Zero(df);
  int j = 0;
  // Sums start from 0 as the twin's do (0 + -0 is +0).
  // Whole blocks only (the last of an odd width has one column): the twin does the rest.
  const int whole = w >> ss;
  if (ss == 1) {
    for (; j + N <= whole; j += N) {
      VF e, o;
      hn::LoadInterleaved2(df, r0 + 2 * j, e, o);
      VF s = hn::Add(hn::Add(zero, e), o);
      if (r1 != nullptr) {
        hn::LoadInterleaved2(df, r1 + 2 * j, e, o);
        s = hn::Add(hn::Add(s, e), o);
      }
      hn::StoreU(hn::Div(s, n), df, out + j);
    }
  } else if (ss == 0) {
    for (; j + N <= whole; j += N) {
      VF s = hn::Add(zero, hn::LoadU(df, r0 + j));
      if (r1 != nullptr) s = hn::Add(s, hn::LoadU(df, r1 + j));
      hn::StoreU(hn::Div(s, n), df, out + j);
    }
  }
  general_scalar::box_mean_row(j, r0, r1, w, ss, out);
}

FRAMEKIT_SIMD_TABLE(GeneralKernels, &LoadRowK, &StoreRowK, &AffineRowK,
                    &LerpRowK, &UpsampleRowK, &DownsampleRowK, &AccumulateRowK,
                    &BoxMeanRowK)

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::color_detail, GeneralKernels, general_kernels, general_scalar_kernels
#include "framekit/core/simd_dispatch-inl.h"
