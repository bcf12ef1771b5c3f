// convert() without pixel kernels: registry, errors, relabelling, the kTensor
// convertor and the Frame ↔ tensor layouts.
#include <gtest/gtest.h>

#include "framekit/color/reformat.h"
#include "framekit/convert/convert.h"
#include "framekit/convert/tensor.h"
#include "framekit/geometry/geometry.h"
#include "testing/convert_test_util.h"

using namespace framekit;
using fk_test::expect_error;

namespace {

VideoFrame make_vf(int w, int h, PixelFormat f) {
  VideoFrame vf = VideoFrame::make(w, h, PixelInfo(f));
  fk_test::fill_pattern(vf.frame());
  vf.set_pts(42);
  vf.set_time_base({1, 25});
  vf.metadata()["k"] = "v";
  return vf;
}

}  // namespace

TEST(Convert, NothingToDoSharesMemoryAndKeepsProps) {
  VideoFrame vf = make_vf(64, 48, PF_NV12);
  VideoFrame out = convert(vf, MediaDesc{}, MediaDesc{});
  EXPECT_EQ(out.frame().plane_data(0), vf.frame().plane_data(0));
  EXPECT_EQ(out.pts(), 42);
  EXPECT_EQ(out.time_base(), (Rational{1, 25}));
  EXPECT_EQ(out.metadata().at("k"), "v");
  // Same size and format spelled out: still nothing to do.
  out = convert(vf, MediaDesc{}, MediaDesc().width(64).height(48).pixel_format(PF_NV12));
  EXPECT_EQ(out.frame().plane_data(1), vf.frame().plane_data(1));
  // A label that does not change samples is applied without touching pixels.
  out = convert(vf, MediaDesc{}, MediaDesc().color_space(CS_BT470BG).color_range(CR_MPEG));
  EXPECT_EQ(out.frame().plane_data(0), vf.frame().plane_data(0));
  EXPECT_EQ(out.frame().pix_info().space(), CS_BT470BG);
}

TEST(Convert, SourceDescRelabelsAndIsChecked) {
  VideoFrame vf = make_vf(64, 48, PF_NV12);
  VideoFrame out = convert(vf, MediaDesc().color_space(CS_BT709).color_range(CR_JPEG), MediaDesc{});
  EXPECT_EQ(out.frame().pix_info(), PixelInfo(PF_NV12, CS_BT709, CR_JPEG));
  EXPECT_EQ(out.frame().plane_data(0), vf.frame().plane_data(0));
  expect_error([&] { convert(vf, MediaDesc().pixel_format(PF_RGB24), MediaDesc{}); },
               ErrorCode::kTypeMismatch, {"rgb24", "nv12"});
  expect_error([&] { convert(vf, MediaDesc().width(65), MediaDesc{}); },
               ErrorCode::kInvalidArgument, {"width 65", "64"});
  expect_error([&] { convert(VideoFrame(), MediaDesc{}, MediaDesc{}); },
               ErrorCode::kInvalidArgument, {"no frame", "media_type"});
}

TEST(Convert, UnregisteredMediaTypesAreClearErrors) {
  VideoFrame vf = make_vf(16, 16, PF_RGB24);
  // OpenCV and libtorch adapters are not linked into this test.
  EXPECT_FALSE(has_convertor(MediaType::kCVMat));
  expect_error([&] { convert(vf, MediaDesc{}, MediaDesc().media_type(MediaType::kCVMat)); },
               ErrorCode::kUnsupported, {"cv::Mat", "framekit_opencv", "opencv.h"});
  expect_error([&] { convert(vf, MediaDesc().media_type(MediaType::kATTensor), MediaDesc{}); },
               ErrorCode::kUnsupported, {"at::Tensor", "framekit_torch"});
  expect_error([&] { convert(vf, MediaDesc{}, MediaDesc().media_type(static_cast<MediaType>(9))); },
               ErrorCode::kUnsupported, {"MediaType(9)"});
  expect_error([&] { register_convertor(nullptr); }, ErrorCode::kInvalidArgument, {"null"});
}

TEST(Convert, CustomConvertorsRegisterAndUnregister) {
  struct Marker {
    int value;
  };
  class MarkerConvertor final : public Convertor {
   public:
    MediaType media_type() const noexcept override { return MediaType::kCVMat; }
    VideoFrame import_frame(const VideoFrame& src, const MediaDesc&) const override {
      const Marker* m = src.private_get<Marker>();
      FK_CHECK_ARG(m != nullptr, "no marker");
      return VideoFrame::make(m->value, m->value, PixelInfo(PF_GRAY8));
    }
    void check_exportable(const PixelInfo& info, int, int, const Device&) const override {
      FK_CHECK(info.format() == PF_GRAY8, ErrorCode::kUnsupported, "gray only");
    }
    VideoFrame export_frame(const VideoFrame& vf, const MediaDesc&) const override {
      VideoFrame out = vf;
      out.private_attach(std::make_shared<Marker>(Marker{vf.width()}));
      return out;
    }
  };
  register_convertor(std::make_shared<MarkerConvertor>());
  VideoFrame src;
  src.private_attach(std::make_shared<Marker>(Marker{12}));
  VideoFrame in = convert(src, MediaDesc().media_type(MediaType::kCVMat), MediaDesc{});
  EXPECT_EQ(in.width(), 12);
  VideoFrame out = convert(in, MediaDesc{}, MediaDesc().media_type(MediaType::kCVMat));
  ASSERT_NE(out.private_get<Marker>(), nullptr);
  EXPECT_EQ(out.private_get<Marker>()->value, 12);
  // check_exportable runs before any pixel work.
  expect_error(
      [&] {
        convert(in, MediaDesc{}, MediaDesc().pixel_format(PF_RGB24).media_type(MediaType::kCVMat));
      },
      ErrorCode::kUnsupported, {"gray only"});
  unregister_convertor(MediaType::kCVMat);
  EXPECT_FALSE(has_convertor(MediaType::kCVMat));
  expect_error([&] { convert(src, MediaDesc().media_type(MediaType::kCVMat), MediaDesc{}); },
               ErrorCode::kUnsupported, {"cv::Mat"});
}

TEST(Convert, TensorMediaTypeBothWaysZeroCopy) {
  VideoFrame vf = make_vf(40, 30, PF_RGB24);
  VideoFrame out = convert(vf, MediaDesc{}, MediaDesc().media_type(MediaType::kTensor));
  const Tensor* t = out.private_get<Tensor>();
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->shape(), (SizeArray{30, 40, 3}));
  EXPECT_EQ(t->unsafe_data(), vf.frame().plane_data(0));
  EXPECT_EQ(t->data<uint8_t>()[3 * 5 + 1], vf.frame().plane(0).data<uint8_t>()[3 * 5 + 1]);

  VideoFrame holder;
  holder.private_attach(std::make_shared<Tensor>(*t));
  VideoFrame back = convert(
      holder, MediaDesc().pixel_format(PF_RGB24).media_type(MediaType::kTensor), MediaDesc{});
  EXPECT_EQ(back.frame().format(), PF_RGB24);
  EXPECT_EQ(back.frame().plane_data(0), vf.frame().plane_data(0));
  // Without a format a 3-channel uint8 tensor reads as RGB24.
  back = convert(holder, MediaDesc().media_type(MediaType::kTensor), MediaDesc{});
  EXPECT_EQ(back.frame().format(), PF_RGB24);
  // Another reading of 3 channels is allowed when asked for.
  back = convert(holder, MediaDesc().pixel_format(PF_BGR24).media_type(MediaType::kTensor),
                 MediaDesc{});
  EXPECT_EQ(back.frame().format(), PF_BGR24);

  expect_error(
      [&] {
        convert(make_vf(8, 8, PF_YUV420P), MediaDesc{}, MediaDesc().media_type(MediaType::kTensor));
      },
      ErrorCode::kUnsupported, {"yuv420p", "pixel_format"});
  expect_error(
      [&] { convert(VideoFrame(), MediaDesc().media_type(MediaType::kTensor), MediaDesc{}); },
      ErrorCode::kInvalidArgument, {"no framekit::Tensor is attached"});
  expect_error(
      [&] {
        convert(holder, MediaDesc().pixel_format(PF_RGBA32).media_type(MediaType::kTensor),
                MediaDesc{});
      },
      ErrorCode::kInvalidArgument, {"rgba", "4 channel"});
}

TEST(FrameTensor, PackedFormatsAreHwcViews) {
  Frame f(7, 5, PixelInfo(PF_BGRA32));
  fk_test::fill_pattern(f);
  Tensor hwc = frame_to_tensor(f);
  EXPECT_EQ(hwc.shape(), (SizeArray{5, 7, 4}));
  Tensor chw = frame_to_tensor(f, kNCHW);
  EXPECT_EQ(chw.shape(), (SizeArray{4, 5, 7}));
  const auto* base = static_cast<const uint8_t*>(f.plane_data(0));
  const int64_t row = f.plane_stride_bytes(0);
  for (int c = 0; c < 4; ++c)
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 7; ++x) {
        const uint8_t expect = base[y * row + x * 4 + c];
        ASSERT_EQ(static_cast<const uint8_t*>(
                      chw.unsafe_data())[c * chw.stride(0) + y * chw.stride(1) + x * chw.stride(2)],
                  expect);
      }
  // And back: a CHW view of HWC memory is still zero-copy.
  bool copied = true;
  Frame g = tensor_to_frame(chw, PixelInfo(PF_BGRA32), kNCHW, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(g.plane_data(0), f.plane_data(0));
  EXPECT_EQ(fk_test::tight_bytes(g), fk_test::tight_bytes(f));
}

TEST(FrameTensor, PlanarRgbIsChwInRgbOrder) {
  // A CHW tensor (R, G, B planes) becomes GBRP without a copy, and goes back as the
  // very same view.
  Tensor chw = Tensor::empty({3, 6, 10}, kUInt8);
  auto* p = chw.data<uint8_t>();
  for (int i = 0; i < 3 * 60; ++i) p[i] = static_cast<uint8_t>(i * 7);
  bool copied = true;
  Frame f = tensor_to_frame(chw, PixelInfo(), std::nullopt, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(f.format(), PF_GBRP);
  EXPECT_EQ(f.plane_data(2), chw.unsafe_data());                       // R
  EXPECT_EQ(static_cast<uint8_t*>(f.plane_data(0))[3], p[60 + 3]);     // G
  EXPECT_EQ(static_cast<uint8_t*>(f.plane_data(1))[13], p[120 + 13]);  // B
  Tensor back = frame_to_tensor(f, std::nullopt, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(back.unsafe_data(), chw.unsafe_data());
  EXPECT_EQ(back.strides(), chw.strides());

  // A framekit-allocated GBRP frame lays planes out G, B, R: CHW needs a copy.
  Frame g(10, 6, PixelInfo(PF_GBRP));
  fk_test::fill_pattern(g);
  Tensor t = frame_to_tensor(g, kNCHW, &copied);
  EXPECT_TRUE(copied);
  for (int y = 0; y < 6; ++y)
    for (int x = 0; x < 10; ++x) {
      ASSERT_EQ(t.data<uint8_t>()[0 * 60 + y * 10 + x], fk_test::pattern_byte(2, y, x));
      ASSERT_EQ(t.data<uint8_t>()[1 * 60 + y * 10 + x], fk_test::pattern_byte(0, y, x));
      ASSERT_EQ(t.data<uint8_t>()[2 * 60 + y * 10 + x], fk_test::pattern_byte(1, y, x));
    }
  Tensor hwc = frame_to_tensor(g, kNHWC, &copied);
  EXPECT_TRUE(copied);
  EXPECT_EQ(hwc.shape(), (SizeArray{6, 10, 3}));
  EXPECT_EQ(hwc.data<uint8_t>()[(2 * 10 + 3) * 3 + 0], fk_test::pattern_byte(2, 2, 3));
}

TEST(FrameTensor, FloatHwcIsCopiedToPlanarFloat) {
  Tensor hwc = Tensor::empty({4, 5, 3}, kFloat32);
  for (int i = 0; i < 60; ++i) hwc.data<float>()[i] = 0.5f * static_cast<float>(i);
  bool copied = false;
  Frame f = tensor_to_frame(hwc, PixelInfo(), std::nullopt, &copied);
  EXPECT_TRUE(copied);
  EXPECT_EQ(f.format(), PF_GBRPF32);
  const float* r = static_cast<const float*>(f.plane_data(2));
  const float* g = static_cast<const float*>(f.plane_data(0));
  EXPECT_FLOAT_EQ(r[7], hwc.data<float>()[7 * 3 + 0]);
  EXPECT_FLOAT_EQ(g[7], hwc.data<float>()[7 * 3 + 1]);
}

TEST(FrameTensor, StridedAndBatchedInputs) {
  // A column-sliced HWC tensor keeps its row stride: still a view.
  Tensor big = Tensor::zeros({8, 16, 3}, kUInt8);
  big.data<uint8_t>()[(2 * 16 + 5) * 3 + 1] = 99;
  Tensor roi = big.slice(1, 4, 12);
  bool copied = true;
  Frame f = tensor_to_frame(roi, PixelInfo(PF_RGB24), std::nullopt, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(f.width(), 8);
  EXPECT_EQ(static_cast<uint8_t*>(f.plane_data(0))[2 * f.plane_stride_bytes(0) + 3 + 1], 99);
  // A batch of one is fine; more is an error.
  EXPECT_EQ(tensor_to_frame(big.unsqueeze(0)).format(), PF_RGB24);
  expect_error(
      [&] {
        tensor_to_frame(Tensor::zeros({2, 8, 8, 3}, kUInt8));
      },
      ErrorCode::kInvalidArgument, {"batch of 2"});
  // Every other column: pixels are not adjacent, so a copy with the same values.
  Tensor every_other = big.slice(1, 0, 16, 2);
  f = tensor_to_frame(every_other, PixelInfo(PF_RGB24), std::nullopt, &copied);
  EXPECT_TRUE(copied);
  EXPECT_EQ(static_cast<uint8_t*>(f.plane_data(0))[2 * f.plane_stride_bytes(0) + 2 * 3 + 1], 0);
  big.data<uint8_t>()[(2 * 16 + 4) * 3 + 1] = 55;
  f = tensor_to_frame(every_other, PixelInfo(PF_RGB24), std::nullopt, &copied);
  EXPECT_EQ(static_cast<uint8_t*>(f.plane_data(0))[2 * f.plane_stride_bytes(0) + 2 * 3 + 1], 55);
  // Gray from 2-D.
  EXPECT_EQ(tensor_to_frame(Tensor::zeros({4, 4}, kUInt16)).format(), PF_GRAY16);
}

TEST(FrameTensor, BadInputsAreClearErrors) {
  expect_error([] { tensor_to_frame(Tensor()); }, ErrorCode::kInvalidArgument, {"undefined"});
  expect_error([] { tensor_to_frame(Tensor::zeros({4}, kUInt8)); }, ErrorCode::kInvalidArgument,
               {"(4)", "not an image"});
  expect_error(
      [] {
        tensor_to_frame(Tensor::zeros({4, 4, 3}, kInt32));
      },
      ErrorCode::kTypeMismatch, {"int32", "pixel format"});
  expect_error(
      [] {
        tensor_to_frame(Tensor::zeros({4, 4, 3}, kFloat32), PixelInfo(PF_RGB24));
      },
      ErrorCode::kTypeMismatch, {"rgb24", "uint8", "float32"});
  expect_error(
      [] {
        tensor_to_frame(Tensor::zeros({4, 4, 3}, kUInt8), PixelInfo(PF_NV12));
      },
      ErrorCode::kUnsupported, {"nv12", "planes"});
  expect_error([] { frame_to_tensor(Frame(8, 8, PixelInfo(PF_NV12))); }, ErrorCode::kUnsupported,
               {"nv12"});
  // An enum takes any int: only the two layouts (or none) are accepted.
  expect_error([] { frame_to_tensor(Frame(8, 8, PixelInfo(PF_RGB24)), static_cast<ChannelFormat>(7)); },
               ErrorCode::kInvalidArgument, {"frame_to_tensor", "channel format 7"});
  expect_error(
      [] {
        tensor_to_frame(Tensor::zeros({4, 4, 3}, kUInt8), PixelInfo(), static_cast<ChannelFormat>(-1));
      },
      ErrorCode::kInvalidArgument, {"tensor_to_frame", "channel format -1"});
  expect_error(
      [] {
        tensor_to_frame(Tensor::zeros({7, 9, 11}, kUInt8));
      },
      ErrorCode::kInvalidArgument, {"channel dim"});
}

// With the kernels in: the planned order and the other order give the same picture
// (smooth content, so resampling in YUV or in RGB agree within rounding), and the
// seed's aspect rule holds for real frames.
TEST(Convert, PlannedOrderMatchesTheOtherOrder) {
  VideoFrame src = VideoFrame::make(128, 96, PixelInfo(PF_YUV420P, CS_BT709, CR_MPEG));
  const ImageView v = src.frame().view();
  for (int p = 0; p < 3; ++p)
    for (int y = 0; y < v.plane_height(p); ++y)
      for (int x = 0; x < v.plane_width(p); ++x)
        v.planes[p].row(y)[x] =
            static_cast<uint8_t>(p == 0 ? 40 + (x + y) / 2 : 100 + p * 10 + x / 4);
  for (auto [w, h] : {std::pair{64, 48}, std::pair{256, 192}}) {
    SCOPED_TRACE(w);
    const MediaDesc dst = MediaDesc().width(w).height(h).pixel_format(PF_RGB24);
    const ConvertPlan plan = plan_convert(128, 96, src.frame().pix_info(), Device(), dst);
    ASSERT_EQ(plan.ops.size(), 2u);
    const Frame planned = convert(src, MediaDesc{}, dst).frame();
    // The other order, by hand.
    Frame other;
    const PixelInfo rgb = plan.dst_info;
    if (plan.ops[0].step == ConvertPlan::Step::kScale) {
      other = resize(reformat(src.frame(), rgb), w, h,
                     w < 128 ? ResizeMode::kArea : ResizeMode::kBilinear);
    } else {
      other = reformat(
          resize(src.frame(), w, h, w < 128 ? ResizeMode::kArea : ResizeMode::kBilinear), rgb);
    }
    ASSERT_EQ(planned.width(), w);
    const ImageView a = planned.view(), b = other.view();
    int worst = 0;
    for (int y = 2; y < h - 2; ++y)
      for (int x = 6; x < (w - 2) * 3; ++x)
        worst = std::max(worst, std::abs(a.planes[0].row(y)[x] - b.planes[0].row(y)[x]));
    EXPECT_LE(worst, 3) << plan.str();
  }
  VideoFrame seed = VideoFrame::make(640, 320, PixelInfo(PF_RGB24));
  VideoFrame out = convert(seed, MediaDesc{}, MediaDesc().width(1920).pixel_format(PF_YUV420P));
  EXPECT_EQ(out.width(), 1920);
  EXPECT_EQ(out.height(), 960);
  EXPECT_EQ(out.frame().format(), PF_YUV420P);
}
