// reformat (framekit/color/reformat.h): color conversion of a whole frame into a new one.
#include "framekit/color/reformat.h"

#include "framekit/color/color.h"
#include "framekit/core/error.h"
#include "framekit/pixel/color_label.h"

namespace framekit {

Frame reformat(const Frame& src, const PixelInfo& info) {
  return reformat(src, info, ColorConvertOptions{});
}

VideoFrame reformat(const VideoFrame& src, const PixelInfo& info) {
  return reformat(src, info, ColorConvertOptions{});
}

Frame reformat(const Frame& src, const PixelInfo& info, const ColorConvertOptions& opt) {
  FK_CHECK_ARG(src.defined(), "reformat: frame is undefined");
  FK_CHECK_ARG(info.valid(), "reformat: the target pixel format is not set (PF_NONE)");
  const ImageView in = src.view();  // throws for frames that are not on the cpu
  (void)resolve_conversion(src.pix_info(), info);  // refused before anything is allocated
  const PixelInfo out_info = resolve_output_label(src.pix_info(), info);
  Frame out(src.width(), src.height(), out_info, src.device());
  convert_color(in, out.view(), opt);
  return out;
}

VideoFrame reformat(const VideoFrame& src, const PixelInfo& info, const ColorConvertOptions& opt) {
  FK_CHECK_ARG(src.frame().defined(), "reformat: video frame has no frame");
  VideoFrame out(reformat(src.frame(), info, opt));
  out.copy_props(src);
  return out;
}

}  // namespace framekit
