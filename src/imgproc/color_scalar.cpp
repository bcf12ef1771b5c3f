// Plain scalar twins of the SIMD colour kernels (color_simd.cpp): the same fixed-point
// maths, one sample at a time. They are the reference the SIMD kernels are tested
// against and the code that finishes each SIMD row's remainder.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "framekit/core/scalar_type.h"
#include "imgproc/color_kernels.h"

namespace framekit::color_detail {
namespace scalar {
namespace {

inline int16_t mulfp15(int32_t a, int32_t b) {
  return static_cast<int16_t>((a * b + (1 << 14)) >> 15);
}
inline int16_t sat_add(int32_t a, int32_t b) {
  return static_cast<int16_t>(std::clamp(a + b, -32768, 32767));
}
inline uint8_t to_u8(int32_t acc) { return static_cast<uint8_t>(std::clamp(acc >> 6, 0, 255)); }

// The chroma word of a 16x-scaled filtered chroma value s (0..4080).
inline int16_t chroma_word(int32_t s) { return static_cast<int16_t>((s << 4) - 32768); }

// Channel positions in memory for each layout: R, G, B, A (A = -1: none).
struct Positions {
  int r, g, b, a;
};
constexpr Positions positions(RgbLayout l) {
  switch (l) {
    case RgbLayout::kRGB: return {0, 1, 2, -1};
    case RgbLayout::kBGR: return {2, 1, 0, -1};
    case RgbLayout::kRGBA: return {0, 1, 2, 3};
    case RgbLayout::kBGRA: return {2, 1, 0, 3};
    case RgbLayout::kARGB: return {1, 2, 3, 0};
    case RgbLayout::kABGR: return {3, 2, 1, 0};
    case RgbLayout::kPlanar: return {0, 1, 2, -1};
  }
  return {0, 1, 2, -1};
}

// 16x-scaled filtered chroma of pixel x from a vertically filtered (4x) row.
inline int32_t chroma16(const uint16_t* c4, int x, ChromaMode mode) {
  switch (mode) {
    case ChromaMode::kFull: return 4 * c4[x];
    case ChromaMode::kHalfNearest: return 4 * c4[x >> 1];
    case ChromaMode::kHalfBilinear: {
      const int j = x >> 1;
      return 3 * c4[j] + c4[(x & 1) ? j + 1 : j - 1];
    }
  }
  return 0;
}

}  // namespace

void chroma_vertical(const uint8_t* near, const uint8_t* far, int n, uint16_t* out) {
  for (int j = 0; j < n; ++j) out[j] = static_cast<uint16_t>(3 * near[j] + far[j]);
}

void chroma_vertical_pairs(const uint8_t* near, const uint8_t* far, int n, uint16_t* out0,
                           uint16_t* out1) {
  for (int j = 0; j < n; ++j) {
    out0[j] = static_cast<uint16_t>(3 * near[2 * j] + far[2 * j]);
    out1[j] = static_cast<uint16_t>(3 * near[2 * j + 1] + far[2 * j + 1]);
  }
}

void yuv_to_rgb_row_from(int x0, const uint8_t* y, const uint16_t* u4, const uint16_t* v4,
                         const uint8_t* a, int width, ChromaMode mode, RgbLayout layout,
                         const RgbRowOut& out, const YuvToRgbFixed& k) {
  const Positions pos = positions(layout);
  const int ch = rgb_layout_channels(layout);
  for (int x = x0; x < width; ++x) {
    const int16_t wu = chroma_word(chroma16(u4, x, mode));
    const int16_t wv = chroma_word(chroma16(v4, x, mode));
    const int16_t yv = mulfp15(y[x] << 7, k.cy);
    uint8_t rgb[3];
    for (int c = 0; c < 3; ++c) {
      int16_t acc = sat_add(yv, k.bias[c]);
      acc = sat_add(acc, mulfp15(wu, k.cu[c]));
      acc = sat_add(acc, mulfp15(wv, k.cv[c]));
      rgb[c] = to_u8(acc);
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

void chroma_words_from(int x0, const uint16_t* c4, int width, ChromaMode mode,
                       int16_t* out) {
  for (int x = x0; x < width; ++x) out[x] = chroma_word(chroma16(c4, x, mode));
}

namespace {
inline void load_rgb(const uint8_t* px, const Positions& p, int32_t& r, int32_t& g,
                     int32_t& b) {
  r = px[p.r];
  g = px[p.g];
  b = px[p.b];
}
inline uint8_t luma(const RgbToYuvFixed& k, int32_t r, int32_t g, int32_t b) {
  int16_t acc = sat_add(k.y_bias, mulfp15(r << 7, k.y[0]));
  acc = sat_add(acc, mulfp15(g << 7, k.y[1]));
  acc = sat_add(acc, mulfp15(b << 7, k.y[2]));
  return to_u8(acc);
}
// Chroma from inputs already scaled to the x << 7 domain (sr/sg/sb).
inline uint8_t chroma(const int16_t* c, int16_t bias, int32_t sr, int32_t sg, int32_t sb) {
  int16_t acc = sat_add(bias, mulfp15(sr, c[0]));
  acc = sat_add(acc, mulfp15(sg, c[1]));
  acc = sat_add(acc, mulfp15(sb, c[2]));
  return to_u8(acc);
}
}  // namespace

void rgb_to_yuv_pair_from(int x0, const uint8_t* s0, const uint8_t* s1, int width,
                          RgbLayout layout, uint8_t* y0, uint8_t* y1, uint8_t* u,
                          uint8_t* v, bool semi, const RgbToYuvFixed& k) {
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
        if (yrow != nullptr && (i == 0 || pair)) yrow[xi] = luma(k, r, g, b);
      }
    }
    const int j = x >> 1;
    const uint8_t cu = chroma(k.u, k.u_bias, sr << 5, sg << 5, sb << 5);
    const uint8_t cv = chroma(k.v, k.v_bias, sr << 5, sg << 5, sb << 5);
    if (semi) {
      u[2 * j] = cu;
      u[2 * j + 1] = cv;
    } else {
      u[j] = cu;
      v[j] = cv;
    }
  }
}

void rgb_to_yuv_444_from(int x0, const uint8_t* s, int width, RgbLayout layout, uint8_t* y,
                         uint8_t* u, uint8_t* v, bool semi, const RgbToYuvFixed& k) {
  const Positions pos = positions(layout);
  const int ch = rgb_layout_channels(layout);
  for (int x = x0; x < width; ++x) {
    int32_t r, g, b;
    load_rgb(s + static_cast<ptrdiff_t>(x) * ch, pos, r, g, b);
    y[x] = luma(k, r, g, b);
    const uint8_t cu = chroma(k.u, k.u_bias, r << 7, g << 7, b << 7);
    const uint8_t cv = chroma(k.v, k.v_bias, r << 7, g << 7, b << 7);
    if (semi) {
      u[2 * x] = cu;
      u[2 * x + 1] = cv;
    } else {
      u[x] = cu;
      v[x] = cv;
    }
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
      void* base = out.interleaved ? out.packed : out.planes[c];
      switch (out.dtype) {
        case TensorDType::kF32: static_cast<float*>(base)[idx] = t; break;
        case TensorDType::kF16: static_cast<uint16_t*>(base)[idx] = float_to_half_bits(t); break;
        case TensorDType::kU8:
          static_cast<uint8_t*>(base)[idx] = static_cast<uint8_t>(std::nearbyint(t));
          break;
        case TensorDType::kU16:
          static_cast<uint16_t*>(base)[idx] = static_cast<uint16_t>(std::nearbyint(t));
          break;
      }
    }
  }
}

}  // namespace scalar

namespace {
void yuv_to_rgb_row(const uint8_t* y, const uint16_t* u4, const uint16_t* v4, const uint8_t* a,
                    int width, ChromaMode mode, RgbLayout layout, const RgbRowOut& out,
                    const YuvToRgbFixed& k) {
  scalar::yuv_to_rgb_row_from(0, y, u4, v4, a, width, mode, layout, out, k);
}
void chroma_words(const uint16_t* c4, int width, ChromaMode mode, int16_t* out) {
  scalar::chroma_words_from(0, c4, width, mode, out);
}
void rgb_to_yuv_pair(const uint8_t* s0, const uint8_t* s1, int width, RgbLayout layout,
                     uint8_t* y0, uint8_t* y1, uint8_t* u, uint8_t* v, bool semi,
                     const RgbToYuvFixed& k) {
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

const ColorKernels& scalar_kernels() {
  static const ColorKernels k{scalar::chroma_vertical, scalar::chroma_vertical_pairs,
                              yuv_to_rgb_row,           chroma_words,
                              rgb_to_yuv_pair,          rgb_to_yuv_444,
                              yuv_to_tensor_row};
  return k;
}

ColorKernels color_kernels(bool simd) { return simd ? simd_kernels() : scalar_kernels(); }

}  // namespace framekit::color_detail
