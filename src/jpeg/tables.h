// Tables of the baseline encoder: Annex K defaults, quality scaling, derived Huffman
// codes, optimal Huffman tables (Annex K.2) and the quantiser's reciprocals.
#pragma once

#include <array>
#include <cstdint>

#include "framekit/jpeg/params.h"

namespace framekit::jpeg::detail {

// Zigzag position k → natural (row-major) index.
inline constexpr std::array<uint8_t, 64> kZigzagToNatural = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
    41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
    30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

// Throws Error naming the table and entry unless every entry is 1..255.
void validate_quant_tables(const QuantTables& q);

// Throws Error naming the problem unless `t` is a valid baseline table of its class:
// code counts that fit their lengths, no all-ones code, no repeated symbol, DC
// symbols 0..11, AC symbols 0x00, 0xF0 or run/size with size 1..10.
void validate_huffman_table(const HuffmanTable& t, bool is_ac, const char* name);

// A code for the encoder: the Huffman code of symbol rs already shifted left by the
// symbol's size (rs & 15), so code | value_bits is the whole word and len its length.
// len == 0 marks a symbol the table has no code for.
struct HuffCode {
  uint32_t code;
  uint32_t len;
};

struct DerivedHuffman {
  std::array<HuffCode, 16> dc{};           // by size category 0..11
  std::array<HuffCode, 256> ac{};          // by run << 4 | size; EOB = 0x00, ZRL = 0xF0
  std::array<HuffCode, 256> ac_by_size{};  // the same codes by size << 4 | run
  bool dc_complete = false;                // every DC category 0..11 has a code
  bool ac_complete = false;                // every AC symbol a baseline block can need has one
  int max_len = 0;                         // longest code (for worst-case sizes)
};

// Builds the encoder codes from a (validated) table.
void derive_huffman(const HuffmanTable& t, bool is_ac, DerivedHuffman& out);

// Symbol counts gathered over a scan; freq[256] is unused by callers.
using SymbolCounts = std::array<uint64_t, 257>;

// Annex K.2: an optimal table of code lengths <= 16 with no all-ones code, for the
// symbols with a non-zero count (a table with one code if none has).
HuffmanTable optimal_huffman_table(const SymbolCounts& counts);

// Divisors of libjpeg's integer quantiser for an 8x-scaled DCT coefficient: the result
// is ((|x| + corr) * recip) >> shift, sign restored. For ISLOW divisors (8 * q) this is
// exactly libjpeg-turbo's arithmetic; `scale` is 1 << (32 - shift) for the SIMD form
// (two 16-bit high multiplies).
struct Reciprocal {
  uint16_t recip;
  uint16_t corr;
  uint16_t scale;
  uint8_t shift;
};
Reciprocal islow_reciprocal(int divisor);
// The same form for a real divisor (limited-range expansion folded into the quantiser):
// round-half-up of |x| / divisor except within 2^-14 of a tie.
Reciprocal scaled_reciprocal(double divisor);

}  // namespace framekit::jpeg::detail
