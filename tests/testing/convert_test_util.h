// Helpers shared by the convert and adapter tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <string>

#include "framekit/core/error.h"
#include "framekit/frame/frame.h"

namespace fk_test {

// Runs fn, expecting framekit::Error with `code` whose message contains every part.
inline void expect_error(const std::function<void()>& fn, framekit::ErrorCode code,
                         std::initializer_list<const char*> parts) {
  try {
    fn();
    ADD_FAILURE() << "expected framekit::Error (" << framekit::error_code_name(code) << ")";
  } catch (const framekit::Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    for (const char* p : parts) {
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos)
          << "message \"" << e.what() << "\" lacks \"" << p << "\"";
    }
  }
}

// A deterministic byte pattern that differs per plane, row and column.
inline uint8_t pattern_byte(int plane, int y, int x, int seed = 0) {
  return static_cast<uint8_t>((plane * 71 + y * 13 + x * 7 + seed * 31 + (x * y) % 5) & 0xff);
}

// Fills every plane of a CPU frame with pattern bytes (rows only, not padding).
inline void fill_pattern(const framekit::Frame& f, int seed = 0) {
  const auto v = f.view();
  for (int p = 0; p < f.nplanes(); ++p) {
    const size_t row = f.desc().plane_row_bytes(p, f.width());
    for (int y = 0; y < v.plane_height(p); ++y) {
      uint8_t* r = v.planes[p].row(y);
      for (size_t x = 0; x < row; ++x) r[x] = pattern_byte(p, y, static_cast<int>(x), seed);
    }
  }
}

// The rows of every plane, tightly packed, plane after plane.
inline std::string tight_bytes(const framekit::Frame& f) {
  std::string out;
  const auto v = f.view();
  for (int p = 0; p < f.nplanes(); ++p) {
    const size_t row = f.desc().plane_row_bytes(p, f.width());
    for (int y = 0; y < v.plane_height(p); ++y) {
      out.append(reinterpret_cast<const char*>(v.planes[p].row(y)), row);
    }
  }
  return out;
}

}  // namespace fk_test
