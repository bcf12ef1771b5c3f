// Sample i of a row of T samples (uint16, float …) at any byte alignment: the scalar
// twins' 16-bit and float rows may start at odd addresses (padded strides), so they go
// through memcpy, which compilers turn into a plain load or store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace framekit::color_detail {

template <typename T>
inline T load_sample(const uint8_t* row, ptrdiff_t i) {
  T v;
  std::memcpy(&v, row + i * static_cast<ptrdiff_t>(sizeof(T)), sizeof(T));
  return v;
}

template <typename T>
inline void store_sample(uint8_t* row, ptrdiff_t i, T v) {
  std::memcpy(row + i * static_cast<ptrdiff_t>(sizeof(T)), &v, sizeof(T));
}

}  // namespace framekit::color_detail
