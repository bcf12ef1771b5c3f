// The kAVFrame convertor: convert() reads an AVFrame attached to the source VideoFrame
// and attaches one to the result.
#include <mutex>

#include "adapters/ffmpeg/avframe_internal.h"
#include "framekit/convert/ffmpeg.h"

namespace framekit::ffmpeg {
namespace {

class AVFrameConvertor final : public Convertor {
 public:
  MediaType media_type() const noexcept override { return MediaType::kAVFrame; }

  VideoFrame import_frame(const VideoFrame& src, const MediaDesc& desc) const override {
    const AVFrame* avf = src.private_get<AVFrame>();
    FK_CHECK_ARG(avf != nullptr,
                 "convert: src_desc.media_type is AVFrame but no AVFrame is attached to the "
                 "source VideoFrame (use private_attach<AVFrame>)");
    VideoFrame out;
    if (avf->buf[0] == nullptr) {
      // Not reference-counted: the attachment itself owns the pixels, so share them
      // while holding the source's attachments alive.
      detail::check_importable(avf);
      const PixelInfo info = pixel_info_of(*avf);
      if (detail::shareable(*avf, info.desc())) {
        out = VideoFrame(Frame::wrap(detail::view_of(*avf, info), [keep = src] {}));
      } else {
        out = VideoFrame(detail::copy_of(*avf, info));
      }
      detail::copy_props_from(out, *avf);
    } else {
      out = to_video_frame(avf);
    }
    // Timing the AVFrame does not carry comes from the VideoFrame around it.
    if (out.pts() == kNoPts) out.set_pts(src.pts());
    if (out.time_base().num == 0 && src.time_base().num != 0) out.set_time_base(src.time_base());
    if (out.duration() == 0) out.set_duration(src.duration());
    for (const auto& [k, v] : src.metadata()) out.metadata().try_emplace(k, v);
    return out.with_frame(apply_source_desc(out.frame(), desc, media_type()));
  }

  void check_exportable(const PixelInfo& info, int, int, const Device& device) const override {
    FK_CHECK(to_av_pixel_format(info.format()) != AV_PIX_FMT_NONE, ErrorCode::kUnsupported,
             "convert: ", pixel_format_name(info.format()),
             " has no FFmpeg pixel format, so it cannot become an AVFrame");
    FK_CHECK(device.is_cpu(), ErrorCode::kUnsupported,
             "convert: AVFrames are made on the cpu, not ", device.str());
  }

  VideoFrame export_frame(const VideoFrame& vf, const MediaDesc&) const override {
    VideoFrame out = vf;
    out.private_attach(std::shared_ptr<AVFrame>(to_avframe(vf)));
    return out;
  }
};

}  // namespace

bool register_avframe_convertor() {
  static std::once_flag once;
  std::call_once(once, [] { register_convertor(std::make_shared<AVFrameConvertor>()); });
  return true;
}

namespace {
// Also register when the library loads, for users that never include the header.
const bool kRegisteredAtLoad = register_avframe_convertor();
}  // namespace

}  // namespace framekit::ffmpeg
