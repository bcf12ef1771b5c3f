// The JFIF constants of the RGB rows come from the shared color maths
// (pixel/color_matrix.h) and must still be libjpeg's integers: the RGB encodes are
// compared with TurboJPEG byte for byte.
#include <gtest/gtest.h>

#include "jpeg/color_rows.h"

namespace framekit::jpeg::detail {
namespace {

TEST(JpegColorConstants, AreLibjpegsPublishedIntegers) {
  // jccolor.c: FIX(0.29900), FIX(0.58700), FIX(0.11400), -FIX(0.16874), -FIX(0.33126),
  // ONE_HALF, -FIX(0.41869), -FIX(0.08131), FIX(x) = (INT32)(x * 65536 + 0.5).
  EXPECT_EQ(kYR, 19595);
  EXPECT_EQ(kYG, 38470);
  EXPECT_EQ(kYB, 7471);
  EXPECT_EQ(kCbR, -11059);
  EXPECT_EQ(kCbG, -21709);
  EXPECT_EQ(kCbB, 32768);
  EXPECT_EQ(kCrR, 32768);
  EXPECT_EQ(kCrG, -27439);
  EXPECT_EQ(kCrB, -5329);
}

TEST(JpegColorConstants, RowsRoundLikeLibjpeg) {
  // Y = (19595 R + 38470 G + 7471 B + 32768) >> 16; Cb/Cr add (128 << 16) + 32767.
  uint8_t px[3 * 256];
  for (int i = 0; i < 256; ++i) {
    px[3 * i] = static_cast<uint8_t>(i);
    px[3 * i + 1] = static_cast<uint8_t>(255 - i);
    px[3 * i + 2] = static_cast<uint8_t>((i * 37) & 255);
  }
  const int order[3] = {0, 1, 2};
  uint8_t y[256], cb[256], cr[256];
  rgb_row_to_ycc_scalar(px, 3, order, 256, y, cb, cr);
  for (int i = 0; i < 256; ++i) {
    const int r = px[3 * i], g = px[3 * i + 1], b = px[3 * i + 2];
    EXPECT_EQ(y[i], (19595 * r + 38470 * g + 7471 * b + 32768) >> 16) << i;
    EXPECT_EQ(cb[i], (-11059 * r - 21709 * g + 32768 * b + (128 << 16) + 32767) >> 16) << i;
    EXPECT_EQ(cr[i], (32768 * r - 27439 * g - 5329 * b + (128 << 16) + 32767) >> 16) << i;
  }
}

}  // namespace
}  // namespace framekit::jpeg::detail
