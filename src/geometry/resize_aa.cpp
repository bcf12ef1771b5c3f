// The anti-aliased filters (kLanczos3, kBilinearAA, kBicubicAA) on 8-bit planes, computed
// as Pillow computes them so that thumbnails match it exactly: the horizontal pass first,
// over the source rows the vertical pass will need, into an 8-bit intermediate plane, then
// the vertical pass. Both round Q22 sums to bytes. The scalar twins of the row kernels are
// here too (the SIMD ones: resize_aa_simd.cpp).
#include <algorithm>
#include <cstring>
#include <list>
#include <memory>
#include <mutex>
#include <vector>

#include "framekit/core/fork_safe.h"
#include "framekit/core/parallel.h"
#include "geometry/geometry_internal.h"

namespace framekit::geometry_detail {
namespace {

constexpr int32_t kAaHalf = 1 << (kAaWeightBits - 1);
constexpr int64_t kMinBandRows = 16;

uint8_t round_q22(int32_t sum) {
  return static_cast<uint8_t>(std::clamp((sum + kAaHalf) >> kAaWeightBits, 0, 255));
}

void plan_aa_scalar(AaHPlan& plan) {
  plan.simd_outputs = 0;
  plan.lanes = 0;
  plan.chunks = 0;
  plan.weights.clear();
}

void hpass_aa_scalar(const uint8_t* src, const AaHPlan& plan, uint8_t* dst) {
  resize_aa_hpass_scalar(0, src, plan, dst);
}

void hpass2_aa_scalar(const uint8_t* src0, const uint8_t* src1, const AaHPlan& plan, uint8_t* dst0,
                      uint8_t* dst1) {
  resize_aa_hpass_scalar(0, src0, plan, dst0);
  resize_aa_hpass_scalar(0, src1, plan, dst1);
}

void vpass_aa_scalar(const uint8_t* const* rows, const int32_t* w, int taps, size_t n,
                     uint8_t* dst) {
  resize_aa_vpass_scalar(0, rows, w, taps, n, dst);
}

// What one plane shape needs beyond the pixels: the axes' weights and the target's
// horizontal tables. Cached (video resizes one shape frame after frame, and Lanczos
// weights cost a sine per tap).
struct AaPlan {
  AxisFilter fx, fy;  // fx empty when the width stays, fy when the height stays
  AaHPlan h;
};

struct AaPlanKey {
  int sw, sh, dw, dh, channels, mode;
  const ResizeAaKernelsU8* kernels;
  bool operator==(const AaPlanKey&) const = default;
};

std::shared_ptr<const AaPlan> aa_plan(const AaPlanKey& key) {
  static ProcessMutex& mu = *new ProcessMutex();  // leaked: fork hooks use it
  static std::list<std::pair<AaPlanKey, std::shared_ptr<const AaPlan>>> cache;  // recent first
  constexpr size_t kCapacity = 8;
  {
    std::lock_guard<ProcessMutex> lock(mu);
    for (auto it = cache.begin(); it != cache.end(); ++it) {
      if (it->first == key) {
        cache.splice(cache.begin(), cache, it);
        return cache.front().second;
      }
    }
  }
  auto p = std::make_shared<AaPlan>();
  if (key.sw != key.dw) {
    p->fx = make_axis_filter(key.sw, key.dw, key.mode);
    p->h.filter = &p->fx;
    p->h.channels = key.channels;
    key.kernels->plan(p->h);
  }
  if (key.sh != key.dh) p->fy = make_axis_filter(key.sh, key.dh, key.mode);
  std::lock_guard<ProcessMutex> lock(mu);
  cache.emplace_front(key, p);
  if (cache.size() > kCapacity) cache.pop_back();
  return p;
}

}  // namespace

void resize_aa_hpass_scalar(int x0, const uint8_t* src, const AaHPlan& plan, uint8_t* dst) {
  const AxisFilter& f = *plan.filter;
  const int C = plan.channels, T = f.taps;
  for (int x = x0; x < f.dst_len; ++x) {
    const uint8_t* s = src + static_cast<ptrdiff_t>(f.start[x]) * C;
    const int32_t* w = &f.wq22[static_cast<size_t>(x) * T];
    for (int c = 0; c < C; ++c) {
      int32_t sum = 0;
      for (int k = 0; k < T; ++k) sum += s[k * C + c] * w[k];
      dst[static_cast<ptrdiff_t>(x) * C + c] = round_q22(sum);
    }
  }
}

void resize_aa_vpass_scalar(size_t i0, const uint8_t* const* rows, const int32_t* w, int taps,
                            size_t n, uint8_t* dst) {
  for (size_t i = i0; i < n; ++i) {
    int32_t sum = 0;
    for (int k = 0; k < taps; ++k) sum += rows[k][i] * w[k];
    dst[i] = round_q22(sum);
  }
}

const ResizeAaKernelsU8& resize_aa_kernels_u8_scalar() noexcept {
  static const ResizeAaKernelsU8 k{"scalar", &plan_aa_scalar, &hpass_aa_scalar, &hpass2_aa_scalar,
                                   &vpass_aa_scalar};
  return k;
}

void resize_plane_u8_aa(const PlaneRef& src, const PlaneRef& dst, int mode) {
  const ResizeAaKernelsU8& k = resize_aa_kernels_u8();
  const int C = src.elem_bytes;
  const auto plan = aa_plan(AaPlanKey{src.width, src.height, dst.width, dst.height, C, mode, &k});
  const AaHPlan& h = plan->h;
  const AxisFilter& fy = plan->fy;

  // Rows [first, first + count) of `in` filtered horizontally into rows 0.. of `out`.
  auto horizontal = [&](const PlaneRef& in, int first, int count, const PlaneRef& out) {
    parallel_for(0, count, kMinBandRows, [&](int64_t r0, int64_t r1) {
      int64_t r = r0;
      for (; r + 2 <= r1; r += 2) {
        const int y = static_cast<int>(r);
        k.hpass2(in.row(first + y), in.row(first + y + 1), h, out.row(y), out.row(y + 1));
      }
      if (r < r1) k.hpass(in.row(first + static_cast<int>(r)), h, out.row(static_cast<int>(r)));
    });
  };
  // Output rows from `in`, whose row 0 is source row `first`.
  auto vertical = [&](const PlaneRef& in, int first, const PlaneRef& out) {
    const int T = fy.taps;
    const size_t n = out.row_bytes();
    parallel_for(0, out.height, kMinBandRows, [&](int64_t y0, int64_t y1) {
      std::vector<const uint8_t*> rows(T);
      for (int64_t y = y0; y < y1; ++y) {
        for (int t = 0; t < T; ++t) rows[t] = in.row(fy.start[y] + t - first);
        k.vpass(rows.data(), &fy.wq22[static_cast<size_t>(y) * T], T, n,
                out.row(static_cast<int>(y)));
      }
    });
  };

  if (src.height == dst.height) return horizontal(src, 0, src.height, dst);
  if (src.width == dst.width) return vertical(src, 0, dst);
  // Only the source rows some output row reads are filtered horizontally.
  const int first = fy.start.front();
  const int count = fy.start.back() + fy.taps - first;
  std::vector<uint8_t> mid(static_cast<size_t>(count) * dst.row_bytes());
  const PlaneRef m{mid.data(), static_cast<ptrdiff_t>(dst.row_bytes()), dst.width, count, C};
  horizontal(src, first, count, m);
  vertical(m, first, dst);
}

}  // namespace framekit::geometry_detail
