// What the readers and writers of io/ share: the byte source they read from, the size
// checks, and one reader/encoder entry per kind.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "framekit/frame/video_frame.h"
#include "framekit/io/image_io.h"

namespace framekit::io::detail {

// Bytes from a file (read as needed) or from memory. `name` is what errors call it:
// the path, or "<memory>".
class ByteSource {
 public:
  static ByteSource open_file(const std::string& path);
  static ByteSource from_memory(std::span<const uint8_t> data, const std::string& name);
  ByteSource(ByteSource&&) noexcept;
  ByteSource& operator=(ByteSource&&) noexcept;
  ~ByteSource();

  const std::string& name() const noexcept { return name_; }
  // Up to n bytes; fewer only at the end.
  size_t read(void* dst, size_t n);
  // The next byte, or -1 at the end.
  int get();
  // Looks at up to n bytes without consuming them.
  std::span<const uint8_t> peek(size_t n);
  // Bytes left when known (memory, regular files); nothing for pipes.
  std::optional<uint64_t> remaining() const;
  // Everything left, as one span valid until the next call (memory: no copy).
  std::span<const uint8_t> read_rest();

 private:
  ByteSource() = default;
  std::string name_;
  std::FILE* file_ = nullptr;
  std::span<const uint8_t> memory_;
  size_t pos_ = 0;              // position in memory_
  std::vector<uint8_t> ahead_;  // bytes peeked from the file, not yet consumed
  std::vector<uint8_t> rest_;   // what read_rest() returned for a file
};

// Refuses a picture size before anything is allocated: zero sides, sides past int,
// more pixels than the limit.
void check_picture(const std::string& name, uint64_t width, uint64_t height, uint64_t max_pixels);
// Bytes of one frame stored as tight rows (raw, Y4M, PNM).
uint64_t tight_frame_bytes(const PixelInfo& info, int width, int height);
// Fills / writes a frame's planes as tight rows; false when the source ends early.
bool read_planes(ByteSource& src, const Frame& frame);
void append_planes(std::vector<uint8_t>& out, const Frame& frame);
void swap16(uint8_t* p, size_t n_samples);

// ---- readers (one picture; the source is at its start) ----
VideoFrame read_jpeg(std::span<const uint8_t> data, const std::string& name,
                     const ReadOptions& options);
VideoFrame read_png(std::span<const uint8_t> data, const std::string& name,
                    const ReadOptions& options);
VideoFrame read_pnm(ByteSource& src, const ReadOptions& options);

// A Y4M stream: its header, then frame by frame.
struct Y4mStream {
  int width = 0, height = 0;
  PixelInfo info;
  Rational rate{0, 1};
};
Y4mStream read_y4m_header(ByteSource& src, const ReadOptions& options);
// The next frame, or an undefined VideoFrame at the end.
VideoFrame read_y4m_frame(ByteSource& src, const Y4mStream& stream, int64_t index);

// ---- EXIF ----
// Where the orientation value sits in an EXIF block (the TIFF structure) and what it
// says; nothing when the block has no valid orientation tag.
struct ExifOrientation {
  int value = 1;
  size_t offset = 0;  // of the 16-bit value in the block
  bool big_endian = false;
};
std::optional<ExifOrientation> find_exif_orientation(std::span<const uint8_t> exif) noexcept;
// The frame turned upright for an EXIF orientation 1..8.
Frame apply_orientation(const Frame& frame, int orientation);

// ---- finishing a decoded picture: resize to the asked size, convert ----
// The size the caller asked for, given the stored size (0 sides resolved).
std::pair<int, int> asked_size(int width, int height, const ReadOptions& options);
// Resizes (when the size differs) and converts (when a format was asked); keeps the
// image metadata.
Frame finish_picture(Frame frame, const ReadOptions& options);

// ---- encoders ----
std::vector<uint8_t> encode_png(const Frame& frame, const std::vector<uint8_t>& icc_profile);
std::vector<uint8_t> encode_pnm(const Frame& frame);
std::string y4m_header(const Frame& frame, Rational rate);
// The Y4M colorspace tag of a format ("420jpeg", "422", "mono16" ...); empty if none.
std::string y4m_colorspace(PixelFormat format);
// The format a kind stores for a source format.
PixelFormat preferred_format(ImageKind kind, const PixelInfo& src);

// ---- atomic output ----
// A file that appears at `path` only at commit(): written under a temporary name in
// the same folder, flushed, fsynced and renamed. Uncommitted, the temporary is removed.
// - A new file gets 0666 less the umask, as open(2) gives; replacing a regular file
//   keeps its permission bits (and its owner and group where the process may set them).
// - A symbolic link is followed: the file it names is replaced, the link stays. A
//   dangling link is an error.
// - A target that exists and is not a regular file (a FIFO, a character device such as
//   /dev/stdout or /dev/null, a socket) is a stream: it is opened and written directly,
//   with nothing to rename or remove (a failure may have sent part of the bytes). A
//   block device is refused.
class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void write(const void* data, size_t n);
  void commit();
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;    // as the caller gave it (messages name it)
  std::string target_;  // the file replaced: path_, or what its symbolic link names
  std::string temp_;
  int fd_ = -1;
  bool committed_ = false;
  bool direct_ = false;  // a stream written in place (no temporary)
};

}  // namespace framekit::io::detail
