// AVFrame ↔ Frame with shared, reference-counted memory.
#include <climits>
#include <memory>

extern "C" {
#include <libavutil/buffer.h>
#include <libavutil/dict.h>
}

#include "adapters/ffmpeg/avframe_internal.h"
#include "framekit/convert/ffmpeg.h"
#include "io/av_import.h"

namespace framekit::ffmpeg {
namespace {

void free_framekit_buffer(void* opaque, uint8_t*) {
  std::unique_ptr<BufferPtr> holder(static_cast<BufferPtr*>(opaque));  // drops the reference
}

}  // namespace

// The import side is io's (io/av_import.h), shared with io::VideoReader.
AVPixelFormat to_av_pixel_format(PixelFormat format) noexcept {
  return io::av::to_av_pixel_format(format);
}

PixelFormat from_av_pixel_format(AVPixelFormat format) noexcept {
  return io::av::from_av_pixel_format(format);
}

PixelInfo pixel_info_of(const AVFrame& f) {
  return io::av::pixel_info_of(f);
}

void set_color_fields(AVFrame& f, const PixelInfo& info) {
  f.colorspace = static_cast<AVColorSpace>(info.space());
  f.color_range = static_cast<AVColorRange>(info.range());
  f.color_primaries = static_cast<AVColorPrimaries>(info.primaries());
  f.color_trc = static_cast<AVColorTransferCharacteristic>(info.transfer());
}

Frame to_frame(const AVFrame* f, bool* copied) {
  return io::av::to_frame(f, copied);
}

VideoFrame to_video_frame(const AVFrame* f, bool* copied) {
  return io::av::to_video_frame(f, copied);
}

AVFramePtr to_avframe(const Frame& frame, bool copy) {
  FK_CHECK_ARG(frame.defined(), "to_avframe: frame is undefined");
  FK_CHECK(frame.device().is_cpu(), ErrorCode::kUnsupported, "to_avframe: frame is on ",
           frame.device().str(), "; only cpu frames become AVFrames (call cpu() first)");
  const AVPixelFormat fmt = to_av_pixel_format(frame.format());
  FK_CHECK(fmt != AV_PIX_FMT_NONE, ErrorCode::kUnsupported,
           "to_avframe: ", pixel_format_name(frame.format()), " has no FFmpeg pixel format");
  if (copy) return to_avframe(frame.clone(64), false);

  AVFramePtr out(av_frame_alloc());
  FK_CHECK(out != nullptr, ErrorCode::kOutOfMemory, "av_frame_alloc failed");
  out->format = fmt;
  out->width = frame.width();
  out->height = frame.height();
  set_color_fields(*out, frame.pix_info());
  const ImageView v = frame.view();
  int nbuf = 0;
  for (int p = 0; p < frame.nplanes(); ++p) {
    FK_CHECK(v.planes[p].stride > 0 && v.planes[p].stride <= INT_MAX, ErrorCode::kUnsupported,
             "to_avframe: plane ", p, " stride ", v.planes[p].stride,
             " does not fit an AVFrame line size");
    out->data[p] = v.planes[p].data;
    out->linesize[p] = static_cast<int>(v.planes[p].stride);
    // One AVBufferRef per distinct framekit buffer; each holds a reference to it.
    const BufferPtr& buffer = frame.plane(p).buffer();
    bool seen = false;
    for (int q = 0; q < p; ++q) seen = seen || frame.plane(q).buffer() == buffer;
    if (seen) continue;
    auto holder = std::make_unique<BufferPtr>(buffer);
    AVBufferRef* ref = av_buffer_create(static_cast<uint8_t*>(buffer->data()), buffer->size(),
                                        free_framekit_buffer, holder.get(), 0);
    FK_CHECK(ref != nullptr, ErrorCode::kOutOfMemory, "av_buffer_create failed");
    holder.release();  // now owned by `ref`
    out->buf[nbuf++] = ref;
  }
  return out;
}

AVFramePtr to_avframe(const VideoFrame& vf, bool copy) {
  AVFramePtr out = to_avframe(vf.frame(), copy);
  out->pts = vf.pts() == kNoPts ? AV_NOPTS_VALUE : vf.pts();
  out->time_base = AVRational{vf.time_base().num, vf.time_base().den};
  io::av::set_duration(*out, vf.duration());
  for (const auto& [k, val] : vf.metadata()) {
    FK_CHECK(av_dict_set(&out->metadata, k.c_str(), val.c_str(), 0) >= 0, ErrorCode::kOutOfMemory,
             "av_dict_set failed");
  }
  return out;
}

}  // namespace framekit::ffmpeg
