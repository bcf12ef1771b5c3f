// The encoder options of #16: JFIF density, EXIF, ICC profiles, chroma quality, custom
// quantisation tables and 4:4:0, each as a whole file byte-identical to libjpeg-turbo's
// libjpeg API given the same settings (testing/libjpeg_reference.h); the metadata read back
// by libjpeg's decoder and djpeg; gray from YUV input; the size bound with large segments;
// and the clear errors for bad values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>

#include "framekit/core/error.h"
#include "testing/jpeg_test_util.h"
#include "testing/libjpeg_reference.h"

namespace framekit::jpeg {
namespace {

using testing::LibjpegOptions;
using testing::libjpeg_encode;
using testing::make_image;
using testing::OwnedImage;

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng() >> 24);
  return v;
}

// A TIFF structure's start as EXIF carries it, then arbitrary bytes.
std::vector<uint8_t> tiff_bytes(size_t n, uint32_t seed) {
  std::vector<uint8_t> v = random_bytes(n, seed);
  const uint8_t head[8] = {'I', 'I', '*', 0, 8, 0, 0, 0};
  std::copy(head, head + 8, v.begin());
  return v;
}

std::vector<uint8_t> with_exif_header(const std::vector<uint8_t>& tiff) {
  static const uint8_t kHeader[6] = {'E', 'x', 'i', 'f', 0, 0};
  std::vector<uint8_t> v(sizeof(kHeader) + tiff.size());
  std::copy(kHeader, kHeader + sizeof(kHeader), v.begin());
  std::copy(tiff.begin(), tiff.end(), v.begin() + sizeof(kHeader));
  return v;
}

// Our encoding and libjpeg's must be the same file.
void expect_same_file(const OwnedImage& img, const EncodeParams& p, const LibjpegOptions& o,
                      const std::string& what) {
  const std::vector<uint8_t> ref = libjpeg_encode(img.view, o);
  const std::vector<uint8_t> ours = encode(img.view, p);
  ASSERT_EQ(ours.size(), ref.size()) << what;
  EXPECT_TRUE(ours == ref) << what;
}

// Offsets of every marker segment before SOS, by marker byte.
std::vector<std::pair<uint8_t, std::vector<uint8_t>>> header_segments(
    const std::vector<uint8_t>& jpg) {
  std::vector<std::pair<uint8_t, std::vector<uint8_t>>> out;
  size_t i = 2;
  while (i + 4 <= jpg.size() && jpg[i] == 0xFF && jpg[i + 1] != 0xDA) {
    const size_t len = static_cast<size_t>(jpg[i + 2]) << 8 | jpg[i + 3];
    out.emplace_back(jpg[i + 1], std::vector<uint8_t>(jpg.begin() + i + 4, jpg.begin() + i + 2 + len));
    i += 2 + len;
  }
  return out;
}

TEST(JpegOptions, DensityMatchesLibjpeg) {
  const OwnedImage img = make_image(PixelInfo(PF_RGB24), 37, 29, 3);
  const Density densities[] = {{Density::Unit::kDpi, 300, 300},
                               {Density::Unit::kDpi, 72, 144},
                               {Density::Unit::kDpcm, 118, 120},
                               {Density::Unit::kAspect, 2, 3},
                               {Density::Unit::kDpi, 65535, 1}};
  for (const Density& d : densities) {
    EncodeParams p;
    p.density = d;
    LibjpegOptions o;
    o.density = d;
    expect_same_file(img, p, o,
                     "unit " + std::to_string(static_cast<int>(d.unit)) + " " +
                         std::to_string(d.x) + "x" + std::to_string(d.y));
  }
}

TEST(JpegOptions, ExifMatchesLibjpeg) {
  const OwnedImage img = make_image(PixelInfo(PF_RGB24), 40, 24, 4);
  for (size_t n : {size_t{8}, size_t{500}, size_t{65527}}) {
    const std::vector<uint8_t> tiff = tiff_bytes(n, static_cast<uint32_t>(n));
    LibjpegOptions o;
    o.exif = with_exif_header(tiff);
    EncodeParams p;
    p.exif = tiff;
    expect_same_file(img, p, o, "EXIF of " + std::to_string(n) + " bytes");
    p.exif = o.exif;  // the header already there is not repeated
    expect_same_file(img, p, o, "EXIF with its header, " + std::to_string(n) + " bytes");
  }
}

TEST(JpegOptions, IccProfilesMatchLibjpeg) {
  const OwnedImage img = make_image(PixelInfo(PF_RGB24), 33, 17, 5);
  // 1 KB, exactly one segment's worth, one byte more, and 200 KB (4 segments).
  for (size_t n : {size_t{1024}, size_t{65519}, size_t{65520}, size_t{200 * 1024}}) {
    LibjpegOptions o;
    o.icc = random_bytes(n, static_cast<uint32_t>(n));
    EncodeParams p;
    p.icc_profile = o.icc;
    expect_same_file(img, p, o, "ICC of " + std::to_string(n) + " bytes");
    size_t app2 = 0;
    for (const auto& seg : header_segments(encode(img.view, p))) app2 += seg.first == 0xE2;
    EXPECT_EQ(app2, (n + 65518) / 65519) << n;
  }
}

// The metadata comes back out of a decoder: libjpeg's (jpeg_read_icc_profile, saved APP1
// markers, JFIF fields) and the djpeg command (-icc).
TEST(JpegOptions, MetadataRoundTripsThroughDecoders) {
  const OwnedImage img = make_image(PixelInfo(PF_NV12), 64, 40, 17);
  for (size_t icc_size : {size_t{1024}, size_t{200 * 1024}}) {
    EncodeParams p;
    p.icc_profile = random_bytes(icc_size, 18);
    p.exif = tiff_bytes(777, 19);
    p.density = {Density::Unit::kDpi, 240, 180};
    p.threads = 2;
    const std::vector<uint8_t> jpg = encode(img.view, p);
    const testing::LibjpegMetadata m = testing::libjpeg_read_metadata(jpg);
    EXPECT_TRUE(m.icc == p.icc_profile) << icc_size;
    ASSERT_EQ(m.app1.size(), 1u);
    EXPECT_TRUE(m.app1[0] == with_exif_header(p.exif));
    EXPECT_TRUE(m.jfif);
    EXPECT_EQ(m.density_unit, 1);
    EXPECT_EQ(m.x_density, 240);
    EXPECT_EQ(m.y_density, 180);
    EXPECT_EQ(m.width, 64);
    EXPECT_EQ(m.height, 40);

    const testing::TempFile file(jpg);
    const std::string icc_path = file.path + ".icc";
    testing::run_command("djpeg -icc " + icc_path + " -outfile /dev/null " + file.path);
    std::FILE* f = std::fopen(icc_path.c_str(), "rb");
    ASSERT_NE(f, nullptr) << "djpeg wrote no ICC file";
    std::vector<uint8_t> extracted(icc_size + 1);
    extracted.resize(std::fread(extracted.data(), 1, extracted.size(), f));
    std::fclose(f);
    std::remove(icc_path.c_str());
    EXPECT_TRUE(extracted == p.icc_profile) << "djpeg -icc, " << icc_size << " bytes";
  }
}

TEST(JpegOptions, ChromaQualityMatchesLibjpeg) {
  const OwnedImage img = make_image(PixelInfo(PF_RGB24), 45, 31, 6);
  const int pairs[][2] = {{90, 50}, {50, 90}, {75, 20}, {1, 100}, {100, 1}, {75, 75}};
  for (Subsampling s : {Subsampling::k420, Subsampling::k444, Subsampling::k440}) {
    for (const auto& q : pairs) {
      EncodeParams p;
      p.quality = q[0];
      p.chroma_quality = q[1];
      p.subsampling = s;
      LibjpegOptions o;
      o.quality = q[0];
      o.chroma_quality = q[1];
      o.subsampling = s;
      expect_same_file(img, p, o,
                       "quality " + std::to_string(q[0]) + "," + std::to_string(q[1]) +
                           " subsampling " + std::to_string(static_cast<int>(s)));
    }
  }
  // Gray has no chroma table: chroma_quality changes nothing.
  EncodeParams gray;
  gray.subsampling = Subsampling::kGray;
  const auto plain = encode(img.view, gray);
  gray.chroma_quality = 10;
  EXPECT_TRUE(encode(img.view, gray) == plain);
}

TEST(JpegOptions, CustomQuantTablesMatchLibjpeg) {
  const OwnedImage img = make_image(PixelInfo(PF_RGB24), 50, 34, 7);
  std::mt19937 rng(3);
  QuantTables two;  // cb == cr: two tables
  QuantTables three;
  for (int i = 0; i < 64; ++i) {
    two.y[i] = static_cast<uint16_t>(1 + rng() % 255);
    two.cb[i] = two.cr[i] = static_cast<uint16_t>(1 + rng() % 255);
    three.y[i] = static_cast<uint16_t>(1 + rng() % 40);
    three.cb[i] = static_cast<uint16_t>(1 + rng() % 90);
    three.cr[i] = static_cast<uint16_t>(1 + rng() % 255);
  }
  for (const QuantTables* q : {&two, &three}) {
    for (Subsampling s : {Subsampling::k420, Subsampling::k422, Subsampling::k440}) {
      EncodeParams p;
      p.quant = *q;
      p.chroma_quality = 30;  // the custom tables override both qualities
      p.quality = 20;
      p.subsampling = s;
      LibjpegOptions o;
      o.quant = q;
      o.subsampling = s;
      expect_same_file(img, p, o,
                       std::string(q == &two ? "two" : "three") + " tables, subsampling " +
                           std::to_string(static_cast<int>(s)));
    }
  }
}

TEST(JpegOptions, Subsampling440MatchesLibjpeg) {
  const int sizes[][2] = {{1, 1}, {2, 1}, {1, 2}, {7, 9}, {8, 8}, {17, 3},
                          {16, 16}, {9, 17}, {33, 17}, {61, 47}, {130, 3}, {3, 130}};
  for (const auto& sz : sizes) {
    for (int q : {1, 75, 100}) {
      for (bool optimize : {false, true}) {
        const OwnedImage img = make_image(PixelInfo(PF_RGB24), sz[0], sz[1], sz[0] * 7 + sz[1]);
        EncodeParams p;
        p.quality = q;
        p.subsampling = Subsampling::k440;
        p.optimize_huffman = optimize;
        LibjpegOptions o;
        o.quality = q;
        o.subsampling = Subsampling::k440;
        o.optimize = optimize;
        expect_same_file(img, p, o,
                         "4:4:0 " + std::to_string(sz[0]) + "x" + std::to_string(sz[1]) + " q" +
                             std::to_string(q) + (optimize ? " optimized" : ""));
      }
    }
  }
}

TEST(JpegOptions, EverythingCombinedMatchesLibjpeg) {
  for (Subsampling s : {Subsampling::k440, Subsampling::k420, Subsampling::kGray}) {
    const OwnedImage img = make_image(PixelInfo(PF_RGB24), 71, 45, 8);
    const std::vector<uint8_t> tiff = tiff_bytes(300, 9);
    EncodeParams p;
    p.subsampling = s;
    p.quality = 88;
    p.chroma_quality = 60;
    p.optimize_huffman = s != Subsampling::k420;
    p.density = {Density::Unit::kDpcm, 40, 41};
    p.exif = tiff;
    p.icc_profile = random_bytes(70000, 10);
    p.app_segments = {{3, {1, 2, 3}}, {15, random_bytes(100, 11)}};
    p.comment = "framekit options";
    p.threads = 3;
    LibjpegOptions o;
    o.subsampling = s;
    o.quality = 88;
    o.chroma_quality = 60;
    o.optimize = p.optimize_huffman;
    o.density = p.density;
    o.exif = with_exif_header(tiff);
    o.icc = p.icc_profile;
    o.app_segments = p.app_segments;
    o.comment = p.comment;
    expect_same_file(img, p, o, "combined, subsampling " + std::to_string(static_cast<int>(s)));
    // The markers in the documented order.
    std::vector<uint8_t> order;
    for (const auto& seg : header_segments(encode(img.view, p))) {
      if (order.empty() || order.back() != seg.first) order.push_back(seg.first);
    }
    const std::vector<uint8_t> expected = {0xE0, 0xE1, 0xE2, 0xE3, 0xEF, 0xFE, 0xDB, 0xC0, 0xC4};
    EXPECT_TRUE(std::vector<uint8_t>(order.begin(), order.begin() + 9) == expected);
  }
}

// YUV input coded as gray is its luma plane alone: the same file as that plane as gray8.
TEST(JpegOptions, GrayFromYuvIsItsLumaPlane) {
  const PixelInfo inputs[] = {PixelInfo(PF_NV12),  // limited range: folded quantiser
                              PixelInfo(PF_YUVJ420P),
                              PixelInfo(PF_YUV422P, CS_BT709, CR_JPEG),
                              PixelInfo(PF_YUV444P, CS_BT2020_NCL, CR_MPEG),
                              PixelInfo(PF_YUYV422, CS_BT470BG, CR_JPEG)};
  for (const PixelInfo& info : inputs) {
    for (bool raw : {false, true}) {
      const OwnedImage yuv = make_image(info, 43, 27, 12, 5);
      OwnedImage luma = make_image(PixelInfo(PF_GRAY8, CS_UNSPECIFIED, info.infer_range()), 43, 27);
      const auto& d = yuv.view.desc();
      for (int y = 0; y < 27; ++y) {
        for (int x = 0; x < 43; ++x) {
          const int step = d.packed422 ? 2 : d.planes[0].channels;
          luma.planes[0][static_cast<size_t>(y) * 43 + x] =
              yuv.view.planes[0].row(y)[x * step + (d.planes[0].components[0] == 'Y' ? 0 : 1)];
        }
      }
      EncodeParams p;
      p.quality = 83;
      p.raw = raw;
      p.threads = 2;
      const std::vector<uint8_t> expected = encode(luma.view, p);
      p.subsampling = Subsampling::kGray;
      EXPECT_TRUE(encode(yuv.view, p) == expected) << pixel_format_name(info.format()) << raw;
      if (info.infer_range() == CR_JPEG && !raw) {
        LibjpegOptions o;
        o.quality = 83;
        o.subsampling = Subsampling::kGray;
        EXPECT_TRUE(libjpeg_encode(luma.view, o) == expected) << pixel_format_name(info.format());
      }
    }
  }
}

TEST(JpegOptions, BoundAndPredictionCountTheSegments) {
  for (Subsampling s : {Subsampling::k440, Subsampling::k444}) {
    OwnedImage img = make_image(PixelInfo(PF_RGB24), 64, 48, 13);
    std::mt19937 rng(14);
    for (auto& b : img.planes[0]) b = static_cast<uint8_t>(rng() >> 24);  // noise: near worst
    EncodeParams p;
    p.subsampling = s;
    p.quality = 100;
    p.icc_profile = random_bytes(200 * 1024, 15);
    p.exif = tiff_bytes(65527, 16);
    p.comment = std::string(1000, 'c');
    p.restart_interval = 1;
    const Encoder enc(p);
    const std::vector<uint8_t> whole = enc.encode(img.view);
    const size_t bound = enc.max_encoded_size(64, 48, PF_RGB24);
    ASSERT_GE(bound, whole.size());
    std::vector<uint8_t> buf(bound);
    ASSERT_EQ(enc.encode_into(img.view, buf.data(), buf.size()), whole.size());
    EXPECT_TRUE(std::equal(whole.begin(), whole.end(), buf.begin()));
    // Every MCU row is sampled for an image this small, so the prediction is exact.
    EXPECT_EQ(enc.predict_size(img.view), whole.size());
    // A buffer one byte short of the file is refused.
    EXPECT_THROW(enc.encode_into(img.view, buf.data(), whole.size() - 1), Error);
  }
}

// Runs fn, expects Error(kInvalidArgument) whose message contains `needle`.
template <class Fn>
void expect_invalid(Fn&& fn, const std::string& needle) {
  try {
    fn();
    ADD_FAILURE() << "no error; expected one mentioning '" << needle << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
        << "message '" << e.what() << "' lacks '" << needle << "'";
  }
}

TEST(JpegOptions, BadParametersAreClearErrors) {
  const OwnedImage rgb = make_image(PixelInfo(PF_RGB24), 9, 9, 1);
  {
    EncodeParams p;  // one byte more than 255 segments hold
    p.icc_profile.assign(16707346, 7);
    expect_invalid([&] { encode(rgb.view, p); },
                   "icc_profile has 16707346 bytes (at most 16707345: 255 APP2 segments of 65519");
    p.icc_profile.pop_back();  // exactly the limit is written
    const auto segments = header_segments(encode(rgb.view, p));
    EXPECT_EQ(std::count_if(segments.begin(), segments.end(),
                            [](const auto& s) { return s.first == 0xE2; }),
              255);
  }
  {
    const OwnedImage gray = make_image(PixelInfo(PF_GRAY8), 9, 9, 1);
    for (Subsampling s : {Subsampling::k420, Subsampling::k444, Subsampling::k440}) {
      EncodeParams p;
      p.subsampling = s;
      expect_invalid([&] { encode(gray.view, p); }, "was asked for gray input, which is coded as gray only");
      expect_invalid([&] { max_encoded_size(9, 9, PF_GRAY8, p); }, "gray input");
    }
  }
  {
    const OwnedImage yuv = make_image(PixelInfo(PF_YUV420P), 9, 9, 1);
    EncodeParams p;
    p.subsampling = Subsampling::k444;
    expect_invalid([&] { encode(yuv.view, p); },
                   "jpeg: subsampling 4:4:4 was asked for yuv420p input, which is coded at its own "
                   "4:2:0 (or gray); convert it first");
    p.subsampling = Subsampling::k440;
    expect_invalid([&] { max_encoded_size(9, 9, PF_NV16, p); },
                   "subsampling 4:4:0 was asked for nv16 input, which is coded at its own 4:2:2");
    p.subsampling = static_cast<Subsampling>(7);
    expect_invalid([&] { Encoder{p}; }, "subsampling value 7 is invalid");
  }
  for (int q : {0, 101}) {
    EncodeParams p;
    p.chroma_quality = q;
    expect_invalid([&] { Encoder{p}; },
                   "chroma_quality " + std::to_string(q) + " is out of range (expected 1..100)");
  }
  {
    EncodeParams p;
    p.density = {Density::Unit::kDpi, 0, 72};
    expect_invalid([&] { Encoder{p}; }, "density 0x72 is invalid (each must be 1..65535)");
    p.density = {Density::Unit::kDpcm, 10, 0};
    expect_invalid([&] { Encoder{p}; }, "density 10x0 is invalid");
    p.density = {static_cast<Density::Unit>(3), 10, 10};
    expect_invalid([&] { Encoder{p}; }, "density unit 3 is invalid");
  }
  {
    EncodeParams p;
    p.exif = tiff_bytes(65528, 1);
    expect_invalid([&] { Encoder{p}; },
                   "exif has 65528 bytes (an APP1 segment holds at most 65527 after its "
                   "\"Exif\\0\\0\" header)");
    p.exif = with_exif_header(tiff_bytes(65528, 1));  // 65534 bytes with the header
    expect_invalid([&] { Encoder{p}; }, "exif has 65534 bytes");
    p.exif.pop_back();  // 65533 with the header: fits
    EXPECT_NO_THROW(encode(rgb.view, p));
  }
}

}  // namespace
}  // namespace framekit::jpeg
