// Frame::reformat is implemented by the colour conversion module (imgproc); this
// definition only serves builds in which that module has not been merged yet.
#include "framekit/core/error.h"
#include "framekit/frame/frame.h"

namespace framekit {
Frame Frame::reformat(const PixelInfo& info) const {
  FK_CHECK_ARG(defined(), "reformat: frame is undefined");
  if (info.format() == format() && info.resolved() == pix_info().resolved()) return clone();
  FK_THROW(ErrorCode::kUnsupported, "reformat from ", pix_info().str(), " to ", info.str(),
           " needs the colour conversion module");
}
}  // namespace framekit
