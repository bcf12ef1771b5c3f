// Enum fields of the SDK's C structs, read and written as the integers C stores there.
// A C caller may put any int in an enum field (an SDK of a newer version, a typo, a
// fuzzer); in C++ loading a value outside the enumerators' range is undefined behaviour
// (UBSan's -fsanitize=enum stops on it), and so is casting one into the enum type. These
// go through the bytes instead, so an unknown value reaches the range check and comes
// back as the SDK's error code.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace framekit::compat {

template <typename E>
int64_t enum_value(const E& field) noexcept {
  static_assert(std::is_enum_v<E>);
  std::underlying_type_t<E> v;
  std::memcpy(&v, &field, sizeof v);
  return static_cast<int64_t>(v);
}

// Stores `value` into an enum field; false (field untouched) when it does not fit the
// field's integer type.
template <typename E>
bool set_enum(E& field, int64_t value) noexcept {
  static_assert(std::is_enum_v<E>);
  using U = std::underlying_type_t<E>;
  if (value < static_cast<int64_t>(std::numeric_limits<U>::min()) ||
      (value > 0 && static_cast<uint64_t>(value) > std::numeric_limits<U>::max())) {
    return false;
  }
  const U v = static_cast<U>(value);
  std::memcpy(&field, &v, sizeof v);
  return true;
}

}  // namespace framekit::compat
