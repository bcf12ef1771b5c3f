// SIMD kernels against their scalar twins, on every target this machine runs (each
// forced in turn through the SIMD switch), and whole encodes per target against the
// scalar twins'. AVX3_DL is among the targets (HWY_WANT_AVX3_DL is defined project-wide).
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

#include "jpeg/color_rows.h"
#include "jpeg/progressive.h"
#include "jpeg/kernels.h"
#include "testing/jpeg_test_util.h"
#include "testing/simd_targets.h"

namespace framekit::jpeg {
namespace {

using detail::CodedBlock;
using detail::QuantDivisors;
using detail::SampleStep;

bool same_block(const CodedBlock& a, const CodedBlock& b, std::string& why) {
  for (int k = 0; k < 64; ++k) {
    if (a.vals[k] != b.vals[k] || a.sizes[k] != b.sizes[k]) {
      why = "coefficient " + std::to_string(k) + ": vals " + std::to_string(a.vals[k]) + " vs " +
            std::to_string(b.vals[k]) + ", sizes " + std::to_string(a.sizes[k]) + " vs " +
            std::to_string(b.sizes[k]);
      return false;
    }
  }
  if ((a.mask | 1) != (b.mask | 1)) {
    why = "masks differ";
    return false;
  }
  return true;
}

// Sample rows for `count` blocks: random, flat extremes and edges, so every
// coefficient range (incl. DC at -1024 and 1016) occurs.
std::vector<uint8_t> sample_rows(int count, int step_bytes, std::mt19937& rng, int kind) {
  const int cols = count * 8 * step_bytes;
  std::vector<uint8_t> rows(static_cast<size_t>(cols) * 8);
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < cols; ++x) {
      uint8_t v;
      switch (kind) {
        case 0:
          v = static_cast<uint8_t>(rng());
          break;
        case 1:
          v = (x / 8 + y) % 2 ? 255 : 0;
          break;  // extreme edges
        case 2:
          v = (x / (8 * step_bytes)) % 2 ? 255 : 0;
          break;  // flat blocks
        default:
          v = static_cast<uint8_t>(128 + (((x ^ y) & 1) ? 127 : -128));
          break;
      }
      rows[static_cast<size_t>(y) * cols + x] = v;
    }
  }
  return rows;
}

TEST(JpegSimd, ForwardBlocksMatchScalarOnEveryTarget) {
  std::mt19937 rng(42);
  const auto& scalar = test::kernels_for("scalar", detail::fdct_kernels);
  ASSERT_STREQ(scalar.target, "scalar");
  const auto targets = test::kernels_by_target(detail::fdct_kernels);
  ASSERT_GE(targets.size(), 1u) << "expected at least one SIMD target besides scalar";
  for (int quality : {1, 50, 75, 95, 100}) {
    const QuantTables qt = quality_quant_tables(quality);
    for (int fold = 0; fold < 2; ++fold) {
      QuantDivisors q;
      detail::make_divisors(qt.y.data(), fold ? 255.0 / 219 : 1.0, fold ? 133 : 0, q);
      for (SampleStep step : {SampleStep::k1, SampleStep::kEven, SampleStep::kOdd}) {
        const int step_bytes = step == SampleStep::k1 ? 1 : 2;
        for (int count : {1, 2, 3, 4, 5, 7, 8, 9, 13}) {
          for (int kind = 0; kind < 4; ++kind) {
            const auto rows = sample_rows(count, step_bytes, rng, kind);
            const ptrdiff_t stride = static_cast<ptrdiff_t>(count) * 8 * step_bytes;
            std::vector<CodedBlock> want(count), got(count);
            scalar.forward_blocks(rows.data(), stride, step, count, q, want.data());
            for (const detail::FdctKernels* t : targets) {
              std::memset(got.data(), 0x5A, sizeof(CodedBlock) * count);
              t->forward_blocks(rows.data(), stride, step, count, q, got.data());
              for (int b = 0; b < count; ++b) {
                std::string why;
                ASSERT_TRUE(same_block(got[b], want[b], why))
                    << t->target << " q" << quality << " fold " << fold << " step "
                    << static_cast<int>(step) << " count " << count << " kind " << kind << " block "
                    << b << ": " << why;
              }
            }
          }
        }
      }
    }
  }
}

TEST(JpegSimd, CodedBlockDecodesToTheCoefficients) {
  // The scalar twin is itself checked against TurboJPEG (exact tests); here its value
  // bits and sizes must invert to the quantised coefficients.
  std::mt19937 rng(7);
  const auto rows = sample_rows(4, 1, rng, 0);
  const QuantTables qt = quality_quant_tables(100);
  QuantDivisors q;
  detail::make_divisors(qt.y.data(), 1.0, 0, q);
  CodedBlock b[4];
  detail::forward_blocks_scalar(rows.data(), 32, SampleStep::k1, 4, q, b);
  for (const auto& blk : b) {
    int nonzero = 0;
    for (int k = 1; k < 64; ++k) {
      const int v = detail::coefficient(blk, k);
      EXPECT_EQ(v != 0, ((blk.mask >> k) & 1) != 0);
      nonzero += v != 0;
      if (v) {
        EXPECT_EQ(blk.sizes[k] >> 4, 32 - __builtin_clz(static_cast<unsigned>(std::abs(v))));
      }
    }
    EXPECT_GT(nonzero, 10);
  }
}

TEST(JpegSimd, RgbRowsMatchScalarOnEveryTarget) {
  std::mt19937 rng(3);
  const auto& scalar = test::kernels_for("scalar", detail::color_row_kernels);
  ASSERT_STREQ(scalar.target, "scalar");
  const auto targets = test::kernels_by_target(detail::color_row_kernels);
  const int orders[2][3] = {{0, 1, 2}, {2, 1, 0}};
  for (int width : {1, 7, 16, 33, 64, 131}) {
    for (int channels : {3, 4}) {
      std::vector<uint8_t> px(static_cast<size_t>(width) * channels);
      for (auto& b : px) b = static_cast<uint8_t>(rng());
      px[0] = px[1] = px[2] = 255;  // the extremes round at the edge of the range
      for (const auto& order : orders) {
        std::vector<uint8_t> want(3 * width), got(3 * width);
        scalar.rgb_row_to_ycc(px.data(), channels, order, width, want.data(),
                              want.data() + width, want.data() + 2 * width);
        for (const detail::ColorRowKernels* t : targets) {
          std::fill(got.begin(), got.end(), 0);
          t->rgb_row_to_ycc(px.data(), channels, order, width, got.data(), got.data() + width,
                            got.data() + 2 * width);
          ASSERT_EQ(got, want) << t->target << " width " << width << " channels "
                               << channels;
        }
      }
    }
    const int out_w = (width + 1) / 2;
    std::vector<uint8_t> a(2 * out_w), b(2 * out_w);
    for (auto& v : a) v = static_cast<uint8_t>(rng());
    for (auto& v : b) v = static_cast<uint8_t>(rng());
    for (bool vertical : {false, true}) {
      std::vector<uint8_t> want(out_w), got(out_w);
      scalar.downsample_row(a.data(), b.data(), out_w, vertical, want.data());
      for (const detail::ColorRowKernels* t : targets) {
        t->downsample_row(a.data(), b.data(), out_w, vertical, got.data());
        ASSERT_EQ(got, want) << t->target << " width " << out_w;
      }
    }
  }
}

TEST(JpegSimd, ProgressiveMasksMatchScalarOnEveryTarget) {
  std::mt19937 rng(5);
  const auto& scalar = test::kernels_for("scalar", detail::progressive_kernels);
  ASSERT_STREQ(scalar.target, "scalar");
  const auto targets = test::kernels_by_target(detail::progressive_kernels);
  alignas(64) int16_t block[64];
  for (int round = 0; round < 400; ++round) {
    // Mostly small values around the thresholds (0, +-1, +-2, +-3 after the shift),
    // some large ones and the extremes of the coefficient range.
    for (int k = 0; k < 64; ++k) {
      const int pick = static_cast<int>(rng() % 8);
      int v = static_cast<int>(rng() % 9) - 4;
      if (pick == 0) v = static_cast<int>(rng() % 4096) - 2048;
      if (pick == 1) v = 0;
      block[k] = static_cast<int16_t>(v);
    }
    if (round == 0) block[5] = -2047, block[6] = 2047, block[7] = -32767;
    for (int al = 0; al <= 13; ++al) {
      uint64_t want_nz = 0, want_ones = 0;
      scalar.coefficient_masks(block, al, &want_nz, &want_ones);
      for (const detail::ProgressiveKernels* t : targets) {
        uint64_t nz = ~uint64_t{0}, ones = ~uint64_t{0};
        t->coefficient_masks(block, al, &nz, &ones);
        ASSERT_EQ(nz, want_nz) << t->target << " al " << al << " round " << round;
        ASSERT_EQ(ones, want_ones) << t->target << " al " << al << " round " << round;
      }
    }
  }
  // The scalar twin itself against the definition.
  for (int k = 0; k < 64; ++k) block[k] = static_cast<int16_t>(k % 5 - 2);  // -2..2
  uint64_t nz = 0, ones = 0;
  scalar.coefficient_masks(block, 1, &nz, &ones);
  for (int k = 0; k < 64; ++k) {
    const int m = std::abs(block[k]) >> 1;
    EXPECT_EQ((nz >> k) & 1, uint64_t(m != 0)) << k;
    EXPECT_EQ((ones >> k) & 1, uint64_t(m == 1)) << k;
  }
}

TEST(JpegSimd, WholeEncodesMatchScalarTwins) {
  struct Case {
    PixelInfo info;
    int w, h;
    EncodeParams p;
  };
  std::vector<Case> cases;
  cases.push_back({PixelInfo(PF_NV12), 77, 45, {}});  // limited range: folded quantiser
  cases.push_back({PixelInfo(PF_YUYV422, CS_BT709, CR_MPEG), 41, 33, {}});  // matrix change
  EncodeParams rgb;
  rgb.subsampling = Subsampling::k422;
  rgb.quality = 92;
  cases.push_back({PixelInfo(PF_BGRA32), 50, 31, rgb});
  rgb.subsampling = Subsampling::k420;
  cases.push_back({PixelInfo(PF_RGB24), 83, 37, rgb});
  EncodeParams opt;
  opt.optimize_huffman = true;
  opt.restart_interval = 3;
  cases.push_back({PixelInfo(PF_YUVJ420P), 99, 70, opt});
  cases.push_back({PixelInfo(PF_GRAY8), 65, 9, {}});
  EncodeParams progressive;
  progressive.progressive = true;
  progressive.quality = 95;
  cases.push_back({PixelInfo(PF_RGB24), 83, 37, progressive});
  progressive.restart_interval = 5;
  cases.push_back({PixelInfo(PF_GRAY8), 65, 29, progressive});
  for (const auto& c : cases) {
    const auto img = testing::make_image(c.info, c.w, c.h, 5);
    std::vector<uint8_t> want;
    test::with_simd_target("scalar", [&] { want = encode(img.view, c.p); });
    test::for_each_target([&](const char* target) {
      EXPECT_TRUE(encode(img.view, c.p) == want) << target << " " << c.info.str();
    });
  }
}

}  // namespace
}  // namespace framekit::jpeg
