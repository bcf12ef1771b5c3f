// The general color engine: every pair of formats, row by row, in float. Sources are
// read into float rows of raw sample values, one affine map takes them to the
// destination's raw values, and writers round, saturate and store. Chroma is
// resampled per axis following the siting rules in color.h.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "color/color_internal.h"
#include "color/general_kernels.h"
#include "framekit/core/error.h"
#include "framekit/core/parallel.h"

namespace framekit::color_detail {
namespace {

// Where a component's samples are: plane, item layout (see RowFormat) and the
// component's position in an item.
struct Loc {
  int plane = -1;
  int offset = 0;
  RowFormat fmt;
};

// One component of a multi-component read or write.
struct Comp {
  char c;
  float* data;
};

// Reads and writes the components of an ImageView as float rows of raw values, one
// kernel call per plane for all the components wanted from it.
class PlaneAccess {
 public:
  PlaneAccess(const ImageView& v, const GeneralKernels& k, float round_bias = 0.5F)
      : view_(v), desc_(v.desc()), k_(k) {
    RowFormat base;
    base.round_bias = round_bias;
    base.type = desc_.dtype == ScalarType::kFloat32 ? SampleType::kF32
                : desc_.dtype == ScalarType::kUInt16 ? SampleType::kU16
                                                     : SampleType::kU8;
    base.shift = desc_.msb_aligned ? 16 - desc_.bit_depth : 0;
    base.max_code = desc_.dtype == ScalarType::kFloat32 ? 1.0F
                    : desc_.bit_depth == 16 && desc_.dtype == ScalarType::kUInt16
                        ? 65535.0F
                        : static_cast<float>((1 << desc_.bit_depth) - 1);
    for (int p = 0; p < desc_.num_planes; ++p) {
      const auto& pd = desc_.planes[p];
      const int n = static_cast<int>(pd.components.size());
      bool first_y = true;
      for (int i = 0; i < n; ++i) {
        const char c = pd.components[i];
        Loc l{p, i, base};
        l.fmt.step = pd.channels;
        if (desc_.packed422) {
          l.fmt.step = 4;  // a chroma site: the whole Y U Y V group
          if (c == 'Y') {
            // Luma: items of two samples, the Y first or second in each.
            if (!first_y) continue;
            first_y = false;
            l.fmt.step = 2;
            l.offset = i;
          }
        }
        locs_[index(c)] = l;
      }
    }
  }

  // Row `row` of the components in `comps` (count samples each).
  void read(int row, int count, std::initializer_list<Comp> comps) const {
    for_each_group(comps, [&](const Loc& l, float* const* io) {
      k_.load_row(view_.planes[l.plane].row(row), l.fmt, count, io);
    });
  }

  // Writes count samples (raw values before rounding) of each component to row `row`.
  void write(int row, int count, std::initializer_list<Comp> comps) const {
    for_each_group(comps, [&](const Loc& l, float* const* io) {
      uint8_t* base = view_.planes[l.plane].row(row);
      bool whole = true;
      for (int i = 0; i < l.fmt.step; ++i) whole = whole && io[i] != nullptr;
      if (whole) {
        k_.store_row(base, l.fmt, count, io);
        return;
      }
      // Only YUYV-style rows are written in parts (luma and chroma separately).
      FK_CHECK(desc_.packed422, ErrorCode::kRuntime, "general engine: plane ", l.plane, " of ",
               desc_.name, " written in parts");
      for (int i = 0; i < l.fmt.step; ++i)
        if (io[i] != nullptr) write_packed422(base, l, i, count, io[i]);
    });
  }

 private:
  template <typename F>
  void for_each_group(std::initializer_list<Comp> comps, F&& f) const {
    bool done[4] = {};
    int n = 0;
    for (auto it = comps.begin(); it != comps.end(); ++it, ++n) {
      if (done[n]) continue;
      const Loc& l = locs_[index(it->c)];
      float* io[4] = {};
      int m = n;
      for (auto jt = it; jt != comps.end(); ++jt, ++m) {
        const Loc& lj = locs_[index(jt->c)];
        if (done[m] || lj.plane != l.plane || lj.fmt.step != l.fmt.step) continue;
        io[lj.offset] = jt->data;
        done[m] = true;
      }
      f(l, io);
    }
  }

  void write_packed422(uint8_t* base, const Loc& l, int offset, int count, const float* in) const {
    const float mx = l.fmt.max_code, bias = l.fmt.round_bias;
    if (l.fmt.step == 2) {
      // Luma, including an odd width's padding slot (which repeats the last sample).
      const int padded = view_.plane_width(0);
      for (int x = 0; x < padded; ++x)
        base[2 * x + offset] =
            static_cast<uint8_t>(general_scalar::quantize(in[std::min(x, count - 1)], mx, bias));
      return;
    }
    for (int x = 0; x < count; ++x)
      base[4 * x + offset] = static_cast<uint8_t>(general_scalar::quantize(in[x], mx, bias));
  }

  static int index(char c) {
    switch (c) {
      case 'Y':
        return 0;
      case 'U':
        return 1;
      case 'V':
        return 2;
      case 'R':
        return 3;
      case 'G':
        return 4;
      case 'B':
        return 5;
      default:
        return 6;  // 'A'
    }
  }

  ImageView view_;
  const PixelFormatDesc& desc_;
  GeneralKernels k_;
  std::array<Loc, 7> locs_{};
};

class ImageReader final : public RowReader {
 public:
  ImageReader(const ImageView& v, const GeneralKernels& k) : v_(v), acc_(v, k) {}
  int width() const override { return v_.width; }
  int height() const override { return v_.height; }
  int ssx() const override { return v_.desc().is_yuv() ? v_.desc().log2_chroma_w : 0; }
  int ssy() const override { return v_.desc().is_yuv() ? v_.desc().log2_chroma_h : 0; }
  void read_main(int y, float* c0, float* c1, float* c2, float* a) const override {
    const auto& d = v_.desc();
    float* alpha = d.has_alpha ? a : nullptr;
    if (d.is_rgb()) {
      if (alpha != nullptr)
        acc_.read(y, v_.width, {{'R', c0}, {'G', c1}, {'B', c2}, {'A', alpha}});
      else
        acc_.read(y, v_.width, {{'R', c0}, {'G', c1}, {'B', c2}});
    } else if (alpha != nullptr) {
      acc_.read(y, v_.width, {{'Y', c0}, {'A', alpha}});
    } else {
      acc_.read(y, v_.width, {{'Y', c0}});
    }
  }
  void read_chroma(int r, float* u, float* v) const override {
    const int cw = (v_.width + (1 << ssx()) - 1) >> ssx();
    acc_.read(r, cw, {{'U', u}, {'V', v}});
  }

 private:
  ImageView v_;
  PlaneAccess acc_;
};

class ImageWriter final : public RowWriter {
 public:
  ImageWriter(const ImageView& v, const GeneralKernels& k, Rounding r)
      : v_(v), acc_(v, k, r == Rounding::kTruncate ? 0.0F : 0.5F) {}
  int ssx() const override { return v_.desc().is_yuv() ? v_.desc().log2_chroma_w : 0; }
  int ssy() const override { return v_.desc().is_yuv() ? v_.desc().log2_chroma_h : 0; }
  void write_main(int y, const float* c0, const float* c1, const float* c2,
                  const float* a) override {
    const auto& d = v_.desc();
    auto m = [](const float* p) { return const_cast<float*>(p); };
    if (d.is_rgb()) {
      if (d.has_alpha)
        acc_.write(y, v_.width, {{'R', m(c0)}, {'G', m(c1)}, {'B', m(c2)}, {'A', m(a)}});
      else
        acc_.write(y, v_.width, {{'R', m(c0)}, {'G', m(c1)}, {'B', m(c2)}});
    } else if (d.has_alpha) {
      acc_.write(y, v_.width, {{'Y', m(c0)}, {'A', m(a)}});
    } else {
      acc_.write(y, v_.width, {{'Y', m(c0)}});
    }
  }
  void write_chroma(int r, const float* u, const float* v) override {
    const int cw = (v_.width + (1 << ssx()) - 1) >> ssx();
    acc_.write(r, cw, {{'U', const_cast<float*>(u)}, {'V', const_cast<float*>(v)}});
  }

 private:
  ImageView v_;
  PlaneAccess acc_;
};

// Resamples a source's chroma onto a target grid (subsampling tx, ty), one target row
// at a time, per axis: same subsampling → copy; target finer → centre-sited bilinear
// (or nearest); target coarser → box average of the samples that exist.
class ChromaResampler {
 public:
  ChromaResampler(const RowReader& r, int tx, int ty, ChromaUpsample up, const GeneralKernels& k)
      : r_(r), tx_(tx), ty_(ty), up_(up), k_(k) {
    sx_ = r.ssx();
    sy_ = r.ssy();
    sw_ = (r.width() + (1 << sx_) - 1) >> sx_;
    sh_ = (r.height() + (1 << sy_) - 1) >> sy_;
    tw_ = (r.width() + (1 << tx) - 1) >> tx;
    for (auto* b : {&vu_, &vv_}) b->resize(sw_);
    for (auto& c : cache_) {
      c.u.resize(sw_);
      c.v.resize(sw_);
    }
  }
  int target_width() const { return tw_; }

  void row(int t, float* u, float* v) {
    const float *pu, *pv;
    vertical(t, &pu, &pv);
    horizontal(pu, u);
    horizontal(pv, v);
  }

 private:
  // Source chroma row r, read once while it stays among the last three used (each row
  // of a 2x vertical upsampling serves four output rows).
  struct Cached {
    int index = -1;
    std::vector<float> u, v;
  };
  const Cached& fetch(int r) {
    for (const auto& c : cache_)
      if (c.index == r) return c;
    Cached& c = cache_[next_];
    next_ = (next_ + 1) % 3;
    r_.read_chroma(r, c.u.data(), c.v.data());
    c.index = r;
    return c;
  }

  void vertical(int t, const float** pu, const float** pv) {
    int a = t, b = t;
    float wa = 1, wb = 0;
    if (sy_ > ty_) {  // upsample
      a = t >> 1;
      if (up_ == ChromaUpsample::kBilinear) {
        b = std::clamp((t & 1) ? a + 1 : a - 1, 0, sh_ - 1);
        wa = 0.75F;
        wb = 0.25F;
      }
    } else if (sy_ < ty_) {  // downsample: rows 2t and 2t + 1 if it exists
      a = 2 * t;
      if (a + 1 < sh_) {
        b = a + 1;
        wa = wb = 0.5F;
      }
    }
    const Cached& ca = fetch(a);
    if (wb == 0) {
      *pu = ca.u.data();
      *pv = ca.v.data();
      return;
    }
    const Cached& cb = fetch(b);
    k_.lerp_row(vu_.data(), ca.u.data(), cb.u.data(), wa, wb, sw_);
    k_.lerp_row(vv_.data(), ca.v.data(), cb.v.data(), wa, wb, sw_);
    *pu = vu_.data();
    *pv = vv_.data();
  }

  void horizontal(const float* in, float* out) const {
    if (sx_ == tx_) {
      std::copy(in, in + tw_, out);
    } else if (sx_ > tx_) {
      k_.upsample_row(in, sw_, out, tw_, up_ == ChromaUpsample::kBilinear);
    } else {
      k_.downsample_row(in, sw_, out, tw_);
    }
  }

  const RowReader& r_;
  int tx_, ty_;
  ChromaUpsample up_;
  GeneralKernels k_;
  int sx_ = 0, sy_ = 0, sw_ = 0, sh_ = 0, tw_ = 0;
  Cached cache_[3];
  int next_ = 0;
  std::vector<float> vu_, vv_;
};

struct Coeffs {
  float m[3][4];
  float alpha_scale = 0;  // dst alpha = src alpha * scale, or alpha_const
  float alpha_const = 0;
};

// One band of destination chroma-row groups [g0, g1).
void run_band(const GeneralPlan& p, const Coeffs& k, int g0, int g1) {
  const RowReader& rd = *p.reader;
  RowWriter& wr = *p.writer;
  const GeneralKernels& kern = general_kernels();
  const int w = p.width;
  const int h = p.height;
  const bool src_yuv = p.src.family == ColorFamily::kYUV;
  const bool dst_yuv = p.dst.family == ColorFamily::kYUV;
  const int gh = dst_yuv ? 1 << wr.ssy() : 1;
  const int dsx = dst_yuv ? wr.ssx() : 0;
  const int dcw = (w + (1 << dsx) - 1) >> dsx;

  std::vector<float> c0(w), c1(w), c2(w), a(w, 0.0F), o0(w), o1(w), o2(w), oa(w);
  std::vector<float> ybox(static_cast<size_t>(w)), cu(w), cv(w), su(dcw), sv(dcw);
  std::vector<float> ygroup(static_cast<size_t>(w) * gh);
  ChromaResampler* full_res = nullptr;
  std::unique_ptr<ChromaResampler> full_holder, grid_holder;
  if (src_yuv) {
    full_holder = std::make_unique<ChromaResampler>(rd, 0, 0, p.upsample, kern);
    full_res = full_holder.get();
    if (dst_yuv)
      grid_holder = std::make_unique<ChromaResampler>(rd, dsx, wr.ssy(), p.upsample, kern);
  }
  const bool luma_needs_chroma = src_yuv && (k.m[0][1] != 0.0F || k.m[0][2] != 0.0F);
  // YUV → YUV: whether the destination chroma has a luma term (matrix changes).
  const bool chroma_needs_luma = k.m[1][0] != 0.0F || k.m[2][0] != 0.0F;
  const bool dst_gray = p.dst.family == ColorFamily::kGray;
  const bool src_gray = p.src.family == ColorFamily::kGray;
  const float luma_only[4] = {k.m[0][0], 0.0F, 0.0F, k.m[0][3]};
  const float alpha_k[4] = {k.alpha_scale, 0.0F, 0.0F, 0.0F};

  auto alpha_out = [&]() {
    if (p.src.has_alpha)
      kern.affine_row(oa.data(), a.data(), nullptr, nullptr, alpha_k, w);
    else
      std::fill(oa.begin(), oa.end(), k.alpha_const);
  };

  for (int g = g0; g < g1; ++g) {
    const int y0 = g * gh;
    const int y1 = std::min(h, y0 + gh);
    if (dst_yuv) {
      std::fill(su.begin(), su.end(), 0.0F);
      std::fill(sv.begin(), sv.end(), 0.0F);
    }
    for (int y = y0; y < y1; ++y) {
      rd.read_main(y, c0.data(), c1.data(), c2.data(), a.data());
      alpha_out();
      if (src_yuv && (dst_yuv || dst_gray)) {
        // Luma here; chroma (for a YUV destination) below on the destination grid.
        if (luma_needs_chroma) {
          full_res->row(y, cu.data(), cv.data());
          kern.affine_row(o0.data(), c0.data(), cu.data(), cv.data(), k.m[0], w);
        } else {
          kern.affine_row(o0.data(), c0.data(), nullptr, nullptr, luma_only, w);
        }
        if (dst_yuv && chroma_needs_luma)
          std::copy(c0.begin(), c0.end(), ygroup.begin() + static_cast<ptrdiff_t>(y - y0) * w);
        wr.write_main(y, o0.data(), nullptr, nullptr, oa.data());
        continue;
      }
      const float* q = c1.data();
      const float* r = c2.data();
      if (src_yuv) {
        full_res->row(y, cu.data(), cv.data());
        q = cu.data();
        r = cv.data();
      } else if (src_gray) {
        q = r = nullptr;  // one column: out = m[k][0] · Y + m[k][3]
      }
      kern.affine_row(o0.data(), c0.data(), q, r, k.m[0], w);
      if (!dst_gray) {
        kern.affine_row(o1.data(), c0.data(), q, r, k.m[1], w);
        kern.affine_row(o2.data(), c0.data(), q, r, k.m[2], w);
      }
      wr.write_main(y, o0.data(), o1.data(), o2.data(), oa.data());
      if (dst_yuv) {  // accumulate the chroma block sums
        kern.accumulate_row(su.data(), o1.data(), w, dsx);
        kern.accumulate_row(sv.data(), o2.data(), w, dsx);
      }
    }
    if (!dst_yuv) continue;
    const int rows = y1 - y0;
    const int r = y0 >> wr.ssy();
    if (src_yuv) {
      // Chroma on the destination grid: the source chroma resampled there plus the
      // luma term taken from the luma averaged over each chroma block.
      grid_holder->row(r, cu.data(), cv.data());
      if (chroma_needs_luma)
        kern.box_mean_row(ygroup.data(), rows > 1 ? ygroup.data() + w : nullptr, w, dsx,
                          ybox.data());
      // else ybox stays 0, and 0 · 0 adds exactly nothing
      kern.affine_row(su.data(), ybox.data(), cu.data(), cv.data(), k.m[1], dcw);
      kern.affine_row(sv.data(), ybox.data(), cu.data(), cv.data(), k.m[2], dcw);
    } else {
      for (int j = 0; j < dcw; ++j) {
        const int xa = j << dsx;
        const int n = rows * (std::min(w, xa + (1 << dsx)) - xa);
        su[j] /= static_cast<float>(n);
        sv[j] /= static_cast<float>(n);
      }
    }
    wr.write_chroma(r, su.data(), sv.data());
  }
}

}  // namespace

std::unique_ptr<RowReader> make_image_reader(const ImageView& v) {
  return std::make_unique<ImageReader>(v, general_kernels());
}
std::unique_ptr<RowWriter> make_image_writer(const ImageView& v, Rounding rounding) {
  return std::make_unique<ImageWriter>(v, general_kernels(), rounding);
}

int64_t band_rows(int width, int height, int64_t pixels) {
  int64_t rows = std::max<int64_t>(2, pixels / std::max(1, width));
  rows += rows & 1;
  return std::min<int64_t>(rows, height + (height & 1));
}

void run_general(const GeneralPlan& p) {
  const Affine af = conversion_affine(p.src, p.dst);
  Coeffs k;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) k.m[i][j] = static_cast<float>(af.m[i][j]);
  k.alpha_scale = static_cast<float>(p.dst.max_code / p.src.max_code);
  k.alpha_const = static_cast<float>(p.dst.max_code);
  const bool dst_yuv = p.dst.family == ColorFamily::kYUV;
  const int gh = dst_yuv ? 1 << p.writer->ssy() : 1;
  const int groups = (p.height + gh - 1) / gh;
  const int64_t grain = std::max<int64_t>(1, band_rows(p.width, p.height) / gh);
  parallel_for(0, groups, grain, [&](int64_t g0, int64_t g1) {
    run_band(p, k, static_cast<int>(g0), static_cast<int>(g1));
  });
}

}  // namespace framekit::color_detail
