// Strided element copy and conversion between CPU tensors' memory. Internal to core/.
#pragma once

#include <cstdint>

#include "framekit/core/scalar_type.h"
#include "framekit/core/tensor.h"

namespace framekit::detail {

// How a copy converts values between dtypes.
enum class CastRule {
  kNumpy,     // Tensor::to: truncate toward zero, wrap on integer narrowing
  kSaturate,  // image operations: round to nearest even, saturate, NaN -> 0
};

// Copies (and converts) every element of `src` into `dst`; shapes must already match.
// Inner dimensions contiguous in both are merged so rows copy with memcpy.
void strided_copy(const Tensor& dst, const Tensor& src, CastRule rule = CastRule::kNumpy);
void strided_fill(const Tensor& dst, Number value);

double load_scalar(const void* p, ScalarType t) noexcept;
// Stores with round-to-nearest and saturation for integer types (NaN → 0).
void store_scalar(void* p, ScalarType t, double v) noexcept;
// Stores `v` converted as Tensor::to converts (kNumpy).
void store_number(void* p, ScalarType t, Number v) noexcept;

}  // namespace framekit::detail
