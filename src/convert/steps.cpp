#include "convert/steps.h"

#include "framekit/core/error.h"

namespace framekit::detail {

Frame scale_frame(const Frame& src, int width, int height) {
  // The geometry module (branch geom) provides the resize kernels.
  FK_THROW(ErrorCode::kUnsupported, "convert: scaling ", src.width(), "x", src.height(), " to ",
           width, "x", height, " needs the geometry module, which this build lacks");
}

Frame reformat_frame(const Frame& src, const PixelInfo& info) { return src.reformat(info); }

}  // namespace framekit::detail
