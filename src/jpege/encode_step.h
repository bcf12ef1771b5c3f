// The one place where the engine meets the JPEG encoder core: a channel's parameters
// become a PictureEncoder (tables computed once), which jobs share and call from worker
// threads. Swapping the encoder means changing encode_step.cpp only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "framekit/jpege/types.h"
#include "framekit/pixel/image_view.h"

namespace framekit::jpege::detail {

class PictureEncoder {
 public:
  struct Options {
    JpegParam param;
    HuffmanParam huffman;
    bool compact_tables = false;
    // A COM segment in the header (the caller-buffer mode writes one, as the hardware).
    bool comment = false;
  };

  // Throws JpegeError(kErrVencIllegalParam) naming the bad parameter.
  static std::shared_ptr<const PictureEncoder> create(const Options& options);
  virtual ~PictureEncoder() = default;

  // Whether the core encodes this format (checked before a frame is queued).
  static bool supports(PixelFormat format) noexcept;
  // Bytes a picture needs at most (guaranteed bound) and in practice (estimate).
  virtual size_t max_size(const InputFrame& frame) const = 0;
  virtual size_t predict_size(const InputFrame& frame) const = 0;

  // Encodes into `out` (resized to fit); returns the JPEG's length. `threads` > 1 lets
  // one big picture use several threads of framekit's runtime.
  virtual size_t encode(const InputFrame& frame, int threads, std::vector<uint8_t>& out) const = 0;
  // Encodes into [dst, dst + capacity) without writing past it. Returns the length, or 0
  // with *needed set when the buffer is too small.
  virtual size_t encode_into(const InputFrame& frame, int threads, uint8_t* dst, size_t capacity,
                             size_t* needed) const = 0;

  // The parameters with the tables the encoder really uses (qfactor's scaled tables).
  virtual JpegParam effective_param() const = 0;
  uint32_t qfactor() const noexcept { return qfactor_; }

 protected:
  uint32_t qfactor_ = 100;
};

// The comment the caller-buffer mode writes (4 + 10 bytes: within the hardware's 4..19).
inline constexpr char kJpegeComment[] = "framekit j";

}  // namespace framekit::jpege::detail
