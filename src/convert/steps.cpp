#include "convert/steps.h"

#include "framekit/color/reformat.h"
#include "framekit/geometry/geometry.h"

namespace framekit::detail {

Frame scale_frame(const Frame& src, int width, int height) {
  // Shrinking both ways averages the covered area (no aliasing on big reductions);
  // anything else is bilinear. Both use half-pixel centres, as OpenCV.
  const bool shrink = width <= src.width() && height <= src.height();
  return resize(src, width, height, shrink ? ResizeMode::kArea : ResizeMode::kBilinear);
}

Frame reformat_frame(const Frame& src, const PixelInfo& info, const ColorConvertOptions& opt) {
  return reformat(src, info, opt);
}

}  // namespace framekit::detail
