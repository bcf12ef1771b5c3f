// Plain scalar twins of the SIMD color kernels (color_simd.cpp): the same fixed-point
// maths, one sample at a time. They are the reference the SIMD kernels are tested
// against and the code that finishes each SIMD row's remainder.
#include <algorithm>
#include <cmath>

#include "color/color_kernels.h"
#include "color/sample_io.h"
#include "framekit/core/scalar_type.h"

namespace framekit::color_detail {
namespace scalar {
namespace {

inline int16_t mulfp15(int32_t a, int32_t b) {
  return static_cast<int16_t>((a * b + (1 << 14)) >> 15);
}
inline int16_t sat_add(int32_t a, int32_t b) {
  return static_cast<int16_t>(std::clamp(a + b, -32768, 32767));
}
inline uint8_t to_u8(int32_t acc) {
  return static_cast<uint8_t>(std::clamp(acc >> 6, 0, 255));
}
// The YUV→RGB kernels' final step: (acc + 32) >> 6 in 32 bits (a rounding multiply).
inline uint8_t to_u8_round(int32_t acc) {
  return static_cast<uint8_t>(std::clamp((acc + 32) >> 6, 0, 255));
}

inline uint16_t prep_value(int c4, ChromaPrep prep) {
  return prep == ChromaPrep::kFiltered ? static_cast<uint16_t>(c4 << 4)
                                       : static_cast<uint16_t>((c4 << 6) ^ 0x8000);
}

// Channel positions in memory for each layout: R, G, B, A (A = -1: none).
struct Positions {
  int r, g, b, a;
};
constexpr Positions positions(RgbLayout l) {
  switch (l) {
    case RgbLayout::kRGB:
      return {0, 1, 2, -1};
    case RgbLayout::kBGR:
      return {2, 1, 0, -1};
    case RgbLayout::kRGBA:
      return {0, 1, 2, 3};
    case RgbLayout::kBGRA:
      return {2, 1, 0, 3};
    case RgbLayout::kARGB:
      return {1, 2, 3, 0};
    case RgbLayout::kABGR:
      return {3, 2, 1, 0};
    case RgbLayout::kPlanar:
      return {0, 1, 2, -1};
  }
  return {0, 1, 2, -1};
}

inline int16_t raw_word(uint8_t c) {
  return static_cast<int16_t>(((c << 8) ^ 0x8000) & 0xFFFF);
}

// The chroma words (u, v) of pixel x (16-bit wrap-around as in SIMD).
inline void chroma_words_at(const ChromaRow& c, int x, ChromaMode mode, int16_t& u, int16_t& v) {
  const int j = x >> 1;
  switch (mode) {
    case ChromaMode::kWordsFull:
      u = static_cast<int16_t>(c.u[x]);
      v = static_cast<int16_t>(c.v[x]);
      return;
    case ChromaMode::kWordsHalf:
      u = static_cast<int16_t>(c.u[j]);
      v = static_cast<int16_t>(c.v[j]);
      return;
    case ChromaMode::kRawHalf:
      u = raw_word(c.raw_u[j]);
      v = raw_word(c.raw_v[j]);
      return;
    case ChromaMode::kRawHalfPairs:
      u = raw_word(c.raw_u[2 * j]);
      v = raw_word(c.raw_u[2 * j + 1]);
      return;
    case ChromaMode::kRawFull:
      u = raw_word(c.raw_u[x]);
      v = raw_word(c.raw_v[x]);
      return;
    case ChromaMode::kFiltered: {
      const int n = (x & 1) ? j + 1 : j - 1;
      u = static_cast<int16_t>(static_cast<uint16_t>((3u * c.u[j] + c.u[n]) ^ 0x8000));
      v = static_cast<int16_t>(static_cast<uint16_t>((3u * c.v[j] + c.v[n]) ^ 0x8000));
      return;
    }
  }
}

inline uint32_t sample16(const uint8_t* row, int i, int sshift, uint16_t max) {
  return std::min<uint32_t>(load_sample<uint16_t>(row, i) >> sshift, max);
}
inline uint16_t prep16(uint32_t near, uint32_t far, const Chroma16& p) {
  return static_cast<uint16_t>((((3 * near + far) << p.lshift) ^ p.xor_mask) & 0xFFFF);
}

// The luma product's operand and result for pixel x.
inline int16_t luma_term(const uint8_t* y, int x, const YuvToRgbFixed& k) {
  const uint32_t op = k.y16 ? sample16(y, x, k.y_sshift, k.y_max) << k.y_lshift
                            : static_cast<uint32_t>(y[x]) << 8;
  return static_cast<int16_t>(op * k.cy >> 16);
}

}  // namespace

void chroma_vertical16(const uint8_t* near, const uint8_t* far, int n, const Chroma16& p,
                       uint16_t* out) {
  for (int j = 0; j < n; ++j)
    out[j] = prep16(sample16(near, j, p.sshift, p.max), sample16(far, j, p.sshift, p.max), p);
}

void chroma_vertical16_pairs(const uint8_t* near, const uint8_t* far, int n, const Chroma16& p,
                             uint16_t* out0, uint16_t* out1) {
  for (int j = 0; j < n; ++j) {
    out0[j] = prep16(sample16(near, 2 * j, p.sshift, p.max),
                     sample16(far, 2 * j, p.sshift, p.max), p);
    out1[j] = prep16(sample16(near, 2 * j + 1, p.sshift, p.max),
                     sample16(far, 2 * j + 1, p.sshift, p.max), p);
  }
}

void chroma_vertical(const uint8_t* near, const uint8_t* far, int n, ChromaPrep prep,
                     uint16_t* out) {
  for (int j = 0; j < n; ++j) out[j] = prep_value(3 * near[j] + far[j], prep);
}

void chroma_vertical_pairs(const uint8_t* near, const uint8_t* far, int n, ChromaPrep prep,
                           uint16_t* out0, uint16_t* out1) {
  for (int j = 0; j < n; ++j) {
    out0[j] = prep_value(3 * near[2 * j] + far[2 * j], prep);
    out1[j] = prep_value(3 * near[2 * j + 1] + far[2 * j + 1], prep);
  }
}

void yuv_to_rgb_row_from(int x0, const uint8_t* y, const ChromaRow& c, const uint8_t* a, int width,
                         ChromaMode mode, RgbLayout layout, const RgbRowOut& out,
                         const YuvToRgbFixed& k) {
  const Positions pos = positions(layout);
  const int ch = rgb_layout_channels(layout);
  for (int x = x0; x < width; ++x) {
    int16_t wu = 0, wv = 0;
    chroma_words_at(c, x, mode, wu, wv);
    const int16_t yv = luma_term(y, x, k);
    uint8_t rgb[3];
    for (int c = 0; c < 3; ++c) {
      int16_t acc = sat_add(yv, k.bias[c]);
      acc = sat_add(acc, mulfp15(wu, k.cu[c]));
      acc = sat_add(acc, mulfp15(wv, k.cv[c]));
      rgb[c] = to_u8_round(acc);
    }
    if (layout == RgbLayout::kPlanar) {
      for (int c = 0; c < 3; ++c) out.planes[c][x] = rgb[c];
      continue;
    }
    uint8_t* px = out.packed + static_cast<ptrdiff_t>(x) * ch;
    px[pos.r] = rgb[0];
    px[pos.g] = rgb[1];
    px[pos.b] = rgb[2];
    if (pos.a >= 0) px[pos.a] = a != nullptr ? a[x] : 255;
  }
}

void chroma_words_from(int x0, const ChromaRow& c, int width, ChromaMode mode, int16_t* u,
                       int16_t* v) {
  for (int x = x0; x < width; ++x) chroma_words_at(c, x, mode, u[x], v[x]);
}

namespace {
inline void load_rgb(const uint8_t* px, const Positions& p, int32_t& r, int32_t& g, int32_t& b) {
  r = px[p.r];
  g = px[p.g];
  b = px[p.b];
}
inline int16_t mulhi_u(int32_t x, uint16_t c) {
  return static_cast<int16_t>((static_cast<uint32_t>(x) << 8) * c >> 16);
}
// The stored code of an accumulator: 8-bit, or (k.out16) 10/12-bit shifted into place.
inline uint16_t out_code(const RgbToYuvFixed& k, int16_t acc) {
  if (!k.out16) return to_u8(acc);
  return static_cast<uint16_t>(std::clamp(acc >> k.out_frac, 0, static_cast<int>(k.out_max))
                               << k.out_lshift);
}
// Sample i of a destination row (uint16 if k.out16).
inline void put(const RgbToYuvFixed& k, uint8_t* row, ptrdiff_t i, uint16_t code) {
  if (k.out16)
    store_sample(row, i, code);
  else
    row[i] = static_cast<uint8_t>(code);
}
inline uint16_t luma(const RgbToYuvFixed& k, int32_t r, int32_t g, int32_t b) {
  int16_t acc = sat_add(k.y_bias, mulhi_u(r, k.y[0]));
  acc = sat_add(acc, mulhi_u(g, k.y[1]));
  acc = sat_add(acc, mulhi_u(b, k.y[2]));
  return out_code(k, acc);
}
// Chroma from inputs already scaled to the x << 7 domain (sr/sg/sb).
inline uint16_t chroma(const RgbToYuvFixed& k, const int16_t* c, int16_t bias, int32_t sr,
                       int32_t sg, int32_t sb) {
  int16_t acc = sat_add(bias, mulfp15(sr, c[0]));
  acc = sat_add(acc, mulfp15(sg, c[1]));
  acc = sat_add(acc, mulfp15(sb, c[2]));
  return out_code(k, acc);
}
inline void put_chroma(const RgbToYuvFixed& k, uint8_t* u, uint8_t* v, bool semi, int j,
                       uint16_t cu, uint16_t cv) {
  if (semi) {
    put(k, u, 2 * j, cu);
    put(k, u, 2 * j + 1, cv);
  } else {
    put(k, u, j, cu);
    put(k, v, j, cv);
  }
}
}  // namespace

void rgb_to_yuv_pair_from(int x0, const uint8_t* s0, const uint8_t* s1, int width, RgbLayout layout,
                          uint8_t* y0, uint8_t* y1, uint8_t* u, uint8_t* v, bool semi,
                          const RgbToYuvFixed& k) {
  const Positions pos = positions(layout);
  const int ch = rgb_layout_channels(layout);
  for (int x = x0; x < width; x += 2) {
    const bool pair = x + 1 < width;
    int32_t sr = 0, sg = 0, sb = 0;
    for (int row = 0; row < 2; ++row) {
      const uint8_t* s = row == 0 ? s0 : s1;
      uint8_t* yrow = row == 0 ? y0 : y1;
      for (int i = 0; i < 2; ++i) {
        const int xi = pair ? x + i : x;  // an odd last column counts twice
        int32_t r, g, b;
        load_rgb(s + static_cast<ptrdiff_t>(xi) * ch, pos, r, g, b);
        sr += r;
        sg += g;
        sb += b;
        if (yrow != nullptr && (i == 0 || pair)) put(k, yrow, xi, luma(k, r, g, b));
      }
    }
    put_chroma(k, u, v, semi, x >> 1, chroma(k, k.u, k.u_bias, sr << 5, sg << 5, sb << 5),
               chroma(k, k.v, k.v_bias, sr << 5, sg << 5, sb << 5));
  }
}

void rgb_to_yuv_444_from(int x0, const uint8_t* s, int width, RgbLayout layout, uint8_t* y,
                         uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k) {
  const Positions pos = positions(layout);
  const int ch = rgb_layout_channels(layout);
  for (int x = x0; x < width; ++x) {
    int32_t r, g, b;
    load_rgb(s + static_cast<ptrdiff_t>(x) * ch, pos, r, g, b);
    put(k, y, x, luma(k, r, g, b));
    if (u == nullptr) continue;  // gray: luma only
    put_chroma(k, u, v, semi, x, chroma(k, k.u, k.u_bias, r << 7, g << 7, b << 7),
               chroma(k, k.v, k.v_bias, r << 7, g << 7, b << 7));
  }
}

void yuv_to_tensor_row_from(int x0, const uint8_t* y, const int16_t* u, const int16_t* v,
                            const uint8_t* a, int width, const TensorRowOut& out,
                            const TensorFloatCoeffs& k) {
  const int nc = out.channels;
  for (int x = x0; x < width; ++x) {
    const float fy = y[x];
    const float fu = u[x];
    const float fv = v[x];
    const float fa = a != nullptr ? static_cast<float>(a[x]) : 0.0F;
    for (int c = 0; c < nc; ++c) {
      float t = k.ky[c] * fy + k.k0[c];
      t = k.ku[c] * fu + t;
      t = k.kv[c] * fv + t;
      t = k.ka[c] * fa + t;
      t = std::clamp(t, k.lo[c], k.hi[c]);
      const ptrdiff_t idx = out.interleaved ? static_cast<ptrdiff_t>(x) * nc + c : x;
      auto* base = static_cast<uint8_t*>(out.interleaved ? out.packed : out.planes[c]);
      // A tensor row need not be aligned to its element size.
      switch (out.dtype) {
        case TensorDType::kF32:
          store_sample(base, idx, t);
          break;
        case TensorDType::kF16:
          store_sample(base, idx, float_to_half_bits(t));
          break;
        case TensorDType::kU8:
          base[idx] = static_cast<uint8_t>(std::nearbyint(t));
          break;
        case TensorDType::kU16:
          store_sample(base, idx, static_cast<uint16_t>(std::nearbyint(t)));
          break;
      }
    }
  }
}

}  // namespace scalar

namespace {
void yuv_to_rgb_row(const uint8_t* y, const ChromaRow& c, const uint8_t* a, int width,
                    ChromaMode mode, RgbLayout layout, const RgbRowOut& out,
                    const YuvToRgbFixed& k) {
  scalar::yuv_to_rgb_row_from(0, y, c, a, width, mode, layout, out, k);
}
void chroma_words(const ChromaRow& c, int width, ChromaMode mode, int16_t* u, int16_t* v) {
  scalar::chroma_words_from(0, c, width, mode, u, v);
}
void rgb_to_yuv_pair(const uint8_t* s0, const uint8_t* s1, int width, RgbLayout layout, uint8_t* y0,
                     uint8_t* y1, uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k) {
  scalar::rgb_to_yuv_pair_from(0, s0, s1, width, layout, y0, y1, u, v, semi, k);
}
void rgb_to_yuv_444(const uint8_t* s, int width, RgbLayout layout, uint8_t* y, uint8_t* u,
                    uint8_t* v, bool semi, const RgbToYuvFixed& k) {
  scalar::rgb_to_yuv_444_from(0, s, width, layout, y, u, v, semi, k);
}
void yuv_to_tensor_row(const uint8_t* y, const int16_t* u, const int16_t* v, const uint8_t* a,
                       int width, const TensorRowOut& out, const TensorFloatCoeffs& k) {
  scalar::yuv_to_tensor_row_from(0, y, u, v, a, width, out, k);
}
}  // namespace

const ColorKernels& color_scalar_kernels() {
  static const ColorKernels k{"scalar",
                              scalar::chroma_vertical,   scalar::chroma_vertical_pairs,
                              yuv_to_rgb_row,            chroma_words,
                              rgb_to_yuv_pair,           rgb_to_yuv_444,
                              yuv_to_tensor_row,         scalar::chroma_vertical16,
                              scalar::chroma_vertical16_pairs};
  return k;
}

}  // namespace framekit::color_detail
