// Frame ↔ image tensor, the layouts ML code uses: HWC (rows, cols, channels) for
// packed formats and CHW (channels, rows, cols) for planar RGB. Shared by the
// built-in kTensor convertor (framekit::Tensor, NumPy in Python) and the OpenCV
// and libtorch adapters, so all of them agree on layouts and format inference.
#pragma once

#include <optional>

#include "framekit/core/tensor.h"
#include "framekit/frame/frame.h"
#include "framekit/pixel/channel_format.h"

namespace framekit {

// The layout is framekit's one ChannelFormat: kNHWC is (H, W, C) and kNCHW is
// (C, H, W) for one image (a leading batch dim of 1 is accepted on input), as BMF
// uses those names; std::nullopt lets the format and the shape decide.

// Frame → tensor.
//  - single-plane packed formats (RGB24, BGRA32, RGB48, GRAY8, YUYV422 …): kNHWC (or
//    none) is plane 0 itself, shape (H, W, C); kNCHW is a permuted view of it. Both
//    zero-copy.
//  - planar RGB (GBRP, GBRPF32): kNCHW (or none) is (3, H, W) in R, G, B order —
//    a view when the three planes are equally spaced in that order in one buffer
//    (as when the frame came from a CHW tensor), else a copy; kNHWC is a copy.
//  - other multi-plane formats (YUV420P, NV12 …) throw Error(kUnsupported): convert
//    to an RGB or gray format first.
// `copied`, when given, tells whether the result owns new memory.
Tensor frame_to_tensor(const Frame& frame, std::optional<ChannelFormat> layout = std::nullopt,
                       bool* copied = nullptr);

// Tensor → Frame. `info` names the format; when it is not valid (PF_NONE) it is
// inferred: 2-D → gray; HWC uint8 with 1/3/4 channels → GRAY8/RGB24/RGBA32, uint16
// → GRAY16/RGB48/RGBA64, float32 with 3 → GBRPF32; CHW uint8 → GBRP, float32 →
// GBRPF32. With no `layout`, it reads HWC when the last dim is 1, 3 or 4, else CHW when
// the first is 1 or 3 (when both fit, as in (3, 4, 4), the smaller channel count
// wins); with a format given, the format's natural layout when the shape fits it.
// A leading batch dim of 1 is accepted. Zero-copy when the strides fit the format
// (HWC for packed formats, CHW with unit column stride for planar RGB), else one
// copy. Throws Error naming the shape/dtype otherwise.
Frame tensor_to_frame(const Tensor& tensor, const PixelInfo& info = PixelInfo(),
                      std::optional<ChannelFormat> layout = std::nullopt, bool* copied = nullptr);

// The format tensor_to_frame infers for an HWC/CHW tensor of `channels` and `dtype`,
// or PF_NONE when there is none. `bgr` picks BGR24/BGRA32 (OpenCV's convention).
PixelFormat infer_image_format(int channels, ScalarType dtype, ChannelFormat layout,
                               bool bgr = false);

}  // namespace framekit
