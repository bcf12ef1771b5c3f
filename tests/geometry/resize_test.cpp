// resize against OpenCV's cv::resize (8-bit planes, every mode) and against a
// double-precision reference written here from the definitions (16-bit, float, and
// area resizes that grow one axis and shrink the other, where OpenCV approximates).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>

#include <opencv2/imgproc.hpp>

#include "testing/geometry_test_util.h"

namespace framekit::test {
namespace {

constexpr std::array<ResizeMode, 4> kModes = {ResizeMode::kNearest, ResizeMode::kBilinear,
                                              ResizeMode::kBicubic, ResizeMode::kArea};

int cv_interp(ResizeMode m) {
  switch (m) {
    case ResizeMode::kNearest:
      return cv::INTER_NEAREST_EXACT;
    case ResizeMode::kBilinear:
      return cv::INTER_LINEAR;
    case ResizeMode::kBicubic:
      return cv::INTER_CUBIC;
    case ResizeMode::kArea:
      return cv::INTER_AREA;
  }
  return -1;
}

// OpenCV's INTER_AREA is a true box average only when both axes shrink or both grow;
// for mixed directions it falls back to 2-tap weights, and we stay exact instead.
bool opencv_comparable(ResizeMode m, int sw, int sh, int dw, int dh) {
  if (m != ResizeMode::kArea) return true;
  return (sw >= dw && sh >= dh) || (sw <= dw && sh <= dh);
}

// ---------------------------------------------------------------- double reference

// OpenCV's nearest pick along one axis: an index ramp resized with INTER_NEAREST_EXACT.
std::vector<int> opencv_nearest_pick(int S, int D) {
  cv::Mat ramp(1, S, CV_32SC1), out;
  for (int i = 0; i < S; ++i) ramp.at<int>(0, i) = i;
  cv::resize(ramp, out, cv::Size(D, 1), 0, 0, cv::INTER_NEAREST_EXACT);
  std::vector<int> pick(D);
  for (int i = 0; i < D; ++i) pick[i] = out.at<int>(0, i);
  return pick;
}

double keys_cubic(double x) {
  const double a = -0.75;
  x = std::fabs(x);
  if (x <= 1) return (a + 2) * x * x * x - (a + 3) * x * x + 1;
  if (x < 2) return a * x * x * x - 5 * a * x * x + 8 * a * x - 4 * a;
  return 0;
}

// (source index, weight) pairs of output i along one axis, edges replicated.
std::vector<std::pair<int, double>> ref_taps(ResizeMode m, int S, int D, int i) {
  std::vector<std::pair<int, double>> t;
  const double scale = static_cast<double>(S) / D;
  auto clampi = [&](long v) { return static_cast<int>(std::clamp<long>(v, 0, S - 1)); };
  if (m == ResizeMode::kNearest) {
    t.push_back({opencv_nearest_pick(S, D)[i], 1.0});
  } else if (m == ResizeMode::kArea) {
    const double lo = i * scale, hi = (i + 1) * scale;
    for (long j = static_cast<long>(std::floor(lo)); j < hi; ++j) {
      const double ov = std::min<double>(hi, j + 1) - std::max<double>(lo, j);
      if (ov > 1e-12) t.push_back({clampi(j), ov / scale});
    }
  } else {
    const double f = (i + 0.5) * scale - 0.5;
    const long s = static_cast<long>(std::floor(f));
    const double u = f - s;
    if (m == ResizeMode::kBilinear) {
      t.push_back({clampi(s), 1 - u});
      t.push_back({clampi(s + 1), u});
    } else {
      for (int k = -1; k <= 2; ++k) t.push_back({clampi(s + k), keys_cubic(u - k)});
    }
  }
  return t;
}

// Resizes one plane of `C` channels held as doubles.
std::vector<double> ref_resize(const std::vector<double>& src, int sw, int sh, int C, int dw,
                               int dh, ResizeMode m) {
  std::vector<double> out(static_cast<size_t>(dw) * dh * C, 0.0);
  for (int y = 0; y < dh; ++y) {
    const auto ty = ref_taps(m, sh, dh, y);
    for (int x = 0; x < dw; ++x) {
      const auto tx = ref_taps(m, sw, dw, x);
      for (int c = 0; c < C; ++c) {
        double acc = 0;
        for (const auto& [sy, wy] : ty)
          for (const auto& [sx, wx] : tx)
            acc += wy * wx * src[(static_cast<size_t>(sy) * sw + sx) * C + c];
        out[(static_cast<size_t>(y) * dw + x) * C + c] = acc;
      }
    }
  }
  return out;
}

template <typename T>
std::vector<double> plane_to_double(const TestImage& im, int p) {
  const int C = im.desc().planes[p].channels, w = im.plane_w(p), h = im.plane_h(p);
  std::vector<double> v(static_cast<size_t>(w) * h * C);
  for (int y = 0; y < h; ++y) {
    const T* r = reinterpret_cast<const T*>(im.v.planes[p].row(y));
    for (int i = 0; i < w * C; ++i) v[static_cast<size_t>(y) * w * C + i] = r[i];
  }
  return v;
}

// Max deviation of plane p of `out` from the double reference, after the rounding a
// stored sample gets (16-bit: round and clamp; P010: multiple of 64; float: none).
double deviation_from_reference(const TestImage& src, const TestImage& out, int p, ResizeMode m) {
  const auto& d = src.desc();
  const int C = d.planes[p].channels;
  double worst = 0;
  auto check = [&](auto tag) {
    using T = decltype(tag);
    const auto ref = ref_resize(plane_to_double<T>(src, p), src.plane_w(p), src.plane_h(p), C,
                                out.plane_w(p), out.plane_h(p), m);
    const auto got = plane_to_double<T>(out, p);
    const double unit = d.msb_aligned ? 64.0 : 1.0;
    const bool integer = d.dtype != ScalarType::kFloat32;
    const double top = !integer ? 1e30 : d.msb_aligned ? 65472.0 : (1 << d.bit_depth) - 1.0;
    const double bottom = integer ? 0.0 : -1e30;
    for (size_t i = 0; i < ref.size(); ++i) {
      const double want = std::clamp(ref[i], bottom, top);
      worst = std::max(worst, std::fabs(got[i] - want) / unit);
    }
  };
  if (d.dtype == ScalarType::kUInt8)
    check(uint8_t{});
  else if (d.dtype == ScalarType::kUInt16)
    check(uint16_t{});
  else
    check(float{});
  return worst;
}

struct SizeCase {
  int sw, sh, dw, dh;
};

const std::vector<SizeCase> kSizes = {
    {16, 12, 32, 24},   {13, 7, 52, 28},      {64, 48, 32, 24},  {96, 60, 32, 20},
    {128, 64, 32, 16},  {384, 216, 256, 144}, {37, 23, 19, 11},  {37, 23, 50, 31},
    {101, 67, 64, 45},  {1, 1, 5, 3},         {7, 1, 3, 1},      {5, 5, 1, 1},
    {300, 20, 199, 13}, {1000, 8, 333, 5},    {257, 9, 513, 17}, {40, 30, 60, 20},
    {30, 40, 20, 60},   {200, 100, 67, 33},   {99, 99, 17, 13},  {320, 180, 480, 270},
};

using MaxByMode = std::map<ResizeMode, double>;

// Samples compared with OpenCV and how many differ (by 1), per mode.
std::map<ResizeMode, std::pair<long, long>> g_differ;

void print_max(const char* what, const MaxByMode& mx) {
  for (const auto& [m, v] : mx) {
    const auto& [n, d] = g_differ[m];
    std::printf("[ max dev ] %-28s %-8s %.4g", what, mode_name(m), v);
    if (n > 0) std::printf("   (%.3f%% of %ld samples differ from OpenCV)", 100.0 * d / n, n);
    std::printf("\n");
  }
  g_differ.clear();
}

// Every plane of src resized by framekit and by cv::resize to dst's plane sizes.
void compare_with_opencv(PixelFormat f, const SizeCase& s, ResizeMode m, uint32_t seed,
                         MaxByMode& mx) {
  TestImage src(f, s.sw, s.sh), dst(f, s.dw, s.dh);
  src.fill_random(seed);
  resize(src.v, dst.v, m);
  ASSERT_TRUE(dst.canaries_intact());
  for (int p = 0; p < src.desc().num_planes; ++p) {
    const int pw = src.plane_w(p), ph = src.plane_h(p), qw = dst.plane_w(p), qh = dst.plane_h(p);
    double dev;
    if (opencv_comparable(m, pw, ph, qw, qh)) {
      cv::Mat ref;
      cv::resize(src.mat(p), ref, cv::Size(qw, qh), 0, 0, cv_interp(m));
      dev = max_abs_diff(dst.mat(p), ref);
      cv::Mat diff;
      cv::absdiff(dst.mat(p).reshape(1), ref.reshape(1), diff);
      g_differ[m].first += static_cast<long>(diff.total());
      g_differ[m].second += cv::countNonZero(diff);
    } else {
      dev = deviation_from_reference(src, dst, p, m);
    }
    mx[m] = std::max(mx[m], dev);
    EXPECT_LE(dev, 1.0) << src.desc().name << " plane " << p << " " << pw << "x" << ph << " -> "
                        << qw << "x" << qh << " " << mode_name(m);
  }
}

TEST(ResizeVsOpenCV, PlanesOfOneToFourChannels) {
  MaxByMode mx;
  uint32_t seed = 1;
  for (PixelFormat f : {PF_GRAY8, PF_NV12, PF_RGB24, PF_RGBA32})
    for (const auto& s : kSizes)
      for (ResizeMode m : kModes) compare_with_opencv(f, s, m, seed++, mx);
  print_max("8-bit planes vs OpenCV", mx);
}

TEST(ResizeVsOpenCV, NearestPicksOpenCVsPixelAndHoldsTheCentre) {
  // Same pick as OpenCV on random axis lengths; and the picked pixel holds the exact
  // centre, up to the 16.16 fixed-point error at pixel borders.
  std::mt19937 rng(3);
  long total = 0, border = 0;
  for (int t = 0; t < 300; ++t) {
    const int S = 1 + static_cast<int>(rng() % 4000), D = 1 + static_cast<int>(rng() % 4000);
    const auto ours = geometry_detail::make_nearest_index(S, D);
    const auto cv_pick = opencv_nearest_pick(S, D);
    for (int i = 0; i < D; ++i, ++total) {
      ASSERT_EQ(ours[i], cv_pick[i]) << S << " -> " << D << " at " << i;
      const double c = (i + 0.5) * S / D, slack = (i + 1) / 131072.0 + 3 / 65536.0;
      ASSERT_TRUE((ours[i] - slack <= c && c <= ours[i] + 1 + slack) || ours[i] == S - 1)
          << S << " -> " << D << " at " << i;
      if (!(ours[i] <= c && c < ours[i] + 1) && ours[i] != S - 1) ++border;
    }
  }
  std::printf("[ nearest ] %ld of %ld picks are the other neighbour of a border centre\n", border,
              total);
}

// kNearestFloor is OpenCV's INTER_NEAREST (BMF's nearest): the same pick on random
// axis lengths, and whole planes of every sample size equal to cv::resize's.
TEST(ResizeVsOpenCV, NearestFloorIsInterNearest) {
  std::mt19937 rng(11);
  for (int t = 0; t < 300; ++t) {
    const int S = 1 + static_cast<int>(rng() % 4000), D = 1 + static_cast<int>(rng() % 4000);
    cv::Mat ramp(1, S, CV_32SC1), out;
    for (int i = 0; i < S; ++i) ramp.at<int>(0, i) = i;
    cv::resize(ramp, out, cv::Size(D, 1), 0, 0, cv::INTER_NEAREST);
    const auto ours = geometry_detail::make_nearest_floor_index(S, D);
    for (int i = 0; i < D; ++i) ASSERT_EQ(ours[i], out.at<int>(0, i)) << S << " -> " << D;
  }
  for (PixelFormat f : {PF_GRAY8, PF_RGB24, PF_GRAY16, PF_GBRPF32})
    for (auto [sw, sh, dw, dh] : {std::array{37, 29, 101, 64}, std::array{640, 360, 97, 41}}) {
      TestImage src(f, sw, sh), dst(f, dw, dh);
      src.fill_random(static_cast<uint32_t>(sw + f));
      resize(src.v, dst.v, ResizeMode::kNearestFloor);
      for (int p = 0; p < src.v.desc().num_planes; ++p) {
        cv::Mat ref;
        cv::resize(src.mat(p), ref, dst.mat(p).size(), 0, 0, cv::INTER_NEAREST);
        ASSERT_EQ(cv::norm(ref, dst.mat(p), cv::NORM_INF), 0.0) << src.v.desc().name;
      }
    }
}

TEST(ResizeVsOpenCV, VideoSizes) {
  // The benchmark cases, on smooth content: 1080p -> 720p and 4K -> 1080p (2:1 path).
  MaxByMode mx;
  for (const SizeCase& s : {SizeCase{1920, 1080, 1280, 720}, SizeCase{3840, 2160, 1920, 1080},
                            SizeCase{1280, 720, 1920, 1080}})
    for (ResizeMode m : kModes) compare_with_opencv(PF_YUV420P, s, m, 7, mx);
  print_max("I420 video sizes vs OpenCV", mx);
}

TEST(ResizeVsReference, LargeAreaShrinks) {
  // Hundreds of taps per output: still the rounded exact average, and OpenCV's.
  MaxByMode mx;
  for (const SizeCase& s : {SizeCase{400, 300, 7, 5}, SizeCase{1000, 20, 13, 2},
                            SizeCase{64, 900, 60, 11}, SizeCase{300, 200, 19, 13}}) {
    TestImage src(PF_RGB24, s.sw, s.sh), dst(PF_RGB24, s.dw, s.dh);
    src.fill_random(6);
    resize(src.v, dst.v, ResizeMode::kArea);
    const double dev = deviation_from_reference(src, dst, 0, ResizeMode::kArea);
    mx[ResizeMode::kArea] = std::max(mx[ResizeMode::kArea], dev);
    EXPECT_LT(dev, 0.51) << s.sw << "x" << s.sh << " -> " << s.dw << "x" << s.dh;
    cv::Mat ref;
    cv::resize(src.mat(0), ref, cv::Size(s.dw, s.dh), 0, 0, cv::INTER_AREA);
    EXPECT_LE(max_abs_diff(dst.mat(0), ref), 1.0);
  }
  print_max("large area shrinks vs double", mx);
}

TEST(ResizeVsReference, AreaMixedDirections) {
  MaxByMode mx;
  for (const SizeCase& s :
       {SizeCase{40, 30, 60, 20}, SizeCase{30, 40, 20, 61}, SizeCase{97, 13, 31, 40}}) {
    TestImage src(PF_RGB24, s.sw, s.sh), dst(PF_RGB24, s.dw, s.dh);
    src.fill_random(5);
    resize(src.v, dst.v, ResizeMode::kArea);
    const double dev = deviation_from_reference(src, dst, 0, ResizeMode::kArea);
    mx[ResizeMode::kArea] = std::max(mx[ResizeMode::kArea], dev);
    // Rounded result of an exact box average: within 0.5 plus fixed-point error.
    EXPECT_LT(dev, 0.6) << s.sw << "x" << s.sh << " -> " << s.dw << "x" << s.dh;
  }
  print_max("area mixed vs double ref", mx);
}

TEST(ResizeVsReference, EightBitIsRoundedExactResult) {
  // Beyond ±1 of OpenCV: against the exact double result, 8-bit output is the rounded
  // value up to the fixed-point error.
  MaxByMode mx, mx_cv;
  for (const SizeCase& s : {SizeCase{37, 23, 19, 11}, SizeCase{37, 23, 50, 31},
                            SizeCase{300, 20, 199, 13}, SizeCase{64, 48, 32, 24}})
    for (ResizeMode m : kModes) {
      TestImage src(PF_RGB24, s.sw, s.sh), dst(PF_RGB24, s.dw, s.dh);
      src.fill_random(11);
      resize(src.v, dst.v, m);
      const double dev = deviation_from_reference(src, dst, 0, m);
      mx[m] = std::max(mx[m], dev);
      EXPECT_LT(dev, 0.6) << mode_name(m);
      // For the record: OpenCV's own distance from the exact result.
      if (opencv_comparable(m, s.sw, s.sh, s.dw, s.dh)) {
        TestImage cv_out(PF_RGB24, s.dw, s.dh);
        cv::Mat out = cv_out.mat(0);
        cv::resize(src.mat(0), out, out.size(), 0, 0, cv_interp(m));
        mx_cv[m] = std::max(mx_cv[m], deviation_from_reference(src, cv_out, 0, m));
      }
    }
  print_max("8-bit vs double ref", mx);
  print_max("OpenCV 8-bit vs double ref", mx_cv);
}

// Every format of the table: 8-bit planes against OpenCV, 16-bit and float planes
// against the double reference, packed 4:2:2 through its own reference below.
TEST(Resize, EveryFormatEveryMode) {
  MaxByMode mx8, mx16, mxf;
  for (const auto& d : all_pixel_formats()) {
    if (d.packed422) continue;
    for (const SizeCase& s :
         {SizeCase{33, 17, 20, 31}, SizeCase{64, 48, 32, 24}, SizeCase{21, 9, 45, 19}}) {
      for (ResizeMode m : kModes) {
        SCOPED_TRACE(testing::Message() << d.name << " " << s.sw << "x" << s.sh << " -> " << s.dw
                                        << "x" << s.dh << " " << mode_name(m));
        if (d.dtype == ScalarType::kUInt8) {
          compare_with_opencv(d.format, s, m, 3, mx8);
          continue;
        }
        TestImage src(d.format, s.sw, s.sh), dst(d.format, s.dw, s.dh);
        src.fill_random(9);
        resize(src.v, dst.v, m);
        ASSERT_TRUE(dst.canaries_intact());
        for (int p = 0; p < d.num_planes; ++p) {
          const double dev = deviation_from_reference(src, dst, p, m);
          auto& mx = d.dtype == ScalarType::kUInt16 ? mx16 : mxf;
          mx[m] = std::max(mx[m], dev);
          EXPECT_LE(dev, d.dtype == ScalarType::kUInt16 ? 1.0 : 1e-4) << "plane " << p;
        }
      }
    }
  }
  print_max("every 8-bit format vs OpenCV", mx8);
  print_max("16-bit formats vs double", mx16);
  print_max("float formats vs double", mxf);
}

TEST(Resize, FlatImagesStayFlat) {
  // Integer weights of every output sum to exactly one, so a flat image stays exactly
  // flat (float: to rounding).
  for (const auto& d : all_pixel_formats()) {
    const bool is_float = d.dtype == ScalarType::kFloat32;
    const uint8_t byte = d.dtype == ScalarType::kUInt16 && !d.msb_aligned ? 0x01 : 0x40;
    for (ResizeMode m : kModes) {
      TestImage src(d.format, 29, 13), dst(d.format, 70, 5);
      for (TestImage* im : {&src, &dst})
        for (int p = 0; p < d.num_planes; ++p)
          for (int y = 0; y < im->plane_h(p); ++y) {
            uint8_t* r = im->v.planes[p].row(y);
            if (is_float && im == &src)
              std::fill_n(reinterpret_cast<float*>(r), im->row_bytes(p) / 4, 0.25f);
            else
              std::memset(r, im == &src ? byte : 0, im->row_bytes(p));
          }
      resize(src.v, dst.v, m);
      for (int p = 0; p < d.num_planes; ++p)
        for (int y = 0; y < dst.plane_h(p); ++y) {
          const uint8_t* r = dst.v.planes[p].row(y);
          for (size_t i = 0; i < dst.row_bytes(p); ++i) {
            if (is_float) {
              ASSERT_NEAR(reinterpret_cast<const float*>(r)[i / 4], 0.25f, 1e-6) << d.name;
              i += 3;
            } else {
              ASSERT_EQ(r[i], byte)
                  << d.name << " plane " << p << " row " << y << " " << mode_name(m);
            }
          }
        }
    }
  }
}

// ---------------------------------------------------------------- packed 4:2:2

TEST(Resize, Packed422ResizesLumaAndChromaSeparately) {
  MaxByMode mx;
  for (PixelFormat f : {PF_YUYV422, PF_UYVY422, PF_YVYU422, PF_VYUY422}) {
    for (const SizeCase& s :
         {SizeCase{64, 20, 33, 15}, SizeCase{31, 9, 48, 11}, SizeCase{160, 90, 107, 60}}) {
      for (ResizeMode m : kModes) {
        TestImage src(f, s.sw, s.sh), dst(f, s.dw, s.dh);
        src.fill_smooth(2);
        resize(src.v, dst.v, m);
        ASSERT_TRUE(dst.canaries_intact());
        const Split422 in = split_packed(src), out = split_packed(dst);
        cv::Mat ry, rc;
        cv::resize(in.y, ry, out.y.size(), 0, 0, cv_interp(m));
        cv::resize(in.c, rc, out.c.size(), 0, 0, cv_interp(m));
        const double dev = std::max(max_abs_diff(out.y, ry), max_abs_diff(out.c, rc));
        mx[m] = std::max(mx[m], dev);
        EXPECT_LE(dev, 1.0) << pixel_format_name(f) << " " << mode_name(m);
        if (s.dw % 2) {  // the padding luma of an odd width repeats the last one
          const std::string_view comps = dst.desc().planes[0].components;
          for (int y = 0; y < s.dh; ++y) {
            const uint8_t* r = dst.v.planes[0].row(y) + 4 * (s.dw / 2);
            EXPECT_EQ(r[comps.rfind('Y')], r[comps.find('Y')]);
          }
        }
      }
    }
  }
  print_max("packed 4:2:2 vs OpenCV", mx);
}

}  // namespace
}  // namespace framekit::test
