#include "framekit/frame/video_frame.h"

#include "framekit/core/error.h"

namespace framekit {

VideoFrame::VideoFrame(Frame frame) : frame_(std::move(frame)) {}

VideoFrame VideoFrame::make(int width, int height, const PixelInfo& info, const Device& device) {
  return VideoFrame(Frame(width, height, info, device));
}

void VideoFrame::set_time_base(Rational tb) {
  FK_CHECK_ARG(tb.den > 0, "time base ", tb.num, "/", tb.den, " needs a positive denominator");
  time_base_ = tb;
}

void VideoFrame::attach_impl(std::type_index type, std::shared_ptr<void> obj) {
  // Copies of a VideoFrame share attachments; attaching on one must not change the
  // others, so copy the map first when it is shared.
  if (!attachments_) {
    attachments_ = std::make_shared<Attachments>();
  } else if (attachments_.use_count() > 1) {
    attachments_ = std::make_shared<Attachments>(*attachments_);
  }
  if (obj) {
    (*attachments_)[type] = std::move(obj);
  } else {
    attachments_->erase(type);
  }
}

void* VideoFrame::get_impl(std::type_index type) const {
  if (!attachments_) return nullptr;
  const auto it = attachments_->find(type);
  return it == attachments_->end() ? nullptr : it->second.get();
}

void VideoFrame::private_merge(const VideoFrame& from) {
  if (!from.attachments_ || from.attachments_ == attachments_) return;
  for (const auto& [type, obj] : *from.attachments_) attach_impl(type, obj);
}

size_t VideoFrame::attachment_count() const noexcept {
  return attachments_ ? attachments_->size() : 0;
}

void VideoFrame::copy_props(const VideoFrame& from) {
  pts_ = from.pts_;
  time_base_ = from.time_base_;
  duration_ = from.duration_;
  metadata_ = from.metadata_;
}

VideoFrame VideoFrame::with_frame(Frame frame) const {
  VideoFrame out(std::move(frame));
  out.copy_props(*this);
  out.attachments_ = attachments_;
  return out;
}

VideoFrame VideoFrame::crop(int x, int y, int w, int h) const {
  VideoFrame out(frame_.crop(x, y, w, h));
  out.copy_props(*this);
  return out;
}

VideoFrame VideoFrame::to(const Device& device) const {
  FK_CHECK_ARG(frame_.defined(), "to: video frame has no frame");
  VideoFrame out(frame_.to(device));
  out.copy_props(*this);
  return out;
}

VideoFrame VideoFrame::clone() const {
  FK_CHECK_ARG(frame_.defined(), "clone: video frame has no frame");
  VideoFrame out(frame_.clone());
  out.copy_props(*this);
  return out;
}

}  // namespace framekit
