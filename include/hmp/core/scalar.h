// hmp/core/scalar.h (framekit's BMF compatibility): hmp's Scalar (one number of any
// element type, kept without loss: integers as int64, floating values as double),
// Half, and the HMP_FORALL_SCALAR_TYPES list BMF code dispatches over. The element
// types themselves are framekit's ScalarType.
#pragma once

#include <cstdint>
#include <type_traits>

#include <hmp/core/macros.h>

#include "framekit/core/scalar_type.h"

// _(C++ type, ScalarType name without the k) for every element type, in hmp's order.
#define HMP_FORALL_SCALAR_TYPES(_)                                             \
  _(uint8_t, UInt8)                                                            \
  _(int8_t, Int8)                                                              \
  _(uint16_t, UInt16)                                                          \
  _(int16_t, Int16)                                                            \
  _(int32_t, Int32)                                                            \
  _(int64_t, Int64)                                                            \
  _(float, Float32)                                                            \
  _(double, Float64)                                                           \
  _(Half, Half)

namespace hmp {

using framekit::ScalarType;
using framekit::kFloat16;
using framekit::kFloat32;
using framekit::kFloat64;
using framekit::kInt16;
using framekit::kInt32;
using framekit::kInt64;
using framekit::kInt8;
using framekit::kUInt16;
using framekit::kUInt8;
inline constexpr ScalarType kHalf = ScalarType::kFloat16;  // hmp's name for float16

// IEEE binary16 with arithmetic through float (hmp's Half). The bits are framekit's
// Half, so a Half* is usable where framekit expects its float16 storage type.
struct Half : framekit::Half {
  Half() = default;
  Half(float value) : framekit::Half{framekit::float_to_half_bits(value)} {}
  Half(framekit::Half h) : framekit::Half(h) {}
  operator float() const { return framekit::half_bits_to_float(bits); }
};
static_assert(sizeof(Half) == 2, "Half must be two bytes, like framekit's float16");

class Scalar {
 public:
  enum class Kind : uint8_t { kInteger, kFloating, kBoolean };

  Scalar() : Scalar(int64_t{0}) {}
  Scalar(bool v) : kind_(Kind::kBoolean) { value_.i = v ? 1 : 0; }
  template <typename T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Scalar(T v) : kind_(Kind::kInteger) {
    value_.i = static_cast<int64_t>(v);
  }
  template <typename T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  Scalar(T v) : kind_(Kind::kFloating) {
    value_.d = static_cast<double>(v);
  }
  Scalar(Half v) : Scalar(static_cast<float>(v)) {}
  Scalar(framekit::Half v) : Scalar(Half(v)) {}

  // The value as T, converted as a static_cast from the stored int64/double would.
  template <typename T>
  T to() const {
    if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, framekit::Half>) {
      return Half(static_cast<float>(as_double()));
    } else if (kind_ == Kind::kFloating) {
      return static_cast<T>(value_.d);
    } else {
      return static_cast<T>(value_.i);
    }
  }

  bool is_integral(bool include_bool) const {
    return kind_ == Kind::kInteger || (include_bool && kind_ == Kind::kBoolean);
  }
  bool is_floating_point() const { return kind_ == Kind::kFloating; }
  bool is_boolean() const { return kind_ == Kind::kBoolean; }

 private:
  double as_double() const {
    return kind_ == Kind::kFloating ? value_.d : static_cast<double>(value_.i);
  }
  union {
    int64_t i;
    double d;
  } value_{};
  Kind kind_;
};

}  // namespace hmp
