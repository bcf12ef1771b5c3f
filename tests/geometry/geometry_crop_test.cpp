// crop_copy against OpenCV ROI copies of each plane.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "testing/geometry_test_util.h"

namespace framekit::test {
namespace {

TEST(CropCopy, EveryFormatMatchesPlaneRois) {
  for (const auto& d : all_pixel_formats()) {
    const int ax = 1 << d.log2_chroma_w, ay = 1 << d.log2_chroma_h;
    for (const auto& [x, y, w, h] : {std::tuple{0, 0, 37, 23}, std::tuple{2, 4, 15, 9},
                                     std::tuple{4, 2, 1, 1}, std::tuple{10, 6, 27, 17}}) {
      const int cx = x / ax * ax, cy = y / ay * ay;
      SCOPED_TRACE(testing::Message()
                   << d.name << " (" << cx << ", " << cy << ", " << w << "x" << h << ")");
      TestImage src(d.format, 37, 23), dst(d.format, w, h);
      src.fill_random(w * h);
      crop_copy(src.v, cx, cy, w, h, dst.v);
      ASSERT_TRUE(dst.canaries_intact());
      for (int p = 0; p < d.num_planes; ++p) {
        const PlaneDesc& pd = d.planes[p];
        const cv::Rect roi(cx >> pd.log2_ssx, cy >> pd.log2_ssy, dst.plane_w(p), dst.plane_h(p));
        EXPECT_EQ(cv::norm(src.mat(p)(roi), dst.mat(p), cv::NORM_INF), 0) << "plane " << p;
      }
    }
  }
}

}  // namespace
}  // namespace framekit::test
