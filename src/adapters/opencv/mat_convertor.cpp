// The kCVMat convertor: convert() reads a cv::Mat attached to the source VideoFrame
// (its pixel format from src_desc, or OpenCV's conventions) and attaches one to the
// result.
#include <mutex>

#include "framekit/convert/opencv.h"

namespace framekit::opencv {
namespace {

bool mat_format(const PixelFormatDesc& d) {
  if (d.num_planes == 1) return !is_floating(d.dtype);
  return d.format == PF_YUV420P || d.format == PF_YUVJ420P || d.format == PF_NV12 ||
         d.format == PF_NV21;
}

class MatConvertor final : public Convertor {
 public:
  MediaType media_type() const noexcept override { return MediaType::kCVMat; }

  VideoFrame import_frame(const VideoFrame& src, const MediaDesc& desc) const override {
    const cv::Mat* mat = src.private_get<cv::Mat>();
    FK_CHECK_ARG(mat != nullptr,
                 "convert: src_desc.media_type is cv::Mat but no cv::Mat is attached to the "
                 "source VideoFrame (use private_attach<cv::Mat>)");
    VideoFrame out(apply_source_desc(from_mat(*mat, desc.format_or_none()), desc, media_type()));
    out.copy_props(src);
    return out;
  }

  void check_exportable(const PixelInfo& info, int width, int height,
                        const Device& device) const override {
    const auto& d = info.desc();
    FK_CHECK(mat_format(d), ErrorCode::kUnsupported, "convert: ", d.name,
             " has no cv::Mat layout; set dst pixel_format to a packed RGB/BGR/gray format or "
             "yuv420p/nv12/nv21");
    FK_CHECK(d.num_planes == 1 || (width % 2 == 0 && height % 2 == 0), ErrorCode::kUnsupported,
             "convert: ", d.name, " ", width, "x", height,
             " cannot be a cv::Mat: OpenCV's YUV 4:2:0 layouts need an even size");
    FK_CHECK(device.is_cpu(), ErrorCode::kUnsupported, "convert: cv::Mat lives on the cpu, not ",
             device.str());
  }

  VideoFrame export_frame(const VideoFrame& vf, const MediaDesc&) const override {
    VideoFrame out = vf;
    out.private_attach(std::make_shared<cv::Mat>(to_mat(vf.frame())));
    return out;
  }
};

// Registered when the library loads too, for users that never include the header.
const bool kRegisteredAtLoad = register_mat_convertor();

}  // namespace

bool register_mat_convertor() {
  static std::once_flag once;
  std::call_once(once, [] { register_convertor(std::make_shared<MatConvertor>()); });
  return true;
}

}  // namespace framekit::opencv
