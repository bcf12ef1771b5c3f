// EncodeParams::compact_tables (the encoder writes merged DQT/DHT segments itself)
// against the engine's former path: encode plainly, then re-parse and merge the
// tables (detail::compact_jpeg_tables). Byte for byte, over every encodable format,
// every quality and the options that change the header.
#include <gtest/gtest.h>

#include "framekit/jpeg/encoder.h"
#include "jpege/encode_step.h"
#include "jpege/jpeg_compact.h"
#include "jpege/jpege_test_util.h"

namespace framekit::jpege {
namespace {

using jpege_test::TestPicture;

std::vector<uint8_t> old_path(const ImageView& v, jpeg::EncodeParams p) {
  p.compact_tables = false;
  std::vector<uint8_t> jpg = jpeg::encode(v, p);
  jpg.resize(detail::compact_jpeg_tables(jpg.data(), jpg.size()));
  return jpg;
}

std::vector<uint8_t> new_path(const ImageView& v, jpeg::EncodeParams p) {
  p.compact_tables = true;
  return jpeg::encode(v, p);
}

std::vector<PixelFormat> encodable_formats() {
  std::vector<PixelFormat> out;
  for (const auto& d : all_pixel_formats()) {
    if (detail::PictureEncoder::supports(d.format)) out.push_back(d.format);
  }
  return out;
}

TEST(CompactTables, SameBytesAsMergingTheWrittenFile) {
  const std::vector<PixelFormat> formats = encodable_formats();
  ASSERT_EQ(formats.size(), 17u);
  int compared = 0;
  for (PixelFormat f : formats) {
    const TestPicture pic(f, 37, 21, static_cast<uint32_t>(f));
    for (int q = 1; q <= 100; ++q) {
      for (bool raw : {false, true}) {
        jpeg::EncodeParams p;
        p.quality = q;
        p.raw = raw;
        SCOPED_TRACE(::testing::Message() << pixel_format_name(f) << " q" << q << " raw " << raw);
        ASSERT_EQ(new_path(pic.view, p), old_path(pic.view, p));
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 17 * 100 * 2);
}

TEST(CompactTables, SameBytesWithEveryHeaderOption) {
  // Quantisation tables that are all equal, equal in pairs (each pairing) or distinct;
  // Huffman tables shared by luma and chroma or not; and the segments around them.
  jpeg::QuantTables flat;
  flat.y.fill(6);
  flat.cb.fill(6);
  flat.cr.fill(6);
  jpeg::QuantTables distinct;
  jpeg::QuantTables y_is_cb;
  for (size_t i = 0; i < 64; ++i) {
    distinct.y[i] = static_cast<uint16_t>(1 + i);
    distinct.cb[i] = static_cast<uint16_t>(2 + 2 * i);
    distinct.cr[i] = static_cast<uint16_t>(3 + 3 * i);
  }
  y_is_cb = distinct;
  y_is_cb.cb = y_is_cb.y;
  jpeg::QuantTables y_is_cr = distinct;
  y_is_cr.cr = y_is_cr.y;
  jpeg::HuffmanTables shared = jpeg::standard_huffman_tables();
  shared.dc_chroma = shared.dc_luma;
  shared.ac_chroma = shared.ac_luma;
  jpeg::HuffmanTables dc_shared = jpeg::standard_huffman_tables();
  dc_shared.dc_chroma = dc_shared.dc_luma;

  std::vector<jpeg::EncodeParams> variants;
  for (const auto* q : {&flat, &distinct, &y_is_cb, &y_is_cr}) {
    jpeg::EncodeParams p;
    p.quant = *q;
    variants.push_back(p);
  }
  for (const auto* h : {&shared, &dc_shared}) {
    jpeg::EncodeParams p;
    p.huffman = *h;
    variants.push_back(p);
    p.quant = flat;
    variants.push_back(p);
  }
  {
    jpeg::EncodeParams p;
    p.optimize_huffman = true;
    variants.push_back(p);
    p.restart_interval = 2;
    p.comment = "framekit j";
    p.app_segments = {{1, {'E', 'x', 'i', 'f', 0, 0, 1, 2}}, {0, {'J', 'F', 'X', 'X', 0}}};
    variants.push_back(p);
    p.threads = 3;
    p.restart_interval = 0;
    variants.push_back(p);
  }
  for (jpeg::Subsampling s : {jpeg::Subsampling::k444, jpeg::Subsampling::k422,
                              jpeg::Subsampling::k420, jpeg::Subsampling::kGray}) {
    jpeg::EncodeParams p;
    p.rgb_subsampling = s;
    variants.push_back(p);
    p.quant = flat;
    variants.push_back(p);
  }

  int compared = 0;
  for (PixelFormat f : encodable_formats()) {
    const TestPicture pic(f, 70, 50, 7);
    for (size_t i = 0; i < variants.size(); ++i) {
      SCOPED_TRACE(::testing::Message() << pixel_format_name(f) << " variant " << i);
      const std::vector<uint8_t> expected = old_path(pic.view, variants[i]);
      ASSERT_EQ(new_path(pic.view, variants[i]), expected);
      // The caller-buffer path writes the same, into exactly its size.
      jpeg::EncodeParams p = variants[i];
      p.compact_tables = true;
      std::vector<uint8_t> buf(expected.size());
      ASSERT_EQ(jpeg::encode_into(pic.view, p, buf.data(), buf.size()), expected.size());
      ASSERT_EQ(buf, expected);
      ++compared;
    }
  }
  EXPECT_EQ(compared, 17 * static_cast<int>(variants.size()));
}

}  // namespace
}  // namespace framekit::jpege
