// Images in and out: JPEG (TurboJPEG), PNG (libspng), PNM/PAM, Y4M and raw planes,
// read from a path or a memory buffer into frames, and written back atomically.
//
// The kind of an input is sniffed from its first bytes, never taken from a file name;
// an unknown kind is an Error naming the bytes seen. Raw planes are read only when the
// caller gives their size and format (ReadOptions::raw). Every header is checked
// against ReadOptions::max_pixels before anything is allocated for it.
//
// Frames from a reader carry the file's ImageMetadata (EXIF, ICC profile, orientation;
// Frame::image_metadata()). See docs/io.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "framekit/frame/frame.h"
#include "framekit/frame/video_frame.h"
#include "framekit/geometry/geometry.h"
#include "framekit/jpeg/params.h"
#include "framekit/pixel/pixel_info.h"

namespace framekit::io {

enum class ImageKind { kUnknown, kJpeg, kPng, kPnm, kY4m, kRaw };

// "jpeg", "png", "pnm", "y4m", "raw", "unknown".
std::string_view image_kind_name(ImageKind kind) noexcept;

// The kind the first bytes of a file show (JPEG FF D8 FF, PNG's signature, P5/P6/P7
// followed by whitespace, "YUV4MPEG2 "); kUnknown otherwise. Never kRaw.
ImageKind sniff_image_kind(std::span<const uint8_t> head) noexcept;

// The kind a file name asks a writer for by its extension (.jpg/.jpeg, .png,
// .ppm/.pgm/.pnm, .y4m, .yuv/.rgb/.raw); kUnknown for other names.
ImageKind image_kind_for_path(std::string_view path) noexcept;

// Pixels one picture may have unless the caller says otherwise: 16384 x 16384. A
// header claiming more is refused before anything is allocated.
inline constexpr uint64_t kDefaultMaxPixels = uint64_t{16384} * 16384;

// Raw planes: frames of this size and format stored back to back as tight rows.
struct RawFormat {
  int width = 0;
  int height = 0;
  PixelInfo info;
};

struct ReadOptions {
  // The pixel format (and color labels) of the frames returned; unset: the file's own
  // (a JPEG's YCbCr planes, a PNG's RGB/RGBA/gray ...). JPEGs decode straight into
  // rgb24, bgr24, rgba, bgra and gray; other formats go through framekit's conversion.
  std::optional<PixelInfo> format;
  // The size of the frames returned (after orientation). 0 x 0: as stored; one side 0:
  // that side follows the aspect ratio. A JPEG asked for a smaller size is decoded at the
  // smallest TurboJPEG scale (1/8, 1/4, 3/8, 1/2, ...) that is still at least that size,
  // then resized (with `filter` below).
  int width = 0;
  int height = 0;
  // With fit, width and height bound the picture instead (0: that side is free): the
  // aspect ratio is kept and nothing is enlarged, as thumbnails are made. A JPEG is
  // decoded at the smallest DCT scale that still fills the fitted size.
  bool fit = false;
  // The filter that shrinks the picture to the asked size (kLanczos3 is what vips's
  // thumbnails use; kArea the exact box average). Growing uses it too, except kArea,
  // which grows bilinearly.
  ResizeMode filter = ResizeMode::kArea;
  // A JPEG's DCT-domain downscaling stops at a size at least this many times the asked
  // size, so that `filter` does the rest of the shrink (Pillow's Image.thumbnail
  // reducing_gap; vips leaves 2 too). At most 1: the smallest DCT scale still at least
  // the asked size (the fastest; the DCT scale then does nearly all of the shrink).
  double reducing_gap = 0;
  // Instead of width and height: a factor in (0, 1] of the stored size (0.125 = 1/8),
  // each side rounded, at least 1.
  double scale = 0;
  // Apply the EXIF orientation of a JPEG (rotate/mirror the pixels upright; the frame's
  // metadata then says orientation 1, and its EXIF block is patched to say so).
  bool auto_orient = true;
  // A truncated or damaged JPEG gives the part that decoded, and a warning in the
  // frame's ImageMetadata::warnings, instead of an Error. A file with less than an
  // eighth of the least data its header needs is still refused as forged.
  bool allow_partial = false;
  // Upper bound of width x height of one picture; at least 1.
  uint64_t max_pixels = kDefaultMaxPixels;
  // Read the input as raw planes of this size and format (no sniffing).
  std::optional<RawFormat> raw;
};

// Reads the first (for most kinds the only) picture of a file or buffer. Throws Error
// naming the file (or "<memory>") and the problem.
VideoFrame read_image(const std::string& path, const ReadOptions& options = {});
VideoFrame decode_image(std::span<const uint8_t> data, const ReadOptions& options = {});

// Reads every frame of a file or buffer in order (Y4M and raw hold many; the other kinds
// one). Frames of Y4M carry pts = index and the stream's time base.
class ImageReader {
 public:
  explicit ImageReader(const std::string& path, const ReadOptions& options = {});
  // Reads from memory the caller keeps alive while the reader is used; errors call it
  // `name`.
  explicit ImageReader(std::span<const uint8_t> data, const ReadOptions& options = {},
                       const std::string& name = "<memory>");
  ~ImageReader();
  ImageReader(ImageReader&&) noexcept;
  ImageReader& operator=(ImageReader&&) noexcept;

  ImageKind kind() const noexcept;
  // The next frame, or an undefined VideoFrame after the last.
  VideoFrame next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct WriteOptions {
  // The kind to write; kUnknown: from the file name's extension (an unknown extension
  // is an Error).
  ImageKind kind = ImageKind::kUnknown;
  // JPEG: quality, subsampling, optimize, restart, comment, exif, icc_profile ...
  jpeg::EncodeParams jpeg;
  // JPEG and PNG: write the frame's own EXIF and ICC profile (its ImageMetadata) where
  // `jpeg` sets none.
  bool keep_metadata = true;
  // Y4M: frames per second when the first frame has no time base.
  Rational frame_rate{25, 1};
};

// Encodes one picture into the bytes of a file of `kind` (not kUnknown). A frame whose
// format the kind cannot store is converted first: JPEG 4:2:0 YCbCr unless its format
// encodes as is; PNG rgb24/rgba/gray or their 16-bit twins; PNM rgb24/gray or 16-bit;
// Y4M the nearest Y4M colorspace; raw stores any format as it is.
std::vector<uint8_t> encode_image(const VideoFrame& frame, ImageKind kind,
                                  const WriteOptions& options = {});

// Writes one picture atomically: a temporary file in the same folder, fsync, rename.
// On any failure the temporary is removed and an existing file is left untouched.
void write_image(const std::string& path, const VideoFrame& frame,
                 const WriteOptions& options = {});

// Writes frames into one file (Y4M and raw take many; the other kinds one). Nothing is
// visible at `path` until commit(); a writer destroyed without commit() removes its
// temporary and leaves an existing file as it was.
class ImageWriter {
 public:
  explicit ImageWriter(const std::string& path, const WriteOptions& options = {});
  ~ImageWriter();
  ImageWriter(ImageWriter&&) noexcept;
  ImageWriter& operator=(ImageWriter&&) noexcept;

  ImageKind kind() const noexcept;
  void write(const VideoFrame& frame);
  // Flushes, fsyncs and renames into place. Needs at least one frame.
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace framekit::io
