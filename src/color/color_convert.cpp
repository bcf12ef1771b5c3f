// convert_color(): validation, then the path the table picks (color_paths.cpp); and the
// drivers of the fused 8-bit paths and the repacks.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "color/color_chroma.h"
#include "color/color_internal.h"
#include "color/color_kernels.h"
#include "color/color_paths.h"
#include "color/repack_kernels.h"
#include "framekit/core/error.h"
#include "framekit/core/parallel.h"

namespace framekit {
namespace color_detail {

// ------------------------------------------------------------------ plain copies

void copy_planes(const ImageView& src, const ImageView& dst) {
  const auto& d = src.desc();
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t bytes = d.plane_row_bytes(p, src.width);
    const int rows = src.plane_height(p);
    parallel_for(0, rows, band_rows(static_cast<int>(bytes), rows), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; ++r)
        std::memcpy(dst.planes[p].row(static_cast<int>(r)), src.planes[p].row(static_cast<int>(r)),
                    bytes);
    });
  }
}

namespace {

// Planar / semi-planar YUV with the same model and chroma grid: copy luma, re-lay
// chroma (planar ↔ UV ↔ VU), shift for MSB-aligned 16-bit formats, copy or fill alpha.
template <typename T>
void repack_yuv_t(const ImageView& src, const ImageView& dst, const RepackKernels& k) {
  const auto& sd = src.desc();
  const auto& dd = dst.desc();
  const RepackShift sh{sd.msb_aligned ? 16 - sd.bit_depth : 0,
                       dd.msb_aligned ? 16 - dd.bit_depth : 0};
  const bool wide = sizeof(T) == 2;
  const bool plain = sh.sshift == sh.dshift;
  const int w = src.width;
  const int cw = src.plane_width(1);
  const ChromaLayout sl = chroma_layout(sd), dl = chroma_layout(dd);
  // Copies n samples, re-shifted when the 16-bit alignments differ.
  auto move = [&](const uint8_t* in, uint8_t* out, int n) {
    if (plain)
      std::memcpy(out, in, sizeof(T) * n);
    else
      k.shift_u16(in, out, n, sh);
  };
  const int rows = src.height;
  const int ssy = sd.log2_chroma_h;
  parallel_for(0, rows, band_rows(w, rows), [&](int64_t r0, int64_t r1) {
    std::vector<uint8_t> ta, tb;  // NV12 ↔ NV21: split, then join the other way round
    if (plain)
      copy_rows(src.planes[0], dst.planes[0], sizeof(T) * static_cast<size_t>(w),
                static_cast<int>(r0), static_cast<int>(r1));
    for (int y = static_cast<int>(r0); y < r1; ++y) {
      if (!plain) move(src.planes[0].row(y), dst.planes[0].row(y), w);
      copy_alpha_row(src, dst, y);
      // Each chroma row belongs to the first luma row of its block.
      if ((y & ((1 << ssy) - 1)) != 0) continue;
      const int r = y >> ssy;
      const uint8_t* su = src.planes[sl.plane_u].row(r);
      const uint8_t* sv = src.planes[sl.plane_v].row(r);
      uint8_t* du = dst.planes[dl.plane_u].row(r);
      uint8_t* dv = dst.planes[dl.plane_v].row(r);
      if (sl.step == 1 && dl.step == 1) {
        move(su, du, cw);
        move(sv, dv, cw);
      } else if (sl.step == 2 && dl.step == 1) {
        uint8_t* first = sl.off_u == 0 ? du : dv;
        uint8_t* second = sl.off_u == 0 ? dv : du;
        if (wide)
          k.split2_u16(su, first, second, cw, sh);
        else
          k.split2_u8(su, first, second, cw);
      } else if (sl.step == 1 && dl.step == 2) {
        const uint8_t* first = dl.off_u == 0 ? su : sv;
        const uint8_t* second = dl.off_u == 0 ? sv : su;
        if (wide)
          k.join2_u16(first, second, du, cw, sh);
        else
          k.join2_u8(first, second, du, cw);
      } else if (sl.off_u == dl.off_u) {
        move(su, du, 2 * cw);
      } else {
        ta.resize(sizeof(T) * cw);
        tb.resize(sizeof(T) * cw);
        if (wide) {
          k.split2_u16(su, ta.data(), tb.data(), cw, sh);
          k.join2_u16(tb.data(), ta.data(), du, cw, RepackShift{});
        } else {
          k.split2_u8(su, ta.data(), tb.data(), cw);
          k.join2_u8(tb.data(), ta.data(), du, cw);
        }
      }
    }
  });
}

// ------------------------------------------------------------------ RGB swizzle

struct Positions {
  int r, g, b, a;  // sample index in a pixel, or plane index for planar formats
};
Positions rgb_positions(const PixelFormatDesc& d) {
  Positions p{-1, -1, -1, -1};
  if (d.num_planes == 1) {
    const auto c = d.planes[0].components;
    for (int i = 0; i < static_cast<int>(c.size()); ++i) {
      if (c[i] == 'R') p.r = i;
      if (c[i] == 'G') p.g = i;
      if (c[i] == 'B') p.b = i;
      if (c[i] == 'A') p.a = i;
    }
  } else {
    for (int i = 0; i < d.num_planes; ++i) {
      const char c = d.planes[i].components[0];
      if (c == 'R') p.r = i;
      if (c == 'G') p.g = i;
      if (c == 'B') p.b = i;
    }
  }
  return p;
}

// The component letter of memory-order channel (or plane) k of an 8-bit RGB format.
char rgb_component(const PixelFormatDesc& d, int k) {
  return d.num_planes > 1 ? d.planes[k].components[0] : d.planes[0].components[k];
}

RgbLayout rgb_layout(PixelFormat f) {
  switch (f) {
    case PF_RGB24:
      return RgbLayout::kRGB;
    case PF_BGR24:
      return RgbLayout::kBGR;
    case PF_RGBA32:
      return RgbLayout::kRGBA;
    case PF_BGRA32:
      return RgbLayout::kBGRA;
    case PF_ARGB32:
      return RgbLayout::kARGB;
    case PF_ABGR32:
      return RgbLayout::kABGR;
    default:
      return RgbLayout::kPlanar;  // GBRP
  }
}

}  // namespace

void repack_yuv(const ImageView& src, const ImageView& dst) {
  if (src.desc().dtype == ScalarType::kUInt8)
    return repack_yuv_t<uint8_t>(src, dst, repack_kernels());
  return repack_yuv_t<uint16_t>(src, dst, repack_kernels());
}

void swizzle_rgb8(const ImageView& src, const ImageView& dst) {
  const RepackKernels& kern = repack_kernels();
  const auto& sd = src.desc();
  const auto& dd = dst.desc();
  SwizzleMap m;
  m.sn = sd.num_planes > 1 ? 0 : sd.planes[0].channels;
  m.dn = dd.num_planes > 1 ? 0 : dd.planes[0].channels;
  const int schan = m.sn == 0 ? 3 : m.sn, dchan = m.dn == 0 ? 3 : m.dn;
  for (int k = 0; k < dchan; ++k) {
    m.map[k] = -1;  // alpha the source lacks: opaque
    for (int j = 0; j < schan; ++j)
      if (rgb_component(sd, j) == rgb_component(dd, k)) m.map[k] = static_cast<int8_t>(j);
  }
  const int w = src.width;
  parallel_for(0, src.height, band_rows(w, src.height), [&](int64_t r0, int64_t r1) {
    for (int y = static_cast<int>(r0); y < r1; ++y) {
      const uint8_t* s[3] = {};
      uint8_t* d[3] = {};
      for (int p = 0; p < sd.num_planes; ++p) s[p] = src.planes[p].row(y);
      for (int p = 0; p < dd.num_planes; ++p) d[p] = dst.planes[p].row(y);
      kern.swizzle_u8(s, d, w, m);
    }
  });
}

// ------------------------------------------------------------------ fused YUV → RGB

void run_yuv_to_rgb8(const ImageView& src, const ImageView& dst, YuvToRgbFixed fx,
                     const ColorConvertOptions& opt) {
  const ColorKernels& kern = color_kernels();
  const RgbLayout layout = rgb_layout(dst.format());
  const Positions dp = rgb_positions(dst.desc());
  const bool src_alpha = src.desc().has_alpha;
  auto out_row = [&](int y) {
    RgbRowOut out;
    if (layout == RgbLayout::kPlanar) {
      out.planes[0] = dst.planes[dp.r].row(y);
      out.planes[1] = dst.planes[dp.g].row(y);
      out.planes[2] = dst.planes[dp.b].row(y);
    } else {
      out.packed = dst.planes[0].row(y);
    }
    return out;
  };
  if (src.desc().is_gray()) {
    // Gray: YUV with neutral chroma (a constant row; its coefficients are zero anyway).
    parallel_for(0, src.height, band_rows(src.width, src.height), [&](int64_t r0, int64_t r1) {
      const std::vector<uint8_t> neutral(static_cast<size_t>(src.width / 2 + 1), 128);
      ChromaRow chroma;
      chroma.raw_u = chroma.raw_v = neutral.data();
      for (int y = static_cast<int>(r0); y < r1; ++y)
        kern.yuv_to_rgb_row(src.planes[0].row(y), chroma, nullptr, src.width,
                            ChromaMode::kRawHalf, layout, out_row(y), fx);
    });
    return;
  }
  parallel_for(0, src.height, band_rows(src.width, src.height), [&](int64_t r0, int64_t r1) {
    ChromaRows rows(src, opt.chroma_upsample, kern);
    YuvToRgbFixed k = fx;
    if (rows.swapped()) {
      std::swap(k.cu, k.cv);
    }
    for (int y = static_cast<int>(r0); y < r1; ++y) {
      ChromaRow chroma;
      const uint8_t* luma = rows.prepare(y, &chroma);
      const uint8_t* a = src_alpha ? src.planes[3].row(y) : nullptr;
      kern.yuv_to_rgb_row(luma, chroma, a, src.width, rows.mode(), layout, out_row(y), k);
    }
  });
}

// ------------------------------------------------------------------ fused RGB → YUV

void run_rgb8_to_yuv(const ImageView& src, const ImageView& dst, RgbToYuvFixed fx,
                     const ColorConvertOptions& opt) {
  const ColorKernels& kern = color_kernels();
  const RgbLayout layout = rgb_layout(src.format());
  const auto& dd = dst.desc();
  if (dd.is_gray()) {  // the luma row alone
    parallel_for(0, src.height, band_rows(src.width, src.height), [&](int64_t r0, int64_t r1) {
      for (int y = static_cast<int>(r0); y < r1; ++y)
        kern.rgb_to_yuv_444(src.planes[0].row(y), src.width, layout, dst.planes[0].row(y),
                            nullptr, nullptr, false, fx);
    });
    return;
  }
  const bool semi = dd.planes[1].channels == 2;
  if (semi && dd.planes[1].components == "VU") {
    std::swap(fx.u, fx.v);
    std::swap(fx.u_bias, fx.v_bias);
  }
  const int ssx = dd.log2_chroma_w, ssy = dd.log2_chroma_h;
  const int w = src.width, h = src.height;
  const int groups = (h + (1 << ssy) - 1) >> ssy;
  const Positions sp = rgb_positions(src.desc());
  const int sn = src.desc().planes[0].channels;
  parallel_for(
      0, groups, std::max<int64_t>(1, band_rows(w, h) >> ssy), [&](int64_t g0, int64_t g1) {
        for (int r = static_cast<int>(g0); r < g1; ++r) {
          const int y0 = r << ssy;
          const bool two = ssy == 1 && y0 + 1 < h;
          uint8_t* u = dst.planes[1].row(r);
          uint8_t* v = semi ? nullptr : dst.planes[2].row(r);
          const uint8_t* s0 = src.planes[0].row(y0);
          if (ssx == 0) {
            kern.rgb_to_yuv_444(s0, w, layout, dst.planes[0].row(y0), u, v, semi, fx);
          } else {
            const uint8_t* s1 = two ? src.planes[0].row(y0 + 1) : s0;
            uint8_t* yr1 = two ? dst.planes[0].row(y0 + 1) : nullptr;
            kern.rgb_to_yuv_pair(s0, s1, w, layout, dst.planes[0].row(y0), yr1, u, v, semi, fx);
          }
          if (dd.has_alpha) {
            for (int y = y0; y < std::min(h, y0 + (1 << ssy)); ++y) {
              uint8_t* da = dst.planes[3].row(y);
              const uint8_t* s = src.planes[0].row(y);
              for (int x = 0; x < w; ++x) da[x] = sp.a >= 0 ? s[x * sn + sp.a] : 255;
            }
          }
        }
      });
}

// ------------------------------------------------------------------ fused YUV → YUV

Affine luma_rows(const Affine& a) {
  Affine r = a;
  for (int k = 1; k < 3; ++k)
    for (int j = 0; j < 4; ++j) r.m[k][j] = a.m[0][j];
  return r;
}

// 8-bit YUV → 8-bit YUV with another matrix (and maybe range) on the same chroma grid.
// Luma: the YUV → RGB kernel with the luma row of the map in each channel, writing
// planar output whose second and third planes are a scratch row; chroma: per chroma
// row from the source chroma and the luma averaged over each block (yuv_matrix.h).
void run_yuv8_matrix(const ImageView& src, const ImageView& dst, const YuvToRgbFixed& luma,
                     const YuvMatrixChroma& chroma, const ColorConvertOptions& opt) {
  const ColorKernels& kern = color_kernels();
  const YuvMatrixChromaRowFn chroma_row = yuv_matrix_kernels().chroma_row;
  const auto& sd = src.desc();
  const auto& dd = dst.desc();
  const ChromaLayout sl = chroma_layout(sd), dl = chroma_layout(dd);
  const int ssx = sd.log2_chroma_w, ssy = sd.log2_chroma_h;
  const int w = src.width, h = src.height;
  const int cw = (w + (1 << ssx) - 1) >> ssx;
  const int groups = (h + (1 << ssy) - 1) >> ssy;
  auto band = [&](int64_t g0, int64_t g1) {
    ChromaRows rows(src, opt.chroma_upsample, kern);
    YuvToRgbFixed k = luma;
    if (rows.swapped()) std::swap(k.cu, k.cv);
    std::vector<uint8_t> scratch(static_cast<size_t>(w));
    for (int r = static_cast<int>(g0); r < g1; ++r) {
      const int y0 = r << ssy;
      const int y1 = std::min(h, y0 + (1 << ssy));
      for (int y = y0; y < y1; ++y) {
        ChromaRow c;
        const uint8_t* l = rows.prepare(y, &c);
        RgbRowOut out;
        out.planes[0] = dst.planes[0].row(y);
        out.planes[1] = out.planes[2] = scratch.data();
        kern.yuv_to_rgb_row(l, c, nullptr, w, rows.mode(), RgbLayout::kPlanar, out, k);
        copy_alpha_row(src, dst, y);
      }
      chroma_row(src.planes[0].row(y0), src.planes[0].row(y1 - 1), w, ssx,
                 src.planes[sl.plane_u].row(r) + sl.off_u, src.planes[sl.plane_v].row(r) + sl.off_v,
                 sl.step, dst.planes[dl.plane_u].row(r) + dl.off_u,
                 dst.planes[dl.plane_v].row(r) + dl.off_v, dl.step, cw, chroma);
    }
  };
  parallel_for(0, groups, std::max<int64_t>(1, band_rows(w, h) >> ssy), band);
}

ChromaLayout chroma_layout(const PixelFormatDesc& d) {
  if (d.planes[1].channels == 2) {
    const bool uv = d.planes[1].components == "UV";
    return {1, 1, uv ? 0 : 1, uv ? 1 : 0, 2};
  }
  return {1, 2, 0, 0, 1};
}

void copy_alpha_row(const ImageView& src, const ImageView& dst, int y) {
  if (!dst.desc().has_alpha) return;
  uint8_t* da = dst.planes[3].row(y);
  if (src.desc().has_alpha)
    std::memcpy(da, src.planes[3].row(y), src.width);
  else
    std::memset(da, 255, src.width);
}

// ------------------------------------------------------------------ validation

ConversionPlan plan_conversion(const ImageView& src, const ImageView& dst,
                               const ColorConvertOptions& opt) {
  src.validate("src");
  dst.validate("dst");
  FK_CHECK_ARG(src.width == dst.width && src.height == dst.height, "dst size ", dst.width, "x",
               dst.height, " does not match src size ", src.width, "x", src.height,
               " (convert_color does not scale; resize first)");
  for (int i = 0; i < src.desc().num_planes; ++i)
    for (int j = 0; j < dst.desc().num_planes; ++j)
      FK_CHECK_ARG(src.planes[i].data != dst.planes[j].data, "dst plane ", j,
                   " is the same memory as src plane ", i,
                   " (in-place conversion is not supported)");
  return choose_path(PathQuery{PathSide::image(src.info), PathSide::image(dst.info), opt});
}

}  // namespace color_detail

void convert_color(const ImageView& src, const ImageView& dst, const ColorConvertOptions& opt) {
  using namespace color_detail;
  PathBuffers io;
  io.src_image = &src;
  io.dst_image = &dst;
  run_path(plan_conversion(src, dst, opt), io, opt);
}

std::string color_conversion_path(const ImageView& src, const ImageView& dst,
                                  const ColorConvertOptions& opt) {
  return std::string(color_detail::plan_conversion(src, dst, opt).path->name);
}

size_t packed_image_size(PixelFormat format, int width, int height) {
  const auto& d = pixel_format_desc(format);
  FK_CHECK_ARG(width > 0 && height > 0, "image size ", width, "x", height,
               " is invalid (width and height must be > 0)");
  size_t total = 0;
  for (int p = 0; p < d.num_planes; ++p)
    total += d.plane_row_bytes(p, width) * static_cast<size_t>(d.plane_height(p, height));
  return total;
}

std::vector<uint8_t> convert_packed_image(const PixelInfo& src, int width, int height,
                                          const uint8_t* src_bytes, size_t src_size,
                                          const PixelInfo& dst, const ColorConvertOptions& opt) {
  FK_CHECK_ARG(src_bytes != nullptr, "convert_packed_image: src_bytes is a null pointer");
  const size_t need = packed_image_size(src.format(), width, height);
  FK_CHECK(src_size >= need, ErrorCode::kBufferTooSmall,
           "convert_packed_image: ", pixel_format_name(src.format()), " ", width, "x", height,
           " needs ", need, " bytes but the input has ", src_size);
  std::vector<uint8_t> out(packed_image_size(dst.format(), width, height));
  const ImageView sv = make_image_view(src, width, height, const_cast<uint8_t*>(src_bytes), need);
  const ImageView dv = make_image_view(dst, width, height, out.data(), out.size());
  convert_color(sv, dv, opt);
  return out;
}

}  // namespace framekit
