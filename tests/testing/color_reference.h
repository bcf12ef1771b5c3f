// A plain double-precision reference of framekit's color conversion maths (see
// include/framekit/color/color.h): sample normalisation, matrices, centre-sited
// chroma filters, round to nearest. Written independently of src/color so the tests
// compare two implementations. Slow and simple on purpose.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "framekit/color/color.h"
#include "framekit/pixel/image_view.h"

namespace color_ref {

using framekit::ChromaUpsample;
using framekit::ColorSpace;
using framekit::ImageView;
using framekit::PixelFormat;
using framekit::PixelFormatDesc;
using framekit::PixelInfo;

// An image stored in a std::vector with tightly packed planes.
struct OwnedImage {
  std::vector<uint8_t> bytes;
  ImageView view;
  OwnedImage() = default;
  OwnedImage(const PixelInfo& info, int w, int h, int pad = 0) { reset(info, w, h, pad); }
  // `pad` extra bytes per row (tests strides larger than the row).
  void reset(const PixelInfo& info, int w, int h, int pad = 0) {
    const auto& d = info.desc();
    size_t total = 0;
    std::vector<size_t> offs;
    std::vector<ptrdiff_t> strides;
    for (int p = 0; p < d.num_planes; ++p) {
      const size_t stride = d.plane_row_bytes(p, w) + static_cast<size_t>(pad);
      offs.push_back(total);
      strides.push_back(static_cast<ptrdiff_t>(stride));
      total += stride * static_cast<size_t>(d.plane_height(p, h));
    }
    bytes.assign(total + 64, 0xCD);
    view = ImageView{};
    view.info = info;
    view.width = w;
    view.height = h;
    for (int p = 0; p < d.num_planes; ++p) view.planes[p] = {bytes.data() + offs[p], strides[p]};
  }
};

// Where a component letter lives in a format.
struct CompPos {
  int plane = -1;
  int index = 0;    // sample within the plane's pixel group
  int group = 1;    // samples per pixel group
  int index2 = -1;  // packed 4:2:2: the second Y of the pair
};

inline CompPos find_comp(const PixelFormatDesc& d, char c) {
  CompPos r;
  for (int p = 0; p < d.num_planes; ++p) {
    const auto comps = d.planes[p].components;
    for (int i = 0; i < static_cast<int>(comps.size()); ++i) {
      if (comps[i] != c) continue;
      if (r.plane < 0) {
        r.plane = p;
        r.index = i;
        r.group = static_cast<int>(comps.size());
      } else {
        r.index2 = i;
      }
    }
  }
  return r;
}

inline int sample_bytes(const PixelFormatDesc& d) {
  return static_cast<int>(framekit::scalar_size(d.dtype));
}

// Raw sample value (P010: the 10 significant bits).
inline double get_sample(const ImageView& v, int plane, int row, int idx) {
  const auto& d = v.desc();
  const uint8_t* p = v.planes[plane].data + row * v.planes[plane].stride;
  switch (d.dtype) {
    case framekit::ScalarType::kUInt8:
      return p[idx];
    case framekit::ScalarType::kUInt16: {
      uint16_t s;
      std::memcpy(&s, p + 2 * idx, 2);
      return d.msb_aligned ? (s >> (16 - d.bit_depth)) : s;
    }
    default: {
      float f;
      std::memcpy(&f, p + 4 * idx, 4);
      return f;
    }
  }
}

inline void put_sample(const ImageView& v, int plane, int row, int idx, double val) {
  const auto& d = v.desc();
  uint8_t* p = v.planes[plane].data + row * v.planes[plane].stride;
  if (d.dtype == framekit::ScalarType::kFloat32) {
    const float f = static_cast<float>(std::clamp(val, 0.0, 1.0));
    std::memcpy(p + 4 * idx, &f, 4);
    return;
  }
  const double mx = std::ldexp(1.0, d.bit_depth) - 1;
  const double q = std::clamp(std::floor(val + 0.5), 0.0, mx);
  if (d.dtype == framekit::ScalarType::kUInt8) {
    p[idx] = static_cast<uint8_t>(q);
  } else {
    uint16_t s = static_cast<uint16_t>(q);
    if (d.msb_aligned) s = static_cast<uint16_t>(s << (16 - d.bit_depth));
    std::memcpy(p + 2 * idx, &s, 2);
  }
}

// A component as a 2-D double array (raw values, native resolution).
struct Plane {
  int w = 0, h = 0;
  std::vector<double> v;
  double& at(int x, int y) { return v[static_cast<size_t>(y) * w + x]; }
  double at(int x, int y) const { return v[static_cast<size_t>(y) * w + x]; }
};

inline Plane read_comp(const ImageView& img, char c, int w, int h) {
  const auto& d = img.desc();
  const CompPos pos = find_comp(d, c);
  Plane out{w, h, std::vector<double>(static_cast<size_t>(w) * h)};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      int idx;
      if (d.packed422 && c == 'Y')
        idx = 4 * (x / 2) + ((x & 1) ? pos.index2 : pos.index);
      else if (d.packed422)
        idx = 4 * x + pos.index;
      else
        idx = x * pos.group + pos.index;
      out.at(x, y) = get_sample(img, pos.plane, y, idx);
    }
  return out;
}

inline void write_comp(const ImageView& img, char c, const Plane& p) {
  const auto& d = img.desc();
  const CompPos pos = find_comp(d, c);
  for (int y = 0; y < p.h; ++y)
    for (int x = 0; x < p.w; ++x) {
      if (d.packed422 && c == 'Y') {
        put_sample(img, pos.plane, y, 4 * (x / 2) + ((x & 1) ? pos.index2 : pos.index), p.at(x, y));
        if (x == p.w - 1 && (p.w & 1))  // the padding Y of an odd width repeats the last
          put_sample(img, pos.plane, y, 4 * (x / 2) + pos.index2, p.at(x, y));
      } else if (d.packed422) {
        put_sample(img, pos.plane, y, 4 * x + pos.index, p.at(x, y));
      } else {
        put_sample(img, pos.plane, y, x * pos.group + pos.index, p.at(x, y));
      }
    }
}

// --- color maths ---------------------------------------------------------------

struct Norm {  // normalised = (raw - off) / range
  double off, range;
};

inline int bits_of(const PixelFormatDesc& d) {
  return d.bit_depth;
}

inline Norm luma_norm(const PixelFormatDesc& d, bool full) {
  if (d.dtype == framekit::ScalarType::kFloat32) return {0.0, 1.0};
  const double s = std::ldexp(1.0, bits_of(d) - 8);
  if (full) return {0.0, std::ldexp(1.0, bits_of(d)) - 1};
  return {16 * s, 219 * s};
}
inline Norm chroma_norm(const PixelFormatDesc& d, bool full) {
  const double s = std::ldexp(1.0, bits_of(d) - 8);
  if (full) return {std::ldexp(1.0, bits_of(d) - 1), std::ldexp(1.0, bits_of(d)) - 1};
  return {128 * s, 224 * s};
}

inline void kr_kb(ColorSpace cs, double& kr, double& kb) {
  switch (cs) {
    case framekit::CS_BT709:
      kr = 0.2126;
      kb = 0.0722;
      return;
    case framekit::CS_BT2020_NCL:
      kr = 0.2627;
      kb = 0.0593;
      return;
    case framekit::CS_FCC:
      kr = 0.30;
      kb = 0.11;
      return;
    case framekit::CS_SMPTE240M:
      kr = 0.212;
      kb = 0.087;
      return;
    default:
      kr = 0.299;
      kb = 0.114;
      return;  // BT470BG, SMPTE170M
  }
}

inline void ycc_to_rgb(ColorSpace cs, double y, double cb, double cr, double* rgb) {
  if (cs == framekit::CS_YCGCO) {
    const double t = y - cb;
    rgb[0] = t + cr;
    rgb[1] = y + cb;
    rgb[2] = t - cr;
    return;
  }
  double kr, kb;
  kr_kb(cs, kr, kb);
  const double kg = 1 - kr - kb;
  rgb[0] = y + 2 * (1 - kr) * cr;
  rgb[2] = y + 2 * (1 - kb) * cb;
  rgb[1] = (y - kr * rgb[0] - kb * rgb[2]) / kg;
}

inline void rgb_to_ycc(ColorSpace cs, const double* rgb, double* ycc) {
  if (cs == framekit::CS_YCGCO) {
    ycc[0] = 0.25 * rgb[0] + 0.5 * rgb[1] + 0.25 * rgb[2];
    ycc[1] = -0.25 * rgb[0] + 0.5 * rgb[1] - 0.25 * rgb[2];
    ycc[2] = 0.5 * (rgb[0] - rgb[2]);
    return;
  }
  double kr, kb;
  kr_kb(cs, kr, kb);
  const double y = kr * rgb[0] + (1 - kr - kb) * rgb[1] + kb * rgb[2];
  ycc[0] = y;
  ycc[1] = (rgb[2] - y) / (2 * (1 - kb));
  ycc[2] = (rgb[0] - y) / (2 * (1 - kr));
}

// Per-axis chroma resampling from a grid with subsampling `from` to `to` (0/1).
inline Plane resample_axis_x(const Plane& in, int from, int to, int full_w, ChromaUpsample up) {
  if (from == to) return in;
  const int ow = (full_w + (1 << to) - 1) >> to;
  Plane out{ow, in.h, std::vector<double>(static_cast<size_t>(ow) * in.h)};
  for (int y = 0; y < in.h; ++y)
    for (int x = 0; x < ow; ++x) {
      if (from > to) {  // centre-sited bilinear up
        const int a = x / 2;
        if (up == ChromaUpsample::kNearest) {
          out.at(x, y) = in.at(a, y);
        } else {
          const int b = std::clamp((x % 2) ? a + 1 : a - 1, 0, in.w - 1);
          out.at(x, y) = 0.75 * in.at(a, y) + 0.25 * in.at(b, y);
        }
      } else {  // box down
        const int a = 2 * x;
        out.at(x, y) = a + 1 < in.w ? (in.at(a, y) + in.at(a + 1, y)) / 2 : in.at(a, y);
      }
    }
  return out;
}

inline Plane transpose(const Plane& p) {
  Plane t{p.h, p.w, std::vector<double>(p.v.size())};
  for (int y = 0; y < p.h; ++y)
    for (int x = 0; x < p.w; ++x) t.at(y, x) = p.at(x, y);
  return t;
}

inline Plane resample(const Plane& in, int fx, int fy, int tx, int ty, int full_w, int full_h,
                      ChromaUpsample up) {
  Plane v = transpose(resample_axis_x(transpose(in), fy, ty, full_h, up));
  return resample_axis_x(v, fx, tx, full_w, up);
}

inline Plane box(const Plane& full, int tx, int ty) {
  const int ow = (full.w + (1 << tx) - 1) >> tx, oh = (full.h + (1 << ty) - 1) >> ty;
  Plane out{ow, oh, std::vector<double>(static_cast<size_t>(ow) * oh)};
  for (int y = 0; y < oh; ++y)
    for (int x = 0; x < ow; ++x) {
      double s = 0;
      int n = 0;
      for (int yy = y << ty; yy < std::min(full.h, (y + 1) << ty); ++yy)
        for (int xx = x << tx; xx < std::min(full.w, (x + 1) << tx); ++xx) {
          s += full.at(xx, yy);
          ++n;
        }
      out.at(x, y) = s / n;
    }
  return out;
}

// The reference conversion. Both infos must be resolved (framekit::resolve_conversion).
// Writes into dst (any strides). Returns nothing; compare dst with the library's.
inline void convert(const ImageView& src, const ImageView& dst,
                    ChromaUpsample up = ChromaUpsample::kBilinear) {
  const auto& sd = src.desc();
  const auto& dd = dst.desc();
  const int w = src.width, h = src.height;
  const bool sfull = src.info.range() == framekit::CR_JPEG;
  const bool dfull = dst.info.range() == framekit::CR_JPEG;
  const ColorSpace scs = src.info.space(), dcs = dst.info.space();
  const int sx = sd.is_yuv() ? sd.log2_chroma_w : 0, sy = sd.is_yuv() ? sd.log2_chroma_h : 0;
  const int dx = dd.is_yuv() ? dd.log2_chroma_w : 0, dy = dd.is_yuv() ? dd.log2_chroma_h : 0;

  // Source, normalised: s0 = Y' or R, s1 = Cb or G, s2 = Cr or B (chroma native grid).
  Plane s0, s1, s2, sa;
  if (sd.is_rgb()) {
    const Norm n = luma_norm(sd, sfull);
    s0 = read_comp(src, 'R', w, h);
    s1 = read_comp(src, 'G', w, h);
    s2 = read_comp(src, 'B', w, h);
    for (auto* p : {&s0, &s1, &s2})
      for (auto& v : p->v) v = (v - n.off) / n.range;
  } else {
    const Norm n = luma_norm(sd, sfull);
    s0 = read_comp(src, 'Y', w, h);
    for (auto& v : s0.v) v = (v - n.off) / n.range;
    if (sd.is_yuv()) {
      const int cw = (w + (1 << sx) - 1) >> sx, ch = (h + (1 << sy) - 1) >> sy;
      const Norm c = chroma_norm(sd, sfull);
      s1 = read_comp(src, 'U', cw, ch);
      s2 = read_comp(src, 'V', cw, ch);
      for (auto* p : {&s1, &s2})
        for (auto& v : p->v) v = (v - c.off) / c.range;
    }
  }
  if (sd.has_alpha) {
    sa = read_comp(src, 'A', w, h);
    for (auto& v : sa.v) v /= std::ldexp(1.0, sd.bit_depth) - 1;
  }

  // Full-resolution source chroma (YUV sources).
  Plane f1, f2;
  if (sd.is_yuv()) {
    f1 = resample(s1, sx, sy, 0, 0, w, h, up);
    f2 = resample(s2, sx, sy, 0, 0, w, h, up);
  }
  auto ycc_same = [&]() {  // the YUV/gray → YUV/gray matrix is the identity
    return !sd.is_rgb() && !dd.is_rgb() && (scs == dcs || sd.is_gray());
  };
  // Source pixel (normalised) → destination (normalised) at full resolution.
  auto map = [&](double a, double b, double c, double* out) {
    double rgb[3];
    if (sd.is_rgb()) {
      rgb[0] = a;
      rgb[1] = b;
      rgb[2] = c;
    } else if (sd.is_gray()) {
      b = c = 0;
      rgb[0] = rgb[1] = rgb[2] = a;
    } else {
      ycc_to_rgb(scs, a, b, c, rgb);
    }
    if (dd.is_rgb()) {
      std::copy(rgb, rgb + 3, out);
    } else if (ycc_same()) {
      out[0] = a;
      out[1] = b;
      out[2] = c;
    } else {
      rgb_to_ycc(dcs, rgb, out);
    }
  };

  Plane d0{w, h, std::vector<double>(static_cast<size_t>(w) * h)}, d1 = d0, d2 = d0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double o[3];
      map(s0.at(x, y), sd.is_yuv() ? f1.at(x, y) : (sd.is_rgb() ? s1.at(x, y) : 0),
          sd.is_yuv() ? f2.at(x, y) : (sd.is_rgb() ? s2.at(x, y) : 0), o);
      d0.at(x, y) = o[0];
      d1.at(x, y) = o[1];
      d2.at(x, y) = o[2];
    }

  // Destination chroma on its own grid.
  Plane c1, c2;
  if (dd.is_yuv()) {
    if (sd.is_yuv()) {
      // Per-axis resampling of the source chroma plus the luma term from boxed luma.
      const Plane g1 = resample(s1, sx, sy, dx, dy, w, h, up);
      const Plane g2 = resample(s2, sx, sy, dx, dy, w, h, up);
      const Plane yb = box(s0, dx, dy);
      c1 = g1;
      c2 = g2;
      for (size_t i = 0; i < g1.v.size(); ++i) {
        double o[3];
        map(yb.v[i], g1.v[i], g2.v[i], o);
        c1.v[i] = o[1];
        c2.v[i] = o[2];
      }
    } else {
      c1 = box(d1, dx, dy);
      c2 = box(d2, dx, dy);
    }
  }

  // Denormalise and store.
  if (dd.is_rgb()) {
    const Norm n = luma_norm(dd, dfull);
    for (auto* p : {&d0, &d1, &d2})
      for (auto& v : p->v) v = v * n.range + n.off;
    write_comp(dst, 'R', d0);
    write_comp(dst, 'G', d1);
    write_comp(dst, 'B', d2);
  } else {
    const Norm n = luma_norm(dd, dfull);
    for (auto& v : d0.v) v = v * n.range + n.off;
    write_comp(dst, 'Y', d0);
    if (dd.is_yuv()) {
      const Norm c = chroma_norm(dd, dfull);
      for (auto* p : {&c1, &c2})
        for (auto& v : p->v) v = v * c.range + c.off;
      write_comp(dst, 'U', c1);
      write_comp(dst, 'V', c2);
    }
  }
  if (dd.has_alpha) {
    Plane a{w, h, std::vector<double>(static_cast<size_t>(w) * h, 1.0)};
    if (sd.has_alpha) a = sa;
    for (auto& v : a.v)
      v *= dd.dtype == framekit::ScalarType::kFloat32 ? 1.0 : std::ldexp(1.0, dd.bit_depth) - 1;
    write_comp(dst, 'A', a);
  }
}

// --- test images and comparison --------------------------------------------------

// Fills every sample with random valid codes (floats in [0, 1]); smooth = a gentle
// gradient with a little noise (for round trips through subsampled chroma).
inline void fill(const ImageView& img, uint32_t seed, bool smooth = false) {
  std::mt19937 rng(seed);
  const auto& d = img.desc();
  const double mx =
      d.dtype == framekit::ScalarType::kFloat32 ? 1.0 : std::ldexp(1.0, d.bit_depth) - 1;
  for (int p = 0; p < d.num_planes; ++p) {
    const int pw = d.plane_width(p, img.width) * d.planes[p].channels;
    const int ph = d.plane_height(p, img.height);
    for (int y = 0; y < ph; ++y)
      for (int i = 0; i < pw; ++i) {
        double v;
        if (smooth) {
          const double t = 0.5 + 0.35 * std::sin(0.05 * (i / d.planes[p].channels) + 0.07 * y + p +
                                                 (i % d.planes[p].channels));
          const double noise = std::uniform_real_distribution<double>(-1, 1)(rng);
          v = std::clamp(t * mx + (mx == 1.0 ? noise / 255.0 : noise), 0.0, mx);
        } else {
          v = std::uniform_real_distribution<double>(0, mx)(rng);
        }
        if (d.dtype != framekit::ScalarType::kFloat32) v = std::floor(v + 0.5);
        put_sample(img, p, y, i, v);
      }
  }
}

struct DiffStats {
  double max = 0;
  double exact = 0;  // fraction of samples that are equal
};

// Largest difference between two images of one format, in code units (floats: ×255),
// over the significant samples only (padding Y of packed 4:2:2 included).
inline DiffStats diff_stats(const ImageView& a, const ImageView& b) {
  const auto& d = a.desc();
  double m = 0;
  size_t equal = 0, total = 0;
  for (int p = 0; p < d.num_planes; ++p) {
    const int pw = d.plane_width(p, a.width) * d.planes[p].channels;
    for (int y = 0; y < d.plane_height(p, a.height); ++y)
      for (int i = 0; i < pw; ++i) {
        // The padding Y of an odd-width packed 4:2:2 row carries no pixel.
        if (d.packed422 && (a.width & 1) && i >= 2 * (a.width - 1) &&
            find_comp(d, 'Y').index2 == i - 2 * (a.width - 1))
          continue;
        double diff = std::abs(get_sample(a, p, y, i) - get_sample(b, p, y, i));
        if (d.dtype == framekit::ScalarType::kFloat32) diff *= 255.0;
        m = std::max(m, diff);
        equal += diff == 0.0;
        ++total;
      }
  }
  return {m, total ? static_cast<double>(equal) / static_cast<double>(total) : 1.0};
}

inline double max_diff(const ImageView& a, const ImageView& b) {
  return diff_stats(a, b).max;
}

}  // namespace color_ref
