// <bmf/sdk/ffmpeg_helper.h> (BMF's path): bmf_sdk::ffmpeg, the VideoFrame <-> AVFrame
// bridge and reformat() by a pixel format's FFmpeg name, over framekit (link
// framekit_ffmpeg). CPU frames only.
//
// reformat(vf, "rgb24" / "gray" / "gray16" / "yuv420p" / any name FFmpeg knows) converts
// at the same size with framekit's converter (framekit::reformat), not through an FFmpeg
// filter graph as BMF does: the same formats, sizes and plane layouts, framekit's
// numerics (rounded, chroma interpolated). The color labels follow FFmpeg's choices for
// a bare format change: a YUV or gray source keeps its matrix and range; RGB becomes
// YUV as BT.601 limited range (swscale's default). pts, time base and metadata are kept.
#pragma once

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
}

#include <stdexcept>
#include <string>

#include "bmf/sdk/av_convertor.h"
#include "framekit/color/reformat.h"
#include "framekit/compat/bmf.h"
#include "framekit/convert/ffmpeg.h"
#include "framekit/core/error.h"
#include "hmp/ffmpeg/ff_helper.h"

namespace bmf_sdk::ffmpeg {

// VideoFrame -> AVFrame sharing the frame's memory, with pts, time base, duration and
// metadata (free it with av_frame_free). force_private: the frame must carry an AVFrame
// (private_attach), whose other properties are copied too, as in BMF.
inline AVFrame* from_video_frame(const VideoFrame& vf, bool force_private = true) {
  const AVFrame* attached = vf.private_get<AVFrame>();
  if (attached == nullptr && force_private) {
    throw framekit::Error(framekit::ErrorCode::kInvalidArgument,
                          "from_video_frame: the VideoFrame carries no AVFrame (private_attach "
                          "one, or pass force_private = false)");
  }
  framekit::ffmpeg::AVFramePtr out = framekit::ffmpeg::to_avframe(vf, false);
  if (attached != nullptr) {
    framekit::ffmpeg::AVFramePtr own = std::move(out);
    out.reset(hmp::ffmpeg::to_video_frame(vf.frame(), attached));
    out->pts = own->pts;
    out->time_base = own->time_base;
    av_dict_free(&out->metadata);
    out->metadata = own->metadata;
    own->metadata = nullptr;
  }
  return out.release();
}

// AVFrame -> VideoFrame over the AVFrame's buffers, with pts, time base and metadata;
// attach: the VideoFrame also keeps a reference to the AVFrame (private_get<AVFrame>).
inline VideoFrame to_video_frame(const AVFrame* avf, bool attach = true) {
  FK_CHECK_ARG(avf != nullptr, "to_video_frame: the AVFrame is null");
  VideoFrame vf(framekit::ffmpeg::to_video_frame(avf));
  if (attach) vf.private_attach<AVFrame>(avf);
  return vf;
}

// The labels FFmpeg's format conversion gives `format` from a frame labelled `from`.
inline PixelInfo reformat_target(const PixelInfo& from, hmp::PixelFormat format) {
  const PixelInfo bare(format);
  if (!bare.is_yuv()) return bare;
  if (from.is_yuv()) return PixelInfo(format, from.space(), from.range());
  return PixelInfo(format, framekit::CS_BT470BG, framekit::CR_MPEG);
}

inline VideoFrame reformat(const VideoFrame& vf, const std::string& format_str) {
  FK_CHECK(vf.device().is_cpu(), framekit::ErrorCode::kUnsupported,
           "ffmpeg::reformat takes cpu frames, not ", vf.device().str());
  const AVPixelFormat av_format = av_get_pix_fmt(format_str.c_str());
  FK_CHECK_ARG(av_format != AV_PIX_FMT_NONE, "ffmpeg::reformat: FFmpeg has no pixel format '",
               format_str, "'");
  const hmp::PixelFormat format = framekit::ffmpeg::from_av_pixel_format(av_format);
  FK_CHECK(format != hmp::PF_NONE, framekit::ErrorCode::kUnsupported,
           "ffmpeg::reformat: ", format_str, " has no framekit twin");
  return VideoFrame(framekit::reformat(vf, reformat_target(vf.frame().pix_info(), format)));
}

inline VideoFrame reformat(const VideoFrame& vf, AVPixelFormat format) {
  const char* name = av_get_pix_fmt_name(format);
  FK_CHECK_ARG(name != nullptr, "ffmpeg::reformat: AVPixelFormat ", static_cast<int>(format),
               " is not a pixel format");
  return reformat(vf, std::string(name));
}

}  // namespace bmf_sdk::ffmpeg
