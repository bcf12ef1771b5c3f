// The fused 8-bit YUV → YUV matrix change ("fused:yuv8_matrix"): against the double
// reference for every layout pair on each chroma grid, every space and range pair,
// odd sizes and padded strides; SIMD against the scalar twins on every target; the
// chroma row kernel alone with every layout and extreme coefficients.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "color/yuv_matrix.h"
#include "framekit/color/color.h"
#include "testing/color_reference.h"
#include "testing/simd_targets.h"

namespace framekit {
namespace {

using color_ref::OwnedImage;

struct Outcome {
  double max_err = 0;
  double exact = 1;
  std::string path;
};

Outcome run(const PixelInfo& si, const PixelInfo& di, int w, int h, uint32_t seed,
            ColorConvertOptions opt = {}, int pad = 0) {
  OwnedImage src(si, w, h, pad), out(di, w, h, pad + 5), ref(di, w, h);
  color_ref::fill(src.view, seed);
  convert_color(src.view, out.view, opt);
  color_ref::convert(src.view, ref.view, opt.chroma_upsample);
  const auto st = color_ref::diff_stats(out.view, ref.view);
  return {st.max, st.exact, color_conversion_path(src.view, out.view, opt)};
}

// Same chroma grid on both sides: the fused path's domain.
const std::vector<std::vector<PixelFormat>> kGrids = {{PF_YUV420P, PF_NV12, PF_NV21, PF_YUVA420P},
                                                      {PF_YUV422P, PF_NV16},
                                                      {PF_YUV444P, PF_NV24, PF_YUVA444P}};

TEST(YuvMatrix, EveryLayoutPairWithinOneCode) {
  int n = 0;
  for (const auto& grid : kGrids)
    for (PixelFormat s : grid)
      for (PixelFormat d : grid)
        for (auto [w, h] :
             {std::pair{1, 1}, std::pair{3, 3}, std::pair{67, 9}, std::pair{130, 6}}) {
          const PixelInfo si(s, CS_SMPTE170M, CR_MPEG), di(d, CS_BT709, CR_MPEG);
          const Outcome o = run(si, di, w, h, 11 + n, {}, n % 3 * 7);
          const std::string what = std::string(pixel_format_name(s)) + " -> " +
                                   std::string(pixel_format_name(d)) + " " + std::to_string(w) +
                                   "x" + std::to_string(h);
          EXPECT_EQ(o.path, "fused:yuv8_matrix") << what;
          EXPECT_LE(o.max_err, 1.0) << what;
          ++n;
        }
}

TEST(YuvMatrix, EverySpaceAndRangePairWithinOneCode) {
  const ColorSpace spaces[] = {CS_BT470BG, CS_BT709, CS_BT2020_NCL, CS_FCC, CS_SMPTE240M, CS_YCGCO};
  double worst = 0, exact = 1;
  int fused = 0, n = 0;
  for (ColorSpace a : spaces)
    for (ColorSpace b : spaces)
      for (ColorRange ra : {CR_MPEG, CR_JPEG})
        for (ColorRange rb : {CR_MPEG, CR_JPEG})
          for (ChromaUpsample up : {ChromaUpsample::kBilinear, ChromaUpsample::kNearest}) {
            ColorConvertOptions opt;
            opt.chroma_upsample = up;
            const Outcome o =
                run(PixelInfo(PF_NV12, a, ra), PixelInfo(PF_YUV420P, b, rb), 131, 11, ++n, opt);
            EXPECT_LE(o.max_err, 1.0)
                << color_space_name(a) << "/" << color_range_name(ra) << " -> "
                << color_space_name(b) << "/" << color_range_name(rb) << " via " << o.path;
            if (o.path == "fused:yuv8_matrix") {
              ++fused;
              worst = std::max(worst, o.max_err);
              exact = std::min(exact, o.exact);
            }
          }
  // Every pair with a real matrix change takes the fused path (the rest are tables).
  EXPECT_GE(fused, 6 * 5 * 4 * 2);
  std::printf("[ yuv8_matrix ] %d conversions: max error %.0f, at least %.1f%% exact\n", fused,
              worst, 100.0 * exact);
}

TEST(YuvMatrix, SimdMatchesScalarOnEveryTarget) {
  test::for_each_target([](const char* target) {
    for (const auto& grid : kGrids)
      for (PixelFormat s : {grid.front(), grid[1]})
        for (PixelFormat d : {grid.front(), grid[1]})
          for (auto [w, h] : {std::pair{5, 3}, std::pair{131, 7}, std::pair{64, 4}})
            for (ChromaUpsample up : {ChromaUpsample::kBilinear, ChromaUpsample::kNearest}) {
              const PixelInfo si(s, CS_BT709, CR_JPEG), di(d, CS_BT2020_NCL, CR_MPEG);
              OwnedImage src(si, w, h), simd(di, w, h), scalar(di, w, h);
              color_ref::fill(src.view, static_cast<uint32_t>(w * h));
              ColorConvertOptions opt;
              opt.chroma_upsample = up;
              convert_color(src.view, simd.view, opt);
              test::with_simd_target("scalar",
                                     [&] { convert_color(src.view, scalar.view, opt); });
              EXPECT_EQ(simd.bytes, scalar.bytes) << target << " " << pixel_format_name(s) << " -> "
                                                  << pixel_format_name(d) << " " << w << "x" << h;
            }
  });
}

TEST(YuvMatrix, ChromaKernelMatchesScalarForEveryLayout) {
  using color_detail::YuvMatrixChroma;
  std::mt19937 rng(5);
  std::vector<YuvMatrixChroma> ks;
  // Extremes the builder admits (|coefficient| < 8, |offset| < 4096), and random ones.
  YuvMatrixChroma big;
  for (int c = 0; c < 2; ++c) {
    big.my[c] = c ? -(8 << 14) + 1 : (8 << 14) - 1;
    big.mu[c] = c ? (8 << 16) - 1 : -(8 << 16) + 1;
    big.mv[c] = (8 << 16) - 1;
    big.bias[c] = c ? -(4095 << 16) : (4095 << 16);
  }
  ks.push_back(big);
  for (int i = 0; i < 6; ++i) {
    YuvMatrixChroma k;
    for (int c = 0; c < 2; ++c) {
      k.my[c] = static_cast<int32_t>(rng() % (1 << 16)) - (1 << 15);
      k.mu[c] = static_cast<int32_t>(rng() % (1 << 18)) - (1 << 17);
      k.mv[c] = static_cast<int32_t>(rng() % (1 << 18)) - (1 << 17);
      k.bias[c] = static_cast<int32_t>(rng() % (1 << 25)) - (1 << 24);
    }
    ks.push_back(k);
  }
  const auto scalar =
      test::kernels_for("scalar", color_detail::yuv_matrix_kernels).chroma_row;
  test::for_each_target([&](const char* target) {
    const auto& kernels = color_detail::yuv_matrix_kernels();
    ASSERT_STREQ(kernels.target, target);
    const auto simd = kernels.chroma_row;
    for (const auto& k : ks)
      for (int width : {1, 2, 31, 64, 129})
        for (int ssx : {0, 1})
          for (int sstep : {1, 2})
            for (int dstep : {1, 2})
              for (bool swap : {false, true}) {
                const int cw = ssx ? (width + 1) / 2 : width;
                std::vector<uint8_t> y0(width), y1(width), c(2 * cw);
                for (auto* v : {&y0, &y1, &c})
                  for (auto& b : *v) b = static_cast<uint8_t>(rng());
                const uint8_t* u = c.data();
                const uint8_t* v = sstep == 2 ? c.data() + 1 : c.data() + cw;
                if (swap) std::swap(u, v);
                std::vector<uint8_t> a(2 * cw + 8, 0x5A), b(2 * cw + 8, 0x5A);
                auto dst = [&](std::vector<uint8_t>& o, uint8_t** ou, uint8_t** ov) {
                  *ou = o.data();
                  *ov = dstep == 2 ? o.data() + 1 : o.data() + cw;
                  if (swap) std::swap(*ou, *ov);
                };
                uint8_t *au, *av, *bu, *bv;
                dst(a, &au, &av);
                dst(b, &bu, &bv);
                simd(y0.data(), y1.data(), width, ssx, u, v, sstep, au, av, dstep, cw, k);
                scalar(y0.data(), y1.data(), width, ssx, u, v, sstep, bu, bv, dstep, cw, k);
                ASSERT_EQ(a, b) << target << " width " << width << " ssx " << ssx << " sstep "
                                << sstep << " dstep " << dstep << " swap " << swap;
                // Nothing past the row's outputs is written.
                for (size_t i = 2 * static_cast<size_t>(cw); i < a.size(); ++i)
                  ASSERT_EQ(a[i], 0x5A) << target;
              }
  });
}

TEST(YuvMatrix, ScalarTwinIsTheDocumentedFormula) {
  // One chroma sample by hand: luma block 10, 20 / 30, 41 → S = 101; U = 90, V = 200.
  color_detail::YuvMatrixChroma k;
  k.my[0] = 1 << 14;     // 1.0 × the block mean
  k.mu[0] = 1 << 15;     // 0.5
  k.mv[0] = -(1 << 14);  // -0.25
  k.bias[0] = (3 << 16) + (1 << 15);
  k.my[1] = 0;
  k.mu[1] = 0;
  k.mv[1] = 1 << 16;
  k.bias[1] = 1 << 15;
  const uint8_t y0[2] = {10, 20}, y1[2] = {30, 41}, u[1] = {90}, v[1] = {200};
  uint8_t ou[1], ov[1];
  color_detail::yuv_matrix_scalar_kernels().chroma_row(y0, y1, 2, 1, u, v, 1, ou, ov, 1, 1, k);
  // 25.25 + 45 - 50 + 3 = 23.25 → 23; V' = V.
  EXPECT_EQ(ou[0], 23);
  EXPECT_EQ(ov[0], 200);
}

}  // namespace
}  // namespace framekit
