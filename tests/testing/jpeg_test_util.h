// Helpers shared by the JPEG tests: synthetic planes, TurboJPEG as the reference
// encoder and decoder, scan extraction, PSNR.
#pragma once

#include <turbojpeg.h>

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "framekit/jpeg/encoder.h"
#include "framekit/pixel/image_view.h"
#include "framekit/pixel/pixel_format.h"

namespace framekit::jpeg::testing {

// An image that owns its bytes: planes of `format` at tight (or padded) strides.
struct OwnedImage {
  std::vector<std::vector<uint8_t>> planes;
  ImageView view;
};

// Content: smooth gradients, edges and noise, so every coefficient class occurs.
inline uint8_t pattern_sample(int c, int x, int y, uint32_t seed) {
  uint32_t h = static_cast<uint32_t>(x) * 73856093u ^ static_cast<uint32_t>(y) * 19349663u ^
               (seed + static_cast<uint32_t>(c)) * 83492791u;
  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  const int noise = static_cast<int>(h % 41) - 20;
  const double base = 128 + 70 * std::sin(x * (0.05 + 0.03 * c) + y * 0.031 + seed) +
                      ((x / 7 + y / 5 + c) % 3 == 0 ? 40 : -20);
  const int v = static_cast<int>(base) + noise;
  return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
}

// Fills every plane of `info` (width x height) with pattern_sample of its component
// letters; `extra_stride` bytes of padding per row exercise strides.
inline OwnedImage make_image(const PixelInfo& info, int width, int height, uint32_t seed = 1,
                             int extra_stride = 0) {
  OwnedImage img;
  const auto& d = info.desc();
  img.view.info = info;
  img.view.width = width;
  img.view.height = height;
  img.planes.resize(d.num_planes);
  for (int p = 0; p < d.num_planes; ++p) {
    const int pw = d.plane_width(p, width);
    const int ph = d.plane_height(p, height);
    const size_t row = d.plane_row_bytes(p, width);
    const size_t stride = row + extra_stride;
    img.planes[p].assign(stride * ph, 0xEE);
    const auto& pd = d.planes[p];
    for (int y = 0; y < ph; ++y) {
      uint8_t* r = img.planes[p].data() + y * stride;
      if (d.packed422) {
        for (int x = 0; x < (pw + 1) / 2 * 2; x += 2) {
          for (int k = 0; k < 4; ++k) {
            const char comp = pd.components[k];
            const int cx = comp == 'Y' ? x + (k >= 2 ? 1 : 0) : x / 2;
            const int ci = comp == 'Y' ? 0 : comp == 'U' ? 1 : 2;
            r[2 * x + k] = pattern_sample(ci, cx, y, seed);
          }
        }
        continue;
      }
      for (int x = 0; x < pw; ++x) {
        for (int ch = 0; ch < pd.channels; ++ch) {
          const char comp = pd.components[ch];
          const int ci = comp == 'Y' || comp == 'R'   ? 0
                         : comp == 'U' || comp == 'G' ? 1
                         : comp == 'V' || comp == 'B' ? 2
                                                      : 3;
          r[x * pd.channels + ch] = pattern_sample(ci, x, y, seed);
        }
      }
    }
    img.view.planes[p] = PlaneView{img.planes[p].data(), static_cast<ptrdiff_t>(stride)};
  }
  return img;
}

inline int tj_subsamp(Subsampling s) {
  switch (s) {
    case Subsampling::k444:
      return TJSAMP_444;
    case Subsampling::k422:
      return TJSAMP_422;
    case Subsampling::k420:
      return TJSAMP_420;
    case Subsampling::kGray:
      return TJSAMP_GRAY;
    case Subsampling::k440:
      return TJSAMP_440;
  }
  return TJSAMP_444;
}

// Full-range planar YCbCr (or gray) with the JPEG's own chroma grid: what the encoder
// codes without a color conversion.
inline PixelInfo planar_info(Subsampling s) {
  switch (s) {
    case Subsampling::k420:
      return PixelInfo(PF_YUVJ420P);
    case Subsampling::k422:
      return PixelInfo(PF_YUV422P, CS_BT470BG, CR_JPEG);
    case Subsampling::k444:
      return PixelInfo(PF_YUV444P, CS_BT470BG, CR_JPEG);
    case Subsampling::kGray:
      return PixelInfo(PF_GRAY8);
    case Subsampling::k440:
      break;  // framekit has no 4:4:0 pixel format: 4:4:0 JPEGs come from RGB input
  }
  return {};
}

struct TjHandle {
  tjhandle h;
  explicit TjHandle(bool compress) : h(compress ? tjInitCompress() : tjInitDecompress()) {}
  ~TjHandle() { tjDestroy(h); }
};

// TurboJPEG's encoding of planar Y/Cb/Cr planes (w x h, given subsampling). Its planes
// must be padded to tjPlaneWidth/Height: the padding repeats our last column/row.
inline std::vector<uint8_t> tj_encode_planes(const uint8_t* const* planes, const int* strides,
                                             int width, int height, Subsampling s, int quality,
                                             int flags = TJFLAG_ACCURATEDCT) {
  const int ss = tj_subsamp(s);
  const int ncomp = s == Subsampling::kGray ? 1 : 3;
  std::vector<std::vector<uint8_t>> padded(ncomp);
  const unsigned char* ptrs[3] = {};
  int pstrides[3] = {};
  for (int c = 0; c < ncomp; ++c) {
    const int tw = tjPlaneWidth(c, width, ss), th = tjPlaneHeight(c, height, ss);
    const int ow = c == 0 || s == Subsampling::k444 ? width : (width + 1) / 2;
    const int oh = c == 0 || s != Subsampling::k420 ? height : (height + 1) / 2;
    padded[c].resize(static_cast<size_t>(tw) * th);
    for (int y = 0; y < th; ++y)
      for (int x = 0; x < tw; ++x)
        padded[c][y * tw + x] = planes[c][std::min(y, oh - 1) * strides[c] + std::min(x, ow - 1)];
    ptrs[c] = padded[c].data();
    pstrides[c] = tw;
  }
  TjHandle tj(true);
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  if (tjCompressFromYUVPlanes(tj.h, ptrs, width, pstrides, height, ss, &buf, &size, quality,
                              flags) != 0) {
    throw std::runtime_error(std::string("tjCompressFromYUVPlanes: ") + tjGetErrorStr2(tj.h));
  }
  std::vector<uint8_t> out(buf, buf + size);
  tjFree(buf);
  return out;
}

// Bytes between the SOS segment and EOI: the entropy-coded data.
inline std::vector<uint8_t> scan_data(const std::vector<uint8_t>& jpg) {
  size_t i = 2;
  while (i + 4 <= jpg.size()) {
    if (jpg[i] != 0xFF) throw std::runtime_error("scan_data: marker expected");
    const int m = jpg[i + 1];
    const size_t len = static_cast<size_t>(jpg[i + 2]) << 8 | jpg[i + 3];
    if (m == 0xDA) {
      const size_t start = i + 2 + len;
      if (jpg.size() < start + 2) throw std::runtime_error("scan_data: truncated");
      return std::vector<uint8_t>(jpg.begin() + start, jpg.end() - 2);
    }
    i += 2 + len;
  }
  throw std::runtime_error("scan_data: no SOS");
}

struct Decoded {
  int width = 0, height = 0, subsamp = -1;
  std::vector<uint8_t> pixels;  // RGB or gray
};

inline Decoded tj_decode(const std::vector<uint8_t>& jpg, bool gray = false) {
  TjHandle tj(false);
  Decoded d;
  int cs = 0;
  if (tjDecompressHeader3(tj.h, jpg.data(), jpg.size(), &d.width, &d.height, &d.subsamp, &cs) != 0)
    throw std::runtime_error(std::string("tjDecompressHeader3: ") + tjGetErrorStr2(tj.h));
  const int pf = gray ? TJPF_GRAY : TJPF_RGB;
  d.pixels.resize(static_cast<size_t>(d.width) * d.height * tjPixelSize[pf]);
  if (tjDecompress2(tj.h, jpg.data(), jpg.size(), d.pixels.data(), d.width, 0, d.height, pf,
                    TJFLAG_ACCURATEDCT) != 0)
    throw std::runtime_error(std::string("tjDecompress2: ") + tjGetErrorStr2(tj.h));
  return d;
}

inline double psnr(const uint8_t* a, const uint8_t* b, size_t n) {
  double se = 0;
  for (size_t i = 0; i < n; ++i) {
    const double diff = static_cast<double>(a[i]) - b[i];
    se += diff * diff;
  }
  if (se == 0) return 99.0;
  return 10 * std::log10(255.0 * 255.0 * n / se);
}

// Planes Y (w x h), U, V (cw x ch) written into a view of `info`, whose format must
// have that chroma geometry; strides get `pad` extra bytes.
inline OwnedImage from_planes(const PixelInfo& info, int w, int h, const std::vector<uint8_t>& y,
                              const std::vector<uint8_t>& u, const std::vector<uint8_t>& v,
                              int pad = 0) {
  OwnedImage img;
  const auto& d = info.desc();
  img.view.info = info;
  img.view.width = w;
  img.view.height = h;
  img.planes.resize(d.num_planes);
  const int cw = (w + (1 << d.log2_chroma_w) - 1) >> d.log2_chroma_w;
  const auto sample = [&](char comp, int x, int yy) -> uint8_t {
    if (comp == 'Y') return y[static_cast<size_t>(yy) * w + std::min(x, w - 1)];
    const auto& c = comp == 'U' ? u : v;
    return c[static_cast<size_t>(yy >> d.log2_chroma_h) * cw + std::min(x, cw - 1)];
  };
  for (int p = 0; p < d.num_planes; ++p) {
    const int ph = d.plane_height(p, h), pw = d.plane_width(p, w);
    const size_t stride = d.plane_row_bytes(p, w) + pad;
    img.planes[p].assign(stride * ph, 0x33);
    const auto& pd = d.planes[p];
    for (int r = 0; r < ph; ++r) {
      uint8_t* row = img.planes[p].data() + r * stride;
      const int yy = d.packed422 || p == 0 ? r : r << d.log2_chroma_h;
      if (d.packed422) {
        for (int x = 0; x < (w + 1) / 2; ++x) {
          for (int k = 0; k < 4; ++k) {
            const char comp = pd.components[k];
            row[4 * x + k] = comp == 'Y' ? sample('Y', 2 * x + (k >= 2), yy) : sample(comp, x, yy);
          }
        }
        continue;
      }
      for (int x = 0; x < pw; ++x) {
        for (int ch = 0; ch < pd.channels; ++ch)
          row[x * pd.channels + ch] = sample(pd.components[ch], x, yy);
      }
    }
    img.view.planes[p] = PlaneView{img.planes[p].data(), static_cast<ptrdiff_t>(stride)};
  }
  return img;
}

// Runs a shell command; returns its stdout (throws if it fails).
inline std::vector<uint8_t> run_command(const std::string& cmd) {
  std::FILE* f = popen(cmd.c_str(), "r");
  if (!f) throw std::runtime_error("popen failed: " + cmd);
  std::vector<uint8_t> out;
  uint8_t buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.insert(out.end(), buf, buf + n);
  if (pclose(f) != 0) throw std::runtime_error("command failed: " + cmd);
  return out;
}

// A temporary file holding `data`, removed when this goes out of scope.
struct TempFile {
  std::string path;
  explicit TempFile(const std::vector<uint8_t>& data, const char* suffix = ".jpg") {
    char name[] = "/tmp/framekit_jpeg_XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    close(fd);
    std::remove(name);
    path = std::string(name) + suffix;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(data.data(), 1, data.size(), f);
    std::fclose(f);
  }
  ~TempFile() { std::remove(path.c_str()); }
};

// Decodes with djpeg (libjpeg-turbo's command-line decoder) to RGB or gray.
inline Decoded djpeg_decode(const std::vector<uint8_t>& jpg) {
  TempFile file(jpg);
  const auto pnm = run_command("djpeg -pnm " + file.path);
  Decoded d;
  int maxval = 0, consumed = 0;
  char magic[3] = {};
  if (std::sscanf(reinterpret_cast<const char*>(pnm.data()), "%2s %d %d %d%n", magic, &d.width,
                  &d.height, &maxval, &consumed) != 4)
    throw std::runtime_error("djpeg: bad PNM header");
  const size_t bytes = static_cast<size_t>(d.width) * d.height * (magic[1] == '6' ? 3 : 1);
  d.pixels.assign(pnm.begin() + consumed + 1, pnm.begin() + consumed + 1 + bytes);
  return d;
}

// Decodes with ffmpeg (its own JPEG decoder) to RGB24 or GRAY.
inline Decoded ffmpeg_decode(const std::vector<uint8_t>& jpg, int width, int height, bool gray) {
  TempFile file(jpg);
  Decoded d;
  d.width = width;
  d.height = height;
  d.pixels = run_command("ffmpeg -loglevel error -i " + file.path + " -f rawvideo -pix_fmt " +
                         (gray ? "gray" : "rgb24") + " -");
  return d;
}

}  // namespace framekit::jpeg::testing
