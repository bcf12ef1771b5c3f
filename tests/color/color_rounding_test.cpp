// Rounding::kTruncate (BMF's integer conversion) and nearest chroma: the truncating
// general engine against its scalar twins on every SIMD target, truncation against
// rounding, and the options carried through img::yuv_to_rgb and reformat.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "color/general_kernels.h"
#include "framekit/color/color.h"
#include "framekit/color/reformat.h"
#include "testing/color_reference.h"
#include "testing/simd_targets.h"

namespace framekit {
namespace {

using color_detail::GeneralKernels;
using color_detail::RowFormat;
using color_detail::SampleType;

TEST(Rounding, QuantizeWithoutBiasTruncates) {
  using color_detail::general_scalar::quantize;
  EXPECT_EQ(quantize(2.99F, 255, 0.0F), 2u);
  EXPECT_EQ(quantize(3.0F, 255, 0.0F), 3u);
  EXPECT_EQ(quantize(-0.7F, 255, 0.0F), 0u);
  EXPECT_EQ(quantize(255.9F, 255, 0.0F), 255u);
  EXPECT_EQ(quantize(std::numeric_limits<float>::quiet_NaN(), 255, 0.0F), 0u);
  EXPECT_EQ(quantize(1022.5F, 1023, 0.0F), 1022u);
}

TEST(Rounding, TruncatingStoresMatchScalarOnEveryTarget) {
  const GeneralKernels& scalar = test::kernels_for("scalar", color_detail::general_kernels);
  int checked = 0;
  test::for_each_target([&](const char*) {
    const GeneralKernels& simd = color_detail::general_kernels();
    for (SampleType t : {SampleType::kU8, SampleType::kU16})
      for (int step = 1; step <= 4; ++step)
        for (int count : {1, 7, 33, 131}) {
          RowFormat f;
          f.type = t;
          f.step = step;
          f.round_bias = 0.0F;
          f.max_code = t == SampleType::kU8 ? 255.0F : 1023.0F;
          std::vector<float> in(4 * static_cast<size_t>(count));
          for (size_t i = 0; i < in.size(); ++i)  // fractions, negatives, past the top
            in[i] = -3.0F + static_cast<float>(i) * (f.max_code + 6.0F) / in.size() + 0.37F;
          const float* ip[4] = {};
          for (int i = 0; i < step; ++i) ip[i] = in.data() + static_cast<size_t>(i) * count;
          const size_t row = static_cast<size_t>(count) * step * (t == SampleType::kU8 ? 1 : 2);
          std::vector<uint8_t> a(row + 16, 0xA5), b = a;
          simd.store_row(a.data(), f, count, ip);
          scalar.store_row(b.data(), f, count, ip);
          ASSERT_EQ(a, b) << "step " << step << " count " << count;
          ++checked;
        }
  });
  EXPECT_GT(checked, 20);
}

// Truncation never rounds up and stays within one code of rounding; SIMD and the
// scalar twins agree bit for bit on it.
TEST(Rounding, TruncatingConversionsMatchScalarAndStayBelowRounding) {
  const std::pair<PixelFormat, PixelFormat> pairs[] = {
      {PF_YUV420P, PF_RGB24},     {PF_NV12, PF_BGRA32},      {PF_NV21, PF_RGB24},
      {PF_YUV422P, PF_RGB24},     {PF_YUYV422, PF_RGB24},    {PF_RGB24, PF_NV12},
      {PF_YUV420P10LE, PF_RGB24}, {PF_RGB24, PF_YUV420P10LE}};
  for (auto [s, d] : pairs)
    for (auto up : {ChromaUpsample::kBilinear, ChromaUpsample::kNearest}) {
      const int w = 67, h = 9;
      const PixelInfo si(s, CS_BT709, CR_MPEG), di(d, CS_BT709, CR_MPEG);
      color_ref::OwnedImage src(si, w, h), rounded(di, w, h), a(di, w, h), b(di, w, h);
      color_ref::fill(src.view, w + s * 13 + d);
      ColorConvertOptions trunc;
      trunc.chroma_upsample = up;
      trunc.rounding = Rounding::kTruncate;
      ColorConvertOptions round = trunc;
      round.rounding = Rounding::kNearest;
      round.use_fast_paths = false;  // the same float values, rounded
      ASSERT_EQ(color_conversion_path(src.view, a.view, trunc), "general");
      convert_color(src.view, a.view, trunc);
      convert_color(src.view, rounded.view, round);
      test::with_simd_target("scalar", [&] { convert_color(src.view, b.view, trunc); });
      ASSERT_TRUE(a.bytes == b.bytes) << pixel_format_name(s) << " -> " << pixel_format_name(d);
      const auto& dd = a.view.desc();
      long below = 0, total = 0;
      for (int p = 0; p < dd.num_planes; ++p)
        for (int y = 0; y < a.view.plane_height(p); ++y)
          for (int i = 0; i < a.view.plane_width(p) * dd.planes[p].channels; ++i, ++total) {
            const double t = color_ref::get_sample(a.view, p, y, i);
            const double r = color_ref::get_sample(rounded.view, p, y, i);
            const double unit = dd.msb_aligned ? std::ldexp(1.0, 16 - dd.bit_depth) : 1.0;
            ASSERT_TRUE(t == r || t == r - unit)
                << pixel_format_name(s) << " -> " << pixel_format_name(d) << " plane " << p;
            below += t != r;
          }
      EXPECT_GT(below, total / 5) << pixel_format_name(s) << " -> " << pixel_format_name(d);
    }
}

TEST(Rounding, PlainMovesIgnoreRounding) {
  ColorConvertOptions trunc;
  trunc.rounding = Rounding::kTruncate;
  EXPECT_EQ(color_conversion_path(PixelInfo(PF_NV12), PixelInfo(PF_YUV420P), trunc), "repack:yuv");
  EXPECT_EQ(color_conversion_path(PixelInfo(PF_RGB24), PixelInfo(PF_BGR24), trunc), "repack:rgb");
  EXPECT_EQ(
      color_conversion_path(PixelInfo(PF_NV12, CS_BT709, CR_MPEG), PixelInfo(PF_RGB24), trunc),
      "general");
}

// The tensor API and reformat carry the options: the same bytes as convert_color.
TEST(Rounding, ImgAndReformatCarryTheOptions) {
  const int w = 38, h = 14;
  const PixelInfo info(PF_YUV420P, CS_BT470BG, CR_MPEG);
  Frame src(w, h, info);
  color_ref::fill(src.view(), 5);
  ColorConvertOptions opt;
  opt.chroma_upsample = ChromaUpsample::kNearest;
  opt.rounding = Rounding::kTruncate;
  Frame want(w, h, PixelInfo(PF_RGB24));
  convert_color(src.view(), want.view(), opt);
  const Tensor t = img::yuv_to_rgb(src.data(), info, kNHWC, opt);
  const Frame r = reformat(src, PixelInfo(PF_RGB24), opt);
  const Frame plain = reformat(src, PixelInfo(PF_RGB24));
  EXPECT_EQ(color_ref::max_diff(Frame(t, PixelInfo(PF_RGB24)).view(), want.view()), 0.0);
  EXPECT_EQ(color_ref::max_diff(r.view(), want.view()), 0.0);
  const double differs = color_ref::max_diff(plain.view(), want.view());
  EXPECT_GT(differs, 0);
}

}  // namespace
}  // namespace framekit
