// The general color engine's row kernels: each SIMD kernel against its scalar twin on
// every Highway target this machine runs (bit for bit, including NaN, infinities,
// out-of-range values and ties), and the whole engine, SIMD and scalar, on every
// format pair.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "color/general_kernels.h"
#include "framekit/color/color.h"
#include "testing/color_reference.h"
#include "testing/simd_targets.h"

namespace framekit {
namespace {

using color_detail::GeneralKernels;
using color_detail::RowFormat;
using color_detail::SampleType;

// Floats a store must handle: in-range, ties at .5, negatives, values past the top,
// NaN, infinities, denormals.
std::vector<float> awkward_floats(size_t n, float max_code, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-0.2F * max_code - 3, 1.2F * max_code + 3);
  std::vector<float> v(n);
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::denorm_min(),
                            -0.0F,
                            0.5F,
                            -0.5F,
                            max_code - 0.5F,
                            max_code + 0.5F,
                            1e30F};
  for (size_t i = 0; i < n; ++i) {
    switch (rng() % 4) {
      case 0:
        v[i] = specials[rng() % std::size(specials)];
        break;
      case 1:
        v[i] = std::floor(u(rng)) + 0.5F;  // a tie
        break;
      default:
        v[i] = u(rng);
    }
  }
  return v;
}

bool same_bits(const float* a, const float* b, int n) {
  return std::memcmp(a, b, sizeof(float) * static_cast<size_t>(n)) == 0;
}

std::string where(const char* kernel, int step, SampleType t, int count, int misalign) {
  return std::string(kernel) + " step " + std::to_string(step) + " type " +
         std::to_string(static_cast<int>(t)) + " count " + std::to_string(count) + " misalign " +
         std::to_string(misalign);
}

TEST(GeneralKernels, LoadAndStoreMatchScalarOnEveryTarget) {
  const GeneralKernels& scalar = test::kernels_for("scalar", color_detail::general_kernels);
  ASSERT_STREQ(scalar.target, "scalar");
  int checked = 0;
  test::for_each_target([&](const char* target) {
    const GeneralKernels& simd = color_detail::general_kernels();
    ASSERT_STREQ(simd.target, target);
    for (SampleType t : {SampleType::kU8, SampleType::kU16, SampleType::kF32})
      for (int step = 1; step <= 4; ++step)
        for (int count = 0; count <= 150; count += (count < 70 ? 1 : 19))
          for (int misalign : {0, 1}) {
            RowFormat f;
            f.type = t;
            f.step = step;
            const int bytes = t == SampleType::kU8 ? 1 : t == SampleType::kU16 ? 2 : 4;
            f.shift = t == SampleType::kU16 && count % 3 == 0 ? 6 : 0;
            f.max_code = t == SampleType::kF32 ? 1.0F
                         : t == SampleType::kU8 ? 255.0F
                         : f.shift != 0         ? 1023.0F
                                                : (count % 2 ? 4095.0F : 65535.0F);
            const size_t row = static_cast<size_t>(count) * step * bytes;
            const size_t guard = 64;
            SCOPED_TRACE(where("load/store", step, t, count, misalign));

            // Loads: random bytes (any bit pattern, so NaN and infinities for floats).
            std::mt19937 rng(static_cast<uint32_t>(count * 31 + step * 7 + bytes));
            std::vector<uint8_t> src(row + guard + 1);
            for (auto& b : src) b = static_cast<uint8_t>(rng());
            const uint8_t* base = src.data() + misalign;
            std::vector<float> a(4 * static_cast<size_t>(count) + 4, -7.0F);
            std::vector<float> b = a;
            for (int skip = -1; skip < step; ++skip) {  // every component, or all but one
              float* oa[4] = {};
              float* ob[4] = {};
              for (int i = 0; i < step; ++i)
                if (i != skip) {
                  oa[i] = a.data() + static_cast<size_t>(i) * count;
                  ob[i] = b.data() + static_cast<size_t>(i) * count;
                }
              simd.load_row(base, f, count, oa);
              scalar.load_row(base, f, count, ob);
              ASSERT_TRUE(same_bits(a.data(), b.data(), static_cast<int>(a.size())))
                  << "skip " << skip;
            }

            // Stores: awkward floats; bytes past the row must stay untouched.
            const auto in = awkward_floats(4 * static_cast<size_t>(count) + 4, f.max_code,
                                           static_cast<uint32_t>(count + 1000 * step));
            const float* ip[4] = {};
            for (int i = 0; i < step; ++i) ip[i] = in.data() + static_cast<size_t>(i) * count;
            std::vector<uint8_t> da(row + guard + 1, 0xA5), db = da;
            simd.store_row(da.data() + misalign, f, count, ip);
            scalar.store_row(db.data() + misalign, f, count, ip);
            ASSERT_EQ(da, db);
            for (size_t i = row + misalign; i < da.size(); ++i) ASSERT_EQ(da[i], 0xA5) << i;
            ++checked;
          }
  });
  EXPECT_GT(checked, 500);
}

TEST(GeneralKernels, RowArithmeticMatchesScalarOnEveryTarget) {
  const GeneralKernels& scalar = test::kernels_for("scalar", color_detail::general_kernels);
  int checked = 0;
  test::for_each_target([&](const char* target) {
    const GeneralKernels& simd = color_detail::general_kernels();
    ASSERT_STREQ(simd.target, target);
    for (int n = 1; n <= 140; n += (n < 70 ? 1 : 23)) {
      SCOPED_TRACE("n " + std::to_string(n));
      const auto p = awkward_floats(2 * static_cast<size_t>(n) + 2, 1023.0F, n);
      const auto q = awkward_floats(2 * static_cast<size_t>(n) + 2, 255.0F, n + 1);
      const auto r = awkward_floats(2 * static_cast<size_t>(n) + 2, 1.0F, n + 2);
      const float k[4] = {0.2126F, -0.11457F, 1.5748F, 16.5F};
      std::vector<float> a(2 * static_cast<size_t>(n) + 8, 3.0F), b = a;

      simd.affine_row(a.data(), p.data(), q.data(), r.data(), k, n);
      scalar.affine_row(b.data(), p.data(), q.data(), r.data(), k, n);
      ASSERT_TRUE(same_bits(a.data(), b.data(), static_cast<int>(a.size()))) << "affine";
      simd.affine_row(a.data(), p.data(), nullptr, nullptr, k, n);
      scalar.affine_row(b.data(), p.data(), nullptr, nullptr, k, n);
      ASSERT_TRUE(same_bits(a.data(), b.data(), static_cast<int>(a.size()))) << "affine 1";

      std::copy(p.begin(), p.begin() + n, a.begin());  // in place, as the resampler calls it
      std::copy(p.begin(), p.begin() + n, b.begin());
      simd.lerp_row(a.data(), a.data(), q.data(), 0.75F, 0.25F, n);
      scalar.lerp_row(b.data(), b.data(), q.data(), 0.75F, 0.25F, n);
      ASSERT_TRUE(same_bits(a.data(), b.data(), static_cast<int>(a.size()))) << "lerp";

      for (int tw : {2 * n - 1, 2 * n})
        for (bool bilinear : {true, false}) {
          std::fill(a.begin(), a.end(), 3.0F);
          std::fill(b.begin(), b.end(), 3.0F);
          simd.upsample_row(q.data(), n, a.data(), tw, bilinear);
          scalar.upsample_row(q.data(), n, b.data(), tw, bilinear);
          ASSERT_TRUE(same_bits(a.data(), b.data(), static_cast<int>(a.size())))
              << "upsample tw " << tw << (bilinear ? " bilinear" : " nearest");
        }

      std::fill(a.begin(), a.end(), 3.0F);
      std::fill(b.begin(), b.end(), 3.0F);
      simd.downsample_row(q.data(), n, a.data(), (n + 1) / 2);
      scalar.downsample_row(q.data(), n, b.data(), (n + 1) / 2);
      ASSERT_TRUE(same_bits(a.data(), b.data(), static_cast<int>(a.size()))) << "downsample";

      for (int ss : {0, 1})
        for (bool two : {false, true}) {
          std::fill(a.begin(), a.end(), 3.0F);
          std::fill(b.begin(), b.end(), 3.0F);
          simd.box_mean_row(p.data(), two ? q.data() : nullptr, n, ss, a.data());
          scalar.box_mean_row(p.data(), two ? q.data() : nullptr, n, ss, b.data());
          ASSERT_TRUE(same_bits(a.data(), b.data(), static_cast<int>(a.size())))
              << "box mean ss " << ss << (two ? " two rows" : " one row");
        }

      for (int ss : {0, 1}) {
        std::copy(r.begin(), r.end(), a.begin());
        std::copy(r.begin(), r.end(), b.begin());
        simd.accumulate_row(a.data(), q.data(), n, ss);
        scalar.accumulate_row(b.data(), q.data(), n, ss);
        ASSERT_TRUE(same_bits(a.data(), b.data(), static_cast<int>(a.size())))
            << "accumulate ss " << ss;
      }
      ++checked;
    }
  });
  EXPECT_GT(checked, 100);
}

// The twin's rounding rule, checked against its definition rather than the kernels.
TEST(GeneralKernels, QuantizeRoundsHalfUpAndSaturates) {
  using color_detail::general_scalar::quantize;
  EXPECT_EQ(quantize(2.5F, 255), 3u);
  EXPECT_EQ(quantize(2.4999F, 255), 2u);
  EXPECT_EQ(quantize(-0.5F, 255), 0u);
  EXPECT_EQ(quantize(-0.49F, 255), 0u);
  EXPECT_EQ(quantize(254.5F, 255), 255u);
  EXPECT_EQ(quantize(1e30F, 1023), 1023u);
  EXPECT_EQ(quantize(std::numeric_limits<float>::infinity(), 255), 255u);
  EXPECT_EQ(quantize(-std::numeric_limits<float>::infinity(), 255), 0u);
  EXPECT_EQ(quantize(std::numeric_limits<float>::quiet_NaN(), 255), 0u);
  EXPECT_EQ(quantize(65534.5F, 65535), 65535u);
}

// The whole general engine (fast paths off), SIMD against the scalar twins, on every
// ordered pair of formats at odd and even sizes with row padding: identical bytes,
// padding included.
TEST(ColorPaths, GeneralEngineSimdMatchesScalarOnEveryFormatPair) {
  int checked = 0;
  for (const auto& sd : all_pixel_formats())
    for (const auto& dd : all_pixel_formats())
      for (auto [w, h] : {std::pair{37, 5}, std::pair{64, 2}, std::pair{1, 1}}) {
        const PixelInfo si(sd.format), di(dd.format);
        color_ref::OwnedImage src(si, w, h, 3), a(di, w, h, 3), b(di, w, h, 3);
        color_ref::fill(src.view, static_cast<uint32_t>(w * 131 + sd.format * 7 + dd.format));
        ColorConvertOptions simd, scalar;
        simd.use_fast_paths = scalar.use_fast_paths = false;
        simd.chroma_upsample = scalar.chroma_upsample =
            (sd.format + dd.format) % 2 ? ChromaUpsample::kNearest : ChromaUpsample::kBilinear;
        ASSERT_EQ(color_conversion_path(src.view, a.view, simd), "general");
        convert_color(src.view, a.view, simd);
        test::with_simd_target("scalar", [&] { convert_color(src.view, b.view, scalar); });
        ASSERT_TRUE(a.bytes == b.bytes)
            << sd.name << " -> " << dd.name << " " << w << "x" << h << " max diff "
            << color_ref::max_diff(a.view, b.view);
        ++checked;
      }
  EXPECT_GT(checked, 3000);
}

// Matrix and range changes between YUV formats (the destination chroma then takes a
// luma term), and float RGB with values outside [0, 1].
TEST(ColorPaths, GeneralEngineSimdMatchesScalarAcrossMatrices) {
  const PixelInfo pairs[][2] = {
      {PixelInfo(PF_NV12, CS_SMPTE170M, CR_MPEG), PixelInfo(PF_YUV444P, CS_BT709, CR_JPEG)},
      {PixelInfo(PF_YUV420P10LE, CS_BT2020_NCL, CR_MPEG), PixelInfo(PF_P010LE, CS_BT709, CR_MPEG)},
      {PixelInfo(PF_YUV444P, CS_SMPTE240M, CR_JPEG), PixelInfo(PF_YUV420P, CS_YCGCO, CR_MPEG)},
      {PixelInfo(PF_YUYV422, CS_FCC, CR_MPEG), PixelInfo(PF_UYVY422, CS_BT709, CR_JPEG)},
  };
  for (const auto& pr : pairs)
    for (auto [w, h] : {std::pair{37, 5}, std::pair{50, 4}}) {
      color_ref::OwnedImage src(pr[0], w, h, 2), a(pr[1], w, h, 2), b(pr[1], w, h, 2);
      color_ref::fill(src.view, static_cast<uint32_t>(w + h));
      ColorConvertOptions simd, scalar;
      simd.use_fast_paths = scalar.use_fast_paths = false;
      convert_color(src.view, a.view, simd);
      test::with_simd_target("scalar", [&] { convert_color(src.view, b.view, scalar); });
      EXPECT_TRUE(a.bytes == b.bytes) << pixel_format_name(pr[0].format()) << " -> "
                                      << pixel_format_name(pr[1].format()) << " " << w << "x" << h;
    }
  // GBRPF32 holding NaN, infinities and values outside [0, 1].
  const int w = 41, h = 3;
  color_ref::OwnedImage src(PixelInfo(PF_GBRPF32), w, h), a(PixelInfo(PF_YUV420P), w, h),
      b(PixelInfo(PF_YUV420P), w, h);
  for (int p = 0; p < 3; ++p) {
    const auto v = awkward_floats(static_cast<size_t>(w) * h, 1.0F, p + 5);
    for (int y = 0; y < h; ++y)
      std::memcpy(src.view.planes[p].row(y), v.data() + static_cast<size_t>(y) * w,
                  sizeof(float) * w);
  }
  ColorConvertOptions simd, scalar;
  ASSERT_EQ(color_conversion_path(src.view, a.view, simd), "general");
  convert_color(src.view, a.view, simd);
  test::with_simd_target("scalar", [&] { convert_color(src.view, b.view, scalar); });
  EXPECT_TRUE(a.bytes == b.bytes);
}

}  // namespace
}  // namespace framekit
