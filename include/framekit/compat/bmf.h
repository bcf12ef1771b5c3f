// framekit/compat/bmf.h: the seed's C++ names (BMF's bmf_sdk and hmp) on top of
// framekit, so code written against the seed compiles unchanged:
//
//   MediaDesc dp;
//   dp.width(1920).pixel_format(hmp::PF_YUV420P);
//   auto src_vf = VideoFrame::make(640, 320, hmp::PixelInfo(hmp::PF_RGB24));
//   auto dst_vf = bmf_convert(src_vf, MediaDesc{}, dp);
//
// Differences from BMF, on purpose: a failed bmf_convert throws framekit::Error (BMF
// logs and returns an empty frame); private_attach<cv::Mat>/<at::Tensor>/<Tensor>
// take ownership of the pointer (BMF copies the object and leaks the pointer its own
// tests pass); private_attach<AVFrame> takes a new reference (av_frame_clone), as BMF
// does, once <bmf/sdk/av_convertor.h> is included.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "framekit/color/reformat.h"
#include "framekit/convert/convert.h"
#include "framekit/frame/video_frame.h"

#ifndef BMF_API
#define BMF_API __attribute__((visibility("default")))
#endif

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
using framekit::Device;
using framekit::Frame;
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
using framekit::PixelInfo;
using framekit::ScalarType;
using framekit::Tensor;
using framekit::TensorList;
}  // namespace hmp

namespace bmf_sdk {

using framekit::MediaDesc;
using framekit::MediaType;
using framekit::Rational;
using hmp::Device;
using hmp::Frame;
using hmp::PixelInfo;
using hmp::Tensor;

// How private_attach<T>(const T*) makes an attachment (BMF's extension point). The
// default takes ownership and releases with framekit::PrivateRelease<T>; the AVFrame
// specialisation in <bmf/sdk/av_convertor.h> takes a new reference instead.
template <typename T>
struct OpaqueDataInfo {
  static std::shared_ptr<T> construct(const T* data) {
    T* p = const_cast<T*>(data);
    return std::shared_ptr<T>(p, [](T* q) { framekit::PrivateRelease<T>()(q); });
  }
};

// framekit's VideoFrame with BMF's attachment call, BMF's reformat member and a make()
// that returns this type.
class VideoFrame : public framekit::VideoFrame {
 public:
  VideoFrame() = default;
  VideoFrame(const framekit::VideoFrame& vf) : framekit::VideoFrame(vf) {}
  VideoFrame(framekit::VideoFrame&& vf) : framekit::VideoFrame(std::move(vf)) {}
  explicit VideoFrame(framekit::Frame frame) : framekit::VideoFrame(std::move(frame)) {}

  static VideoFrame make(int width, int height, const PixelInfo& info,
                         const Device& device = Device()) {
    return VideoFrame(framekit::VideoFrame::make(width, height, info, device));
  }

  // BMF: attach private data of type T; what happens to `data` is OpaqueDataInfo<T>'s
  // choice (see above). A null pointer removes the attachment.
  template <typename T, typename... Args>
  void private_attach(const T* data, Args&&... args) {
    using U = std::remove_cv_t<T>;
    if (data == nullptr) {
      framekit::VideoFrame::private_attach(std::shared_ptr<U>());
      return;
    }
    framekit::VideoFrame::private_attach(
        std::shared_ptr<U>(OpaqueDataInfo<U>::construct(data, std::forward<Args>(args)...)));
  }
  using framekit::VideoFrame::private_get;

  // BMF: vf.reformat(info), color conversion at the same size keeping pts, time base
  // and metadata. framekit's own VideoFrame has no such member (frame sits below color,
  // where the conversion lives); compat, above both, gives BMF code its spelling back.
  VideoFrame reformat(const PixelInfo& info) const {
    return VideoFrame(framekit::reformat(*this, info));
  }
};

// The seed's conversion call: see framekit::convert (scale, color conversion, device,
// media type). Throws framekit::Error on failure.
BMF_API inline VideoFrame bmf_convert(VideoFrame& src_vf, const MediaDesc& src_dp,
                                      const MediaDesc& dst_dp) {
  return VideoFrame(framekit::convert(src_vf, src_dp, dst_dp));
}

}  // namespace bmf_sdk
