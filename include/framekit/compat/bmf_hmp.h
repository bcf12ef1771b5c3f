// framekit/compat/bmf_hmp.h: BMF's hmp image names over framekit's types, for BMF's
// header paths (<hmp/imgproc.h>, <hmp/imgproc/*.h>; see include/hmp): pixel formats
// and color enums, ColorModel, PixelInfo, the image-tensor axis constants, Frame with
// reformat, FrameSeq/concat, and hmp::img (framekit's image operations plus transfer).
#pragma once

#include <utility>
#include <vector>

#include "framekit/color/color.h"
#include "framekit/color/reformat.h"
#include "framekit/compat/bmf_hmp_core.h"
#include "framekit/frame/frame.h"
#include "framekit/frame/frame_seq.h"
#include "framekit/geometry/geometry.h"
#include "framekit/pixel/channel_format.h"
#include "framekit/pixel/pixel_info.h"

// --- hmp/imgproc/formats.h -------------------------------------------------
// Pixel formats, color enums, ColorModel, PixelInfo and the axis constants of image
// tensors, as hmp names them. Everything but ColorModel and the index constants is
// framekit's own type.
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

// --- hmp/imgproc/image.h ---------------------------------------------------
// hmp's Frame is framekit's Frame with BMF's reformat member and hmp's PixelInfo. It
// adds no state: framekit::Frame and hmp::Frame convert into each other without copying
// pixels.
namespace hmp {

class Frame : public framekit::Frame {
 public:
  using framekit::Frame::Frame;
  Frame() = default;
  Frame(const framekit::Frame& frame) : framekit::Frame(frame) {}
  Frame(framekit::Frame&& frame) : framekit::Frame(std::move(frame)) {}

  PixelInfo pix_info() const { return PixelInfo(framekit::Frame::pix_info()); }

  // BMF hands out a frame's planes as mutable handles (f.plane(0).fill_(v)). The
  // handle is this frame's own: write pixels through it, do not assign it.
  using framekit::Frame::plane;
  Tensor& plane(int i) { return const_cast<Tensor&>(framekit::Frame::plane(i)); }

  // BMF: frame.reformat(info), a color-converted copy (framekit::reformat).
  Frame reformat(const PixelInfo& info) const { return Frame(framekit::reformat(*this, info)); }
  Frame crop(int x, int y, int w, int h) const { return Frame(framekit::Frame::crop(x, y, w, h)); }
  Frame clone() const { return Frame(framekit::Frame::clone()); }
  Frame to(const Device& device) const { return Frame(framekit::Frame::to(device)); }
  Frame cpu() const { return to(Device()); }
};

}  // namespace hmp

// --- hmp/imgproc/image_seq.h -----------------------------------------------
// FrameSeq and concat are framekit's (framekit/frame/frame_seq.h).
namespace hmp {

using framekit::FrameSeq;

// concat({f1, f2}) with hmp::Frame elements (the braced list converts to framekit's
// frame vector) and with FrameSeq elements.
inline FrameSeq concat(const std::vector<framekit::Frame>& frames) { return framekit::concat(frames); }
inline FrameSeq concat(const std::vector<FrameSeq>& seqs) { return framekit::concat(seqs); }

}  // namespace hmp

// --- hmp/imgproc.h ---------------------------------------------------------
// hmp::img is framekit's image operations (color conversion, resize, rotate, mirror,
// normalize, ...) plus BMF's img::transfer between (N)HWC and (N)CHW layouts.
namespace hmp {

using framekit::img::ImageAxis;
using framekit::img::ImageFilterMode;
using framekit::img::ImageRotationMode;

namespace img {

using namespace framekit::img;

// `src` (a (H, W, C) / (C, H, W) image or its batched 4-D form) in the other layout, as
// a new contiguous tensor; the same layout gives a contiguous copy of src's values.
inline Tensor transfer(const Tensor& src, ChannelFormat src_format, ChannelFormat dst_format) {
  FK_CHECK_ARG(src.dim() == 3 || src.dim() == 4, "img::transfer: expected a 3-D or 4-D tensor, got ",
               src.dim(), " dimensions");
  const bool batched = src.dim() == 4;
  if (src_format == kNHWC && dst_format == kNCHW) {
    return (batched ? src.permute({0, 3, 1, 2}) : src.permute({2, 0, 1})).contiguous();
  }
  if (src_format == kNCHW && dst_format == kNHWC) {
    return (batched ? src.permute({0, 2, 3, 1}) : src.permute({1, 2, 0})).contiguous();
  }
  return src.contiguous();
}

}  // namespace img
}  // namespace hmp
