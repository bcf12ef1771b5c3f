// convert(): the one call that turns a frame into what the next module needs —
// size, pixel format, color space and range, device, and media type (AVFrame,
// cv::Mat, at::Tensor, framekit::Tensor) — as in the seed's bmf_convert.
#pragma once

#include <string>
#include <vector>

#include "framekit/color/color.h"
#include "framekit/convert/convertor.h"
#include "framekit/convert/media_desc.h"
#include "framekit/frame/video_frame.h"

namespace framekit {

// Steps, in order:
//  1. import: when src_desc.media_type is foreign, the object attached to src
//     (src.private_get<AVFrame>() …) becomes a VideoFrame, zero-copy where possible;
//     otherwise src_desc may re-label src's color space/range (no pixel change).
//  2. scale to dst_desc's width/height (one of them alone keeps the aspect ratio,
//     640x320 with width 1920 → 1920x960) and color-convert to dst_desc's pixel
//     format / space / range, in the cheaper order (see plan_convert);
//  3. move to dst_desc.device;
//  4. export: when dst_desc.media_type is foreign, the object is made and attached to
//     the result (result.private_get<AVFrame>()); the result owns it.
// pts, time base, duration and metadata are kept. Nothing to do returns a frame that
// shares src's memory. Throws Error for unregistered media types, unsupported
// combinations and bad descriptions, before doing any pixel work where it can.
VideoFrame convert(const VideoFrame& src, const MediaDesc& src_desc, const MediaDesc& dst_desc);
// The same with the color conversion step's options (chroma upsampling, rounding:
// ChromaUpsample::kNearest and Rounding::kTruncate give BMF's numbers).
VideoFrame convert(const VideoFrame& src, const MediaDesc& src_desc, const MediaDesc& dst_desc,
                   const ColorConvertOptions& color);

// What convert() will do for a frame of `src_info` at `src_w` x `src_h`, exposed so
// callers (and tests) can see the cost-based order of scale and color conversion.
struct ConvertPlan {
  enum class Step { kScale, kReformat, kToDevice };
  struct Op {
    Step step;
    int width = 0, height = 0;  // size after the step
    PixelInfo info;             // pixel info after the step
    Device device;              // device after the step
  };
  int src_width = 0, src_height = 0;
  PixelInfo src_info;
  Device src_device;
  int dst_width = 0, dst_height = 0;
  PixelInfo dst_info;
  Device dst_device;
  std::vector<Op> ops;
  // Estimated µs (one core) of the chosen order and of the other one, from a per-byte
  // model of the resize and color kernels (see convert.cpp).
  double cost = 0, other_order_cost = 0;
  std::string str() const;  // "scale 1920x1080 yuv420p → reformat rgb24"
};

ConvertPlan plan_convert(int src_width, int src_height, const PixelInfo& src_info,
                         const Device& src_device, const MediaDesc& dst_desc);

// The output size for dst_desc: both given → them; one given → the other from the
// source aspect ratio (rounded to nearest, at least 1); none → the source size.
std::pair<int, int> target_size(int src_width, int src_height, const MediaDesc& dst_desc);

// The output PixelInfo for dst_desc given the source's. Unset fields inherit from the
// source when it stays in the same color family (YUV→YUV keeps the matrix and range,
// RGB→RGB stays RGB); across families they take the target format's defaults.
// Primaries and transfer are always carried over unless pixel_info sets them.
PixelInfo target_pixel_info(const PixelInfo& src_info, const MediaDesc& dst_desc);

}  // namespace framekit
