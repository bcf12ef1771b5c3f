#include "jpeg/colour.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "framekit/core/error.h"

namespace framekit::jpeg::detail {
namespace {

// JFIF RGB → YCbCr in 16-bit fixed point, rounded as libjpeg rounds (chroma rounds
// with ONE_HALF - 1 so 255 cannot overflow), so RGB input codes like libjpeg's.
constexpr int32_t kYR = 19595, kYG = 38470, kYB = 7471;      // 0.299, 0.587, 0.114
constexpr int32_t kCbR = -11059, kCbG = -21709, kCbB = 32768;  // -0.16874, -0.33126, 0.5
constexpr int32_t kCrR = 32768, kCrG = -27439, kCrB = -5329;   // 0.5, -0.41869, -0.08131
constexpr int32_t kChromaOffset = (128 << 16) + 32767;

struct RgbOrder {
  int r, g, b, channels;
};

RgbOrder rgb_order(const PixelFormatDesc& d) {
  const std::string_view c = d.planes[0].components;
  return {static_cast<int>(c.find('R')), static_cast<int>(c.find('G')),
          static_cast<int>(c.find('B')), d.planes[0].channels};
}

void ensure_planes(const Layout& l, ScratchPlanes& out) {
  if (out.plane[0]) return;
  size_t total = 0;
  size_t offsets[3] = {};
  for (int c = 0; c < l.ncomp; ++c) {
    offsets[c] = total;
    out.stride[c] = l.comp[c].width_in_blocks * 8;
    total += static_cast<size_t>(out.stride[c]) * 8 * l.comp[c].v;
  }
  out.storage.resize(total);
  for (int c = 0; c < l.ncomp; ++c) out.plane[c] = out.storage.data() + offsets[c];
  out.work.resize(static_cast<size_t>(l.width) * 4);
}

void convert_rgb(const ImageView& src, const Layout& l, int y0, int rows, ScratchPlanes& out) {
  const RgbOrder o = rgb_order(src.desc());
  const int w = l.width;
  const bool gray = l.ncomp == 1;
  // Chroma is computed for every column of its blocks: libjpeg extends the image by
  // repeating its last column *before* downsampling, and the alternating rounding bias
  // makes those padding columns differ from a repeated last chroma sample.
  const int cw = gray ? 0 : l.comp[1].width_in_blocks * 8;
  // Full-resolution Cb/Cr of up to two image rows, for downsampling.
  uint8_t* cb_full[2] = {out.work.data(), out.work.data() + w};
  uint8_t* cr_full[2] = {out.work.data() + 2 * w, out.work.data() + 3 * w};
  const int vsub = l.vmax;  // chroma rows per pair of luma rows
  const int hsub = l.hmax;
  for (int y = 0; y < rows; ++y) {
    const uint8_t* px = src.planes[0].row(y0 + y);
    uint8_t* yrow = out.plane[0] + y * out.stride[0];
    const int slot = y % 2;
    for (int x = 0; x < w; ++x, px += o.channels) {
      const int32_t r = px[o.r], g = px[o.g], b = px[o.b];
      yrow[x] = static_cast<uint8_t>((kYR * r + kYG * g + kYB * b + 32768) >> 16);
      if (!gray) {
        cb_full[slot][x] = static_cast<uint8_t>((kCbR * r + kCbG * g + kCbB * b + kChromaOffset) >> 16);
        cr_full[slot][x] = static_cast<uint8_t>((kCrR * r + kCrG * g + kCrB * b + kChromaOffset) >> 16);
      }
    }
    if (gray) continue;
    const bool last_row = y == rows - 1;
    if (vsub == 2 && slot == 0 && !last_row) continue;  // wait for the row pair
    // Downsampling as libjpeg does it: the image is extended by repeating its last
    // column and row, then boxes are averaged with an alternating bias (ordered
    // dithering of the rounding).
    const uint8_t* cb0 = cb_full[vsub == 2 ? 0 : slot];
    const uint8_t* cr0 = cr_full[vsub == 2 ? 0 : slot];
    const uint8_t* cb1 = vsub == 2 && slot == 1 ? cb_full[1] : cb0;
    const uint8_t* cr1 = vsub == 2 && slot == 1 ? cr_full[1] : cr0;
    const int crow = vsub == 2 ? y / 2 : y;
    uint8_t* cbo = out.plane[1] + crow * out.stride[1];
    uint8_t* cro = out.plane[2] + crow * out.stride[2];
    for (int j = 0; j < cw; ++j) {
      if (hsub == 1) {
        cbo[j] = cb0[std::min(j, w - 1)];
        cro[j] = cr0[std::min(j, w - 1)];
        continue;
      }
      const int x0 = std::min(2 * j, w - 1), x1 = std::min(2 * j + 1, w - 1);
      if (vsub == 2) {
        const int bias = (j & 1) ? 2 : 1;
        cbo[j] = static_cast<uint8_t>((cb0[x0] + cb0[x1] + cb1[x0] + cb1[x1] + bias) >> 2);
        cro[j] = static_cast<uint8_t>((cr0[x0] + cr0[x1] + cr1[x0] + cr1[x1] + bias) >> 2);
      } else {
        const int bias = j & 1;
        cbo[j] = static_cast<uint8_t>((cb0[x0] + cb0[x1] + bias) >> 1);
        cro[j] = static_cast<uint8_t>((cr0[x0] + cr0[x1] + bias) >> 1);
      }
    }
  }
  out.rows[0] = rows;
  out.width[0] = w;
  if (!gray) {
    out.rows[1] = out.rows[2] = (rows + vsub - 1) / vsub;
    out.width[1] = out.width[2] = cw;
  }
}

struct Matrix3 {
  double m[3][3];
};

// YCbCr (Y in 0..1, Cb/Cr in -0.5..0.5) from R'G'B' for a Kr/Kb matrix, and back.
Matrix3 ycbcr_from_rgb(LumaCoefficients k) {
  const double kg = 1.0 - k.kr - k.kb;
  return {{{k.kr, kg, k.kb},
           {-k.kr / (2 * (1 - k.kb)), -kg / (2 * (1 - k.kb)), 0.5},
           {0.5, -kg / (2 * (1 - k.kr)), -k.kb / (2 * (1 - k.kr))}}};
}
Matrix3 rgb_from_ycbcr(LumaCoefficients k) {
  const double kg = 1.0 - k.kr - k.kb;
  return {{{1.0, 0.0, 2 * (1 - k.kr)},
           {1.0, -2 * (1 - k.kb) * k.kb / kg, -2 * (1 - k.kr) * k.kr / kg},
           {1.0, 2 * (1 - k.kb), 0.0}}};
}
Matrix3 multiply(const Matrix3& a, const Matrix3& b) {
  Matrix3 r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) r.m[i][j] += a.m[i][k] * b.m[k][j];
  return r;
}

inline uint8_t to_u8(float v) { return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

void convert_matrix(const ImageView& src, const Layout& l, int mcu_row, ScratchPlanes& out) {
  // BT.601 YCbCr from the source's YCbCr: chroma rows only mix chroma (gray stays
  // gray in every matrix); luma takes the co-sited chroma sample of its block.
  const Matrix3 a = multiply(ycbcr_from_rgb(luma_coefficients(CS_BT470BG)),
                             rgb_from_ycbcr(luma_coefficients(src.info.infer_space())));
  const bool limited = src.info.infer_range() != CR_JPEG;
  const float ys = limited ? 1.0f / 219 : 1.0f / 255, yo = limited ? 16.0f : 0.0f;
  const float cs = limited ? 1.0f / 224 : 1.0f / 255;
  const auto sample = [&](int c, int x, int y) {
    const ComponentLayout& cl = l.comp[c];
    return cl.base[y * cl.stride + static_cast<ptrdiff_t>(x) * cl.step_bytes];
  };
  const int y0 = mcu_row * l.mcu_h;
  const int rows = std::min(l.mcu_h, l.height - y0);
  const int cy0 = y0 / l.vmax;
  const int crows = (rows + l.vmax - 1) / l.vmax;
  for (int y = 0; y < rows; ++y) {
    uint8_t* yrow = out.plane[0] + y * out.stride[0];
    const int cy = (y0 + y) / l.vmax;
    for (int x = 0; x < l.width; ++x) {
      const float yy = (sample(0, x, y0 + y) - yo) * ys;
      const float cb = (sample(1, x / l.hmax, cy) - 128.0f) * cs;
      const float cr = (sample(2, x / l.hmax, cy) - 128.0f) * cs;
      yrow[x] = to_u8(255.0f * static_cast<float>(a.m[0][0] * yy + a.m[0][1] * cb + a.m[0][2] * cr));
    }
  }
  const int cw = l.comp[1].plane_w;
  for (int y = 0; y < crows; ++y) {
    uint8_t* cbo = out.plane[1] + y * out.stride[1];
    uint8_t* cro = out.plane[2] + y * out.stride[2];
    for (int x = 0; x < cw; ++x) {
      const float cb = (sample(1, x, cy0 + y) - 128.0f) * cs;
      const float cr = (sample(2, x, cy0 + y) - 128.0f) * cs;
      cbo[x] = to_u8(128.0f + 255.0f * static_cast<float>(a.m[1][1] * cb + a.m[1][2] * cr));
      cro[x] = to_u8(128.0f + 255.0f * static_cast<float>(a.m[2][1] * cb + a.m[2][2] * cr));
    }
  }
  out.rows[0] = rows;
  out.rows[1] = out.rows[2] = crows;
  out.width[0] = l.width;
  out.width[1] = out.width[2] = cw;
}

}  // namespace

void convert_mcu_row(const ImageView& src, const Layout& l, int mcu_row, ScratchPlanes& out) {
  ensure_planes(l, out);
  if (src.desc().is_rgb()) {
    const int y0 = mcu_row * l.mcu_h;
    convert_rgb(src, l, y0, std::min(l.mcu_h, l.height - y0), out);
  } else {
    convert_matrix(src, l, mcu_row, out);
  }
}

}  // namespace framekit::jpeg::detail
