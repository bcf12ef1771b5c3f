// The general colour engine: every pair of formats, row by row, in float. Sources are
// read into float rows of raw sample values, one affine map takes them to the
// destination's raw values, and writers round, saturate and store. Chroma is
// resampled per axis following the siting rules in color.h.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/core/parallel.h"
#include "imgproc/color_internal.h"

namespace framekit::color_detail {
namespace {

template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <typename T>
void store(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof v);
}

// Where a component's samples are: plane, first sample of the row, samples between
// consecutive pixels (or chroma sites).
struct Loc {
  int plane = -1;
  int offset = 0;
  int step = 1;
  bool valid() const { return plane >= 0; }
};

// Reads and writes individual components of an ImageView as floats of raw values.
class PlaneAccess {
 public:
  explicit PlaneAccess(const ImageView& v) : view_(v), desc_(v.desc()) {
    shift_ = desc_.msb_aligned ? 16 - desc_.bit_depth : 0;
    max_code_ =
        desc_.dtype == ScalarType::kFloat32 ? 1.0F : static_cast<float>((1 << desc_.bit_depth) - 1);
    if (desc_.bit_depth == 16 && desc_.dtype == ScalarType::kUInt16) max_code_ = 65535.0F;
    for (int p = 0; p < desc_.num_planes; ++p) {
      const auto& pd = desc_.planes[p];
      const int n = static_cast<int>(pd.components.size());
      for (int i = 0; i < n; ++i) {
        const char c = pd.components[i];
        Loc l{p, i, desc_.packed422 ? 4 : pd.channels};
        if (desc_.packed422 && c == 'Y') {
          packed_y_[packed_y_count_++] = i;
          l.step = 2;  // unused for packed Y
        }
        locs_[index(c)] = l;
      }
    }
  }

  const Loc& loc(char c) const { return locs_[index(c)]; }
  bool has(char c) const { return loc(c).valid(); }

  // Row `row` of component `c` (count samples) into out.
  void read(char c, int row, int count, float* out) const {
    const Loc& l = loc(c);
    const uint8_t* base = view_.planes[l.plane].row(row);
    if (desc_.packed422 && c == 'Y') {
      for (int x = 0; x < count; ++x) out[x] = base[4 * (x >> 1) + packed_y_[x & 1]];
      return;
    }
    switch (desc_.dtype) {
      case ScalarType::kUInt8:
        for (int x = 0; x < count; ++x) out[x] = base[l.offset + x * l.step];
        break;
      case ScalarType::kUInt16:
        for (int x = 0; x < count; ++x)
          out[x] = static_cast<float>(load<uint16_t>(base + 2 * (l.offset + x * l.step)) >> shift_);
        break;
      default:
        for (int x = 0; x < count; ++x) out[x] = load<float>(base + 4 * (l.offset + x * l.step));
        break;
    }
  }

  // Writes count samples (raw values before rounding) to row `row` of component c.
  void write(char c, int row, int count, const float* in) const {
    const Loc& l = loc(c);
    uint8_t* base = view_.planes[l.plane].row(row);
    const float mx = max_code_;
    // Round half up and saturate: clamping first makes truncation equal floor, and
    // keeps the loop free of library calls so it vectorises.
    auto quant = [mx](float v) { return std::trunc(std::min(std::max(v + 0.5F, 0.0F), mx)); };
    if (desc_.packed422 && c == 'Y') {
      const int padded = view_.plane_width(0);  // Y slots including an odd width's padding
      for (int x = 0; x < padded; ++x)
        base[4 * (x >> 1) + packed_y_[x & 1]] =
            static_cast<uint8_t>(quant(in[std::min(x, count - 1)]));
      return;
    }
    switch (desc_.dtype) {
      case ScalarType::kUInt8:
        for (int x = 0; x < count; ++x)
          base[l.offset + x * l.step] = static_cast<uint8_t>(quant(in[x]));
        break;
      case ScalarType::kUInt16:
        for (int x = 0; x < count; ++x)
          store<uint16_t>(base + 2 * (l.offset + x * l.step),
                          static_cast<uint16_t>(static_cast<uint32_t>(quant(in[x])) << shift_));
        break;
      default:
        for (int x = 0; x < count; ++x)
          store<float>(base + 4 * (l.offset + x * l.step), std::clamp(in[x], 0.0F, 1.0F));
        break;
    }
  }

  float max_code() const { return max_code_; }

 private:
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
  std::array<Loc, 7> locs_{};
  int packed_y_[2] = {0, 2};
  int packed_y_count_ = 0;
  int shift_ = 0;
  float max_code_ = 255;
};

class ImageReader final : public RowReader {
 public:
  explicit ImageReader(const ImageView& v) : v_(v), acc_(v) {}
  int width() const override { return v_.width; }
  int height() const override { return v_.height; }
  int ssx() const override { return v_.desc().is_yuv() ? v_.desc().log2_chroma_w : 0; }
  int ssy() const override { return v_.desc().is_yuv() ? v_.desc().log2_chroma_h : 0; }
  void read_main(int y, float* c0, float* c1, float* c2, float* a) const override {
    const auto& d = v_.desc();
    if (d.is_rgb()) {
      acc_.read('R', y, v_.width, c0);
      acc_.read('G', y, v_.width, c1);
      acc_.read('B', y, v_.width, c2);
    } else {
      acc_.read('Y', y, v_.width, c0);
    }
    if (d.has_alpha && a != nullptr) acc_.read('A', y, v_.width, a);
  }
  void read_chroma(int r, float* u, float* v) const override {
    const int cw = (v_.width + (1 << ssx()) - 1) >> ssx();
    acc_.read('U', r, cw, u);
    acc_.read('V', r, cw, v);
  }

 private:
  ImageView v_;
  PlaneAccess acc_;
};

class ImageWriter final : public RowWriter {
 public:
  explicit ImageWriter(const ImageView& v) : v_(v), acc_(v) {}
  int ssx() const override { return v_.desc().is_yuv() ? v_.desc().log2_chroma_w : 0; }
  int ssy() const override { return v_.desc().is_yuv() ? v_.desc().log2_chroma_h : 0; }
  void write_main(int y, const float* c0, const float* c1, const float* c2,
                  const float* a) override {
    const auto& d = v_.desc();
    if (d.is_rgb()) {
      acc_.write('R', y, v_.width, c0);
      acc_.write('G', y, v_.width, c1);
      acc_.write('B', y, v_.width, c2);
    } else {
      acc_.write('Y', y, v_.width, c0);
    }
    if (d.has_alpha) acc_.write('A', y, v_.width, a);
  }
  void write_chroma(int r, const float* u, const float* v) override {
    const int cw = (v_.width + (1 << ssx()) - 1) >> ssx();
    acc_.write('U', r, cw, u);
    acc_.write('V', r, cw, v);
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
  ChromaResampler(const RowReader& r, int tx, int ty, ChromaUpsample up)
      : r_(r), tx_(tx), ty_(ty), up_(up) {
    sw_ = (r.width() + (1 << r.ssx()) - 1) >> r.ssx();
    sh_ = (r.height() + (1 << r.ssy()) - 1) >> r.ssy();
    tw_ = (r.width() + (1 << tx) - 1) >> tx;
    for (auto* b : {&u0_, &v0_, &u1_, &v1_, &vu_, &vv_}) b->resize(sw_);
  }
  int target_width() const { return tw_; }

  void row(int t, float* u, float* v) {
    vertical(t);
    horizontal(vu_.data(), u);
    horizontal(vv_.data(), v);
  }

 private:
  void vertical(int t) {
    const int sy = r_.ssy();
    if (sy == ty_) {
      r_.read_chroma(t, vu_.data(), vv_.data());
      return;
    }
    int a = 0, b = 0;
    float wa = 1, wb = 0;
    if (sy > ty_) {  // upsample
      a = t >> 1;
      if (up_ == ChromaUpsample::kBilinear) {
        b = std::clamp((t & 1) ? a + 1 : a - 1, 0, sh_ - 1);
        wa = 0.75F;
        wb = 0.25F;
      }
    } else {  // downsample: rows 2t and 2t + 1 if it exists
      a = 2 * t;
      if (a + 1 < sh_) {
        b = a + 1;
        wa = wb = 0.5F;
      }
    }
    r_.read_chroma(a, vu_.data(), vv_.data());
    if (wb == 0) return;
    r_.read_chroma(b, u1_.data(), v1_.data());
    for (int j = 0; j < sw_; ++j) {
      vu_[j] = wa * vu_[j] + wb * u1_[j];
      vv_[j] = wa * vv_[j] + wb * v1_[j];
    }
  }

  void horizontal(const float* in, float* out) const {
    const int sx = r_.ssx();
    if (sx == tx_) {
      std::copy(in, in + tw_, out);
    } else if (sx > tx_) {
      for (int x = 0; x < tw_; ++x) {
        const int a = x >> 1;
        if (up_ == ChromaUpsample::kNearest) {
          out[x] = in[a];
        } else {
          const int b = std::clamp((x & 1) ? a + 1 : a - 1, 0, sw_ - 1);
          out[x] = 0.75F * in[a] + 0.25F * in[b];
        }
      }
    } else {
      for (int x = 0; x < tw_; ++x) {
        const int a = 2 * x;
        out[x] = a + 1 < sw_ ? 0.5F * (in[a] + in[a + 1]) : in[a];
      }
    }
  }

  const RowReader& r_;
  int tx_, ty_;
  ChromaUpsample up_;
  int sw_ = 0, sh_ = 0, tw_ = 0;
  std::vector<float> u0_, v0_, u1_, v1_, vu_, vv_;
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
    full_holder = std::make_unique<ChromaResampler>(rd, 0, 0, p.upsample);
    full_res = full_holder.get();
    if (dst_yuv) grid_holder = std::make_unique<ChromaResampler>(rd, dsx, wr.ssy(), p.upsample);
  }
  const bool luma_needs_chroma = src_yuv && (k.m[0][1] != 0.0F || k.m[0][2] != 0.0F);
  const bool dst_gray = p.dst.family == ColorFamily::kGray;
  // The matrix as locals: the compiler cannot otherwise prove that the stores to the
  // output rows leave it alone, and would neither keep it in registers nor vectorise.
  const float m00 = k.m[0][0], m01 = k.m[0][1], m02 = k.m[0][2], m03 = k.m[0][3];
  const float m10 = k.m[1][0], m11 = k.m[1][1], m12 = k.m[1][2], m13 = k.m[1][3];
  const float m20 = k.m[2][0], m21 = k.m[2][1], m22 = k.m[2][2], m23 = k.m[2][3];
  // out[x] = a * p[x] + b * q[x] + c * r[x] + d over the row (q, r may be null: 0).
  auto affine_row = [w](float* __restrict out, const float* __restrict pr,
                        const float* __restrict qr, const float* __restrict rr, float a, float b,
                        float c, float d) {
    if (qr == nullptr)
      for (int x = 0; x < w; ++x) out[x] = a * pr[x] + d;
    else
      for (int x = 0; x < w; ++x) out[x] = a * pr[x] + b * qr[x] + c * rr[x] + d;
  };

  auto alpha_out = [&]() {
    if (p.src.has_alpha)
      for (int x = 0; x < w; ++x) oa[x] = a[x] * k.alpha_scale;
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
          affine_row(o0.data(), c0.data(), cu.data(), cv.data(), m00, m01, m02, m03);
        } else {
          affine_row(o0.data(), c0.data(), nullptr, nullptr, m00, 0, 0, m03);
        }
        if (dst_yuv)
          std::copy(c0.begin(), c0.end(), ygroup.begin() + static_cast<ptrdiff_t>(y - y0) * w);
        wr.write_main(y, o0.data(), nullptr, nullptr, oa.data());
        continue;
      }
      if (src_yuv) {
        full_res->row(y, cu.data(), cv.data());
        c1.swap(cu);
        c2.swap(cv);
      }
      affine_row(o0.data(), c0.data(), c1.data(), c2.data(), m00, m01, m02, m03);
      affine_row(o1.data(), c0.data(), c1.data(), c2.data(), m10, m11, m12, m13);
      affine_row(o2.data(), c0.data(), c1.data(), c2.data(), m20, m21, m22, m23);
      if (src_yuv) {
        c1.swap(cu);
        c2.swap(cv);
      }
      wr.write_main(y, o0.data(), o1.data(), o2.data(), oa.data());
      if (dst_yuv) {  // accumulate the chroma block sums
        for (int x = 0; x < w; ++x) {
          su[x >> dsx] += o1[x];
          sv[x >> dsx] += o2[x];
        }
      }
    }
    if (!dst_yuv) continue;
    const int rows = y1 - y0;
    const int r = y0 >> wr.ssy();
    if (src_yuv) {
      // Chroma on the destination grid: the source chroma resampled there plus the
      // luma term taken from the luma averaged over each chroma block.
      grid_holder->row(r, cu.data(), cv.data());
      for (int j = 0; j < dcw; ++j) {
        const int xa = j << dsx;
        const int xb = std::min(w, xa + (1 << dsx));
        float s = 0;
        for (int yy = 0; yy < rows; ++yy)
          for (int x = xa; x < xb; ++x) s += ygroup[static_cast<size_t>(yy) * w + x];
        ybox[j] = s / static_cast<float>(rows * (xb - xa));
      }
      for (int j = 0; j < dcw; ++j) {
        su[j] = m10 * ybox[j] + m11 * cu[j] + m12 * cv[j] + m13;
        sv[j] = m20 * ybox[j] + m21 * cu[j] + m22 * cv[j] + m23;
      }
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
  return std::make_unique<ImageReader>(v);
}
std::unique_ptr<RowWriter> make_image_writer(const ImageView& v) {
  return std::make_unique<ImageWriter>(v);
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
