// EncodeParams::compact_tables, which the engine's compact_jpeg_tables mode uses. The
// compact file is read back with a parser of its own and compared with the plain file
// of the same parameters: one DQT and one DHT segment, each distinct table once, every
// component coded with the same tables as in the plain file, all other segments and the
// entropy-coded data unchanged, and TurboJPEG decoding both to the same pixels.
//
// Until the encoder wrote compact tables itself, the engine merged them by re-parsing
// the plain file; the new output was compared with that path byte for byte (17 formats x
// quality 1..100, and every header variant below) before the re-parse was removed.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/engine.h"
#include "jpege/encode_step.h"
#include "testing/jpege_test_util.h"

namespace framekit::jpege {
namespace {

using jpege_test::decode_jpeg;
using jpege_test::jpeg_segments;
using jpege_test::JpegSegment;
using jpege_test::TestPicture;

constexpr uint8_t kDqt = 0xDB, kDht = 0xC4, kSof0 = 0xC0, kSos = 0xDA;

using Table = std::vector<uint8_t>;  // a table's bytes after its Pq/Tq or Tc/Th byte

// What a file says about its tables, read from its segments.
struct Header {
  std::vector<JpegSegment> segments;
  std::map<int, Table> quant;          // by Tq
  std::map<int, Table> huffman[2];     // [DC, AC] by Th
  std::vector<Table> quant_list;       // in file order
  std::vector<Table> huffman_list[2];  // in file order
  size_t header_bytes = 0;             // SOI .. SOS
};

Header parse(const std::vector<uint8_t>& jpg) {
  Header h;
  h.segments = jpeg_segments(jpg.data(), jpg.size());
  h.header_bytes = 2;
  for (const JpegSegment& s : h.segments) {
    h.header_bytes += 4 + s.payload.size();
    const std::vector<uint8_t>& p = s.payload;
    if (s.marker == kDqt) {
      for (size_t pos = 0; pos < p.size(); pos += 65) {
        EXPECT_EQ(p[pos] >> 4, 0) << "8-bit tables only";
        const Table t(p.begin() + pos + 1, p.begin() + pos + 65);
        h.quant[p[pos] & 15] = t;
        h.quant_list.push_back(t);
      }
    } else if (s.marker == kDht) {
      for (size_t pos = 0; pos < p.size();) {
        size_t count = 0;
        for (int i = 1; i <= 16; ++i) count += p[pos + i];
        const Table t(p.begin() + pos + 1, p.begin() + pos + 17 + count);
        h.huffman[p[pos] >> 4][p[pos] & 15] = t;
        h.huffman_list[p[pos] >> 4].push_back(t);
        pos += 17 + count;
      }
    }
  }
  return h;
}

bool all_distinct(const std::vector<Table>& tables) {
  for (size_t i = 0; i < tables.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (tables[i] == tables[j]) return false;
    }
  }
  return true;
}

const JpegSegment& segment(const Header& h, uint8_t marker) {
  for (const JpegSegment& s : h.segments) {
    if (s.marker == marker) return s;
  }
  static const JpegSegment none{0, {}};
  ADD_FAILURE() << "no segment 0x" << std::hex << int{marker};
  return none;
}

// Checks `compact` against `plain` (same picture, same parameters but compact_tables).
void expect_compact_form_of(const std::vector<uint8_t>& compact,
                            const std::vector<uint8_t>& plain) {
  const Header c = parse(compact), p = parse(plain);
  // The same segments in the same order, runs of DQT and DHT segments made one.
  std::vector<uint8_t> plain_markers, compact_markers;
  for (const JpegSegment& s : p.segments) {
    const bool repeat = !plain_markers.empty() && plain_markers.back() == s.marker &&
                        (s.marker == kDqt || s.marker == kDht);
    if (!repeat) plain_markers.push_back(s.marker);
  }
  for (const JpegSegment& s : c.segments) compact_markers.push_back(s.marker);
  ASSERT_EQ(compact_markers, plain_markers);
  // Segments other than the tables, SOF and SOS are copied as they are.
  for (size_t i = 0, j = 0; i < c.segments.size(); ++i, ++j) {
    while (j < p.segments.size() && p.segments[j].marker != c.segments[i].marker) ++j;
    const uint8_t m = c.segments[i].marker;
    if (m != kDqt && m != kDht && m != kSof0 && m != kSos) {
      EXPECT_EQ(c.segments[i].payload, p.segments[j].payload) << "segment 0x" << std::hex << int{m};
    }
  }
  // Each distinct table once.
  EXPECT_TRUE(all_distinct(c.quant_list));
  EXPECT_EQ(c.quant.size(), c.quant_list.size()) << "a table id is used twice";
  for (int cls = 0; cls < 2; ++cls) {
    EXPECT_TRUE(all_distinct(c.huffman_list[cls])) << "class " << cls;
    EXPECT_EQ(c.huffman[cls].size(), c.huffman_list[cls].size());
  }
  // Every component uses the same table contents as in the plain file.
  const std::vector<uint8_t>& csof = segment(c, kSof0).payload;
  const std::vector<uint8_t>& psof = segment(p, kSof0).payload;
  ASSERT_EQ(csof.size(), psof.size());
  const int ncomp = psof[5];
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(csof[i], psof[i]);
  for (int k = 0; k < ncomp; ++k) {
    const size_t at = 6 + 3 * static_cast<size_t>(k);
    EXPECT_EQ(csof[at], psof[at]);
    EXPECT_EQ(csof[at + 1], psof[at + 1]);
    ASSERT_TRUE(c.quant.count(csof[at + 2])) << "component " << k << " names a missing table";
    EXPECT_EQ(c.quant.at(csof[at + 2]), p.quant.at(psof[at + 2])) << "component " << k;
  }
  const std::vector<uint8_t>& csos = segment(c, kSos).payload;
  const std::vector<uint8_t>& psos = segment(p, kSos).payload;
  ASSERT_EQ(csos.size(), psos.size());
  for (int k = 0; k < ncomp; ++k) {
    const size_t at = 1 + 2 * static_cast<size_t>(k);
    EXPECT_EQ(csos[at], psos[at]);
    const int ctab[2] = {csos[at + 1] >> 4, csos[at + 1] & 15};
    const int ptab[2] = {psos[at + 1] >> 4, psos[at + 1] & 15};
    for (int cls = 0; cls < 2; ++cls) {
      ASSERT_TRUE(c.huffman[cls].count(ctab[cls])) << "component " << k << " class " << cls;
      EXPECT_EQ(c.huffman[cls].at(ctab[cls]), p.huffman[cls].at(ptab[cls]))
          << "component " << k << " class " << cls;
    }
  }
  EXPECT_EQ(Table(csos.end() - 3, csos.end()), Table(psos.end() - 3, psos.end()));  // Ss Se Ah/Al
  // The entropy-coded data (and EOI) are the plain file's.
  ASSERT_LE(c.header_bytes, p.header_bytes);
  EXPECT_EQ(Table(compact.begin() + static_cast<ptrdiff_t>(c.header_bytes), compact.end()),
            Table(plain.begin() + static_cast<ptrdiff_t>(p.header_bytes), plain.end()));
  // And an independent decoder sees the same picture.
  for (bool rgb : {false, true}) {
    const auto a = decode_jpeg(plain.data(), plain.size(), rgb);
    const auto b = decode_jpeg(compact.data(), compact.size(), rgb);
    ASSERT_TRUE(a.ok && b.ok) << a.error << b.error;
    EXPECT_EQ(a.samples, b.samples);
  }
}

std::vector<PixelFormat> encodable_formats() {
  std::vector<PixelFormat> out;
  for (const auto& d : all_pixel_formats()) {
    if (jpeg::can_encode(PixelInfo(d.format))) out.push_back(d.format);
  }
  return out;
}

std::vector<uint8_t> encode(const ImageView& v, jpeg::EncodeParams p, bool compact) {
  p.compact_tables = compact;
  return jpeg::encode(v, p);
}

TEST(CompactTables, EveryFormatAndQuality) {
  const std::vector<PixelFormat> formats = encodable_formats();
  ASSERT_EQ(formats.size(), 17u);
  int checked = 0;
  for (PixelFormat f : formats) {
    const TestPicture pic(f, 37, 21, static_cast<uint32_t>(f));
    for (int q : {1, 10, 25, 50, 75, 85, 95, 100}) {
      jpeg::EncodeParams p;
      p.quality = q;
      SCOPED_TRACE(::testing::Message() << pixel_format_name(f) << " q" << q);
      const std::vector<uint8_t> compact = encode(pic.view, p, true);
      expect_compact_form_of(compact, encode(pic.view, p, false));
      // Annex K's luma and chroma tables differ, except where every entry clamps to
      // 255 (quality 1) or 1 (quality 100).
      const Header h = parse(compact);
      const bool gray = f == PF_GRAY8;
      EXPECT_EQ(h.quant_list.size(), gray || q == 1 || q == 100 ? 1u : 2u);
      EXPECT_EQ(h.huffman_list[0].size(), gray ? 1u : 2u);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 17 * 8);
}

TEST(CompactTables, EveryHeaderVariant) {
  // Quantisation tables all equal, equal in each pairing, or distinct; Huffman tables
  // shared by luma and chroma or not; the segments around them.
  jpeg::QuantTables flat;
  flat.y.fill(6);
  flat.cb.fill(6);
  flat.cr.fill(6);
  jpeg::QuantTables distinct;
  for (size_t i = 0; i < 64; ++i) {
    distinct.y[i] = static_cast<uint16_t>(1 + i);
    distinct.cb[i] = static_cast<uint16_t>(2 + 2 * i);
    distinct.cr[i] = static_cast<uint16_t>(3 + 3 * i);
  }
  jpeg::QuantTables y_is_cb = distinct;
  y_is_cb.cb = y_is_cb.y;
  jpeg::QuantTables y_is_cr = distinct;
  y_is_cr.cr = y_is_cr.y;
  jpeg::HuffmanTables shared = jpeg::standard_huffman_tables();
  shared.dc_chroma = shared.dc_luma;
  shared.ac_chroma = shared.ac_luma;
  jpeg::HuffmanTables dc_shared = jpeg::standard_huffman_tables();
  dc_shared.dc_chroma = dc_shared.dc_luma;
  // Same code lengths, other symbols: a different table.
  jpeg::HuffmanTables same_bits = shared;
  std::reverse(same_bits.dc_chroma.values.begin(), same_bits.dc_chroma.values.end());
  std::reverse(same_bits.ac_chroma.values.begin(), same_bits.ac_chroma.values.end());

  struct Variant {
    jpeg::EncodeParams params;
    size_t quant_tables, dc_tables, ac_tables;  // in the compact file (color input)
  };
  std::vector<Variant> variants;
  for (const auto& [q, n] :
       {std::pair{&flat, 1u}, {&distinct, 3u}, {&y_is_cb, 2u}, {&y_is_cr, 2u}}) {
    jpeg::EncodeParams p;
    p.quant = *q;
    variants.push_back({p, n, 2, 2});
  }
  for (const auto& [h, ac] : {std::pair{&shared, 1u}, {&dc_shared, 2u}}) {
    jpeg::EncodeParams p;
    p.huffman = *h;
    variants.push_back({p, 2, 1, ac});
    p.quant = flat;
    variants.push_back({p, 1, 1, ac});
  }
  {
    jpeg::EncodeParams p;
    p.huffman = same_bits;
    variants.push_back({p, 2, 2, 2});
  }
  {
    jpeg::EncodeParams p;
    p.quant = flat;
    p.restart_interval = 2;
    p.comment = "framekit j";
    p.app_segments = {{1, {'E', 'x', 'i', 'f', 0, 0, 1, 2}}, {0, {'J', 'F', 'X', 'X', 0}}};
    variants.push_back({p, 1, 2, 2});
    p.threads = 3;
    p.restart_interval = 0;
    variants.push_back({p, 1, 2, 2});
  }

  int checked = 0;
  for (PixelFormat f : encodable_formats()) {
    const TestPicture pic(f, 70, 50, 7);
    for (size_t i = 0; i < variants.size(); ++i) {
      SCOPED_TRACE(::testing::Message() << pixel_format_name(f) << " variant " << i);
      const Variant& v = variants[i];
      const std::vector<uint8_t> compact = encode(pic.view, v.params, true);
      expect_compact_form_of(compact, encode(pic.view, v.params, false));
      const Header h = parse(compact);
      const bool gray = f == PF_GRAY8;
      EXPECT_EQ(h.quant_list.size(), gray ? 1u : v.quant_tables);
      EXPECT_EQ(h.huffman_list[0].size(), gray ? 1u : v.dc_tables);
      EXPECT_EQ(h.huffman_list[1].size(), gray ? 1u : v.ac_tables);
      // The caller-buffer path writes the same bytes, into exactly their size.
      jpeg::EncodeParams p = v.params;
      p.compact_tables = true;
      std::vector<uint8_t> buf(compact.size());
      ASSERT_EQ(jpeg::encode_into(pic.view, p, buf.data(), buf.size()), compact.size());
      EXPECT_EQ(buf, compact);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 17 * static_cast<int>(variants.size()));
}

TEST(CompactTables, OptimizedTablesAreMergedToo) {
  // With optimize_huffman the tables come from the picture: a gray-ish picture in
  // 4:4:4 gives equal statistics for Cb and Cr, never for luma and chroma.
  const TestPicture pic(PF_YUV444P, 64, 48, 3);
  jpeg::EncodeParams p;
  p.optimize_huffman = true;
  const std::vector<uint8_t> compact = encode(pic.view, p, true);
  expect_compact_form_of(compact, encode(pic.view, p, false));
}

TEST(CompactTables, TheEngineModeWritesTheEncodersCompactFile) {
  Engine engine({.workers = 1});
  ChannelAttr a;
  a.max_pic_width = a.pic_width = 96;
  a.max_pic_height = a.pic_height = 64;
  a.buf_size = 1 << 20;
  engine.create_channel(0, a);
  JpegParam jp = engine.get_jpeg_param(0);
  jp.qfactor = kQfactorCustom;
  jp.y_qt.fill(9);
  jp.cb_qt.fill(9);
  jp.cr_qt.fill(9);
  engine.set_jpeg_param(0, jp);
  engine.compact_jpeg_tables(0, 0, true);
  engine.start_channel(0);
  const TestPicture pic(PF_NV12, 96, 64, 5);
  InputFrame in;
  in.view = pic.view;
  in.raw = true;
  engine.send_frame(0, in, -1);
  const Stream s = engine.get_stream(0, 10000);
  const std::vector<uint8_t> got(s.pack.data, s.pack.data + s.pack.len);
  engine.release_stream(0, s);

  jpeg::EncodeParams p;
  p.quant = jpeg::QuantTables{};
  p.quant->y.fill(9);
  p.quant->cb.fill(9);
  p.quant->cr.fill(9);
  p.raw = true;
  EXPECT_EQ(got, encode(pic.view, p, true));
  expect_compact_form_of(got, encode(pic.view, p, false));
  EXPECT_EQ(parse(got).quant_list.size(), 1u);
}

}  // namespace
}  // namespace framekit::jpege
