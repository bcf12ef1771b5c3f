// hmp/imgproc/image.h (framekit's BMF compatibility): hmp's Frame is framekit's Frame
// with BMF's reformat member and hmp's PixelInfo. It adds no state: framekit::Frame
// and hmp::Frame convert into each other without copying pixels.
#pragma once

#include <hmp/imgproc/formats.h>
#include <hmp/tensor.h>

#include "framekit/color/reformat.h"
#include "framekit/frame/frame.h"

namespace hmp {

class Frame : public framekit::Frame {
 public:
  using framekit::Frame::Frame;
  Frame() = default;
  Frame(const framekit::Frame& frame) : framekit::Frame(frame) {}
  Frame(framekit::Frame&& frame) : framekit::Frame(std::move(frame)) {}

  PixelInfo pix_info() const { return PixelInfo(framekit::Frame::pix_info()); }

  // BMF hands out a frame's planes as mutable handles (f.plane(0).fill_(v)). The
  // handle is this frame's own: write pixels through it, do not assign it.
  using framekit::Frame::plane;
  Tensor& plane(int i) { return const_cast<Tensor&>(framekit::Frame::plane(i)); }

  // BMF: frame.reformat(info), a color-converted copy (framekit::reformat).
  Frame reformat(const PixelInfo& info) const { return Frame(framekit::reformat(*this, info)); }
  Frame crop(int x, int y, int w, int h) const { return Frame(framekit::Frame::crop(x, y, w, h)); }
  Frame clone() const { return Frame(framekit::Frame::clone()); }
  Frame to(const Device& device) const { return Frame(framekit::Frame::to(device)); }
  Frame cpu() const { return to(Device()); }
};

}  // namespace hmp
