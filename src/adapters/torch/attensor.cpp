// at::Tensor ↔ Frame through framekit's HWC/CHW tensor views, and the kATTensor
// convertor.
#include <mutex>

#include <ATen/ATen.h>

#include "framekit/convert/torch.h"

namespace framekit::aten {
namespace {

at::ScalarType at_dtype(ScalarType t) {
  switch (t) {
    case kUInt8:
      return at::kByte;
    case kFloat32:
      return at::kFloat;
    case kFloat16:
      return at::kHalf;
    default:
      FK_THROW(ErrorCode::kUnsupported, "to_tensor: ", scalar_name(t),
               " samples have no libtorch dtype here (uint8, float16 and float32 do; libtorch "
               "1.13 has no uint16): convert the frame to an 8-bit or float format first");
  }
}

ScalarType fk_dtype(at::ScalarType t) {
  switch (t) {
    case at::kByte:
      return kUInt8;
    case at::kFloat:
      return kFloat32;
    case at::kHalf:
      return kFloat16;
    default:
      FK_THROW(ErrorCode::kTypeMismatch, "from_tensor: at::Tensor dtype ", c10::toString(t),
               " is not an image sample type (uint8 or float32)");
  }
}

SizeArray to_sizes(c10::IntArrayRef a) {
  return SizeArray(a.begin(), a.end());
}

}  // namespace

at::Tensor to_tensor(const Frame& frame, std::optional<ChannelFormat> layout, bool* copied) {
  FK_CHECK_ARG(frame.defined(), "to_tensor: frame is undefined");
  FK_CHECK(frame.device().is_cpu(), ErrorCode::kUnsupported, "to_tensor: frame is on ",
           frame.device().str(), "; this build makes cpu tensors only");
  const at::ScalarType dtype = at_dtype(frame.dtype());
  const Tensor t = frame_to_tensor(frame, layout, copied);
  // The deleter owns a framekit view: the buffer lives as long as the at::Tensor.
  return at::from_blob(
      t.unsafe_data(), t.shape(), t.strides(), [keep = t](void*) {},
      at::TensorOptions().dtype(dtype).device(at::kCPU));
}

Frame from_tensor(const at::Tensor& tensor, const PixelInfo& info, std::optional<ChannelFormat> layout,
                  bool* copied) {
  FK_CHECK_ARG(tensor.defined(), "from_tensor: at::Tensor is undefined");
  FK_CHECK(tensor.device().is_cpu(), ErrorCode::kUnsupported, "from_tensor: at::Tensor is on ",
           tensor.device().str(), "; call .cpu() first");
  FK_CHECK_ARG(tensor.layout() == at::kStrided, "from_tensor: only strided tensors hold images");
  const ScalarType dtype = fk_dtype(tensor.scalar_type());
  const Tensor view =
      Tensor::from_blob(tensor.data_ptr(), to_sizes(tensor.sizes()), to_sizes(tensor.strides()),
                        dtype, Device(), [keep = tensor] {});
  return tensor_to_frame(view, info, layout, copied);
}

namespace {

class ATTensorConvertor final : public Convertor {
 public:
  MediaType media_type() const noexcept override { return MediaType::kATTensor; }

  VideoFrame import_frame(const VideoFrame& src, const MediaDesc& desc) const override {
    const at::Tensor* t = src.private_get<at::Tensor>();
    FK_CHECK_ARG(t != nullptr,
                 "convert: src_desc.media_type is at::Tensor but no at::Tensor is attached to "
                 "the source VideoFrame (use private_attach<at::Tensor>)");
    desc.check_consistent();
    PixelInfo info(desc.format_or_none());
    if (desc.pixel_info.has_value() && desc.pixel_info().valid()) info = desc.pixel_info();
    VideoFrame out(apply_source_desc(from_tensor(*t, info), desc, media_type()));
    out.copy_props(src);
    return out;
  }

  void check_exportable(const PixelInfo& info, int, int, const Device& device) const override {
    const auto& d = info.desc();
    FK_CHECK(d.num_planes == 1 || (d.is_rgb() && d.num_planes == 3), ErrorCode::kUnsupported,
             "convert: an at::Tensor holds a packed format (rgb24, bgr24, rgba, gray …) as HWC "
             "or planar RGB (gbrp, gbrpf32) as CHW, not ",
             d.name, "; set dst pixel_format to one of those");
    FK_CHECK(d.dtype == kUInt8 || d.dtype == kFloat32 || d.dtype == kFloat16,
             ErrorCode::kUnsupported, "convert: ", d.name,
             " has 16-bit samples, which libtorch 1.13 cannot hold");
    FK_CHECK(device.is_cpu(), ErrorCode::kUnsupported,
             "convert: this build makes cpu at::Tensors only, not ", device.str());
  }

  VideoFrame export_frame(const VideoFrame& vf, const MediaDesc&) const override {
    VideoFrame out = vf;
    out.private_attach(std::make_shared<at::Tensor>(to_tensor(vf.frame())));
    return out;
  }
};

const bool kRegisteredAtLoad = register_attensor_convertor();

}  // namespace

bool register_attensor_convertor() {
  static std::once_flag once;
  std::call_once(once, [] { register_convertor(std::make_shared<ATTensorConvertor>()); });
  return true;
}

}  // namespace framekit::aten
