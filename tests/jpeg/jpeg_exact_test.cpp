// Bit-exactness against libjpeg-turbo: with the accurate DCT, default tables and no
// restart interval, the entropy-coded data must equal tjCompressFromYUVPlanes' for the
// same planes and quality.
#include <gtest/gtest.h>

#include "testing/jpeg_test_util.h"

namespace framekit::jpeg {
namespace {

using testing::make_image;
using testing::planar_info;
using testing::scan_data;
using testing::tj_encode_planes;

const char* name(Subsampling s) {
  switch (s) {
    case Subsampling::k420:
      return "420";
    case Subsampling::k422:
      return "422";
    case Subsampling::k444:
      return "444";
    case Subsampling::kGray:
      return "gray";
    case Subsampling::k440:
      return "440";
  }
  return "?";
}

void expect_same_scan(const testing::OwnedImage& img, Subsampling s, int quality,
                      const EncodeParams& params) {
  const ImageView& v = img.view;
  const uint8_t* planes[3] = {v.planes[0].data, v.planes[1].data, v.planes[2].data};
  const int strides[3] = {static_cast<int>(v.planes[0].stride),
                          static_cast<int>(v.planes[1].stride),
                          static_cast<int>(v.planes[2].stride)};
  const auto ref = tj_encode_planes(planes, strides, v.width, v.height, s, quality);
  const auto ours = encode(v, params);
  const auto ref_scan = scan_data(ref);
  const auto our_scan = scan_data(ours);
  ASSERT_EQ(our_scan.size(), ref_scan.size())
      << name(s) << " " << v.width << "x" << v.height << " q" << quality;
  ASSERT_TRUE(our_scan == ref_scan)
      << name(s) << " " << v.width << "x" << v.height << " q" << quality;
  // The headers follow libjpeg's layout too, so the whole file matches.
  EXPECT_TRUE(ours == ref) << name(s) << " " << v.width << "x" << v.height << " q" << quality;
}

class ExactTest : public ::testing::TestWithParam<Subsampling> {};

TEST_P(ExactTest, EveryQualityMatchesTurboJpeg) {
  const Subsampling s = GetParam();
  const auto img = make_image(planar_info(s), 35, 21, 7);
  for (int q = 1; q <= 100; ++q) {
    EncodeParams p;
    p.quality = q;
    expect_same_scan(img, s, q, p);
  }
}

TEST_P(ExactTest, OddSizesMatchTurboJpeg) {
  const Subsampling s = GetParam();
  const int sizes[][2] = {{1, 1},   {2, 1},   {1, 2},   {3, 3},   {7, 5},    {8, 8},
                          {9, 9},   {15, 17}, {16, 16}, {17, 15}, {31, 33},  {33, 31},
                          {64, 48}, {97, 71}, {130, 3}, {3, 130}, {257, 129}};
  for (const auto& sz : sizes) {
    for (int q : {50, 75, 95}) {
      EncodeParams p;
      p.quality = q;
      expect_same_scan(make_image(planar_info(s), sz[0], sz[1], sz[0] * 31 + sz[1]), s, q, p);
    }
  }
}

TEST_P(ExactTest, RawLimitedRangeMatchesTurboJpeg) {
  // `raw` codes limited-range samples unchanged, as a hardware encoder would.
  const Subsampling s = GetParam();
  PixelInfo info = planar_info(s).with_range(CR_MPEG);
  const auto img = make_image(info, 45, 29, 3);
  EncodeParams p;
  p.raw = true;
  p.quality = 85;
  expect_same_scan(img, s, 85, p);
}

TEST_P(ExactTest, StridesAndLargerImage) {
  const Subsampling s = GetParam();
  const auto img = make_image(planar_info(s), 333, 207, 11, 29);
  EncodeParams p;
  p.quality = 90;
  expect_same_scan(img, s, 90, p);
}

INSTANTIATE_TEST_SUITE_P(Jpeg, ExactTest,
                         ::testing::Values(Subsampling::k420, Subsampling::k422, Subsampling::k444,
                                           Subsampling::kGray),
                         [](const auto& info) { return std::string(name(info.param)); });

}  // namespace
}  // namespace framekit::jpeg
