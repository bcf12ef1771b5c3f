// Bad input to the geometry functions: clear errors, no crash, no write outside.
#include <gtest/gtest.h>

#include <string>

#include "framekit/core/error.h"
#include "testing/geometry_test_util.h"

namespace framekit::test {
namespace {

// Expects an Error of `code` whose message contains `part`.
template <typename Fn>
void expect_error(Fn fn, ErrorCode code, const std::string& part) {
  try {
    fn();
    ADD_FAILURE() << "no error; expected one mentioning '" << part << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(GeometryErrors, MismatchedFormats) {
  TestImage a(PF_NV12, 16, 16), b(PF_YUV420P, 16, 16), c(PF_YUV420P, 8, 8);
  expect_error([&] { resize(a.v, b.v, ResizeMode::kBilinear); }, ErrorCode::kTypeMismatch,
               "differs from dst format yuv420p");
  expect_error([&] { rotate(a.v, b.v, RotationMode::k90); }, ErrorCode::kTypeMismatch, "nv12");
  expect_error([&] { mirror(a.v, b.v, MirrorAxis::kBoth); }, ErrorCode::kTypeMismatch, "nv12");
  expect_error([&] { crop_copy(a.v, 0, 0, 8, 8, c.v); }, ErrorCode::kTypeMismatch, "nv12");
}

TEST(GeometryErrors, ZeroSizesNullPlanesShortStrides) {
  TestImage a(PF_NV12, 16, 16), b(PF_NV12, 8, 8);
  ImageView zero = b.v;
  zero.width = 0;
  expect_error([&] { resize(a.v, zero, ResizeMode::kArea); }, ErrorCode::kInvalidArgument,
               "size 0x8");
  ImageView null_plane = b.v;
  null_plane.planes[1].data = nullptr;
  expect_error([&] { resize(a.v, null_plane, ResizeMode::kArea); }, ErrorCode::kInvalidArgument,
               "plane 1");
  ImageView short_stride = a.v;
  short_stride.planes[0].stride = 15;
  expect_error([&] { resize(short_stride, b.v, ResizeMode::kArea); }, ErrorCode::kInvalidArgument,
               "stride 15");
  ImageView no_format = a.v;
  no_format.info = PixelInfo();
  expect_error([&] { mirror(no_format, a.v, MirrorAxis::kBoth); }, ErrorCode::kInvalidArgument,
               "PF_NONE");
}

TEST(GeometryErrors, WrongDestinationSizes) {
  TestImage a(PF_RGB24, 20, 10), same(PF_RGB24, 20, 10), turned(PF_RGB24, 10, 20);
  expect_error([&] { rotate(a.v, same.v, RotationMode::k90); }, ErrorCode::kInvalidArgument,
               "needs 10x20");
  expect_error([&] { rotate(a.v, turned.v, RotationMode::k180); }, ErrorCode::kInvalidArgument,
               "needs 20x10");
  expect_error([&] { mirror(a.v, turned.v, MirrorAxis::kVertical); }, ErrorCode::kInvalidArgument,
               "dst is 10x20");
  EXPECT_TRUE(same.canaries_intact() && turned.canaries_intact());
}

TEST(GeometryErrors, InvalidEnumValues) {
  TestImage a(PF_GRAY8, 8, 8), b(PF_GRAY8, 8, 8);
  expect_error([&] { resize(a.v, b.v, static_cast<ResizeMode>(9)); }, ErrorCode::kInvalidArgument,
               "mode 9");
  expect_error([&] { rotate(a.v, b.v, static_cast<RotationMode>(45)); },
               ErrorCode::kInvalidArgument, "45 degrees");
  expect_error([&] { mirror(a.v, b.v, static_cast<MirrorAxis>(3)); }, ErrorCode::kInvalidArgument,
               "axis 3");
  expect_error([&] { resize(a.v, b.v, static_cast<ResizeMode>(8)); }, ErrorCode::kInvalidArgument,
               "mode 8");
  expect_error([] { parse_resize_mode("lanczos4"); }, ErrorCode::kInvalidArgument, "lanczos4");
  expect_error([] { parse_resize_mode("spline"); }, ErrorCode::kInvalidArgument, "bicubic-aa");
  EXPECT_EQ(parse_resize_mode("Cubic"), ResizeMode::kBicubic);
  EXPECT_EQ(parse_resize_mode("LANCZOS3"), ResizeMode::kLanczos3);
  EXPECT_EQ(parse_resize_mode("bilinear_aa"), ResizeMode::kBilinearAA);
  for (int m = 0; m <= 7; ++m) {
    const auto mode = static_cast<ResizeMode>(m);
    EXPECT_EQ(parse_resize_mode(resize_mode_name(mode)), mode) << m;
  }
}

TEST(GeometryErrors, OverlappingSourceAndDestination) {
  TestImage a(PF_GRAY8, 32, 32);
  ImageView half = a.v;
  half.width = 16;
  half.height = 16;
  expect_error([&] { resize(a.v, half, ResizeMode::kArea); }, ErrorCode::kInvalidArgument,
               "share memory");
  expect_error([&] { mirror(a.v, a.v, MirrorAxis::kHorizontal); }, ErrorCode::kInvalidArgument,
               "share memory");
}

TEST(GeometryErrors, CropRectangles) {
  TestImage nv12(PF_NV12, 20, 10), out(PF_NV12, 8, 4), yuyv(PF_YUYV422, 20, 10),
      yout(PF_YUYV422, 5, 3);
  expect_error([&] { crop_copy(nv12.v, 14, 0, 8, 4, out.v); }, ErrorCode::kOutOfRange,
               "outside the 20x10");
  expect_error([&] { crop_copy(nv12.v, -2, 0, 8, 4, out.v); }, ErrorCode::kOutOfRange, "(-2, 0");
  expect_error([&] { crop_copy(nv12.v, 0, 8, 8, 4, out.v); }, ErrorCode::kOutOfRange, "outside");
  expect_error([&] { crop_copy(nv12.v, 0, 0, 0, 4, out.v); }, ErrorCode::kInvalidArgument,
               "size 0x4");
  expect_error([&] { crop_copy(nv12.v, 3, 2, 8, 4, out.v); }, ErrorCode::kInvalidArgument,
               "multiple of 2x2");
  expect_error([&] { crop_copy(nv12.v, 2, 1, 8, 4, out.v); }, ErrorCode::kInvalidArgument,
               "chroma");
  expect_error([&] { crop_copy(yuyv.v, 1, 1, 5, 3, yout.v); }, ErrorCode::kInvalidArgument,
               "multiple of 2x1");
  expect_error([&] { crop_copy(nv12.v, 2, 2, 6, 4, out.v); }, ErrorCode::kInvalidArgument,
               "rectangle is 6x4");
  EXPECT_TRUE(out.canaries_intact() && yout.canaries_intact());
}

}  // namespace
}  // namespace framekit::test
