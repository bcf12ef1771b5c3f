// Highway versions of the tensor arithmetic row kernels (twins: tensor_ops.cpp). Rows with
// unit steps, or a repeated (step 0) operand, run in vectors; any other stride, and the
// dtypes without a vector version here (float16, integer mul/div), run the scalar twin.
#include <cstdint>
#include <cstring>

#define HWY_TARGET_INCLUDE "core/tensor_ops_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include "core/tensor_ops_internal.h"

FRAMEKIT_SIMD_BEGIN(framekit::tensor_ops_detail)

#if HWY_TARGET == HWY_SCALAR
FRAMEKIT_SIMD_TABLE_OF_SCALAR_TWINS(TensorOpKernels, tensor_op_kernels_scalar)
#else

struct AddV {
  template <class D, class V>
  HWY_INLINE V operator()(D, V a, V b) const {
    return hn::Add(a, b);
  }
};
struct SubV {
  template <class D, class V>
  HWY_INLINE V operator()(D, V a, V b) const {
    return hn::Sub(a, b);
  }
};
struct MulV {
  template <class D, class V>
  HWY_INLINE V operator()(D, V a, V b) const {
    return hn::Mul(a, b);
  }
};
struct DivV {
  template <class D, class V>
  HWY_INLINE V operator()(D, V a, V b) const {
    return hn::Div(a, b);
  }
};

template <typename T, int kOp, class Op>
void BinaryRowSimd(void* out, int64_t out_step, const void* a, int64_t a_step, const void* b,
                   int64_t b_step, int64_t n) {
  // Unit steps, or one operand repeated (step 0) against a unit-step one.
  const bool unit_or_repeat =
      (a_step == 1 && (b_step == 1 || b_step == 0)) || (a_step == 0 && b_step == 1);
  const bool vector = out_step == 1 && unit_or_repeat;
  const hn::ScalableTag<T> d;
  const auto lanes = static_cast<int64_t>(hn::Lanes(d));
  int64_t i = 0;
  if (vector) {
    auto* o = static_cast<T*>(out);
    const auto* x = static_cast<const T*>(a);
    const auto* y = static_cast<const T*>(b);
    const Op op;
    if (a_step == 1 && b_step == 1) {
      for (; i + lanes <= n; i += lanes)
        hn::StoreU(op(d, hn::LoadU(d, x + i), hn::LoadU(d, y + i)), d, o + i);
    } else if (a_step == 1) {
      const auto vy = hn::Set(d, y[0]);
      for (; i + lanes <= n; i += lanes) hn::StoreU(op(d, hn::LoadU(d, x + i), vy), d, o + i);
    } else {
      const auto vx = hn::Set(d, x[0]);
      for (; i + lanes <= n; i += lanes) hn::StoreU(op(d, vx, hn::LoadU(d, y + i)), d, o + i);
    }
  }
  if (i == n) return;
  const auto* xa = static_cast<const T*>(a) + i * a_step;
  const auto* yb = static_cast<const T*>(b) + i * b_step;
  tensor_op_kernels_scalar().binary[kOp][dtype_index(scalar_type_of<T>())](
      static_cast<T*>(out) + i * out_step, out_step, xa, a_step, yb, b_step, n - i);
}

struct RoundV {
  template <class D, class V>
  HWY_INLINE V operator()(D, V v, V, V) const {
    return hn::Round(v);
  }
};
struct CeilV {
  template <class D, class V>
  HWY_INLINE V operator()(D, V v, V, V) const {
    return hn::Ceil(v);
  }
};
struct FloorV {
  template <class D, class V>
  HWY_INLINE V operator()(D, V v, V, V) const {
    return hn::Floor(v);
  }
};
struct AbsV {
  template <class D, class V>
  HWY_INLINE V operator()(D, V v, V, V) const {
    return hn::Abs(v);
  }
};
// v < lo ? lo : (v > hi ? hi : v), as the twin: NaN stays NaN.
struct ClipV {
  template <class D, class V>
  HWY_INLINE V operator()(D, V v, V lo, V hi) const {
    return hn::IfThenElse(hn::Lt(v, lo), lo, hn::IfThenElse(hn::Gt(v, hi), hi, v));
  }
};

template <typename T, int kOp, class Op>
void UnaryRowSimd(void* out, int64_t out_step, const void* in, int64_t in_step, int64_t n,
                  const void* bounds) {
  const hn::ScalableTag<T> d;
  const auto lanes = static_cast<int64_t>(hn::Lanes(d));
  int64_t i = 0;
  if (out_step == 1 && in_step == 1) {
    T lo{}, hi{};
    if (bounds != nullptr) {
      std::memcpy(&lo, bounds, sizeof(T));
      std::memcpy(&hi, static_cast<const uint8_t*>(bounds) + sizeof(T), sizeof(T));
    }
    const auto vlo = hn::Set(d, lo), vhi = hn::Set(d, hi);
    auto* o = static_cast<T*>(out);
    const auto* x = static_cast<const T*>(in);
    const Op op;
    for (; i + lanes <= n; i += lanes) hn::StoreU(op(d, hn::LoadU(d, x + i), vlo, vhi), d, o + i);
  }
  if (i == n) return;
  tensor_op_kernels_scalar().unary[kOp][dtype_index(scalar_type_of<T>())](
      static_cast<T*>(out) + i * out_step, out_step, static_cast<const T*>(in) + i * in_step,
      in_step, n - i, bounds);
}

template <typename T>
void SetFloat(TensorOpKernels& k) {
  const int t = dtype_index(scalar_type_of<T>());
  k.binary[0][t] = &BinaryRowSimd<T, 0, AddV>;
  k.binary[1][t] = &BinaryRowSimd<T, 1, SubV>;
  k.binary[2][t] = &BinaryRowSimd<T, 2, MulV>;
  k.binary[3][t] = &BinaryRowSimd<T, 3, DivV>;
#if HWY_TARGET != HWY_SSSE3
  // SSSE3 has no rounding instruction; Highway's emulation loses the sign of -0.0
  // (round(-0.4), ceil(-0.5)), so the twins run there.
  k.unary[0][t] = &UnaryRowSimd<T, 0, RoundV>;
  k.unary[1][t] = &UnaryRowSimd<T, 1, CeilV>;
  k.unary[2][t] = &UnaryRowSimd<T, 2, FloorV>;
#endif
  k.unary[3][t] = &UnaryRowSimd<T, 3, AbsV>;
  k.unary[4][t] = &UnaryRowSimd<T, 4, ClipV>;
}

// Integers: add and sub wrap in vectors as in the twin; clip compares exactly.
template <typename T>
void SetInt(TensorOpKernels& k) {
  const int t = dtype_index(scalar_type_of<T>());
  k.binary[0][t] = &BinaryRowSimd<T, 0, AddV>;
  k.binary[1][t] = &BinaryRowSimd<T, 1, SubV>;
  k.unary[4][t] = &UnaryRowSimd<T, 4, ClipV>;
}

static const TensorOpKernels* KernelTable() {
  static const TensorOpKernels table = [] {
    TensorOpKernels k = tensor_op_kernels_scalar();
    k.target = ::framekit::simd_detail::target_name(HWY_TARGET);
    SetFloat<float>(k);
    SetFloat<double>(k);
    SetInt<uint8_t>(k);
    SetInt<int8_t>(k);
    SetInt<uint16_t>(k);
    SetInt<int16_t>(k);
    SetInt<int32_t>(k);
    SetInt<int64_t>(k);
    return k;
  }();
  return &table;
}

#endif  // HWY_TARGET == HWY_SCALAR

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::tensor_ops_detail, TensorOpKernels, tensor_op_kernels, tensor_op_kernels_scalar
#include "framekit/core/simd_dispatch-inl.h"
