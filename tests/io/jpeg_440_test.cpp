// 4:4:0 JPEGs (chroma full width, half height: cjpeg -sample 1x2, TJSAMP_440) read into
// framekit's yuv440p planes: equal to TurboJPEG's own planes, scaled and turned like
// the other layouts, and converted to RGB close to TurboJPEG's (djpeg's) pixels.
#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <cstdlib>
#include <cstring>

#include "framekit/color/reformat.h"
#include "framekit/core/error.h"
#include "io_test_util.h"

namespace framekit::io {
namespace {

struct Tj {
  tjhandle h;
  explicit Tj(tjhandle handle) : h(handle) {}
  ~Tj() { tjDestroy(h); }
  Tj(const Tj&) = delete;
  Tj& operator=(const Tj&) = delete;
};

// A smooth picture (chroma varies in both directions), as interleaved RGB.
std::vector<uint8_t> test_rgb(int w, int h) {
  std::vector<uint8_t> rgb(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &rgb[(static_cast<size_t>(y) * w + x) * 3];
      p[0] = static_cast<uint8_t>(x * 255 / w);
      p[1] = static_cast<uint8_t>(y * 255 / h);
      p[2] = static_cast<uint8_t>(64 + (x * x + 2 * y * y) * 128 / (w * w + 2 * h * h));
    }
  return rgb;
}

std::vector<uint8_t> jpeg_of(int w, int h, int subsamp, int quality = 90) {
  const Tj tj(tjInitCompress());
  std::vector<uint8_t> rgb = test_rgb(w, h);
  unsigned char* out = nullptr;
  unsigned long size = 0;
  EXPECT_EQ(tjCompress2(tj.h, rgb.data(), w, w * 3, h, TJPF_RGB, &out, &size, subsamp, quality,
                        TJFLAG_ACCURATEDCT),
            0);
  std::vector<uint8_t> jpg(out, out + size);
  tjFree(out);
  return jpg;
}

// TurboJPEG's planes of the file (tight rows), Y then Cb then Cr; cut to the picture's
// own plane sizes (TurboJPEG pads the luma to whole MCUs).
std::vector<std::vector<uint8_t>> tj_planes(const std::vector<uint8_t>& jpg, int w, int h,
                                            int subsamp = TJSAMP_440) {
  const Tj tj(tjInitDecompress());
  std::vector<std::vector<uint8_t>> planes(3);
  unsigned char* ptrs[3];
  int strides[3];
  for (int p = 0; p < 3; ++p) {
    const int pw = tjPlaneWidth(p, w, subsamp), ph = tjPlaneHeight(p, h, subsamp);
    planes[p].resize(static_cast<size_t>(pw) * ph);
    ptrs[p] = planes[p].data();
    strides[p] = pw;
  }
  EXPECT_EQ(tjDecompressToYUVPlanes(tj.h, jpg.data(), jpg.size(), ptrs, w, strides, h, 0), 0);
  const bool half_h = subsamp == TJSAMP_440 || subsamp == TJSAMP_420;
  const bool half_w = subsamp == TJSAMP_422 || subsamp == TJSAMP_420;
  for (int p = 0; p < 3; ++p) {
    const int own_w = p > 0 && half_w ? (w + 1) / 2 : w;
    const int own_h = p > 0 && half_h ? (h + 1) / 2 : h;
    std::vector<uint8_t> cut;
    for (int y = 0; y < own_h; ++y)
      cut.insert(cut.end(), planes[p].begin() + y * strides[p],
                 planes[p].begin() + y * strides[p] + own_w);
    planes[p] = cut;
  }
  return planes;
}

std::vector<uint8_t> plane_bytes(const Frame& f, int p) {
  const ImageView v = f.view();
  const int pw = v.plane_width(p), ph = v.plane_height(p);
  std::vector<uint8_t> out(static_cast<size_t>(pw) * ph);
  for (int y = 0; y < ph; ++y)
    std::memcpy(&out[static_cast<size_t>(y) * pw], v.planes[p].row(y), pw);
  return out;
}

TEST(Jpeg440, OwnPlanesAreTurboJpegsPlanes) {
  for (const auto& [w, h] : {std::pair{64, 48}, {67, 45}, {1, 1}, {33, 2}, {5, 17}}) {
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    const auto jpg = jpeg_of(w, h, TJSAMP_440);
    const Frame f = decode_image(jpg).frame();
    ASSERT_EQ(f.format(), PF_YUV440P);
    EXPECT_EQ(f.pix_info().range(), CR_JPEG);
    EXPECT_EQ(f.pix_info().space(), CS_BT470BG);
    const auto ref = tj_planes(jpg, w, h);
    ASSERT_EQ(f.view().plane_height(1), (h + 1) / 2);
    for (int p = 0; p < 3; ++p) EXPECT_TRUE(plane_bytes(f, p) == ref[p]) << "plane " << p;
  }
}

// TurboJPEG writes whole MCUs of luma: an odd width or height must not spill the extra
// column or row into the next row or the chroma planes.
TEST(JpegOwnPlanes, OddSizesOfEverySubsamplingAreTurboJpegsPlanes) {
  const std::pair<int, PixelFormat> layouts[] = {{TJSAMP_420, PF_YUVJ420P},
                                                 {TJSAMP_422, PF_YUV422P},
                                                 {TJSAMP_440, PF_YUV440P},
                                                 {TJSAMP_444, PF_YUV444P}};
  for (const auto& [subsamp, format] : layouts) {
    for (const auto& [w, h] : {std::pair{97, 71}, {16, 9}, {9, 16}, {1, 1}}) {
      SCOPED_TRACE(std::to_string(subsamp) + ": " + std::to_string(w) + "x" + std::to_string(h));
      const auto jpg = jpeg_of(w, h, subsamp);
      const Frame f = decode_image(jpg).frame();
      ASSERT_EQ(f.format(), format);
      const auto ref = tj_planes(jpg, w, h, subsamp);
      for (int p = 0; p < 3; ++p) EXPECT_TRUE(plane_bytes(f, p) == ref[p]) << "plane " << p;
    }
  }
}

TEST(Jpeg440, ToRgbWithinOneOfTurboJpeg) {
  const int w = 97, h = 71;
  const auto jpg = jpeg_of(w, h, TJSAMP_440);
  // TurboJPEG's (and djpeg's) RGB of the file: fancy (triangular) vertical upsampling.
  std::vector<uint8_t> ref(static_cast<size_t>(w) * h * 3);
  {
    const Tj tj(tjInitDecompress());
    ASSERT_EQ(tjDecompress2(tj.h, jpg.data(), jpg.size(), ref.data(), w, w * 3, h, TJPF_RGB, 0), 0);
  }
  // Straight from TurboJPEG: the same pixels.
  ReadOptions rgb;
  rgb.format = PixelInfo(PF_RGB24);
  EXPECT_TRUE(testing::tight_pixels(decode_image(jpg, rgb).frame()) == ref);
  // framekit's conversion of the yuv440p planes (a format TurboJPEG does not give, so the
  // reader converts; and reformat of the planes themselves).
  const Frame planes = decode_image(jpg).frame();
  const Frame converted = reformat(planes, PixelInfo(PF_RGB24));
  const auto ours = testing::tight_pixels(converted);
  ASSERT_EQ(ours.size(), ref.size());
  int worst = 0;
  size_t over_one = 0;
  for (size_t i = 0; i < ours.size(); ++i) {
    const int d = std::abs(ours[i] - ref[i]);
    worst = std::max(worst, d);
    over_one += d > 1;
  }
  EXPECT_LE(worst, 1) << over_one << " samples differ by more than 1";
  ReadOptions bgr48;
  bgr48.format = PixelInfo(PF_GBRP);
  const Frame gbrp = decode_image(jpg, bgr48).frame();
  EXPECT_EQ(gbrp.format(), PF_GBRP);
  EXPECT_TRUE(testing::tight_pixels(reformat(gbrp, PixelInfo(PF_RGB24))) == ours);
}

TEST(Jpeg440, ScaledDecodeKeepsThePlanes) {
  const int w = 160, h = 120;
  const auto jpg = jpeg_of(w, h, TJSAMP_440);
  ReadOptions half;
  half.width = 80;  // TurboJPEG's 1/2 scale exactly: no resize after it
  const Frame f = decode_image(jpg, half).frame();
  ASSERT_EQ(f.format(), PF_YUV440P);
  ASSERT_EQ(f.width(), 80);
  ASSERT_EQ(f.height(), 60);
  // TurboJPEG's 1/2-scaled planes.
  const Tj tj(tjInitDecompress());
  std::vector<uint8_t> y(80 * 60), c(80 * 30 * 2);
  unsigned char* ptrs[3] = {y.data(), c.data(), c.data() + 80 * 30};
  int strides[3] = {80, 80, 80};
  ASSERT_EQ(tjDecompressToYUVPlanes(tj.h, jpg.data(), jpg.size(), ptrs, 80, strides, 60, 0), 0);
  EXPECT_TRUE(plane_bytes(f, 0) == y);
  EXPECT_TRUE(plane_bytes(f, 1) == std::vector<uint8_t>(c.begin(), c.begin() + 80 * 30));
  ReadOptions odd;
  odd.width = 50;  // 1/2 scale, then framekit's resize of each plane
  const Frame g = decode_image(jpg, odd).frame();
  EXPECT_EQ(g.format(), PF_YUV440P);
  EXPECT_EQ(g.width(), 50);
  EXPECT_EQ(g.view().plane_height(1), (g.height() + 1) / 2);
}

}  // namespace
}  // namespace framekit::io
