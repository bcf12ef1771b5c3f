// Row kernels of the fused 8-bit color paths. Each has a SIMD version (Highway,
// runtime dispatch: color_simd.cpp) and a plain scalar twin (color_scalar.cpp) that
// computes the same fixed-point maths bit for bit; the SIMD versions hand their
// remainders to the twins.
//
// Fixed point: results are accumulated in int16 in 1/64 units of the output code and
// finished with >> 6 and a clamp to 0..255. Products:
//  - luma inputs (Y of YUV→RGB, R/G/B of RGB→Y): (x << 8) * c >> 16, unsigned MulHigh
//    with c = coefficient × 2^14;
//  - everything else: MulFixedPoint15, (a * b + 2^14) >> 15, with RGB inputs as x << 7,
//    2x2 sums of 8-bit RGB (0..1020) as s << 5, and chroma as a "chroma word"
//    (c16 << 4) - 32768 where c16 is 16 × the filtered chroma (0..4080, so the bilinear
//    filter's 4 fraction bits are kept).
// Sums use saturating adds in a fixed order, which the scalar twins follow.
#pragma once

#include <cstdint>

namespace framekit::color_detail {

// Memory order of an 8-bit RGB destination or source.
enum class RgbLayout : uint8_t { kRGB, kBGR, kRGBA, kBGRA, kARGB, kABGR, kPlanar };

constexpr int rgb_layout_channels(RgbLayout l) {
  return l == RgbLayout::kRGB || l == RgbLayout::kBGR || l == RgbLayout::kPlanar ? 3 : 4;
}

// Coefficients of 8-bit (or 10/12-bit) YUV → 8-bit RGB (index 0..2 = R, G, B).
struct YuvToRgbFixed {
  uint16_t cy = 0;       // luma: MulHigh(Y << 8, cy)
  int16_t bias[3] = {};  // 1/64 units; the kernel stores clamp((acc + 32) >> 6)
  int16_t cu[3] = {};    // applied to the U chroma word
  int16_t cv[3] = {};    // applied to the V chroma word
  // 16-bit luma (the kernel's y row is then uint16 samples, any alignment): the luma
  // product's operand is min(y >> y_sshift, y_max) << y_lshift instead of Y << 8.
  bool y16 = false;
  uint8_t y_sshift = 0;
  uint8_t y_lshift = 0;
  uint16_t y_max = 0;
  bool two_term() const { return cu[0] == 0 && cv[2] == 0; }  // R has no U, B no V
  bool common_bias() const { return bias[0] == bias[1] && bias[1] == bias[2]; }
};

// Coefficients of 8-bit RGB → 8-bit YUV (index 0..2 = R, G, B inputs).
struct RgbToYuvFixed {
  uint16_t y[3] = {};  // luma: MulHigh(x << 8, y) (unsigned; luma weights are >= 0)
  int16_t u[3] = {};
  int16_t v[3] = {};
  int16_t y_bias = 0;  // 1/64 units incl. rounding
  int16_t u_bias = 0;
  int16_t v_bias = 0;
  // 10/12-bit output (the kernels' y/u/v rows are then uint16, any alignment): the
  // accumulators are in 1/2^out_frac of an output code (out_frac = 14 − bits) and store
  // as clamp(acc >> out_frac, 0, out_max) << out_lshift (P010: 6).
  bool out16 = false;
  uint8_t out_frac = 6;
  uint8_t out_lshift = 0;
  uint16_t out_max = 255;
};

// Where the core YUV→RGB kernel gets one row's chroma:
//  kFiltered:     u/v hold c4 << 4 (c4 = 3 × near + far chroma row, the vertical
//                 filter) at half width, with edge copies at [-1] and [cw]; the kernel
//                 applies the horizontal 3/4 + 1/4 filter.
//  kWordsFull:    u/v hold chroma words, one per pixel.
//  kRawHalf:      raw_u/raw_v are 8-bit chroma rows, one sample per pixel pair.
//  kRawHalfPairs: raw_u is an interleaved 8-bit pair row (NV12 UV: first → U), one pair
//                 per pixel pair.
//  kRawFull:      raw_u/raw_v are 8-bit chroma rows, one sample per pixel.
//  kWordsHalf:    u/v hold chroma words, one per pixel pair (10/12-bit nearest).
enum class ChromaMode : uint8_t {
  kFiltered,
  kWordsFull,
  kRawHalf,
  kRawHalfPairs,
  kRawFull,
  kWordsHalf
};

struct ChromaRow {
  const uint16_t* u = nullptr;
  const uint16_t* v = nullptr;
  const uint8_t* raw_u = nullptr;
  const uint8_t* raw_v = nullptr;
};

// What the vertical pass stores: c4 << 4 (for kFiltered) or the chroma word
// (c4 << 6) ^ 0x8000 (for kWordsFull, where c4 = 4 × chroma).
enum class ChromaPrep : uint8_t { kFiltered, kWords };

// The vertical chroma pass of 10/12-bit sources (uint16 rows, any alignment): with
// c = min(raw >> sshift, max) it stores ((3 · near + far) << lshift) ^ xor_mask, where
// lshift is 12 − bits (kFiltered input: 16 × chroma in the word scale) or 14 − bits
// with xor 0x8000 (chroma words; far == near then gives 4 × c).
struct Chroma16 {
  int sshift = 0;
  uint16_t max = 1023;
  int lshift = 2;
  uint16_t xor_mask = 0;
};

// Where the YUV→RGB kernel writes: one interleaved row or three planes.
struct RgbRowOut {
  uint8_t* packed = nullptr;  // layouts other than kPlanar
  uint8_t* planes[3] = {};    // kPlanar: R, G, B rows
};

// 8-bit RGB/YUV row to float tensor values: out_c = clamp(ky*Y + ku*U + kv*V + k0,
// lo, hi) for channel c (U/V are chroma words). Channel c < channels.
struct TensorFloatCoeffs {
  float ky[4] = {}, ku[4] = {}, kv[4] = {}, k0[4] = {}, lo[4] = {}, hi[4] = {};
  float ka[4] = {};  // applied to the alpha plane sample when there is one
};
enum class TensorDType : uint8_t { kU8, kU16, kF16, kF32 };
struct TensorRowOut {
  TensorDType dtype = TensorDType::kF32;
  int channels = 3;
  bool interleaved = false;  // NHWC row: channels adjacent
  void* packed = nullptr;    // interleaved row
  void* planes[4] = {};      // planar rows, one per channel
};

// --- Kernels. Widths in samples; no alignment required. -------------------------

// The vertical chroma filter: c4 = 3 * near[j] + far[j] (far == near gives 4 × c),
// stored as `prep` says.
using ChromaVerticalFn = void (*)(const uint8_t* near, const uint8_t* far, int n, ChromaPrep prep,
                                  uint16_t* out);
// The same for interleaved pairs (NV12 UV): n pairs, split into out0 (first of each
// pair) and out1.
using ChromaVerticalPairsFn = void (*)(const uint8_t* near, const uint8_t* far, int n,
                                       ChromaPrep prep, uint16_t* out0, uint16_t* out1);
// The same for 10/12-bit rows (uint16 samples; pairs for P010-style UV).
using ChromaVertical16Fn = void (*)(const uint8_t* near, const uint8_t* far, int n,
                                    const Chroma16& p, uint16_t* out);
using ChromaVertical16PairsFn = void (*)(const uint8_t* near, const uint8_t* far, int n,
                                         const Chroma16& p, uint16_t* out0, uint16_t* out1);
// Core: y (width samples, uint16 if k.y16), chroma as `mode` says, alpha row or null.
using YuvToRgbRowFn = void (*)(const uint8_t* y, const ChromaRow& c, const uint8_t* a, int width,
                               ChromaMode mode, RgbLayout layout, const RgbRowOut& out,
                               const YuvToRgbFixed& k);
// Full-resolution chroma words of both channels (for the float path).
using ChromaWordsFn = void (*)(const ChromaRow& c, int width, ChromaMode mode, int16_t* u,
                               int16_t* v);
// RGB → YUV for a pair of rows sharing chroma (4:2:0) or one row (4:2:2, s1 == s0 and
// y1 == nullptr). u/v receive ceil(width / 2) samples; if `semi`, u points to an
// interleaved UV row and v is ignored.
using RgbToYuvPairFn = void (*)(const uint8_t* s0, const uint8_t* s1, int width, RgbLayout layout,
                                uint8_t* y0, uint8_t* y1, uint8_t* u, uint8_t* v, bool semi,
                                const RgbToYuvFixed& k);
// RGB → YUV 4:4:4 for one row; luma only (gray) if u is null.
using RgbToYuv444Fn = void (*)(const uint8_t* s, int width, RgbLayout layout, uint8_t* y,
                               uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k);
// Y row + full-resolution chroma words (+ alpha) → one tensor row.
using YuvToTensorRowFn = void (*)(const uint8_t* y, const int16_t* u, const int16_t* v,
                                  const uint8_t* a, int width, const TensorRowOut& out,
                                  const TensorFloatCoeffs& k);

struct ColorKernels {
  const char* target;  // "scalar" or the Highway target (simd_dispatch.h)
  ChromaVerticalFn chroma_vertical;
  ChromaVerticalPairsFn chroma_vertical_pairs;
  YuvToRgbRowFn yuv_to_rgb_row;
  ChromaWordsFn chroma_words;
  RgbToYuvPairFn rgb_to_yuv_pair;
  RgbToYuv444Fn rgb_to_yuv_444;
  YuvToTensorRowFn yuv_to_tensor_row;
  ChromaVertical16Fn chroma_vertical16;
  ChromaVertical16PairsFn chroma_vertical16_pairs;
};

// The plain scalar twins.
const ColorKernels& color_scalar_kernels();
// The table the process-wide switch selects (framekit/core/simd.h).
const ColorKernels& color_kernels();

// Scalar twins, callable from the SIMD code for remainders.
namespace scalar {
void chroma_vertical(const uint8_t* near, const uint8_t* far, int n, ChromaPrep prep,
                     uint16_t* out);
void chroma_vertical_pairs(const uint8_t* near, const uint8_t* far, int n, ChromaPrep prep,
                           uint16_t* out0, uint16_t* out1);
void chroma_vertical16(const uint8_t* near, const uint8_t* far, int n, const Chroma16& p,
                       uint16_t* out);
void chroma_vertical16_pairs(const uint8_t* near, const uint8_t* far, int n, const Chroma16& p,
                             uint16_t* out0, uint16_t* out1);
// Pixels [x0, width) only; the pointers are the row starts.
void yuv_to_rgb_row_from(int x0, const uint8_t* y, const ChromaRow& c, const uint8_t* a, int width,
                         ChromaMode mode, RgbLayout layout, const RgbRowOut& out,
                         const YuvToRgbFixed& k);
void chroma_words_from(int x0, const ChromaRow& c, int width, ChromaMode mode, int16_t* u,
                       int16_t* v);
void rgb_to_yuv_pair_from(int x0, const uint8_t* s0, const uint8_t* s1, int width, RgbLayout layout,
                          uint8_t* y0, uint8_t* y1, uint8_t* u, uint8_t* v, bool semi,
                          const RgbToYuvFixed& k);
void rgb_to_yuv_444_from(int x0, const uint8_t* s, int width, RgbLayout layout, uint8_t* y,
                         uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k);
void yuv_to_tensor_row_from(int x0, const uint8_t* y, const int16_t* u, const int16_t* v,
                            const uint8_t* a, int width, const TensorRowOut& out,
                            const TensorFloatCoeffs& k);
}  // namespace scalar

}  // namespace framekit::color_detail
