// The chroma-grid path of convert_color (Path::kChromaGrid).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "framekit/core/parallel.h"
#include "imgproc/color_paths.h"

namespace framekit::color_detail {
namespace {

// 8-bit YUV → 8-bit YUV, same model, another chroma grid (4:2:0 ↔ 4:2:2 ↔ 4:4:4):
// luma copied, chroma resampled per axis as the general engine does (centre-sited
// bilinear 3/4 + 1/4 or nearest up, box average down), in integers: each axis yields
// a weighted sum with weights totalling 4 (bilinear), 2 (average) or 1, and one final
// round-half-up division gives the same codes as the float engine.
struct AxisTaps {
  int a = 0, b = 0;    // source indices
  int wa = 1, wb = 0;  // integer weights
};
AxisTaps axis_taps(int t, int src_log2, int dst_log2, int src_n, ChromaUpsample up) {
  AxisTaps k;
  if (src_log2 == dst_log2) {
    k.a = t;
  } else if (src_log2 > dst_log2) {  // upsample
    k.a = t >> 1;
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

}  // namespace

void run_chroma_grid(const ImageView& src, const ImageView& dst, ChromaUpsample up) {
  const auto& sd = src.desc();
  const auto& dd = dst.desc();
  const int w = src.width, h = src.height;
  const int sw = src.plane_width(1), sh = src.plane_height(1);
  const int dw = dst.plane_width(1), dh = dst.plane_height(1);
  const ChromaLayout sl = chroma_layout(sd), dl = chroma_layout(dd);
  // Horizontal taps are the same for every row.
  std::vector<AxisTaps> hx(dw);
  for (int x = 0; x < dw; ++x)
    hx[x] = axis_taps(x, sd.log2_chroma_w, dd.log2_chroma_w, sw, up);
  const int wh = hx.empty() ? 1 : hx[0].wa + hx[0].wb;
  // Every row (and every column) has the same weight total, edges included.
  const AxisTaps v0 = axis_taps(0, sd.log2_chroma_h, dd.log2_chroma_h, sh, up);
  const int total = wh * (v0.wa + v0.wb);  // 1, 2, 4, 8 or 16
  const int shift = total == 1 ? 0 : total == 2 ? 1 : total == 4 ? 2 : total == 8 ? 3 : 4;
  const int half = total / 2;
  parallel_for(0, h, band_rows(w, h), [&](int64_t r0, int64_t r1) {
    for (int y = static_cast<int>(r0); y < r1; ++y) {
      std::memcpy(dst.planes[0].row(y), src.planes[0].row(y), w);
      copy_alpha_row(src, dst, y);
    }
  });
  parallel_for(0, dh, std::max<int64_t>(1, band_rows(dw, dh)), [&](int64_t r0, int64_t r1) {
    std::vector<uint16_t> vert(static_cast<size_t>(sw));
    for (int t = static_cast<int>(r0); t < r1; ++t) {
      const AxisTaps v = axis_taps(t, sd.log2_chroma_h, dd.log2_chroma_h, sh, up);
      for (int c = 0; c < 2; ++c) {
        const int plane = c == 0 ? sl.plane_u : sl.plane_v;
        const int off = c == 0 ? sl.off_u : sl.off_v;
        const uint8_t* ra = src.planes[plane].row(v.a) + off;
        const uint8_t* rb = src.planes[plane].row(v.b) + off;
        const int st = sl.step;
        if (st == 1)
          for (int j = 0; j < sw; ++j)
            vert[j] = static_cast<uint16_t>(v.wa * ra[j] + v.wb * rb[j]);
        else
          for (int j = 0; j < sw; ++j)
            vert[j] = static_cast<uint16_t>(v.wa * ra[j * st] + v.wb * rb[j * st]);
        const int dplane = c == 0 ? dl.plane_u : dl.plane_v;
        uint8_t* out = dst.planes[dplane].row(t) + (c == 0 ? dl.off_u : dl.off_v);
        const int ds = dl.step;
        const uint16_t* vr = vert.data();
        if (sd.log2_chroma_w == dd.log2_chroma_w && ds == 1) {  // vertical only
          for (int x = 0; x < dw; ++x) out[x] = static_cast<uint8_t>((vr[x] + half) >> shift);
          continue;
        }
        if (sd.log2_chroma_w > dd.log2_chroma_w && up == ChromaUpsample::kBilinear &&
            ds == 1 && sw >= 2) {
          // 3/4 + 1/4 of the left (even x) or right (odd x) neighbour, edges replicated.
          for (int j = 0; j < sw; ++j) {
            const int c3 = 3 * vr[j];
            const int l = vr[j > 0 ? j - 1 : 0], r = vr[j + 1 < sw ? j + 1 : sw - 1];
            out[2 * j] = static_cast<uint8_t>((c3 + l + half) >> shift);
            if (2 * j + 1 < dw) out[2 * j + 1] = static_cast<uint8_t>((c3 + r + half) >> shift);
          }
          continue;
        }
        for (int x = 0; x < dw; ++x) {
          const AxisTaps& k = hx[x];
          const int sum = k.wa * vr[k.a] + k.wb * vr[k.b];
          out[x * ds] = static_cast<uint8_t>((sum + half) >> shift);
        }
      }
    }
  });
}

}  // namespace framekit::color_detail
