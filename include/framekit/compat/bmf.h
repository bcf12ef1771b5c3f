// framekit/compat/bmf.h: the seed's C++ names (BMF's bmf_sdk and hmp) on top of
// framekit, so code written against the seed compiles unchanged:
//
//   MediaDesc dp;
//   dp.width(1920).pixel_format(hmp::PF_YUV420P);
//   auto src_vf = VideoFrame::make(640, 320, hmp::PixelInfo(hmp::PF_RGB24));
//   auto dst_vf = bmf_convert(src_vf, MediaDesc{}, dp);
//
// The hmp names are in framekit/compat/bmf_hmp*.h. BMF's own header paths (<hmp/...>,
// <bmf/sdk/...>, with the build's generated config.h) are installed apart: link the
// CMake target framekit::bmf_compat or use pkg-config's framekit-bmf.
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
#include "framekit/compat/bmf_hmp.h"
#include "framekit/convert/convert.h"
#include "framekit/frame/video_frame.h"

#ifndef BMF_API
#define BMF_API __attribute__((visibility("default")))
#endif


namespace bmf_sdk {

using framekit::MediaDesc;
using framekit::MediaType;
using framekit::Rational;
using hmp::Device;
using hmp::Frame;
using hmp::PixelInfo;
using hmp::Tensor;

using hmp::DeviceType;
using hmp::kCPU;
using hmp::kCUDA;
using hmp::ScalarType;
using hmp::SizeArray;
using hmp::TensorList;
#define FRAMEKIT_BMF_SCALAR_NAME(_, name) using hmp::k##name;
HMP_FORALL_SCALAR_TYPES(FRAMEKIT_BMF_SCALAR_NAME)
#undef FRAMEKIT_BMF_SCALAR_NAME

// BMF's private-data vocabulary. An attachment is an OpaqueData (a shared_ptr<void>
// owning the object). BMF selects its slot by OpaqueDataInfo<T>::key; framekit keys
// attachments by T itself, so `key` is accepted but not needed.
using OpaqueData = std::shared_ptr<void>;
struct OpaqueDataKey {
  enum Key {
    kAVFrame,
    kAVPacket,
    kJsonParam,
    kBMFVideoFrame,
    kATTensor,
    kCVMat,
    kTensor,
    kReserved_7,
    kNumKeys
  };
};

// How private_attach<T>(const T*) makes an attachment (BMF's extension point):
// construct(data, args...) returns the owner of the attached object, as an OpaqueData
// or a shared_ptr<T>. The default takes ownership of `data` and releases it with
// framekit::PrivateRelease<T>; <bmf/sdk/av_convertor.h> makes AVFrame take a new
// reference and <bmf/sdk/json_param.h> makes JsonParam a copy, as BMF does.
template <typename T>
struct OpaqueDataInfo {
  static std::shared_ptr<T> construct(const T* data) {
    T* p = const_cast<T*>(data);
    return std::shared_ptr<T>(p, [](T* q) { framekit::PrivateRelease<T>()(q); });
  }
};

// framekit's VideoFrame with BMF's members: the attachment calls, reformat, copy_,
// dtype, the stream id, and a make() that returns this type.
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
    OpaqueData owner = OpaqueDataInfo<U>::construct(data, std::forward<Args>(args)...);
    framekit::VideoFrame::private_attach(std::static_pointer_cast<U>(std::move(owner)));
  }
  using framekit::VideoFrame::private_get;

  ScalarType dtype() const { return frame().dtype(); }

  // BMF: copies the pixels of `from` (same size and format) into this frame.
  VideoFrame& copy_(const framekit::VideoFrame& from) {
    frame().copy_from(from.frame());
    return *this;
  }

  // BMF's stream id (a CUDA stream handle there). framekit runs every operation to
  // completion, so it is only carried along: copy_props copies it.
  void set_stream(uint64_t stream) noexcept { stream_ = stream; }
  uint64_t stream() const noexcept { return stream_; }
  void copy_props(const VideoFrame& from) {
    framekit::VideoFrame::copy_props(from);
    stream_ = from.stream_;
  }
  using framekit::VideoFrame::copy_props;

  // BMF: vf.reformat(info), color conversion at the same size keeping pts, time base
  // and metadata. framekit's own VideoFrame has no such member (frame sits below color,
  // where the conversion lives); compat, above both, gives BMF code its spelling back.
  VideoFrame reformat(const PixelInfo& info) const {
    return VideoFrame(framekit::reformat(*this, info));
  }

 private:
  uint64_t stream_ = 0;
};

// The seed's conversion call: see framekit::convert (scale, color conversion, device,
// media type). Throws framekit::Error on failure.
BMF_API inline VideoFrame bmf_convert(VideoFrame& src_vf, const MediaDesc& src_dp,
                                      const MediaDesc& dst_dp) {
  return VideoFrame(framekit::convert(src_vf, src_dp, dst_dp));
}

}  // namespace bmf_sdk
