#include "jpeg/markers.h"

#include <algorithm>

#include "framekit/core/error.h"

namespace framekit::jpeg::detail {
namespace {

constexpr size_t kMaxSegmentData = 65533;  // 16-bit length field counts itself
constexpr uint8_t kExifHeader[6] = {'E', 'x', 'i', 'f', 0, 0};
constexpr uint8_t kIccHeader[12] = {'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0};
// Each ICC segment: the header, its 1-based sequence number and the segment count.
constexpr size_t kIccChunk = kMaxSegmentData - sizeof(kIccHeader) - 2;
constexpr size_t kMaxIccSegments = 255;

bool has_exif_header(const std::vector<uint8_t>& exif) {
  return exif.size() >= sizeof(kExifHeader) &&
         std::equal(kExifHeader, kExifHeader + sizeof(kExifHeader), exif.begin());
}

// The APP1 payload: "Exif\0\0" unless the caller's bytes start with it.
size_t exif_payload_size(const std::vector<uint8_t>& exif) {
  return exif.size() + (has_exif_header(exif) ? 0 : sizeof(kExifHeader));
}

size_t icc_segments(const std::vector<uint8_t>& icc) {
  return (icc.size() + kIccChunk - 1) / kIccChunk;
}

void put16(std::vector<uint8_t>& out, int v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

void marker(std::vector<uint8_t>& out, uint8_t m, size_t payload) {
  out.push_back(0xFF);
  out.push_back(m);
  put16(out, static_cast<int>(payload + 2));
}

}  // namespace

void validate_segments(const EncodeParams& p) {
  for (size_t i = 0; i < p.app_segments.size(); ++i) {
    const AppSegment& s = p.app_segments[i];
    FK_CHECK_ARG(s.n >= 0 && s.n <= 15, "jpeg: app_segments[", i, "] is APP", s.n,
                 " (expected APP0..APP15)");
    FK_CHECK_ARG(s.data.size() <= kMaxSegmentData, "jpeg: app_segments[", i, "] (APP", s.n,
                 ") has ", s.data.size(), " bytes (a segment holds at most ", kMaxSegmentData, ")");
  }
  FK_CHECK_ARG(p.comment.size() <= kMaxSegmentData, "jpeg: comment has ", p.comment.size(),
               " bytes (a COM segment holds at most ", kMaxSegmentData, ")");
  FK_CHECK_ARG(exif_payload_size(p.exif) <= kMaxSegmentData, "jpeg: exif has ", p.exif.size(),
               " bytes (an APP1 segment holds at most ", kMaxSegmentData - sizeof(kExifHeader),
               " after its \"Exif\\0\\0\" header)");
  FK_CHECK_ARG(icc_segments(p.icc_profile) <= kMaxIccSegments, "jpeg: icc_profile has ",
               p.icc_profile.size(), " bytes (at most ", kMaxIccSegments * kIccChunk, ": ",
               kMaxIccSegments, " APP2 segments of ", kIccChunk, " bytes)");
  const auto unit = static_cast<int>(p.density.unit);
  FK_CHECK_ARG(unit >= 0 && unit <= 2, "jpeg: density unit ", unit,
               " is invalid (expected 0 = aspect ratio, 1 = dots per inch, 2 = dots per cm)");
  FK_CHECK_ARG(p.density.x >= 1 && p.density.y >= 1, "jpeg: density ", p.density.x, "x",
               p.density.y, " is invalid (each must be 1..65535)");
}

size_t metadata_segments_size(const EncodeParams& p) {
  size_t n = 0;
  if (!p.exif.empty()) n += 4 + exif_payload_size(p.exif);
  n += icc_segments(p.icc_profile) * (4 + sizeof(kIccHeader) + 2) + p.icc_profile.size();
  return n;
}

void write_headers(std::vector<uint8_t>& out, const Layout& l, const EncodeParams& p,
                   const HeaderTables& t, int restart_interval) {
  out.push_back(0xFF);
  out.push_back(0xD8);  // SOI
  bool user_app0 = false;
  for (const auto& s : p.app_segments) user_app0 = user_app0 || s.n == 0;
  if (!user_app0) {
    // JFIF 1.01, the density (units, x, y), no thumbnail.
    static const uint8_t kJfif[7] = {'J', 'F', 'I', 'F', 0, 1, 1};
    marker(out, 0xE0, sizeof(kJfif) + 7);
    out.insert(out.end(), kJfif, kJfif + sizeof(kJfif));
    out.push_back(static_cast<uint8_t>(p.density.unit));
    put16(out, p.density.x);
    put16(out, p.density.y);
    out.push_back(0);
    out.push_back(0);
  }
  if (!p.exif.empty()) {
    marker(out, 0xE1, exif_payload_size(p.exif));
    if (!has_exif_header(p.exif)) out.insert(out.end(), kExifHeader, kExifHeader + 6);
    out.insert(out.end(), p.exif.begin(), p.exif.end());
  }
  const size_t icc_count = icc_segments(p.icc_profile);
  for (size_t i = 0; i < icc_count; ++i) {
    const size_t begin = i * kIccChunk;
    const size_t size = std::min(kIccChunk, p.icc_profile.size() - begin);
    marker(out, 0xE2, sizeof(kIccHeader) + 2 + size);
    out.insert(out.end(), kIccHeader, kIccHeader + sizeof(kIccHeader));
    out.push_back(static_cast<uint8_t>(i + 1));
    out.push_back(static_cast<uint8_t>(icc_count));
    const auto from = p.icc_profile.begin() + static_cast<ptrdiff_t>(begin);
    out.insert(out.end(), from, from + static_cast<ptrdiff_t>(size));
  }
  for (const auto& s : p.app_segments) {
    marker(out, static_cast<uint8_t>(0xE0 + s.n), s.data.size());
    out.insert(out.end(), s.data.begin(), s.data.end());
  }
  if (!p.comment.empty()) {
    marker(out, 0xFE, p.comment.size());
    out.insert(out.end(), p.comment.begin(), p.comment.end());
  }
  // Compact: each distinct table once, numbered in order of first use; the segments
  // then hold the same tables under possibly fewer ids.
  std::array<int, 3> q_id{0, 1, 2};
  std::vector<int> q_written;  // table index of each id written
  for (int i = 0; i < t.num_quant; ++i) {
    int id = static_cast<int>(q_written.size());
    if (p.compact_tables) {
      for (size_t j = 0; j < q_written.size(); ++j) {
        if (*t.quant[q_written[j]] == *t.quant[i]) id = static_cast<int>(j);
      }
    }
    q_id[i] = id;
    if (id == static_cast<int>(q_written.size())) q_written.push_back(i);
  }
  if (p.compact_tables) marker(out, 0xDB, 65 * q_written.size());
  for (size_t id = 0; id < q_written.size(); ++id) {
    if (!p.compact_tables) marker(out, 0xDB, 65);
    out.push_back(static_cast<uint8_t>(id));  // 8-bit precision, table id
    const std::array<uint16_t, 64>& q = *t.quant[q_written[id]];
    for (int k = 0; k < 64; ++k) out.push_back(static_cast<uint8_t>(q[kZigzagToNatural[k]]));
  }
  marker(out, p.progressive ? 0xC2 : 0xC0, 6 + 3 * l.ncomp);  // SOF2: progressive, SOF0: baseline
  out.push_back(8);
  put16(out, l.height);
  put16(out, l.width);
  out.push_back(static_cast<uint8_t>(l.ncomp));
  for (int c = 0; c < l.ncomp; ++c) {
    out.push_back(static_cast<uint8_t>(c + 1));
    out.push_back(static_cast<uint8_t>(l.comp[c].h << 4 | l.comp[c].v));
    out.push_back(static_cast<uint8_t>(q_id[l.comp[c].quant]));
  }
  if (p.progressive) return;  // each scan writes its own tables, DRI and SOS
  // Huffman tables: plain, DC0 AC0 [DC1 AC1] in a segment each; compact, one segment
  // with the distinct DC tables and then the distinct AC tables.
  const int pairs = l.ncomp == 1 ? 1 : 2;
  std::array<std::array<int, 2>, 2> h_id{};   // [class][pair]
  std::array<std::vector<int>, 2> h_written;  // [class]: pair of each id written
  size_t dht_bytes = 0;
  for (int cls = 0; cls < 2; ++cls) {
    for (int pair = 0; pair < pairs; ++pair) {
      const HuffmanTable& h = *t.huffman[2 * pair + cls];
      int id = static_cast<int>(h_written[cls].size());
      if (p.compact_tables) {
        for (size_t j = 0; j < h_written[cls].size(); ++j) {
          const HuffmanTable& o = *t.huffman[2 * h_written[cls][j] + cls];
          if (o.bits == h.bits && o.values == h.values) id = static_cast<int>(j);
        }
      }
      h_id[cls][pair] = id;
      if (id == static_cast<int>(h_written[cls].size())) {
        h_written[cls].push_back(pair);
        dht_bytes += 17 + h.values.size();
      }
    }
  }
  auto put_table = [&](int cls, int id) {
    const HuffmanTable& h = *t.huffman[2 * h_written[cls][id] + cls];
    if (!p.compact_tables) marker(out, 0xC4, 17 + h.values.size());
    out.push_back(static_cast<uint8_t>(cls << 4 | id));  // class (DC/AC), id
    out.insert(out.end(), h.bits.begin(), h.bits.end());
    out.insert(out.end(), h.values.begin(), h.values.end());
  };
  if (p.compact_tables) {
    marker(out, 0xC4, dht_bytes);
    for (int cls = 0; cls < 2; ++cls) {
      for (size_t id = 0; id < h_written[cls].size(); ++id) put_table(cls, static_cast<int>(id));
    }
  } else {
    for (int pair = 0; pair < pairs; ++pair) {
      put_table(0, pair);
      put_table(1, pair);
    }
  }
  if (restart_interval > 0) {
    marker(out, 0xDD, 2);
    put16(out, restart_interval);
  }
  marker(out, 0xDA, 4 + 2 * l.ncomp);  // SOS
  out.push_back(static_cast<uint8_t>(l.ncomp));
  for (int c = 0; c < l.ncomp; ++c) {
    out.push_back(static_cast<uint8_t>(c + 1));
    const int pair = l.comp[c].table;
    out.push_back(static_cast<uint8_t>(h_id[0][pair] << 4 | h_id[1][pair]));
  }
  out.push_back(0);   // Ss
  out.push_back(63);  // Se
  out.push_back(0);   // Ah/Al
}

}  // namespace framekit::jpeg::detail
