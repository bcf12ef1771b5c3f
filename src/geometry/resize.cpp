// Plane resizers: separable two-pass filters over output row bands (parallel_for; each
// band owns its buffers). 8-bit planes: when the height shrinks (or stays) each output
// row is first filtered vertically from its source rows into one int16 row, then
// horizontally; when it grows, each needed source row is filtered horizontally once
// into a ring of int16 rows that the vertical pass combines. 16-bit and float planes
// use the ring pipeline in float. Exact 2:1 has its own 2x2 average.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <list>
#include <memory>
#include <mutex>
#include <type_traits>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/core/fork_safe.h"
#include "framekit/core/parallel.h"
#include "geometry/geometry_internal.h"

namespace framekit::geometry_detail {
namespace {

// Rows per band: small enough to balance threads, large enough that refilling the
// ring (taps - 1 rows) at each band start stays negligible.
constexpr int64_t kMinBandRows = 16;
// Vertical-first resizes prefetch the next output row's source rows when they (taps x row
// bytes) fit in this many: then they sit in L1 beside the working set and their misses are
// hidden; wider rows would evict the rows still being filtered (bench_geometry shows both).
constexpr size_t kPrefetchRowBytes = 8192;

void copy_plane(const PlaneRef& src, const PlaneRef& dst) {
  const size_t bytes = dst.row_bytes();
  parallel_for(0, dst.height, kMinBandRows, [&](int64_t y0, int64_t y1) {
    for (int64_t y = y0; y < y1; ++y)
      std::memcpy(dst.row(static_cast<int>(y)), src.row(static_cast<int>(y)), bytes);
  });
}

// Ring slot of source row r: windows only move forward, so a row keeps its slot while
// it is needed and T consecutive rows never share a slot.
template <typename Row>
struct RowRing {
  int taps;
  size_t row_elems;
  std::vector<Row> data;
  std::vector<int> tag;
  RowRing(int taps_, size_t row_elems_)
      : taps(taps_), row_elems(row_elems_), data(taps_ * row_elems_, Row{}), tag(taps_, -1) {}
  // Returns the slot for row r and whether it must be (re)computed.
  Row* slot(int r, bool& fill) {
    const int s = r % taps;
    fill = tag[s] != r;
    tag[s] = r;
    return &data[s * row_elems];
  }
};

}  // namespace

void resize_plane_nearest(const PlaneRef& src, const PlaneRef& dst, int mode) {
  const auto index = mode == kNearestFloorMode ? make_nearest_floor_index : make_nearest_index;
  const std::vector<int32_t> xs = index(src.width, dst.width);
  const std::vector<int32_t> ys = index(src.height, dst.height);
  const int E = src.elem_bytes;
  parallel_for(0, dst.height, kMinBandRows, [&](int64_t y0, int64_t y1) {
    for (int64_t y = y0; y < y1; ++y) {
      uint8_t* d = dst.row(static_cast<int>(y));
      if (y > y0 && ys[y] == ys[y - 1]) {  // upscaling repeats rows: copy the last one
        std::memcpy(d, dst.row(static_cast<int>(y - 1)), dst.row_bytes());
        continue;
      }
      const uint8_t* s = src.row(ys[y]);
      switch (E) {
        case 1:
          for (int x = 0; x < dst.width; ++x) d[x] = s[xs[x]];
          break;
        case 2:
          for (int x = 0; x < dst.width; ++x) std::memcpy(d + 2 * x, s + 2 * xs[x], 2);
          break;
        case 4:
          for (int x = 0; x < dst.width; ++x) std::memcpy(d + 4 * x, s + 4 * xs[x], 4);
          break;
        default:
          for (int x = 0; x < dst.width; ++x)
            std::memcpy(d + static_cast<size_t>(x) * E, s + static_cast<size_t>(xs[x]) * E, E);
      }
    }
  });
}

namespace {

// Everything a resize of one plane shape needs that does not depend on the pixels:
// axis weights and the target's shuffle tables. Cached, since video resizes the same
// shapes frame after frame.
struct PlanU8 {
  AxisFilter fx, fy;
  HPlanU8 h;
  bool vertical_first = false;
};

struct PlanKey {
  int sw, sh, dw, dh, channels, mode;
  const ResizeKernelsU8* kernels;
  bool operator==(const PlanKey&) const = default;
};

std::shared_ptr<const PlanU8> plan_u8(const PlanKey& key) {
  static ProcessMutex& mu = *new ProcessMutex();  // leaked: fork hooks use it
  static std::list<std::pair<PlanKey, std::shared_ptr<const PlanU8>>> cache;  // most recent first
  constexpr size_t kCapacity = 16;
  {
    std::lock_guard<ProcessMutex> lock(mu);
    for (auto it = cache.begin(); it != cache.end(); ++it) {
      if (it->first == key) {
        cache.splice(cache.begin(), cache, it);
        return cache.front().second;
      }
    }
  }
  auto p = std::make_shared<PlanU8>();
  p->fx = make_axis_filter(key.sw, key.dw, key.mode);
  p->fy = make_axis_filter(key.sh, key.dh, key.mode);
  // Shrinking (or keeping) the height: filter the rows first, so the horizontal pass
  // runs once per output row; growing it: filter each source row once into a ring.
  p->vertical_first = key.dh <= key.sh;
  HPlanU8& h = p->h;
  h.filter = &p->fx;
  h.channels = key.channels;
  h.out_elems = key.dw * key.channels;
  h.padded_elems = h.out_elems;
  if (p->vertical_first) {
    h.shift = kCentredShift;  // centred Q7 rows x Q14 weights
    h.offset = kCentredOffset;
    key.kernels->plan_i16(h);
  } else {
    // Bicubic overshoots [0, 255] by up to ~19%: one bit less keeps int16 rows safe.
    h.shift = key.mode == 2 ? 8 : 7;
    key.kernels->plan_u8(h, static_cast<size_t>(key.sw) * key.channels);
  }
  std::lock_guard<ProcessMutex> lock(mu);
  cache.emplace_front(key, p);
  if (cache.size() > kCapacity) cache.pop_back();
  return p;
}

}  // namespace

namespace {

// 16-bit and float planes: the same two passes in float, on the float row kernels (SIMD
// with scalar twins). Integer outputs store as
// clamp(floor(v * inv_scale + 0.5), 0, top) << shift (IntStore); float outputs as is.
struct IntStore {
  float inv_scale = 1.F;
  float top = 255.F;
  int shift = 0;
};

template <typename T>
void resize_plane_float_engine(const PlaneRef& src, const PlaneRef& dst, int C, int mode,
                               IntStore st = {}) {
  const ResizeFloatKernels& k = resize_float_kernels();
  const AxisFilter fx = make_axis_filter(src.width, dst.width, mode);
  const AxisFilter fy = make_axis_filter(src.height, dst.height, mode);
  const int TX = fx.taps, TY = fy.taps;
  const size_t row_elems = static_cast<size_t>(dst.width) * C;
  const size_t in_elems = static_cast<size_t>(src.width) * C;
  // Per output element e = x * C + c: its first tap's sample and the tap weights, tap-major.
  std::vector<int32_t> idx(row_elems);
  std::vector<float> wt(static_cast<size_t>(TX) * row_elems);
  for (int x = 0; x < dst.width; ++x)
    for (int c = 0; c < C; ++c) {
      const size_t e = static_cast<size_t>(x) * C + c;
      idx[e] = fx.start[x] * C + c;
      for (int t = 0; t < TX; ++t)
        wt[static_cast<size_t>(t) * row_elems + e] =
            static_cast<float>(fx.w[static_cast<size_t>(x) * TX + t]);
    }
  const std::vector<float> wy(fy.w.begin(), fy.w.end());
  std::vector<int32_t> windows;
  k.plan_hfilter(idx.data(), TX, C, row_elems, in_elems, &windows);

  constexpr bool kFloat = std::is_same_v<T, float>;
  // A source row as float: the row itself (float planes) or `tmp` filled from it.
  auto source_row = [&](int r, float* tmp) -> const float* {
    if constexpr (kFloat) {
      return reinterpret_cast<const float*>(src.row(r));
    } else if constexpr (std::is_same_v<T, uint16_t>) {
      k.widen_u16(reinterpret_cast<const uint16_t*>(src.row(r)), in_elems, tmp);
      return tmp;
    } else {
      const uint8_t* b = src.row(r);
      for (size_t i = 0; i < in_elems; ++i) tmp[i] = static_cast<float>(b[i]);
      return tmp;
    }
  };

  // Shrinking (or keeping) the height: per output row, the vertical sum of the source
  // rows (widened once each, in a ring), then the horizontal taps. Growing it: each
  // source row filtered horizontally once into a ring, then the vertical sum.
  const bool vertical_first = dst.height <= src.height;
  parallel_for(0, dst.height, kMinBandRows, [&](int64_t y0, int64_t y1) {
    std::vector<const float*> rows(TY);
    std::vector<float> out_row(kFloat ? 0 : row_elems);
    if (vertical_first) {
      RowRing<float> ring(TY, kFloat ? 0 : in_elems);
      std::vector<float> mid(in_elems);
      for (int64_t y = y0; y < y1; ++y) {
        const int s = fy.start[y];
        for (int t = 0; t < TY; ++t) {
          if constexpr (kFloat) {
            rows[t] = source_row(s + t, nullptr);  // float rows are read in place
          } else {
            bool fill = false;
            float* r = ring.slot(s + t, fill);
            rows[t] = fill ? source_row(s + t, r) : r;
          }
        }
        k.vfilter(rows.data(), &wy[static_cast<size_t>(y) * TY], TY, in_elems, mid.data());
        float* o = kFloat ? reinterpret_cast<float*>(dst.row(static_cast<int>(y))) : out_row.data();
        k.hfilter(mid.data(), idx.data(), wt.data(), TX, C, row_elems, windows, o);
        if constexpr (!kFloat)
          k.store_int(o, row_elems, st.inv_scale, st.top, st.shift, static_cast<int>(sizeof(T)),
                      dst.row(static_cast<int>(y)));
      }
      return;
    }
    RowRing<float> ring(TY, row_elems);
    std::vector<float> in_row(kFloat ? 0 : in_elems);
    for (int64_t y = y0; y < y1; ++y) {
      const int s = fy.start[y];
      for (int t = 0; t < TY; ++t) {
        bool fill = false;
        float* r = ring.slot(s + t, fill);
        if (fill)
          k.hfilter(source_row(s + t, in_row.data()), idx.data(), wt.data(), TX, C, row_elems,
                    windows, r);
        rows[t] = r;
      }
      const float* w = &wy[static_cast<size_t>(y) * TY];
      if constexpr (kFloat) {
        k.vfilter(rows.data(), w, TY, row_elems,
                  reinterpret_cast<float*>(dst.row(static_cast<int>(y))));
      } else {
        k.vfilter(rows.data(), w, TY, row_elems, out_row.data());
        k.store_int(out_row.data(), row_elems, st.inv_scale, st.top, st.shift,
                    static_cast<int>(sizeof(T)), dst.row(static_cast<int>(y)));
      }
    }
  });
}

}  // namespace

void resize_plane_u8(const PlaneRef& src, const PlaneRef& dst, int mode) {
  const int C = src.elem_bytes;
  if (src.width == dst.width && src.height == dst.height) return copy_plane(src, dst);
  if (is_nearest_mode(mode)) return resize_plane_nearest(src, dst, mode);
  if (mode >= 4) return resize_plane_u8_aa(src, dst, mode);
  // Area shrinks of more than 15:1 average hundreds of taps: Q14 weights and int16 sums
  // would lose precision, so those rare cases run in float.
  if (mode == 3 && (src.width > 15 * dst.width || src.height > 15 * dst.height)) {
    return resize_plane_float_engine<uint8_t>(src, dst, C, mode);
  }
  const ResizeKernelsU8& k = resize_kernels_u8();

  // Exactly 2:1 both ways: bilinear with half-pixel centres and area both average 2x2.
  if ((mode == 1 || mode == 3) && src.width == 2 * dst.width && src.height == 2 * dst.height) {
    parallel_for(0, dst.height, kMinBandRows, [&](int64_t y0, int64_t y1) {
      for (int64_t y = y0; y < y1; ++y) {
        const int sy = static_cast<int>(2 * y);
        k.box2(src.row(sy), src.row(sy + 1), dst.row(static_cast<int>(y)), dst.width, C);
      }
    });
    return;
  }

  const auto plan = plan_u8(PlanKey{src.width, src.height, dst.width, dst.height, C, mode, &k});
  const AxisFilter& fy = plan->fy;
  const HPlanU8& h = plan->h;
  const int T = fy.taps;
  const size_t out_elems = static_cast<size_t>(h.out_elems);

  if (plan->vertical_first) {
    const size_t in_elems = static_cast<size_t>(src.width) * C;
    parallel_for(0, dst.height, kMinBandRows, [&](int64_t y0, int64_t y1) {
      std::vector<int16_t> row(in_elems + kRowPadSamples, 0);
      std::vector<const uint8_t*> rows(T), ahead(T);
      // The source rows of the next output row are prefetched while this one is
      // filtered when they fit comfortably in L1 next to the working set; wider rows
      // (a 1080p RGB24 source) measured slower with it.
      const bool prefetch = in_elems * static_cast<size_t>(T) <= kPrefetchRowBytes;
      for (int64_t y = y0; y < y1; ++y) {
        for (int t = 0; t < T; ++t) rows[t] = src.row(fy.start[y] + t);
        const bool next = prefetch && y + 1 < y1;
        if (next)
          for (int t = 0; t < T; ++t) ahead[t] = src.row(fy.start[y + 1] + t);
        k.vpass_u8(rows.data(), &fy.wq[static_cast<size_t>(y) * T], T, row.data(), in_elems,
                   next ? ahead.data() : nullptr);
        k.hpass_i16(row.data(), h, dst.row(static_cast<int>(y)));
      }
    });
    return;
  }

  // Padded so that SIMD passes may read and write whole vectors past the last element.
  const size_t ring_elems =
      (static_cast<size_t>(std::max(h.padded_elems, h.out_elems)) + 63) / 64 * 64 + 64;
  const int vshift = mode == 2 ? 5 : 6;
  parallel_for(0, dst.height, kMinBandRows, [&](int64_t y0, int64_t y1) {
    RowRing<int16_t> ring(T, ring_elems);
    std::vector<const int16_t*> rows(T);
    for (int64_t y = y0; y < y1; ++y) {
      const int s = fy.start[y];
      for (int t = 0; t < T; ++t) {
        bool fill = false;
        int16_t* r = ring.slot(s + t, fill);
        if (fill) k.hpass_u8(src.row(s + t), h, r);
        rows[t] = r;
      }
      k.vpass_i16(rows.data(), &fy.wq[static_cast<size_t>(y) * T], T, vshift,
                  dst.row(static_cast<int>(y)), out_elems);
    }
  });
}


void resize_plane_u16(const PlaneRef& src, const PlaneRef& dst, int channels, int mode,
                      int max_value, int msb_shift) {
  if (src.width == dst.width && src.height == dst.height) return copy_plane(src, dst);
  if (is_nearest_mode(mode)) return resize_plane_nearest(src, dst, mode);
  // Samples in the high bits (P010): v / 2^shift, exactly v * 2^-shift.
  IntStore st;
  st.inv_scale = 1.F / static_cast<float>(1 << msb_shift);
  st.top = static_cast<float>(max_value >> msb_shift);
  st.shift = msb_shift;
  resize_plane_float_engine<uint16_t>(src, dst, channels, mode, st);
}

void resize_plane_f32(const PlaneRef& src, const PlaneRef& dst, int channels, int mode) {
  if (src.width == dst.width && src.height == dst.height) return copy_plane(src, dst);
  if (is_nearest_mode(mode)) return resize_plane_nearest(src, dst, mode);
  resize_plane_float_engine<float>(src, dst, channels, mode);
}

}  // namespace framekit::geometry_detail
