// Video files into VideoFrames through FFmpeg's libavformat and libavcodec: any
// container and codec this FFmpeg decodes (MP4, MKV, MOV, WebM, AVI, MPEG-TS ...).
//
// Frames come zero-copy from the decoder: a VideoFrame's planes are the decoder's
// AVFrame buffers (held by reference), in the decoder's own pixel format (yuv420p,
// yuvj420p, yuv420p10le ...); convert them with framekit's convert(). The decoder's
// AVFrame is also attached (VideoFrame::private_get<AVFrame>(), with
// framekit/convert/ffmpeg.h) for side data.
//
// Times: a frame's time is pts * time_base of the stream (what ffprobe calls pts_time),
// in seconds. start/end/fps below use that clock.
//
// Color: every frame carries the stream's color space, range, primaries and transfer.
// Where the stream leaves the matrix unspecified, it is BT.709 for pictures at least
// 720 lines high (HD and larger) and BT.601 (smpte170m) below, as FFmpeg's players do.
//
// Damaged input: a packet the demuxer cannot read or the decoder refuses is skipped and
// counted (skipped_packets(), warnings()); kMaxConsecutiveErrors failures in a row end
// reading with an Error. A truncated file ends at its last decodable frame.
//
// FFmpeg's log: libavformat and libavcodec print to stderr by default. From the first
// VideoReader (or set_ffmpeg_log_level) on, framekit routes av_log through its own
// callback, process-wide: nothing is printed unless a level is chosen (the
// FRAMEKIT_FFMPEG_LOG environment variable or set_ffmpeg_log_level), and the errors a
// reader's own calls make FFmpeg log join that reader's warnings() (as "FFmpeg: ...",
// or as the reason of a skipped packet).
// See docs/io.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "framekit/frame/video_frame.h"
#include "framekit/pixel/pixel_info.h"

namespace framekit::io {

// What the container says about the video stream, known before anything is decoded.
struct VideoInfo {
  int width = 0;
  int height = 0;
  // Frames per second: the stream's average frame rate, else its real base rate
  // (r_frame_rate); {0, 1} when neither is known.
  Rational fps{0, 1};
  Rational time_base{0, 1};
  // Seconds; unset when the container does not say.
  std::optional<double> duration;
  // Frames in the stream as the container counts them (nb_frames); unset when unknown.
  std::optional<int64_t> frame_count;
  std::string codec;         // FFmpeg's decoder name: "h264", "vp9", "mjpeg" ...
  std::string container;     // FFmpeg's demuxer names: "mov,mp4,m4a,3gp,3g2,mj2" ...
  std::string pixel_format;  // the decoder's output format, FFmpeg's name: "yuv420p"
  // The stream's color labels as stored (unspecified stays unspecified); the frames'
  // format when framekit has a twin of it (else PF_NONE).
  PixelInfo stream_color;
  // The labels the frames carry: stream_color with the unspecified matrix resolved.
  PixelInfo color;
};

struct VideoReadOptions {
  // Seconds on the stream clock: seek to the keyframe before `start`, then decode and
  // drop every frame whose time is below it (frame-accurate).
  std::optional<double> start{};
  // Stop before the first frame whose time is at or past `end`.
  std::optional<double> end{};
  // Stop after this many frames have been returned (0: no limit).
  int64_t max_frames = 0;
  // Return every Nth frame of those selected (1: all).
  int step = 1;
  // Resample to this many frames per second, as FFmpeg's fps filter does: output slot k
  // is at t0 + k / fps (t0 the first selected frame's time); a frame's slot is
  // round((t - t0) * fps), computed exactly from pts, halves rounded up; slot k gets
  // the last frame whose slot is at most k, so frames are dropped when slowing down and
  // repeated when speeding up; the last frame fills its own slot only (FFmpeg may
  // repeat it further to cover its duration). Output frames carry pts = k,
  // time_base = 1 / fps and duration 1. Unset: no resampling.
  std::optional<double> fps{};
  // Decode keyframes only (the decoder skips the rest: AVDISCARD_NONKEY): fast thumbnails.
  bool keyframes_only = false;
  // Decoder threads; 0: FFmpeg picks (one per core).
  int threads = 0;
};

// Packets or frames that fail in a row before reading gives up with an Error.
inline constexpr int kMaxConsecutiveErrors = 64;

class VideoReader {
 public:
  // Opens the first video stream of a file; Error naming the path and the problem for
  // missing paths, directories, empty files and files FFmpeg cannot read.
  explicit VideoReader(const std::string& path, const VideoReadOptions& options = {});
  // Reads a whole file held in memory (any container FFmpeg can demux from a stream:
  // MP4 with its index, MKV, WebM, AVI, MPEG-TS, Y4M ...). The bytes are copied: `data`
  // need not outlive the reader. Errors name "<memory>".
  explicit VideoReader(std::span<const uint8_t> data, const VideoReadOptions& options = {});
  ~VideoReader();
  VideoReader(VideoReader&&) noexcept;
  VideoReader& operator=(VideoReader&&) noexcept;

  const VideoInfo& info() const noexcept;
  const VideoReadOptions& options() const noexcept;
  // The next selected frame, or an undefined VideoFrame after the last.
  VideoFrame next();

  // A promise from the caller: it drops every frame whose time (seconds on the stream
  // clock) is below `seconds`. From now on the decoder leaves such frames undecoded
  // where nothing depends on them (non-reference frames, AVDISCARD_NONREF, judged per
  // packet by its time); reference frames are still decoded, so every frame at or past
  // `seconds` is the same as without the call. Frames below it may still be returned.
  // Packets without a time are always decoded. Raising it again is allowed; lowering it
  // takes effect for packets not yet sent to the decoder.
  void discard_before(double seconds);
  // Packets sent to the decoder so far, and those of them whose frame it was told it
  // may leave undecoded (see discard_before).
  int64_t packets_decoded() const noexcept;
  int64_t packets_discardable() const noexcept;

  // Packets or frames skipped as damaged so far, and what FFmpeg said about them (the
  // first few).
  int64_t skipped_packets() const noexcept;
  const std::vector<std::string>& warnings() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The plane pointers of the decoder's AVFrame that a VideoReader's frame wraps, in plane
// order; empty for a frame without one. Equal to the frame's own plane pointers: its
// planes are the decoder's buffers, not copies.
std::vector<const void*> decoder_plane_pointers(const VideoFrame& frame);

// FFmpeg's messages at `level` or more severe are printed (FFmpeg's own format, to
// stderr); others are dropped. Levels are FFmpeg's AV_LOG_* numbers: -8 quiet (the
// default), 0 panic, 8 fatal, 16 error, 24 warning, 32 info, 40 verbose, 48 debug,
// 56 trace. Process-wide; Error for numbers outside -8..56.
void set_ffmpeg_log_level(int level);
int ffmpeg_log_level() noexcept;
// A level by FFmpeg's name ("quiet", "error", "warning", "info", ...) or number, as
// FRAMEKIT_FFMPEG_LOG gives it; unset when it is neither.
std::optional<int> parse_ffmpeg_log_level(std::string_view text);

// The matrix of a stream that leaves it unspecified: BT.709 from 720 lines up, BT.601
// (smpte170m) below. Other spaces are returned as they are.
ColorSpace default_video_color_space(ColorSpace stored, int height) noexcept;

}  // namespace framekit::io
