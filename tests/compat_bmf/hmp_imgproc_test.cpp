// BMF's hmp image names: the layout index constants, img::transfer, ColorModel,
// PixelInfo(format, ColorModel), hmp::Frame::reformat and FrameSeq/concat through
// <hmp/imgproc/image_seq.h>. References: element positions computed from the source
// strides (transfer), framekit's own calls (reformat), and the inputs themselves.
#include <gtest/gtest.h>

#include <cstring>

#include <hmp/format.h>
#include <hmp/imgproc.h>
#include <hmp/imgproc/image_seq.h>
#include <hmp/tensor.h>

using namespace hmp;

namespace {

// A uint8 tensor whose element at index i (row-major) holds i * 7 mod 251.
Tensor numbered(const SizeArray& shape) {
  Tensor t = Tensor::empty(shape, kUInt8);
  auto* p = t.data<uint8_t>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = uint8_t(i * 7 % 251);
  return t;
}

uint8_t at(const Tensor& t, const SizeArray& index) {
  int64_t off = 0;
  for (size_t d = 0; d < index.size(); ++d) off += index[d] * t.stride(int64_t(d));
  return static_cast<const uint8_t*>(t.unsafe_data())[off];
}

}  // namespace

TEST(HmpImgproc, IndexConstantsNameFramePlaneAxes) {
  const Frame f(40, 30, PixelInfo(PF_RGB24));
  const Tensor& t = f.plane(0);
  EXPECT_EQ(t.size(HWC_H), 30);
  EXPECT_EQ(t.size(HWC_W), 40);
  EXPECT_EQ(t.size(HWC_C), 3);
  const FrameSeq seq = concat({f, f});
  EXPECT_EQ(seq.plane(0).size(NHWC_N), 2);
  EXPECT_EQ(seq.plane(0).size(NHWC_H), 30);
  EXPECT_EQ(seq.plane(0).size(NHWC_W), 40);
  EXPECT_EQ(seq.plane(0).size(NHWC_C), 3);
}

TEST(HmpImgproc, TransferMovesEveryElementToItsLayoutPosition) {
  const Tensor hwc = numbered({5, 4, 3});
  const Tensor chw = img::transfer(hwc, kNHWC, kNCHW);
  ASSERT_EQ(chw.shape(), (SizeArray{3, 5, 4}));
  EXPECT_TRUE(chw.is_contiguous());
  EXPECT_NE(chw.buffer(), hwc.buffer());
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t y = 0; y < 5; ++y)
      for (int64_t x = 0; x < 4; ++x) ASSERT_EQ(at(chw, {c, y, x}), at(hwc, {y, x, c}));
  EXPECT_EQ(chw.size(CHW_C), 3);
  EXPECT_EQ(chw.size(CHW_H), 5);
  EXPECT_EQ(chw.size(CHW_W), 4);

  const Tensor back = img::transfer(chw, kNCHW, kNHWC);
  ASSERT_EQ(back.shape(), hwc.shape());
  EXPECT_EQ(std::memcmp(back.unsafe_data(), hwc.unsafe_data(), hwc.nbytes()), 0);

  const Tensor nhwc = numbered({2, 3, 4, 3});
  const Tensor nchw = img::transfer(nhwc, kNHWC, kNCHW);
  ASSERT_EQ(nchw.shape(), (SizeArray{2, 3, 3, 4}));
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t y = 0; y < 3; ++y)
        for (int64_t x = 0; x < 4; ++x) ASSERT_EQ(at(nchw, {n, c, y, x}), at(nhwc, {n, y, x, c}));
  EXPECT_EQ(nchw.size(NCHW_N), 2);
  EXPECT_EQ(nchw.size(NCHW_C), 3);

  // Same layout: a contiguous copy of a strided view.
  const Tensor strided = nhwc.slice(2, 1, 3);
  const Tensor same = img::transfer(strided, kNHWC, kNHWC);
  EXPECT_TRUE(same.is_contiguous());
  for (int64_t x = 0; x < 2; ++x) EXPECT_EQ(at(same, {1, 2, x, 1}), at(strided, {1, 2, x, 1}));
  EXPECT_THROW(img::transfer(numbered({4, 4}), kNHWC, kNCHW), framekit::Error);
}

TEST(HmpImgproc, ColorModelFillsEveryPixelInfoField) {
  const ColorModel cm(CS_BT709, CR_MPEG, CP_BT2020, CTC_SMPTE2084);
  const PixelInfo info(PF_YUV420P, cm);
  EXPECT_EQ(info.format(), PF_YUV420P);
  EXPECT_EQ(info.space(), CS_BT709);
  EXPECT_EQ(info.range(), CR_MPEG);
  EXPECT_EQ(info.primaries(), CP_BT2020);
  EXPECT_EQ(info.transfer_characteristic(), CTC_SMPTE2084);
  EXPECT_EQ(info.color_model().transfer_characteristic(), CTC_SMPTE2084);
  // The space/range-only forms leave the rest unspecified, as in hmp.
  const PixelInfo h420(PF_YUV420P, ColorModel(CS_BT470BG, CR_JPEG));
  EXPECT_EQ(h420.space(), CS_BT470BG);
  EXPECT_EQ(h420.range(), CR_JPEG);
  EXPECT_EQ(h420.primaries(), CP_UNSPECIFIED);
  // The framekit constructor is still there and gives the same value.
  EXPECT_TRUE(PixelInfo(PF_NV12, CS_BT709) == PixelInfo(PF_NV12, ColorModel(CS_BT709)));
}

TEST(HmpImgproc, FrameReformatIsFramekitsReformat) {
  Frame src(16, 8, PixelInfo(PF_YUV420P, CS_BT709, CR_MPEG));
  for (int p = 0; p < src.nplanes(); ++p) const_cast<Tensor&>(src.plane(p)).fill_(60 + 40 * p);
  const PixelInfo rgb(PF_RGB24);
  const Frame ours = src.reformat(rgb);
  const framekit::Frame reference = framekit::reformat(src, rgb);
  ASSERT_EQ(ours.format(), PF_RGB24);
  EXPECT_EQ(ours.pix_info().transfer_characteristic(), reference.pix_info().transfer());
  const Tensor a = ours.plane(0).contiguous();
  const Tensor b = reference.plane(0).contiguous();
  ASSERT_EQ(a.nbytes(), b.nbytes());
  EXPECT_EQ(std::memcmp(a.unsafe_data(), b.unsafe_data(), a.nbytes()), 0);
}

TEST(HmpImgproc, StringfyAndFmtAreAvailable) {
  EXPECT_EQ(stringfy(PF_NV12), std::string(framekit::pixel_format_name(PF_NV12)));
  EXPECT_EQ(fmt::format("{{\"path\": \"{}\"}}", "a.mp4"), "{\"path\": \"a.mp4\"}");
}
