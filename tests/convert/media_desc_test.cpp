#include <gtest/gtest.h>

#include "framekit/convert/media_desc.h"
#include "testing/convert_test_util.h"

using namespace framekit;
using fk_test::expect_error;

TEST(MediaDesc, ChainableSettersAndGetters) {
  MediaDesc dp;
  EXPECT_TRUE(dp.empty());
  dp.width(1920)
      .height(1080)
      .device(Device("cpu"))
      .pixel_format(PF_YUV420P)
      .color_space(CS_BT709)
      .color_range(CR_JPEG)
      .media_type(MediaType::kAVFrame);
  EXPECT_EQ(dp.width(), 1920);
  EXPECT_EQ(dp.height(), 1080);
  EXPECT_EQ(dp.device().type(), Device::kCPU);
  EXPECT_EQ(dp.pixel_format(), PF_YUV420P);
  EXPECT_EQ(dp.color_space(), CS_BT709);
  EXPECT_EQ(dp.color_range(), CR_JPEG);
  EXPECT_EQ(dp.media_type(), MediaType::kAVFrame);
  EXPECT_FALSE(dp.is_video_frame());
  EXPECT_FALSE(dp.empty());
  EXPECT_EQ(dp.str(),
            "{width=1920, height=1080, pixel_format=yuv420p, color_space=bt709, "
            "color_range=pc, device=cpu, media_type=AVFrame}");
  // The seed's alias names the same type.
  EXPECT_EQ(MediaType::kBMFVideoFrame, MediaType::kVideoFrame);
}

TEST(MediaDesc, HasValuePerField) {
  MediaDesc dp;
  dp.width(1920).device(Device("cpu")).pixel_format(PF_YUV420P);
  EXPECT_TRUE(dp.width.has_value());
  EXPECT_FALSE(dp.height.has_value());
  EXPECT_TRUE(dp.device.has_value());
  EXPECT_TRUE(dp.pixel_format.has_value());
  EXPECT_FALSE(dp.media_type.has_value());
  EXPECT_FALSE(dp.pixel_info.has_value());
  EXPECT_TRUE(dp.is_video_frame());
  EXPECT_EQ(dp.height.value_or(7), 7);
  dp.width.reset();
  EXPECT_FALSE(dp.width.has_value());
  expect_error([&] { (void)dp.height(); }, ErrorCode::kInvalidArgument, {"height", "not set"});
}

TEST(MediaDesc, CopiesAreIndependentAndChainToThemselves) {
  MediaDesc a;
  a.width(640).pixel_format(PF_NV12);
  MediaDesc b = a;
  // b's setters must return b, not a (the fields point back at their owner).
  MediaDesc& r = b.width(1280).height(720);
  EXPECT_EQ(&r, &b);
  EXPECT_EQ(a.width(), 640);
  EXPECT_FALSE(a.height.has_value());
  EXPECT_EQ(b.width(), 1280);
  EXPECT_EQ(b.pixel_format(), PF_NV12);
  MediaDesc c;
  c = b;
  EXPECT_EQ(&c.height(360), &c);
  EXPECT_EQ(b.height(), 720);
  EXPECT_EQ(c.height(), 360);
}

TEST(MediaDesc, PixelInfoMustAgreeWithFields) {
  MediaDesc d;
  d.pixel_info(PixelInfo(PF_NV12, CS_BT709, CR_MPEG));
  EXPECT_EQ(d.format_or_none(), PF_NV12);
  d.pixel_format(PF_NV12).color_space(CS_BT709);
  EXPECT_NO_THROW(d.check_consistent());
  d.pixel_format(PF_RGB24);
  expect_error([&] { d.check_consistent(); }, ErrorCode::kInvalidArgument,
               {"pixel_format rgb24", "nv12"});
  MediaDesc e;
  e.pixel_info(PixelInfo(PF_NV12)).color_space(CS_BT2020_NCL);  // fills an unspecified field
  EXPECT_NO_THROW(e.check_consistent());
  e.pixel_info(PixelInfo(PF_NV12, CS_BT709));
  expect_error([&] { e.check_consistent(); }, ErrorCode::kInvalidArgument, {"color_space"});
  EXPECT_EQ(MediaDesc().format_or_none(), PF_NONE);
}

TEST(MediaDesc, MediaTypeNames) {
  EXPECT_EQ(media_type_name(MediaType::kAVFrame), "AVFrame");
  EXPECT_EQ(media_type_name(MediaType::kCVMat), "cv::Mat");
  EXPECT_EQ(media_type_name(MediaType::kATTensor), "at::Tensor");
  EXPECT_EQ(media_type_name(MediaType::kTensor), "framekit::Tensor");
  EXPECT_EQ(media_type_name(static_cast<MediaType>(42)), "unknown");
  std::ostringstream os;
  os << static_cast<MediaType>(42);
  EXPECT_EQ(os.str(), "MediaType(42)");
}
