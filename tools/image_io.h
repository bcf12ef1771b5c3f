// The CLI's glue over the library's readers and writers (framekit/io/image_io.h): the
// kind of an input comes from its bytes (raw planes only with a size and format, never
// for bytes of a known kind); the kind of an output from its extension. What the CLI adds
// for byte-stable outputs: a 16-bit gray PNG read as rgb48le, a 4:4:0 JPEG as rgb24,
// and writes through OutputFile (complete or absent, every write checked). Errors are
// framekit::Error naming the file and the problem.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "framekit/frame/video_frame.h"
#include "framekit/geometry/geometry.h"
#include "framekit/jpeg/params.h"

namespace framekit::cli {

// The kind an output file name asks for, by its extension: .jpg/.jpeg, .png,
// .ppm/.pgm/.pnm, .y4m; raw planes for .yuv, .rgb, .raw and pixel format names (.nv12,
// .yuv420p ...). Anything else is kUnknown: a writer refuses it before any work.
enum class FileKind { kRaw, kPnm, kPng, kY4m, kJpeg, kUnknown };
FileKind file_kind(const std::string& path);
// The extensions file_kind() knows, for messages.
inline constexpr const char* kOutputExtensions =
    ".jpg/.jpeg, .png, .ppm/.pgm/.pnm, .y4m, or .yuv/.rgb/.raw/.<pixel format> for raw planes";

// What the first bytes of a file say it is, for messages and to refuse reading a
// known container as raw planes: "JPEG", "PNG", "PNM", "Y4M", "MP4/MOV video",
// "Matroska/WebM video", "AVI video", "MPEG-TS video", "GIF", "WebP", "TIFF", "BMP" ...;
// empty when nothing is recognised.
std::string sniff_content_name(const uint8_t* head, size_t size);
// The first bytes as hex and printable text, e.g. `47 49 46 38 ("GIF8")`.
std::string describe_bytes(const uint8_t* head, size_t size);

struct RawSpec {
  int width = 0;
  int height = 0;
  PixelInfo info;
};
// Parses "WxH" (e.g. "1920x1080"); throws Error naming the string.
std::pair<int, int> parse_size(const std::string& s);

// Pixels one picture may have (width x height) unless the caller says otherwise:
// 16384 x 16384, 256 Mi pixels (768 MiB as RGB24). A header claiming more is refused
// before anything is allocated, so a small crafted file cannot make a reader commit
// gigabytes (issue 23, finding 4).
inline constexpr uint64_t kDefaultMaxPixels = uint64_t{16384} * 16384;

struct ReadLimits {
  uint64_t max_pixels = kDefaultMaxPixels;  // per picture; must be at least 1
};
// The limits a FrameReader gets when its caller passes none: kDefaultMaxPixels until a
// command sets them from its options (--max-pixels), which then reach every reader the
// command makes, including the encode engine's.
const ReadLimits& default_read_limits();
void set_default_read_limits(const ReadLimits& limits);

// Reads frames one by one from any supported file. Raw files need `raw` (size and
// format); they may hold several frames back to back, and their size must be a whole,
// non-zero number of frames. Every header is checked against `limits`, and a JPEG or
// PNG whose compressed data is too small to code the pixels its header claims is
// refused before decoding (see read_jpeg / read_png). Y4M must be progressive.
// PNG chunk CRCs and the zlib checksum are verified.
struct ReaderOptions {
  std::optional<RawSpec> raw;  // read raw planes of this size and format
  ReadLimits limits = default_read_limits();
  bool auto_orient = false;    // apply a JPEG's EXIF orientation
  // A bound of the pictures wanted (0: none): a JPEG is decoded at the smallest DCT
  // scale still at least this size (then the caller resizes).
  int decode_width = 0;
  int decode_height = 0;
  // Instead: a box the picture is to fit in (aspect kept, never enlarged); a JPEG is
  // decoded at the smallest DCT scale still at least that fitted size, then resized.
  int fit_width = 0;
  int fit_height = 0;
  ResizeMode filter = ResizeMode::kArea;  // the filter of those resizes
  double reducing_gap = 0;                // io::ReadOptions::reducing_gap
  // A color JPEG comes as rgb24 (TurboJPEG's own conversion at the DCT scale), so a
  // resize works on full-resolution chroma, as Pillow's draft() + resize() does.
  bool prefer_rgb = false;
  // Read these bytes (stdin) instead of the file; `path` only names them in messages.
  std::shared_ptr<const std::vector<uint8_t>> data;
};

class FrameReader {
 public:
  FrameReader(const std::string& path, const std::optional<RawSpec>& raw,
              const ReadLimits& limits = default_read_limits());
  // The kind is sniffed from the bytes; raw planes are read only with options.raw, and
  // then a file whose bytes show a known kind (an MP4, a PNG ...) is refused.
  FrameReader(const std::string& path, const ReaderOptions& options);
  ~FrameReader();
  FrameReader(const FrameReader&) = delete;
  FrameReader& operator=(const FrameReader&) = delete;
  // The next frame, or an undefined VideoFrame at the end. pts counts frames.
  VideoFrame next();
  // "jpeg", "png", "pnm", "y4m" or "raw".
  std::string kind_name() const;
  // True for kinds that hold several frames (Y4M, raw).
  bool multi_frame() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes frames; PNG/PPM take one frame (RGB24/RGBA32/GRAY8/RGB48/GRAY16 as given —
// convert first), Y4M and raw take many. The file is complete or absent: it is written
// through an OutputFile (tools/output_file.h) and appears only at commit(); a writer
// destroyed without commit() leaves an existing file as it was.
class FrameWriter {
 public:
  // The kind from `path`'s extension unless given; an unknown one is a UsageError.
  explicit FrameWriter(const std::string& path, FileKind kind = FileKind::kUnknown);
  // JPEG output: the encoder's parameters, and whether a frame's own EXIF and ICC
  // profile are written where `params` sets none.
  void set_jpeg(const jpeg::EncodeParams& params, bool keep_metadata);
  ~FrameWriter();
  FrameWriter(const FrameWriter&) = delete;
  FrameWriter& operator=(const FrameWriter&) = delete;
  // Throws Error naming the file when it cannot store `format` (e.g. nv12 into a PPM),
  // so a command can refuse before reading or writing anything.
  void check_format(PixelFormat format) const;
  // False for raw files: nothing in them says limited or full range, and every reader
  // takes a format's usual range (PixelInfo(format).infer_range()).
  bool stores_range() const;
  void write(const Frame& frame);
  // The same; Y4M takes its frame rate (F) from the first frame's time base (1/25 s →
  // F25:1), 25 fps when the frame has none.
  void write(const VideoFrame& frame);
  // The pixel format this writer stores best for a source format (e.g. PNG: RGB24 for
  // YUV sources, RGB48 for >8-bit ones; Y4M: the nearest Y4M colorspace).
  PixelFormat preferred_format(const PixelInfo& src) const;
  // Flushes, closes and moves the file into place; throws naming the file on any
  // failure (then nothing replaced an existing file). Needs at least one frame.
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace framekit::cli
