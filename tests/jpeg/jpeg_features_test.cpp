// Parameters beyond quality: restart intervals, optimised and custom Huffman tables,
// custom quantisation tables, extra segments, threads, output buffers, size bounds and
// predictions, Frame input, reuse across threads.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <map>

#include "framekit/core/parallel.h"
#include "framekit/frame/frame.h"
#include "jpeg/tables.h"
#include "testing/jpeg_test_util.h"

namespace framekit::jpeg {
namespace {

using testing::make_image;
using testing::tj_decode;

struct Segment {
  uint8_t marker;
  std::vector<uint8_t> data;
};

// Marker segments before SOS (inclusive), in order.
std::vector<Segment> segments(const std::vector<uint8_t>& jpg) {
  std::vector<Segment> out;
  size_t i = 2;
  while (i + 4 <= jpg.size()) {
    const uint8_t m = jpg[i + 1];
    const size_t len = static_cast<size_t>(jpg[i + 2]) << 8 | jpg[i + 3];
    out.push_back({m, std::vector<uint8_t>(jpg.begin() + i + 4, jpg.begin() + i + 2 + len)});
    if (m == 0xDA) break;
    i += 2 + len;
  }
  return out;
}

// TurboJPEG's encoding of the same planes with TJ_* environment options set.
std::vector<uint8_t> tj_with_env(const testing::OwnedImage& img, Subsampling s, int q,
                                 const char* name, const char* value) {
  setenv(name, value, 1);
  const ImageView& v = img.view;
  const uint8_t* planes[3] = {v.planes[0].data, v.planes[1].data, v.planes[2].data};
  const int strides[3] = {static_cast<int>(v.planes[0].stride),
                          static_cast<int>(v.planes[1].stride),
                          static_cast<int>(v.planes[2].stride)};
  auto out = testing::tj_encode_planes(planes, strides, v.width, v.height, s, q);
  unsetenv(name);
  return out;
}

TEST(JpegFeatures, RestartIntervalMatchesTurboJpeg) {
  for (int ri : {1, 3, 7, 64}) {
    const auto img = make_image(PixelInfo(PF_YUVJ420P), 123, 45, 3);
    EncodeParams p;
    p.quality = 80;
    p.restart_interval = ri;
    const auto ours = encode(img.view, p);
    const auto ref =
        tj_with_env(img, Subsampling::k420, 80, "TJ_RESTART", (std::to_string(ri) + "B").c_str());
    EXPECT_TRUE(ours == ref) << "restart interval " << ri;
  }
}

TEST(JpegFeatures, OptimizedHuffmanMatchesTurboJpeg) {
  // Annex K.2 with libjpeg's tie-breaking gives the same tables, hence the same file.
  for (Subsampling s : {Subsampling::k420, Subsampling::k444, Subsampling::kGray}) {
    const PixelInfo info = s == Subsampling::k420   ? PixelInfo(PF_YUVJ420P)
                           : s == Subsampling::k444 ? PixelInfo(PF_YUV444P, CS_BT470BG, CR_JPEG)
                                                    : PixelInfo(PF_GRAY8);
    const auto img = make_image(info, 97, 61, 8);
    EncodeParams p;
    p.quality = 90;
    p.optimize_huffman = true;
    const auto ours = encode(img.view, p);
    const auto ref = tj_with_env(img, s, 90, "TJ_OPTIMIZE", "1");
    EXPECT_TRUE(ours == ref) << "subsampling " << static_cast<int>(s);
    EncodeParams plain;
    plain.quality = 90;
    EXPECT_LT(ours.size(), encode(img.view, plain).size());
  }
}

TEST(JpegFeatures, CustomHuffmanTables) {
  const auto img = make_image(PixelInfo(PF_NV12, CS_BT470BG, CR_JPEG), 80, 48, 2);
  EncodeParams p;
  p.huffman = standard_huffman_tables();
  EXPECT_TRUE(encode(img.view, p) == encode(img.view));
  // Tables optimised for one image, used for another: written in DHT, decodable.
  EncodeParams opt;
  opt.optimize_huffman = true;
  const auto tuned = encode(img.view, opt);
  HuffmanTables t;
  int n = 0;
  for (const auto& seg : segments(tuned)) {
    if (seg.marker != 0xC4) continue;
    HuffmanTable h;
    std::copy(seg.data.begin() + 1, seg.data.begin() + 17, h.bits.begin());
    h.values.assign(seg.data.begin() + 17, seg.data.end());
    HuffmanTable* dst[4] = {&t.dc_luma, &t.ac_luma, &t.dc_chroma, &t.ac_chroma};
    *dst[n++] = h;
  }
  ASSERT_EQ(n, 4);
  EncodeParams custom;
  custom.huffman = t;
  EXPECT_TRUE(encode(img.view, custom) == tuned);  // same tables, same file
  const auto other = make_image(PixelInfo(PF_NV12, CS_BT470BG, CR_JPEG), 80, 48, 2);
  EXPECT_NO_THROW(tj_decode(encode(other.view, custom)));
}

TEST(JpegFeatures, CustomQuantTables) {
  const auto img = make_image(PixelInfo(PF_YUV444P, CS_BT470BG, CR_JPEG), 64, 40, 6);
  QuantTables q;
  for (int i = 0; i < 64; ++i) {
    q.y[i] = static_cast<uint16_t>(1 + i % 7);
    q.cb[i] = static_cast<uint16_t>(3 + i);
    q.cr[i] = static_cast<uint16_t>(200 - i);
  }
  EncodeParams p;
  p.quant = q;
  const auto jpg = encode(img.view, p);
  std::vector<std::vector<uint8_t>> dqt;
  std::vector<uint8_t> sof;
  for (const auto& s : segments(jpg)) {
    if (s.marker == 0xDB) dqt.push_back(s.data);
    if (s.marker == 0xC0) sof = s.data;
  }
  ASSERT_EQ(dqt.size(), 3u);  // cb != cr: three tables
  for (int t = 0; t < 3; ++t) {
    const auto& table = t == 0 ? q.y : t == 1 ? q.cb : q.cr;
    EXPECT_EQ(dqt[t][0], t);
    for (int k = 0; k < 64; ++k) EXPECT_EQ(dqt[t][1 + k], table[jpeg::detail::kZigzagToNatural[k]]);
  }
  EXPECT_EQ(sof[6 + 2], 0);  // component quant table ids
  EXPECT_EQ(sof[6 + 5], 1);
  EXPECT_EQ(sof[6 + 8], 2);
  EXPECT_NO_THROW(tj_decode(jpg));
  // The quality tables given explicitly equal the quality parameter.
  EncodeParams same;
  same.quant = quality_quant_tables(33);
  EncodeParams by_quality;
  by_quality.quality = 33;
  EXPECT_TRUE(encode(img.view, same) == encode(img.view, by_quality));
}

TEST(JpegFeatures, CommentAndAppSegments) {
  const auto img = make_image(PixelInfo(PF_GRAY8), 20, 20);
  EncodeParams p;
  p.comment = "framekit test";
  const std::vector<uint8_t> exif = {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42};
  p.app_segments.push_back({1, exif});
  p.app_segments.push_back({14, {1, 2, 3}});
  const auto segs = segments(encode(img.view, p));
  ASSERT_GE(segs.size(), 4u);
  EXPECT_EQ(segs[0].marker, 0xE0);  // JFIF first
  EXPECT_EQ(std::string(segs[0].data.begin(), segs[0].data.begin() + 4), "JFIF");
  EXPECT_EQ(segs[1].marker, 0xE1);
  EXPECT_EQ(segs[1].data, exif);
  EXPECT_EQ(segs[2].marker, 0xEE);
  EXPECT_EQ(segs[3].marker, 0xFE);
  EXPECT_EQ(std::string(segs[3].data.begin(), segs[3].data.end()), "framekit test");
  // A caller's APP0 replaces JFIF's.
  EncodeParams own;
  own.app_segments.push_back({0, {'J', 'F', 'X', 'X', 0}});
  const auto segs2 = segments(encode(img.view, own));
  EXPECT_EQ(segs2[0].marker, 0xE0);
  EXPECT_EQ(segs2[0].data[2], 'X');
  EXPECT_NE(segs2[1].marker, 0xE0);
  EXPECT_NO_THROW(tj_decode(encode(img.view, p), true));
}

TEST(JpegFeatures, ThreadsGiveTheSameImage) {
  const auto img = make_image(PixelInfo(PF_NV12), 333, 250, 12);
  for (int threads : {2, 3, 0}) {
    // With the caller's restart interval, the file is byte-identical to one thread's.
    EncodeParams one;
    one.restart_interval = 5;
    EncodeParams many = one;
    many.threads = threads;
    EXPECT_TRUE(encode(img.view, many) == encode(img.view, one)) << threads << " threads";
    // Without one, the bands are joined at bit level: the same bytes, and no DRI.
    EncodeParams no_ri;
    no_ri.threads = threads;
    const auto multi = encode(img.view, no_ri);
    EXPECT_TRUE(multi == encode(img.view)) << threads << " threads";
    for (const auto& s : segments(multi)) EXPECT_NE(s.marker, 0xDD) << threads << " threads";
  }
}

TEST(JpegFeatures, EncoderIsReusableFromManyThreads) {
  const auto img = make_image(PixelInfo(PF_YUYV422), 90, 70, 4);
  EncodeParams p;
  p.quality = 66;
  const Encoder enc(p);
  const auto want = enc.encode(img.view);
  std::atomic<int> mismatches{0};
  parallel_chunks(16, [&](int64_t) {
    if (enc.encode(img.view) != want) ++mismatches;
  });
  EXPECT_EQ(mismatches.load(), 0);
  const Encoder copy = enc;
  EXPECT_TRUE(copy.encode(img.view) == want);
}

TEST(JpegFeatures, FrameInput) {
  Frame f(71, 39, PixelInfo(PF_NV12, CS_BT470BG, CR_JPEG));
  const auto v = f.view();
  for (int p = 0; p < 2; ++p)
    for (int y = 0; y < v.plane_height(p); ++y)
      for (int x = 0; x < static_cast<int>(v.desc().plane_row_bytes(p, 71)); ++x)
        v.planes[p].row(y)[x] = static_cast<uint8_t>(x * 3 + y * 5 + p * 40);
  const Encoder enc;
  EXPECT_TRUE(enc.encode(f) == enc.encode(v));
  EXPECT_TRUE(encode(f) == encode(v));
  std::vector<uint8_t> buf(enc.max_encoded_size(71, 39, PF_NV12));
  EXPECT_EQ(enc.encode_into(f, buf.data(), buf.size()), enc.encode(v).size());
  EXPECT_GT(enc.predict_size(f), 0u);
}

TEST(JpegFeatures, ExtremeSizes) {
  // TurboJPEG decodes up to 65500 pixels a side; ffmpeg checks the 65535 limit.
  for (const auto& sz : {std::pair{65500, 2}, std::pair{3, 65500}, std::pair{1, 1}}) {
    for (PixelFormat f : {PF_NV12, PF_GRAY8, PF_YUYV422}) {
      const auto img = make_image(PixelInfo(f), sz.first, sz.second, 1);
      const auto d = tj_decode(encode(img.view), f == PF_GRAY8);
      EXPECT_EQ(d.width, sz.first);
      EXPECT_EQ(d.height, sz.second);
    }
  }
  for (const auto& sz : {std::pair{65535, 2}, std::pair{2, 65535}}) {
    const auto img = make_image(PixelInfo(PF_GRAY8), sz.first, sz.second, 1);
    const auto d = testing::ffmpeg_decode(encode(img.view), sz.first, sz.second, true);
    EXPECT_EQ(d.pixels.size(), static_cast<size_t>(sz.first) * sz.second);
  }
}

TEST(JpegFeatures, MaxEncodedSizeIsABound) {
  // Noise at quality 100 is about the worst real input; the bound must hold for it, for
  // all subsamplings, with segments and restart markers.
  for (PixelFormat f : {PF_YUV444P, PF_NV12, PF_GRAY8, PF_RGB24}) {
    for (const auto& sz : {std::pair{1, 1}, std::pair{17, 9}, std::pair{128, 64}}) {
      testing::OwnedImage img =
          make_image(PixelInfo(f, CS_UNSPECIFIED, CR_JPEG), sz.first, sz.second);
      uint32_t s = 99;
      for (auto& plane : img.planes)
        for (auto& b : plane) b = static_cast<uint8_t>((s = s * 1103515245u + 12345u) >> 24);
      EncodeParams p;
      p.quality = 100;
      p.restart_interval = 1;
      p.comment = "c";
      if (f == PF_RGB24) p.subsampling = Subsampling::k444;  // YUV and gray: their own
      const Encoder enc(p);
      const size_t bound = enc.max_encoded_size(sz.first, sz.second, f);
      const size_t actual = enc.encode(img.view).size();
      EXPECT_LE(actual, bound) << pixel_format_name(f);
      EXPECT_EQ(bound, max_encoded_size(sz.first, sz.second, f, p));
      std::vector<uint8_t> buf(bound);
      EXPECT_EQ(enc.encode_into(img.view, buf.data(), buf.size()), actual);
    }
  }
}

TEST(JpegFeatures, PredictedSizeIsClose) {
  // Exact when every MCU row is sampled (small images); within a few percent when
  // only a spread of rows is.
  const auto small = make_image(PixelInfo(PF_NV12), 120, 80, 3);
  EXPECT_EQ(predict_size(small.view), encode(small.view).size());
  const auto large = make_image(PixelInfo(PF_NV12), 640, 960, 3);
  for (int q : {50, 85, 95}) {
    for (bool opt : {false, true}) {
      EncodeParams p;
      p.quality = q;
      p.optimize_huffman = opt;
      const double actual = static_cast<double>(encode(large.view, p).size());
      const double predicted = static_cast<double>(predict_size(large.view, p));
      EXPECT_NEAR(predicted / actual, 1.0, 0.03) << "q" << q << (opt ? " optimized" : "");
    }
  }
}

}  // namespace
}  // namespace framekit::jpeg
