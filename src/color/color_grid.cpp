// The chroma-grid path of convert_color ("repack:chroma" in color_paths.cpp): YUV → YUV under one model
// (8-bit, or 10/12-bit on both sides) with another chroma grid (4:2:0 ↔ 4:2:2 ↔ 4:4:4,
// P010 → yuv444p10 …) or, at 8 bits, another layout of the same grid involving packed
// 4:2:2 (YUYV ↔ I422, YUYV ↔ UYVY). 10/12-bit samples above the format's maximum are
// clamped to it first. Luma is copied; chroma is
// resampled per axis as the general engine does (centre-sited bilinear 3/4 + 1/4 or
// nearest up, box average down), in integers: each axis yields a weighted sum with
// weights totalling 4 (bilinear), 2 (average) or 1, and one final round-half-up division
// gives the float engine's codes.
#include <algorithm>
#include <cstring>
#include <vector>

#include "color/color_paths.h"
#include "color/grid_kernels.h"
#include "color/repack_kernels.h"
#include "framekit/core/parallel.h"

namespace framekit::color_detail {
namespace {

struct AxisTaps {
  int a = 0, b = 0;    // source indices
  int wa = 1, wb = 0;  // integer weights
};
AxisTaps axis_taps(int t, int src_log2, int dst_log2, int src_n, ChromaUpsample up) {
  AxisTaps k;
  if (src_log2 == dst_log2) {
    k.a = k.b = t;
  } else if (src_log2 > dst_log2) {  // upsample
    k.a = k.b = t >> 1;
    if (up == ChromaUpsample::kBilinear) {
      k.b = std::clamp((t & 1) ? k.a + 1 : k.a - 1, 0, src_n - 1);
      k.wa = 3;
      k.wb = 1;
    }
  } else {  // downsample; a missing second sample counts the first twice
    k.a = 2 * t;
    k.b = k.a + 1 < src_n ? k.a + 1 : k.a;
    k.wb = 1;
  }
  return k;
}

GridH horizontal_mode(int src_log2, int dst_log2, ChromaUpsample up) {
  if (src_log2 == dst_log2) return GridH::kSame;
  if (src_log2 < dst_log2) return GridH::kDown;
  return up == ChromaUpsample::kBilinear ? GridH::kUpBilinear : GridH::kUpNearest;
}

// How a side stores its chroma: planes, one interleaved plane, or YUYV-style pixels.
enum class Layout { kPlanar, kSemi, kPacked };
struct Side {
  Layout layout = Layout::kPlanar;
  ChromaLayout chroma{};
  Order422 order{};
  int cw = 0, ch = 0;  // chroma samples per row, chroma rows
  int shift = 0;       // 10/12-bit samples sit this many bits up (P010: 6)
};
Side side_of(const ImageView& v) {
  const auto& d = v.desc();
  Side s;
  s.shift = d.msb_aligned ? 16 - d.bit_depth : 0;
  if (d.packed422) {
    s.layout = Layout::kPacked;
    s.order = order_422(d.planes[0].components.data());
    s.cw = (v.width + 1) / 2;
    s.ch = v.height;
  } else {
    s.chroma = chroma_layout(d);
    s.layout = s.chroma.step == 2 ? Layout::kSemi : Layout::kPlanar;
    s.cw = v.plane_width(1);
    s.ch = v.plane_height(1);
  }
  return s;
}

// Per-thread rows for unpacking or de-interleaving the source and staging the output
// (`bytes` per sample: 1, or 2 for 10/12-bit).
struct Scratch {
  std::vector<uint8_t> mem;
  std::vector<uint16_t> wide;
  uint8_t *u[2], *v[2], *du, *dv, *y;
  Scratch(int sw, int dw, int w, int bytes)
      : mem(static_cast<size_t>(bytes) * (4 * static_cast<size_t>(sw) + 2 * dw + w) + 64) {
    wide.resize(static_cast<size_t>(sw) + 64);
    uint8_t* p = mem.data();
    for (int i = 0; i < 2; ++i) {
      u[i] = p;
      p += bytes * sw;
      v[i] = p;
      p += bytes * sw;
    }
    du = p;
    p += bytes * dw;
    dv = p;
    p += bytes * dw;
    y = p;
  }
};

}  // namespace

void run_chroma_grid(const ImageView& src, const ImageView& dst, ChromaUpsample up) {
  const auto& sd = src.desc();
  const auto& dd = dst.desc();
  const int w = src.width, h = src.height;
  const Side ss = side_of(src), ds = side_of(dst);
  const GridKernels& gk = grid_kernels();
  const RepackKernels& rk = repack_kernels();
  const bool wide = sd.dtype == ScalarType::kUInt16;  // 10/12-bit (both sides)
  const int bytes = wide ? 2 : 1;
  const GridRowFn grid_row = wide ? gk.row16 : gk.row;
  const AxisTaps v0 = axis_taps(0, sd.log2_chroma_h, dd.log2_chroma_h, ss.ch, up);
  GridRow proto;
  proto.sw = ss.cw;
  proto.dw = ds.cw;
  proto.h = horizontal_mode(sd.log2_chroma_w, dd.log2_chroma_w, up);
  const int wh = proto.h == GridH::kSame || proto.h == GridH::kUpNearest ? 1
                 : proto.h == GridH::kDown                               ? 2
                                                                         : 4;
  const int total = wh * (v0.wa + v0.wb);  // every output has the same weight total
  proto.shift = total == 1 ? 0 : total == 2 ? 1 : total == 4 ? 2 : total == 8 ? 3 : 4;
  proto.wa = v0.wa;  // the vertical weights are the same for every row, edges included
  proto.wb = v0.wb;
  proto.vmax = static_cast<uint16_t>((1 << sd.bit_depth) - 1);
  // Luma and alpha rows of planar destinations, when the source's luma is not packed
  // with its chroma (then unpacking writes it, below).
  if (ds.layout != Layout::kPacked) {
    parallel_for(0, h, band_rows(w, h), [&](int64_t r0, int64_t r1) {
      const bool shifted = ss.shift != ds.shift;  // P010 ↔ yuv420p10
      if (ss.layout != Layout::kPacked && !shifted)
        copy_rows(src.planes[0], dst.planes[0], static_cast<size_t>(w) * bytes,
                  static_cast<int>(r0), static_cast<int>(r1));
      for (int y = static_cast<int>(r0); y < r1; ++y) {
        if (ss.layout != Layout::kPacked && shifted)
          rk.shift_u16(src.planes[0].row(y), dst.planes[0].row(y), w, {ss.shift, ds.shift});
        if (dd.has_alpha) copy_alpha_row(src, dst, y);
      }
    });
  }
  parallel_for(0, ds.ch, std::max<int64_t>(1, band_rows(ds.cw, ds.ch)), [&](int64_t r0,
                                                                              int64_t r1) {
    Scratch sc(ss.cw, ds.cw, w, bytes);
    GridRow row = proto;  // only the row pointers change from call to call
    // Planar U and V of source chroma row r, in scratch slot `slot` when they need
    // unpacking; a packed source's luma goes to the destination's luma row (or to
    // scratch when the destination is packed too).
    auto fetch = [&](int r, int slot, const uint8_t** u, const uint8_t** v) {
      switch (ss.layout) {
        case Layout::kPlanar:
          *u = src.planes[ss.chroma.plane_u].row(r);
          *v = src.planes[ss.chroma.plane_v].row(r);
          return;
        case Layout::kSemi: {
          const bool uv = ss.chroma.off_u == 0;
          uint8_t* first = uv ? sc.u[slot] : sc.v[slot];
          uint8_t* second = uv ? sc.v[slot] : sc.u[slot];
          if (wide)
            rk.split2_u16(src.planes[1].row(r), first, second, ss.cw, {ss.shift, 0});
          else
            rk.split2_u8(src.planes[1].row(r), first, second, ss.cw);
          break;
        }
        case Layout::kPacked:
          gk.unpack422(src.planes[0].row(r), ss.order,
                       ds.layout == Layout::kPacked ? sc.y : dst.planes[0].row(r), sc.u[slot],
                       sc.v[slot], w);
          break;
      }
      *u = sc.u[slot];
      *v = sc.v[slot];
    };
    for (int t = static_cast<int>(r0); t < r1; ++t) {
      const AxisTaps v = axis_taps(t, sd.log2_chroma_h, dd.log2_chroma_h, ss.ch, up);
      const uint8_t *ua, *va, *ub, *vb;
      fetch(v.a, 0, &ua, &va);
      if (v.b != v.a) {
        fetch(v.b, 1, &ub, &vb);
      } else {
        ub = ua;
        vb = va;
      }
      uint8_t* du = ds.layout == Layout::kPlanar ? dst.planes[ds.chroma.plane_u].row(t) : sc.du;
      uint8_t* dv = ds.layout == Layout::kPlanar ? dst.planes[ds.chroma.plane_v].row(t) : sc.dv;
      row.a = ua;
      row.b = ub;
      grid_row(row, sc.wide.data(), du);
      row.a = va;
      row.b = vb;
      grid_row(row, sc.wide.data(), dv);
      if (ds.layout == Layout::kSemi) {
        const bool uv = ds.chroma.off_u == 0;
        if (wide)
          rk.join2_u16(uv ? du : dv, uv ? dv : du, dst.planes[1].row(t), ds.cw, {0, ds.shift});
        else
          rk.join2_u8(uv ? du : dv, uv ? dv : du, dst.planes[1].row(t), ds.cw);
      } else if (ds.layout == Layout::kPacked) {
        // A packed destination is 4:2:2: chroma row t goes with luma row t.
        const uint8_t* luma = ss.layout == Layout::kPacked ? sc.y : src.planes[0].row(t);
        gk.pack422(luma, du, dv, ds.order, dst.planes[0].row(t), w);
      }
    }
  });
}

}  // namespace framekit::color_detail
