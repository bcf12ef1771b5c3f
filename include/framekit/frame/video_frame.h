// VideoFrame: a Frame plus timing (pts, time base, duration), a string metadata map
// and typed private attachments (foreign objects such as AVFrame, cv::Mat, tensors
// whose lifetime the VideoFrame owns). Every framekit operation that makes a new
// VideoFrame from another copies these properties over.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <typeindex>

#include "framekit/frame/frame.h"

namespace framekit {

struct Rational {
  int num = 0;
  int den = 1;
  friend bool operator==(const Rational& a, const Rational& b) noexcept {
    return a.num == b.num && a.den == b.den;
  }
};

inline constexpr int64_t kNoPts = INT64_MIN;

// How a private attachment of type T is released when its VideoFrame is done with it.
// Adapters specialise this (AVFrame → av_frame_free); the default is `delete`.
template <typename T>
struct PrivateRelease {
  void operator()(T* p) const { delete p; }
};

class VideoFrame {
 public:
  VideoFrame() = default;
  explicit VideoFrame(Frame frame);
  static VideoFrame make(int width, int height, const PixelInfo& info,
                         const Device& device = Device());

  bool defined() const noexcept { return frame_.defined() || attachment_count() > 0; }
  explicit operator bool() const noexcept { return defined(); }
  const Frame& frame() const noexcept { return frame_; }
  Frame& frame() noexcept { return frame_; }
  int width() const noexcept { return frame_.width(); }
  int height() const noexcept { return frame_.height(); }
  const Device& device() const { return frame_.device(); }

  int64_t pts() const noexcept { return pts_; }
  void set_pts(int64_t pts) noexcept { pts_ = pts; }
  Rational time_base() const noexcept { return time_base_; }
  void set_time_base(Rational tb);  // throws on den <= 0
  int64_t duration() const noexcept { return duration_; }
  void set_duration(int64_t d) noexcept { duration_ = d; }
  std::map<std::string, std::string>& metadata() noexcept { return metadata_; }
  const std::map<std::string, std::string>& metadata() const noexcept { return metadata_; }

  // Attaches `ptr`, taking ownership: it is released with PrivateRelease<T> when the
  // last VideoFrame sharing it is gone. Replaces any attachment of the same type.
  template <typename T>
  void private_attach(T* ptr) {
    attach_impl(std::type_index(typeid(T)),
                std::shared_ptr<void>(ptr, [](void* p) { PrivateRelease<T>()(static_cast<T*>(p)); }));
  }
  // Shares ownership of an object held elsewhere.
  template <typename T>
  void private_attach(std::shared_ptr<T> ptr) {
    attach_impl(std::type_index(typeid(T)), std::static_pointer_cast<void>(std::move(ptr)));
  }
  // The attached T, or nullptr. Lifetime: as long as this VideoFrame (or a copy).
  template <typename T>
  T* private_get() const {
    return static_cast<T*>(get_impl(std::type_index(typeid(T))));
  }
  template <typename T>
  bool private_has() const { return private_get<T>() != nullptr; }
  void private_clear() { attachments_.reset(); }
  // Shares every attachment of `from` (replacing this frame's attachment of the same
  // type; other attachments stay). Pixels, timing and metadata are untouched.
  void private_merge(const VideoFrame& from);

  // A new VideoFrame around `frame` with this one's pts, time base, duration,
  // metadata (copied) and attachments (shared).
  VideoFrame with_frame(Frame frame) const;
  // Copy of the timing and metadata (not the attachments) from another VideoFrame.
  void copy_props(const VideoFrame& from);

  VideoFrame crop(int x, int y, int w, int h) const;
  VideoFrame to(const Device& device) const;
  VideoFrame cpu() const { return to(Device()); }
  VideoFrame cuda() const { return to(Device(Device::kCUDA)); }
  VideoFrame clone() const;

 private:
  void attach_impl(std::type_index type, std::shared_ptr<void> obj);
  void* get_impl(std::type_index type) const;
  size_t attachment_count() const noexcept;

  using Attachments = std::map<std::type_index, std::shared_ptr<void>>;
  Frame frame_;
  int64_t pts_ = kNoPts;
  Rational time_base_{0, 1};
  int64_t duration_ = 0;
  std::map<std::string, std::string> metadata_;
  std::shared_ptr<Attachments> attachments_;
};

}  // namespace framekit
