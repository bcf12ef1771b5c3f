// VideoFrames into video files through FFmpeg's libavcodec and libavformat: H.264 by
// libx264 by default (what BMF's hmp.ffmpeg.VideoWriter writes), or any encoder this
// FFmpeg has (ffv1, mpeg4, libx265, libvpx-vp9 ...), into any container its muxers
// write (MP4, MKV, MOV, AVI, WebM ...), chosen by the file's extension.
//
// A writer is made for one size and one pixel format; every frame must have both
// (framekit never converts behind the caller's back: convert() first). The stream's
// color labels are the PixelInfo's, so a reader gets them back.
//
// Times: frame k has pts k on the 1/fps clock, whatever the frames' own pts; the file
// is constant frame rate.
//
// Output is deterministic: the same frames and options give the same bytes. The
// encoder runs on `threads` threads (1 by default): x264's bitstream depends on its
// thread count, never on load, so a fixed count keeps the bytes fixed; libavformat's
// bitexact mode keeps FFmpeg's version string out of the file.
//
// Errors (framekit::Error, naming the path and the problem): a folder that does not
// exist or cannot be written, an extension no muxer knows, an encoder this FFmpeg lacks
// or one that cannot take the pixel format (the message lists those it can), an option
// the encoder does not know, a frame of another size, format or device, a write after
// close(). Nothing is printed: FFmpeg's messages join the error text. See docs/io.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "framekit/frame/video_frame.h"
#include "framekit/pixel/pixel_info.h"

namespace framekit::io {

struct VideoWriteOptions {
  // FFmpeg's encoder name.
  std::string codec = "libx264";
  // Frames per second (and the stream's clock, 1/fps).
  Rational fps{30, 1};
  // Bits per second; 0 leaves rate control to the encoder (x264: crf 23).
  int64_t bit_rate = 0;
  // Frames from one keyframe to the next, and B-frames in a row; -1: the encoder's own.
  int gop_size = -1;
  int max_b_frames = -1;
  // The encoder's own options by FFmpeg's names, as `ffmpeg -c:v x -name value` takes
  // them: {"preset", "fast"}, {"crf", "18"}, {"qp", "0"}, {"x264-params", "..."}.
  std::vector<std::pair<std::string, std::string>> codec_options;
  // FFmpeg's muxer name ("mp4", "matroska" ...); empty: from the path's extension.
  std::string container;
  // Encoder threads (see above); 0: FFmpeg picks (one per core).
  int threads = 1;
};

class VideoWriter {
 public:
  // Opens `path` for writing (created or truncated) and the encoder for frames of
  // width x height in info's pixel format and color labels.
  VideoWriter(const std::string& path, int width, int height, const PixelInfo& info,
              const VideoWriteOptions& options = {});
  // Closes (close()) if still open; errors are swallowed here: call close() to see them.
  ~VideoWriter();
  VideoWriter(VideoWriter&&) noexcept;
  VideoWriter& operator=(VideoWriter&&) noexcept;

  // Encodes one frame (CPU, the writer's size and pixel format, any strides).
  void write(const Frame& frame);
  void write(const VideoFrame& frame) { write(frame.frame()); }
  // Drains the encoder, writes the container's index and closes the file. Idempotent;
  // after it, write() is an Error.
  void close();

  bool is_open() const noexcept;
  int64_t frames_written() const noexcept;
  const std::string& path() const noexcept;
  int width() const noexcept;
  int height() const noexcept;
  const PixelInfo& pix_info() const noexcept;
  const VideoWriteOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The pixel formats (FFmpeg's names) an encoder takes, in its order of preference; empty
// when it does not say. Error for an encoder this FFmpeg lacks.
std::vector<std::string> encoder_pixel_formats(const std::string& codec);

}  // namespace framekit::io
