// Elementwise tensor arithmetic: broadcasting, dtype rules and the strided walk, plus the
// scalar twins of the row kernels (the reference of tensor_ops_simd.cpp).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>

#include "framekit/core/tensor.h"
#include "tensor_copy.h"
#include "tensor_ops_internal.h"

namespace framekit {
namespace tensor_ops_detail {
namespace {

struct HalfBits {
  uint16_t bits;
};

// Arithmetic on one dtype. Integers wrap (computed in uint64), so no signed overflow.
template <typename T>
struct Arith {
  static T add(T a, T b) noexcept {
    if constexpr (std::is_integral_v<T>) {
      return static_cast<T>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
    } else {
      return a + b;
    }
  }
  static T sub(T a, T b) noexcept {
    if constexpr (std::is_integral_v<T>) {
      return static_cast<T>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
    } else {
      return a - b;
    }
  }
  static T mul(T a, T b) noexcept {
    if constexpr (std::is_integral_v<T>) {
      return static_cast<T>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
    } else {
      return a * b;
    }
  }
  // Integers: truncates toward zero; x / 0 is 0 (as NumPy's integer division gives);
  // min / -1 wraps to min.
  static T div(T a, T b) noexcept {
    if constexpr (std::is_integral_v<T>) {
      if (b == 0) return T{0};
      if constexpr (std::is_signed_v<T>) {
        if (b == -1) return static_cast<T>(uint64_t{0} - static_cast<uint64_t>(a));
      }
      return static_cast<T>(a / b);
    } else {
      return a / b;
    }
  }
  static T round(T v) noexcept {
    if constexpr (std::is_integral_v<T>)
      return v;
    else
      return std::nearbyint(v);  // ties to even in the default rounding mode
  }
  static T ceil(T v) noexcept {
    if constexpr (std::is_integral_v<T>)
      return v;
    else
      return std::ceil(v);
  }
  static T floor(T v) noexcept {
    if constexpr (std::is_integral_v<T>)
      return v;
    else
      return std::floor(v);
  }
  static T abs(T v) noexcept {
    if constexpr (std::is_unsigned_v<T>) {
      return v;
    } else if constexpr (std::is_integral_v<T>) {
      return v < 0 ? static_cast<T>(uint64_t{0} - static_cast<uint64_t>(v)) : v;
    } else {
      return std::fabs(v);
    }
  }
  static T clip(T v, T lo, T hi) noexcept { return v < lo ? lo : (v > hi ? hi : v); }
};

// float16 computes in float32 and rounds once back, as NumPy's float16 loops do.
template <>
struct Arith<HalfBits> {
  static float f(HalfBits h) noexcept { return half_bits_to_float(h.bits); }
  static HalfBits h(float v) noexcept { return HalfBits{float_to_half_bits(v)}; }
  static HalfBits add(HalfBits a, HalfBits b) noexcept { return h(f(a) + f(b)); }
  static HalfBits sub(HalfBits a, HalfBits b) noexcept { return h(f(a) - f(b)); }
  static HalfBits mul(HalfBits a, HalfBits b) noexcept { return h(f(a) * f(b)); }
  static HalfBits div(HalfBits a, HalfBits b) noexcept { return h(f(a) / f(b)); }
  static HalfBits round(HalfBits v) noexcept { return h(std::nearbyint(f(v))); }
  static HalfBits ceil(HalfBits v) noexcept { return h(std::ceil(f(v))); }
  static HalfBits floor(HalfBits v) noexcept { return h(std::floor(f(v))); }
  static HalfBits abs(HalfBits v) noexcept {
    return HalfBits{static_cast<uint16_t>(v.bits & 0x7FFFu)};
  }
  static HalfBits clip(HalfBits v, HalfBits lo, HalfBits hi) noexcept {
    const float x = f(v);
    return x < f(lo) ? lo : (x > f(hi) ? hi : v);
  }
};

template <typename T, BinaryOp kOp>
void binary_row_scalar(void* out, int64_t out_step, const void* a, int64_t a_step, const void* b,
                       int64_t b_step, int64_t n) {
  auto* o = static_cast<T*>(out);
  const auto* x = static_cast<const T*>(a);
  const auto* y = static_cast<const T*>(b);
  for (int64_t i = 0; i < n; ++i) {
    const T u = x[i * a_step];
    const T v = y[i * b_step];
    T r;
    if constexpr (kOp == BinaryOp::kAdd)
      r = Arith<T>::add(u, v);
    else if constexpr (kOp == BinaryOp::kSub)
      r = Arith<T>::sub(u, v);
    else if constexpr (kOp == BinaryOp::kMul)
      r = Arith<T>::mul(u, v);
    else
      r = Arith<T>::div(u, v);
    o[i * out_step] = r;
  }
}

template <typename T, UnaryOp kOp>
void unary_row_scalar(void* out, int64_t out_step, const void* in, int64_t in_step, int64_t n,
                      const void* bounds) {
  auto* o = static_cast<T*>(out);
  const auto* x = static_cast<const T*>(in);
  T lo{}, hi{};
  if constexpr (kOp == UnaryOp::kClip) {
    std::memcpy(&lo, bounds, sizeof(T));
    std::memcpy(&hi, static_cast<const uint8_t*>(bounds) + sizeof(T), sizeof(T));
  }
  for (int64_t i = 0; i < n; ++i) {
    const T v = x[i * in_step];
    T r;
    if constexpr (kOp == UnaryOp::kRound)
      r = Arith<T>::round(v);
    else if constexpr (kOp == UnaryOp::kCeil)
      r = Arith<T>::ceil(v);
    else if constexpr (kOp == UnaryOp::kFloor)
      r = Arith<T>::floor(v);
    else if constexpr (kOp == UnaryOp::kAbs)
      r = Arith<T>::abs(v);
    else
      r = Arith<T>::clip(v, lo, hi);
    o[i * out_step] = r;
  }
}

template <BinaryOp kOp>
constexpr void fill_binary(BinaryRow* row) {
  row[0] = &binary_row_scalar<uint8_t, kOp>;
  row[1] = &binary_row_scalar<int8_t, kOp>;
  row[2] = &binary_row_scalar<uint16_t, kOp>;
  row[3] = &binary_row_scalar<int16_t, kOp>;
  row[4] = &binary_row_scalar<int32_t, kOp>;
  row[5] = &binary_row_scalar<int64_t, kOp>;
  row[6] = &binary_row_scalar<HalfBits, kOp>;
  row[7] = &binary_row_scalar<float, kOp>;
  row[8] = &binary_row_scalar<double, kOp>;
}

template <UnaryOp kOp>
constexpr void fill_unary(UnaryRow* row) {
  row[0] = &unary_row_scalar<uint8_t, kOp>;
  row[1] = &unary_row_scalar<int8_t, kOp>;
  row[2] = &unary_row_scalar<uint16_t, kOp>;
  row[3] = &unary_row_scalar<int16_t, kOp>;
  row[4] = &unary_row_scalar<int32_t, kOp>;
  row[5] = &unary_row_scalar<int64_t, kOp>;
  row[6] = &unary_row_scalar<HalfBits, kOp>;
  row[7] = &unary_row_scalar<float, kOp>;
  row[8] = &unary_row_scalar<double, kOp>;
}

TensorOpKernels make_scalar_kernels() {
  static_assert(static_cast<int>(ScalarType::kFloat64) == kDTypes - 1);
  TensorOpKernels k{};
  k.target = "scalar";
  fill_binary<BinaryOp::kAdd>(k.binary[0]);
  fill_binary<BinaryOp::kSub>(k.binary[1]);
  fill_binary<BinaryOp::kMul>(k.binary[2]);
  fill_binary<BinaryOp::kDiv>(k.binary[3]);
  fill_unary<UnaryOp::kRound>(k.unary[0]);
  fill_unary<UnaryOp::kCeil>(k.unary[1]);
  fill_unary<UnaryOp::kFloor>(k.unary[2]);
  fill_unary<UnaryOp::kAbs>(k.unary[3]);
  fill_unary<UnaryOp::kClip>(k.unary[4]);
  return k;
}

}  // namespace

const TensorOpKernels& tensor_op_kernels_scalar() noexcept {
  static const TensorOpKernels k = make_scalar_kernels();
  return k;
}

}  // namespace tensor_ops_detail

namespace {

using tensor_ops_detail::BinaryOp;
using tensor_ops_detail::UnaryOp;

std::string shape_text(const SizeArray& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

const char* op_name(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "add";
    case BinaryOp::kSub:
      return "sub";
    case BinaryOp::kMul:
      return "mul";
    case BinaryOp::kDiv:
      return "div";
  }
  return "?";
}

// One operand of an elementwise walk: its first element and its strides (in elements)
// over the output's shape; a stride of 0 repeats (broadcast or a number).
struct Operand {
  uint8_t* data;
  SizeArray strides;
};

Operand operand_of(const Tensor& t, const SizeArray& out_shape) {
  Operand op{static_cast<uint8_t*>(t.unsafe_data()), SizeArray(out_shape.size(), 0)};
  const size_t lead = out_shape.size() - static_cast<size_t>(t.dim());
  for (size_t d = 0; d < static_cast<size_t>(t.dim()); ++d) {
    if (t.shape()[d] != 1) op.strides[lead + d] = t.strides()[d];
  }
  return op;
}

// Calls row(pointers, steps, n) for every row of `shape`, after dropping size-1
// dimensions and merging dimensions that are contiguous in every operand.
template <size_t N, typename Row>
void walk(const SizeArray& shape, std::array<Operand, N> ops, const std::array<int64_t, N>& isz,
          Row&& row) {
  for (int64_t s : shape) {
    if (s == 0) return;
  }
  SizeArray dims;
  std::array<SizeArray, N> st;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    bool merge = !dims.empty();
    for (size_t k = 0; k < N && merge; ++k) merge = st[k].back() == ops[k].strides[d] * shape[d];
    if (merge) {
      dims.back() *= shape[d];
      for (size_t k = 0; k < N; ++k) st[k].back() = ops[k].strides[d];
    } else {
      dims.push_back(shape[d]);
      for (size_t k = 0; k < N; ++k) st[k].push_back(ops[k].strides[d]);
    }
  }
  if (dims.empty()) {
    dims.push_back(1);
    for (size_t k = 0; k < N; ++k) st[k].push_back(0);
  }
  const size_t outer = dims.size() - 1;
  std::array<uint8_t*, N> p;
  std::array<int64_t, N> step;
  for (size_t k = 0; k < N; ++k) {
    p[k] = ops[k].data;
    step[k] = st[k].back();
  }
  SizeArray idx(outer, 0);
  for (;;) {
    row(p, step, dims.back());
    size_t d = outer;
    for (;;) {
      if (d == 0) return;
      --d;
      for (size_t k = 0; k < N; ++k) p[k] += st[k][d] * isz[k];
      if (++idx[d] < dims[d]) break;
      for (size_t k = 0; k < N; ++k) p[k] -= st[k][d] * isz[k] * dims[d];
      idx[d] = 0;
    }
  }
}

SizeArray broadcast_shapes(const SizeArray& a, const SizeArray& b, BinaryOp op) {
  const size_t n = std::max(a.size(), b.size());
  SizeArray out(n);
  for (size_t i = 0; i < n; ++i) {
    const int64_t x = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const int64_t y = i < n - b.size() ? 1 : b[i - (n - b.size())];
    FK_CHECK_ARG(x == y || x == 1 || y == 1, op_name(op), ": shapes ", shape_text(a), " and ",
                 shape_text(b), " cannot be broadcast together");
    out[i] = x == 1 ? y : x;
  }
  return out;
}

void check_cpu(const Tensor& t, const char* what) {
  FK_CHECK_ARG(t.defined(), what, ": tensor is undefined");
  FK_CHECK(t.device().is_cpu(), ErrorCode::kUnsupported, what, " on ", t.device().str(),
           " is not supported (tensor arithmetic runs on the cpu)");
}

// out = a op b, all of out's dtype; a and b broadcast to out's shape.
void run_binary(const Tensor& out, const Operand& a, const Operand& b, BinaryOp op) {
  const auto& k = tensor_ops_detail::tensor_op_kernels();
  const auto fn = k.binary[static_cast<int>(op)][tensor_ops_detail::dtype_index(out.dtype())];
  const auto isz = static_cast<int64_t>(out.itemsize());
  Operand o{static_cast<uint8_t*>(out.unsafe_data()), out.strides()};
  walk<3>(out.shape(), {o, a, b}, {isz, isz, isz}, [&](auto& p, auto& step, int64_t n) {
    fn(p[0], step[0], p[1], step[1], p[2], step[2], n);
  });
}

// Whether two views may touch the same bytes without being the same view.
bool overlaps_differently(const Tensor& a, const Tensor& b) {
  if (a.buffer() != b.buffer() || a.numel() == 0 || b.numel() == 0) return false;
  if (a.byte_offset() == b.byte_offset() && a.shape() == b.shape() && a.strides() == b.strides() &&
      a.dtype() == b.dtype())
    return false;
  auto span = [](const Tensor& t) {
    int64_t last = 0;
    for (int64_t d = 0; d < t.dim(); ++d) last += (t.shape()[d] - 1) * t.strides()[d];
    return std::pair<int64_t, int64_t>{
        t.byte_offset(), t.byte_offset() + (last + 1) * static_cast<int64_t>(t.itemsize())};
  };
  const auto [a0, a1] = span(a);
  const auto [b0, b1] = span(b);
  return a0 < b1 && b0 < a1;
}

// A one-element operand holding `v` cast to dtype, repeated over every position.
struct NumberOperand {
  alignas(8) uint8_t bytes[8];
  Operand operand(size_t ndim) { return Operand{bytes, SizeArray(ndim, 0)}; }
};

NumberOperand number_as(Number v, ScalarType dtype) {
  NumberOperand n{};
  detail::store_number(n.bytes, dtype, v);
  return n;
}

bool same_kind(ScalarType from, ScalarType to) {
  if (from == to) return true;
  auto kind = [](ScalarType t) {
    if (is_floating(t)) return 2;
    return (t == kUInt8 || t == kUInt16) ? 0 : 1;
  };
  return kind(from) == kind(to);
}

Tensor binary(const Tensor& a, const Tensor& b, BinaryOp op) {
  check_cpu(a, op_name(op));
  check_cpu(b, op_name(op));
  const ScalarType rt = result_type(a.dtype(), b.dtype());
  const SizeArray shape = broadcast_shapes(a.shape(), b.shape(), op);
  const Tensor x = a.to(rt), y = b.to(rt);
  Tensor out = Tensor::empty(shape, rt);
  run_binary(out, operand_of(x, shape), operand_of(y, shape), op);
  return out;
}

Tensor& binary_(Tensor& self, const Tensor& other, BinaryOp op) {
  check_cpu(self, op_name(op));
  check_cpu(other, op_name(op));
  const ScalarType rt = result_type(self.dtype(), other.dtype());
  FK_CHECK(same_kind(rt, self.dtype()), ErrorCode::kTypeMismatch, op_name(op),
           "_: the result type ", scalar_name(rt), " cannot be stored in the ",
           scalar_name(self.dtype()), " tensor (NumPy's same_kind rule)");
  const SizeArray shape = broadcast_shapes(self.shape(), other.shape(), op);
  FK_CHECK_ARG(shape == self.shape(), op_name(op), "_: the result shape ", shape_text(shape),
               " differs from the in-place tensor's ", shape_text(self.shape()));
  if (rt != self.dtype()) {
    self.copy_(binary(self, other, op));
    return self;
  }
  Tensor y = other.to(rt);
  if (overlaps_differently(self, y)) y = y.clone();  // reads must not see this op's writes
  run_binary(self, operand_of(self, shape), operand_of(y, shape), op);
  return self;
}

Tensor binary_number(const Tensor& a, Number b, BinaryOp op, bool number_first) {
  check_cpu(a, op_name(op));
  Tensor out = Tensor::empty(a.shape(), a.dtype());
  NumberOperand n = number_as(b, a.dtype());
  const Operand t = operand_of(a, a.shape());
  const Operand v = n.operand(a.shape().size());
  run_binary(out, number_first ? v : t, number_first ? t : v, op);
  return out;
}

Tensor& binary_number_(Tensor& self, Number b, BinaryOp op) {
  check_cpu(self, op_name(op));
  NumberOperand n = number_as(b, self.dtype());
  run_binary(self, operand_of(self, self.shape()), n.operand(self.shape().size()), op);
  return self;
}

void run_unary(const Tensor& out, const Tensor& in, UnaryOp op, const void* bounds) {
  const auto& k = tensor_ops_detail::tensor_op_kernels();
  const auto fn = k.unary[static_cast<int>(op)][tensor_ops_detail::dtype_index(in.dtype())];
  const auto isz = static_cast<int64_t>(in.itemsize());
  Operand o{static_cast<uint8_t*>(out.unsafe_data()), out.strides()};
  walk<2>(in.shape(), {o, operand_of(in, in.shape())}, {isz, isz},
          [&](auto& p, auto& step, int64_t n) { fn(p[0], step[0], p[1], step[1], n, bounds); });
}

Tensor unary(const Tensor& t, UnaryOp op, const void* bounds, const char* what) {
  check_cpu(t, what);
  Tensor out = Tensor::empty(t.shape(), t.dtype());
  run_unary(out, t, op, bounds);
  return out;
}

// clip's bounds cast to the dtype, side by side; throws when min > max after the cast.
struct ClipBounds {
  alignas(8) uint8_t bytes[16];
};

ClipBounds clip_bounds(ScalarType dtype, Number lo, Number hi) {
  ClipBounds b{};
  const size_t isz = scalar_size(dtype);
  detail::store_number(b.bytes, dtype, lo);
  detail::store_number(b.bytes + isz, dtype, hi);
  bool ordered;
  if (is_floating(dtype)) {
    ordered = detail::load_scalar(b.bytes, dtype) <= detail::load_scalar(b.bytes + isz, dtype);
  } else if (dtype == kInt64) {
    int64_t x, y;
    std::memcpy(&x, b.bytes, 8);
    std::memcpy(&y, b.bytes + 8, 8);
    ordered = x <= y;
  } else {  // exact in a double
    ordered = detail::load_scalar(b.bytes, dtype) <= detail::load_scalar(b.bytes + isz, dtype);
  }
  FK_CHECK_ARG(ordered, "clip: min ",
               lo.integral() ? std::to_string(lo.as_int()) : std::to_string(lo.as_double()),
               " is greater than max ",
               hi.integral() ? std::to_string(hi.as_int()) : std::to_string(hi.as_double()),
               " (as ", scalar_name(dtype), ")");
  return b;
}

}  // namespace

ScalarType result_type(ScalarType a, ScalarType b) noexcept {
  if (a == b) return a;
  auto int_bits = [](ScalarType t) { return static_cast<int>(scalar_size(t)) * 8; };
  auto is_unsigned = [](ScalarType t) { return t == kUInt8 || t == kUInt16; };
  if (is_floating(a) || is_floating(b)) {
    // An integer needs the float that holds it exactly: 8-bit -> float16, 16-bit ->
    // float32, wider -> float64 (NumPy's table).
    auto float_for = [&](ScalarType t) -> int {
      if (is_floating(t)) return static_cast<int>(scalar_size(t));
      const int bits = int_bits(t);
      return bits <= 8 ? 2 : (bits <= 16 ? 4 : 8);
    };
    const int size = std::max(float_for(a), float_for(b));
    return size == 2 ? kFloat16 : (size == 4 ? kFloat32 : kFloat64);
  }
  if (is_unsigned(a) == is_unsigned(b)) return int_bits(a) >= int_bits(b) ? a : b;
  const ScalarType u = is_unsigned(a) ? a : b;
  const ScalarType s = is_unsigned(a) ? b : a;
  if (int_bits(s) > int_bits(u)) return s;
  // The signed type must be wider than the unsigned one.
  return int_bits(u) == 8 ? kInt16 : (int_bits(u) == 16 ? kInt32 : kInt64);
}

Tensor Tensor::add(const Tensor& o) const {
  return binary(*this, o, BinaryOp::kAdd);
}
Tensor Tensor::sub(const Tensor& o) const {
  return binary(*this, o, BinaryOp::kSub);
}
Tensor Tensor::mul(const Tensor& o) const {
  return binary(*this, o, BinaryOp::kMul);
}
Tensor Tensor::div(const Tensor& o) const {
  return binary(*this, o, BinaryOp::kDiv);
}
Tensor Tensor::add(Number o) const {
  return binary_number(*this, o, BinaryOp::kAdd, false);
}
Tensor Tensor::sub(Number o) const {
  return binary_number(*this, o, BinaryOp::kSub, false);
}
Tensor Tensor::mul(Number o) const {
  return binary_number(*this, o, BinaryOp::kMul, false);
}
Tensor Tensor::div(Number o) const {
  return binary_number(*this, o, BinaryOp::kDiv, false);
}
Tensor Tensor::rsub(Number o) const {
  return binary_number(*this, o, BinaryOp::kSub, true);
}
Tensor Tensor::rdiv(Number o) const {
  return binary_number(*this, o, BinaryOp::kDiv, true);
}
Tensor& Tensor::add_(const Tensor& o) {
  return binary_(*this, o, BinaryOp::kAdd);
}
Tensor& Tensor::sub_(const Tensor& o) {
  return binary_(*this, o, BinaryOp::kSub);
}
Tensor& Tensor::mul_(const Tensor& o) {
  return binary_(*this, o, BinaryOp::kMul);
}
Tensor& Tensor::div_(const Tensor& o) {
  return binary_(*this, o, BinaryOp::kDiv);
}
Tensor& Tensor::add_(Number o) {
  return binary_number_(*this, o, BinaryOp::kAdd);
}
Tensor& Tensor::sub_(Number o) {
  return binary_number_(*this, o, BinaryOp::kSub);
}
Tensor& Tensor::mul_(Number o) {
  return binary_number_(*this, o, BinaryOp::kMul);
}
Tensor& Tensor::div_(Number o) {
  return binary_number_(*this, o, BinaryOp::kDiv);
}

Tensor Tensor::round() const {
  return unary(*this, UnaryOp::kRound, nullptr, "round");
}
Tensor Tensor::ceil() const {
  return unary(*this, UnaryOp::kCeil, nullptr, "ceil");
}
Tensor Tensor::floor() const {
  return unary(*this, UnaryOp::kFloor, nullptr, "floor");
}
Tensor Tensor::abs() const {
  return unary(*this, UnaryOp::kAbs, nullptr, "abs");
}
Tensor Tensor::clip(Number min, Number max) const {
  check_cpu(*this, "clip");
  const ClipBounds b = clip_bounds(dtype_, min, max);
  return unary(*this, UnaryOp::kClip, b.bytes, "clip");
}
Tensor& Tensor::round_() {
  check_cpu(*this, "round_");
  run_unary(*this, *this, UnaryOp::kRound, nullptr);
  return *this;
}
Tensor& Tensor::ceil_() {
  check_cpu(*this, "ceil_");
  run_unary(*this, *this, UnaryOp::kCeil, nullptr);
  return *this;
}
Tensor& Tensor::floor_() {
  check_cpu(*this, "floor_");
  run_unary(*this, *this, UnaryOp::kFloor, nullptr);
  return *this;
}
Tensor& Tensor::abs_() {
  check_cpu(*this, "abs_");
  run_unary(*this, *this, UnaryOp::kAbs, nullptr);
  return *this;
}
Tensor& Tensor::clip_(Number min, Number max) {
  check_cpu(*this, "clip_");
  const ClipBounds b = clip_bounds(dtype_, min, max);
  run_unary(*this, *this, UnaryOp::kClip, b.bytes);
  return *this;
}

Tensor operator+(const Tensor& a, const Tensor& b) {
  return a.add(b);
}
Tensor operator-(const Tensor& a, const Tensor& b) {
  return a.sub(b);
}
Tensor operator*(const Tensor& a, const Tensor& b) {
  return a.mul(b);
}
Tensor operator/(const Tensor& a, const Tensor& b) {
  return a.div(b);
}
Tensor operator+(const Tensor& a, Number b) {
  return a.add(b);
}
Tensor operator-(const Tensor& a, Number b) {
  return a.sub(b);
}
Tensor operator*(const Tensor& a, Number b) {
  return a.mul(b);
}
Tensor operator/(const Tensor& a, Number b) {
  return a.div(b);
}
Tensor operator+(Number a, const Tensor& b) {
  return b.add(a);
}
Tensor operator-(Number a, const Tensor& b) {
  return b.rsub(a);
}
Tensor operator*(Number a, const Tensor& b) {
  return b.mul(a);
}
Tensor operator/(Number a, const Tensor& b) {
  return b.rdiv(a);
}
Tensor& operator+=(Tensor& a, const Tensor& b) {
  return a.add_(b);
}
Tensor& operator-=(Tensor& a, const Tensor& b) {
  return a.sub_(b);
}
Tensor& operator*=(Tensor& a, const Tensor& b) {
  return a.mul_(b);
}
Tensor& operator/=(Tensor& a, const Tensor& b) {
  return a.div_(b);
}
Tensor& operator+=(Tensor& a, Number b) {
  return a.add_(b);
}
Tensor& operator-=(Tensor& a, Number b) {
  return a.sub_(b);
}
Tensor& operator*=(Tensor& a, Number b) {
  return a.mul_(b);
}
Tensor& operator/=(Tensor& a, Number b) {
  return a.div_(b);
}

}  // namespace framekit
