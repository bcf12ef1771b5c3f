// Pieces of the AVFrame adapter shared by its conversions and its convertor.
#pragma once

extern "C" {
#include <libavutil/frame.h>
}

#include "framekit/frame/video_frame.h"

namespace framekit::ffmpeg::detail {

void check_importable(const AVFrame* f);
// Whether the planes can be viewed in place (positive, sample-aligned line sizes).
bool shareable(const AVFrame& f, const PixelFormatDesc& d);
ImageView view_of(const AVFrame& f, const PixelInfo& info);
Frame copy_of(const AVFrame& f, const PixelInfo& info);
void copy_props_from(VideoFrame& vf, const AVFrame& f);

}  // namespace framekit::ffmpeg::detail
