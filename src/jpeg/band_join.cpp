#include "jpeg/band_join.h"

#include <cstring>

namespace framekit::jpeg::detail {
namespace {

bool has_ff_byte(uint64_t x) {
  const uint64_t v = ~x;
  return ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull) != 0;
}

// The high bit of each byte of x that is 0xFF, and no other bit.
uint64_t exact_ff_bytes(uint64_t x) {
  const uint64_t v = ~x;
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  return ~(((v & kLow7) + kLow7) | v | kLow7);
}

uint64_t load_be64(const uint8_t* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  return __builtin_bswap64(x);
}

// The last data byte of a non-empty stuffed stream: a stuffed stream ending in FF 00
// ends with the data byte FF (0xFF is never a stuffing byte, and each data FF is
// followed by its stuffing 00).
uint8_t last_data_byte(const uint8_t* p, size_t n) {
  if (n >= 2 && p[n - 1] == 0 && p[n - 2] == 0xFF) return 0xFF;
  return p[n - 1];
}

}  // namespace

BitCarry carry_after(const CodedBand& b, BitCarry in) {
  const int r = b.tail.pending_bits;
  BitCarry out;
  out.count = (in.count + r) % 8;  // whole bytes do not move the bit phase
  if (b.size > 0 || r >= out.count) {
    // The new carry lies within this band's last byte and leftover bits.
    const uint32_t last = b.size > 0 ? last_data_byte(b.bytes, b.size) : 0;
    const uint32_t tail = (last << r) | b.tail.pending;
    out.bits = tail & ((1u << out.count) - 1);
  } else {
    // The band is shorter than the carry it leaves: in.count + r < 8 bits in all.
    out.bits = ((in.bits << r) | b.tail.pending) & ((1u << out.count) - 1);
  }
  return out;
}

uint8_t* shift_band(const CodedBand& b, BitCarry in, uint8_t* out) {
  const int k = in.count;
  const uint8_t* p = b.bytes;
  const uint8_t* const end = b.bytes + b.size;
  uint32_t carry = in.bits;  // the low k bits are pending
  const uint32_t low_mask = (1u << k) - 1;
  auto put = [&out](uint8_t byte) {
    *out++ = byte;
    if (byte == 0xFF) *out++ = 0;
  };
  while (p < end) {
    // Eight data bytes at once when none of them is 0xFF (so none is followed by a
    // stuffing byte) and none of the shifted bytes is 0xFF.
    if (end - p >= 8) {
      const uint64_t x = load_be64(p);
      if (has_ff_byte(x)) {
        // Byte by byte up to and including the first 0xFF and its stuffing byte.
        const int first_ff = __builtin_clzll(exact_ff_bytes(x)) / 8;
        for (int i = 0; i < first_ff; ++i) {
          const uint32_t byte = p[i];
          put(static_cast<uint8_t>((carry << (8 - k)) | (byte >> k)));
          carry = byte & low_mask;
        }
        p += first_ff + 2;
        put(static_cast<uint8_t>((carry << (8 - k)) | (0xFFu >> k)));
        carry = 0xFFu & low_mask;
        continue;
      }
      {
        const uint64_t shifted = (uint64_t{carry} << (64 - k)) | (x >> k);
        carry = static_cast<uint32_t>(x) & low_mask;
        p += 8;
        if (!has_ff_byte(shifted)) {
          const uint64_t be = __builtin_bswap64(shifted);
          std::memcpy(out, &be, 8);
          out += 8;
        } else {
          for (int i = 7; i >= 0; --i) put(static_cast<uint8_t>(shifted >> (8 * i)));
        }
        continue;
      }
    }
    const uint32_t byte = *p++;
    if (byte == 0xFF) ++p;  // its stuffing byte
    put(static_cast<uint8_t>((carry << (8 - k)) | (byte >> k)));
    carry = byte & low_mask;
  }
  // The leftover bits: k + r bits pending, of which a whole byte goes out if there is one.
  const int r = b.tail.pending_bits;
  if (k + r >= 8) {
    const uint32_t all = (carry << r) | b.tail.pending;  // k + r < 16 bits
    put(static_cast<uint8_t>(all >> (k + r - 8)));
  }
  return out;
}

size_t pad_final_bits(BitCarry last, uint8_t* out) {
  if (last.count == 0) return 0;
  const int pad = 8 - last.count;
  const uint8_t byte = static_cast<uint8_t>((last.bits << pad) | ((1u << pad) - 1));
  out[0] = byte;
  if (byte != 0xFF) return 1;
  out[1] = 0;
  return 2;
}

}  // namespace framekit::jpeg::detail
