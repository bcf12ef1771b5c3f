// The convertors every build has: kVideoFrame (framekit's own frames) and kTensor
// (a framekit::Tensor attached to the VideoFrame; Python hands it over as NumPy).
#include "convert/builtin_convertors.h"

#include "framekit/convert/tensor.h"

namespace framekit::detail {
namespace {

VideoFrame with_props(Frame f, const VideoFrame& props) {
  VideoFrame out(std::move(f));
  out.copy_props(props);
  return out;
}

class VideoFrameConvertor final : public Convertor {
 public:
  MediaType media_type() const noexcept override { return MediaType::kVideoFrame; }

  VideoFrame import_frame(const VideoFrame& src, const MediaDesc& desc) const override {
    FK_CHECK_ARG(src.frame().defined(),
                 "convert: the source VideoFrame has no frame (a foreign object attached with "
                 "private_attach needs src_desc.media_type set to its type)");
    return with_props(apply_source_desc(src.frame(), desc, MediaType::kVideoFrame), src);
  }
  void check_exportable(const PixelInfo&, int, int, const Device&) const override {}
  VideoFrame export_frame(const VideoFrame& vf, const MediaDesc&) const override { return vf; }
};

class TensorConvertor final : public Convertor {
 public:
  MediaType media_type() const noexcept override { return MediaType::kTensor; }

  VideoFrame import_frame(const VideoFrame& src, const MediaDesc& desc) const override {
    const Tensor* t = src.private_get<Tensor>();
    FK_CHECK_ARG(t != nullptr,
                 "convert: src_desc.media_type is framekit::Tensor but no framekit::Tensor is "
                 "attached to the source VideoFrame (use private_attach)");
    desc.check_consistent();
    PixelInfo info(desc.format_or_none());
    if (desc.pixel_info.has_value() && desc.pixel_info().valid()) info = desc.pixel_info();
    return with_props(apply_source_desc(tensor_to_frame(*t, info), desc, media_type()), src);
  }

  void check_exportable(const PixelInfo& info, int, int, const Device&) const override {
    const auto& d = info.desc();
    FK_CHECK(d.num_planes == 1 || (d.is_rgb() && d.num_planes == 3), ErrorCode::kUnsupported,
             "convert: a framekit::Tensor holds a packed format (rgb24, bgr24, rgba, gray, "
             "yuyv422 …) as HWC or planar RGB (gbrp, gbrpf32) as CHW, not ",
             d.name, "; set dst pixel_format to one of those");
  }

  VideoFrame export_frame(const VideoFrame& vf, const MediaDesc&) const override {
    VideoFrame out = vf;
    out.private_attach(std::make_shared<Tensor>(frame_to_tensor(vf.frame())));
    return out;
  }
};

}  // namespace

std::shared_ptr<const Convertor> make_video_frame_convertor() {
  return std::make_shared<VideoFrameConvertor>();
}
std::shared_ptr<const Convertor> make_tensor_convertor() {
  return std::make_shared<TensorConvertor>();
}

}  // namespace framekit::detail
