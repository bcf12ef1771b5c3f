// The pixel steps of convert(), each one call into color or geometry. Kept apart so that the
// planner does not depend on which kernels exist.
#pragma once

#include "framekit/color/color.h"
#include "framekit/frame/frame.h"

namespace framekit::detail {

// Resizes to width x height in the frame's own format (area when shrinking both ways,
// else bilinear; half-pixel centres).
Frame scale_frame(const Frame& src, int width, int height);
// Color conversion to `info` at the same size.
Frame reformat_frame(const Frame& src, const PixelInfo& info, const ColorConvertOptions& opt);

}  // namespace framekit::detail
