#include "jpeg/color_rows.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>

#include "framekit/core/error.h"

namespace framekit::jpeg::detail {
namespace {

struct RgbOrder {
  int r, g, b, channels;
};

RgbOrder rgb_order(const PixelFormatDesc& d) {
  const std::string_view c = d.planes[0].components;
  return {static_cast<int>(c.find('R')), static_cast<int>(c.find('G')),
          static_cast<int>(c.find('B')), d.planes[0].channels};
}

// 4:4:0 chroma: libjpeg-turbo downsamples 1x2 with its generic int_downsample, whose
// rounding bias is a constant half (unlike the alternating bias of h2v1 and h2v2). A
// plain loop the compiler vectorises (it is a byte average).
void average_rows(const uint8_t* a, const uint8_t* b, int width, uint8_t* out) {
  for (int j = 0; j < width; ++j) out[j] = static_cast<uint8_t>((a[j] + b[j] + 1) >> 1);
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
  const int cw = l.ncomp == 3 ? l.comp[1].width_in_blocks * 8 : 0;
  out.work.resize(static_cast<size_t>(std::max(l.width, 2 * cw)) * 4);
}

void convert_rgb(const ImageView& src, const Layout& l, int y0, int rows, ScratchPlanes& out) {
  const RgbOrder o = rgb_order(src.desc());
  const int order[3] = {o.r, o.g, o.b};
  const int w = l.width;
  const bool gray = l.ncomp == 1;
  // Chroma is computed for every column of its blocks: libjpeg extends the image by
  // repeating its last column *before* downsampling, and the alternating rounding bias
  // makes those padding columns differ from a repeated last chroma sample.
  const int cw = gray ? 0 : l.comp[1].width_in_blocks * 8;
  const int full_w = std::max(w, 2 * cw);  // full-resolution rows, extended
  // Full-resolution Cb/Cr of up to two image rows, for downsampling.
  uint8_t* cb_full[2] = {out.work.data(), out.work.data() + full_w};
  uint8_t* cr_full[2] = {out.work.data() + 2 * full_w, out.work.data() + 3 * full_w};
  const int vsub = l.vmax;  // chroma rows per pair of luma rows
  const int hsub = l.hmax;
  const ColorRowKernels& k = color_row_kernels();
  for (int y = 0; y < rows; ++y) {
    const int slot = y % 2;
    k.rgb_row_to_ycc(src.planes[0].row(y0 + y), o.channels, order, w,
                   out.plane[0] + y * out.stride[0], gray ? nullptr : cb_full[slot],
                   gray ? nullptr : cr_full[slot]);
    if (gray) continue;
    std::fill(cb_full[slot] + w, cb_full[slot] + full_w, cb_full[slot][w - 1]);
    std::fill(cr_full[slot] + w, cr_full[slot] + full_w, cr_full[slot][w - 1]);
    const bool last_row = y == rows - 1;
    if (vsub == 2 && slot == 0 && !last_row) continue;  // wait for the row pair
    // The last row of an odd height pairs with itself (libjpeg repeats it).
    const int crow = vsub == 2 ? y / 2 : y;
    const int top = vsub == 2 ? 0 : slot;
    const int bottom = vsub == 2 && slot == 1 ? 1 : top;
    uint8_t* cbo = out.plane[1] + crow * out.stride[1];
    uint8_t* cro = out.plane[2] + crow * out.stride[2];
    if (hsub == 1 && vsub == 1) {
      std::memcpy(cbo, cb_full[slot], cw);
      std::memcpy(cro, cr_full[slot], cw);
    } else if (hsub == 1) {
      average_rows(cb_full[top], cb_full[bottom], cw, cbo);
      average_rows(cr_full[top], cr_full[bottom], cw, cro);
    } else {
      k.downsample_row(cb_full[top], cb_full[bottom], cw, vsub == 2, cbo);
      k.downsample_row(cr_full[top], cr_full[bottom], cw, vsub == 2, cro);
    }
  }
  out.rows[0] = rows;
  out.width[0] = w;
  if (!gray) {
    out.rows[1] = out.rows[2] = (rows + vsub - 1) / vsub;
    out.width[1] = out.width[2] = cw;
  }
}

inline uint8_t to_u8(float v) {
  return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

void convert_matrix(const ImageView& src, const Layout& l, int mcu_row, ScratchPlanes& out) {
  // BT.601 YCbCr from the source's YCbCr: chroma rows only mix chroma (gray stays
  // gray in every matrix); luma takes the co-sited chroma sample of its block.
  const ColorMatrix a = multiply(rgb_to_ycbcr(kBt601Luma),
                                 ycbcr_to_rgb(luma_coefficients(src.info.infer_space())));
  const bool full = src.info.infer_range() == CR_JPEG;
  const SampleRange luma = luma_range(8, full), chroma = chroma_range(8, full);
  const float ys = 1.0f / static_cast<float>(luma.span), yo = static_cast<float>(luma.black);
  const float cs = 1.0f / static_cast<float>(chroma.span), co = static_cast<float>(chroma.black);
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
      const float cb = (sample(1, x / l.hmax, cy) - co) * cs;
      const float cr = (sample(2, x / l.hmax, cy) - co) * cs;
      yrow[x] =
          to_u8(255.0f * static_cast<float>(a[0][0] * yy + a[0][1] * cb + a[0][2] * cr));
    }
  }
  const int cw = l.comp[1].plane_w;
  for (int y = 0; y < crows; ++y) {
    uint8_t* cbo = out.plane[1] + y * out.stride[1];
    uint8_t* cro = out.plane[2] + y * out.stride[2];
    for (int x = 0; x < cw; ++x) {
      const float cb = (sample(1, x, cy0 + y) - co) * cs;
      const float cr = (sample(2, x, cy0 + y) - co) * cs;
      cbo[x] = to_u8(128.0f + 255.0f * static_cast<float>(a[1][1] * cb + a[1][2] * cr));
      cro[x] = to_u8(128.0f + 255.0f * static_cast<float>(a[2][1] * cb + a[2][2] * cr));
    }
  }
  out.rows[0] = rows;
  out.rows[1] = out.rows[2] = crows;
  out.width[0] = l.width;
  out.width[1] = out.width[2] = cw;
}

}  // namespace

void rgb_row_to_ycc_scalar(const uint8_t* px, int channels, const int* order, int width, uint8_t* y,
                           uint8_t* cb, uint8_t* cr) {
  for (int x = 0; x < width; ++x, px += channels) {
    const int32_t r = px[order[0]], g = px[order[1]], b = px[order[2]];
    y[x] = static_cast<uint8_t>((kYR * r + kYG * g + kYB * b + 32768) >> 16);
    if (cb) {
      cb[x] = static_cast<uint8_t>((kCbR * r + kCbG * g + kCbB * b + kChromaOffset) >> 16);
      cr[x] = static_cast<uint8_t>((kCrR * r + kCrG * g + kCrB * b + kChromaOffset) >> 16);
    }
  }
}

void downsample_row_scalar(const uint8_t* a, const uint8_t* b, int out_width, bool vertical,
                           uint8_t* out) {
  for (int j = 0; j < out_width; ++j) {
    if (vertical) {
      out[j] = static_cast<uint8_t>(
          (a[2 * j] + a[2 * j + 1] + b[2 * j] + b[2 * j + 1] + 1 + (j & 1)) >> 2);
    } else {
      out[j] = static_cast<uint8_t>((a[2 * j] + a[2 * j + 1] + (j & 1)) >> 1);
    }
  }
}

const ColorRowKernels& color_row_scalar_kernels() {
  static const ColorRowKernels k{"scalar", &rgb_row_to_ycc_scalar, &downsample_row_scalar};
  return k;
}

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
