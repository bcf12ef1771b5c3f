// Geometry on ImageView: resize, rotate, mirror, crop + copy, for every pixel format
// of the table (8/16-bit and float planes; planar, semi-planar, packed 4:2:2, packed
// RGB, GBRP/GBRPF32, YUVA). Each plane is processed at its own size; chroma planes use
// their subsampled sizes rounded UP from the frame size. See docs/geometry.md.
//
// All functions:
//  - require src and dst of the same pixel format and non-overlapping memory;
//  - throw framekit::Error naming the bad value on invalid input (null planes, zero
//    sizes, stride < row, wrong dst size, crop rectangle outside, chroma-misaligned
//    crop) and never write outside the planes;
//  - split large planes into row bands with framekit::parallel_for;
//  - use SIMD (Highway, runtime dispatch) on the hot paths, with scalar twins.
#pragma once

#include <string_view>

#include "framekit/pixel/image_view.h"

namespace framekit {

// Resampling filters. All use half-pixel centres (source x = (dst x + 0.5) * scale -
// 0.5) and replicate the edge samples, like OpenCV's cv::resize:
//  kNearest  - the source pixel whose area holds the output centre, with OpenCV's
//              16.16 fixed-point centre (INTER_NEAREST_EXACT, same pixels)
//  kBilinear - 2x2 taps (INTER_LINEAR; no anti-aliasing when shrinking)
//  kBicubic  - 4x4 taps, Keys kernel with A = -0.75 (INTER_CUBIC)
//  kArea     - exact box average of the source area each output pixel covers
//              (INTER_AREA when both axes shrink or both grow; see docs/geometry.md)
enum class ResizeMode : int { kNearest = 0, kBilinear = 1, kBicubic = 2, kArea = 3 };

// Clockwise rotation in degrees (k90 = cv::ROTATE_90_CLOCKWISE = libyuv kRotate90).
enum class RotationMode : int { k0 = 0, k90 = 90, k180 = 180, k270 = 270 };

// kHorizontal swaps left and right (cv::flip code 1), kVertical swaps top and bottom
// (code 0), kBoth does both (code -1, the same pixels as a 180 degree rotation).
enum class MirrorAxis : int { kHorizontal = 0, kVertical = 1, kBoth = 2 };

// Resamples every plane of src to the size of dst (dst.width x dst.height, any size).
void resize(const ImageView& src, const ImageView& dst, ResizeMode mode);

// dst must be src.height x src.width for k90/k270 and src.width x src.height for
// k0/k180. Exact for every format whose chroma subsampling is the same in x and y.
// 4:2:2 formats (planar, NV16, packed YUYV…) rotated by 90/270 stay 4:2:2: their chroma
// is resampled (each chroma sample is spread over its two pixels, rotated, and pairs
// of pixels along the new rows are averaged), because the subsampled axis turns.
void rotate(const ImageView& src, const ImageView& dst, RotationMode mode);

// dst must have src's size. Each plane is flipped as a plane (exact, cv::flip).
void mirror(const ImageView& src, const ImageView& dst, MirrorAxis axis);

// Copies the rectangle (x, y, w, h) of src into dst (size w x h). x and y must be
// multiples of the format's chroma subsampling (x even for packed 4:2:2); w and h may
// be odd. The zero-copy crop is Frame::crop.
void crop_copy(const ImageView& src, int x, int y, int w, int h, const ImageView& dst);

// Names for CLIs and messages: "nearest", "bilinear", "bicubic", "area".
std::string_view resize_mode_name(ResizeMode mode) noexcept;
// Accepts the names above plus "linear", "cubic", "box"; throws Error otherwise.
ResizeMode parse_resize_mode(std::string_view name);

}  // namespace framekit
