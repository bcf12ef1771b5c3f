// hi_venc_jpeg_param and friends: qfactor tables, custom quantisation tables, restart
// interval, custom Huffman tables, compact_jpeg_tables — checked in the output files
// (DQT/DRI/DHT contents) and by decoding with TurboJPEG.
#include <gtest/gtest.h>

#include "framekit/jpege/engine.h"
#include "testing/jpege_test_util.h"

namespace framekit::jpege {
namespace {

using jpege_test::count_segments;
using jpege_test::decode_jpeg;
using jpege_test::jpeg_segments;
using jpege_test::TestPicture;

// JPEG's zigzag order: position k of a DQT table is natural index kZigzag[k].
constexpr int kZigzag[64] = {0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,
                             12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28,
                             35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
                             58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

// ITU-T T.81 Annex K tables K.1 and K.2 (natural order) and the IJG quality scaling,
// written here independently of the encoder.
constexpr int kLuma[64] = {16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
                           14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
                           18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
                           49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
constexpr int kChroma[64] = {17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
                             24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
                             99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
                             99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};
int ijg_scaled(int base, int quality) {
  const int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return std::clamp((base * scale + 50) / 100, 1, 255);
}

ChannelAttr attr(uint32_t w, uint32_t h) {
  ChannelAttr a;
  a.max_pic_width = a.pic_width = w;
  a.max_pic_height = a.pic_height = h;
  a.buf_size = 4 << 20;
  return a;
}

class JpegParams : public ::testing::Test {
 protected:
  void SetUp() override {
    engine.create_channel(0, attr(160, 120));
    engine.start_channel(0);
  }
  std::vector<uint8_t> encode(const ImageView& v) {
    InputFrame f;
    f.view = v;
    f.raw = true;
    engine.send_frame(0, f, -1);
    const Stream s = engine.get_stream(0, 10000);
    std::vector<uint8_t> out(s.pack.data, s.pack.data + s.pack.len);
    engine.release_stream(0, s);
    return out;
  }
  // The DQT tables of a file by id, in natural order.
  static std::map<int, std::array<int, 64>> quant_tables(const std::vector<uint8_t>& jpg) {
    std::map<int, std::array<int, 64>> out;
    for (const auto& seg : jpeg_segments(jpg.data(), jpg.size())) {
      if (seg.marker != 0xDB) continue;
      for (size_t pos = 0; pos + 65 <= seg.payload.size(); pos += 65) {
        std::array<int, 64> t{};
        for (int k = 0; k < 64; ++k) t[kZigzag[k]] = seg.payload[pos + 1 + k];
        out[seg.payload[pos] & 15] = t;
      }
    }
    return out;
  }
  Engine engine{{.workers = 2}};
  TestPicture pic{PF_NV12, 160, 120, 3};
};

TEST_F(JpegParams, QfactorUsesTheIjgScaledAnnexKTables) {
  for (uint32_t q : {1u, 25u, 50u, 85u, 100u}) {
    SCOPED_TRACE(q);
    JpegParam p = engine.get_jpeg_param(0);
    p.qfactor = q;
    engine.set_jpeg_param(0, p);
    const JpegParam got = engine.get_jpeg_param(0);
    EXPECT_EQ(got.qfactor, q);
    auto tables = quant_tables(encode(pic.view));
    ASSERT_EQ(tables.size(), 2u);
    for (int i = 0; i < 64; ++i) {
      EXPECT_EQ(got.y_qt[i], ijg_scaled(kLuma[i], static_cast<int>(q)));
      EXPECT_EQ(got.cb_qt[i], ijg_scaled(kChroma[i], static_cast<int>(q)));
      EXPECT_EQ(tables[0][i], got.y_qt[i]);
      EXPECT_EQ(tables[1][i], got.cb_qt[i]);
    }
  }
}

TEST_F(JpegParams, CustomTablesWithQfactorAllOnes) {
  JpegParam p = engine.get_jpeg_param(0);
  p.qfactor = kQfactorCustom;
  for (int i = 0; i < 64; ++i) {
    p.y_qt[i] = static_cast<uint8_t>(1 + i);
    p.cb_qt[i] = static_cast<uint8_t>(2 + 2 * i);
    p.cr_qt[i] = static_cast<uint8_t>(3 + 3 * i);
  }
  engine.set_jpeg_param(0, p);
  const JpegParam got = engine.get_jpeg_param(0);
  EXPECT_EQ(got.qfactor, kQfactorCustom);
  EXPECT_EQ(got.cr_qt, p.cr_qt);
  const std::vector<uint8_t> jpg = encode(pic.view);
  auto tables = quant_tables(jpg);
  ASSERT_EQ(tables.size(), 3u);  // Cb and Cr differ: three tables
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(tables[0][i], p.y_qt[i]);
    EXPECT_EQ(tables[1][i], p.cb_qt[i]);
    EXPECT_EQ(tables[2][i], p.cr_qt[i]);
  }
  EXPECT_TRUE(decode_jpeg(jpg.data(), jpg.size(), false).ok);
}

TEST_F(JpegParams, McuPerEcsWritesTheRestartInterval) {
  JpegParam p = engine.get_jpeg_param(0);
  p.mcu_per_ecs = 3;
  engine.set_jpeg_param(0, p);
  const std::vector<uint8_t> jpg = encode(pic.view);
  int dri = -1;
  for (const auto& seg : jpeg_segments(jpg.data(), jpg.size())) {
    if (seg.marker == 0xDD) dri = seg.payload[0] << 8 | seg.payload[1];
  }
  EXPECT_EQ(dri, 3);
  bool rgb = false;
  const auto ref = jpege_test::reference_samples(pic.view, &rgb);
  const auto d = decode_jpeg(jpg.data(), jpg.size(), false);
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_GT(jpege_test::psnr(ref, d.samples), 40);
}

TEST_F(JpegParams, CustomHuffmanTablesAreWrittenAndUsed) {
  // A valid complete table that is not the standard one: every DC category gets a
  // 4-bit code (12 of 16), every AC symbol a code of length 8..16 (a canonical spread).
  HuffmanParam h = engine.get_huffman_param(0);
  for (auto& t : h.dc_tables) {
    t.bits = {0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 12; ++i) t.values[i] = static_cast<uint8_t>(11 - i);
  }
  engine.set_huffman_param(0, h);
  EXPECT_EQ(engine.get_huffman_param(0).dc_tables[0].values[0], 11);
  const std::vector<uint8_t> jpg = encode(pic.view);
  bool found = false;
  for (const auto& seg : jpeg_segments(jpg.data(), jpg.size())) {
    if (seg.marker != 0xC4) continue;
    for (size_t pos = 0; pos + 17 <= seg.payload.size();) {
      size_t count = 0;
      for (int i = 1; i <= 16; ++i) count += seg.payload[pos + i];
      if (seg.payload[pos] == 0x00) {  // DC table 0
        found = true;
        EXPECT_EQ(seg.payload[pos + 4], 12);
        EXPECT_EQ(seg.payload[pos + 17], 11);
      }
      pos += 17 + count;
    }
  }
  EXPECT_TRUE(found);
  bool rgb = false;
  const auto ref = jpege_test::reference_samples(pic.view, &rgb);
  const auto d = decode_jpeg(jpg.data(), jpg.size(), false);
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_GT(jpege_test::psnr(ref, d.samples), 40);
}

TEST_F(JpegParams, CompactTablesShrinkTheHeaderNotThePicture) {
  JpegParam p = engine.get_jpeg_param(0);
  p.qfactor = kQfactorCustom;
  p.y_qt.fill(6);
  p.cb_qt.fill(6);
  p.cr_qt.fill(6);
  engine.set_jpeg_param(0, p);
  const std::vector<uint8_t> plain = encode(pic.view);
  engine.compact_jpeg_tables(0, 0, true);
  const std::vector<uint8_t> compact = encode(pic.view);
  EXPECT_LT(compact.size(), plain.size());
  EXPECT_EQ(count_segments(compact.data(), compact.size(), 0xDB), 1);
  EXPECT_EQ(count_segments(compact.data(), compact.size(), 0xC4), 1);
  EXPECT_EQ(quant_tables(compact).size(), 1u);  // Y, Cb, Cr share one table
  const auto a = decode_jpeg(plain.data(), plain.size(), true);
  const auto b = decode_jpeg(compact.data(), compact.size(), true);
  ASSERT_TRUE(a.ok && b.ok) << a.error << b.error;
  EXPECT_EQ(a.samples, b.samples);  // the same picture
  engine.compact_jpeg_tables(0, 0, false);
  EXPECT_EQ(encode(pic.view), plain);
}

TEST(JpegePredictedSize, CoversRealPicturesAndFallsBackToTheBound) {
  for (PixelFormat f : {PF_NV12, PF_YUYV422, PF_YUV444P}) {
    for (uint32_t q : {50u, 85u, 100u}) {
      TestPicture pic(f, 320, 240, q);
      InputFrame in;
      in.view = pic.view;
      in.raw = true;
      JpegParam p;
      p.qfactor = q;
      const uint32_t predicted = predicted_size(in, p);
      Engine engine({.workers = 1});
      ChannelAttr a;
      a.max_pic_width = a.pic_width = 320;
      a.max_pic_height = a.pic_height = 240;
      engine.create_channel(0, a);
      engine.set_jpeg_param(0, p);
      engine.start_channel(0);
      std::vector<uint8_t> out(predicted + 16);
      auto* o = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(out.data()) + 15) & ~15);
      engine.send_jpege_frame(0, in, o, predicted, -1);
      const Stream s = engine.get_stream(0, 10000);
      EXPECT_LE(s.pack.len, predicted);
      EXPECT_GT(s.pack.len * 3, predicted) << "the prediction is far too generous";
      engine.release_stream(0, s);
      engine.stop_channel(0);
      // Without pixels, the guaranteed bound.
      in.view.planes[0].data = nullptr;
      EXPECT_GE(predicted_size(in, p), predicted);
    }
  }
}

}  // namespace
}  // namespace framekit::jpege
