// Highway version of the YUV → YUV matrix-change chroma kernel (twin:
// yuv_matrix_scalar.cpp). int32 lanes, one vector of chroma samples per step: luma
// pairs and interleaved UV pairs load as uint16 lanes and split into their bytes.
#include <cstdint>

#define HWY_TARGET_INCLUDE "color/yuv_matrix_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include "color/yuv_matrix.h"

FRAMEKIT_SIMD_BEGIN(framekit::color_detail)

void ChromaRow(const uint8_t* HWY_RESTRICT y0, const uint8_t* HWY_RESTRICT y1, int width, int ssx,
               const uint8_t* u, const uint8_t* v, int sstep, uint8_t* ou, uint8_t* ov, int dstep,
               int cw, const YuvMatrixChroma& k) {
  const hn::ScalableTag<int32_t> d32;
  const hn::Rebind<uint16_t, decltype(d32)> d16;
  const hn::Rebind<uint8_t, decltype(d32)> d8;
  const int N = static_cast<int>(hn::Lanes(d32));
  const auto low = hn::Set(d16, 0xFF);
  auto split = [&](const uint8_t* p, hn::Vec<decltype(d32)>& first,
                   hn::Vec<decltype(d32)>& second) {  // N byte pairs
    const auto w = hn::LoadU(d16, reinterpret_cast<const uint16_t*>(p));
    first = hn::PromoteTo(d32, hn::And(w, low));
    second = hn::PromoteTo(d32, hn::ShiftRight<8>(w));
  };
  const hn::Vec<decltype(d32)> my[2] = {hn::Set(d32, k.my[0]), hn::Set(d32, k.my[1])};
  const hn::Vec<decltype(d32)> mu[2] = {hn::Set(d32, k.mu[0]), hn::Set(d32, k.mu[1])};
  const hn::Vec<decltype(d32)> mv[2] = {hn::Set(d32, k.mv[0]), hn::Set(d32, k.mv[1])};
  const hn::Vec<decltype(d32)> bias[2] = {hn::Set(d32, k.bias[0]), hn::Set(d32, k.bias[1])};
  const auto zero = hn::Zero(d32);
  const auto top = hn::Set(d32, 255);
  // Whole vectors while every block's luma columns lie inside the row.
  const int full = ssx ? width / 2 : cw;
  int j = 0;
  for (; j + N <= full; j += N) {
    hn::Vec<decltype(d32)> s;
    if (ssx) {
      hn::Vec<decltype(d32)> a, b, c, d;
      split(y0 + 2 * j, a, b);
      split(y1 + 2 * j, c, d);
      s = hn::Add(hn::Add(a, b), hn::Add(c, d));
    } else {
      s = hn::ShiftLeft<1>(hn::Add(hn::PromoteTo(d32, hn::LoadU(d8, y0 + j)),
                                   hn::PromoteTo(d32, hn::LoadU(d8, y1 + j))));
    }
    hn::Vec<decltype(d32)> cu, cv;
    if (sstep == 2) {
      if (u < v) {
        split(u + 2 * j, cu, cv);
      } else {
        split(v + 2 * j, cv, cu);
      }
    } else {
      cu = hn::PromoteTo(d32, hn::LoadU(d8, u + j));
      cv = hn::PromoteTo(d32, hn::LoadU(d8, v + j));
    }
    hn::Vec<decltype(d32)> r[2];
    for (int c = 0; c < 2; ++c) {
      const auto acc = hn::Add(
          hn::Add(hn::Add(hn::Mul(s, my[c]), hn::Mul(cu, mu[c])), hn::Mul(cv, mv[c])), bias[c]);
      r[c] = hn::Min(hn::Max(hn::ShiftRight<16>(acc), zero), top);
    }
    if (dstep == 2) {
      const bool u_first = ou < ov;
      const auto pair = hn::Or(r[u_first ? 0 : 1], hn::ShiftLeft<8>(r[u_first ? 1 : 0]));
      hn::StoreU(hn::DemoteTo(d16, pair), d16,
                 reinterpret_cast<uint16_t*>((u_first ? ou : ov) + 2 * j));
    } else {
      hn::StoreU(hn::DemoteTo(d8, r[0]), d8, ou + j);
      hn::StoreU(hn::DemoteTo(d8, r[1]), d8, ov + j);
    }
  }
  yuv_matrix_chroma_row_from(j, y0, y1, width, ssx, u, v, sstep, ou, ov, dstep, cw, k);
}

FRAMEKIT_SIMD_TABLE(YuvMatrixKernels, &ChromaRow)

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::color_detail, YuvMatrixKernels, yuv_matrix_kernels, yuv_matrix_scalar_kernels
#include "framekit/core/simd_dispatch-inl.h"
