// JPEG reading against libjpeg-turbo's own tools (djpeg, cjpeg) on real photos and on
// files made here: pixels, DCT scaling, progressive, restarts, 4:4:0, EXIF orientation,
// ICC reassembly, damaged and forged files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "framekit/core/error.h"
#include "framekit/geometry/geometry.h"
#include "io_test_util.h"

namespace framekit::io {
namespace {

using testing::mate_photos;
using testing::pnm_pixels;
using testing::read_file;
using testing::run_command;
using testing::ScratchDir;
using testing::tight_pixels;
using testing::write_file;

ReadOptions as_format(PixelFormat f) {
  ReadOptions o;
  o.format = PixelInfo(f);
  return o;
}

TEST(JpegRead, MatePhotosGiveDjpegsPixels) {
  for (const auto& photo : mate_photos()) {
    SCOPED_TRACE(photo);
    const VideoFrame vf = read_image(photo, as_format(PF_RGB24));
    int w = 0, h = 0;
    const auto ref = pnm_pixels(run_command("djpeg -ppm '" + photo + "'"), &w, &h);
    ASSERT_EQ(vf.width(), w);
    ASSERT_EQ(vf.height(), h);
    EXPECT_TRUE(tight_pixels(vf.frame()) == ref);
  }
}

TEST(JpegRead, OwnPlanesAreTheJpegsYCbCrWithDjpegsLuma) {
  const std::pair<std::string, PixelFormat> cases[] = {
      {"/usr/share/backgrounds/mate/desktop/GreenTraditional.jpg", PF_YUV444P},
      {"/usr/share/backgrounds/mate/nature/Dune.jpg", PF_YUV422P},
      {"/usr/share/backgrounds/mate/nature/FreshFlower.jpg", PF_YUVJ420P}};
  for (const auto& [photo, format] : cases) {
    SCOPED_TRACE(photo);
    const Frame f = read_image(photo).frame();
    EXPECT_EQ(f.format(), format);
    EXPECT_EQ(f.pix_info().range(), CR_JPEG);
    const auto luma = pnm_pixels(run_command("djpeg -grayscale -pnm '" + photo + "'"));
    Frame y = Frame(f.width(), f.height(), PixelInfo(PF_GRAY8));
    const ImageView a = f.view(), b = y.view();
    for (int r = 0; r < f.height(); ++r)
      std::memcpy(b.planes[0].row(r), a.planes[0].row(r), f.width());
    EXPECT_TRUE(tight_pixels(y) == luma);
  }
}

TEST(JpegRead, DctScalingGivesDjpegsScaledPixels) {
  const std::string photo = "/usr/share/backgrounds/mate/nature/Aqua.jpg";  // 2560x1600
  for (int denom : {2, 4, 8}) {
    SCOPED_TRACE(denom);
    ReadOptions o = as_format(PF_RGB24);
    o.width = 2560 / denom;
    const VideoFrame vf = read_image(photo, o);
    int w = 0, h = 0;
    const auto ref = pnm_pixels(
        run_command("djpeg -scale 1/" + std::to_string(denom) + " -ppm '" + photo + "'"), &w, &h);
    ASSERT_EQ(vf.width(), w);
    ASSERT_EQ(vf.height(), h);
    EXPECT_TRUE(tight_pixels(vf.frame()) == ref);
  }
}

TEST(JpegRead, AnySizeIsScaledThenResized) {
  const std::string photo = "/usr/share/backgrounds/mate/nature/Aqua.jpg";
  ReadOptions o = as_format(PF_RGB24);
  o.width = 640;
  o.height = 0;  // keeps the aspect ratio: 2560x1600 -> 640x400
  const Frame thumb = read_image(photo, o).frame();
  EXPECT_EQ(thumb.width(), 640);
  EXPECT_EQ(thumb.height(), 400);
  o.width = 500;
  o.height = 300;
  const Frame small = read_image(photo, o).frame();
  ASSERT_EQ(small.width(), 500);
  ASSERT_EQ(small.height(), 300);
  // Close to djpeg's full picture box-averaged to the same size (an independent path):
  // the means of the two pictures agree closely.
  int w = 0, h = 0;
  const auto full = pnm_pixels(run_command("djpeg -ppm '" + photo + "'"), &w, &h);
  double sum_full = 0, sum_small = 0;
  for (uint8_t v : full) sum_full += v;
  for (uint8_t v : tight_pixels(small)) sum_small += v;
  EXPECT_NEAR(sum_small / (500.0 * 300 * 3), sum_full / (double(w) * h * 3), 1.0);
}

// fit: the size is a box (aspect kept, never enlarged); reducing_gap: the DCT scale
// stops at twice the fitted size, and `filter` does the rest. The result is djpeg's
// picture at that scale, resized with the same filter by framekit's geometry module.
TEST(JpegRead, FitInABoxWithAReducingGapAndAFilter) {
  const std::string photo = "/usr/share/backgrounds/mate/nature/Dune.jpg";  // 1680x1050
  ReadOptions o = as_format(PF_RGB24);
  o.fit = true;
  o.width = 200;
  o.height = 200;
  o.filter = ResizeMode::kLanczos3;
  const Frame fast = read_image(photo, o).frame();
  ASSERT_EQ(fast.width(), 200);
  ASSERT_EQ(fast.height(), 125);
  o.reducing_gap = 2;
  const Frame thumb = read_image(photo, o).frame();
  ASSERT_EQ(thumb.width(), 200);
  ASSERT_EQ(thumb.height(), 125);
  for (const auto& [gap_frame, denom] : {std::pair{&fast, 8}, std::pair{&thumb, 4}}) {
    SCOPED_TRACE(denom);  // 1/8: 210x132 >= 200x125; 1/4: 420x263 >= 400x250
    int w = 0, h = 0;
    auto scaled = pnm_pixels(
        run_command("djpeg -scale 1/" + std::to_string(denom) + " -ppm '" + photo + "'"), &w, &h);
    Frame src(w, h, PixelInfo(PF_RGB24));
    const ImageView v = src.view();
    for (int y = 0; y < h; ++y) std::memcpy(v.planes[0].row(y), &scaled[size_t(y) * w * 3], w * 3);
    const Frame ref = resize(src, 200, 125, ResizeMode::kLanczos3);
    EXPECT_TRUE(tight_pixels(*gap_frame) == tight_pixels(ref));
  }
  // A box larger than the picture keeps it as it is; one free side follows the other.
  o.width = 4000;
  o.height = 0;
  EXPECT_EQ(read_image(photo, o).frame().width(), 1680);
  o.width = 0;
  o.height = 105;
  EXPECT_EQ(read_image(photo, o).frame().width(), 168);
  o.reducing_gap = -1;
  EXPECT_THROW(read_image(photo, o), Error);
}

// A PPM with smooth gradients and some texture, so every coding mode has work.
std::vector<uint8_t> test_ppm(int w, int h) {
  std::string header = "P6\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
  std::vector<uint8_t> out(header.begin(), header.end());
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      out.push_back(static_cast<uint8_t>(x * 255 / w));
      out.push_back(static_cast<uint8_t>(y * 255 / h));
      out.push_back(static_cast<uint8_t>(((x / 7) ^ (y / 5)) * 37));
    }
  return out;
}

TEST(JpegRead, CodingModesGiveDjpegsPixels) {
  ScratchDir dir;
  write_file(dir.file("in.ppm"), test_ppm(203, 141));
  const std::pair<std::string, PixelFormat> modes[] = {
      {"-progressive", PF_YUVJ420P},
      {"-restart 1", PF_YUVJ420P},
      {"-restart 3B -sample 2x1", PF_YUV422P},
      {"-sample 1x2", PF_YUV440P},  // 4:4:0
      {"-sample 1x1 -optimize", PF_YUV444P},
      {"-grayscale", PF_GRAY8},
      {"-sample 4x1", PF_RGB24},  // 4:1:1: no planar format, RGB
      {"-arithmetic", PF_YUVJ420P}};
  for (const auto& [flags, own] : modes) {
    SCOPED_TRACE(flags);
    const std::string jpg = dir.file("t.jpg");
    run_command("cjpeg -quality 85 " + flags + " -outfile " + jpg + " " + dir.file("in.ppm"));
    const bool gray = own == PF_GRAY8;
    const VideoFrame vf = read_image(jpg, as_format(gray ? PF_GRAY8 : PF_RGB24));
    const auto ref = pnm_pixels(run_command("djpeg -pnm " + jpg));
    EXPECT_TRUE(tight_pixels(vf.frame()) == ref);
    const Frame planes = read_image(jpg).frame();
    EXPECT_EQ(planes.format(), own);
    if (own == PF_YUV440P) {
      // 4:4:0 in its own planes: the luma is the file's (tests/io/jpeg_440_test.cpp
      // compares every plane with TurboJPEG's).
      const ImageView v = planes.view();
      EXPECT_EQ(v.plane_height(1), (v.height + 1) / 2);
      EXPECT_EQ(v.plane_width(1), v.width);
      const auto luma = pnm_pixels(run_command("djpeg -grayscale -pnm " + jpg));
      for (int y = 0; y < v.height; ++y)
        ASSERT_EQ(std::memcmp(v.planes[0].row(y), &luma[size_t(y) * v.width], v.width), 0);
    }
  }
}

// EXIF as a camera writes it: TIFF header, IFD0 with a Make entry then Orientation.
std::vector<uint8_t> exif_block(int orientation, bool big_endian) {
  std::vector<uint8_t> t;
  auto u16 = [&](uint32_t v) {
    if (big_endian)
      t.insert(t.end(), {uint8_t(v >> 8), uint8_t(v)});
    else
      t.insert(t.end(), {uint8_t(v), uint8_t(v >> 8)});
  };
  auto u32 = [&](uint32_t v) {
    if (big_endian) {
      u16(v >> 16);
      u16(v & 0xFFFF);
    } else {
      u16(v & 0xFFFF);
      u16(v >> 16);
    }
  };
  t.insert(t.end(), big_endian ? std::initializer_list<uint8_t>{'M', 'M'}
                               : std::initializer_list<uint8_t>{'I', 'I'});
  u16(42);
  u32(8);
  u16(2);
  u16(0x010F);
  u16(2);
  u32(4);
  t.insert(t.end(), {'F', 'k', 0, 0});  // Make, inline
  u16(0x0112);
  u16(3);
  u32(1);
  u16(static_cast<uint32_t>(orientation));
  u16(0);
  u32(0);
  return t;
}

std::vector<uint8_t> with_segment(const std::vector<uint8_t>& jpg, uint8_t marker,
                                  const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> out(jpg.begin(), jpg.begin() + 2);
  const size_t len = payload.size() + 2;
  out.insert(out.end(), {0xFF, marker, uint8_t(len >> 8), uint8_t(len)});
  out.insert(out.end(), payload.begin(), payload.end());
  out.insert(out.end(), jpg.begin() + 2, jpg.end());
  return out;
}

TEST(JpegRead, ExifOrientationAllEightInBothByteOrders) {
  ScratchDir dir;
  write_file(dir.file("in.ppm"), test_ppm(40, 24));
  run_command("cjpeg -grayscale -quality 95 -outfile " + dir.file("g.jpg") + " " +
              dir.file("in.ppm"));
  const auto plain = read_file(dir.file("g.jpg"));
  for (bool big : {false, true}) {
    for (int o = 1; o <= 8; ++o) {
      SCOPED_TRACE(std::to_string(o) + (big ? " MM" : " II"));
      std::vector<uint8_t> app1 = {'E', 'x', 'i', 'f', 0, 0};
      const auto tiff = exif_block(o, big);
      app1.insert(app1.end(), tiff.begin(), tiff.end());
      const auto jpg = with_segment(plain, 0xE1, app1);
      ReadOptions keep = as_format(PF_GRAY8);
      keep.auto_orient = false;
      const Frame a = decode_image(jpg, keep).frame();
      ASSERT_EQ(a.image_metadata()->orientation, o);
      EXPECT_TRUE(a.image_metadata()->exif == tiff);
      const Frame b = decode_image(jpg, as_format(PF_GRAY8)).frame();
      const int W = a.width(), H = a.height();
      ASSERT_EQ(b.width(), o >= 5 ? H : W);
      ASSERT_EQ(b.height(), o >= 5 ? W : H);
      const ImageView va = a.view(), vb = b.view();
      auto A = [&](int x, int y) { return va.planes[0].row(y)[x]; };
      for (int y = 0; y < b.height(); ++y)
        for (int x = 0; x < b.width(); ++x) {
          int sx = x, sy = y;
          switch (o) {
            case 2:
              sx = W - 1 - x;
              break;
            case 3:
              sx = W - 1 - x;
              sy = H - 1 - y;
              break;
            case 4:
              sy = H - 1 - y;
              break;
            case 5:
              sx = y;
              sy = x;
              break;
            case 6:
              sx = y;
              sy = H - 1 - x;
              break;
            case 7:
              sx = W - 1 - y;
              sy = H - 1 - x;
              break;
            case 8:
              sx = W - 1 - y;
              sy = x;
              break;
          }
          ASSERT_EQ(vb.planes[0].row(y)[x], A(sx, sy)) << "at " << x << "," << y;
        }
      // Upright now, and the kept EXIF says so: passing it on does not turn it again.
      EXPECT_EQ(b.image_metadata()->orientation, 1);
      const auto reread = with_segment(plain, 0xE1, [&] {
        std::vector<uint8_t> p = {'E', 'x', 'i', 'f', 0, 0};
        p.insert(p.end(), b.image_metadata()->exif.begin(), b.image_metadata()->exif.end());
        return p;
      }());
      EXPECT_EQ(decode_image(reread, keep).frame().image_metadata()->orientation, 1);
      // An asked size is the upright picture's.
      ReadOptions sized = as_format(PF_GRAY8);
      sized.width = o >= 5 ? 12 : 20;
      sized.height = o >= 5 ? 20 : 12;
      const Frame s = decode_image(jpg, sized).frame();
      EXPECT_EQ(s.width(), sized.width);
      EXPECT_EQ(s.height(), sized.height);
    }
  }
}

std::vector<uint8_t> icc_segment(int seq, int count, const std::vector<uint8_t>& part) {
  static constexpr char kId[] = "ICC_PROFILE";  // with its NUL: 12 bytes
  std::vector<uint8_t> p(sizeof(kId) + 2 + part.size());
  std::memcpy(p.data(), kId, sizeof(kId));
  p[sizeof(kId)] = static_cast<uint8_t>(seq);
  p[sizeof(kId) + 1] = static_cast<uint8_t>(count);
  std::memcpy(p.data() + sizeof(kId) + 2, part.data(), part.size());
  return p;
}

TEST(JpegRead, IccProfileIsReassembledInSequenceOrder) {
  ScratchDir dir;
  write_file(dir.file("in.ppm"), test_ppm(32, 16));
  run_command("cjpeg -outfile " + dir.file("c.jpg") + " " + dir.file("in.ppm"));
  const auto plain = read_file(dir.file("c.jpg"));
  std::vector<uint8_t> profile(150000);
  for (size_t i = 0; i < profile.size(); ++i) profile[i] = static_cast<uint8_t>(i * 31 + (i >> 9));
  const std::vector<uint8_t> p1(profile.begin(), profile.begin() + 60000),
      p2(profile.begin() + 60000, profile.begin() + 120000),
      p3(profile.begin() + 120000, profile.end());
  // Segments out of order in the file (allowed: the sequence number orders them).
  auto jpg = with_segment(plain, 0xE2, icc_segment(1, 3, p1));
  jpg = with_segment(jpg, 0xE2, icc_segment(3, 3, p3));
  jpg = with_segment(jpg, 0xE2, icc_segment(2, 3, p2));
  const Frame f = decode_image(jpg).frame();
  EXPECT_TRUE(f.image_metadata()->icc_profile == profile);
  EXPECT_TRUE(f.image_metadata()->warnings.empty());
  // A missing segment: no profile rather than a wrong one, and a warning.
  const auto broken =
      with_segment(with_segment(plain, 0xE2, icc_segment(1, 3, p1)), 0xE2, icc_segment(3, 3, p3));
  const Frame g = decode_image(broken).frame();
  EXPECT_TRUE(g.image_metadata()->icc_profile.empty());
  EXPECT_EQ(g.image_metadata()->warnings.size(), 1u);
}

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(JpegRead, TruncatedIsAnErrorOrWithAllowPartialAWarning) {
  ScratchDir dir;
  write_file(dir.file("in.ppm"), test_ppm(256, 256));
  run_command("cjpeg -quality 95 -outfile " + dir.file("t.jpg") + " " + dir.file("in.ppm"));
  auto jpg = read_file(dir.file("t.jpg"));
  jpg.resize(jpg.size() * 2 / 3);
  const std::string msg = error_of([&] { decode_image(jpg); });
  EXPECT_NE(msg.find("JPEG decode failed"), std::string::npos) << msg;
  EXPECT_NE(msg.find("allow_partial"), std::string::npos) << msg;
  ReadOptions partial;
  partial.allow_partial = true;
  partial.format = PixelInfo(PF_RGB24);
  const Frame f = decode_image(jpg, partial).frame();
  EXPECT_EQ(f.width(), 256);
  ASSERT_EQ(f.image_metadata()->warnings.size(), 1u);
  // The top of the picture decoded: it equals the complete file's.
  const Frame whole = read_image(dir.file("t.jpg"), as_format(PF_RGB24)).frame();
  EXPECT_EQ(std::memcmp(f.view().planes[0].row(10), whole.view().planes[0].row(10), 256 * 3), 0);
}

TEST(JpegRead, ForgedAndCorruptHeadersAreClearErrors) {
  ScratchDir dir;
  write_file(dir.file("in.ppm"), test_ppm(16, 16));
  run_command("cjpeg -outfile " + dir.file("s.jpg") + " " + dir.file("in.ppm"));
  auto jpg = read_file(dir.file("s.jpg"));
  // The SOF's size fields, set to 65500x65500.
  size_t sof = 2;
  while (!(jpg[sof] == 0xFF && jpg[sof + 1] == 0xC0)) ++sof;
  auto huge = jpg;
  huge[sof + 5] = huge[sof + 7] = 0xFF;
  huge[sof + 6] = huge[sof + 8] = 0xDC;
  std::string msg = error_of([&] { decode_image(huge); });
  EXPECT_NE(msg.find("65500x65500"), std::string::npos) << msg;
  EXPECT_NE(msg.find("limit"), std::string::npos) << msg;
  // Within the pixel limit but far more than the data can code.
  huge[sof + 5] = 0x10;
  huge[sof + 6] = 0x00;
  huge[sof + 7] = 0x10;
  huge[sof + 8] = 0x00;
  msg = error_of([&] { decode_image(huge); });
  EXPECT_NE(msg.find("truncated or forged"), std::string::npos) << msg;
  // A lower limit of the caller's.
  ReadOptions tiny;
  tiny.max_pixels = 100;
  msg = error_of([&] { decode_image(jpg, tiny); });
  EXPECT_NE(msg.find("more than the limit of 100"), std::string::npos) << msg;
  // Garbage after the SOI marker.
  std::vector<uint8_t> junk = {0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3, 4, 5, 6, 7, 8};
  msg = error_of([&] { decode_image(junk); });
  EXPECT_NE(msg.find("JPEG"), std::string::npos) << msg;
}

}  // namespace
}  // namespace framekit::io
