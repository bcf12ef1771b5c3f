// Color handling for inputs that cannot be coded directly: RGB (→ JFIF YCbCr, BT.601
// full range, then chroma downsampling) and YUV in another matrix (→ BT.601). One MCU
// row at a time into scratch planes, so the block kernels read them like a plane.
#pragma once

#include <cstdint>
#include <vector>

#include "framekit/pixel/color_matrix.h"
#include "framekit/pixel/image_view.h"
#include "jpeg/layout.h"

namespace framekit::jpeg::detail {

struct ScratchPlanes {
  std::vector<uint8_t> storage;
  uint8_t* plane[3] = {};
  ptrdiff_t stride[3] = {};
  int rows[3] = {};           // valid rows in each plane for the current MCU row
  int width[3] = {};          // valid columns (beyond them the block reader repeats the last)
  std::vector<uint8_t> work;  // full-resolution chroma rows for downsampling
};

// JFIF RGB → YCbCr in 16-bit fixed point, rounded as libjpeg rounds (chroma rounds
// with ONE_HALF - 1 so 255 cannot overflow), so RGB input codes like libjpeg's. The
// coefficients are libjpeg's, derived from the shared BT.601 matrix
// (pixel/color_matrix.h); tests/jpeg checks them against libjpeg's published integers.
inline constexpr auto kJfifFixed = jfif_rgb_to_ycbcr_fixed();
inline constexpr int32_t kYR = kJfifFixed[0][0], kYG = kJfifFixed[0][1], kYB = kJfifFixed[0][2];
inline constexpr int32_t kCbR = kJfifFixed[1][0], kCbG = kJfifFixed[1][1], kCbB = kJfifFixed[1][2];
inline constexpr int32_t kCrR = kJfifFixed[2][0], kCrG = kJfifFixed[2][1], kCrB = kJfifFixed[2][2];
// The SIMD rows multiply B (Cb) and R (Cr) by 0.5 as a shift, and gray must stay gray.
static_assert(kCbB == 1 << 15 && kCrR == 1 << 15);
static_assert(kYR + kYG + kYB == 1 << 16 && kCbR + kCbG + kCbB == 0 && kCrR + kCrG + kCrB == 0);
inline constexpr int32_t kChromaOffset = (128 << 16) + 32767;

// One row: width pixels of `channels` bytes with R, G, B at byte offsets order[0..2] →
// full-resolution Y and (unless cb is null) Cb, Cr.
using RgbRowToYccFn = void (*)(const uint8_t* px, int channels, const int* order, int width,
                               uint8_t* y, uint8_t* cb, uint8_t* cr);
void rgb_row_to_ycc_scalar(const uint8_t* px, int channels, const int* order, int width, uint8_t* y,
                           uint8_t* cb, uint8_t* cr);
// libjpeg's downsampling of full-resolution rows a (and b below it when vertical):
// out[j] = (a[2j] + a[2j+1] + b[2j] + b[2j+1] + 1 or 2) >> 2, or
// (a[2j] + a[2j+1] + 0 or 1) >> 1; the bias alternates with j. Reads 2 * out_width.
using DownsampleRowFn = void (*)(const uint8_t* a, const uint8_t* b, int out_width, bool vertical,
                                 uint8_t* out);
void downsample_row_scalar(const uint8_t* a, const uint8_t* b, int out_width, bool vertical,
                           uint8_t* out);

// The two as a kernel family: SIMD versions in color_rows_simd.cpp (Highway), scalar
// twins above.
struct ColorRowKernels {
  const char* target;  // "scalar" or the Highway target (simd_dispatch.h)
  RgbRowToYccFn rgb_row_to_ycc;
  DownsampleRowFn downsample_row;
};
const ColorRowKernels& color_row_scalar_kernels();
const ColorRowKernels& color_row_kernels();  // as the SIMD switch says

// Converts the MCU row `mcu_row` of src into out.plane[c] (row 0 = the MCU row's first
// row of component c), for a layout in ColorMode::kConvert.
void convert_mcu_row(const ImageView& src, const Layout& l, int mcu_row, ScratchPlanes& out);

}  // namespace framekit::jpeg::detail
