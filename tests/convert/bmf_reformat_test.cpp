// BMF code calls vf.reformat(info) on bmf_sdk::VideoFrame (BMF's VideoFrame API). The
// member lives in the compat header (framekit's VideoFrame has none: frame sits below
// color); it must give the same pixels as framekit::reformat and keep the properties.
#include <gtest/gtest.h>

#include <bmf/sdk/video_frame.h>

#include <cstring>

#include "framekit/color/color.h"
#include "framekit/color/reformat.h"

namespace {

using namespace bmf_sdk;  // as BMF code does

TEST(BmfReformat, MemberCallConvertsAndKeepsProperties) {
  auto vf = VideoFrame::make(64, 32, hmp::PixelInfo(hmp::PF_RGB24));
  // A gradient, so a conversion that dropped or swapped channels would show.
  const framekit::ImageView in = vf.frame().view();
  for (int y = 0; y < 32; ++y) {
    uint8_t* row = in.planes[0].row(y);
    for (int x = 0; x < 64; ++x) {
      row[3 * x] = static_cast<uint8_t>(4 * x);
      row[3 * x + 1] = static_cast<uint8_t>(8 * y);
      row[3 * x + 2] = static_cast<uint8_t>(255 - 4 * x);
    }
  }
  vf.set_pts(9000);
  vf.set_time_base({1, 90000});
  vf.metadata()["origin"] = "bmf";

  const hmp::PixelInfo nv12(hmp::PF_NV12, hmp::CS_BT709, hmp::CR_MPEG);
  VideoFrame out = vf.reformat(nv12);  // BMF's spelling, returns BMF's type

  EXPECT_EQ(out.width(), 64);
  EXPECT_EQ(out.height(), 32);
  EXPECT_EQ(out.frame().format(), hmp::PF_NV12);
  EXPECT_EQ(out.pts(), 9000);
  EXPECT_EQ(out.time_base(), (framekit::Rational{1, 90000}));
  EXPECT_EQ(out.metadata().at("origin"), "bmf");

  // The same pixels as an independent convert_color into a fresh frame.
  framekit::Frame want(64, 32, nv12);
  framekit::convert_color(vf.frame().view(), want.view());
  const framekit::ImageView a = out.frame().view(), b = want.view();
  for (int p = 0; p < 2; ++p) {
    for (int y = 0; y < (p == 0 ? 32 : 16); ++y) {
      ASSERT_EQ(std::memcmp(a.planes[p].row(y), b.planes[p].row(y), 64), 0)
          << "plane " << p << " row " << y;
    }
  }
  // Not a no-op: a gradient's luma is not constant.
  EXPECT_NE(a.planes[0].row(0)[0], a.planes[0].row(0)[63]);
}

TEST(BmfReformat, BadTargetThrows) {
  const auto vf = VideoFrame::make(16, 16, hmp::PixelInfo(hmp::PF_RGB24));
  EXPECT_THROW(vf.reformat(hmp::PixelInfo()), framekit::Error);
}

}  // namespace
