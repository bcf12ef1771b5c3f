#include "tensor_copy.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

namespace framekit::detail {
namespace {

template <typename T>
void store_int(void* p, double v) noexcept {
  if (std::isnan(v)) v = 0;
  constexpr double lo = static_cast<double>(std::numeric_limits<T>::min());
  constexpr double hi = static_cast<double>(std::numeric_limits<T>::max());
  v = std::nearbyint(v);
  T out;
  if (v <= lo) out = std::numeric_limits<T>::min();
  else if (v >= hi) out = std::numeric_limits<T>::max();
  else out = static_cast<T>(v);
  std::memcpy(p, &out, sizeof(T));
}

template <typename T>
double load_as(const void* p) noexcept {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return static_cast<double>(v);
}

// NumPy's casts (the ones x86-64 NumPy performs): every source value is read either as
// int64 (integer dtypes) or as double (float dtypes, exact for float16/32), then stored.
struct HalfBits {
  uint16_t bits;
};

template <typename S>
auto read_value(const uint8_t* p) noexcept {
  S v;
  std::memcpy(&v, p, sizeof(S));
  if constexpr (std::is_same_v<S, HalfBits>) {
    return static_cast<double>(half_bits_to_float(v.bits));
  } else if constexpr (std::is_integral_v<S>) {
    return static_cast<int64_t>(v);
  } else {
    return static_cast<double>(v);
  }
}

// Float to integer as the CPU's truncating conversion does: to int32 (or int64 for
// int64) with the "integer indefinite" value for NaN and out of range, then the low bits.
template <typename D>
D truncate_to_int(double v) noexcept {
  if constexpr (sizeof(D) == 8) {
    constexpr double kLimit = 9223372036854775808.0;  // 2^63
    if (!(v >= -kLimit && v < kLimit)) return static_cast<D>(INT64_MIN);
    return static_cast<D>(static_cast<int64_t>(v));
  } else {
    if (!(v > -2147483649.0 && v < 2147483648.0)) return static_cast<D>(INT32_MIN);
    return static_cast<D>(static_cast<int32_t>(v));
  }
}

template <typename D>
void write_value(uint8_t* p, int64_t v) noexcept {
  D out;
  if constexpr (std::is_same_v<D, HalfBits>) {
    out.bits = float_to_half_bits(static_cast<float>(v));
  } else {
    out = static_cast<D>(v);  // integers wrap (C++20: modular)
  }
  std::memcpy(p, &out, sizeof(D));
}

template <typename D>
void write_value(uint8_t* p, double v) noexcept {
  D out;
  if constexpr (std::is_same_v<D, HalfBits>) {
    // Through float32, as torch and hmp convert (BMF's tests expect it).
    out.bits = float_to_half_bits(static_cast<float>(v));
  } else if constexpr (std::is_integral_v<D>) {
    out = truncate_to_int<D>(v);
  } else {
    out = static_cast<D>(v);
  }
  std::memcpy(p, &out, sizeof(D));
}

template <typename F>
void visit_storage(ScalarType t, F&& f) {
  switch (t) {
    case ScalarType::kUInt8: f(uint8_t{}); return;
    case ScalarType::kInt8: f(int8_t{}); return;
    case ScalarType::kUInt16: f(uint16_t{}); return;
    case ScalarType::kInt16: f(int16_t{}); return;
    case ScalarType::kInt32: f(int32_t{}); return;
    case ScalarType::kInt64: f(int64_t{}); return;
    case ScalarType::kFloat16: f(HalfBits{}); return;
    case ScalarType::kFloat32: f(float{}); return;
    case ScalarType::kFloat64: f(double{}); return;
  }
}

// Shape and per-operand byte strides after merging dimensions that are contiguous in
// both operands, innermost last.
struct Layout {
  std::vector<int64_t> shape;
  std::vector<int64_t> dst_strides;  // bytes
  std::vector<int64_t> src_strides;  // bytes
};

Layout merge_dims(const Tensor& dst, const Tensor* src) {
  Layout l;
  const int64_t nd = dst.dim();
  const int64_t dsz = static_cast<int64_t>(dst.itemsize());
  const int64_t ssz = src ? static_cast<int64_t>(src->itemsize()) : 0;
  for (int64_t d = 0; d < nd; ++d) {
    const int64_t n = dst.size(d);
    if (n == 1) continue;  // size-1 dims do not move anything
    const int64_t ds = dst.stride(d) * dsz;
    const int64_t ss = src ? src->stride(d) * ssz : 0;
    if (!l.shape.empty() && l.dst_strides.back() == ds * n && l.src_strides.back() == ss * n) {
      l.shape.back() *= n;
      l.dst_strides.back() = ds;
      l.src_strides.back() = ss;
    } else {
      l.shape.push_back(n);
      l.dst_strides.push_back(ds);
      l.src_strides.push_back(ss);
    }
  }
  if (l.shape.empty()) {
    l.shape.push_back(1);
    l.dst_strides.push_back(dsz);
    l.src_strides.push_back(ssz);
  }
  return l;
}

// Calls row(dst_ptr, src_ptr) for every position of all dimensions but the last.
template <typename RowFn>
void for_each_row(const Layout& l, uint8_t* dst, const uint8_t* src, RowFn&& row) {
  const size_t outer = l.shape.size() - 1;
  std::vector<int64_t> idx(outer, 0);
  for (;;) {
    row(dst, src);
    size_t d = outer;
    while (d > 0) {
      --d;
      dst += l.dst_strides[d];
      src += l.src_strides[d];
      if (++idx[d] < l.shape[d]) break;
      dst -= l.dst_strides[d] * l.shape[d];
      src -= l.src_strides[d] * l.shape[d];
      idx[d] = 0;
      if (d == 0) return;
    }
    if (outer == 0) return;
  }
}

}  // namespace

void store_number(void* p, ScalarType t, Number v) noexcept {
  visit_storage(t, [&](auto tag) {
    using D = decltype(tag);
    if (v.integral()) {
      write_value<D>(static_cast<uint8_t*>(p), v.as_int());
    } else {
      write_value<D>(static_cast<uint8_t*>(p), v.as_double());
    }
  });
}

double load_scalar(const void* p, ScalarType t) noexcept {
  switch (t) {
    case ScalarType::kUInt8: return load_as<uint8_t>(p);
    case ScalarType::kInt8: return load_as<int8_t>(p);
    case ScalarType::kUInt16: return load_as<uint16_t>(p);
    case ScalarType::kInt16: return load_as<int16_t>(p);
    case ScalarType::kInt32: return load_as<int32_t>(p);
    case ScalarType::kInt64: return load_as<int64_t>(p);
    case ScalarType::kFloat16: {
      uint16_t h;
      std::memcpy(&h, p, 2);
      return half_bits_to_float(h);
    }
    case ScalarType::kFloat32: return load_as<float>(p);
    case ScalarType::kFloat64: return load_as<double>(p);
  }
  return 0;
}

void store_scalar(void* p, ScalarType t, double v) noexcept {
  switch (t) {
    case ScalarType::kUInt8: store_int<uint8_t>(p, v); return;
    case ScalarType::kInt8: store_int<int8_t>(p, v); return;
    case ScalarType::kUInt16: store_int<uint16_t>(p, v); return;
    case ScalarType::kInt16: store_int<int16_t>(p, v); return;
    case ScalarType::kInt32: store_int<int32_t>(p, v); return;
    case ScalarType::kInt64: store_int<int64_t>(p, v); return;
    case ScalarType::kFloat16: {
      const uint16_t h = float_to_half_bits(static_cast<float>(v));
      std::memcpy(p, &h, 2);
      return;
    }
    case ScalarType::kFloat32: {
      const auto f = static_cast<float>(v);
      std::memcpy(p, &f, 4);
      return;
    }
    case ScalarType::kFloat64: std::memcpy(p, &v, 8); return;
  }
}

void strided_copy(const Tensor& dst, const Tensor& src, CastRule rule) {
  if (dst.numel() == 0) return;
  const Layout l = merge_dims(dst, &src);
  auto* d = static_cast<uint8_t*>(dst.unsafe_data());
  const auto* s = static_cast<const uint8_t*>(src.unsafe_data());
  const int64_t n = l.shape.back();
  const int64_t dstep = l.dst_strides.back();
  const int64_t sstep = l.src_strides.back();
  const auto dt = dst.dtype();
  const auto st = src.dtype();
  const auto isz = static_cast<int64_t>(dst.itemsize());
  if (dt == st && dstep == isz && sstep == isz) {
    for_each_row(l, d, s, [&](uint8_t* dr, const uint8_t* sr) {
      std::memmove(dr, sr, static_cast<size_t>(n * isz));
    });
  } else if (dt == st) {
    for_each_row(l, d, s, [&](uint8_t* dr, const uint8_t* sr) {
      for (int64_t i = 0; i < n; ++i) std::memcpy(dr + i * dstep, sr + i * sstep, isz);
    });
  } else if (rule == CastRule::kSaturate) {
    for_each_row(l, d, s, [&](uint8_t* dr, const uint8_t* sr) {
      for (int64_t i = 0; i < n; ++i) store_scalar(dr + i * dstep, dt, load_scalar(sr + i * sstep, st));
    });
  } else {
    // One loop per dtype pair, so the conversion inlines.
    visit_storage(st, [&](auto src_tag) {
      visit_storage(dt, [&](auto dst_tag) {
        using S = decltype(src_tag);
        using D = decltype(dst_tag);
        for_each_row(l, d, s, [&](uint8_t* dr, const uint8_t* sr) {
          for (int64_t i = 0; i < n; ++i) write_value<D>(dr + i * dstep, read_value<S>(sr + i * sstep));
        });
      });
    });
  }
}

void strided_fill(const Tensor& dst, Number value) {
  if (dst.numel() == 0) return;
  const Layout l = merge_dims(dst, nullptr);
  alignas(8) uint8_t pattern[8];
  store_number(pattern, dst.dtype(), value);
  const auto isz = static_cast<int64_t>(dst.itemsize());
  const int64_t n = l.shape.back();
  const int64_t step = l.dst_strides.back();
  auto* d = static_cast<uint8_t*>(dst.unsafe_data());
  for_each_row(l, d, d, [&](uint8_t* dr, const uint8_t*) {
    for (int64_t i = 0; i < n; ++i) std::memcpy(dr + i * step, pattern, isz);
  });
}

}  // namespace framekit::detail
