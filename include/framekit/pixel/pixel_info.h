// PixelInfo: a pixel format plus its color model. The seed's hmp::PixelInfo.
#pragma once

#include <string>

#include "framekit/pixel/color.h"
#include "framekit/pixel/pixel_format.h"

namespace framekit {

// How "unspecified" resolves (resolved()):
//  - range: YUVJ* formats → full (CR_JPEG); other YUV → limited (CR_MPEG);
//    RGB and gray formats → full (CR_JPEG).
//  - space: RGB formats → CS_RGB; YUV and gray → CS_BT470BG (BT.601, the matrix
//    JPEG/JFIF and swscale assume when nothing is said).
//  - primaries/transfer stay as given (they do not change sample values here).
class PixelInfo {
 public:
  PixelInfo() = default;
  PixelInfo(PixelFormat format, ColorSpace space = CS_UNSPECIFIED,
            ColorRange range = CR_UNSPECIFIED);
  PixelInfo(PixelFormat format, ColorSpace space, ColorRange range, ColorPrimaries primaries,
            ColorTransferCharacteristic transfer);

  PixelFormat format() const noexcept { return format_; }
  ColorSpace space() const noexcept { return space_; }
  ColorRange range() const noexcept { return range_; }
  ColorPrimaries primaries() const noexcept { return primaries_; }
  ColorTransferCharacteristic transfer() const noexcept { return transfer_; }
  const PixelFormatDesc& desc() const { return pixel_format_desc(format_); }
  bool valid() const noexcept { return format_ != PF_NONE; }

  // Spaces and ranges with "unspecified" replaced by the documented defaults.
  ColorSpace infer_space() const;
  ColorRange infer_range() const;
  PixelInfo resolved() const;

  PixelInfo with_format(PixelFormat f) const;
  PixelInfo with_space(ColorSpace s) const;
  PixelInfo with_range(ColorRange r) const;

  // BMF's meaning: one plane (packed RGB/RGBA/BGR..., gray, packed YUV 4:2:2), which
  // a single HWC tensor holds; planar RGB (gbrp) is not. desc().is_rgb() is the RGB family.
  bool is_rgbx() const;
  bool is_yuv() const;
  int planes() const { return desc().num_planes; }
  std::string str() const;  // "nv12 bt709 tv"

  friend bool operator==(const PixelInfo& a, const PixelInfo& b) noexcept {
    return a.format_ == b.format_ && a.space_ == b.space_ && a.range_ == b.range_ &&
           a.primaries_ == b.primaries_ && a.transfer_ == b.transfer_;
  }

 private:
  PixelFormat format_ = PF_NONE;
  ColorSpace space_ = CS_UNSPECIFIED;
  ColorRange range_ = CR_UNSPECIFIED;
  ColorPrimaries primaries_ = CP_UNSPECIFIED;
  ColorTransferCharacteristic transfer_ = CTC_UNSPECIFIED;
};

}  // namespace framekit
