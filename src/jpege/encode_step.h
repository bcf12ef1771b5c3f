// The one place where the engine meets the JPEG encoder core: a channel's parameters
// become a PictureEncoder (tables computed once), which jobs share and call from worker
// threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/types.h"
#include "framekit/pixel/image_view.h"

namespace framekit::jpege::detail {

// A worker's output buffer. It grows without zero-filling, so a buffer sized for the
// worst case only touches the pages a picture really uses.
class Scratch {
 public:
  uint8_t* data() noexcept { return buf_.get(); }
  size_t size() const noexcept { return size_; }
  void ensure(size_t bytes) {
    if (bytes <= size_) return;
    buf_.reset(new uint8_t[bytes]);  // default-initialised: no page is touched here
    size_ = bytes;
  }

 private:
  std::unique_ptr<uint8_t[]> buf_;
  size_t size_ = 0;
};

// A channel's parameters live as one jpeg::EncodeParams; the hardware structs are views
// of it. These map between them (the apply_* functions throw JpegeError naming the bad
// field, and leave `params` unchanged then).
void apply_jpeg_param(const JpegParam& param, jpeg::EncodeParams& params);
// qfactor is kQfactorCustom when tables or a chroma quality are set; the tables are the
// ones the encoder really uses (quality's scaled tables otherwise).
JpegParam jpeg_param_of(const jpeg::EncodeParams& params);
void apply_huffman_param(const HuffmanParam& huffman, jpeg::EncodeParams& params);
HuffmanParam huffman_param_of(const jpeg::EncodeParams& params);

// The encoder core set up for one channel's parameters. One object per parameter
// change; jobs share it and call it from worker threads.
class PictureEncoder {
 public:
  struct Options {
    jpeg::EncodeParams params;
    // A COM segment in the header when params has none (the caller-buffer mode writes
    // one, as the hardware).
    bool comment = false;
  };

  // Throws JpegeError(kErrVencIllegalParam) naming the bad parameter.
  explicit PictureEncoder(const Options& options);
  ~PictureEncoder();

  // Bytes a picture needs at most (guaranteed bound) and in practice (estimate).
  size_t max_size(const InputFrame& frame) const;
  size_t predict_size(const InputFrame& frame) const;

  // Encodes into `out` (grown to fit); returns the JPEG's length. `threads` > 1 lets one
  // big picture use several threads of framekit's runtime.
  size_t encode(const InputFrame& frame, int threads, Scratch& out) const;
  // Encodes into [dst, dst + capacity) without writing past it. Returns the length, or 0
  // with *needed set when the buffer is too small.
  size_t encode_into(const InputFrame& frame, int threads, uint8_t* dst, size_t capacity,
                     size_t* needed) const;

  // What Stream::qfactor reports (jpeg_param_of(params).qfactor).
  uint32_t qfactor() const noexcept { return qfactor_; }

 private:
  // One core encoder per (raw, threads) actually used; each holds its tables.
  const jpeg::Encoder& get(bool raw, int threads) const;

  jpeg::EncodeParams base_;
  uint32_t qfactor_ = 0;
  mutable std::mutex mu_;
  mutable std::map<std::pair<bool, int>, std::unique_ptr<jpeg::Encoder>> encoders_;
};

// The comment the caller-buffer mode writes (4 + 10 bytes: within the hardware's 4..19).
inline constexpr char kJpegeComment[] = "framekit j";

}  // namespace framekit::jpege::detail
