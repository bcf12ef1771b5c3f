// Color handling for inputs that cannot be coded directly: RGB (→ JFIF YCbCr, BT.601
// full range, then chroma downsampling) and YUV in another matrix (→ BT.601). One MCU
// row at a time into scratch planes, so the block kernels read them like a plane.
#pragma once

#include <cstdint>
#include <vector>

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
// with ONE_HALF - 1 so 255 cannot overflow), so RGB input codes like libjpeg's.
inline constexpr int32_t kYR = 19595, kYG = 38470, kYB = 7471;        // .299 .587 .114
inline constexpr int32_t kCbR = -11059, kCbG = -21709, kCbB = 32768;  // -.16874 -.33126 .5
inline constexpr int32_t kCrR = 32768, kCrG = -27439, kCrB = -5329;   // .5 -.41869 -.08131
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
