// hmp/imgproc/formats.h (framekit's BMF compatibility): pixel formats, color enums,
// ColorModel, PixelInfo and the axis constants of image tensors, as hmp names them.
// Everything but ColorModel and the index constants is framekit's own type.
#pragma once

#include <hmp/core/macros.h>
#include <hmp/core/scalar.h>

#include "framekit/pixel/channel_format.h"
#include "framekit/pixel/pixel_info.h"

namespace hmp {
using framekit::ColorPrimaries;
using framekit::ColorRange;
using framekit::ColorSpace;
using framekit::ColorTransferCharacteristic;
using framekit::CP_BT2020;
using framekit::CP_BT470BG;
using framekit::CP_BT470M;
using framekit::CP_BT709;
using framekit::CP_EBU3213;
using framekit::CP_FILM;
using framekit::CP_RESERVED;
using framekit::CP_RESERVED0;
using framekit::CP_SMPTE170M;
using framekit::CP_SMPTE240M;
using framekit::CP_SMPTE428;
using framekit::CP_SMPTE431;
using framekit::CP_SMPTE432;
using framekit::CP_UNSPECIFIED;
using framekit::CR_JPEG;
using framekit::CR_MPEG;
using framekit::CR_UNSPECIFIED;
using framekit::CS_BT2020_CL;
using framekit::CS_BT2020_NCL;
using framekit::CS_BT470BG;
using framekit::CS_BT709;
using framekit::CS_CHROMA_DERIVED_CL;
using framekit::CS_CHROMA_DERIVED_NCL;
using framekit::CS_FCC;
using framekit::CS_ICTCP;
using framekit::CS_RESERVED;
using framekit::CS_RGB;
using framekit::CS_SMPTE170M;
using framekit::CS_SMPTE2085;
using framekit::CS_SMPTE240M;
using framekit::CS_UNSPECIFIED;
using framekit::CS_YCGCO;
using framekit::CTC_ARIB_STD_B67;
using framekit::CTC_BT1361_ECG;
using framekit::CTC_BT2020_10;
using framekit::CTC_BT2020_12;
using framekit::CTC_BT709;
using framekit::CTC_GAMMA22;
using framekit::CTC_GAMMA28;
using framekit::CTC_IEC61966_2_1;
using framekit::CTC_IEC61966_2_4;
using framekit::CTC_LINEAR;
using framekit::CTC_LOG;
using framekit::CTC_LOG_SQRT;
using framekit::CTC_RESERVED;
using framekit::CTC_RESERVED0;
using framekit::CTC_SMPTE170M;
using framekit::CTC_SMPTE2084;
using framekit::CTC_SMPTE240M;
using framekit::CTC_SMPTE428;
using framekit::CTC_UNSPECIFIED;
using framekit::PF_ABGR32;
using framekit::PF_ARGB32;
using framekit::PF_BGR24;
using framekit::PF_BGR48;
using framekit::PF_BGRA32;
using framekit::PF_GBRP;
using framekit::PF_GBRPF32;
using framekit::PF_GRAY16;
using framekit::PF_GRAY8;
using framekit::PF_NONE;
using framekit::PF_NV12;
using framekit::PF_NV16;
using framekit::PF_NV21;
using framekit::PF_NV24;
using framekit::PF_P010LE;
using framekit::PF_P016LE;
using framekit::PF_RGB24;
using framekit::PF_RGB48;
using framekit::PF_RGBA32;
using framekit::PF_RGBA64;
using framekit::PF_UYVY422;
using framekit::PF_VYUY422;
using framekit::PF_YUV420P;
using framekit::PF_YUV420P10LE;
using framekit::PF_YUV420P12LE;
using framekit::PF_YUV420P16LE;
using framekit::PF_YUV422P;
using framekit::PF_YUV422P10LE;
using framekit::PF_YUV422P12LE;
using framekit::PF_YUV440P;
using framekit::PF_YUV444P;
using framekit::PF_YUV444P10LE;
using framekit::PF_YUV444P12LE;
using framekit::PF_YUV444P16LE;
using framekit::PF_YUVA420P;
using framekit::PF_YUVA444P;
using framekit::PF_YUVJ420P;
using framekit::PF_YUYV422;
using framekit::PF_YVYU422;
using framekit::PixelFormat;
using framekit::PixelFormatDesc;
using framekit::ChannelFormat;
using framekit::kNCHW;
using framekit::kNHWC;

// Axis of each dimension in an image tensor of the given layout ((H, W, C) planes of a
// Frame, (N, H, W, C) planes of a FrameSeq).
enum ChannelIndex : int {
  HWC_H = 0, HWC_W = 1, HWC_C = 2,
  CHW_C = 0, CHW_H = 1, CHW_W = 2,
  NHWC_N = 0, NHWC_H = 1, NHWC_W = 2, NHWC_C = 3,
  NCHW_N = 0, NCHW_C = 1, NCHW_H = 2, NCHW_W = 3,
};

// The color half of a PixelInfo (space, range, primaries, transfer), as hmp groups it.
class ColorModel {
 public:
  ColorModel() = default;
  ColorModel(ColorSpace cs, ColorRange cr, ColorPrimaries cp, ColorTransferCharacteristic ctc)
      : space_(cs), range_(cr), primaries_(cp), transfer_(ctc) {}
  ColorModel(ColorSpace cs, ColorRange cr = framekit::CR_UNSPECIFIED) : space_(cs), range_(cr) {}
  ColorModel(ColorPrimaries cp, ColorTransferCharacteristic ctc = framekit::CTC_UNSPECIFIED)
      : primaries_(cp), transfer_(ctc) {}

  ColorSpace space() const noexcept { return space_; }
  ColorRange range() const noexcept { return range_; }
  ColorPrimaries primaries() const noexcept { return primaries_; }
  ColorTransferCharacteristic transfer_characteristic() const noexcept { return transfer_; }

 private:
  ColorSpace space_ = framekit::CS_UNSPECIFIED;
  ColorRange range_ = framekit::CR_UNSPECIFIED;
  ColorPrimaries primaries_ = framekit::CP_UNSPECIFIED;
  ColorTransferCharacteristic transfer_ = framekit::CTC_UNSPECIFIED;
};

// framekit's PixelInfo with hmp's ColorModel constructor and accessor names. It adds
// no state, so it converts to and from framekit::PixelInfo freely.
class PixelInfo : public framekit::PixelInfo {
 public:
  using framekit::PixelInfo::PixelInfo;
  PixelInfo() = default;
  PixelInfo(const framekit::PixelInfo& info) : framekit::PixelInfo(info) {}
  PixelInfo(PixelFormat format, const ColorModel& model)
      : framekit::PixelInfo(format, model.space(), model.range(), model.primaries(),
                            model.transfer_characteristic()) {}

  ColorModel color_model() const {
    return ColorModel(space(), range(), primaries(), transfer());
  }
  ColorTransferCharacteristic transfer_characteristic() const noexcept { return transfer(); }
};

}  // namespace hmp
