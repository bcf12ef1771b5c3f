// reformat: a whole frame color-converted into a new one of another PixelInfo, same
// size. A function of the color module rather than a member of Frame: frame sits below
// color (DESIGN.md's layers), so frame's own objects must not call the conversion.
#pragma once

#include "framekit/color/color.h"
#include "framekit/frame/frame.h"
#include "framekit/frame/video_frame.h"
#include "framekit/pixel/pixel_info.h"

namespace framekit {

// A new frame of `info` holding src's image (convert_color with default options). A
// color space the conversion takes over from src (see resolve_conversion) is written
// into the result's PixelInfo. Throws Error for an undefined frame, PF_NONE, or a frame
// that is not on the cpu.
Frame reformat(const Frame& src, const PixelInfo& info);
// The same for a video frame; the result keeps src's pts, time base, duration and
// metadata (copy_props; attachments are not carried over).
VideoFrame reformat(const VideoFrame& src, const PixelInfo& info);
// The same with the conversion's options (chroma upsampling, rounding).
Frame reformat(const Frame& src, const PixelInfo& info, const ColorConvertOptions& opt);
VideoFrame reformat(const VideoFrame& src, const PixelInfo& info, const ColorConvertOptions& opt);

}  // namespace framekit
