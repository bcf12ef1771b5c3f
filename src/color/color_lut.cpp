// The table path of convert_color ("repack:lut" in color_paths.cpp).
//
// YUV/gray → YUV/gray with one matrix (range, bit depth, layout and gray changes): each
// output sample is a function of one input sample. That function is defined by a
// table built with the general engine's own float expression, so both give the same
// codes. Rows do not look the table up: at plan time an integer formula (see
// sample_kernels.h) is fitted to it and checked against every input the rows can
// hold, and SIMD kernels evaluate the formula. Identity tables are plain copies or
// re-shifts; a table no formula fits stays a scalar table loop.
#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

#include "color/color_paths.h"
#include "color/repack_kernels.h"
#include "color/sample_io.h"
#include "color/sample_kernels.h"
#include "framekit/core/fork_safe.h"
#include "framekit/core/parallel.h"

namespace framekit::color_detail {
namespace {

std::atomic<bool> g_fit_enabled{true};

}  // namespace

void set_sample_fit_enabled(bool enabled) {
  g_fit_enabled.store(enabled);
}

uint32_t sample_table_code(float a, float d, float dmax, uint32_t v) {
  const float x = a * static_cast<float>(v) + d;
  // Clamped to [0, dmax], so converting truncates as std::trunc would (without its
  // library call: a 16-bit source has 65536 codes).
  return static_cast<uint32_t>(std::min(std::max(x + 0.5F, 0.0F), dmax));
}

std::vector<uint16_t> sample_table(float a, float d, uint32_t smax, uint32_t dmax) {
  std::vector<uint16_t> t(static_cast<size_t>(smax) + 1);
  for (uint32_t i = 0; i <= smax; ++i)
    t[i] = static_cast<uint16_t>(sample_table_code(a, d, static_cast<float>(dmax), i));
  return t;
}

std::optional<SampleAffine> fit_sample_affine(float a, float d, uint32_t vmax, uint32_t dmax) {
  if (!(a > 0.0F) || !std::isfinite(a) || !std::isfinite(d) || vmax > 65535 || dmax > 65535 ||
      dmax == 0)
    return std::nullopt;
  // The codes never decrease (a > 0, and every float step of the expression is
  // monotonic), so once they reach dmax they stay there: inputs past that point
  // (vcap) are clamped to it and need no check.
  std::vector<uint32_t> ref;
  ref.reserve(std::min<size_t>(vmax + 1, 4096));
  const float fmax = static_cast<float>(dmax);
  for (uint32_t v = 0; v <= vmax; ++v) {
    ref.push_back(sample_table_code(a, d, fmax, v));
    if (ref.back() == dmax) break;
  }
  const auto vcap = static_cast<uint32_t>(ref.size() - 1);

  // The add, a multiple of `step`, that makes (v * mul + add) >> s give every
  // reference code, if any: each code bounds it from below (unless 0: the clamp) and
  // from above (unless dmax). The nearest to the exact offset is taken.
  auto fit = [&](int s, int64_t mul, int64_t step) -> std::optional<SampleAffine> {
    const int64_t one = int64_t{1} << s;
    int64_t lo = -(int64_t{1} << 61), hi = int64_t{1} << 61;
    for (uint32_t v = 0; v <= vcap && lo <= hi; ++v) {
      const int64_t r = ref[v], p = v * mul;
      if (r > 0) lo = std::max(lo, r * one - p);
      if (r < dmax) hi = std::min(hi, (r + 1) * one - 1 - p);
    }
    const int64_t k_lo = lo >= 0 ? (lo + step - 1) / step : -(-lo / step);
    const int64_t k_hi = hi >= 0 ? hi / step : -((-hi + step - 1) / step);
    if (k_lo > k_hi) return std::nullopt;
    SampleAffine f;
    f.mul = mul;
    f.add =
        step * std::clamp<int64_t>(std::llround((d + 0.5) * std::ldexp(1.0, s) / step), k_lo, k_hi);
    f.shift = s;
    f.vcap = vcap;
    f.dmax = dmax;
    sample_affine_pick_lanes(f);
    if (!sample_affine_valid(f, true)) return std::nullopt;
    for (uint32_t v = 0; v <= vcap; ++v)  // the exhaustive check (the bounds say so too)
      if (sample_affine_code(f, v) != ref[v]) return std::nullopt;
    return f;
  };
  // At the largest shift in [min_s, max_s] where `room(2^s)` holds, the multipliers
  // nearest slope * 2^s that are multiples of mul_step, and their fits in `lanes` or
  // a faster form.
  auto attempt = [&](double slope, int min_s, int max_s, int64_t mul_step, int64_t add_step,
                     SampleLanes lanes, auto room) -> std::optional<SampleAffine> {
    int s = max_s;
    while (s >= min_s && !room(std::ldexp(1.0, s))) --s;
    if (s < min_s) return std::nullopt;
    const int64_t m0 = std::llround(slope * std::ldexp(1.0, s) / mul_step);
    for (int64_t dm : {0, -1, 1, -2, 2}) {
      if (m0 + dm < 0) continue;
      const auto f = fit(s, (m0 + dm) * mul_step, add_step);
      if (f && f->lanes <= lanes) return f;
    }
    return std::nullopt;
  };
  int pre = 0;  // kHigh: inputs moved to the top of their 16-bit lane
  while (pre < 15 && (static_cast<int64_t>(vcap) << (pre + 1)) <= 65535) ++pre;
  const int64_t step = int64_t{1} << pre;
  const double add_top = std::max(0.0, d + 0.5);
  auto any_form = [&](double slope) -> std::optional<SampleAffine> {
    const double m = std::max<double>(a, slope) * (1 + 1e-6);
    if (auto f = attempt(slope, 16, 31, step, 65536, SampleLanes::kHigh,
                         [&](double one) { return m * one + 2.0 * step <= 65535.0 * step; }))
      return f;
    if (auto f = attempt(slope, 0, 15, 1, 1, SampleLanes::kLow,
                         [&](double one) { return vcap * slope * one <= 65535; }))
      return f;
    if (auto f = attempt(slope, 0, 31, 1, 1, SampleLanes::kWide, [&](double one) {
          return vcap * (m * one + 2) + add_top * one + 2 <= 2147483647.0;
        }))
      return f;
    return attempt(slope, 16, 46, 1, 65536, SampleLanes::kSplit, [&](double one) {
      return m * one <= std::ldexp(1.0, 46) &&
             vcap * (m * one + 2) / 65536 + add_top * one / 65536 + 2 <= 2147483647.0;
    });
  };
  if (auto f = any_form(a)) return f;

  // The float expression is not exactly affine: look for the slope that leaves the
  // widest band between the codes' lower and upper bounds (a concave function of the
  // slope). Only the first input of each code bounds from below, the last from above.
  std::vector<std::pair<double, double>> lower, upper;  // (v, bound)
  for (uint32_t v = 0; v <= vcap; ++v) {
    if (ref[v] > 0 && (v == 0 || ref[v - 1] != ref[v])) lower.emplace_back(v, ref[v]);
    if (ref[v] < dmax && (v == vcap || ref[v + 1] != ref[v])) upper.emplace_back(v, ref[v] + 1.0);
  }
  auto band = [&](double m) {
    double lo = -1e300, hi = 1e300;
    for (const auto& [v, r] : lower) lo = std::max(lo, r - m * v);
    for (const auto& [v, r] : upper) hi = std::min(hi, r - m * v);
    return hi - lo;
  };
  double m_lo = a * (1 - 1e-3), m_hi = a * (1 + 1e-3);
  for (int i = 0; i < 80; ++i) {
    const double m1 = m_lo + (m_hi - m_lo) / 3, m2 = m_hi - (m_hi - m_lo) / 3;
    if (band(m1) < band(m2))
      m_lo = m1;
    else
      m_hi = m2;
  }
  const double best = (m_lo + m_hi) / 2;
  if (!(band(best) > 0)) return std::nullopt;  // no line at all
  return any_form(best);
}

namespace {

// How one component's rows are converted.
struct ComponentOp {
  enum class Kind { kCopy, kShift, kAffine, kTable } kind = Kind::kTable;
  SampleAffine f;       // kAffine
  RepackShift reshift;  // kShift (kCopy: both 0)
  float a = 0, d = 0;   // kTable: the table and, past its end, its expression
  float fmax = 0;
  int sshift = 0, dshift = 0;
  std::shared_ptr<const std::vector<uint16_t>> table;

  // The output code of one stored input sample, for the scalar loops.
  uint32_t code(uint32_t raw) const {
    switch (kind) {
      case Kind::kCopy:
      case Kind::kShift:
        return (raw >> reshift.sshift) << reshift.dshift;
      case Kind::kAffine:
        return sample_affine_code(f, raw);
      case Kind::kTable:
        break;
    }
    const uint32_t v = raw >> sshift;
    // 10/12-bit samples in 16-bit words can hold values past the table: the general
    // engine maps those with the same expression, clamped.
    const uint32_t c = v < table->size() ? (*table)[v] : sample_table_code(a, d, fmax, v);
    return c << dshift;
  }
};

struct Sides {
  uint32_t smax;  // the source model's largest code (the table's last index)
  uint32_t vmax;  // the largest significant value the source rows can hold
  uint32_t dmax;
  int sshift, dshift;
  bool s16, d16;
};

// A component's formula, or its table when none fits. Fitting a 16-bit source checks
// 65536 inputs, so results are kept for the next frames (a few models recur).
struct Fitted {
  std::optional<SampleAffine> f;
  std::shared_ptr<const std::vector<uint16_t>> table;
};

Fitted fit_component(float a, float d, uint32_t smax, uint32_t vmax, uint32_t dmax) {
  struct Entry {
    uint32_t a, d, smax, vmax, dmax;
    bool fit;
    Fitted result;
  };
  const Entry key{std::bit_cast<uint32_t>(a),
                  std::bit_cast<uint32_t>(d),
                  smax,
                  vmax,
                  dmax,
                  g_fit_enabled.load(),
                  {}};
  auto same = [&](const Entry& e) {
    return e.a == key.a && e.d == key.d && e.smax == key.smax && e.vmax == key.vmax &&
           e.dmax == key.dmax && e.fit == key.fit;
  };
  static ProcessMutex& mutex = *new ProcessMutex();  // leaked: fork hooks use it
  static std::deque<Entry> cache;
  {
    const std::lock_guard<ProcessMutex> lock(mutex);
    for (const Entry& e : cache)
      if (same(e)) return e.result;
  }
  Entry entry = key;
  if (key.fit) entry.result.f = fit_sample_affine(a, d, vmax, dmax);
  if (!entry.result.f)
    entry.result.table =
        std::make_shared<const std::vector<uint16_t>>(sample_table(a, d, smax, dmax));
  const std::lock_guard<ProcessMutex> lock(mutex);
  if (std::none_of(cache.begin(), cache.end(), same)) {
    cache.push_back(entry);
    if (cache.size() > 32) cache.pop_front();
  }
  return entry.result;
}

ComponentOp make_op(float a, float d, const Sides& s) {
  ComponentOp op;
  op.a = a;
  op.d = d;
  op.fmax = static_cast<float>(s.dmax);
  op.sshift = s.sshift;
  op.dshift = s.dshift;
  Fitted fitted_component = fit_component(a, d, s.smax, s.vmax, s.dmax);
  const auto& fitted = fitted_component.f;
  if (!fitted) {
    op.table = std::move(fitted_component.table);
    return op;
  }
  op.kind = ComponentOp::Kind::kAffine;
  op.f = *fitted;
  op.f.sshift = s.sshift;
  op.f.dshift = s.dshift;
  // Codes v << k for every input the rows can hold: a copy or a re-shift.
  if (s.s16 == s.d16 && s.vmax == s.smax) {
    const uint32_t c1 = sample_affine_code(*fitted, 1);
    int k = 0;
    while (k < 16 && (1u << k) < c1) ++k;
    bool pure = (1u << k) == c1 && (s.s16 || k == 0);
    for (uint32_t v = 0; pure && v <= s.vmax; ++v) pure = sample_affine_code(*fitted, v) == v << k;
    if (pure) {
      op.reshift = RepackShift{s.sshift, s.dshift + k};
      // Equal non-zero shifts still clear the low bits (MSB-aligned noise).
      op.kind = op.reshift.sshift == 0 && op.reshift.dshift == 0 ? ComponentOp::Kind::kCopy
                                                                 : ComponentOp::Kind::kShift;
    }
  }
  return op;
}

template <typename S, typename D>
void strided_row_t(const uint8_t* in, int sstep, uint8_t* out, int dstep, int n,
                   const ComponentOp& op) {
  for (int i = 0; i < n; ++i) {
    const S v = load_sample<S>(in, static_cast<ptrdiff_t>(i) * sstep);
    store_sample(out, static_cast<ptrdiff_t>(i) * dstep, static_cast<D>(op.code(v)));
  }
}

}  // namespace

bool diagonal_affine(const ConversionPlan& p) {
  const auto& m = p.affine.m;
  auto zero = [](double v) { return static_cast<float>(v) == 0.0F; };
  if (!zero(m[0][1]) || !zero(m[0][2])) return false;
  if (p.dst_model.family != ColorFamily::kYUV) return true;
  return zero(m[1][0]) && zero(m[1][2]) && zero(m[2][0]) && zero(m[2][1]);
}

void run_sample_lut(const ConversionPlan& p, const ImageView& src, const ImageView& dst) {
  const auto& sd = src.desc();
  const auto& dd = dst.desc();
  const auto& m = p.affine.m;
  Sides sides;
  sides.s16 = sd.dtype == ScalarType::kUInt16;
  sides.d16 = dd.dtype == ScalarType::kUInt16;
  sides.smax = static_cast<uint32_t>(p.src_model.max_code);
  sides.dmax = static_cast<uint32_t>(p.dst_model.max_code);
  sides.sshift = sd.msb_aligned ? 16 - sd.bit_depth : 0;
  sides.dshift = dd.msb_aligned ? 16 - dd.bit_depth : 0;
  sides.vmax = sides.s16 && !sd.msb_aligned ? 65535 : sides.smax;
  const bool chroma = dd.is_yuv();
  const auto f = [](double v) { return static_cast<float>(v); };
  const ComponentOp oy = make_op(f(m[0][0]), f(m[0][3]), sides);
  ComponentOp ou, ov;
  bool uv_same = true;
  if (chroma) {
    ou = make_op(f(m[1][1]), f(m[1][3]), sides);
    uv_same = f(m[1][1]) == f(m[2][2]) && f(m[1][3]) == f(m[2][3]);
    if (!uv_same) ov = make_op(f(m[2][2]), f(m[2][3]), sides);
  }
  const ComponentOp& ovr = uv_same ? ou : ov;

  const SampleKernels& sk = sample_kernels();
  const RepackKernels& rk = repack_kernels();
  const bool s16 = sides.s16, d16 = sides.d16;
  const size_t ssz = s16 ? 2 : 1, dsz = d16 ? 2 : 1;
  const SampleRowFn affine_fn = s16 ? (d16 ? sk.u16_u16 : sk.u16_u8) : (d16 ? sk.u8_u16 : sk.u8_u8);
  auto strided = [&](const ComponentOp& op, const uint8_t* in, int sstep, uint8_t* out, int dstep,
                     int n) {
    if (s16 && d16)
      strided_row_t<uint16_t, uint16_t>(in, sstep, out, dstep, n, op);
    else if (s16)
      strided_row_t<uint16_t, uint8_t>(in, sstep, out, dstep, n, op);
    else if (d16)
      strided_row_t<uint8_t, uint16_t>(in, sstep, out, dstep, n, op);
    else
      strided_row_t<uint8_t, uint8_t>(in, sstep, out, dstep, n, op);
  };
  // n contiguous samples.
  auto apply = [&](const ComponentOp& op, const uint8_t* in, uint8_t* out, int n) {
    switch (op.kind) {
      case ComponentOp::Kind::kCopy:
        std::memcpy(out, in, n * ssz);
        return;
      case ComponentOp::Kind::kShift:
        rk.shift_u16(in, out, n, op.reshift);
        return;
      case ComponentOp::Kind::kAffine:
        affine_fn(in, out, n, op.f);
        return;
      case ComponentOp::Kind::kTable:
        strided(op, in, 1, out, 1, n);
        return;
    }
  };
  auto split2 = [&](const uint8_t* in, uint8_t* a, uint8_t* b, int n) {
    if (d16)
      rk.split2_u16(in, a, b, n, RepackShift{});
    else
      rk.split2_u8(in, a, b, n);
  };
  auto join2 = [&](const uint8_t* a, const uint8_t* b, uint8_t* out, int n) {
    if (d16)
      rk.join2_u16(a, b, out, n, RepackShift{});
    else
      rk.join2_u8(a, b, out, n);
  };

  const int w = src.width;
  const int cw = chroma ? dst.plane_width(1) : 0;
  const int ssy = chroma ? dd.log2_chroma_h : 0;
  const ChromaLayout sl = chroma ? chroma_layout(sd) : ChromaLayout{};
  const ChromaLayout dl = chroma ? chroma_layout(dd) : ChromaLayout{};
  // Chroma row r: U and V converted in place when both sides share a layout, else
  // converted contiguously and re-laid with the split/join kernels.
  auto chroma_row = [&](int r, std::vector<uint8_t>& scratch) {
    const uint8_t* s_row = src.planes[sl.plane_u].row(r);
    uint8_t* d_row = dst.planes[dl.plane_u].row(r);
    const uint8_t* su = s_row + sl.off_u * ssz;
    const uint8_t* sv = src.planes[sl.plane_v].row(r) + sl.off_v * ssz;
    uint8_t* du = d_row + dl.off_u * dsz;
    uint8_t* dv = dst.planes[dl.plane_v].row(r) + dl.off_v * dsz;
    if (sl.step == 1 && dl.step == 1) {
      apply(ou, su, du, cw);
      apply(ovr, sv, dv, cw);
      return;
    }
    if (!uv_same) {  // never with today's models: U and V share scale and offset
      strided(ou, su, sl.step, du, dl.step, cw);
      strided(ov, sv, sl.step, dv, dl.step, cw);
      return;
    }
    if (sl.step == 2 && dl.step == 2 && sl.off_u == dl.off_u) {
      apply(ou, s_row, d_row, 2 * cw);
      return;
    }
    const size_t half = cw * dsz;
    scratch.resize(4 * half);
    uint8_t* t = scratch.data();  // 2 * cw converted samples
    uint8_t* ta = t + 2 * half;
    uint8_t* tb = t + 3 * half;
    if (sl.step == 2) {
      apply(ou, s_row, t, 2 * cw);
      if (dl.step == 2) {  // UV ↔ VU
        split2(t, ta, tb, cw);
        join2(tb, ta, d_row, cw);
      } else {
        split2(t, sl.off_u == 0 ? du : dv, sl.off_u == 0 ? dv : du, cw);
      }
      return;
    }
    apply(ou, su, ta, cw);
    apply(ovr, sv, tb, cw);
    join2(dl.off_u == 0 ? ta : tb, dl.off_u == 0 ? tb : ta, d_row, cw);
  };

  parallel_for(0, src.height, band_rows(w, src.height), [&](int64_t r0, int64_t r1) {
    std::vector<uint8_t> scratch;
    for (int y = static_cast<int>(r0); y < r1; ++y) {
      apply(oy, src.planes[0].row(y), dst.planes[0].row(y), w);
      copy_alpha_row(src, dst, y);
      if (!chroma || (y & ((1 << ssy) - 1)) != 0) continue;
      chroma_row(y >> ssy, scratch);
    }
  });
}

}  // namespace framekit::color_detail
