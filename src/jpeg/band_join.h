// Joining the bands of a marker-free scan at bit level. Each band is coded on its own
// (whole bytes, 0xFF stuffed, plus < 8 bits left over); band i then starts at global bit
// P_i = the sum of the earlier bands' bit lengths. A band whose P_i is a whole byte is
// copied as it is; any other is unstuffed, shifted right by P_i mod 8 behind the bits the
// bands before it left in the shared byte, and restuffed. The result is the bit string a
// single coder would have written.
#pragma once

#include <cstddef>
#include <cstdint>

#include "jpeg/scan.h"

namespace framekit::jpeg::detail {

// Bits of the global stream not yet in a whole byte: the low `count` (< 8) bits of bits.
struct BitCarry {
  uint32_t bits = 0;
  int count = 0;
};

// One coded band: its stuffed whole bytes and the bits left over.
struct CodedBand {
  const uint8_t* bytes = nullptr;
  size_t size = 0;
  BandBits tail;
};

// The carry after band b when `in` is the carry into it. Looks only at the band's last
// byte and leftover bits, so the carries of all bands follow as soon as each is coded.
BitCarry carry_after(const CodedBand& b, BitCarry in);

// Worst-case bytes shift_band writes for a band of `size` stuffed bytes.
inline size_t shifted_band_bound(size_t size) {
  return 2 * size + 16;
}

// Writes band b behind the carry `in` (in.count >= 1): the whole bytes of
// in ++ band bits, stuffed, to out. Returns one past the last byte written.
uint8_t* shift_band(const CodedBand& b, BitCarry in, uint8_t* out);

// The final carry padded with ones to a byte and stuffed (0 to 2 bytes) into out.
size_t pad_final_bits(BitCarry last, uint8_t* out);

}  // namespace framekit::jpeg::detail
