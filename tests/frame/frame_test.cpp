#include <gtest/gtest.h>

#include <cstring>

#include "framekit/core/error.h"
#include "framekit/frame/frame.h"

using namespace framekit;

TEST(Frame, AllocatesEveryFormatWithTableGeometry) {
  for (const auto& d : all_pixel_formats()) {
    for (auto [w, h] : {std::pair{1, 1}, {5, 3}, {64, 48}, {33, 17}}) {
      Frame f(w, h, PixelInfo(d.format));
      ASSERT_EQ(f.nplanes(), d.num_planes) << d.name;
      EXPECT_EQ(f.dtype(), d.dtype);
      const auto* buffer = f.plane(0).buffer().get();
      for (int p = 0; p < d.num_planes; ++p) {
        const Tensor& t = f.plane(p);
        EXPECT_EQ(t.size(0), d.plane_height(p, h)) << d.name << " plane " << p;
        EXPECT_EQ(t.size(1), d.plane_width(p, w)) << d.name << " plane " << p;
        EXPECT_EQ(t.size(2), d.planes[p].channels) << d.name;
        EXPECT_EQ(t.buffer().get(), buffer) << "planes must share one buffer";
        EXPECT_EQ(t.dtype(), d.dtype);
      }
      EXPECT_NO_THROW(f.view().validate());
    }
  }
}

TEST(Frame, PlanesDoNotOverlapAndRowAlignmentHolds) {
  Frame f(33, 17, PixelInfo(PF_YUV420P), Device(), 64);
  for (int p = 0; p < 3; ++p) {
    EXPECT_EQ(f.plane_stride_bytes(p) % 64, 0);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(f.plane_data(p)) % 64, 0u);
  }
  // Fill each plane with its index; no plane write may leak into another.
  for (int p = 0; p < 3; ++p) const_cast<Tensor&>(f.plane(p)).fill_(p + 1);
  for (int p = 0; p < 3; ++p) {
    const ImageView v = f.view();
    for (int y = 0; y < v.plane_height(p); ++y)
      for (int x = 0; x < v.plane_width(p); ++x) ASSERT_EQ(v.planes[p].row(y)[x], p + 1);
  }
  EXPECT_THROW(Frame(8, 8, PixelInfo(PF_NV12), Device(), 3), Error);
}

TEST(Frame, BadSizesAndFormatsAreClearErrors) {
  EXPECT_THROW(Frame(0, 10, PixelInfo(PF_NV12)), Error);
  EXPECT_THROW(Frame(10, -2, PixelInfo(PF_NV12)), Error);
  EXPECT_THROW(Frame(1 << 21, 10, PixelInfo(PF_NV12)), Error);
  EXPECT_THROW(Frame(10, 10, PixelInfo()), Error);
  try {
    Frame(10, 10, PixelInfo(PF_NV12), Device("cuda"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kDeviceUnavailable);
  }
}

TEST(Frame, WrapsStridedExternalPlanesWithoutCopy) {
  // A 6x4 NV12 image in a buffer with 16-byte rows.
  std::vector<uint8_t> y(16 * 4, 10), uv(16 * 2, 20);
  int released = 0;
  ImageView v;
  v.info = PixelInfo(PF_NV12);
  v.width = 6;
  v.height = 4;
  v.planes[0] = {y.data(), 16};
  v.planes[1] = {uv.data(), 16};
  {
    Frame f = Frame::wrap(v, [&] { ++released; });
    EXPECT_EQ(f.plane_data(0), y.data());
    EXPECT_EQ(f.plane_stride_bytes(1), 16);
    EXPECT_EQ(f.plane(1).shape(), (SizeArray{2, 3, 2}));
    y[16 * 2 + 3] = 99;
    EXPECT_EQ(f.view().planes[0].row(2)[3], 99);
    Frame plane_holder = f.crop(2, 2, 4, 2);
    f = Frame();
    EXPECT_EQ(released, 0);
  }
  EXPECT_EQ(released, 1);
  ImageView bad = v;
  bad.planes[1].stride = 4;  // smaller than the 6-byte chroma row
  int released_bad = 0;
  EXPECT_THROW(Frame::wrap(bad, [&] { ++released_bad; }), Error);
  EXPECT_EQ(released_bad, 1);
}

TEST(Frame, WrapsTensorsAndChecksThem) {
  Tensor rgb = Tensor::zeros({4, 5, 3});
  Frame f(rgb, PixelInfo(PF_RGB24));
  EXPECT_EQ(f.width(), 5);
  EXPECT_EQ(f.height(), 4);
  EXPECT_EQ(f.plane_data(0), rgb.unsafe_data());
  Tensor gray2d = Tensor::zeros({4, 5});
  EXPECT_EQ(Frame(gray2d, PixelInfo(PF_GRAY8)).plane(0).dim(), 3);
  EXPECT_THROW(Frame(rgb, PixelInfo(PF_RGBA32)), Error);             // wrong channels
  EXPECT_THROW(Frame(rgb.to(kFloat32), PixelInfo(PF_RGB24)), Error);  // wrong dtype
  EXPECT_THROW(Frame(rgb.permute({1, 0, 2}).permute({1, 0, 2}).slice(1, 0, 5, 2),
                     PixelInfo(PF_RGB24)),
               Error);  // pixels not adjacent
  EXPECT_THROW(Frame(TensorList{rgb}, PixelInfo(PF_NV12)), Error);  // plane count
  Tensor y = Tensor::zeros({4, 6, 1}), uv = Tensor::zeros({2, 3, 2});
  EXPECT_NO_THROW(Frame(TensorList{y, uv}, 6, 4, PixelInfo(PF_NV12)));
  EXPECT_THROW(Frame(TensorList{y, uv}, 5, 3, PixelInfo(PF_NV12)), Error);  // planes too big
  EXPECT_THROW(Frame(TensorList{y, uv}, 6, 6, PixelInfo(PF_NV12)), Error);
  // Overlapping rows (stride smaller than a row) are rejected.
  Tensor overlap = Tensor::from_blob(rgb.unsafe_data(), {4, 5, 3}, {5, 3, 1}, kUInt8);
  EXPECT_THROW(Frame(overlap, PixelInfo(PF_RGB24)), Error);
}

TEST(Frame, CropIsAViewAndRespectsChromaSiting) {
  Frame f(8, 6, PixelInfo(PF_YUV420P));
  for (int p = 0; p < 3; ++p) {
    auto v = f.view();
    for (int y = 0; y < v.plane_height(p); ++y)
      for (int x = 0; x < v.plane_width(p); ++x) v.planes[p].row(y)[x] = static_cast<uint8_t>(y * 16 + x);
  }
  Frame c = f.crop(2, 2, 5, 3);
  EXPECT_EQ(c.width(), 5);
  EXPECT_EQ(c.height(), 3);
  EXPECT_EQ(c.plane(1).size(1), 3);  // ceil(5/2): last chroma column kept
  EXPECT_EQ(c.plane(1).size(0), 2);
  EXPECT_EQ(c.view().planes[0].row(0)[0], 2 * 16 + 2);
  EXPECT_EQ(c.view().planes[1].row(0)[0], 1 * 16 + 1);
  c.view().planes[0].row(0)[0] = 200;  // a view: the parent sees it
  EXPECT_EQ(f.view().planes[0].row(2)[2], 200);
  EXPECT_THROW(f.crop(1, 0, 2, 2), Error);  // odd x on 4:2:0
  EXPECT_THROW(f.crop(0, 1, 2, 2), Error);  // odd y on 4:2:0
  EXPECT_THROW(f.crop(4, 4, 6, 2), Error);  // outside
  EXPECT_THROW(f.crop(0, 0, 0, 2), Error);
  Frame rgb(7, 5, PixelInfo(PF_RGB24));
  EXPECT_NO_THROW(rgb.crop(1, 1, 3, 3));  // no subsampling: any origin
  Frame yuyv(8, 2, PixelInfo(PF_YUYV422));
  EXPECT_THROW(yuyv.crop(1, 0, 2, 2), Error);
  EXPECT_EQ(yuyv.crop(2, 0, 5, 2).plane(0).size(1), 6);
}

TEST(Frame, CloneCopyFromAndDevice) {
  Frame f(9, 7, PixelInfo(PF_NV12));
  for (int p = 0; p < 2; ++p) const_cast<Tensor&>(f.plane(p)).fill_(p ? 128 : 50);
  Frame c = f.crop(2, 2, 5, 3).clone();
  EXPECT_NE(c.plane_data(0), f.plane_data(0));
  EXPECT_EQ(c.view().planes[1].row(1)[5], 128);
  Frame dst(5, 3, PixelInfo(PF_NV12), Device(), 32);
  dst.copy_from(c);
  EXPECT_EQ(dst.view().planes[0].row(2)[4], 50);
  EXPECT_THROW(dst.copy_from(f), Error);  // size mismatch named
  EXPECT_EQ(f.to(Device("cpu")).plane_data(0), f.plane_data(0));
  EXPECT_EQ(f.cpu().plane_data(0), f.plane_data(0));
  EXPECT_THROW(f.to(Device("cuda")), Error);
  EXPECT_THROW(f.plane(2), Error);
  EXPECT_THROW(Frame().view(), Error);
  Frame tagged = f.with_pix_info(PixelInfo(PF_NV12, CS_BT709, CR_JPEG));
  EXPECT_EQ(tagged.pix_info().space(), CS_BT709);
  EXPECT_EQ(tagged.plane_data(0), f.plane_data(0));
  EXPECT_THROW(f.with_pix_info(PixelInfo(PF_NV21)), Error);
}
