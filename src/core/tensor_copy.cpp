#include "tensor_copy.h"

#include <cmath>
#include <cstring>
#include <limits>
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

void strided_copy(const Tensor& dst, const Tensor& src) {
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
  } else {
    for_each_row(l, d, s, [&](uint8_t* dr, const uint8_t* sr) {
      for (int64_t i = 0; i < n; ++i) store_scalar(dr + i * dstep, dt, load_scalar(sr + i * sstep, st));
    });
  }
}

void strided_fill(const Tensor& dst, double value) {
  if (dst.numel() == 0) return;
  const Layout l = merge_dims(dst, nullptr);
  alignas(8) uint8_t pattern[8];
  store_scalar(pattern, dst.dtype(), value);
  const auto isz = static_cast<int64_t>(dst.itemsize());
  const int64_t n = l.shape.back();
  const int64_t step = l.dst_strides.back();
  auto* d = static_cast<uint8_t*>(dst.unsafe_data());
  for_each_row(l, d, d, [&](uint8_t* dr, const uint8_t*) {
    for (int64_t i = 0; i < n; ++i) std::memcpy(dr + i * step, pattern, isz);
  });
}

}  // namespace framekit::detail
