// The row kernels of tensor arithmetic (tensor_ops.cpp) and their SIMD versions
// (tensor_ops_simd.cpp). Internal to core/.
#pragma once

#include <cstdint>

#include "framekit/core/scalar_type.h"

namespace framekit::tensor_ops_detail {

enum class BinaryOp : uint8_t { kAdd, kSub, kMul, kDiv };
enum class UnaryOp : uint8_t { kRound, kCeil, kFloor, kAbs, kClip };
inline constexpr int kBinaryOps = 4;
inline constexpr int kUnaryOps = 5;
inline constexpr int kDTypes = 9;  // ScalarType's values

// out[i * out_step] = a[i * a_step] op b[i * b_step] for i < n, steps in elements (a step
// of 0 repeats one value). All three in one dtype.
using BinaryRow = void (*)(void* out, int64_t out_step, const void* a, int64_t a_step,
                           const void* b, int64_t b_step, int64_t n);
// out[i * out_step] = op(in[i * in_step]); `bounds` holds clip's min and max, two values
// of the dtype (unused by the other operations).
using UnaryRow = void (*)(void* out, int64_t out_step, const void* in, int64_t in_step, int64_t n,
                          const void* bounds);

struct TensorOpKernels {
  const char* target;
  BinaryRow binary[kBinaryOps][kDTypes];
  UnaryRow unary[kUnaryOps][kDTypes];
};

const TensorOpKernels& tensor_op_kernels_scalar() noexcept;  // the plain C++ twins
const TensorOpKernels& tensor_op_kernels();                  // as the SIMD switch says

constexpr int dtype_index(ScalarType t) noexcept {
  return static_cast<int>(t);
}

}  // namespace framekit::tensor_ops_detail
