// hmp/imgproc.h (framekit's BMF compatibility): hmp::img is framekit's image
// operations (color conversion, resize, rotate, mirror, normalize, ...) plus BMF's
// img::transfer between (N)HWC and (N)CHW layouts.
#pragma once

#include <hmp/imgproc/formats.h>
#include <hmp/imgproc/image.h>
#include <hmp/imgproc/image_seq.h>
#include <hmp/tensor.h>

#include "framekit/color/color.h"
#include "framekit/geometry/geometry.h"

namespace hmp {

using framekit::img::ImageAxis;
using framekit::img::ImageFilterMode;
using framekit::img::ImageRotationMode;

namespace img {

using namespace framekit::img;

// `src` (a (H, W, C) / (C, H, W) image or its batched 4-D form) in the other layout, as
// a new contiguous tensor; the same layout gives a contiguous copy of src's values.
inline Tensor transfer(const Tensor& src, ChannelFormat src_format, ChannelFormat dst_format) {
  FK_CHECK_ARG(src.dim() == 3 || src.dim() == 4, "img::transfer: expected a 3-D or 4-D tensor, got ",
               src.dim(), " dimensions");
  const bool batched = src.dim() == 4;
  if (src_format == kNHWC && dst_format == kNCHW) {
    return (batched ? src.permute({0, 3, 1, 2}) : src.permute({2, 0, 1})).contiguous();
  }
  if (src_format == kNCHW && dst_format == kNHWC) {
    return (batched ? src.permute({0, 2, 3, 1}) : src.permute({1, 2, 0})).contiguous();
  }
  return src.contiguous();
}

}  // namespace img
}  // namespace hmp
