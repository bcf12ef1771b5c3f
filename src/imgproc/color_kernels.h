// Row kernels of the fused 8-bit colour paths. Each has a SIMD version (Highway,
// runtime dispatch: color_simd.cpp) and a plain scalar twin (color_scalar.cpp) that
// computes the same fixed-point maths bit for bit; the SIMD versions hand their
// remainders to the twins.
//
// Fixed point: results are accumulated in int16 in 1/64 units of the output code,
// with Highway's MulFixedPoint15 ((a * b + 2^14) >> 15) for every product, saturating
// adds, then >> 6 and clamping to 0..255. Luma/RGB inputs enter as x << 7; chroma as a
// "chroma word" (c - 128) << 8 where c may carry 4 fraction bits from the bilinear
// filter; 2x2 sums of 8-bit RGB (0..1020) enter as s << 5.
#pragma once

#include <cstdint>

namespace framekit::color_detail {

// Memory order of an 8-bit RGB destination or source.
enum class RgbLayout : uint8_t { kRGB, kBGR, kRGBA, kBGRA, kARGB, kABGR, kPlanar };

constexpr int rgb_layout_channels(RgbLayout l) {
  return l == RgbLayout::kRGB || l == RgbLayout::kBGR || l == RgbLayout::kPlanar ? 3 : 4;
}

// Coefficients of 8-bit YUV → 8-bit RGB (index 0..2 = R, G, B).
struct YuvToRgbFixed {
  int16_t cy = 0;       // applied to Y << 7
  int16_t bias[3] = {};  // 1/64 units, includes the +32 that makes >> 6 round
  int16_t cu[3] = {};   // applied to the U chroma word
  int16_t cv[3] = {};   // applied to the V chroma word
  bool two_term() const { return cu[0] == 0 && cv[2] == 0; }  // R has no U, B no V
};

// Coefficients of 8-bit RGB → 8-bit YUV (index 0..2 = R, G, B inputs).
struct RgbToYuvFixed {
  int16_t y[3] = {};
  int16_t u[3] = {};
  int16_t v[3] = {};
  int16_t y_bias = 0;  // 1/64 units incl. rounding
  int16_t u_bias = 0;
  int16_t v_bias = 0;
};

// How the core YUV→RGB kernel gets chroma from the vertically filtered rows.
enum class ChromaMode : uint8_t {
  kHalfBilinear,  // 4:2:x, centre-sited 3/4 + 1/4 horizontally
  kHalfNearest,   // 4:2:x, one sample per pixel pair
  kFull,          // 4:4:4
};

// Where the YUV→RGB kernel writes: one interleaved row or three planes.
struct RgbRowOut {
  uint8_t* packed = nullptr;            // layouts other than kPlanar
  uint8_t* planes[3] = {};              // kPlanar: R, G, B rows
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

// out[j] = 3 * near[j] + far[j] (far == near gives 4 * c): the vertical chroma filter.
using ChromaVerticalFn = void (*)(const uint8_t* near, const uint8_t* far, int n,
                                  uint16_t* out);
// The same for interleaved pairs (NV12 UV): n pairs, split into out0 (first of each
// pair) and out1.
using ChromaVerticalPairsFn = void (*)(const uint8_t* near, const uint8_t* far, int n,
                                       uint16_t* out0, uint16_t* out1);
// Core: y (width samples), u4/v4 the vertically filtered rows (4 × chroma; for the
// half modes entries [-1] and [cw] must be readable edge copies), alpha row or null.
using YuvToRgbRowFn = void (*)(const uint8_t* y, const uint16_t* u4, const uint16_t* v4,
                               const uint8_t* a, int width, ChromaMode mode,
                               RgbLayout layout, const RgbRowOut& out,
                               const YuvToRgbFixed& k);
// Full-resolution chroma words from the vertically filtered rows (for the float path).
using ChromaWordsFn = void (*)(const uint16_t* c4, int width, ChromaMode mode,
                               int16_t* out);
// RGB → YUV for a pair of rows sharing chroma (4:2:0) or one row (4:2:2, s1 == s0 and
// y1 == nullptr). u/v receive ceil(width / 2) samples; if `semi`, u points to an
// interleaved UV row and v is ignored.
using RgbToYuvPairFn = void (*)(const uint8_t* s0, const uint8_t* s1, int width,
                                RgbLayout layout, uint8_t* y0, uint8_t* y1, uint8_t* u,
                                uint8_t* v, bool semi, const RgbToYuvFixed& k);
// RGB → YUV 4:4:4 for one row.
using RgbToYuv444Fn = void (*)(const uint8_t* s, int width, RgbLayout layout, uint8_t* y,
                               uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k);
// Y row + full-resolution chroma words (+ alpha) → one tensor row.
using YuvToTensorRowFn = void (*)(const uint8_t* y, const int16_t* u, const int16_t* v,
                                  const uint8_t* a, int width, const TensorRowOut& out,
                                  const TensorFloatCoeffs& k);

struct ColorKernels {
  ChromaVerticalFn chroma_vertical;
  ChromaVerticalPairsFn chroma_vertical_pairs;
  YuvToRgbRowFn yuv_to_rgb_row;
  ChromaWordsFn chroma_words;
  RgbToYuvPairFn rgb_to_yuv_pair;
  RgbToYuv444Fn rgb_to_yuv_444;
  YuvToTensorRowFn yuv_to_tensor_row;
};

// The plain scalar twins.
const ColorKernels& scalar_kernels();
// The SIMD kernels for the best target (re-chosen on each call, so tests can force a
// target with hwy::SetSupportedTargetsForTest).
ColorKernels simd_kernels();
// simd ? simd_kernels() : scalar_kernels().
ColorKernels color_kernels(bool simd);

// Scalar twins, callable from the SIMD code for remainders.
namespace scalar {
void chroma_vertical(const uint8_t* near, const uint8_t* far, int n, uint16_t* out);
void chroma_vertical_pairs(const uint8_t* near, const uint8_t* far, int n, uint16_t* out0,
                           uint16_t* out1);
// Pixels [x0, width) only; the pointers are the row starts.
void yuv_to_rgb_row_from(int x0, const uint8_t* y, const uint16_t* u4, const uint16_t* v4,
                         const uint8_t* a, int width, ChromaMode mode, RgbLayout layout,
                         const RgbRowOut& out, const YuvToRgbFixed& k);
void chroma_words_from(int x0, const uint16_t* c4, int width, ChromaMode mode,
                       int16_t* out);
void rgb_to_yuv_pair_from(int x0, const uint8_t* s0, const uint8_t* s1, int width,
                          RgbLayout layout, uint8_t* y0, uint8_t* y1, uint8_t* u,
                          uint8_t* v, bool semi, const RgbToYuvFixed& k);
void rgb_to_yuv_444_from(int x0, const uint8_t* s, int width, RgbLayout layout, uint8_t* y,
                         uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k);
void yuv_to_tensor_row_from(int x0, const uint8_t* y, const int16_t* u, const int16_t* v,
                            const uint8_t* a, int width, const TensorRowOut& out,
                            const TensorFloatCoeffs& k);
}  // namespace scalar

}  // namespace framekit::color_detail
