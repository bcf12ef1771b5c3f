#include "framekit/pixel/pixel_info.h"

#include "framekit/core/error.h"

namespace framekit {

PixelInfo::PixelInfo(PixelFormat format, ColorSpace space, ColorRange range)
    : PixelInfo(format, space, range, CP_UNSPECIFIED, CTC_UNSPECIFIED) {}

PixelInfo::PixelInfo(PixelFormat format, ColorSpace space, ColorRange range,
                     ColorPrimaries primaries, ColorTransferCharacteristic transfer)
    : format_(format), space_(space), range_(range), primaries_(primaries), transfer_(transfer) {
  FK_CHECK_ARG(format == PF_NONE || is_valid_pixel_format(format), "invalid pixel format value ",
               static_cast<int>(format));
  FK_CHECK_ARG(space >= CS_RGB && space <= CS_ICTCP, "invalid color space value ",
               static_cast<int>(space), " (expected AVCOL_SPC_* 0..14)");
  FK_CHECK_ARG(range >= CR_UNSPECIFIED && range <= CR_JPEG, "invalid color range value ",
               static_cast<int>(range), " (expected 0 unspecified, 1 mpeg/tv, 2 jpeg/pc)");
}

ColorSpace PixelInfo::infer_space() const {
  if (space_ != CS_UNSPECIFIED && space_ != CS_RESERVED) return space_;
  if (!valid()) return CS_UNSPECIFIED;
  return desc().is_rgb() ? CS_RGB : CS_BT470BG;
}

ColorRange PixelInfo::infer_range() const {
  if (range_ != CR_UNSPECIFIED) return range_;
  if (!valid()) return CR_UNSPECIFIED;
  const auto& d = desc();
  if (d.is_yuv()) return d.full_range_by_default ? CR_JPEG : CR_MPEG;
  return CR_JPEG;
}

PixelInfo PixelInfo::resolved() const {
  return PixelInfo(format_, infer_space(), infer_range(), primaries_, transfer_);
}

PixelInfo PixelInfo::with_format(PixelFormat f) const {
  return PixelInfo(f, space_, range_, primaries_, transfer_);
}
PixelInfo PixelInfo::with_space(ColorSpace s) const {
  return PixelInfo(format_, s, range_, primaries_, transfer_);
}
PixelInfo PixelInfo::with_range(ColorRange r) const {
  return PixelInfo(format_, space_, r, primaries_, transfer_);
}

bool PixelInfo::is_rgbx() const { return valid() && desc().num_planes == 1; }
bool PixelInfo::is_yuv() const { return valid() && desc().is_yuv(); }

std::string PixelInfo::str() const {
  std::string s(pixel_format_name(format_));
  s += ' ';
  s += color_space_name(space_);
  s += ' ';
  s += color_range_name(range_);
  return s;
}

}  // namespace framekit
