// The table path of convert_color (Path::kSampleLut).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "framekit/core/parallel.h"
#include "imgproc/color_paths.h"

namespace framekit::color_detail {
namespace {

// YUV/gray → YUV/gray with one matrix (range, bit depth, layout and gray changes): each
// output sample is a function of one input sample, tabulated with the general engine's
// own float expressions so both give the same codes.
struct SampleLut {
  std::vector<uint16_t> t;
  void build(float a, float d, int src_max, float dst_max) {
    t.resize(static_cast<size_t>(src_max) + 1);
    for (int i = 0; i <= src_max; ++i) {
      const float v = a * static_cast<float>(i) + d;
      t[i] = static_cast<uint16_t>(std::trunc(std::min(std::max(v + 0.5F, 0.0F), dst_max)));
    }
  }
};

}  // namespace

bool diagonal_affine(const ConversionPlan& p) {
  const auto& m = p.affine.m;
  auto zero = [](double v) { return static_cast<float>(v) == 0.0F; };
  if (!zero(m[0][1]) || !zero(m[0][2])) return false;
  if (p.dst_model.family != ColorFamily::kYUV) return true;
  return zero(m[1][0]) && zero(m[1][2]) && zero(m[2][0]) && zero(m[2][1]);
}

namespace {

template <typename S, typename D>
void lut_row(const uint8_t* in, int sstep, int sshift, uint8_t* out, int dstep, int dshift,
             int n, const uint16_t* lut) {
  for (int i = 0; i < n; ++i) {
    S v;
    std::memcpy(&v, in + static_cast<ptrdiff_t>(i) * sstep * sizeof(S), sizeof(S));
    const D o = static_cast<D>(lut[v >> sshift] << dshift);
    std::memcpy(out + static_cast<ptrdiff_t>(i) * dstep * sizeof(D), &o, sizeof(D));
  }
}

}  // namespace

void run_sample_lut(const ConversionPlan& p, const ImageView& src, const ImageView& dst) {
  const auto& sd = src.desc();
  const auto& dd = dst.desc();
  const auto& m = p.affine.m;
  const int smax = static_cast<int>(p.src_model.max_code);
  const float dmax = static_cast<float>(p.dst_model.max_code);
  const int sshift = sd.msb_aligned ? 16 - sd.bit_depth : 0;
  const int dshift = dd.msb_aligned ? 16 - dd.bit_depth : 0;
  SampleLut ly, lu, lv;
  ly.build(static_cast<float>(m[0][0]), static_cast<float>(m[0][3]), smax, dmax);
  const bool chroma = dd.is_yuv();
  if (chroma) {
    lu.build(static_cast<float>(m[1][1]), static_cast<float>(m[1][3]), smax, dmax);
    lv.build(static_cast<float>(m[2][2]), static_cast<float>(m[2][3]), smax, dmax);
  }
  const bool s16 = sd.dtype == ScalarType::kUInt16, d16 = dd.dtype == ScalarType::kUInt16;
  auto row = [&](const uint8_t* in, int sstep, uint8_t* out, int dstep, int n, const SampleLut& l) {
    if (s16 && d16)
      lut_row<uint16_t, uint16_t>(in, sstep, sshift, out, dstep, dshift, n, l.t.data());
    else if (s16)
      lut_row<uint16_t, uint8_t>(in, sstep, sshift, out, dstep, dshift, n, l.t.data());
    else if (d16)
      lut_row<uint8_t, uint16_t>(in, sstep, sshift, out, dstep, dshift, n, l.t.data());
    else
      lut_row<uint8_t, uint8_t>(in, sstep, sshift, out, dstep, dshift, n, l.t.data());
  };
  const int w = src.width;
  const int cw = chroma ? dst.plane_width(1) : 0;
  const int ssy = chroma ? dd.log2_chroma_h : 0;
  const ChromaLayout sl = chroma ? chroma_layout(sd) : ChromaLayout{};
  const ChromaLayout dl = chroma ? chroma_layout(dd) : ChromaLayout{};
  const size_t ssz = s16 ? 2 : 1, dsz = d16 ? 2 : 1;
  parallel_for(0, src.height, band_rows(w, src.height), [&](int64_t r0, int64_t r1) {
    for (int y = static_cast<int>(r0); y < r1; ++y) {
      row(src.planes[0].row(y), 1, dst.planes[0].row(y), 1, w, ly);
      copy_alpha_row(src, dst, y);
      if (!chroma || (y & ((1 << ssy) - 1)) != 0) continue;
      const int r = y >> ssy;
      row(src.planes[sl.plane_u].row(r) + sl.off_u * ssz, sl.step,
          dst.planes[dl.plane_u].row(r) + dl.off_u * dsz, dl.step, cw, lu);
      row(src.planes[sl.plane_v].row(r) + sl.off_v * ssz, sl.step,
          dst.planes[dl.plane_v].row(r) + dl.off_v * dsz, dl.step, cw, lv);
    }
  });
}

}  // namespace framekit::color_detail
