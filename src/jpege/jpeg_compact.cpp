#include "jpege/jpeg_compact.h"

#include <cstring>
#include <vector>

namespace framekit::jpege::detail {
namespace {

constexpr uint8_t kSoi = 0xD8, kSof0 = 0xC0, kSof1 = 0xC1, kDht = 0xC4, kSos = 0xDA, kDqt = 0xDB;

struct Segment {
  uint8_t marker;
  size_t begin;  // offset of the payload (after the length field)
  size_t size;   // payload bytes
};

struct Table {
  uint8_t kind;  // DQT: precision; DHT: class (0 DC, 1 AC)
  uint8_t id;
  std::vector<uint8_t> body;
};

// Parses "FF marker len payload" segments from offset 2 up to and including SOS.
bool parse_header(const uint8_t* d, size_t len, std::vector<Segment>& segs) {
  if (len < 4 || d[0] != 0xFF || d[1] != kSoi) return false;
  size_t pos = 2;
  while (pos + 4 <= len) {
    if (d[pos] != 0xFF) return false;
    const uint8_t marker = d[pos + 1];
    const size_t seg_len = (size_t{d[pos + 2]} << 8) | d[pos + 3];
    if (seg_len < 2 || pos + 2 + seg_len > len) return false;
    segs.push_back(Segment{marker, pos + 4, seg_len - 2});
    pos += 2 + seg_len;
    if (marker == kSos) return true;
  }
  return false;
}

// Appends t to the unique list and returns its new id.
uint8_t unique_id(std::vector<Table>& unique, const Table& t) {
  for (size_t i = 0; i < unique.size(); ++i) {
    if (unique[i].kind == t.kind && unique[i].body == t.body) return static_cast<uint8_t>(i);
  }
  unique.push_back(t);
  return static_cast<uint8_t>(unique.size() - 1);
}

}  // namespace

size_t compact_jpeg_tables(uint8_t* data, size_t len) {
  std::vector<Segment> segs;
  if (!parse_header(data, len, segs)) return len;

  // Old table id → new id, per DQT and per DHT class.
  uint8_t q_map[4] = {0, 1, 2, 3};
  uint8_t h_map[2][4] = {{0, 1, 2, 3}, {0, 1, 2, 3}};
  std::vector<Table> quant, huff_dc, huff_ac;
  for (const Segment& s : segs) {
    const uint8_t* p = data + s.begin;
    size_t left = s.size;
    if (s.marker == kDqt) {
      while (left > 0) {
        const uint8_t pq = p[0] >> 4, tq = p[0] & 15;
        const size_t n = 1 + (pq ? 128 : 64);
        if (tq > 3 || n > left) return len;
        q_map[tq] = unique_id(quant, Table{pq, tq, std::vector<uint8_t>(p + 1, p + n)});
        p += n;
        left -= n;
      }
    } else if (s.marker == kDht) {
      while (left > 0) {
        if (left < 17) return len;
        const uint8_t tc = p[0] >> 4, th = p[0] & 15;
        size_t count = 0;
        for (int i = 1; i <= 16; ++i) count += p[i];
        const size_t n = 17 + count;
        if (tc > 1 || th > 3 || n > left) return len;
        auto& unique = tc == 0 ? huff_dc : huff_ac;
        h_map[tc][th] = unique_id(unique, Table{tc, th, std::vector<uint8_t>(p + 1, p + n)});
        p += n;
        left -= n;
      }
    }
  }
  if (quant.size() > 4 || huff_dc.size() > 4 || huff_ac.size() > 4) return len;

  // The new header: every segment in order, the first DQT/DHT replaced by the merged
  // one and later ones dropped, table selectors of SOF and SOS remapped.
  std::vector<uint8_t> out = {0xFF, kSoi};
  auto put_segment = [&](uint8_t marker, const std::vector<uint8_t>& payload) {
    const size_t l = payload.size() + 2;
    out.insert(out.end(), {0xFF, marker, static_cast<uint8_t>(l >> 8), static_cast<uint8_t>(l)});
    out.insert(out.end(), payload.begin(), payload.end());
  };
  bool dqt_done = false, dht_done = false;
  for (const Segment& s : segs) {
    std::vector<uint8_t> payload(data + s.begin, data + s.begin + s.size);
    if (s.marker == kDqt) {
      if (dqt_done) continue;
      dqt_done = true;
      payload.clear();
      for (size_t i = 0; i < quant.size(); ++i) {
        payload.push_back(static_cast<uint8_t>(quant[i].kind << 4 | i));
        payload.insert(payload.end(), quant[i].body.begin(), quant[i].body.end());
      }
    } else if (s.marker == kDht) {
      if (dht_done) continue;
      dht_done = true;
      payload.clear();
      for (int tc = 0; tc < 2; ++tc) {
        const auto& unique = tc == 0 ? huff_dc : huff_ac;
        for (size_t i = 0; i < unique.size(); ++i) {
          payload.push_back(static_cast<uint8_t>(tc << 4 | i));
          payload.insert(payload.end(), unique[i].body.begin(), unique[i].body.end());
        }
      }
    } else if (s.marker == kSof0 || s.marker == kSof1) {
      if (payload.size() < 6) return len;
      const size_t nc = payload[5];
      if (payload.size() < 6 + 3 * nc) return len;
      for (size_t c = 0; c < nc; ++c) {
        uint8_t& tq = payload[6 + 3 * c + 2];
        if (tq > 3) return len;
        tq = q_map[tq];
      }
    } else if (s.marker == kSos) {
      if (payload.empty()) return len;
      const size_t nc = payload[0];
      if (payload.size() < 1 + 2 * nc) return len;
      for (size_t c = 0; c < nc; ++c) {
        uint8_t& t = payload[1 + 2 * c + 1];
        const uint8_t td = t >> 4, ta = t & 15;
        if (td > 3 || ta > 3) return len;
        t = static_cast<uint8_t>(h_map[0][td] << 4 | h_map[1][ta]);
      }
    }
    put_segment(s.marker, payload);
  }

  const size_t header_end = segs.back().begin + segs.back().size;
  if (out.size() > header_end) return len;  // cannot happen: merging only removes bytes
  const size_t body = len - header_end;
  std::memmove(data + out.size(), data + header_end, body);
  std::memcpy(data, out.data(), out.size());
  return out.size() + body;
}

}  // namespace framekit::jpege::detail
