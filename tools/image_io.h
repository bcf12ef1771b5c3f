// Reading and writing images for the CLI: raw planes (.yuv/.rgb/… with an explicit
// size and format), PPM/PGM (8 and 16 bit), PNG (libspng), Y4M (YUV4MPEG2, several
// frames) and JPEG (read with TurboJPEG into its own YCbCr planes, written with
// framekit's encoder). Errors are framekit::Error naming the file and the problem.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "framekit/frame/video_frame.h"

namespace framekit::cli {

enum class FileKind { kRaw, kPnm, kPng, kY4m, kJpeg };
FileKind file_kind(const std::string& path);  // by extension; unknown → kRaw

struct RawSpec {
  int width = 0;
  int height = 0;
  PixelInfo info;
};
// Parses "WxH" (e.g. "1920x1080"); throws Error naming the string.
std::pair<int, int> parse_size(const std::string& s);

// Reads frames one by one from any supported file. Raw files need `raw` (size and
// format); they may hold several frames back to back.
class FrameReader {
 public:
  FrameReader(const std::string& path, const std::optional<RawSpec>& raw);
  ~FrameReader();
  FrameReader(const FrameReader&) = delete;
  FrameReader& operator=(const FrameReader&) = delete;
  // The next frame, or an undefined VideoFrame at the end. pts counts frames.
  VideoFrame next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes frames; PNG/PPM take one frame (RGB24/RGBA32/GRAY8/RGB48/GRAY16 as given —
// convert first), Y4M and raw take many.
class FrameWriter {
 public:
  explicit FrameWriter(const std::string& path);
  ~FrameWriter();
  FrameWriter(const FrameWriter&) = delete;
  FrameWriter& operator=(const FrameWriter&) = delete;
  void write(const Frame& frame);
  // The same; Y4M takes its frame rate (F) from the first frame's time base (1/25 s →
  // F25:1), 25 fps when the frame has none.
  void write(const VideoFrame& frame);
  // The pixel format this writer stores best for a source format (e.g. PNG: RGB24 for
  // YUV sources, RGB48 for >8-bit ones; Y4M: the nearest Y4M colourspace).
  PixelFormat preferred_format(const PixelInfo& src) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace framekit::cli
