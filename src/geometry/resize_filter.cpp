// Per-axis resampling weights for resize: which source samples each output reads and
// how much each counts. Built once per call; both the scalar and SIMD kernels use them.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "framekit/core/error.h"
#include "geometry/geometry_internal.h"

namespace framekit::geometry_detail {
namespace {

constexpr double kCubicA = -0.75;  // OpenCV's INTER_CUBIC (Keys with A = -0.75)

double cubic(double x) {
  x = std::fabs(x);
  if (x <= 1.0) return ((kCubicA + 2.0) * x - (kCubicA + 3.0)) * x * x + 1.0;
  if (x < 2.0) return ((kCubicA * x - 5.0 * kCubicA) * x + 8.0 * kCubicA) * x - 4.0 * kCubicA;
  return 0.0;
}

struct RawTap {
  int64_t index;  // may lie outside [0, src_len) before clamping
  double weight;
};

// The raw taps of output i, before edge clamping. At most 4 for bilinear/bicubic;
// area taps are the source pixels the box [i*S/D, (i+1)*S/D) overlaps.
void raw_taps(int64_t S, int64_t D, int64_t i, int mode, std::vector<RawTap>& out) {
  out.clear();
  if (mode == 3) {
    // Exact rational box: output i covers [i*S, (i+1)*S) in units of 1/D, source pixel
    // j covers [j*D, (j+1)*D).
    const int64_t lo = i * S, hi = (i + 1) * S;
    const int64_t first = lo / D, last = (hi + D - 1) / D - 1;
    for (int64_t j = first; j <= last; ++j) {
      const int64_t overlap = std::min(hi, (j + 1) * D) - std::max(lo, j * D);
      if (overlap > 0) out.push_back({j, static_cast<double>(overlap) / static_cast<double>(S)});
    }
    return;
  }
  const double f =
      (static_cast<double>(i) + 0.5) * static_cast<double>(S) / static_cast<double>(D) - 0.5;
  const double fl = std::floor(f);
  const double t = f - fl;
  const auto s = static_cast<int64_t>(fl);
  if (mode == 1) {
    out.push_back({s, 1.0 - t});
    out.push_back({s + 1, t});
  } else {
    out.push_back({s - 1, cubic(1.0 + t)});
    out.push_back({s, cubic(t)});
    out.push_back({s + 1, cubic(1.0 - t)});
    out.push_back({s + 2, 1.0 - cubic(1.0 + t) - cubic(t) - cubic(1.0 - t)});
  }
}

// The anti-aliased kernels, evaluated in the same double operations as Pillow's
// Resample.c so that its weights (and so its 8-bit results) come out the same.
constexpr double kPi = 3.14159265358979323846;

double sinc(double x) {
  if (x == 0.0) return 1.0;
  x = x * kPi;
  return std::sin(x) / x;
}

double aa_kernel(int mode, double x) {
  switch (mode) {
    case 4:
      return (x >= -3.0 && x < 3.0) ? sinc(x) * sinc(x / 3) : 0.0;
    case 5:
      x = std::fabs(x);
      return x < 1.0 ? 1.0 - x : 0.0;
    default: {
      constexpr double a = -0.5;
      x = std::fabs(x);
      if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
      if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
      return 0.0;
    }
  }
}

double aa_support(int mode) {
  return mode == 4 ? 3.0 : mode == 5 ? 1.0 : 2.0;
}

// Pillow's rounding of a weight to Q22: half away from zero, no correction of the sum.
int32_t to_q22(double w) {
  const double v = w * static_cast<double>(1 << kAaWeightBits);
  return static_cast<int32_t>(w < 0 ? v - 0.5 : v + 0.5);
}

// Output i covers the source interval centred on (i + 0.5) * scale; shrinking stretches
// the kernel by the scale. Taps are the source pixels whose centres lie within the
// support, clipped to the image, and their weights are renormalised to sum to 1.
AxisFilter make_aa_axis_filter(int src_len, int dst_len, int mode) {
  AxisFilter f;
  f.src_len = src_len;
  f.dst_len = dst_len;
  const double scale = static_cast<double>(src_len) / static_cast<double>(dst_len);
  const double stretch = std::max(scale, 1.0);
  const double support = aa_support(mode) * stretch;
  const double inv_stretch = 1.0 / stretch;
  std::vector<int> first(dst_len), count(dst_len);
  int widest = 1;
  for (int i = 0; i < dst_len; ++i) {
    const double centre = (i + 0.5) * scale;
    // Truncation toward zero, then clipping, as Pillow computes the bounds.
    const int lo = std::max(0, static_cast<int>(centre - support + 0.5));
    const int hi = std::min(src_len, static_cast<int>(centre + support + 0.5));
    first[i] = lo;
    count[i] = std::max(0, hi - lo);
    widest = std::max(widest, count[i]);
  }
  const int T = std::min(widest, src_len);
  f.taps = T;
  f.start.resize(dst_len);
  f.w.assign(static_cast<size_t>(dst_len) * T, 0.0);
  f.wq.assign(static_cast<size_t>(dst_len) * T, 0);
  f.wq22.assign(static_cast<size_t>(dst_len) * T, 0);
  for (int i = 0; i < dst_len; ++i) {
    const double centre = (i + 0.5) * scale;
    const int start = std::clamp(first[i], 0, src_len - T);
    f.start[i] = start;
    double* w = &f.w[static_cast<size_t>(i) * T];
    const int off = first[i] - start;
    double sum = 0.0;
    for (int k = 0; k < count[i]; ++k) {
      const double v = aa_kernel(mode, (k + first[i] - centre + 0.5) * inv_stretch);
      w[off + k] = v;
      sum += v;
    }
    if (sum != 0.0)
      for (int k = 0; k < count[i]; ++k) w[off + k] /= sum;
    int16_t* q = &f.wq[static_cast<size_t>(i) * T];
    int32_t* q22 = &f.wq22[static_cast<size_t>(i) * T];
    for (int k = 0; k < T; ++k) {
      q[k] = static_cast<int16_t>(std::lround(w[k] * (1 << kWeightBits)));
      q22[k] = to_q22(w[k]);
    }
  }
  return f;
}

}  // namespace

AxisFilter make_axis_filter(int src_len, int dst_len, int mode) {
  FK_CHECK_ARG(src_len > 0 && dst_len > 0, "resize: axis ", src_len, " -> ", dst_len,
               " (expected lengths > 0)");
  FK_CHECK_ARG(mode >= 1 && mode <= 6, "resize: filter mode ", mode, " has no weights");
  if (mode >= 4) return make_aa_axis_filter(src_len, dst_len, mode);
  AxisFilter f;
  f.src_len = src_len;
  f.dst_len = dst_len;
  const int64_t S = src_len, D = dst_len;

  std::vector<RawTap> taps;
  int max_taps = mode == 1 ? 2 : 4;
  if (mode == 3) {
    max_taps = 1;
    for (int64_t i = 0; i < D; ++i) {
      raw_taps(S, D, i, mode, taps);
      max_taps = std::max<int>(max_taps, static_cast<int>(taps.size()));
    }
  }
  // Clamped indices of an output always fit a window of T consecutive samples inside
  // the source, so every output is "start + T weights" (zeros where unused).
  const int T = std::min(max_taps, src_len);
  f.taps = T;
  f.start.resize(dst_len);
  f.w.assign(static_cast<size_t>(dst_len) * T, 0.0);
  f.wq.assign(static_cast<size_t>(dst_len) * T, 0);
  for (int64_t i = 0; i < D; ++i) {
    raw_taps(S, D, i, mode, taps);
    int64_t lowest = taps.front().index;
    for (const auto& t : taps) lowest = std::min(lowest, t.index);
    const int64_t start = std::clamp<int64_t>(lowest, 0, S - T);
    f.start[i] = static_cast<int32_t>(start);
    double* w = &f.w[i * T];
    for (const auto& t : taps) {
      const int64_t k = std::clamp<int64_t>(t.index, 0, S - 1) - start;
      FK_CHECK(k >= 0 && k < T, ErrorCode::kRuntime, "resize: tap outside its window");
      w[k] += t.weight;
    }
    // Q14 with an exact sum, so flat areas stay exactly flat: the rounding remainder
    // goes to the largest weight.
    int16_t* q = &f.wq[i * T];
    int sum = 0, big = 0;
    for (int k = 0; k < T; ++k) {
      q[k] = static_cast<int16_t>(std::lround(w[k] * (1 << kWeightBits)));
      sum += q[k];
      if (std::fabs(w[k]) > std::fabs(w[big])) big = k;
    }
    q[big] = static_cast<int16_t>(q[big] + ((1 << kWeightBits) - sum));
  }
  return f;
}

std::vector<int32_t> make_nearest_index(int src_len, int dst_len) {
  std::vector<int32_t> idx(dst_len);
  const int64_t S = src_len, D = dst_len;
  // The centre (i + 0.5) * S / D in 16.16 fixed point, rounded as OpenCV 4.6's
  // INTER_NEAREST_EXACT does, so that frames match it pixel for pixel. It differs from
  // the exact centre by less than (i + 1) / 2^17 pixel: only centres on (or within
  // that distance of) a pixel border can go to the other neighbour.
  const int64_t step = ((S << 16) + D / 2) / D;
  for (int64_t i = 0; i < D; ++i)
    idx[i] = static_cast<int32_t>(std::clamp<int64_t>((step * i + step / 2 - 1) >> 16, 0, S - 1));
  return idx;
}

std::vector<int32_t> make_nearest_floor_index(int src_len, int dst_len) {
  std::vector<int32_t> idx(dst_len);
  const double inv_scale = 1.0 / (static_cast<double>(dst_len) / src_len);
  for (int i = 0; i < dst_len; ++i)
    idx[i] = std::min(static_cast<int32_t>(std::floor(i * inv_scale)), src_len - 1);
  return idx;
}

}  // namespace framekit::geometry_detail
