// The planner: output size (aspect ratio), output pixel info, order of steps.
#include <gtest/gtest.h>

#include "framekit/convert/convert.h"
#include "testing/convert_test_util.h"

using namespace framekit;
using fk_test::expect_error;

TEST(ConvertPlan, TargetSizeKeepsAspectWhenOneSideIsGiven) {
  // The seed: 640x320 with width 1920 gives 1920x960.
  EXPECT_EQ(target_size(640, 320, MediaDesc().width(1920)), std::make_pair(1920, 960));
  EXPECT_EQ(target_size(640, 320, MediaDesc().height(960)), std::make_pair(1920, 960));
  EXPECT_EQ(target_size(1920, 1080, MediaDesc().width(1280)), std::make_pair(1280, 720));
  EXPECT_EQ(target_size(1920, 1080, MediaDesc().width(300).height(200)), std::make_pair(300, 200));
  EXPECT_EQ(target_size(1920, 1080, MediaDesc()), std::make_pair(1920, 1080));
  // Rounded to nearest (333 * 500 / 1000 = 166.5), never 0.
  EXPECT_EQ(target_size(1000, 333, MediaDesc().width(500)), std::make_pair(500, 167));
  EXPECT_EQ(target_size(1000, 1, MediaDesc().width(10)), std::make_pair(10, 1));
  expect_error([] { target_size(640, 320, MediaDesc().width(0)); }, ErrorCode::kInvalidArgument,
               {"width 0"});
  expect_error([] { target_size(640, 320, MediaDesc().height(-4)); }, ErrorCode::kInvalidArgument,
               {"height -4"});
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
  EXPECT_EQ(plan.str(), "1920x1080 " + PixelInfo(PF_YUV420P).str() +
                            " (cpu) -> scale 1280x720 -> reformat " + PixelInfo(PF_RGB24).str());
}

// The orders below are the faster ones as bench_interop measures them on one core
// (1080p): the planner's model must pick them.
TEST(ConvertPlan, OrdersFollowTheMeasuredCosts) {
  using Step = ConvertPlan::Step;
  struct Case {
    int sw, sh;
    PixelFormat from;
    int dw, dh;
    PixelFormat to;
    Step first;
  };
  for (const Case& c : {
           // Upscaling YUV 4:2:0 to RGB: scaling interleaved RGB costs more per output
           // byte than scaling planes, so scale the YUV (810 µs vs 940 µs measured).
           Case{640, 360, PF_YUV420P, 1920, 1080, PF_RGB24, Step::kScale},
           // Upscaling RGB to YUV: convert the small frame, then scale 1.5 B/px planes.
           Case{640, 320, PF_RGB24, 1920, 960, PF_YUV420P, Step::kReformat},
           // Shrinking RGB to NV12: the conversion is cheaper per byte than an RGB
           // resize, so convert first and shrink NV12 (680 µs vs 855 µs measured).
           Case{1920, 1080, PF_RGB24, 1280, 720, PF_NV12, Step::kReformat},
       }) {
    const auto plan = plan_convert(c.sw, c.sh, PixelInfo(c.from), Device(),
                                   MediaDesc().width(c.dw).height(c.dh).pixel_format(c.to));
    SCOPED_TRACE(plan.str());
    ASSERT_EQ(plan.ops.size(), 2u);
    EXPECT_EQ(plan.ops[0].step, c.first);
    EXPECT_EQ(plan.ops[1].width, c.dw);
    EXPECT_EQ(plan.ops[1].info.format(), c.to);
    EXPECT_LE(plan.cost, plan.other_order_cost);
  }
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
  EXPECT_TRUE(plan_convert(64, 48, PixelInfo(PF_NV12), Device(), MediaDesc().width(64).height(48))
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
