// <hmp/ffmpeg/ff_helper.h> (BMF's path): hmp::ffmpeg's AVFrame bridge and its
// VideoReader/VideoWriter, as thin calls into framekit's FFmpeg adapter
// (framekit/convert/ffmpeg.h: link framekit_ffmpeg) and io (io/video_reader.h,
// io/video_writer.h). CPU frames only, as in a CPU build of BMF.
//
// Memory is shared both ways, through reference counts, as BMF's helpers do:
// to_video_frame(frame) gives an AVFrame whose buffers hold one reference to the
// frame's storage (whatever its plane count); from_video_frame(avf) gives a Frame over
// the AVFrame's buffers holding av_buffer_ref()s. Either side may be freed first.
//
// Differences from BMF, on purpose: every failure throws framekit::Error (BMF's reader
// logs a failed read and returns what it has); formats without a framekit twin are an
// Error instead of a one-plane uint8 guess.
#pragma once

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
}

#include <memory>
#include <string>
#include <vector>

#include "framekit/compat/bmf.h"
#include "framekit/convert/ffmpeg.h"
#include "framekit/core/error.h"
#include "framekit/io/video_reader.h"
#include "framekit/io/video_writer.h"

namespace hmp::ffmpeg {

// Frame -> AVFrame over the frame's own memory (free it with av_frame_free). With
// `avf_ref`, its properties (pts, metadata, side data ...) are copied first; its pixels
// and color labels are not: the frame's own labels win.
inline AVFrame* to_video_frame(const Frame& frame, const AVFrame* avf_ref = nullptr) {
  framekit::ffmpeg::AVFramePtr out = framekit::ffmpeg::to_avframe(frame, false);
  if (avf_ref != nullptr) {
    FK_CHECK(av_frame_copy_props(out.get(), avf_ref) >= 0, framekit::ErrorCode::kOutOfMemory,
             "to_video_frame: av_frame_copy_props failed");
    framekit::ffmpeg::set_color_fields(*out, frame.pix_info());
  }
  return out.release();
}

// AVFrame -> Frame over the AVFrame's buffers (a copy only when they are not
// reference-counted or not sample-aligned).
inline Frame from_video_frame(const AVFrame* avf) {
  FK_CHECK_ARG(avf != nullptr, "from_video_frame: the AVFrame is null");
  return framekit::ffmpeg::to_frame(avf);
}

// FFmpeg's name of a pixel format ("yuv420p").
inline const char* hmp_to_ffmpeg_format_str(PixelFormat format) {
  return av_get_pix_fmt_name(framekit::ffmpeg::to_av_pixel_format(format));
}

// BMF's hmp.ffmpeg.VideoReader: the first video stream of a file, read(n) frames at a
// time in the decoder's pixel format (fewer at the end, then none).
class VideoReader {
 public:
  explicit VideoReader(const std::string& fn)
      : reader_(std::make_shared<framekit::io::VideoReader>(fn)) {}

  std::vector<Frame> read(int64_t nframe) {
    std::vector<Frame> frames;
    for (int64_t i = 0; i < nframe; ++i) {
      framekit::VideoFrame vf = reader_->next();
      if (!vf.defined()) break;
      frames.push_back(vf.frame());
    }
    return frames;
  }

 private:
  std::shared_ptr<framekit::io::VideoReader> reader_;
};

// BMF's hmp.ffmpeg.VideoWriter: H.264 (libx264) at `kbs` kilobits per second with BMF's
// encoder settings; frames of the writer's size and pixel format. The file is finished
// when the last copy of the writer goes.
class VideoWriter {
 public:
  VideoWriter(const std::string& fn, int width, int height, int fps, const PixelInfo& pix_info,
              int kbs = 2000)
      : writer_(std::make_shared<framekit::io::VideoWriter>(fn, width, height, pix_info,
                                                            options(fps, kbs))) {}

  void write(const std::vector<Frame>& frames) {
    for (const Frame& f : frames) writer_->write(f);
  }

 private:
  static framekit::io::VideoWriteOptions options(int fps, int kbs) {
    framekit::io::VideoWriteOptions o;
    o.fps = framekit::Rational{fps, 1};
    o.bit_rate = int64_t{kbs} * 1000;
    o.gop_size = 10;
    o.max_b_frames = 1;
    o.codec_options = {{"preset", "fast"},
                       {"x264-params", "keyint=60:min-keyint=60:scenecut=0:force-cfr=1"}};
    return o;
  }
  std::shared_ptr<framekit::io::VideoWriter> writer_;
};

}  // namespace hmp::ffmpeg
