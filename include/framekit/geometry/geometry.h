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

#include "framekit/core/tensor.h"
#include "framekit/frame/frame.h"
#include "framekit/pixel/channel_format.h"
#include "framekit/pixel/image_view.h"

namespace framekit {

// Resampling filters. All use half-pixel centres (source x = (dst x + 0.5) * scale -
// 0.5). The first four are BMF's ImageFilterMode and replicate the edge samples, like
// OpenCV's cv::resize:
//  kNearest  - the source pixel whose area holds the output centre, with OpenCV's
//              16.16 fixed-point centre (INTER_NEAREST_EXACT, same pixels)
//  kBilinear - 2x2 taps (INTER_LINEAR; no anti-aliasing when shrinking)
//  kBicubic  - 4x4 taps, Keys kernel with A = -0.75 (INTER_CUBIC)
//  kArea     - exact box average of the source area each output pixel covers
//              (INTER_AREA when both axes shrink or both grow; see docs/geometry.md)
// The anti-aliased filters are Pillow's (Image.resize with reducing_gap=None) and
// torchvision's antialias=True: when an axis shrinks by s, the kernel is stretched by s
// (its support widens from r to r * s source pixels), so every source pixel counts;
// when it grows, the kernel is used as it is. At the edges the weights of the taps
// inside the image are renormalised to sum to 1 (nothing is replicated). 8-bit planes
// match Pillow bit for bit (its 22-bit fixed point, horizontal pass first).
//  kLanczos3    - sinc(x) sinc(x / 3), support 3 (Pillow LANCZOS)
//  kBilinearAA  - triangle, support 1 (Pillow BILINEAR, torchvision bilinear antialias)
//  kBicubicAA   - Keys kernel with A = -0.5, support 2 (Pillow BICUBIC, torchvision
//                 bicubic antialias; note kBicubic's A = -0.75)
// They are new values rather than a flag on kBilinear/kBicubic so that code written for
// BMF keeps its OpenCV-like results, and one value names one result everywhere (C++,
// Python, the CLI's --filter).
//  kNearestFloor - nearest with corner alignment: source x = floor(dst x * src_w /
//                  dst_w), as cv2.INTER_NEAREST (and BMF's kNearest) compute it. It
//                  shifts the image by up to half a source pixel towards the top left,
//                  so kNearest stays framekit's nearest; this one repeats BMF's numbers.
enum class ResizeMode : int {
  kNearest = 0,
  kBilinear = 1,
  kBicubic = 2,
  kArea = 3,
  kLanczos3 = 4,
  kBilinearAA = 5,
  kBicubicAA = 6,
  kNearestFloor = 7,
};

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

// ---------------------------------------------------------------- frames

// New frames of src's PixelInfo on src's device (CPU frames; others throw).
Frame resize(const Frame& src, int width, int height, ResizeMode mode = ResizeMode::kBilinear);
Frame rotate(const Frame& src, RotationMode mode);
Frame mirror(const Frame& src, MirrorAxis axis);

// Names for CLIs and messages: "nearest", "bilinear", "bicubic", "area", "lanczos",
// "bilinear-aa", "bicubic-aa", "nearest-floor".
std::string_view resize_mode_name(ResizeMode mode) noexcept;
// Accepts the names above plus "linear", "cubic", "box", "lanczos3" and "_" for "-"
// (case-insensitive); throws Error otherwise.
ResizeMode parse_resize_mode(std::string_view name);

// ---------------------------------------------------------------- seed API (BMF's hmp::img)
namespace img {

using ImageFilterMode = ResizeMode;
using ImageRotationMode = RotationMode;
using ImageAxis = MirrorAxis;

// Image tensors: (H, W) one channel, (C, H, W) / (H, W, C) for kNCHW / kNHWC, or
// (N, C, H, W) / (N, H, W, C) batches; uint8, uint16 or float32 on the CPU. NHWC
// pixels must be contiguous (channel stride 1, column stride C) and NCHW columns
// adjacent; a source that is not is copied first, a destination that is not throws.
// dst has the same dtype, batch and channels as src. In-place forms (dst first) return
// dst; allocating forms return a new contiguous tensor.
Tensor& resize(Tensor& dst, const Tensor& src, ImageFilterMode mode = ImageFilterMode::kBilinear,
               ChannelFormat cformat = kNCHW);
Tensor resize(const Tensor& src, int width, int height,
              ImageFilterMode mode = ImageFilterMode::kBilinear, ChannelFormat cformat = kNCHW);
Tensor& rotate(Tensor& dst, const Tensor& src, ImageRotationMode mode = ImageRotationMode::k90,
               ChannelFormat cformat = kNCHW);
Tensor rotate(const Tensor& src, ImageRotationMode mode = ImageRotationMode::k90,
              ChannelFormat cformat = kNCHW);
Tensor& mirror(Tensor& dst, const Tensor& src, ImageAxis axis, ChannelFormat cformat = kNCHW);
Tensor mirror(const Tensor& src, ImageAxis axis, ChannelFormat cformat = kNCHW);
// A view (no copy) of the rectangle; throws kOutOfRange when it leaves the image.
Tensor crop(const Tensor& src, int left, int top, int width, int height,
            ChannelFormat cformat = kNCHW);
// Copies the rectangle of dst's size at (left, top) of src into dst.
Tensor& crop(Tensor& dst, const Tensor& src, int left, int top, ChannelFormat cformat = kNCHW);

// Frames given as plane lists (Frame::data(): (rows, cols[, channels]) per plane, or
// with a leading batch dimension) of `pix_info`'s format; sizes come from plane 0.
TensorList& yuv_resize(TensorList& dst, const TensorList& src, const PixelInfo& pix_info,
                       ImageFilterMode mode = ImageFilterMode::kBilinear);
TensorList& yuv_rotate(TensorList& dst, const TensorList& src, const PixelInfo& pix_info,
                       ImageRotationMode mode);
TensorList& yuv_mirror(TensorList& dst, const TensorList& src, const PixelInfo& pix_info,
                       ImageAxis axis);

}  // namespace img
}  // namespace framekit
