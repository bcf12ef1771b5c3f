#include "framekit/convert/media_desc.h"

#include <sstream>

namespace framekit {

std::string_view media_type_name(MediaType t) noexcept {
  switch (t) {
    case MediaType::kVideoFrame:
      return "VideoFrame";
    case MediaType::kAVFrame:
      return "AVFrame";
    case MediaType::kCVMat:
      return "cv::Mat";
    case MediaType::kATTensor:
      return "at::Tensor";
    case MediaType::kTensor:
      return "framekit::Tensor";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& os, MediaType t) {
  const auto name = media_type_name(t);
  if (name == "unknown") return os << "MediaType(" << static_cast<int>(t) << ")";
  return os << name;
}

bool MediaDesc::empty() const noexcept {
  return !width.has_value() && !height.has_value() && !pixel_format.has_value() &&
         !color_space.has_value() && !color_range.has_value() && !pixel_info.has_value() &&
         !device.has_value() && !media_type.has_value();
}

void MediaDesc::check_consistent() const {
  if (!pixel_info.has_value()) return;
  const PixelInfo& pi = pixel_info();
  FK_CHECK_ARG(!pixel_format.has_value() || !pi.valid() || pixel_format() == pi.format(),
               "MediaDesc: pixel_format ", pixel_format_name(pixel_format()),
               " disagrees with pixel_info ", pi.str());
  FK_CHECK_ARG(
      !color_space.has_value() || pi.space() == CS_UNSPECIFIED || color_space() == pi.space(),
      "MediaDesc: color_space ", color_space_name(color_space()), " disagrees with pixel_info ",
      pi.str());
  FK_CHECK_ARG(
      !color_range.has_value() || pi.range() == CR_UNSPECIFIED || color_range() == pi.range(),
      "MediaDesc: color_range ", color_range_name(color_range()), " disagrees with pixel_info ",
      pi.str());
}

PixelFormat MediaDesc::format_or_none() const {
  check_consistent();
  if (pixel_format.has_value()) return pixel_format();
  if (pixel_info.has_value()) return pixel_info().format();
  return PF_NONE;
}

std::string MediaDesc::str() const {
  std::ostringstream os;
  os << *this;
  return os.str();
}

std::ostream& operator<<(std::ostream& os, const MediaDesc& d) {
  os << "{";
  const char* sep = "";
  auto field = [&](std::string_view name, const auto& value) {
    os << sep << name << "=" << value;
    sep = ", ";
  };
  if (d.width.has_value()) field("width", d.width());
  if (d.height.has_value()) field("height", d.height());
  if (d.pixel_format.has_value()) field("pixel_format", pixel_format_name(d.pixel_format()));
  if (d.color_space.has_value()) field("color_space", color_space_name(d.color_space()));
  if (d.color_range.has_value()) field("color_range", color_range_name(d.color_range()));
  if (d.pixel_info.has_value()) field("pixel_info", d.pixel_info().str());
  if (d.device.has_value()) field("device", d.device().str());
  if (d.media_type.has_value()) field("media_type", d.media_type());
  return os << "}";
}

}  // namespace framekit
