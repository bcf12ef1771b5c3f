// The at::Tensor adapter (one binary: libtorch is slow to load). Pixel values are read
// through ATen's own indexing, zero-copy is shown by data_ptr identity and writes,
// lifetimes both ways run under ASan.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "framekit/convert/convert.h"
#include "framekit/convert/torch.h"
#include "testing/convert_test_util.h"

using namespace framekit;
using namespace framekit::aten;
using fk_test::expect_error;

namespace {

uint8_t px(const Frame& f, int p, int x, int y, int c = 0) {
  const int ch = f.desc().planes[p].channels;
  return static_cast<const uint8_t*>(f.plane_data(p))[y * f.plane_stride_bytes(p) + x * ch + c];
}

// An HWC uint8 image whose values ATen computes itself.
at::Tensor make_hwc(int h, int w) {
  auto y = at::arange(h, at::kInt).view({h, 1, 1});
  auto x = at::arange(w, at::kInt).view({1, w, 1});
  auto c = at::arange(3, at::kInt).view({1, 1, 3});
  return ((y * 7 + x * 3 + c * 50) % 256).to(at::kByte).contiguous();
}

}  // namespace

TEST(TorchAdapter, FrameToHwcAndChwViews) {
  Frame f(40, 30, PixelInfo(PF_RGB24));
  fk_test::fill_pattern(f, 1);
  bool copied = true;
  at::Tensor hwc = to_tensor(f, std::nullopt, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(hwc.sizes(), (std::vector<int64_t>{30, 40, 3}));
  EXPECT_EQ(hwc.scalar_type(), at::kByte);
  EXPECT_EQ(hwc.data_ptr(), f.plane_data(0));
  for (int y : {0, 13, 29})
    for (int x : {0, 21, 39})
      for (int c = 0; c < 3; ++c) ASSERT_EQ(hwc[y][x][c].item<uint8_t>(), px(f, 0, x, y, c));
  at::Tensor chw = to_tensor(f, kNCHW, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(chw.sizes(), (std::vector<int64_t>{3, 30, 40}));
  EXPECT_TRUE(at::equal(chw, hwc.permute({2, 0, 1})));
  // Writes go both ways.
  hwc[2][3][1] = 200;
  EXPECT_EQ(px(f, 0, 3, 2, 1), 200);
  static_cast<uint8_t*>(f.plane_data(0))[0] = 9;
  EXPECT_EQ(chw[0][0][0].item<uint8_t>(), 9);
}

TEST(TorchAdapter, TensorOutlivesFrameAndFrameOutlivesTensor) {
  std::weak_ptr<Buffer> weak;
  at::Tensor t;
  {
    Frame f(16, 8, PixelInfo(PF_GRAY8));
    fk_test::fill_pattern(f, 2);
    weak = f.plane(0).buffer();
    t = to_tensor(f);
  }
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(t[7][15][0].item<uint8_t>(), fk_test::pattern_byte(0, 7, 15, 2));
  EXPECT_GT(t.sum().item<int64_t>(), 0);  // reads every element (ASan)
  at::Tensor view = t.slice(0, 2, 4);
  t.reset();
  EXPECT_FALSE(weak.expired());
  view.reset();
  EXPECT_TRUE(weak.expired());

  Frame g;
  void* storage = nullptr;
  {
    at::Tensor src = make_hwc(6, 10);
    storage = src.data_ptr();
    g = from_tensor(src);
  }
  EXPECT_EQ(g.plane_data(0), storage);
  const at::Tensor ref = make_hwc(6, 10);
  for (int y = 0; y < 6; ++y)
    for (int x = 0; x < 10; ++x)
      for (int c = 0; c < 3; ++c) ASSERT_EQ(px(g, 0, x, y, c), ref[y][x][c].item<uint8_t>());
}

TEST(TorchAdapter, TensorToFrameLayouts) {
  // HWC uint8 → RGB24, zero-copy; writes through the frame are seen by torch.
  at::Tensor hwc = make_hwc(12, 20);
  bool copied = true;
  Frame f = from_tensor(hwc, PixelInfo(), std::nullopt, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(f.format(), PF_RGB24);
  static_cast<uint8_t*>(f.plane_data(0))[5] = 1;
  EXPECT_EQ(hwc.view(-1)[5].item<uint8_t>(), 1);
  // A column ROI keeps its row stride: still shared.
  at::Tensor roi = hwc.slice(1, 4, 16);
  Frame r = from_tensor(roi, PixelInfo(PF_BGR24), std::nullopt, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(r.plane_data(0), roi.data_ptr());
  EXPECT_EQ(r.plane_stride_bytes(0), 60);
  EXPECT_EQ(r.format(), PF_BGR24);
  // A transposed image cannot be a strided plane: copied, same values.
  at::Tensor tr = hwc.transpose(0, 1);
  Frame t = from_tensor(tr, PixelInfo(), std::nullopt, &copied);
  EXPECT_TRUE(copied);
  EXPECT_EQ(t.width(), 12);
  EXPECT_EQ(px(t, 0, 7, 3, 2), tr[3][7][2].item<uint8_t>());
  // CHW float → GBRPF32 sharing the three channel planes, and back as the same view.
  at::Tensor chw = at::rand({3, 9, 11});
  Frame pf = from_tensor(chw, PixelInfo(), std::nullopt, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(pf.format(), PF_GBRPF32);
  EXPECT_EQ(pf.plane_data(2), chw.data_ptr());     // R
  EXPECT_EQ(pf.plane_data(0), chw[1].data_ptr());  // G
  at::Tensor back = to_tensor(pf, std::nullopt, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(back.data_ptr(), chw.data_ptr());
  EXPECT_TRUE(at::equal(back, chw));
  // A batch of one (NCHW) is fine.
  EXPECT_EQ(from_tensor(chw.unsqueeze(0)).format(), PF_GBRPF32);
  // CHW uint8 → GBRP.
  EXPECT_EQ(from_tensor(make_hwc(4, 4).permute({2, 0, 1}).contiguous()).format(), PF_GBRP);
}

TEST(TorchAdapter, PlanarFramesCopyWhenPlanesAreNotInRgbOrder) {
  Frame g(10, 6, PixelInfo(PF_GBRP));
  fk_test::fill_pattern(g, 3);
  bool copied = false;
  at::Tensor chw = to_tensor(g, std::nullopt, &copied);
  EXPECT_TRUE(copied);
  EXPECT_EQ(chw.sizes(), (std::vector<int64_t>{3, 6, 10}));
  for (int y = 0; y < 6; ++y)
    for (int x = 0; x < 10; ++x) {
      ASSERT_EQ(chw[0][y][x].item<uint8_t>(), px(g, 2, x, y));  // R
      ASSERT_EQ(chw[1][y][x].item<uint8_t>(), px(g, 0, x, y));  // G
      ASSERT_EQ(chw[2][y][x].item<uint8_t>(), px(g, 1, x, y));  // B
    }
  at::Tensor hwc = to_tensor(g, kNHWC, &copied);
  EXPECT_TRUE(copied);
  EXPECT_TRUE(at::equal(hwc, chw.permute({1, 2, 0})));
}

TEST(TorchAdapter, UnsupportedInputsAreClearErrors) {
  expect_error([] { from_tensor(at::Tensor()); }, ErrorCode::kInvalidArgument, {"undefined"});
  expect_error(
      [] {
        from_tensor(at::zeros({4, 4, 3}, at::kLong));
      },
      ErrorCode::kTypeMismatch, {"Long", "uint8 or float32"});
  expect_error(
      [] {
        from_tensor(at::zeros({2, 4, 4, 3}, at::kByte));
      },
      ErrorCode::kInvalidArgument, {"batch of 2"});
  expect_error(
      [] {
        from_tensor(at::zeros({4, 4, 3}, at::kFloat), PixelInfo(PF_RGB24));
      },
      ErrorCode::kTypeMismatch, {"rgb24", "float32"});
  expect_error([] { to_tensor(Frame(8, 8, PixelInfo(PF_RGB48))); }, ErrorCode::kUnsupported,
               {"uint16"});
  expect_error([] { to_tensor(Frame(8, 8, PixelInfo(PF_NV12))); }, ErrorCode::kUnsupported,
               {"nv12"});
  expect_error(
      [] {
        convert(VideoFrame::make(8, 8, PixelInfo(PF_YUV420P)), MediaDesc{},
                MediaDesc().media_type(MediaType::kATTensor));
      },
      ErrorCode::kUnsupported, {"yuv420p", "at::Tensor"});
}

TEST(TorchAdapter, ConvertBothWaysWithoutKernels) {
  // BMF's convert_torch pattern, at the same size and format.
  VideoFrame vf = VideoFrame::make(64, 32, PixelInfo(PF_RGB24));
  fk_test::fill_pattern(vf.frame(), 5);
  VideoFrame out = convert(vf, MediaDesc{}, MediaDesc().media_type(MediaType::kATTensor));
  const at::Tensor* att = out.private_get<at::Tensor>();
  ASSERT_NE(att, nullptr);
  EXPECT_EQ(att->data_ptr(), vf.frame().plane_data(0));
  at::Tensor* att_new = new at::Tensor(*att);
  VideoFrame src_with_att;
  src_with_att.private_attach<at::Tensor>(att_new);  // owned by the VideoFrame now
  out = VideoFrame();
  vf = VideoFrame();
  VideoFrame back =
      convert(src_with_att, MediaDesc().pixel_format(PF_RGB24).media_type(MediaType::kATTensor),
              MediaDesc{});
  EXPECT_EQ(back.width(), 64);
  EXPECT_EQ(back.height(), 32);
  EXPECT_EQ(back.frame().format(), PF_RGB24);
  EXPECT_EQ(back.frame().plane_data(0), att_new->data_ptr());
  src_with_att = VideoFrame();
  EXPECT_EQ(px(back.frame(), 0, 63, 31, 2), fk_test::pattern_byte(0, 31, 63 * 3 + 2, 5));
  expect_error(
      [] { convert(VideoFrame(), MediaDesc().media_type(MediaType::kATTensor), MediaDesc{}); },
      ErrorCode::kInvalidArgument, {"no at::Tensor is attached"});
}

// BMF's own at::Tensor test (test_convert_backend.cpp, convert_torch) through the
// compatibility headers, plus a pixel check of the scaled, converted tensor.
#include <bmf/sdk/torch_convertor.h>
TEST(TorchAdapter, BmfConvertTorch) {
  using bmf_sdk::bmf_convert;
  using bmf_sdk::MediaDesc;
  using bmf_sdk::VideoFrame;
  MediaDesc dp;
  dp.width(1920).height(1080).pixel_format(hmp::PF_RGB24).media_type(MediaType::kATTensor);
  auto yuvformat = hmp::PixelInfo(hmp::PF_YUV420P);
  auto src_vf = VideoFrame::make(640, 320, yuvformat);
  // Mid grey in limited range: Y 126, U = V = 128 decodes to RGB 127 everywhere.
  for (framekit::Tensor p : src_vf.frame().data()) p.fill_(128);  // handles share memory
  framekit::Tensor(src_vf.frame().plane(0)).fill_(126);

  auto dst_vf = bmf_convert(src_vf, MediaDesc{}, dp);
  EXPECT_TRUE(static_cast<bool>(dst_vf));
  const at::Tensor* att = dst_vf.private_get<at::Tensor>();
  EXPECT_TRUE(att != NULL);
  EXPECT_EQ(att->sizes(), (std::vector<int64_t>{1080, 1920, 3}));
  // (126 - 16) * 255 / 219 = 128.08 → 128, for every pixel.
  EXPECT_EQ(att->min().item<uint8_t>(), 128);
  EXPECT_EQ(att->max().item<uint8_t>(), 128);

  at::Tensor* att_new = new at::Tensor(*att);
  VideoFrame src_with_att;
  src_with_att.private_attach<at::Tensor>(att_new);
  MediaDesc src_dp;
  src_dp.pixel_format(hmp::PF_RGB24).media_type(MediaType::kATTensor);
  auto vf = bmf_convert(src_with_att, src_dp, MediaDesc{});
  EXPECT_EQ(vf.width(), 1920);
  EXPECT_EQ(vf.height(), 1080);
  EXPECT_EQ(vf.frame().format(), hmp::PF_RGB24);
}
