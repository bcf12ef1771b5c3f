// The Huffman coder's loops: scalar code (bit buffers, bsr/tzcnt), force-inlined into
// each instance. huffman.cpp compiles them once per Highway target, so BMI2 targets get
// shlx/shrx/bzhi; kernels_scalar.cpp compiles them plainly as the scalar twins.
#pragma once

#include <cstdint>
#include <cstring>

#include <hwy/base.h>

#include "jpeg/kernels.h"

namespace framekit::jpeg::detail::huffman_coder {

HWY_INLINE bool HasFFByte(uint64_t x) {
  const uint64_t v = ~x;
  return ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull) != 0;
}

struct Bits {
  uint64_t buf;
  int free;
  uint8_t* out;
};

HWY_INLINE void Emit64(Bits& s, uint64_t word) {
  if (HWY_LIKELY(!HasFFByte(word))) {
    const uint64_t be = __builtin_bswap64(word);
    std::memcpy(s.out, &be, 8);
    s.out += 8;
    return;
  }
  for (int i = 0; i < 8; ++i) {
    const uint8_t byte = static_cast<uint8_t>(word >> 56);
    s.out[0] = byte;
    s.out[1] = 0;
    s.out += 1 + (byte == 0xFF);
    word <<= 8;
  }
}

// code < 2^len, len <= 27.
HWY_INLINE void Put(Bits& s, uint32_t code, int len) {
  s.free -= len;
  if (HWY_LIKELY(s.free >= 0)) {
    s.buf = (s.buf << len) | code;
  } else {
    // Fill the word with the code's top bits; its low -free bits stay pending (the
    // bits above them in buf are stale and shift out before the next flush).
    Emit64(s, (s.buf << (len + s.free)) | (code >> -s.free));
    s.free += 64;
    s.buf = code;
  }
}

// Bits needed for a (0 for 0), without a branch: bsr(2a + 1) (a < 2^30).
HWY_INLINE int BitLength(uint32_t a) {
  return 31 - __builtin_clz(2 * a + 1);
}

HWY_INLINE void EncodeBlock(Bits& s, const CodedBlock& blk, int& pred, const DerivedHuffman& t) {
  const int dc = blk.vals[0];
  const int diff = dc - pred;
  pred = dc;
  const int dn = BitLength(static_cast<uint32_t>(diff < 0 ? -diff : diff));
  const uint32_t dbits = static_cast<uint32_t>(diff + (diff >> 31)) & ((1u << dn) - 1);
  Put(s, t.dc[dn].code | dbits, static_cast<int>(t.dc[dn].len));
  // Walk the non-zero ACs by clearing the mask's lowest bit: the loop-carried chain is
  // one blsr per coefficient, the position (tzcnt) is off it.
  uint64_t m = blk.mask & ~uint64_t{1};
  int last = 0;
  while (m) {
    const int k = __builtin_ctzll(m);
    m &= m - 1;
    int run = k - last - 1;
    last = k;
    while (HWY_UNLIKELY(run > 15)) {
      Put(s, t.ac_by_size[15].code, static_cast<int>(t.ac_by_size[15].len));  // ZRL
      run -= 16;
    }
    const HuffCode e = t.ac_by_size[static_cast<uint32_t>(blk.sizes[k] + run)];
    Put(s, e.code | static_cast<uint16_t>(blk.vals[k]), static_cast<int>(e.len));
  }
  if (last != 63) Put(s, t.ac_by_size[0].code, static_cast<int>(t.ac_by_size[0].len));  // EOB
}

HWY_INLINE void EncodeMcus(BitWriter& w, const McuRun& run, int first, int count, int (&dc_pred)[3],
                const DerivedHuffman* const (&tables)[2]) {
  Bits s{w.buf, w.free_bits, w.out};
  for (int m = first; m < first + count; ++m) {
    for (int c = 0; c < run.ncomp; ++c) {
      const DerivedHuffman& t = *tables[run.table[c]];
      const int h = run.h[c];
      for (int yy = 0; yy < run.v[c]; ++yy) {
        const CodedBlock* blocks = run.blocks[c][yy] + m * h;
        for (int xx = 0; xx < h; ++xx) EncodeBlock(s, blocks[xx], dc_pred[c], t);
      }
    }
  }
  w.buf = s.buf;
  w.free_bits = s.free;
  w.out = s.out;
}

HWY_INLINE void CountMcus(SymbolCounts (&dc)[2], SymbolCounts (&ac)[2], const McuRun& run, int first,
               int count, int (&dc_pred)[3]) {
  for (int m = first; m < first + count; ++m) {
    for (int c = 0; c < run.ncomp; ++c) {
      SymbolCounts& dcc = dc[run.table[c]];
      SymbolCounts& acc = ac[run.table[c]];
      const int h = run.h[c];
      for (int yy = 0; yy < run.v[c]; ++yy) {
        for (int xx = 0; xx < h; ++xx) {
          const CodedBlock& blk = run.blocks[c][yy][m * h + xx];
          const int diff = blk.vals[0] - dc_pred[c];
          dc_pred[c] = blk.vals[0];
          ++dcc[BitLength(static_cast<uint32_t>(diff < 0 ? -diff : diff))];
          uint64_t bits = blk.mask & ~uint64_t{1};
          int last = 0;
          while (bits) {
            const int k = __builtin_ctzll(bits);
            bits &= bits - 1;
            int r = k - last - 1;
            last = k;
            for (; r > 15; r -= 16) ++acc[0xF0];
            ++acc[(r << 4) | (blk.sizes[k] >> 4)];
          }
          if (last != 63) ++acc[0];
        }
      }
    }
  }
}

}  // namespace framekit::jpeg::detail::huffman_coder
