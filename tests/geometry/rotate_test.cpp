// rotate against cv::rotate (bit for bit, every plane of every format), and 4:2:2
// rotation by 90/270 against a reference of the documented chroma resampling.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "testing/geometry_test_util.h"

namespace framekit::test {
namespace {

struct Size2 {
  int w, h;
};
const std::vector<Size2> kSizes = {{37, 23}, {130, 77}, {200, 150}, {64, 64},
                                   {1, 1},   {3, 70},   {71, 2},    {129, 66}};

int cv_code(RotationMode m) {
  return m == RotationMode::k90    ? cv::ROTATE_90_CLOCKWISE
         : m == RotationMode::k180 ? cv::ROTATE_180
                                   : cv::ROTATE_90_COUNTERCLOCKWISE;
}

bool turns(RotationMode m) {
  return m == RotationMode::k90 || m == RotationMode::k270;
}

cv::Mat cv_rotated(const cv::Mat& m, RotationMode r) {
  if (r == RotationMode::k0) return m.clone();
  cv::Mat out;
  cv::rotate(m, out, cv_code(r));
  return out;
}

// The documented 4:2:2 resampling, written from its definition: chroma is rotated as a
// plane, then pairs along the new rows are averaged (rounding up) and each row of it
// serves two output rows.
cv::Mat reshape_422_reference(const cv::Mat& rotated, int out_w, int out_h) {
  cv::Mat out(out_h, out_w, rotated.type());
  const int C = rotated.channels();
  for (int y = 0; y < out_h; ++y)
    for (int x = 0; x < out_w; ++x)
      for (int c = 0; c < C; ++c) {
        const int a = 2 * x, b = std::min(2 * x + 1, rotated.cols - 1);
        if (rotated.depth() == CV_8U) {
          const uint8_t* r = rotated.ptr<uint8_t>(y / 2);
          out.ptr<uint8_t>(y)[x * C + c] =
              static_cast<uint8_t>((r[a * C + c] + r[b * C + c] + 1) / 2);
        } else {
          const uint16_t* r = rotated.ptr<uint16_t>(y / 2);
          out.ptr<uint16_t>(y)[x * C + c] =
              static_cast<uint16_t>((r[a * C + c] + r[b * C + c] + 1) / 2);
        }
      }
  return out;
}

constexpr RotationMode kRotations[] = {RotationMode::k0, RotationMode::k90, RotationMode::k180,
                                       RotationMode::k270};

TEST(Rotate, EveryFormatMatchesOpenCV) {
  int checked = 0;
  for (const auto& d : all_pixel_formats()) {
    if (d.packed422) continue;
    for (const Size2 s : kSizes) {
      for (RotationMode r : kRotations) {
        SCOPED_TRACE(testing::Message()
                     << d.name << " " << s.w << "x" << s.h << " by " << static_cast<int>(r));
        TestImage src(d.format, s.w, s.h);
        TestImage dst(d.format, turns(r) ? s.h : s.w, turns(r) ? s.w : s.h);
        src.fill_random(s.w * 7 + s.h);
        if (turns(r) && d.format == PF_YUV440P) {
          // A quarter turn makes 4:4:0 into 4:2:2, which a same-format rotate cannot
          // hold: a clear error (io's EXIF orientation turns such planes into yuv422p).
          EXPECT_THROW(rotate(src.v, dst.v, r), Error);
          continue;
        }
        rotate(src.v, dst.v, r);
        ASSERT_TRUE(dst.canaries_intact());
        for (int p = 0; p < d.num_planes; ++p) {
          cv::Mat want = cv_rotated(src.mat(p), r);
          const bool resampled = turns(r) && d.planes[p].log2_ssx != d.planes[p].log2_ssy;
          if (resampled) want = reshape_422_reference(want, dst.plane_w(p), dst.plane_h(p));
          ASSERT_EQ(want.size(), dst.mat(p).size()) << "plane " << p;
          EXPECT_EQ(cv::norm(want, dst.mat(p), cv::NORM_INF), 0) << "plane " << p;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

TEST(Rotate, Packed422KeepsFormatWithResampledChroma) {
  for (PixelFormat f : {PF_YUYV422, PF_UYVY422, PF_YVYU422, PF_VYUY422}) {
    for (const Size2 s : {Size2{37, 23}, Size2{130, 77}, Size2{64, 64}, Size2{5, 8}}) {
      for (RotationMode r : kRotations) {
        SCOPED_TRACE(testing::Message() << pixel_format_name(f) << " " << s.w << "x" << s.h
                                        << " by " << static_cast<int>(r));
        TestImage src(f, s.w, s.h);
        TestImage dst(f, turns(r) ? s.h : s.w, turns(r) ? s.w : s.h);
        src.fill_random(3);
        rotate(src.v, dst.v, r);
        ASSERT_TRUE(dst.canaries_intact());
        const Split422 in = split_packed(src), out = split_packed(dst);
        EXPECT_EQ(cv::norm(cv_rotated(in.y, r), out.y, cv::NORM_INF), 0);
        cv::Mat want_c = cv_rotated(in.c, r);
        if (turns(r)) want_c = reshape_422_reference(want_c, out.c.cols, out.c.rows);
        EXPECT_EQ(cv::norm(want_c, out.c, cv::NORM_INF), 0);
      }
    }
  }
}

TEST(Rotate, FourQuarterTurnsGiveTheImageBack) {
  for (PixelFormat f : {PF_NV12, PF_RGB24, PF_P010LE, PF_GBRPF32, PF_YUVA420P}) {
    TestImage a(f, 70, 33), b(f, 33, 70), c(f, 70, 33), d(f, 33, 70), e(f, 70, 33);
    a.fill_random(8);
    rotate(a.v, b.v, RotationMode::k90);
    rotate(b.v, c.v, RotationMode::k90);
    rotate(c.v, d.v, RotationMode::k90);
    rotate(d.v, e.v, RotationMode::k90);
    EXPECT_TRUE(a.same_pixels(e)) << pixel_format_name(f);
    rotate(a.v, b.v, RotationMode::k270);
    rotate(b.v, c.v, RotationMode::k90);
    EXPECT_TRUE(a.same_pixels(c)) << pixel_format_name(f);
  }
}

TEST(Rotate, VideoSizesMatchOpenCV) {
  // The benchmark case, I420 1080p and NV12 4K (rows not multiples of the tile).
  for (const auto& [f, w, h] :
       {std::tuple{PF_YUV420P, 1920, 1080}, std::tuple{PF_NV12, 3840, 2160}}) {
    for (RotationMode r : {RotationMode::k90, RotationMode::k270}) {
      TestImage src(f, w, h, 0), dst(f, h, w, 0);
      src.fill_random(1);
      rotate(src.v, dst.v, r);
      for (int p = 0; p < src.desc().num_planes; ++p)
        EXPECT_EQ(cv::norm(cv_rotated(src.mat(p), r), dst.mat(p), cv::NORM_INF), 0);
    }
  }
}

}  // namespace
}  // namespace framekit::test
