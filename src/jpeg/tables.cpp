#include "jpeg/tables.h"

#include <algorithm>
#include <cmath>

#include "framekit/core/error.h"

namespace framekit::jpeg {
namespace {

// ITU-T T.81 Annex K, Tables K.1 and K.2 (natural order).
constexpr std::array<uint16_t, 64> kLumaQuant = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
constexpr std::array<uint16_t, 64> kChromaQuant = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99,
    99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

// Annex K.3, Tables K.3 to K.6.
constexpr uint8_t kDcLumaBits[16] = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
constexpr uint8_t kDcChromaBits[16] = {0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
constexpr uint8_t kAcLumaBits[16] = {0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d};
constexpr uint8_t kAcChromaBits[16] = {0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77};
constexpr uint8_t kAcLumaValues[162] = {
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61,
    0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52,
    0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25,
    0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45,
    0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64,
    0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83,
    0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
    0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6,
    0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3,
    0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8,
    0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa};
constexpr uint8_t kAcChromaValues[162] = {
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61,
    0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33,
    0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18,
    0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44,
    0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63,
    0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a,
    0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
    0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4,
    0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
    0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7,
    0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa};

HuffmanTable make_table(const uint8_t (&bits)[16], const uint8_t* values, size_t count) {
  HuffmanTable t;
  std::copy(bits, bits + 16, t.bits.begin());
  t.values.assign(values, values + count);
  return t;
}

bool valid_ac_symbol(int s) {
  return s == 0x00 || s == 0xF0 || ((s & 15) >= 1 && (s & 15) <= 10);
}

}  // namespace

QuantTables quality_quant_tables(int quality) {
  FK_CHECK_ARG(quality >= 1 && quality <= 100, "jpeg: quality ", quality,
               " is out of range (expected 1..100)");
  // IJG scaling: 5000/q below 50, 200 - 2q from 50 up; entries rounded and clamped to
  // the baseline range 1..255.
  const int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  QuantTables q;
  for (int i = 0; i < 64; ++i) {
    const auto scaled = [&](uint16_t base) {
      const long v = (static_cast<long>(base) * scale + 50) / 100;
      return static_cast<uint16_t>(std::clamp(v, 1L, 255L));
    };
    q.y[i] = scaled(kLumaQuant[i]);
    q.cb[i] = scaled(kChromaQuant[i]);
    q.cr[i] = q.cb[i];
  }
  return q;
}

HuffmanTables standard_huffman_tables() {
  static const uint8_t kDcValues[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  HuffmanTables t;
  t.dc_luma = make_table(kDcLumaBits, kDcValues, 12);
  t.dc_chroma = make_table(kDcChromaBits, kDcValues, 12);
  t.ac_luma = make_table(kAcLumaBits, kAcLumaValues, 162);
  t.ac_chroma = make_table(kAcChromaBits, kAcChromaValues, 162);
  return t;
}

namespace detail {

void validate_quant_tables(const QuantTables& q) {
  const std::array<const std::array<uint16_t, 64>*, 3> tables = {&q.y, &q.cb, &q.cr};
  const char* names[3] = {"y", "cb", "cr"};
  for (int t = 0; t < 3; ++t) {
    for (int i = 0; i < 64; ++i) {
      const int v = (*tables[t])[i];
      FK_CHECK_ARG(v >= 1 && v <= 255, "jpeg: quantisation table ", names[t], " entry ", i,
                   " (row ", i / 8, ", column ", i % 8, ") is ", v,
                   " (baseline JPEG needs 1..255)");
    }
  }
}

void validate_huffman_table(const HuffmanTable& t, bool is_ac, const char* name) {
  size_t total = 0;
  for (int len = 1; len <= 16; ++len) total += t.bits[len - 1];
  FK_CHECK_ARG(total >= 1, "jpeg: Huffman table ", name, " has no codes");
  FK_CHECK_ARG(total == t.values.size(), "jpeg: Huffman table ", name, " counts ", total,
               " codes in bits[] but lists ", t.values.size(), " symbols");
  FK_CHECK_ARG(total <= (is_ac ? 162u : 12u), "jpeg: Huffman table ", name, " has ", total,
               " symbols (a baseline ", is_ac ? "AC" : "DC", " table has at most ",
               is_ac ? 162 : 12, ")");
  int last_len = 16;
  while (t.bits[last_len - 1] == 0) --last_len;
  uint32_t code = 0;
  for (int len = 1; len <= 16; ++len) {
    code += t.bits[len - 1];
    // All codes of this length must fit in `len` bits, and the all-ones code is
    // reserved (T.81 C.2), so the longest length must leave it unused.
    const uint32_t limit = (len == last_len) ? (1u << len) - 1 : (1u << len);
    FK_CHECK_ARG(code <= limit, "jpeg: Huffman table ", name,
                 " has too many codes of length <= ", len, " (", code, " codes, room for ", limit,
                 ")");
    code <<= 1;
  }
  std::array<bool, 256> seen{};
  for (uint8_t s : t.values) {
    FK_CHECK_ARG(!seen[s], "jpeg: Huffman table ", name, " lists symbol ", int{s}, " twice");
    seen[s] = true;
    if (is_ac) {
      FK_CHECK_ARG(valid_ac_symbol(s), "jpeg: Huffman table ", name, " has AC symbol 0x", std::hex,
                   int{s}, " (expected 0x00, 0xF0 or run<<4|size with size 1..10)");
    } else {
      FK_CHECK_ARG(s <= 11, "jpeg: Huffman table ", name, " has DC symbol ", int{s},
                   " (expected 0..11)");
    }
  }
}

void derive_huffman(const HuffmanTable& t, bool is_ac, DerivedHuffman& out) {
  HuffCode* codes_out = is_ac ? out.ac.data() : out.dc.data();
  if (is_ac) {
    out.ac.fill({0, 0});
  } else {
    out.dc.fill({0, 0});
  }
  uint32_t code = 0;
  size_t k = 0;
  for (int len = 1; len <= 16; ++len) {
    for (int i = 0; i < t.bits[len - 1]; ++i) {
      const int sym = t.values[k++];
      const int size = is_ac ? (sym & 15) : sym;
      codes_out[sym] = {code << size, static_cast<uint32_t>(len + size)};
      out.max_len = std::max(out.max_len, len);
      ++code;
    }
    code <<= 1;
  }
  if (is_ac) {
    for (int rs = 0; rs < 256; ++rs) out.ac_by_size[(rs & 15) << 4 | rs >> 4] = out.ac[rs];
    bool complete = out.ac[0x00].len && out.ac[0xF0].len;
    for (int r = 0; r < 16; ++r)
      for (int s = 1; s <= 10; ++s) complete = complete && out.ac[r << 4 | s].len;
    out.ac_complete = complete;
  } else {
    bool complete = true;
    for (int s = 0; s <= 11; ++s) complete = complete && out.dc[s].len;
    out.dc_complete = complete;
  }
}

HuffmanTable optimal_huffman_table(const SymbolCounts& counts) {
  // Annex K.2 (figures K.1 to K.4). Symbol 256 is a reserved pseudo-symbol with count
  // 1: it takes the all-ones code, which is then dropped.
  std::array<int64_t, 257> freq{};
  bool any = false;
  for (int i = 0; i < 256; ++i) {
    freq[i] = counts[i];
    any = any || counts[i] != 0;
  }
  if (!any) freq[0] = 1;
  freq[256] = 1;
  std::array<int, 257> codesize{};
  std::array<int, 257> others;
  others.fill(-1);
  for (;;) {
    int v1 = -1, v2 = -1;
    for (int i = 0; i < 257; ++i) {  // least count; ties → larger symbol
      if (freq[i] && (v1 < 0 || freq[i] <= freq[v1])) v1 = i;
    }
    for (int i = 0; i < 257; ++i) {
      if (freq[i] && i != v1 && (v2 < 0 || freq[i] <= freq[v2])) v2 = i;
    }
    if (v2 < 0) break;
    freq[v1] += freq[v2];
    freq[v2] = 0;
    for (int i = v1;; i = others[i]) {
      ++codesize[i];
      if (others[i] < 0) {
        others[i] = v2;
        break;
      }
    }
    for (int i = v2; i >= 0; i = others[i]) ++codesize[i];
  }
  std::array<int, 260> bits{};  // a code can be up to 256 long before K.3
  for (int i = 0; i < 257; ++i) {
    if (codesize[i]) bits[codesize[i]]++;
  }
  // K.3: limit lengths to 16 by moving pairs of the longest codes up the tree.
  for (int i = 259; i > 16; --i) {
    while (bits[i] > 0) {
      int j = i - 2;
      while (bits[j] == 0) --j;
      bits[i] -= 2;
      bits[i - 1] += 1;
      bits[j + 1] += 2;
      bits[j] -= 1;
    }
  }
  int i = 16;
  while (bits[i] == 0) --i;
  bits[i] -= 1;  // drop the reserved code
  HuffmanTable t;
  for (int len = 1; len <= 16; ++len) t.bits[len - 1] = static_cast<uint8_t>(bits[len]);
  // K.4: symbols by code length, ascending within a length.
  for (int len = 1; len < 260; ++len) {
    for (int s = 0; s < 256; ++s) {
      if (codesize[s] == len) t.values.push_back(static_cast<uint8_t>(s));
    }
  }
  // Lengths moved by K.3 no longer match codesize[]; the list order (by original
  // length, then symbol) is still shortest-first, which is all DHT needs.
  return t;
}

Reciprocal islow_reciprocal(int divisor) {
  // floor(log2(divisor)) + 16 bits of precision; the correction term absorbs both the
  // rounding (divisor / 2) and the reciprocal's truncation, as libjpeg-turbo does, so
  // quantised values are identical to its encoder's.
  int b = 0;
  while ((2 << b) <= divisor) ++b;
  int r = 16 + b;
  uint32_t fq = (uint32_t{1} << r) / static_cast<uint32_t>(divisor);
  const uint32_t fr = (uint32_t{1} << r) % static_cast<uint32_t>(divisor);
  uint32_t c = static_cast<uint32_t>(divisor) / 2;
  if (fr == 0) {  // power of two: the reciprocal needs one bit less
    fq >>= 1;
    --r;
  } else if (fr <= static_cast<uint32_t>(divisor) / 2) {
    ++c;
  } else {
    ++fq;
  }
  return {static_cast<uint16_t>(fq), static_cast<uint16_t>(c),
          static_cast<uint16_t>(1u << (32 - r)), static_cast<uint8_t>(r)};
}

Reciprocal scaled_reciprocal(double divisor) {
  int r = 31;
  while (r > 17 && std::lround(std::ldexp(1.0, r) / divisor) > 65535) --r;
  const long recip = std::lround(std::ldexp(1.0, r) / divisor);
  const long corr = std::lround(divisor / 2);
  return {static_cast<uint16_t>(std::min(recip, 65535L)), static_cast<uint16_t>(corr),
          static_cast<uint16_t>(1u << (32 - r)), static_cast<uint8_t>(r)};
}

}  // namespace detail
}  // namespace framekit::jpeg
