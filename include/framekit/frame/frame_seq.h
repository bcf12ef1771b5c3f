// FrameSeq: a batch of frames of one PixelInfo and size. Plane p is ONE tensor of shape
// (batch, rows, cols, channels): plane p of every frame stacked along a new first
// axis, so a batch goes to an ML framework as a single NHWC tensor. concat() stacks
// frames (or sequences) into a new sequence; seq[i] is frame i as a view.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "framekit/frame/frame.h"

namespace framekit {

class FrameSeq {
 public:
  FrameSeq() = default;  // undefined sequence
  // Wraps plane tensors (no copy), each (batch, rows, cols, channels), or (batch, rows,
  // cols) for a one-channel plane; width and height come from plane 0. Every frame must
  // be a valid Frame of `info` (the same checks as Frame(planes, info)). Throws Error
  // naming the plane otherwise.
  FrameSeq(const TensorList& planes, const PixelInfo& info);
  FrameSeq(const TensorList& planes, int width, int height, const PixelInfo& info);

  bool defined() const noexcept { return !planes_.empty(); }
  explicit operator bool() const noexcept { return defined(); }
  int batch() const noexcept { return defined() ? static_cast<int>(planes_[0].size(0)) : 0; }
  int width() const noexcept { return width_; }
  int height() const noexcept { return height_; }
  const PixelInfo& pix_info() const noexcept { return info_; }
  PixelFormat format() const noexcept { return info_.format(); }
  const PixelFormatDesc& desc() const { return info_.desc(); }
  ScalarType dtype() const { return desc().dtype; }
  const Device& device() const;
  int nplanes() const noexcept { return static_cast<int>(planes_.size()); }
  const Tensor& plane(int i) const;  // throws on a bad index
  const TensorList& data() const noexcept { return planes_; }

  // Frame `index` (negative counts from the end) as a view of this sequence's memory.
  Frame operator[](int64_t index) const;
  // Frames [start, end) as a view; end defaults to the batch size. Negative values
  // count from the end, as in Python.
  FrameSeq slice(int64_t start, std::optional<int64_t> end = std::nullopt) const;
  // The rectangle (x, y, w, h) of every frame, as a view (same rules as Frame::crop).
  FrameSeq crop(int x, int y, int w, int h) const;
  FrameSeq to(const Device& device) const;  // self if already there
  FrameSeq clone() const;                   // contiguous planes in one new buffer

 private:
  int width_ = 0;
  int height_ = 0;
  PixelInfo info_;
  TensorList planes_;
};

// Stacks frames into a new sequence (a copy, on frames[0]'s device). All must have the
// same format, size and device; throws Error naming the first frame that differs.
FrameSeq concat(const std::vector<Frame>& frames);
// Joins sequences along the batch axis (a copy); same rules as above.
FrameSeq concat(const std::vector<FrameSeq>& seqs);

}  // namespace framekit
