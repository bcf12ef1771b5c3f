// SIMD kernels against their scalar twins, bit for bit, on every Highway target this
// machine supports (each one forced in turn).
#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "testing/geometry_test_util.h"

namespace framekit::test {
namespace {

// Runs op on src into a fresh dst with SIMD on the forced target and with the scalar
// twins; both outputs must be identical.
template <typename Op>
void expect_twins_agree(PixelFormat f, int sw, int sh, int dw, int dh, Op op, uint32_t seed,
                        const std::string& what) {
  TestImage src(f, sw, sh), simd(f, dw, dh), scalar(f, dw, dh);
  src.fill_random(seed);
  op(src.v, simd.v);
  {
    ForceScalar force;
    op(src.v, scalar.v);
  }
  ASSERT_TRUE(simd.canaries_intact()) << what;
  EXPECT_TRUE(simd.same_pixels(scalar)) << what;
}

struct Case {
  int sw, sh, dw, dh;
};

std::string case_name(const char* target, PixelFormat f, const Case& c, ResizeMode m) {
  return std::string(target) + " " + std::string(pixel_format_name(f)) + " " +
         std::to_string(c.sw) + "x" + std::to_string(c.sh) + "->" + std::to_string(c.dw) + "x" +
         std::to_string(c.dh) + " " + mode_name(m);
}

TEST(GeometrySimd, ResizeMatchesScalarOnEveryTarget) {
  std::vector<Case> cases = {{1920, 64, 1280, 43}, {3840, 40, 1920, 20}, {640, 48, 1920, 144},
                             {301, 77, 199, 51},   {100, 50, 31, 17},    {100, 50, 16, 9},
                             {13, 9, 40, 20},      {7, 5, 3, 2},         {250, 30, 251, 29},
                             {64, 64, 64, 32},     {33, 17, 67, 35},     {720, 30, 1280, 53}};
  std::mt19937 rng(42);
  for (int i = 0; i < 12; ++i)
    cases.push_back({1 + static_cast<int>(rng() % 400), 1 + static_cast<int>(rng() % 60),
                     1 + static_cast<int>(rng() % 400), 1 + static_cast<int>(rng() % 60)});
  std::string targets;
  for_each_target([&](const char* target) {
    targets += std::string(target) + " ";
    for (PixelFormat f : {PF_GRAY8, PF_NV12, PF_RGB24, PF_RGBA32})
      for (const Case& c : cases)
        for (ResizeMode m :
             {ResizeMode::kNearest, ResizeMode::kBilinear, ResizeMode::kBicubic, ResizeMode::kArea})
          expect_twins_agree(
              f, c.sw, c.sh, c.dw, c.dh,
              [&](const ImageView& s, const ImageView& d) { resize(s, d, m); }, c.sw + c.dh,
              case_name(target, f, c, m));
  });
  std::printf("[ targets ] %s\n", targets.c_str());
}

// 16-bit and float planes (and 8-bit area shrinks past 15:1) run the float engine,
// whose row kernels have SIMD versions (gathered taps) and scalar twins.
TEST(GeometrySimd, FloatEngineMatchesScalarOnEveryTarget) {
  const Case cases[] = {{1920, 24, 1280, 16}, {640, 12, 1920, 36}, {301, 17, 199, 11},
                        {33, 9, 67, 17},      {7, 5, 3, 2},        {100, 20, 17, 40}};
  for_each_target([&](const char* target) {
    for (PixelFormat f : {PF_P010LE, PF_YUV420P10LE, PF_GRAY16, PF_RGB48, PF_GBRPF32})
      for (const Case& c : cases)
        for (ResizeMode m : {ResizeMode::kBilinear, ResizeMode::kBicubic, ResizeMode::kArea})
          expect_twins_agree(
              f, c.sw, c.sh, c.dw, c.dh,
              [&](const ImageView& s, const ImageView& d) { resize(s, d, m); }, c.sw + c.dh,
              case_name(target, f, c, m));
    // 8-bit area shrinks of more than 15:1.
    expect_twins_agree(
        PF_NV12, 1000, 64, 50, 4,
        [&](const ImageView& s, const ImageView& d) { resize(s, d, ResizeMode::kArea); }, 9,
        std::string(target) + " nv12 20:1 area");
  });
}

TEST(GeometrySimd, RotateAndMirrorMatchScalarOnEveryTarget) {
  // Pixel sizes 1 (gray), 2 (UV, 16-bit), 3 (RGB24), 4 (RGBA, float), 6 (RGB48), 8.
  const PixelFormat formats[] = {PF_GRAY8,  PF_NV12,    PF_GRAY16, PF_RGB24,
                                 PF_RGBA32, PF_GBRPF32, PF_RGB48,  PF_RGBA64};
  const std::pair<int, int> sizes[] = {{131, 67}, {200, 130}, {64, 64},   {17, 300},
                                       {7, 5},    {300, 17},  {129, 128}, {1, 200}};
  for_each_target([&](const char* target) {
    for (PixelFormat f : formats)
      for (const auto& [w, h] : sizes) {
        const std::string what = std::string(target) + " " + std::string(pixel_format_name(f)) +
                                 " " + std::to_string(w) + "x" + std::to_string(h);
        for (RotationMode r : {RotationMode::k90, RotationMode::k270})
          expect_twins_agree(
              f, w, h, h, w, [&](const ImageView& s, const ImageView& d) { rotate(s, d, r); }, w,
              what + " rotate " + std::to_string(static_cast<int>(r)));
        expect_twins_agree(
            f, w, h, w, h,
            [&](const ImageView& s, const ImageView& d) { rotate(s, d, RotationMode::k180); }, h,
            what + " rotate 180");
        for (MirrorAxis a : {MirrorAxis::kHorizontal, MirrorAxis::kVertical, MirrorAxis::kBoth})
          expect_twins_agree(
              f, w, h, w, h, [&](const ImageView& s, const ImageView& d) { mirror(s, d, a); },
              w * h, what + " mirror " + std::to_string(static_cast<int>(a)));
      }
  });
}

TEST(GeometrySimd, VectorPathsAreTakenOnEveryTarget) {
  // Guards against the twin tests silently comparing scalar with scalar: the common
  // shapes must build SIMD tables on every vector target.
  using geometry_detail::HTableKind;
  for_each_target([](const char* target) {
    const auto& k = geometry_detail::resize_kernels_u8();
    if (std::string(target) == "hwy_scalar") {  // one-lane vectors: the scalar twins
      EXPECT_EQ(k.hpass_u8, geometry_detail::resize_kernels_u8_scalar().hpass_u8);
      return;
    }
    EXPECT_NE(&k, &geometry_detail::resize_kernels_u8_scalar()) << target;
    EXPECT_STREQ(k.target, target);
    EXPECT_STREQ(geometry_detail::rotate_kernels().target, target);
    EXPECT_STREQ(geometry_detail::resize_float_kernels().target, target);
    const bool avx512 = std::string(target).rfind("avx3", 0) == 0;
    for (int channels : {1, 2, 3, 4}) {
      for (int mode : {1, 2, 3}) {
        const auto f = geometry_detail::make_axis_filter(1920, 1280, mode);
        geometry_detail::HPlanU8 down;
        down.filter = &f;
        down.channels = channels;
        down.shift = 20;
        down.out_elems = 1280 * channels;
        k.plan_i16(down);
        // Without AVX-512, 4 outputs of 3-channel pixels shrinking 1.5x read more than one
        // 8-sample window: that case runs the scalar pass (documented).
        const HTableKind want = avx512          ? HTableKind::kPermuteI16
                                : channels == 3 ? HTableKind::kNone
                                                : HTableKind::kBlocksI16;
        EXPECT_EQ(down.simd.kind, want) << target << " channels " << channels << " mode " << mode;
        // A 1.5x bilinear shrink of 1 or 2 channels fits one-vector windows (the cheaper
        // single-source permute); the twin tests above also run wide (3:1) shrinks.
        if (avx512 && mode == 1 && channels <= 2) EXPECT_TRUE(down.simd.narrow) << target;
        const auto g = geometry_detail::make_axis_filter(1280, 1920, mode);
        geometry_detail::HPlanU8 up;
        up.filter = &g;
        up.channels = channels;
        up.shift = 7;
        up.out_elems = 1920 * channels;
        k.plan_u8(up, 1280 * channels);
        EXPECT_EQ(up.simd.kind, avx512 ? HTableKind::kPermuteU8 : HTableKind::kBlocksU8)
            << target << " channels " << channels << " mode " << mode;
      }
    }
    if (avx512) {
      const auto f = geometry_detail::make_axis_filter(300, 100, 1);
      geometry_detail::HPlanU8 wide;
      wide.filter = &f;
      wide.shift = 20;
      wide.out_elems = 100;
      k.plan_i16(wide);
      EXPECT_EQ(wide.simd.kind, HTableKind::kPermuteI16) << target;
      EXPECT_FALSE(wide.simd.narrow) << target;
    }
  });
}

// Bytes that end exactly where an inaccessible page begins: any read past them faults.
class GuardedBytes {
 public:
  explicit GuardedBytes(size_t n) : page_(static_cast<size_t>(sysconf(_SC_PAGESIZE))) {
    map_bytes_ = (n + page_ - 1) / page_ * page_ + page_;
    base_ = static_cast<uint8_t*>(
        mmap(nullptr, map_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (base_ == MAP_FAILED) throw std::runtime_error("mmap failed");
    mprotect(base_ + map_bytes_ - page_, page_, PROT_NONE);
    data_ = base_ + map_bytes_ - page_ - n;
  }
  ~GuardedBytes() { munmap(base_, map_bytes_); }
  GuardedBytes(const GuardedBytes&) = delete;
  GuardedBytes& operator=(const GuardedBytes&) = delete;
  uint8_t* data() { return data_; }

 private:
  size_t page_, map_bytes_ = 0;
  uint8_t* base_ = nullptr;
  uint8_t* data_ = nullptr;
};

TEST(GeometrySimd, ResizeReadsNothingPastTheSource) {
  // Source planes with stride = row bytes whose last byte is the last readable one. The
  // horizontal passes read whole windows of a row (64 bytes on AVX3_DL, straight from
  // the caller's row), the vertical ones whole vectors: the tail of the last row must
  // be read with masked or overlapping loads. Results must still match the scalar twins.
  const Case cases[] = {{1280, 8, 1920, 12}, {1920, 12, 1280, 8}, {131, 9, 200, 14},
                        {200, 14, 131, 9},   {70, 5, 301, 9},     {33, 3, 64, 5}};
  for_each_target([&](const char* target) {
    for (PixelFormat f : {PF_GRAY8, PF_NV12, PF_RGB24})
      for (const Case& c : cases)
        for (ResizeMode m : {ResizeMode::kBilinear, ResizeMode::kBicubic, ResizeMode::kArea,
                             ResizeMode::kLanczos3, ResizeMode::kBilinearAA,
                             ResizeMode::kBicubicAA}) {
          TestImage ref(f, c.sw, c.sh), simd(f, c.dw, c.dh), scalar(f, c.dw, c.dh);
          ref.fill_random(static_cast<uint32_t>(c.sw * 7 + c.dh));
          ImageView src = ref.v;
          std::vector<std::unique_ptr<GuardedBytes>> mem;
          for (int p = 0; p < ref.desc().num_planes; ++p) {
            const size_t row = ref.row_bytes(p), h = static_cast<size_t>(ref.plane_h(p));
            mem.push_back(std::make_unique<GuardedBytes>(row * h));
            for (size_t y = 0; y < h; ++y)
              std::memcpy(mem.back()->data() + y * row, ref.v.planes[p].row(static_cast<int>(y)),
                          row);
            src.planes[p] = PlaneView{mem.back()->data(), static_cast<ptrdiff_t>(row)};
          }
          const std::string what = std::string(target) + " " + std::string(pixel_format_name(f)) +
                                   " " + std::to_string(c.sw) + "->" + std::to_string(c.dw) + " " +
                                   mode_name(m);
          resize(src, simd.v, m);
          {
            ForceScalar force;
            resize(src, scalar.v, m);
          }
          ASSERT_TRUE(simd.canaries_intact()) << what;
          EXPECT_TRUE(simd.same_pixels(scalar)) << what;
        }
  });
}

}  // namespace
}  // namespace framekit::test
