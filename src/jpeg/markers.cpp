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
  for (int i = 0; i < t.num_quant; ++i) {
    marker(out, 0xDB, 65);
    out.push_back(static_cast<uint8_t>(i));  // 8-bit precision, table i
    for (int k = 0; k < 64; ++k)
      out.push_back(static_cast<uint8_t>((*t.quant[i])[kZigzagToNatural[k]]));
  }
  marker(out, 0xC0, 6 + 3 * l.ncomp);  // SOF0: baseline
  out.push_back(8);
  put16(out, l.height);
  put16(out, l.width);
  out.push_back(static_cast<uint8_t>(l.ncomp));
  for (int c = 0; c < l.ncomp; ++c) {
    out.push_back(static_cast<uint8_t>(c + 1));
    out.push_back(static_cast<uint8_t>(l.comp[c].h << 4 | l.comp[c].v));
    out.push_back(static_cast<uint8_t>(l.comp[c].quant));
  }
  const int pairs = l.ncomp == 1 ? 1 : 2;
  for (int i = 0; i < 2 * pairs; ++i) {
    const HuffmanTable& h = *t.huffman[i];
    marker(out, 0xC4, 17 + h.values.size());
    out.push_back(static_cast<uint8_t>((i % 2) << 4 | (i / 2)));  // class (DC/AC), id
    out.insert(out.end(), h.bits.begin(), h.bits.end());
    out.insert(out.end(), h.values.begin(), h.values.end());
  }
  if (restart_interval > 0) {
    marker(out, 0xDD, 2);
    put16(out, restart_interval);
  }
  marker(out, 0xDA, 4 + 2 * l.ncomp);  // SOS
  out.push_back(static_cast<uint8_t>(l.ncomp));
  for (int c = 0; c < l.ncomp; ++c) {
    out.push_back(static_cast<uint8_t>(c + 1));
    out.push_back(static_cast<uint8_t>(l.comp[c].table << 4 | l.comp[c].table));
  }
  out.push_back(0);   // Ss
  out.push_back(63);  // Se
  out.push_back(0);   // Ah/Al
}

}  // namespace framekit::jpeg::detail
