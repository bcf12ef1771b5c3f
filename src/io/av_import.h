// AVFrame → framekit: the one import of decoded FFmpeg frames. The VideoReader of io/
// and the AVFrame adapter (framekit_ffmpeg, include/framekit/convert/ffmpeg.h) both use
// it. Private to the library: no public header names an FFmpeg type outside the adapter.
#pragma once

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
}

#include "framekit/frame/video_frame.h"

namespace framekit::io::av {

// Pixel formats are matched by name (framekit's table uses FFmpeg's names), never by
// number. AV_PIX_FMT_NONE / PF_NONE when the format has no twin.
AVPixelFormat to_av_pixel_format(PixelFormat format) noexcept;
PixelFormat from_av_pixel_format(AVPixelFormat format) noexcept;

// Format, colorspace, color_range, color_primaries, color_trc of a frame; values this
// build does not know become "unspecified". Throws Error(kUnsupported) naming a format
// without a framekit twin.
PixelInfo pixel_info_of(const AVFrame& frame);
// The same mapping for the fields as a stream's codec parameters give them.
PixelInfo pixel_info_of(int format, int colorspace, int color_range, int color_primaries,
                        int color_trc);

// Null frames, bad sizes, hardware frames, missing planes: Error.
void check_importable(const AVFrame* f);
// Whether the planes can be viewed in place (positive, sample-aligned line sizes).
bool shareable(const AVFrame& f, const PixelFormatDesc& d);
ImageView view_of(const AVFrame& f, const PixelInfo& info);
Frame copy_of(const AVFrame& f, const PixelInfo& info);

// AVFrame → Frame: zero-copy (the Frame holds av_buffer_ref()s of the AVFrame's buffers)
// when it is reference-counted and shareable, a copy otherwise. `info` overrides the
// frame's own labels (same format).
Frame to_frame(const AVFrame* f, bool* copied = nullptr);
Frame to_frame(const AVFrame* f, const PixelInfo& info, bool* copied = nullptr);
// pts, time_base, duration and the metadata dictionary.
void copy_props_from(VideoFrame& vf, const AVFrame& f);
VideoFrame to_video_frame(const AVFrame* f, bool* copied = nullptr);

int64_t duration_of(const AVFrame& f);
void set_duration(AVFrame& f, int64_t d);

}  // namespace framekit::io::av
