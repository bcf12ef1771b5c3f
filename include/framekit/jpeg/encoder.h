// Baseline JPEG encoder (SOF0, 8-bit, Huffman, JFIF). Input: any 8-bit YUV format at
// its own subsampling, GRAY8, or RGB24/BGR24/RGBA32/BGRA32 (converted to YCbCr).
//
//   framekit::jpeg::Encoder enc({.quality = 85});
//   std::vector<uint8_t> jpg = enc.encode(view);        // growing buffer
//   size_t n = enc.encode_into(view, buf, capacity);    // caller's buffer
//
// Color: JFIF means BT.601 full range. Limited-range YUV is expanded to full range
// inside the quantiser (no extra pass); BT.709 / BT.2020 / SMPTE 240M YUV is converted
// to BT.601 per MCU row; EncodeParams::raw encodes samples unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "framekit/jpeg/params.h"
#include "framekit/pixel/image_view.h"

namespace framekit {
class Frame;
}

namespace framekit::jpeg {

// Holds the tables derived from EncodeParams. Reusable; encode() is const and may be
// called from several threads at once.
class Encoder {
 public:
  // Throws Error(kInvalidArgument) naming the bad parameter.
  explicit Encoder(const EncodeParams& params = {});
  ~Encoder();
  Encoder(const Encoder&);
  Encoder& operator=(const Encoder&);
  Encoder(Encoder&&) noexcept;
  Encoder& operator=(Encoder&&) noexcept;

  const EncodeParams& params() const noexcept;

  std::vector<uint8_t> encode(const ImageView& src) const;
  std::vector<uint8_t> encode(const Frame& src) const;  // CPU frames (Frame::view())
  // Writes the JPEG to out[0, capacity) and returns its size. Never writes past
  // capacity: a buffer too small throws Error(kBufferTooSmall) that names the size
  // needed (the output is then unspecified).
  size_t encode_into(const ImageView& src, uint8_t* out, size_t capacity) const;
  size_t encode_into(const Frame& src, uint8_t* out, size_t capacity) const;

  // A close estimate of the encoded size (codes a sample of MCU rows).
  size_t predict_size(const ImageView& src) const;
  size_t predict_size(const Frame& src) const;
  // An upper bound that no image of this size and format can exceed.
  size_t max_encoded_size(int width, int height, PixelFormat format) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The one answer to "can this be encoded?", for the encoder and every layer above it
// (JPEGE's send, the C ABI, the CLI): 8-bit YUV at 4:4:4, 4:2:2 or 4:2:0 without alpha
// (planar, semi-planar or packed 4:2:2), gray8, rgb24, bgr24, rgba or bgra. Unless the
// samples are encoded `raw` (EncodeParams::raw), YUV must also be in a color space with
// a Kr/Kb matrix (not YCgCo or BT.2020 CL), which the encoder converts to BT.601.
bool can_encode(const PixelInfo& info, bool raw = false) noexcept;
// Why not, naming the format (or its color space), for error messages; empty when
// can_encode(info, raw).
std::string cannot_encode_reason(const PixelInfo& info, bool raw = false);

std::vector<uint8_t> encode(const ImageView& src, const EncodeParams& params = {});
std::vector<uint8_t> encode(const Frame& src, const EncodeParams& params = {});
size_t encode_into(const ImageView& src, const EncodeParams& params, uint8_t* out, size_t capacity);
size_t encode_into(const Frame& src, const EncodeParams& params, uint8_t* out, size_t capacity);
// Guaranteed bound on the encoded size (headers, every block at its worst, stuffing).
size_t max_encoded_size(int width, int height, PixelFormat format, const EncodeParams& params = {});
// Close estimate of the encoded size, as hardware encoders' "predicted size".
size_t predict_size(const ImageView& src, const EncodeParams& params = {});
size_t predict_size(const Frame& src, const EncodeParams& params = {});

}  // namespace framekit::jpeg
