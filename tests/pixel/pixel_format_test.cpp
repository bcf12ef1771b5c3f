#include <gtest/gtest.h>

#include "framekit/core/error.h"
#include "framekit/pixel/pixel_format.h"

using namespace framekit;

TEST(PixelFormat, TableNamesAreUniqueAndParse) {
  for (const auto& d : all_pixel_formats()) {
    EXPECT_EQ(parse_pixel_format(d.name), d.format) << d.name;
  }
}
