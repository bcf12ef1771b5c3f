#include "framekit/pixel/color_label.h"

namespace framekit {
namespace {

bool space_unset(ColorSpace cs) {
  return cs == CS_UNSPECIFIED || cs == CS_RESERVED;
}

}  // namespace

ColorSpace conversion_space(const PixelInfo& side, const PixelInfo& other) {
  if (!side.desc().is_rgb() && space_unset(side.space()) && !space_unset(other.space()) &&
      other.space() != CS_RGB)
    return other.space();
  return side.infer_space();
}

PixelInfo resolve_output_label(const PixelInfo& src, const PixelInfo& requested,
                               const OutputLabelRules& rules) {
  ColorSpace cs = requested.space();
  ColorRange cr = requested.range();
  ColorPrimaries cp = requested.primaries();
  ColorTransferCharacteristic tc = requested.transfer();
  const auto& td = requested.desc();
  // Before the source's range can be kept: a file that cannot say its range is read
  // with the format's usual one, whatever the source had.
  if (rules.range_not_stored && cr == CR_UNSPECIFIED) cr = requested.infer_range();
  if (rules.mode == OutputLabelMode::kKeepSource) {
    if (cp == CP_UNSPECIFIED) cp = src.primaries();
    if (tc == CTC_UNSPECIFIED) tc = src.transfer();
    if (src.desc().family == td.family) {
      if (cs == CS_UNSPECIFIED && td.is_yuv()) cs = src.infer_space();
      if (cr == CR_UNSPECIFIED && !td.full_range_by_default) cr = src.infer_range();
    }
  } else if (space_unset(cs)) {
    const ColorSpace used = conversion_space(requested, src);
    if (used != requested.infer_space()) cs = used;
  }
  return PixelInfo(requested.format(), cs, cr, cp, tc);
}

}  // namespace framekit
