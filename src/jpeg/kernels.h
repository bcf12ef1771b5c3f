// The encoder's two hot loops, each a kernel family with SIMD targets (Highway; the
// process-wide switch of framekit/core/simd.h picks the table) and a plain scalar twin:
//  - forward_blocks: 8x8 blocks of samples → ISLOW FDCT → quantised coefficients in
//    zigzag order plus a bitmask of the non-zero ones.
//  - encode_mcus: Huffman-codes MCUs of such blocks into a byte stream.
#pragma once

#include <cstddef>
#include <cstdint>

#include "jpeg/tables.h"

namespace framekit::jpeg::detail {

// Where the samples of one component sit in a row.
enum class SampleStep : uint8_t {
  k1,     // consecutive bytes (planar)
  kEven,  // low byte of each 16-bit pair (NV12 U, YUYV Y)
  kOdd,   // high byte of each 16-bit pair (NV12 V, UYVY Y)
};

// Quantiser of one component in the layout the kernels load: each row of the 8x8
// natural-order table repeated 4 times, so any vector width up to 32 lanes reads its
// divisors with one load.
struct alignas(64) QuantDivisors {
  uint16_t recip[8][32];
  uint16_t corr[8][32];
  uint16_t scale[8][32];
  int16_t dc_bias;       // added to the DC coefficient before quantising
  bool clamp;            // clamp results to ±1023 (needed when the divisor was scaled)
  uint16_t natural[64];  // the 8x-scaled divisor table (informative)
};

// `exact`: libjpeg-turbo's ISLOW divisors for table q. Otherwise each divisor is
// 8 * q[i] / scale and dc_bias is added to DC: limited-range expansion in the quantiser.
void make_divisors(const uint16_t* q_natural, double scale, int dc_bias, QuantDivisors& out);

// One transformed block, in zigzag order, as the Huffman coder reads it: everything
// per coefficient that does not depend on its neighbours is computed by SIMD.
struct alignas(64) CodedBlock {
  // [0]: the quantised DC. [k >= 1]: the value bits of coefficient v: v, or v - 1 when
  // negative, masked to its size category (0 when v is 0).
  int16_t vals[64];
  // 16 * size category of coefficient k (0 when it is 0); [0] that of the DC itself.
  uint16_t sizes[64];
  // Bit k set iff coefficient k is non-zero (bit 0 unspecified).
  uint64_t mask;
};

// The quantised coefficient (zigzag position k) a CodedBlock stands for.
inline int coefficient(const CodedBlock& b, int k) {
  if (k == 0) return b.vals[0];
  const int size = b.sizes[k] >> 4;
  if (size == 0) return 0;
  const int v = b.vals[k];
  return (v >> (size - 1)) ? v : v - (1 << size) + 1;  // top bit clear: it was negative
}

// Transforms `count` horizontally adjacent blocks whose top-left sample is src (rows
// `stride` bytes apart). Reads exactly 8 rows x count*8 samples.
using ForwardBlocksFn = void (*)(const uint8_t* src, ptrdiff_t stride, SampleStep step, int count,
                                 const QuantDivisors& q, CodedBlock* out);
void forward_blocks_scalar(const uint8_t* src, ptrdiff_t stride, SampleStep step, int count,
                           const QuantDivisors& q, CodedBlock* out);

struct FdctKernels {
  const char* target;  // "scalar" or the Highway target (simd_dispatch.h)
  ForwardBlocksFn forward_blocks;
};
const FdctKernels& fdct_scalar_kernels();
const FdctKernels& fdct_kernels();  // as the SIMD switch says (fdct.cpp)

// Pending bits of the entropy coder: the low (64 - free_bits) bits of buf (any bits
// above them are stale). `out` must have room for the worst case of what is coded.
struct BitWriter {
  uint64_t buf = 0;
  int free_bits = 64;
  uint8_t* out = nullptr;
};

// Blocks of a run of MCUs: for component c and block row yy of the MCU, block x of the
// run is blocks[c][yy][x].
struct McuRun {
  int ncomp = 0;
  int h[3] = {1, 1, 1};
  int v[3] = {1, 1, 1};
  int table[3] = {0, 1, 1};  // Huffman table pair: 0 luma, 1 chroma
  const CodedBlock* blocks[3][2] = {};
};

// Codes MCUs [first, first + count) of the run; dc_pred carries each component's
// previous DC across calls.
using EncodeMcusFn = void (*)(BitWriter& w, const McuRun& run, int first, int count,
                              int (&dc_pred)[3], const DerivedHuffman* const (&tables)[2]);
// Counts the symbols the same MCUs would use: dc[t][category], ac[t][run/size].
using CountMcusFn = void (*)(SymbolCounts (&dc)[2], SymbolCounts (&ac)[2], const McuRun& run,
                             int first, int count, int (&dc_pred)[3]);

struct HuffmanKernels {
  const char* target;  // "scalar" or the Highway target (simd_dispatch.h)
  EncodeMcusFn encode_mcus;
  CountMcusFn count_mcus;
};
const HuffmanKernels& huffman_scalar_kernels();
const HuffmanKernels& huffman_kernels();  // as the SIMD switch says (huffman.cpp)

// Pads the pending bits with ones to a byte boundary and writes them out (end of scan
// or before a restart marker).
void flush_bits(BitWriter& w);

// Worst-case bytes one block can produce (longest codes, every byte stuffed).
constexpr size_t kMaxBlockBytes = 2 * ((16 + 11 + 63 * (16 + 10)) / 8 + 1);

}  // namespace framekit::jpeg::detail
