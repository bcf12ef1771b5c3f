// The chroma-grid path (4:2:0 ↔ 4:2:2 ↔ 4:4:4 and packed 4:2:2): its SIMD row kernels
// against their scalar twins on every Highway target this machine runs, and the whole
// path, SIMD and scalar, against the float general engine.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "color/grid_kernels.h"
#include "framekit/color/color.h"
#include "testing/color_reference.h"
#include "testing/simd_targets.h"

namespace framekit {
namespace {

using color_detail::GridH;
using color_detail::GridRow;
using color_ref::OwnedImage;

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng() & 0xFF);
  // Runs of extremes, where sums peak.
  for (size_t i = 0; i < n; i += 37) v[i] = (i / 37) % 2 ? 255 : 0;
  return v;
}

int dst_samples(GridH h, int sw, int parity) {
  switch (h) {
    case GridH::kSame:
      return sw;
    case GridH::kDown:
      return (sw + 1) / 2;
    default:
      return 2 * sw - parity;  // an odd luma width leaves the last odd output out
  }
}

TEST(GridKernels, RowMatchesScalarOnEveryTarget) {
  struct V {
    int wa, wb;
  };
  int checked = 0;
  const color_detail::GridKernels& scalar = test::kernels_for("scalar", color_detail::grid_kernels);
  ASSERT_STREQ(scalar.target, "scalar");
  test::for_each_target([&](const char* target) {
    const color_detail::GridKernels& simd = color_detail::grid_kernels();
    ASSERT_STREQ(simd.target, target);
    for (GridH h : {GridH::kSame, GridH::kDown, GridH::kUpBilinear, GridH::kUpNearest})
      for (V v : {V{1, 0}, V{1, 1}, V{3, 1}})
        for (int sw = 1; sw <= 200; sw += (sw < 70 ? 1 : 13))
          for (int parity : {0, 1}) {
            if (parity && (h == GridH::kSame || h == GridH::kDown || sw == 1)) continue;
            GridRow g;
            g.h = h;
            g.sw = sw;
            g.dw = dst_samples(h, sw, parity);
            g.wa = v.wa;
            g.wb = v.wb;
            const int wh = h == GridH::kDown ? 2 : h == GridH::kUpBilinear ? 4 : 1;
            const int total = wh * (v.wa + v.wb);
            g.shift = total == 1 ? 0 : total == 2 ? 1 : total == 4 ? 2 : total == 8 ? 3 : 4;
            for (int bytes : {1, 2}) {  // row (8-bit) and row16 (10/12-bit samples)
              // 16-bit rows hold any words: values above vmax must clamp alike.
              const auto a = random_bytes(bytes * sw + 1, sw * 7 + parity + bytes);
              const auto b = random_bytes(bytes * sw + 1, sw * 13 + 5);
              g.a = a.data() + 1;  // unaligned rows
              g.b = v.wb ? b.data() : g.a;
              g.vmax = bytes == 1 ? 255 : (sw % 2 ? 1023 : 4095);
              std::vector<uint16_t> scratch(sw + 64);
              std::vector<uint8_t> got(bytes * g.dw + 8, 0xCD), want(bytes * g.dw + 8, 0xCD);
              if (bytes == 1) {
                simd.row(g, scratch.data(), got.data());
                scalar.row(g, scratch.data(), want.data());
              } else {
                simd.row16(g, scratch.data(), got.data());
                scalar.row16(g, scratch.data(), want.data());
              }
              ASSERT_EQ(got, want) << "mode " << static_cast<int>(h) << " sw " << sw << " w "
                                   << v.wa << "/" << v.wb << " dw " << g.dw << " bytes " << bytes;
              ++checked;
            }
          }
  });
  EXPECT_GT(checked, 500);
}

TEST(GridKernels, Pack422RoundTripsAndMatchesScalarOnEveryTarget) {
  const char* orders[] = {"YUYV", "UYVY", "YVYU", "VYUY"};
  const color_detail::GridKernels& scalar = test::kernels_for("scalar", color_detail::grid_kernels);
  test::for_each_target([&](const char* target) {
    const color_detail::GridKernels& simd = color_detail::grid_kernels();
    ASSERT_STREQ(simd.target, target);
    for (const char* name : orders)
      for (int w = 1; w <= 300; w += (w < 140 ? 1 : 17)) {
        const auto o = color_detail::order_422(name);
        const int pairs = (w + 1) / 2;
        const auto packed = random_bytes(4 * pairs, w);
        std::vector<uint8_t> y(w + 4, 1), u(pairs + 4, 2), v(pairs + 4, 3);
        std::vector<uint8_t> ys(w + 4, 1), us(pairs + 4, 2), vs(pairs + 4, 3);
        simd.unpack422(packed.data(), o, y.data(), u.data(), v.data(), w);
        scalar.unpack422(packed.data(), o, ys.data(), us.data(), vs.data(), w);
        ASSERT_EQ(y, ys) << name << " w " << w;  // also: nothing written past w
        ASSERT_EQ(u, us) << name << " w " << w;
        ASSERT_EQ(v, vs) << name << " w " << w;
        const std::string order = name;
        for (int p = 0; p < pairs; ++p) {  // against the order string itself
          ASSERT_EQ(u[p], packed[4 * p + order.find('U')]);
          ASSERT_EQ(v[p], packed[4 * p + order.find('V')]);
          ASSERT_EQ(y[2 * p], packed[4 * p + order.find('Y')]);
          if (2 * p + 1 < w) {
            ASSERT_EQ(y[2 * p + 1], packed[4 * p + order.rfind('Y')]);
          }
        }
        std::vector<uint8_t> back(4 * pairs + 4, 0xEE), backs(4 * pairs + 4, 0xEE);
        simd.pack422(y.data(), u.data(), v.data(), o, back.data(), w);
        scalar.pack422(y.data(), u.data(), v.data(), o, backs.data(), w);
        ASSERT_EQ(back, backs) << name << " w " << w;
        for (int i = 0; i < 4 * pairs; ++i) {
          // An odd width's padding luma repeats the last one instead of the original.
          const bool pad = (w & 1) && i / 4 == pairs - 1 && i % 4 == static_cast<int>(order.rfind('Y'));
          if (!pad) {
            ASSERT_EQ(back[i], packed[i]) << name << " w " << w << " byte " << i;
          } else {
            ASSERT_EQ(back[i], y[w - 1]) << name << " w " << w;
          }
        }
      }
  });
}

// The whole path against the float engine: same codes, SIMD and scalar, odd sizes,
// both upsampling filters, every layout (planar, semi-planar, packed 4:2:2, alpha).
TEST(ColorPaths, ChromaGridMatchesTheGeneralEngine) {
  const std::vector<std::pair<PixelFormat, PixelFormat>> pairs = {
      {PF_YUV420P, PF_YUV422P},  {PF_YUV420P, PF_YUV444P}, {PF_YUV422P, PF_YUV420P},
      {PF_YUV444P, PF_YUV420P},  {PF_YUV444P, PF_YUV422P}, {PF_YUV422P, PF_YUV444P},
      {PF_NV12, PF_NV24},        {PF_NV16, PF_NV12},       {PF_NV21, PF_YUV444P},
      {PF_YUVA444P, PF_NV12},    {PF_NV12, PF_YUVA444P},   {PF_YUYV422, PF_YUV420P},
      {PF_UYVY422, PF_NV12},     {PF_YVYU422, PF_NV21},    {PF_VYUY422, PF_YUV444P},
      {PF_YUYV422, PF_YUV422P},  {PF_YUYV422, PF_YUVA420P}, {PF_YUV420P, PF_YUYV422},
      {PF_NV12, PF_UYVY422},     {PF_YUV444P, PF_YVYU422}, {PF_NV16, PF_VYUY422},
      {PF_YUYV422, PF_UYVY422},  {PF_UYVY422, PF_YVYU422}, {PF_YUVA420P, PF_YUYV422},
      // 10/12-bit, planar and P010 on either side
      {PF_P010LE, PF_YUV444P10LE},     {PF_YUV444P10LE, PF_P010LE},
      {PF_YUV420P10LE, PF_YUV422P10LE}, {PF_YUV422P10LE, PF_YUV420P10LE},
      {PF_P010LE, PF_YUV422P10LE},     {PF_YUV422P10LE, PF_P010LE},
      {PF_YUV420P12LE, PF_YUV444P12LE}, {PF_YUV444P12LE, PF_YUV420P12LE}};
  int checked = 0;
  for (auto [s, d] : pairs)
    for (auto up : {ChromaUpsample::kBilinear, ChromaUpsample::kNearest})
      for (bool simd : {true, false})
        for (auto [w, h] : {std::pair{7, 5}, std::pair{64, 4}, std::pair{131, 9},
                            std::pair{1, 1}, std::pair{2, 3}, std::pair{301, 6}}) {
          OwnedImage src(PixelInfo(s), w, h, 1), a(PixelInfo(d), w, h, 1), g(PixelInfo(d), w, h);
          color_ref::fill(src.view, w * 11 + h + s + d);
          ColorConvertOptions fast, general;
          fast.chroma_upsample = general.chroma_upsample = up;
          general.use_fast_paths = false;
          ASSERT_EQ(color_conversion_path(src.view, a.view, fast), "repack:chroma")
              << pixel_format_name(s) << " -> " << pixel_format_name(d);
          test::with_simd_target(simd ? "auto" : "scalar",
                                 [&] { convert_color(src.view, a.view, fast); });
          convert_color(src.view, g.view, general);
          EXPECT_TRUE(color_ref::max_diff(a.view, g.view) == 0)
              << pixel_format_name(s) << " -> " << pixel_format_name(d) << " " << w << "x" << h
              << (simd ? " simd" : " scalar") << " max diff "
              << color_ref::max_diff(a.view, g.view);
          ++checked;
        }
  EXPECT_GT(checked, 500);
}

}  // namespace
}  // namespace framekit
