// Frame::reformat (declared in framekit/frame/frame.h): colour conversion of a whole
// frame into a new one.
#include "framekit/color/color.h"
#include "framekit/core/error.h"
#include "framekit/frame/frame.h"

namespace framekit {

Frame Frame::reformat(const PixelInfo& info) const {
  FK_CHECK_ARG(defined(), "reformat: frame is undefined");
  FK_CHECK_ARG(info.valid(), "reformat: the target pixel format is not set (PF_NONE)");
  const ImageView src = view();  // throws for frames that are not on the cpu
  const ResolvedConversion r = resolve_conversion(info_, info);
  // A matrix taken over from the source is written down, so the new frame still says
  // what it holds when read later on its own.
  PixelInfo out_info = info;
  const bool space_unset = info.space() == CS_UNSPECIFIED || info.space() == CS_RESERVED;
  if (space_unset && r.dst.space() != info.infer_space()) out_info = info.with_space(r.dst.space());
  Frame out(width_, height_, out_info, device());
  convert_color(src, out.view());
  return out;
}

}  // namespace framekit
