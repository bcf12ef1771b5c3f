#include "jpeg/markers.h"

#include "framekit/core/error.h"

namespace framekit::jpeg::detail {
namespace {

constexpr size_t kMaxSegmentData = 65533;  // 16-bit length field counts itself

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
}

void write_headers(std::vector<uint8_t>& out, const Layout& l, const EncodeParams& p,
                   const HeaderTables& t, int restart_interval) {
  out.push_back(0xFF);
  out.push_back(0xD8);  // SOI
  bool user_app0 = false;
  for (const auto& s : p.app_segments) user_app0 = user_app0 || s.n == 0;
  if (!user_app0) {
    // JFIF 1.01, no units, 1:1 pixel aspect, no thumbnail.
    static const uint8_t kJfif[14] = {'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
    marker(out, 0xE0, sizeof(kJfif));
    out.insert(out.end(), kJfif, kJfif + sizeof(kJfif));
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
