// SIMD rows for RGB input: JFIF RGB → YCbCr with libjpeg's 16-bit fixed point (exact,
// so RGB input still codes like tjCompress2) and libjpeg's biased 2:1 downsampling.
// Scalar twins: rgb_row_to_ycc_scalar / downsample_row_scalar in color_rows.cpp.
#include "jpeg/color_rows.h"

#define HWY_TARGET_INCLUDE "jpeg/color_rows_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

FRAMEKIT_SIMD_BEGIN(framekit::jpeg::detail)

void RgbRowToYcc(const uint8_t* px, int channels, const int* order, int width, uint8_t* y,
                 uint8_t* cb, uint8_t* cr) {
  int x = 0;
#if HWY_TARGET != HWY_SCALAR
  const hn::ScalableTag<int32_t> d32;
  const hn::Rebind<uint8_t, decltype(d32)> d8;  // one byte per 32-bit lane
  const int n = static_cast<int>(hn::Lanes(d32));
  const auto c = [&](int32_t v) { return hn::Set(d32, v); };
  for (; x + n <= width; x += n) {
    hn::Vec<decltype(d8)> ch[4];
    if (channels == 3) {
      hn::LoadInterleaved3(d8, px + 3 * x, ch[0], ch[1], ch[2]);
    } else {
      hn::LoadInterleaved4(d8, px + 4 * x, ch[0], ch[1], ch[2], ch[3]);
    }
    const auto r =
        hn::BitCast(d32, hn::PromoteTo(hn::Rebind<uint32_t, decltype(d8)>(), ch[order[0]]));
    const auto g =
        hn::BitCast(d32, hn::PromoteTo(hn::Rebind<uint32_t, decltype(d8)>(), ch[order[1]]));
    const auto b =
        hn::BitCast(d32, hn::PromoteTo(hn::Rebind<uint32_t, decltype(d8)>(), ch[order[2]]));
    const auto luma = hn::Add(hn::Add(hn::Mul(r, c(kYR)), hn::Mul(g, c(kYG))),
                              hn::Add(hn::Mul(b, c(kYB)), c(32768)));
    hn::StoreU(hn::DemoteTo(d8, hn::ShiftRight<16>(luma)), d8, y + x);
    if (cb) {
      const auto vb = hn::Add(hn::Add(hn::Mul(r, c(kCbR)), hn::Mul(g, c(kCbG))),
                              hn::Add(hn::ShiftLeft<15>(b), c(kChromaOffset)));
      const auto vr = hn::Add(hn::Add(hn::ShiftLeft<15>(r), hn::Mul(g, c(kCrG))),
                              hn::Add(hn::Mul(b, c(kCrB)), c(kChromaOffset)));
      hn::StoreU(hn::DemoteTo(d8, hn::ShiftRight<16>(vb)), d8, cb + x);
      hn::StoreU(hn::DemoteTo(d8, hn::ShiftRight<16>(vr)), d8, cr + x);
    }
  }
#endif
  if (x < width) {
    rgb_row_to_ycc_scalar(px + static_cast<ptrdiff_t>(x) * channels, channels, order, width - x,
                          y + x, cb ? cb + x : nullptr, cr ? cr + x : nullptr);
  }
}

void DownsampleRow(const uint8_t* a, const uint8_t* b, int out_width, bool vertical, uint8_t* out) {
  int j = 0;
#if HWY_TARGET != HWY_SCALAR
  const hn::ScalableTag<uint16_t> d16;
  const hn::Repartition<uint8_t, decltype(d16)> d8;
  const hn::Rebind<uint8_t, decltype(d16)> d8_half;
  const int n = static_cast<int>(hn::Lanes(d16));
  // Alternating bias (ordered dither of the rounding): 1, 2, ... for 2x2 boxes and
  // 0, 1, ... for 2x1, by output column.
  const auto odd = hn::And(hn::Iota(d16, 0), hn::Set(d16, 1));
  const auto bias = vertical ? hn::Add(odd, hn::Set(d16, 1)) : odd;
  const auto low = hn::Set(d16, 0xFF);
  const auto pair_sum = [&](const uint8_t* row) {
    const auto v = hn::BitCast(d16, hn::LoadU(d8, row));
    return hn::Add(hn::And(v, low), hn::ShiftRight<8>(v));
  };
  for (; j + n <= out_width; j += n) {
    auto sum = hn::Add(pair_sum(a + 2 * j), bias);
    if (vertical) {
      sum = hn::ShiftRight<2>(hn::Add(sum, pair_sum(b + 2 * j)));
    } else {
      sum = hn::ShiftRight<1>(sum);
    }
    const hn::RebindToSigned<decltype(d16)> di16;  // values <= 255: the signed demote is exact
    hn::StoreU(hn::DemoteTo(d8_half, hn::BitCast(di16, sum)), d8_half, out + j);
  }
#endif
  if (j < out_width) {
    downsample_row_scalar(a + 2 * j, b + 2 * j, out_width - j, vertical, out + j);
  }
}

FRAMEKIT_SIMD_TABLE(ColorRowKernels, &RgbRowToYcc, &DownsampleRow)

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::jpeg::detail, ColorRowKernels, color_row_kernels, color_row_scalar_kernels
#include "framekit/core/simd_dispatch-inl.h"
