// Element types of tensors and frame planes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace framekit {

enum class ScalarType : uint8_t {
  kUInt8,
  kInt8,
  kUInt16,
  kInt16,
  kInt32,
  kInt64,
  kFloat16,
  kFloat32,
  kFloat64,
};

inline constexpr ScalarType kUInt8 = ScalarType::kUInt8;
inline constexpr ScalarType kInt8 = ScalarType::kInt8;
inline constexpr ScalarType kUInt16 = ScalarType::kUInt16;
inline constexpr ScalarType kInt16 = ScalarType::kInt16;
inline constexpr ScalarType kInt32 = ScalarType::kInt32;
inline constexpr ScalarType kInt64 = ScalarType::kInt64;
inline constexpr ScalarType kFloat16 = ScalarType::kFloat16;
inline constexpr ScalarType kFloat32 = ScalarType::kFloat32;
inline constexpr ScalarType kFloat64 = ScalarType::kFloat64;

constexpr size_t scalar_size(ScalarType t) noexcept {
  switch (t) {
    case ScalarType::kUInt8:
    case ScalarType::kInt8: return 1;
    case ScalarType::kUInt16:
    case ScalarType::kInt16:
    case ScalarType::kFloat16: return 2;
    case ScalarType::kInt32:
    case ScalarType::kFloat32: return 4;
    case ScalarType::kInt64:
    case ScalarType::kFloat64: return 8;
  }
  return 0;
}

constexpr bool is_floating(ScalarType t) noexcept {
  return t == ScalarType::kFloat16 || t == ScalarType::kFloat32 || t == ScalarType::kFloat64;
}

std::string_view scalar_name(ScalarType t) noexcept;
// Parses "uint8", "float32", "half", … ; throws Error naming the string otherwise.
ScalarType parse_scalar_type(std::string_view name);

// IEEE binary16 stored as bits. Conversions round to nearest even.
struct Half {
  uint16_t bits = 0;
};
uint16_t float_to_half_bits(float f) noexcept;
float half_bits_to_float(uint16_t h) noexcept;

template <typename T>
constexpr ScalarType scalar_type_of();
template <> constexpr ScalarType scalar_type_of<uint8_t>() { return ScalarType::kUInt8; }
template <> constexpr ScalarType scalar_type_of<int8_t>() { return ScalarType::kInt8; }
template <> constexpr ScalarType scalar_type_of<uint16_t>() { return ScalarType::kUInt16; }
template <> constexpr ScalarType scalar_type_of<int16_t>() { return ScalarType::kInt16; }
template <> constexpr ScalarType scalar_type_of<int32_t>() { return ScalarType::kInt32; }
template <> constexpr ScalarType scalar_type_of<int64_t>() { return ScalarType::kInt64; }
template <> constexpr ScalarType scalar_type_of<Half>() { return ScalarType::kFloat16; }
template <> constexpr ScalarType scalar_type_of<float>() { return ScalarType::kFloat32; }
template <> constexpr ScalarType scalar_type_of<double>() { return ScalarType::kFloat64; }

}  // namespace framekit
