// Helpers shared by the JPEGE and compat tests: test pictures in any format, TurboJPEG
// decoding (the independent reference), PSNR, and a look inside JPEG headers.
#pragma once

#include <turbojpeg.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "framekit/jpege/engine.h"
#include "framekit/pixel/image_view.h"
#include "framekit/pixel/pixel_format.h"

namespace framekit::jpege_test {

// A picture in one buffer (tight rows unless `pad` extra bytes per row), filled with a
// smooth pattern that depends on `seed`, so pictures can be told apart after decoding.
struct TestPicture {
  PixelInfo info;
  int width = 0, height = 0;
  std::vector<uint8_t> bytes;
  ImageView view;

  TestPicture(PixelFormat format, int w, int h, uint32_t seed, int pad = 0)
      : info(format), width(w), height(h) {
    const PixelFormatDesc& d = info.desc();
    std::vector<size_t> offsets;
    std::vector<ptrdiff_t> strides;
    size_t total = 0;
    for (int p = 0; p < d.num_planes; ++p) {
      const size_t stride = d.plane_row_bytes(p, w) + static_cast<size_t>(pad);
      offsets.push_back(total);
      strides.push_back(static_cast<ptrdiff_t>(stride));
      total += stride * static_cast<size_t>(d.plane_height(p, h));
    }
    bytes.assign(total + 64, 0);
    view.info = info;
    view.width = w;
    view.height = h;
    for (int p = 0; p < d.num_planes; ++p) {
      view.planes[p] = PlaneView{bytes.data() + offsets[p], strides[p]};
    }
    // Smooth gradients plus a seed-dependent phase; every byte of every plane.
    const double phase = (seed % 97) * 0.37;
    for (int p = 0; p < d.num_planes; ++p) {
      const size_t row = d.plane_row_bytes(p, w);
      for (int y = 0; y < d.plane_height(p, h); ++y) {
        uint8_t* r = view.planes[p].row(y);
        for (size_t x = 0; x < row; ++x) {
          const double v = 128 + 90 * std::sin(0.021 * x + 0.033 * y + phase + p) +
                           20 * std::cos(0.11 * (x + seed) - 0.07 * y);
          r[x] = static_cast<uint8_t>(std::lround(std::fmin(255, std::fmax(0, v))));
        }
      }
    }
  }
};

// The luma samples of a YUV/gray picture (packed 4:2:2: every other byte), or the
// picture's RGB bytes for RGB formats (alpha dropped) — what decoding is compared with.
inline std::vector<uint8_t> reference_samples(const ImageView& v, bool* is_rgb) {
  const PixelFormatDesc& d = v.desc();
  std::vector<uint8_t> out;
  *is_rgb = d.is_rgb();
  for (int y = 0; y < v.height; ++y) {
    const uint8_t* r = v.planes[0].row(y);
    for (int x = 0; x < v.width; ++x) {
      if (d.packed422) {
        const size_t ypos = d.planes[0].components.find('Y');  // 0 (YUYV, YVYU) or 1
        out.push_back(r[2 * x + ypos]);
      } else if (d.is_rgb()) {
        const std::string_view c = d.planes[0].components;
        const int ch = d.planes[0].channels;
        out.push_back(r[x * ch + c.find('R')]);
        out.push_back(r[x * ch + c.find('G')]);
        out.push_back(r[x * ch + c.find('B')]);
      } else {
        out.push_back(r[x]);
      }
    }
  }
  return out;
}

struct Decoded {
  bool ok = false;
  std::string error;
  int width = 0, height = 0, subsamp = -1;
  std::vector<uint8_t> samples;  // luma (gray decode) or RGB
};

// Decodes with TurboJPEG to gray (luma only) or RGB.
inline Decoded decode_jpeg(const uint8_t* data, size_t len, bool rgb) {
  Decoded d;
  tjhandle h = tjInitDecompress();
  int w = 0, hgt = 0, ss = 0, cs = 0;
  if (tjDecompressHeader3(h, data, static_cast<unsigned long>(len), &w, &hgt, &ss, &cs) != 0) {
    d.error = tjGetErrorStr2(h);
    tjDestroy(h);
    return d;
  }
  d.width = w;
  d.height = hgt;
  d.subsamp = ss;
  const int pf = rgb ? TJPF_RGB : TJPF_GRAY;
  d.samples.resize(static_cast<size_t>(w) * hgt * (rgb ? 3 : 1));
  if (tjDecompress2(h, data, static_cast<unsigned long>(len), d.samples.data(), w, 0, hgt, pf,
                    TJFLAG_ACCURATEDCT) != 0) {
    d.error = tjGetErrorStr2(h);
  } else {
    d.ok = true;
  }
  tjDestroy(h);
  return d;
}

inline double psnr(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  if (a.size() != b.size() || a.empty()) return 0;
  double se = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double e = double(a[i]) - double(b[i]);
    se += e * e;
  }
  if (se == 0) return 99;
  return 10 * std::log10(255.0 * 255.0 * a.size() / se);
}

// Decodes a JPEG of picture `pic` and returns the PSNR against its samples (0 if the
// JPEG does not decode or has the wrong size).
inline double decoded_psnr(const uint8_t* data, size_t len, const ImageView& pic) {
  bool rgb = false;
  const std::vector<uint8_t> ref = reference_samples(pic, &rgb);
  const Decoded d = decode_jpeg(data, len, rgb);
  if (!d.ok || d.width != pic.width || d.height != pic.height) return 0;
  return psnr(ref, d.samples);
}

// Segments of a JPEG header up to SOS: marker and payload.
struct JpegSegment {
  uint8_t marker;
  std::vector<uint8_t> payload;
};
inline std::vector<JpegSegment> jpeg_segments(const uint8_t* d, size_t len) {
  std::vector<JpegSegment> out;
  size_t pos = 2;
  while (pos + 4 <= len && d[pos] == 0xFF) {
    const uint8_t m = d[pos + 1];
    const size_t l = (size_t{d[pos + 2]} << 8) | d[pos + 3];
    if (l < 2 || pos + 2 + l > len) break;
    out.push_back({m, std::vector<uint8_t>(d + pos + 4, d + pos + 2 + l)});
    pos += 2 + l;
    if (m == 0xDA) break;
  }
  return out;
}
inline int count_segments(const uint8_t* d, size_t len, uint8_t marker) {
  int n = 0;
  for (const auto& s : jpeg_segments(d, len)) n += s.marker == marker;
  return n;
}

// A channel of w x h pictures (the most it takes) with a stream buffer of buf_size bytes.
inline jpege::ChannelAttr attr_for(uint32_t w, uint32_t h, uint32_t buf_size) {
  jpege::ChannelAttr a;
  a.max_pic_width = a.pic_width = w;
  a.max_pic_height = a.pic_height = h;
  a.buf_size = buf_size;
  return a;
}

// A frame the engine encodes as it is (no range or matrix change).
inline jpege::InputFrame raw_frame(const ImageView& v, uint64_t pts = 0) {
  jpege::InputFrame f;
  f.view = v;
  f.pts = pts;
  f.raw = true;
  return f;
}

}  // namespace framekit::jpege_test
