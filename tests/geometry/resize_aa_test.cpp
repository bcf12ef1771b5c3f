// The anti-aliased resize modes (kLanczos3, kBilinearAA, kBicubicAA): SIMD against the
// scalar twins on every target, and every format against a double-precision reference
// written here from the filters' definitions. (Pillow's own results: test_resize_aa.py.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "testing/geometry_test_util.h"

namespace framekit::test {
namespace {

constexpr ResizeMode kAaModes[] = {ResizeMode::kLanczos3, ResizeMode::kBilinearAA,
                                   ResizeMode::kBicubicAA};

struct Case {
  int sw, sh, dw, dh;
};

// The sanitizer build runs these kernels ~10x slower: it takes a thinner set of shapes.
#ifdef __SANITIZE_ADDRESS__
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

std::string describe(const char* target, PixelFormat f, const Case& c, ResizeMode m, int pad) {
  return std::string(target) + " " + std::string(pixel_format_name(f)) + " " +
         std::to_string(c.sw) + "x" + std::to_string(c.sh) + "->" + std::to_string(c.dw) + "x" +
         std::to_string(c.dh) + " " + mode_name(m) + " pad " + std::to_string(pad);
}

// Shrinks from 1.01x to 16x (integer and not), growth, one axis only, tiny planes.
std::vector<Case> twin_cases() {
  std::vector<Case> cases = {{701, 37, 694, 36},  {640, 48, 427, 31}, {1001, 40, 333, 13},
                             {997, 64, 97, 6},    {1600, 96, 100, 6}, {333, 21, 1001, 64},
                             {31, 17, 32, 18},    {7, 5, 3, 2},       {1, 9, 3, 4},
                             {5, 1, 2, 1},        {300, 20, 150, 10}, {250, 30, 251, 29},
                             {120, 40, 120, 13},  {120, 13, 57, 13},  {45, 45, 400, 9},
                             {2000, 33, 129, 33}, {64, 200, 64, 23}};
  std::mt19937 rng(7);
  for (int i = 0; i < (kSanitized ? 1 : 5); ++i)
    cases.push_back({1 + static_cast<int>(rng() % 700), 1 + static_cast<int>(rng() % 40),
                     1 + static_cast<int>(rng() % 300), 1 + static_cast<int>(rng() % 40)});
  if (!kSanitized) return cases;
  std::vector<Case> thin;
  for (size_t i = 0; i < cases.size(); i += 2) thin.push_back(cases[i]);
  return thin;
}

TEST(ResizeAa, SimdMatchesScalarOnEveryTarget) {
  // Sources and the scalar twins' results are made once; each target is compared to them.
  struct Job {
    std::shared_ptr<const TestImage> src;
    std::unique_ptr<TestImage> want;
    Case c;
    ResizeMode m;
    std::string what;
  };
  std::vector<Job> jobs;
  const std::vector<Case> cases = twin_cases();
  for (PixelFormat f : {PF_GRAY8, PF_NV12, PF_RGB24, PF_RGBA32})
    for (size_t i = 0; i < cases.size(); ++i) {
      const Case& c = cases[i];
      const int pad = i % 2 ? 8 : 61;  // strides with small and odd padding
      auto src = std::make_shared<TestImage>(f, c.sw, c.sh, pad);
      src->fill_random(static_cast<uint32_t>(c.sw * 31 + c.dh));
      for (ResizeMode m : kAaModes) {
        Job j{src, std::make_unique<TestImage>(f, c.dw, c.dh, pad), c, m,
              describe("", f, c, m, pad)};
        ForceScalar force;
        resize(j.src->v, j.want->v, m);
        jobs.push_back(std::move(j));
      }
    }
  std::string targets;
  for_each_target([&](const char* target) {
    targets += std::string(target) + " ";
    for (const Job& j : jobs) {
      TestImage got(j.want->info.format(), j.c.dw, j.c.dh, j.want->pad);
      resize(j.src->v, got.v, j.m);
      ASSERT_TRUE(got.canaries_intact()) << target << j.what;
      EXPECT_TRUE(got.same_pixels(*j.want)) << target << j.what;
    }
  });
  std::printf("[ targets ] %s\n", targets.c_str());
}

TEST(ResizeAa, FloatEngineMatchesScalarOnEveryTarget) {
  const std::vector<Case> cases =
      kSanitized ? std::vector<Case>{{301, 17, 903, 40}, {33, 9, 7, 3}}
                 : std::vector<Case>{
                       {640, 12, 203, 5}, {301, 17, 903, 40}, {33, 9, 7, 3}, {1000, 8, 61, 8}};
  for_each_target([&](const char* target) {
    for (PixelFormat f : {PF_GRAY16, PF_P010LE, PF_RGB48, PF_GBRPF32})
      for (const Case& c : cases)
        for (ResizeMode m : kAaModes) {
          TestImage src(f, c.sw, c.sh), simd(f, c.dw, c.dh), scalar(f, c.dw, c.dh);
          src.fill_random(static_cast<uint32_t>(c.sw + c.dh));
          resize(src.v, simd.v, m);
          {
            ForceScalar force;
            resize(src.v, scalar.v, m);
          }
          const std::string what = describe(target, f, c, m, 8);
          ASSERT_TRUE(simd.canaries_intact()) << what;
          EXPECT_TRUE(simd.same_pixels(scalar)) << what;
        }
  });
}

TEST(ResizeAa, VectorPathsAreTakenOnEveryTarget) {
  // Guards against the twin tests comparing scalar with scalar: a 3x shrink must run
  // almost every output through the vector pass on every vector target.
  for_each_target([](const char* target) {
    const auto& k = geometry_detail::resize_aa_kernels_u8();
    if (std::string(target) == "hwy_scalar") {
      EXPECT_EQ(k.hpass, geometry_detail::resize_aa_kernels_u8_scalar().hpass);
      EXPECT_EQ(k.hpass2, geometry_detail::resize_aa_kernels_u8_scalar().hpass2);
      return;
    }
    EXPECT_STREQ(k.target, target);
    for (int channels : {1, 2, 3, 4})
      for (int mode : {4, 5, 6}) {
        const auto f = geometry_detail::make_axis_filter(1920, 640, mode);
        geometry_detail::AaHPlan plan;
        plan.filter = &f;
        plan.channels = channels;
        k.plan(plan);
        EXPECT_GT(plan.simd_outputs, 630) << target << " channels " << channels << " mode " << mode;
      }
  });
}

// ------------------------------------------------------------------ reference

double sinc(double x) {
  return x == 0.0 ? 1.0 : std::sin(M_PI * x) / (M_PI * x);
}

// The kernels by their textbook definitions.
double kernel(ResizeMode m, double x) {
  x = std::fabs(x);
  switch (m) {
    case ResizeMode::kLanczos3:
      return x < 3.0 ? sinc(x) * sinc(x / 3.0) : 0.0;
    case ResizeMode::kBilinearAA:
      return std::max(0.0, 1.0 - x);
    default:  // Keys, a = -0.5
      if (x < 1.0) return 1.5 * x * x * x - 2.5 * x * x + 1.0;
      if (x < 2.0) return -0.5 * x * x * x + 2.5 * x * x - 4.0 * x + 2.0;
      return 0.0;
  }
}

// Row i: the weight of every source sample for output i (S x D dense), the kernel
// stretched by the shrink factor and renormalised over the samples inside the axis.
std::vector<double> axis_matrix(int S, int D, ResizeMode m) {
  const double scale = static_cast<double>(S) / D, stretch = std::max(1.0, scale);
  std::vector<double> w(static_cast<size_t>(S) * D, 0.0);
  for (int i = 0; i < D; ++i) {
    const double centre = (i + 0.5) * scale;
    double sum = 0.0;
    for (int j = 0; j < S; ++j)
      sum += w[static_cast<size_t>(i) * S + j] = kernel(m, (j + 0.5 - centre) / stretch);
    for (int j = 0; j < S; ++j) w[static_cast<size_t>(i) * S + j] /= sum;
  }
  return w;
}

// Per output, the first and one past the last source sample of non-zero weight.
std::vector<std::pair<int, int>> spans(const std::vector<double>& w, int S, int D) {
  std::vector<std::pair<int, int>> r(D, {0, 0});
  for (int i = 0; i < D; ++i) {
    const double* row = &w[static_cast<size_t>(i) * S];
    int lo = 0, hi = S;
    while (lo < S && row[lo] == 0.0) ++lo;
    while (hi > lo && row[hi - 1] == 0.0) --hi;
    r[i] = {lo, hi};
  }
  return r;
}

// Largest sum of |weights| of an output: how much an error of the 8-bit intermediate
// (at most 0.5) can grow in the second pass.
double gain(const std::vector<double>& w, int S, int D) {
  double g = 0.0;
  for (int i = 0; i < D; ++i) {
    double s = 0.0;
    for (int j = 0; j < S; ++j) s += std::fabs(w[static_cast<size_t>(i) * S + j]);
    g = std::max(g, s);
  }
  return g;
}

double sample(const TestImage& im, int p, int x, int y, int c) {
  const auto& d = im.desc();
  const int C = d.planes[p].channels;
  const uint8_t* r = im.v.planes[p].row(y);
  if (d.dtype == ScalarType::kUInt8) return r[x * C + c];
  if (d.dtype == ScalarType::kUInt16) return reinterpret_cast<const uint16_t*>(r)[x * C + c];
  return reinterpret_cast<const float*>(r)[x * C + c];
}

// Content whose filtered values stay inside the sample range (no clamping anywhere),
// with detail at every scale: waves plus bounded noise, scaled to the format.
void fill_waves(TestImage& im, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> noise(-0.08, 0.08);
  const auto& d = im.desc();
  const double top = d.dtype == ScalarType::kFloat32 ? 1.0
                     : d.dtype == ScalarType::kUInt8 ? 255.0
                                                     : static_cast<double>((1 << d.bit_depth) - 1);
  const int shift = d.msb_aligned ? 16 - d.bit_depth : 0;
  for (int p = 0; p < d.num_planes; ++p) {
    const int C = d.planes[p].channels;
    for (int y = 0; y < im.plane_h(p); ++y) {
      uint8_t* r = im.v.planes[p].row(y);
      for (int x = 0; x < im.plane_w(p); ++x)
        for (int c = 0; c < C; ++c) {
          const double v = 0.5 + 0.25 * std::sin(0.05 * x + 0.11 * y + c + p) +
                           0.1 * std::sin(0.9 * x - 0.7 * y) + noise(rng);
          const size_t e = static_cast<size_t>(x) * C + c;
          if (d.dtype == ScalarType::kUInt8)
            r[e] = static_cast<uint8_t>(std::lround(v * top));
          else if (d.dtype == ScalarType::kUInt16)
            reinterpret_cast<uint16_t*>(r)[e] =
                static_cast<uint16_t>(std::lround(v * top) << shift);
          else
            reinterpret_cast<float*>(r)[e] = static_cast<float>(v);
        }
    }
  }
}

TEST(ResizeAa, EveryFormatMatchesTheDoubleReference) {
  const std::vector<Case> cases =
      kSanitized ? std::vector<Case>{{151, 101, 47, 31}, {64, 48, 150, 101}, {17, 11, 16, 11}}
                 : std::vector<Case>{{301, 201, 97, 61}, {200, 150, 23, 17}, {64, 48, 150, 101},
                                     {120, 90, 119, 91}, {99, 77, 40, 120},  {17, 11, 16, 11},
                                     {256, 64, 256, 20}};
  for (PixelFormat f : {PF_GRAY8, PF_NV12, PF_RGB24, PF_RGBA32, PF_BGRA32, PF_YUV420P, PF_YUV422P,
                        PF_GRAY16, PF_YUV420P10LE, PF_P010LE, PF_GBRPF32})
    for (const Case& c : cases)
      for (ResizeMode m : kAaModes) {
        TestImage src(f, c.sw, c.sh), dst(f, c.dw, c.dh);
        fill_waves(src, static_cast<uint32_t>(c.sw + c.dw));
        resize(src.v, dst.v, m);
        const std::string what = describe("", f, c, m, 8);
        ASSERT_TRUE(dst.canaries_intact()) << what;
        const auto& d = src.desc();
        const double unit = d.dtype == ScalarType::kUInt16 && d.msb_aligned
                                ? static_cast<double>(1 << (16 - d.bit_depth))
                                : 1.0;
        for (int p = 0; p < d.num_planes; ++p) {
          const int SW = src.plane_w(p), SH = src.plane_h(p);
          const int DW = dst.plane_w(p), DH = dst.plane_h(p), C = d.planes[p].channels;
          const auto wx = axis_matrix(SW, DW, m), wy = axis_matrix(SH, DH, m);
          // 8-bit: rounded once per pass (the horizontal result is stored as bytes);
          // 16-bit: rounded once at the end; float: float sums.
          const double tol = d.dtype == ScalarType::kUInt8    ? 0.5 + 0.5 * gain(wy, SH, DH) + 0.01
                             : d.dtype == ScalarType::kUInt16 ? 0.5 * unit + 0.01 * unit
                                                              : 2e-6;
          const auto sx = spans(wx, SW, DW), sy = spans(wy, SH, DH);
          double worst = 0.0;
          std::vector<double> mid(static_cast<size_t>(SH) * DW * C);
          for (int y = 0; y < SH; ++y)
            for (int x = 0; x < DW; ++x)
              for (int ch = 0; ch < C; ++ch) {
                double s = 0.0;
                for (int j = sx[x].first; j < sx[x].second; ++j)
                  s += wx[static_cast<size_t>(x) * SW + j] * sample(src, p, j, y, ch);
                mid[(static_cast<size_t>(y) * DW + x) * C + ch] = s;
              }
          for (int y = 0; y < DH; ++y)
            for (int x = 0; x < DW; ++x)
              for (int ch = 0; ch < C; ++ch) {
                double s = 0.0;
                for (int j = sy[y].first; j < sy[y].second; ++j)
                  s += wy[static_cast<size_t>(y) * SH + j] *
                       mid[(static_cast<size_t>(j) * DW + x) * C + ch];
                worst = std::max(worst, std::fabs(sample(dst, p, x, y, ch) - s));
              }
          EXPECT_LE(worst, tol) << what << " plane " << p;
        }
      }
}

TEST(ResizeAa, FlatStaysFlat) {
  // Weights renormalised at the edges: a flat plane stays exactly flat at any size.
  for (ResizeMode m : kAaModes)
    for (const Case& c : {Case{97, 61, 13, 7}, Case{13, 7, 97, 61}, Case{5, 300, 4, 3}}) {
      TestImage src(PF_RGB24, c.sw, c.sh), dst(PF_RGB24, c.dw, c.dh);
      for (int y = 0; y < c.sh; ++y)
        for (int x = 0; x < c.sw; ++x) {
          uint8_t* px = src.v.planes[0].row(y) + 3 * x;
          px[0] = 7, px[1] = 128, px[2] = 250;
        }
      resize(src.v, dst.v, m);
      for (int y = 0; y < c.dh; ++y)
        for (int x = 0; x < c.dw; ++x) {
          const uint8_t* px = dst.v.planes[0].row(y) + 3 * x;
          ASSERT_TRUE(px[0] == 7 && px[1] == 128 && px[2] == 250)
              << mode_name(m) << " at " << x << "," << y;
        }
    }
}

}  // namespace
}  // namespace framekit::test
