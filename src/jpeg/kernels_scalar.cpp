// Scalar twins of the SIMD kernels, and the parts of the entropy coder that are not hot.
#include <algorithm>
#include <cstring>

#include "jpeg/dct_constants.h"
#include "jpeg/huffman_coder.h"
#include "jpeg/kernels.h"

namespace framekit::jpeg::detail {
namespace {

inline int32_t descale(int32_t x, int n) {
  return (x + (1 << (n - 1))) >> n;
}

// One 8-point ISLOW FDCT pass over d[0], d[stride], ... (libjpeg's jfdctint algorithm:
// Loeffler/Ligtenberg/Moschytz with 13-bit constants). Pass 1 (rows) keeps PASS1_BITS
// of extra precision; pass 2 (columns) removes it.
void fdct_1d(int16_t* d, int stride, bool first_pass) {
  const int32_t x0 = d[0], x1 = d[stride], x2 = d[2 * stride], x3 = d[3 * stride];
  const int32_t x4 = d[4 * stride], x5 = d[5 * stride], x6 = d[6 * stride], x7 = d[7 * stride];
  const int32_t tmp0 = x0 + x7, tmp7 = x0 - x7, tmp1 = x1 + x6, tmp6 = x1 - x6;
  const int32_t tmp2 = x2 + x5, tmp5 = x2 - x5, tmp3 = x3 + x4, tmp4 = x3 - x4;
  const int32_t tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3;
  const int32_t tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
  const int n = first_pass ? kConstBits - kPass1Bits : kConstBits + kPass1Bits;
  if (first_pass) {
    d[0] = static_cast<int16_t>((tmp10 + tmp11) * (1 << kPass1Bits));
    d[4 * stride] = static_cast<int16_t>((tmp10 - tmp11) * (1 << kPass1Bits));
  } else {
    d[0] = static_cast<int16_t>(descale(tmp10 + tmp11, kPass1Bits));
    d[4 * stride] = static_cast<int16_t>(descale(tmp10 - tmp11, kPass1Bits));
  }
  const int32_t z1 = (tmp12 + tmp13) * kFix0541;
  d[2 * stride] = static_cast<int16_t>(descale(z1 + tmp13 * kFix0765, n));
  d[6 * stride] = static_cast<int16_t>(descale(z1 - tmp12 * kFix1847, n));

  const int32_t z5 = (tmp4 + tmp6 + tmp5 + tmp7) * kFix1175;
  const int32_t za = -(tmp4 + tmp7) * kFix0899;
  const int32_t zb = -(tmp5 + tmp6) * kFix2562;
  const int32_t zc = -(tmp4 + tmp6) * kFix1961 + z5;
  const int32_t zd = -(tmp5 + tmp7) * kFix0390 + z5;
  d[7 * stride] = static_cast<int16_t>(descale(tmp4 * kFix0298 + za + zc, n));
  d[5 * stride] = static_cast<int16_t>(descale(tmp5 * kFix2053 + zb + zd, n));
  d[3 * stride] = static_cast<int16_t>(descale(tmp6 * kFix3072 + zb + zc, n));
  d[1 * stride] = static_cast<int16_t>(descale(tmp7 * kFix1501 + za + zd, n));
}

inline int sample_at(const uint8_t* row, SampleStep step, int x) {
  switch (step) {
    case SampleStep::k1:
      return row[x];
    case SampleStep::kEven:
      return row[2 * x];
    case SampleStep::kOdd:
      return row[2 * x + 1];
  }
  return 0;
}

}  // namespace

void make_divisors(const uint16_t* q_natural, double scale, int dc_bias, QuantDivisors& out) {
  const bool exact = scale == 1.0 && dc_bias == 0;
  for (int i = 0; i < 64; ++i) {
    const int divisor = 8 * q_natural[i];
    const Reciprocal r = exact ? islow_reciprocal(divisor) : scaled_reciprocal(divisor / scale);
    for (int rep = 0; rep < 4; ++rep) {
      out.recip[i / 8][rep * 8 + i % 8] = r.recip;
      out.corr[i / 8][rep * 8 + i % 8] = r.corr;
      out.scale[i / 8][rep * 8 + i % 8] = r.scale;
    }
    out.natural[i] = static_cast<uint16_t>(divisor);
  }
  out.dc_bias = static_cast<int16_t>(dc_bias);
  out.clamp = !exact;
}

void forward_blocks_scalar(const uint8_t* src, ptrdiff_t stride, SampleStep step, int count,
                           const QuantDivisors& q, CodedBlock* out) {
  for (int b = 0; b < count; ++b) {
    int16_t blk[64];
    for (int y = 0; y < 8; ++y) {
      const uint8_t* row = src + y * stride;
      for (int x = 0; x < 8; ++x) {
        blk[y * 8 + x] = static_cast<int16_t>(sample_at(row, step, b * 8 + x) - 128);
      }
    }
    for (int y = 0; y < 8; ++y) fdct_1d(blk + 8 * y, 1, true);
    for (int x = 0; x < 8; ++x) fdct_1d(blk + x, 8, false);
    blk[0] = static_cast<int16_t>(blk[0] + q.dc_bias);
    CodedBlock& o = out[b];
    uint64_t mask = 0;
    for (int k = 0; k < 64; ++k) {
      const int n = kZigzagToNatural[k];
      const int x = blk[n];
      const uint32_t a = static_cast<uint32_t>(x < 0 ? -x : x);
      const uint32_t recip = q.recip[n / 8][n % 8], corr = q.corr[n / 8][n % 8];
      const int r = 32 - __builtin_ctz(q.scale[n / 8][n % 8]);  // scale = 1 << (32 - r)
      int v = static_cast<int>(((a + corr) * recip) >> r);
      if (q.clamp) v = std::min(v, 1023);
      const int size = v ? 32 - __builtin_clz(static_cast<uint32_t>(v)) : 0;
      v = x < 0 ? -v : v;
      o.vals[k] = static_cast<int16_t>(k == 0 ? v : (v + (v < 0 ? -1 : 0)) & ((1 << size) - 1));
      o.sizes[k] = static_cast<uint16_t>(size << 4);
      mask |= static_cast<uint64_t>(v != 0) << k;
    }
    o.mask = mask;
  }
}

void flush_bits(BitWriter& w) {
  int pending = 64 - w.free_bits;
  const int pad = (8 - pending % 8) % 8;
  uint64_t buf = w.buf;
  if (pad) {
    // Cannot overflow: pending < 64 here, so pending + pad <= 64.
    buf = (buf << pad) | ((uint64_t{1} << pad) - 1);
    pending += pad;
  }
  if (pending == 0) {
    w.buf = 0;
    w.free_bits = 64;
    return;
  }
  uint64_t x = pending == 64 ? buf : buf << (64 - pending);  // drop stale high bits
  uint8_t* out = w.out;
  for (int i = 0; i < pending / 8; ++i) {
    const uint8_t byte = static_cast<uint8_t>(x >> 56);
    *out++ = byte;
    if (byte == 0xFF) *out++ = 0;
    x <<= 8;
  }
  w.out = out;
  w.buf = 0;
  w.free_bits = 64;
}

const FdctKernels& fdct_scalar_kernels() {
  static const FdctKernels k{"scalar", &forward_blocks_scalar};
  return k;
}

const HuffmanKernels& huffman_scalar_kernels() {
  static const HuffmanKernels k{
      "scalar",
      [](BitWriter& w, const McuRun& run, int first, int count, int (&dc_pred)[3],
         const DerivedHuffman* const (&tables)[2]) {
        huffman_coder::EncodeMcus(w, run, first, count, dc_pred, tables);
      },
      [](SymbolCounts (&dc)[2], SymbolCounts (&ac)[2], const McuRun& run, int first, int count,
         int (&dc_pred)[3]) { huffman_coder::CountMcus(dc, ac, run, first, count, dc_pred); }};
  return k;
}

}  // namespace framekit::jpeg::detail
