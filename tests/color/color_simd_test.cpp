// The SIMD kernels against their scalar twins, on every Highway target this machine
// can run (each forced in turn): fixed-point paths must match bit for bit, float
// tensor paths within rounding.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "color/color_kernels.h"
#include "framekit/color/color.h"
#include "framekit/core/simd.h"
#include "testing/color_reference.h"
#include "testing/simd_targets.h"

namespace framekit {
namespace {

using color_ref::OwnedImage;

bool same_bytes(const ImageView& a, const ImageView& b) {
  return color_ref::max_diff(a, b) == 0.0;
}

// Widths: below one vector, several vectors plus a tail, odd.
constexpr int kWidths[] = {7, 64, 131, 255};

TEST(ColorSimd, TargetsIncludeTheBest) {
  const auto targets = available_simd_targets();
  std::string names;
  for (const std::string& t : targets) names += t + " ";
  std::printf("SIMD targets tested: %s\n", names.c_str());
  EXPECT_GE(targets.size(), 3u);  // the best, the EMU128 fallback, the scalar twins
}

TEST(ColorSimd, YuvToRgbMatchesScalarOnEveryTarget) {
  const PixelFormat srcs[] = {PF_NV12,    PF_NV21,    PF_YUV420P,  PF_YUVJ420P, PF_YUV422P,
                              PF_YUV444P, PF_NV16,    PF_NV24,     PF_YUYV422,  PF_UYVY422,
                              PF_YVYU422, PF_VYUY422, PF_YUVA420P, PF_YUVA444P, PF_GRAY8,
                              PF_P010LE,  PF_YUV420P10LE, PF_YUV422P10LE, PF_YUV444P10LE,
                              PF_YUV420P12LE, PF_YUV444P12LE};
  const PixelFormat dsts[] = {PF_RGB24,  PF_BGR24,  PF_RGBA32, PF_BGRA32,
                              PF_ARGB32, PF_ABGR32, PF_GBRP};
  // Spaces that exercise both kernel variants (two-term matrices and YCgCo's four).
  const std::pair<ColorSpace, ColorRange> models[] = {{CS_BT470BG, CR_MPEG}, {CS_YCGCO, CR_JPEG}};
  int checked = 0;
  test::for_each_target([&](const char*) {
    for (PixelFormat s : srcs)
      for (PixelFormat d : dsts)
        for (auto [cs, cr] : models)
          for (auto up : {ChromaUpsample::kBilinear, ChromaUpsample::kNearest})
            for (int w : {kWidths[1], kWidths[2]}) {
              const int h = 5;
              OwnedImage src(PixelInfo(s, cs, cr), w, h), a(PixelInfo(d), w, h),
                  b(PixelInfo(d), w, h);
              color_ref::fill(src.view, w + s * 7 + d);
              ColorConvertOptions simd, scalar;
              simd.chroma_upsample = scalar.chroma_upsample = up;
              const bool wide = src.view.desc().dtype == ScalarType::kUInt16;
              ASSERT_EQ(color_conversion_path(src.view, a.view, simd),
                        wide ? "fused:yuv16_to_rgb8" : "fused:yuv8_to_rgb8");
              convert_color(src.view, a.view, simd);
              test::with_simd_target("scalar", [&] { convert_color(src.view, b.view, scalar); });
              EXPECT_TRUE(same_bytes(a.view, b.view))
                  << pixel_format_name(s) << " -> " << pixel_format_name(d) << " w=" << w;
              ++checked;
            }
  });
  EXPECT_GT(checked, 0);
}

// 10/12-bit sources holding any 16-bit words (values above the format's maximum, P010's
// low bits set): SIMD and scalar still agree, and nothing reads or writes out of bounds.
TEST(ColorSimd, Yuv16GarbageSamplesMatchScalarOnEveryTarget) {
  int checked = 0;
  test::for_each_target([&](const char*) {
    for (PixelFormat s : {PF_P010LE, PF_YUV420P10LE, PF_YUV422P10LE, PF_YUV444P12LE})
      for (auto up : {ChromaUpsample::kBilinear, ChromaUpsample::kNearest})
        for (int w : kWidths) {
          const int h = 3;
          OwnedImage src(PixelInfo(s), w, h, 1), a(PixelInfo(PF_BGRA32), w, h, 1),
              b(PixelInfo(PF_BGRA32), w, h, 1);
          uint32_t r = static_cast<uint32_t>(w * 7 + s);
          for (auto& byte : src.bytes) byte = static_cast<uint8_t>((r = r * 1103515245u + 12345u) >> 24);
          ColorConvertOptions simd, scalar;
          simd.chroma_upsample = scalar.chroma_upsample = up;
          ASSERT_EQ(color_conversion_path(src.view, a.view, simd), "fused:yuv16_to_rgb8");
          convert_color(src.view, a.view, simd);
          test::with_simd_target("scalar", [&] { convert_color(src.view, b.view, scalar); });
          EXPECT_TRUE(a.bytes == b.bytes) << pixel_format_name(s) << " w=" << w;
          ++checked;
        }
  });
  EXPECT_GT(checked, 50);
}

TEST(ColorSimd, RgbToYuvMatchesScalarOnEveryTarget) {
  const PixelFormat srcs[] = {PF_RGB24, PF_BGR24, PF_RGBA32, PF_BGRA32, PF_ARGB32, PF_ABGR32};
  const PixelFormat dsts[] = {PF_YUV420P,     PF_NV12,        PF_NV21,        PF_YUV422P,
                              PF_NV16,        PF_YUV444P,     PF_NV24,        PF_YUVA420P,
                              PF_YUVJ420P,    PF_GRAY8,       PF_P010LE,      PF_YUV420P10LE,
                              PF_YUV422P10LE, PF_YUV444P10LE, PF_YUV420P12LE, PF_YUV444P12LE};
  test::for_each_target([&](const char*) {
    for (PixelFormat s : srcs)
      for (PixelFormat d : dsts)
        for (ColorSpace cs : {CS_BT709, CS_YCGCO})
          for (int w : kWidths)
            for (int h : {1, 4, 5}) {
              OwnedImage src(PixelInfo(s), w, h), a(PixelInfo(d, cs), w, h),
                  b(PixelInfo(d, cs), w, h);
              color_ref::fill(src.view, w * 3 + h + s);
              ColorConvertOptions scalar;
              const bool wide = a.view.desc().dtype == ScalarType::kUInt16;
              ASSERT_EQ(color_conversion_path(src.view, a.view),
                        wide ? "fused:rgb8_to_yuv16" : "fused:rgb8_to_yuv8");
              convert_color(src.view, a.view);
              test::with_simd_target("scalar", [&] { convert_color(src.view, b.view, scalar); });
              EXPECT_TRUE(same_bytes(a.view, b.view))
                  << pixel_format_name(s) << " -> " << pixel_format_name(d) << " " << w << "x" << h;
            }
  });
}

// The structural paths (chroma split/join, 16-bit re-shift, RGB channel reorder):
// SIMD, scalar and the general float engine agree exactly. Padded strides of odd
// size also put 16-bit rows off 2-byte alignment, where the SIMD code must fall back.
TEST(ColorSimd, RepackAndSwizzleMatchScalarOnEveryTarget) {
  const std::vector<std::pair<PixelFormat, PixelFormat>> pairs = {
      {PF_YUV420P, PF_NV12},        {PF_NV12, PF_YUV420P},        {PF_NV12, PF_NV21},
      {PF_NV21, PF_YUV420P},        {PF_YUV420P, PF_NV21},        {PF_YUV422P, PF_NV16},
      {PF_NV16, PF_YUV422P},        {PF_YUV444P, PF_NV24},        {PF_NV24, PF_YUV444P},
      {PF_YUV420P, PF_YUVA420P},    {PF_YUVA420P, PF_NV12},       {PF_P010LE, PF_YUV420P10LE},
      {PF_YUV420P10LE, PF_P010LE},  {PF_P016LE, PF_YUV420P16LE},  {PF_YUV420P16LE, PF_P016LE},
      {PF_RGB24, PF_BGR24},         {PF_RGB24, PF_RGBA32},        {PF_BGR24, PF_ARGB32},
      {PF_RGBA32, PF_BGR24},        {PF_BGRA32, PF_ABGR32},       {PF_ARGB32, PF_RGBA32},
      {PF_RGB24, PF_GBRP},          {PF_GBRP, PF_BGRA32},         {PF_ABGR32, PF_GBRP}};
  const char* const expect_path[] = {"repack:yuv", "repack:rgb"};
  int checked = 0;
  test::for_each_target([&](const char*) {
    for (auto [s, d] : pairs)
      for (int w : kWidths)
        for (int pad : {0, 1}) {
          const int h = 5;
          OwnedImage src(PixelInfo(s), w, h, pad), a(PixelInfo(d), w, h, pad),
              b(PixelInfo(d), w, h), g(PixelInfo(d), w, h);
          color_ref::fill(src.view, w + s * 13 + d + pad);
          ColorConvertOptions scalar, general;
          general.use_fast_paths = false;
          const std::string path = color_conversion_path(src.view, a.view);
          ASSERT_EQ(path, expect_path[pixel_format_desc(s).is_rgb() ? 1 : 0])
              << pixel_format_name(s) << " -> " << pixel_format_name(d);
          convert_color(src.view, a.view);
          test::with_simd_target("scalar", [&] { convert_color(src.view, b.view, scalar); });
          convert_color(src.view, g.view, general);
          EXPECT_TRUE(same_bytes(a.view, b.view))
              << pixel_format_name(s) << " -> " << pixel_format_name(d) << " w=" << w
              << " pad=" << pad;
          EXPECT_TRUE(same_bytes(b.view, g.view))
              << pixel_format_name(s) << " -> " << pixel_format_name(d) << " w=" << w;
          ++checked;
        }
  });
  EXPECT_GT(checked, 0);
}

// Range, bit-depth and gray changes under one matrix run on per-sample tables built
// from the general engine's own expressions: the codes must be the same.
TEST(ColorPaths, SampleTablesMatchTheGeneralEngine) {
  const std::vector<std::pair<PixelInfo, PixelInfo>> pairs = {
      {PixelInfo(PF_P010LE), PixelInfo(PF_YUV420P)},
      {PixelInfo(PF_NV12), PixelInfo(PF_P010LE)},
      {PixelInfo(PF_YUV420P10LE), PixelInfo(PF_NV12)},
      {PixelInfo(PF_YUV444P12LE), PixelInfo(PF_YUV444P16LE)},
      {PixelInfo(PF_YUV422P), PixelInfo(PF_YUV422P10LE)},
      {PixelInfo(PF_YUVJ420P), PixelInfo(PF_YUV420P)},
      {PixelInfo(PF_YUV420P), PixelInfo(PF_NV12, CS_UNSPECIFIED, CR_JPEG)},
      {PixelInfo(PF_NV16, CS_BT709, CR_JPEG), PixelInfo(PF_YUV422P, CS_BT709, CR_MPEG)},
      {PixelInfo(PF_YUVA420P), PixelInfo(PF_YUVJ420P)},
      {PixelInfo(PF_YUV420P), PixelInfo(PF_YUVA420P, CS_UNSPECIFIED, CR_JPEG)},
      {PixelInfo(PF_NV12), PixelInfo(PF_GRAY8)},
      {PixelInfo(PF_P016LE), PixelInfo(PF_GRAY8)},
      {PixelInfo(PF_YUV420P10LE), PixelInfo(PF_GRAY16)},
      {PixelInfo(PF_GRAY8), PixelInfo(PF_GRAY16)},
      {PixelInfo(PF_GRAY16), PixelInfo(PF_GRAY8)}};
  for (const auto& [si, di] : pairs)
    for (int w : kWidths)
      for (int h : {1, 5}) {
        OwnedImage src(si, w, h, 1), a(di, w, h, 1), g(di, w, h);
        color_ref::fill(src.view, w * 5 + h + si.format());
        ColorConvertOptions general;
        general.use_fast_paths = false;
        ASSERT_EQ(color_conversion_path(src.view, a.view), "repack:lut")
            << pixel_format_name(si.format()) << " -> " << pixel_format_name(di.format());
        convert_color(src.view, a.view);
        convert_color(src.view, g.view, general);
        EXPECT_TRUE(same_bytes(a.view, g.view))
            << pixel_format_name(si.format()) << " -> " << pixel_format_name(di.format())
            << " " << w << "x" << h;
      }
  // A matrix change is not per-sample: it stays off the tables.
  OwnedImage bt601(PixelInfo(PF_NV12, CS_BT470BG), 16, 4), bt709(PixelInfo(PF_P010LE, CS_BT709), 16, 4);
  EXPECT_NE(color_conversion_path(bt601.view, bt709.view), "repack:lut");
}

// Saturating inputs: extreme codes that push the int16 accumulators to their limits.
TEST(ColorSimd, ExtremeValuesMatchScalar) {
  test::for_each_target([&](const char*) {
    for (PixelFormat s : {PF_NV12, PF_YUV444P}) {
      OwnedImage src(PixelInfo(s, CS_BT2020_NCL, CR_MPEG), 131, 4);
      const auto& d = src.view.desc();
      for (int p = 0; p < d.num_planes; ++p)
        for (int y = 0; y < src.view.plane_height(p); ++y)
          for (int i = 0; i < src.view.plane_width(p) * d.planes[p].channels; ++i)
            src.view.planes[p].row(y)[i] = static_cast<uint8_t>(((i * 7 + y * 3) % 3) * 127.5);
      OwnedImage a(PixelInfo(PF_BGRA32), 131, 4), b(PixelInfo(PF_BGRA32), 131, 4);
      ColorConvertOptions scalar;
      convert_color(src.view, a.view);
      test::with_simd_target("scalar", [&] { convert_color(src.view, b.view, scalar); });
      EXPECT_TRUE(same_bytes(a.view, b.view)) << pixel_format_name(s);
    }
  });
}

TEST(ColorSimd, TensorMatchesScalarOnEveryTarget) {
  test::for_each_target([&](const char*) {
    for (PixelFormat s : {PF_NV12, PF_YUV420P, PF_YUV444P, PF_YUYV422, PF_YUVA420P})
      for (ScalarType dt : {kFloat32, kFloat16, kUInt8, kUInt16})
        for (ChannelFormat layout : {kNCHW, kNHWC})
          for (PixelFormat order : {PF_RGB24, PF_BGRA32, PF_GRAY8}) {
            const int w = 131, h = 3;
            const int ch = order == PF_GRAY8 ? 1 : order == PF_RGB24 ? 3 : 4;
            OwnedImage src(PixelInfo(s, CS_BT709), w, h);
            color_ref::fill(src.view, 99 + s);
            const size_t bytes = static_cast<size_t>(w) * h * ch * scalar_size(dt);
            std::vector<uint8_t> a(bytes), b(bytes);
            TensorConvertOptions simd;
            simd.channel_order = order;
            simd.normalize.mean = {0.485F, 0.456F, 0.406F, 0.5F};
            simd.normalize.std = {0.229F, 0.224F, 0.225F, 0.5F};
            if (dt == kUInt8 || dt == kUInt16) simd.normalize = {};  // plain integer output
            if (dt == kUInt8) simd.normalize.scale = 200.0F;         // keep the float kernel path
            TensorConvertOptions scalar = simd;
            convert_to_tensor(src.view, ImageTensorView::contiguous(a.data(), dt, layout, ch, h, w),
                              simd);
            test::with_simd_target("scalar", [&] {
              convert_to_tensor(src.view,
                                ImageTensorView::contiguous(b.data(), dt, layout, ch, h, w), scalar);
            });
            // FMA or not changes the last float bit; integer outputs may differ at a tie.
            double worst = 0;
            for (size_t i = 0; i < bytes / scalar_size(dt); ++i) {
              double va = 0, vb = 0;
              if (dt == kFloat32) {
                float fa, fb;
                std::memcpy(&fa, &a[4 * i], 4);
                std::memcpy(&fb, &b[4 * i], 4);
                va = fa, vb = fb;
              } else if (dt == kUInt8) {
                va = a[i], vb = b[i];
              } else {
                uint16_t ha, hb;
                std::memcpy(&ha, &a[2 * i], 2);
                std::memcpy(&hb, &b[2 * i], 2);
                va = dt == kFloat16 ? half_bits_to_float(ha) : ha;
                vb = dt == kFloat16 ? half_bits_to_float(hb) : hb;
              }
              worst = std::max(worst, std::abs(va - vb) / (dt == kFloat32 || dt == kFloat16
                                                               ? std::max(1.0, std::abs(vb))
                                                               : 1.0));
            }
            const double tol = dt == kFloat32 ? 1e-5 : dt == kFloat16 ? 1e-3 : 1.0;
            EXPECT_LE(worst, tol) << pixel_format_name(s) << " " << scalar_name(dt) << " "
                                  << (layout == kNCHW ? "NCHW" : "NHWC") << " "
                                  << pixel_format_name(order);
          }
  });
}

// The kernels themselves, called directly with random rows on each target.
TEST(ColorSimd, ChromaKernelsMatchScalar) {
  using namespace color_detail;
  std::vector<uint8_t> near(600), far(600);
  for (size_t i = 0; i < near.size(); ++i) {
    near[i] = static_cast<uint8_t>(i * 37 + 11);
    far[i] = static_cast<uint8_t>(i * 91 + 3);
  }
  test::for_each_target([&](const char*) {
    const ColorKernels& simd = color_kernels();
    const ColorKernels& sc = color_scalar_kernels();
    ASSERT_STREQ(simd.target, simd_target().c_str());
    for (ChromaPrep prep : {ChromaPrep::kFiltered, ChromaPrep::kWords})
      for (int n : {1, 31, 64, 257}) {
        std::vector<uint16_t> a(n), b(n), a1(n), b1(n);
        simd.chroma_vertical(near.data(), far.data(), n, prep, a.data());
        sc.chroma_vertical(near.data(), far.data(), n, prep, b.data());
        EXPECT_EQ(a, b) << n;
        simd.chroma_vertical_pairs(near.data(), far.data(), n, prep, a.data(), a1.data());
        sc.chroma_vertical_pairs(near.data(), far.data(), n, prep, b.data(), b1.data());
        EXPECT_EQ(a, b) << n;
        EXPECT_EQ(a1, b1) << n;
      }
  });
}

}  // namespace
}  // namespace framekit
