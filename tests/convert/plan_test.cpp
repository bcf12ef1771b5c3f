// The planner: output size (aspect ratio), output pixel info, order of steps.
#include <gtest/gtest.h>

#include "convert/test_util.h"
#include "framekit/convert/convert.h"

using namespace framekit;
using fk_test::expect_error;

TEST(ConvertPlan, TargetSizeKeepsAspectWhenOneSideIsGiven) {
  // The seed: 640x320 with width 1920 gives 1920x960.
  EXPECT_EQ(target_size(640, 320, MediaDesc().width(1920)), std::make_pair(1920, 960));
  EXPECT_EQ(target_size(640, 320, MediaDesc().height(960)), std::make_pair(1920, 960));
  EXPECT_EQ(target_size(1920, 1080, MediaDesc().width(1280)), std::make_pair(1280, 720));
  EXPECT_EQ(target_size(1920, 1080, MediaDesc().width(300).height(200)),
            std::make_pair(300, 200));
  EXPECT_EQ(target_size(1920, 1080, MediaDesc()), std::make_pair(1920, 1080));
  // Rounded to nearest (333 * 500 / 1000 = 166.5), never 0.
  EXPECT_EQ(target_size(1000, 333, MediaDesc().width(500)), std::make_pair(500, 167));
  EXPECT_EQ(target_size(1000, 1, MediaDesc().width(10)), std::make_pair(10, 1));
  expect_error([] { target_size(640, 320, MediaDesc().width(0)); }, ErrorCode::kInvalidArgument,
               {"width 0"});
  expect_error([] { target_size(640, 320, MediaDesc().height(-4)); },
               ErrorCode::kInvalidArgument, {"height -4"});
}

TEST(ConvertPlan, TargetPixelInfoInheritsWithinAFamily) {
  const PixelInfo yuv709tv(PF_YUV420P, CS_BT709, CR_MPEG, CP_BT709, CTC_BT709);
  // YUV → YUV keeps matrix, range, primaries and transfer.
  EXPECT_EQ(target_pixel_info(yuv709tv, MediaDesc().pixel_format(PF_NV12)),
            PixelInfo(PF_NV12, CS_BT709, CR_MPEG, CP_BT709, CTC_BT709));
  // A YUVJ target means full range by itself.
  EXPECT_EQ(target_pixel_info(yuv709tv, MediaDesc().pixel_format(PF_YUVJ420P)).range(),
            CR_UNSPECIFIED);
  // Across families: the target's defaults, metadata still carried.
  EXPECT_EQ(target_pixel_info(yuv709tv, MediaDesc().pixel_format(PF_RGB24)),
            PixelInfo(PF_RGB24, CS_UNSPECIFIED, CR_UNSPECIFIED, CP_BT709, CTC_BT709));
  EXPECT_EQ(target_pixel_info(PixelInfo(PF_RGB24), MediaDesc().pixel_format(PF_YUV420P)),
            PixelInfo(PF_YUV420P));
  // Explicit fields win; pixel_info gives everything.
  EXPECT_EQ(target_pixel_info(yuv709tv, MediaDesc().color_range(CR_JPEG)),
            PixelInfo(PF_YUV420P, CS_BT709, CR_JPEG, CP_BT709, CTC_BT709));
  EXPECT_EQ(target_pixel_info(PixelInfo(PF_RGB24),
                              MediaDesc().pixel_info(PixelInfo(PF_NV12, CS_BT2020_NCL, CR_JPEG))),
            PixelInfo(PF_NV12, CS_BT2020_NCL, CR_JPEG));
  // Nothing said: same format, same info.
  EXPECT_EQ(target_pixel_info(yuv709tv, MediaDesc()), yuv709tv);
}

TEST(ConvertPlan, DownscaleConvertsTheSmallFrame) {
  const auto plan = plan_convert(1920, 1080, PixelInfo(PF_YUV420P), Device(),
                                 MediaDesc().width(1280).height(720).pixel_format(PF_RGB24));
  ASSERT_EQ(plan.ops.size(), 2u) << plan.str();
  EXPECT_EQ(plan.ops[0].step, ConvertPlan::Step::kScale);
  EXPECT_EQ(plan.ops[0].info.format(), PF_YUV420P);
  EXPECT_EQ(plan.ops[1].step, ConvertPlan::Step::kReformat);
  EXPECT_EQ(plan.ops[1].width, 1280);
  EXPECT_LT(plan.cost, plan.other_order_cost);
  EXPECT_EQ(plan.str(),
            "1920x1080 " + PixelInfo(PF_YUV420P).str() +
                " (cpu) -> scale 1280x720 -> reformat " +
                PixelInfo(PF_RGB24).str());
}

TEST(ConvertPlan, UpscaleToAWiderFormatConvertsFirst) {
  // Converting 640x320 YUV to RGB and scaling the RGB moves fewer bytes than scaling
  // YUV to 1920x1080 and converting all of it.
  const auto plan = plan_convert(640, 320, PixelInfo(PF_YUV420P), Device(),
                                 MediaDesc().width(1920).height(1080).pixel_format(PF_RGB24));
  ASSERT_EQ(plan.ops.size(), 2u) << plan.str();
  EXPECT_EQ(plan.ops[0].step, ConvertPlan::Step::kReformat);
  EXPECT_EQ(plan.ops[0].width, 640);
  EXPECT_EQ(plan.ops[1].step, ConvertPlan::Step::kScale);
  EXPECT_EQ(plan.ops[1].info.format(), PF_RGB24);
  EXPECT_LT(plan.cost, plan.other_order_cost);
  // RGB → YUV while upscaling: convert the small RGB frame, then scale 1.5 B/px YUV.
  const auto p2 = plan_convert(640, 320, PixelInfo(PF_RGB24), Device(),
                               MediaDesc().width(1920).pixel_format(PF_YUV420P));
  ASSERT_EQ(p2.ops.size(), 2u);
  EXPECT_EQ(p2.ops[0].step, ConvertPlan::Step::kReformat);
  EXPECT_EQ(p2.dst_height, 960);
}

TEST(ConvertPlan, SingleStepsAndNothing) {
  auto only_scale = plan_convert(64, 48, PixelInfo(PF_NV12), Device(), MediaDesc().width(32));
  ASSERT_EQ(only_scale.ops.size(), 1u);
  EXPECT_EQ(only_scale.ops[0].step, ConvertPlan::Step::kScale);
  EXPECT_EQ(only_scale.ops[0].height, 24);
  auto only_csc =
      plan_convert(64, 48, PixelInfo(PF_NV12), Device(), MediaDesc().pixel_format(PF_BGR24));
  ASSERT_EQ(only_csc.ops.size(), 1u);
  EXPECT_EQ(only_csc.ops[0].step, ConvertPlan::Step::kReformat);
  // Same samples (unspecified resolves to the same matrix and range): nothing to do.
  EXPECT_TRUE(plan_convert(64, 48, PixelInfo(PF_NV12), Device(),
                           MediaDesc().pixel_info(PixelInfo(PF_NV12, CS_BT470BG, CR_MPEG)))
                  .ops.empty());
  EXPECT_TRUE(
      plan_convert(64, 48, PixelInfo(PF_NV12), Device(), MediaDesc().width(64).height(48))
          .ops.empty());
  // A range change is a conversion even at the same format.
  EXPECT_EQ(plan_convert(64, 48, PixelInfo(PF_NV12), Device(), MediaDesc().color_range(CR_JPEG))
                .ops.size(),
            1u);
}

TEST(ConvertPlan, MissingDeviceIsAClearError) {
  if (Device("cuda").available()) GTEST_SKIP() << "a CUDA device is present";
  expect_error(
      [] { plan_convert(64, 48, PixelInfo(PF_NV12), Device(), MediaDesc().device(Device("gpu"))); },
      ErrorCode::kDeviceUnavailable, {"cuda"});
}
