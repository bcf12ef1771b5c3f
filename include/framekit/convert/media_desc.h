// MediaType and MediaDesc: what a frame is (or should become) for convert(). The
// seed's API shape: every field is optional and set through a chainable call,
// `dp.width(1920).pixel_format(PF_YUV420P)`, read with `dp.width()` and tested with
// `dp.width.has_value()`.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>

#include "framekit/core/device.h"
#include "framekit/core/error.h"
#include "framekit/pixel/pixel_info.h"

namespace framekit {

// The kind of object a frame is handed over as. kVideoFrame is framekit's own type
// (the seed calls it kBMFVideoFrame); the others are foreign objects attached to a
// VideoFrame with private_attach and read with private_get:
//   kAVFrame  → AVFrame         (framekit/convert/ffmpeg.h, target framekit_ffmpeg)
//   kCVMat    → cv::Mat         (framekit/convert/opencv.h, target framekit_opencv)
//   kATTensor → at::Tensor      (framekit/convert/torch.h,  target framekit_torch)
//   kTensor   → framekit::Tensor (built in; what Python turns into a NumPy array)
enum class MediaType : int {
  kVideoFrame = 0,
  kBMFVideoFrame = kVideoFrame,
  kAVFrame = 1,
  kCVMat = 2,
  kATTensor = 3,
  kTensor = 4,
};
inline constexpr int kMediaTypeCount = 5;

std::string_view media_type_name(MediaType t) noexcept;  // "VideoFrame", "AVFrame", …
std::ostream& operator<<(std::ostream& os, MediaType t);

class MediaDesc {
 public:
  // One optional field. A member object rather than a pair of methods so that the
  // seed's `dp.width.has_value()` works; its setter returns the owning MediaDesc so
  // calls chain.
  template <typename T>
  class Field {
   public:
    Field(const Field&) = delete;
    Field& operator=(const Field&) = delete;

    MediaDesc& operator()(T value) {
      value_ = std::move(value);
      return *owner_;
    }
    // The value; throws Error(kInvalidArgument) naming the field when it is unset.
    const T& operator()() const {
      FK_CHECK_ARG(value_.has_value(), "MediaDesc: ", name_, " is not set");
      return *value_;
    }
    bool has_value() const noexcept { return value_.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }
    T value_or(T fallback) const { return value_.value_or(std::move(fallback)); }
    const std::optional<T>& optional() const noexcept { return value_; }
    MediaDesc& reset() {
      value_.reset();
      return *owner_;
    }
    std::string_view name() const noexcept { return name_; }

   private:
    friend class MediaDesc;
    Field(MediaDesc* owner, const char* name) : owner_(owner), name_(name) {}
    MediaDesc* const owner_;  // pinned: copies of a MediaDesc re-seat it (see below)
    const char* const name_;
    std::optional<T> value_;
  };

  MediaDesc() = default;
  MediaDesc(const MediaDesc& other) { assign(other); }
  MediaDesc& operator=(const MediaDesc& other) {
    if (this != &other) assign(other);
    return *this;
  }

  Field<int> width{this, "width"};
  Field<int> height{this, "height"};
  Field<PixelFormat> pixel_format{this, "pixel_format"};
  Field<ColorSpace> color_space{this, "color_space"};
  Field<ColorRange> color_range{this, "color_range"};
  // A whole PixelInfo (format, space, range, primaries, transfer). When given with
  // pixel_format / color_space / color_range too, they must agree with what it
  // specifies; they fill in what it leaves unspecified.
  Field<PixelInfo> pixel_info{this, "pixel_info"};
  Field<Device> device{this, "device"};
  Field<MediaType> media_type{this, "media_type"};

  // True when the media type is unset or kVideoFrame.
  bool is_video_frame() const noexcept {
    return !media_type.has_value() || *media_type.optional() == MediaType::kVideoFrame;
  }
  bool empty() const noexcept;
  // The pixel format named through pixel_format or pixel_info, or PF_NONE. Throws
  // Error when both are set and disagree.
  PixelFormat format_or_none() const;
  // Throws Error naming both values when pixel_info and the pixel_format /
  // color_space / color_range fields are set and disagree (a field may fill in what
  // pixel_info leaves unspecified).
  void check_consistent() const;
  std::string str() const;  // "{width=1920, pixel_format=yuv420p, media_type=AVFrame}"

 private:
  void assign(const MediaDesc& o) {
    width.value_ = o.width.value_;
    height.value_ = o.height.value_;
    pixel_format.value_ = o.pixel_format.value_;
    color_space.value_ = o.color_space.value_;
    color_range.value_ = o.color_range.value_;
    pixel_info.value_ = o.pixel_info.value_;
    device.value_ = o.device.value_;
    media_type.value_ = o.media_type.value_;
  }
};

std::ostream& operator<<(std::ostream& os, const MediaDesc& d);

}  // namespace framekit
