// FFmpeg AVFrame ↔ framekit Frame/VideoFrame (library framekit_ffmpeg, libavutil).
// Including this header registers the kAVFrame convertor, so
// convert(vf, {}, MediaDesc().media_type(MediaType::kAVFrame)) works, and makes
// VideoFrame::private_attach<AVFrame>(f) own `f` (released with av_frame_free).
//
// Both directions share memory where the layout allows, through FFmpeg's own
// reference counting: an imported Frame holds av_buffer_ref()s of the AVFrame's
// buffers; an exported AVFrame's buffers hold a reference to the framekit Buffer.
// Either side may outlive the other.
#pragma once

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
}

#include <memory>

#include "framekit/convert/convertor.h"
#include "framekit/frame/video_frame.h"

namespace framekit {

template <>
struct PrivateRelease<AVFrame> {
  void operator()(AVFrame* f) const noexcept { av_frame_free(&f); }
};

namespace ffmpeg {

struct AVFrameDeleter {
  void operator()(AVFrame* f) const noexcept { av_frame_free(&f); }
};
using AVFramePtr = std::unique_ptr<AVFrame, AVFrameDeleter>;

// Pixel formats are matched by name (framekit's table uses FFmpeg's names), never by
// number. AV_PIX_FMT_NONE / PF_NONE when the format has no twin.
AVPixelFormat to_av_pixel_format(PixelFormat format) noexcept;
PixelFormat from_av_pixel_format(AVPixelFormat format) noexcept;

// Color metadata: format, colorspace, color_range, color_primaries, color_trc.
PixelInfo pixel_info_of(const AVFrame& frame);
void set_color_fields(AVFrame& frame, const PixelInfo& info);

// AVFrame → Frame. Zero-copy when the AVFrame is reference-counted (buf[] set), its
// line sizes are positive and its planes are aligned to the sample size: the Frame
// takes its own references to the AVFrame's buffers, so the AVFrame may be freed
// first. Otherwise the pixels are copied. Throws Error(kUnsupported) for hardware
// frames and formats without a framekit twin (naming the format).
Frame to_frame(const AVFrame* frame, bool* copied = nullptr);
// Also carries pts, time_base, duration and the metadata dictionary.
VideoFrame to_video_frame(const AVFrame* frame, bool* copied = nullptr);

// Frame → AVFrame sharing the frame's memory (copy = false) or owning a copy with
// 64-byte aligned rows (copy = true). The AVFrame's buffers keep the framekit memory
// alive, so the Frame may go first. CPU frames only. Throws Error(kUnsupported) for
// formats without an FFmpeg twin.
AVFramePtr to_avframe(const Frame& frame, bool copy = false);
// Also carries pts, time_base, duration and metadata.
AVFramePtr to_avframe(const VideoFrame& vf, bool copy = false);

// Registers the kAVFrame convertor (idempotent); run when this header is included.
bool register_avframe_convertor();

namespace detail {
inline const bool kAVFrameConvertorRegistered = register_avframe_convertor();
}  // namespace detail

}  // namespace ffmpeg
}  // namespace framekit
