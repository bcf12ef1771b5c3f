// reformat (of a Frame and of a VideoFrame) and the seed's img:: tensor API, checked
// against convert_color / convert_to_tensor on the same data.
#include <gtest/gtest.h>

#include <cstring>

#include "framekit/color/color.h"
#include "framekit/color/reformat.h"
#include "framekit/core/error.h"
#include "framekit/frame/video_frame.h"
#include "testing/color_reference.h"

namespace framekit {
namespace {

using color_ref::OwnedImage;

Frame random_frame(const PixelInfo& info, int w, int h, uint32_t seed) {
  Frame f(w, h, info);
  color_ref::fill(f.view(), seed, true);
  return f;
}

double frame_diff(const Frame& a, const Frame& b) {
  return color_ref::max_diff(a.view(), b.view());
}

TEST(ColorFrame, ReformatEqualsConvertColor) {
  const Frame nv12 = random_frame(PixelInfo(PF_NV12, CS_BT709), 64, 36, 1);
  for (PixelFormat f : {PF_RGB24, PF_BGRA32, PF_YUV420P, PF_P010LE, PF_GBRPF32, PF_GRAY8}) {
    const Frame out = reformat(nv12, PixelInfo(f));
    ASSERT_EQ(out.format(), f);
    ASSERT_EQ(out.width(), 64);
    Frame want(64, 36, out.pix_info());
    convert_color(nv12.view(), want.view());
    EXPECT_EQ(frame_diff(out, want), 0.0) << pixel_format_name(f);
  }
  // The matrix taken from the source is written into the new frame's info.
  EXPECT_EQ(reformat(nv12, PixelInfo(PF_YUV420P)).pix_info().space(), CS_BT709);
  EXPECT_EQ(reformat(nv12, PixelInfo(PF_RGB24)).pix_info(), PixelInfo(PF_RGB24));
  EXPECT_THROW(reformat(Frame(), PixelInfo(PF_RGB24)), Error);
  EXPECT_THROW(reformat(nv12, PixelInfo()), Error);
}

TEST(ColorFrame, VideoFrameReformatKeepsProperties) {
  VideoFrame vf(random_frame(PixelInfo(PF_NV12), 32, 16, 2));
  vf.set_pts(1001);
  vf.set_time_base({1, 30000});
  vf.metadata()["k"] = "v";
  const VideoFrame out = reformat(vf, PixelInfo(PF_RGB24));
  EXPECT_EQ(out.frame().format(), PF_RGB24);
  EXPECT_EQ(out.pts(), 1001);
  EXPECT_EQ(out.time_base(), (Rational{1, 30000}));
  EXPECT_EQ(out.metadata().at("k"), "v");
}

// The seed: mp.img.rgb_to_yuv(out_frame.data(), src_frame.plane(0), NV12, kNHWC).
TEST(ColorFrame, SeedRgbToYuvIntoNv12Frame) {
  const PixelInfo nv12(PF_NV12, CS_BT470BG, CR_MPEG);
  const PixelInfo rgb(PF_RGB24, CS_BT709, CR_MPEG);
  const Frame src = random_frame(rgb, 64, 48, 3);
  Frame out(64, 48, nv12);
  TensorList planes = out.data();
  img::rgb_to_yuv(planes, src.plane(0), nv12, img::kNHWC);
  // The RGB tensor is full-range RGB; the YUV side is nv12's BT.601 limited.
  Frame want(64, 48, nv12);
  convert_color(src.with_pix_info(PixelInfo(PF_RGB24)).view(), want.view());
  EXPECT_EQ(frame_diff(out, want), 0.0);
  const TensorList alloc = img::rgb_to_yuv(src.plane(0), nv12);
  EXPECT_EQ(frame_diff(Frame(alloc, nv12), want), 0.0);
}

TEST(ColorFrame, YuvToRgbLayoutsAndDtypes) {
  const PixelInfo info(PF_YUV420P, CS_BT709, CR_MPEG);
  const Frame src = random_frame(info, 40, 20, 4);
  Frame rgb(40, 20, PixelInfo(PF_RGB24));
  convert_color(src.view(), rgb.view());
  const Tensor nhwc = img::yuv_to_rgb(src.data(), info, img::kNHWC);
  ASSERT_EQ(nhwc.shape(), (SizeArray{20, 40, 3}));
  EXPECT_EQ(
      std::memcmp(nhwc.data<uint8_t>(), rgb.plane(0).contiguous().data<uint8_t>(), 40 * 20 * 3), 0);
  const Tensor nchw = img::yuv_to_rgb(src.data(), info, img::kNCHW);
  ASSERT_EQ(nchw.shape(), (SizeArray{3, 20, 40}));
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < 20; ++y)
      for (int x = 0; x < 40; ++x)
        ASSERT_EQ(nchw.data<uint8_t>()[(c * 20 + y) * 40 + x],
                  rgb.view().planes[0].row(y)[3 * x + c]);
  // A float destination and a 4-channel one.
  Tensor f = Tensor::empty({3, 20, 40}, kFloat32);
  img::yuv_to_rgb(f, src.data(), info, img::kNCHW);
  EXPECT_NEAR(f.data<float>()[5], nchw.data<uint8_t>()[5] / 255.0F, 0.6F / 255.0F);
  Tensor rgba = Tensor::empty({20, 40, 4}, kUInt8);
  img::yuv_to_rgb(rgba, src.data(), info, img::kNHWC);
  EXPECT_EQ(rgba.data<uint8_t>()[3], 255);
}

TEST(ColorFrame, BatchedTensors) {
  const PixelInfo info(PF_NV12);
  Tensor batch = Tensor::empty({2, 16, 24, 3}, kUInt8);
  for (int64_t i = 0; i < batch.numel(); ++i)
    batch.data<uint8_t>()[i] = static_cast<uint8_t>(i * 7);
  const TensorList yuv = img::rgb_to_yuv(batch, info);
  ASSERT_EQ(yuv[0].shape(), (SizeArray{2, 16, 24, 1}));
  ASSERT_EQ(yuv[1].shape(), (SizeArray{2, 8, 12, 2}));
  for (int n = 0; n < 2; ++n) {
    const TensorList one = img::rgb_to_yuv(batch.select(0, n), info);
    const Frame a(TensorList{yuv[0].select(0, n), yuv[1].select(0, n)}, info);
    EXPECT_EQ(frame_diff(a, Frame(one, info)), 0.0);
  }
  const Tensor back = img::yuv_to_rgb(yuv, info);
  EXPECT_EQ(back.shape(), (SizeArray{2, 16, 24, 3}));
}

TEST(ColorFrame, YuvToYuv) {
  const PixelInfo src_info(PF_NV12, CS_BT709, CR_MPEG),
      dst_info(PF_YUV420P10LE, CS_BT2020_NCL, CR_JPEG);
  const Frame src = random_frame(src_info, 30, 10, 5);
  const TensorList out = img::yuv_to_yuv(src.data(), dst_info, src_info);
  Frame want(30, 10, dst_info);
  convert_color(src.view(), want.view());
  EXPECT_EQ(frame_diff(Frame(out, dst_info), want), 0.0);
}

TEST(ColorFrame, Normalize) {
  Tensor src = Tensor::empty({2, 3, 3}, kUInt8);  // NCHW, C = 2
  for (int i = 0; i < 18; ++i) src.data<uint8_t>()[i] = static_cast<uint8_t>(i * 10);
  const Tensor out = img::normalize(src, {10.0F, 20.0F}, {2.0F, 4.0F}, img::kNCHW);
  for (int i = 0; i < 18; ++i) {
    const int c = i / 9;
    EXPECT_FLOAT_EQ(out.data<float>()[i], (i * 10 - (c ? 20.0F : 10.0F)) / (c ? 4.0F : 2.0F));
  }
  const Tensor hwc =
      img::normalize(src.permute({1, 2, 0}), {10.0F, 20.0F}, {2.0F, 4.0F}, img::kNHWC);
  EXPECT_FLOAT_EQ(hwc.data<float>()[1], (90 - 20.0F) / 4.0F);  // (y0, x0, c1) = src[c1, 0, 0]
  EXPECT_THROW(img::normalize(src, {1.0F, 2.0F, 3.0F}, {1.0F}, img::kNCHW), Error);
  EXPECT_THROW(img::normalize(src, {1.0F}, {0.0F}, img::kNCHW), Error);
}

TEST(ColorFrame, ToTensorAndBack) {
  // In-gamut YUV (made from RGB) so the RGB tensor can hold it.
  const Frame nv12 = reformat(random_frame(PixelInfo(PF_RGB24), 48, 32, 6), PixelInfo(PF_NV12));
  TensorConvertOptions opt;
  opt.normalize.mean = {0.485F, 0.456F, 0.406F, 0};
  opt.normalize.std = {0.229F, 0.224F, 0.225F, 1};
  const Tensor t = img::to_tensor(nv12, img::kNCHW, kFloat32, opt);
  ASSERT_EQ(t.shape(), (SizeArray{3, 32, 48}));
  std::vector<float> want(3 * 32 * 48);
  convert_to_tensor(nv12.view(),
                    ImageTensorView::contiguous(want.data(), kFloat32, kNCHW, 3, 32, 48), opt);
  EXPECT_EQ(std::memcmp(t.data<float>(), want.data(), want.size() * 4), 0);
  const Frame back = img::from_tensor(t, PixelInfo(PF_NV12), img::kNCHW, opt);
  EXPECT_LE(frame_diff(back, nv12), 3.0);
}

}  // namespace
}  // namespace framekit
