// Fixed-point coefficients of the fused 8-bit kernels (see color_kernels.h).
#pragma once

#include "color/color_internal.h"
#include "color/color_kernels.h"

namespace framekit::color_detail {

// From the raw→raw affine map of 8-bit YUV → 8-bit RGB. False when the map does not
// fit the kernels' fixed-point ranges (the caller then uses the general engine).
bool make_yuv_to_rgb_fixed(const Affine& a, YuvToRgbFixed* k);
// The same for `bits`-bit YUV (10 or 12) in uint16 samples sitting `sshift` bits up
// (P010: 6): luma operands Y << (16 − bits), chroma words (C << (16 − bits)) ^ 0x8000.
bool make_yuv16_to_rgb_fixed(const Affine& a, int bits, int sshift, YuvToRgbFixed* k);
// From the raw→raw affine map of 8-bit RGB → 8-bit YUV.
bool make_rgb_to_yuv_fixed(const Affine& a, RgbToYuvFixed* k);
// The same into `bits`-bit YUV (10 or 12) stored `lshift` bits up in uint16 (P010: 6).
bool make_rgb_to_yuv16_fixed(const Affine& a, int bits, int lshift, RgbToYuvFixed* k);

}  // namespace framekit::color_detail
