#include "framekit/core/scalar_type.h"

#include <bit>
#include <cstring>
#include <string>

#include "framekit/core/error.h"

namespace framekit {

std::string_view scalar_name(ScalarType t) noexcept {
  switch (t) {
    case ScalarType::kUInt8: return "uint8";
    case ScalarType::kInt8: return "int8";
    case ScalarType::kUInt16: return "uint16";
    case ScalarType::kInt16: return "int16";
    case ScalarType::kInt32: return "int32";
    case ScalarType::kInt64: return "int64";
    case ScalarType::kFloat16: return "float16";
    case ScalarType::kFloat32: return "float32";
    case ScalarType::kFloat64: return "float64";
  }
  return "unknown";
}

ScalarType parse_scalar_type(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(ScalarType::kFloat64); ++i) {
    const auto t = static_cast<ScalarType>(i);
    if (name == scalar_name(t)) return t;
  }
  if (name == "half") return ScalarType::kFloat16;
  if (name == "float") return ScalarType::kFloat32;
  if (name == "double") return ScalarType::kFloat64;
  FK_THROW(ErrorCode::kInvalidArgument, "unknown scalar type '", name,
           "' (known: uint8, int8, uint16, int16, int32, int64, float16, float32, float64)");
}

uint16_t float_to_half_bits(float f) noexcept {
  const uint32_t x = std::bit_cast<uint32_t>(f);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t abs = x & 0x7FFFFFFFu;
  if (abs >= 0x7F800000u) {  // inf or NaN
    return static_cast<uint16_t>(sign | 0x7C00u | (abs > 0x7F800000u ? 0x200u : 0u));
  }
  if (abs >= 0x477FF000u) return static_cast<uint16_t>(sign | 0x7C00u);  // rounds to inf
  if (abs < 0x38800000u) {  // subnormal half (or zero)
    // Value in units of 2^-24, rounded to nearest even.
    const float scaled = std::bit_cast<float>(abs) * 16777216.0f;
    float r = scaled;
    const auto whole = static_cast<uint32_t>(r);
    const float frac = r - static_cast<float>(whole);
    uint32_t m = whole;
    if (frac > 0.5f || (frac == 0.5f && (whole & 1u))) ++m;
    return static_cast<uint16_t>(sign | m);
  }
  // Normal: rebias exponent, round mantissa from 23 to 10 bits to nearest even.
  uint32_t h = ((abs >> 13) - (112u << 10));
  const uint32_t rest = abs & 0x1FFFu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;
  return static_cast<uint16_t>(sign | h);
}

float half_bits_to_float(uint16_t h) noexcept {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1Fu;
  const uint32_t man = h & 0x3FFu;
  if (exp == 0) {
    const float v = static_cast<float>(man) * (1.0f / 16777216.0f);
    return sign ? -v : v;
  }
  if (exp == 31) return std::bit_cast<float>(sign | 0x7F800000u | (man << 13));
  return std::bit_cast<float>(sign | ((exp + 112u) << 23) | (man << 13));
}

}  // namespace framekit
