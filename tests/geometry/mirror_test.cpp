// mirror against cv::flip, bit for bit, every plane of every format.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "testing/geometry_test_util.h"

namespace framekit::test {
namespace {

constexpr MirrorAxis kAxes[] = {MirrorAxis::kHorizontal, MirrorAxis::kVertical, MirrorAxis::kBoth};

int flip_code(MirrorAxis a) {
  return a == MirrorAxis::kHorizontal ? 1 : a == MirrorAxis::kVertical ? 0 : -1;
}

cv::Mat flipped(const cv::Mat& m, MirrorAxis a) {
  cv::Mat out;
  cv::flip(m, out, flip_code(a));
  return out;
}

TEST(Mirror, EveryFormatMatchesOpenCV) {
  for (const auto& d : all_pixel_formats()) {
    for (const auto& [w, h] : {std::pair{37, 23}, std::pair{200, 3}, std::pair{1, 1},
                               std::pair{64, 65}, std::pair{4, 9}}) {
      for (MirrorAxis a : kAxes) {
        SCOPED_TRACE(testing::Message()
                     << d.name << " " << w << "x" << h << " axis " << static_cast<int>(a));
        TestImage src(d.format, w, h), dst(d.format, w, h);
        src.fill_random(w + h);
        mirror(src.v, dst.v, a);
        ASSERT_TRUE(dst.canaries_intact());
        if (d.packed422) {
          // Luma and chroma are flipped as separate planes.
          const Split422 in = split_packed(src), out = split_packed(dst);
          EXPECT_EQ(cv::norm(flipped(in.y, a), out.y, cv::NORM_INF), 0);
          EXPECT_EQ(cv::norm(flipped(in.c, a), out.c, cv::NORM_INF), 0);
          continue;
        }
        for (int p = 0; p < d.num_planes; ++p)
          EXPECT_EQ(cv::norm(flipped(src.mat(p), a), dst.mat(p), cv::NORM_INF), 0) << "plane " << p;
      }
    }
  }
}

TEST(Mirror, BothAxesEqualsRotate180) {
  for (PixelFormat f : {PF_NV21, PF_RGB48, PF_YUV444P16LE}) {
    TestImage src(f, 91, 47), a(f, 91, 47), b(f, 91, 47);
    src.fill_random(4);
    mirror(src.v, a.v, MirrorAxis::kBoth);
    rotate(src.v, b.v, RotationMode::k180);
    EXPECT_TRUE(a.same_pixels(b)) << pixel_format_name(f);
  }
}

TEST(Mirror, EvenWidthPacked422IsAPixelMirror) {
  // With an even width every pixel pair maps onto a pixel pair, so mirroring YUYV
  // equals mirroring the equivalent 4:4:4 picture and subsampling again.
  TestImage src(PF_YUYV422, 40, 6), dst(PF_YUYV422, 40, 6);
  src.fill_random(5);
  mirror(src.v, dst.v, MirrorAxis::kHorizontal);
  for (int y = 0; y < 6; ++y)
    for (int k = 0; k < 20; ++k) {
      const uint8_t* s = src.v.planes[0].row(y) + 4 * (19 - k);
      const uint8_t* o = dst.v.planes[0].row(y) + 4 * k;
      EXPECT_EQ(o[0], s[2]);
      EXPECT_EQ(o[2], s[0]);
      EXPECT_EQ(o[1], s[1]);
      EXPECT_EQ(o[3], s[3]);
    }
}

}  // namespace
}  // namespace framekit::test
