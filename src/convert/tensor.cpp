// Frame ↔ HWC/CHW tensors, zero-copy when strides fit.
#include "framekit/convert/tensor.h"

#include <sstream>

namespace framekit {
namespace {

std::string shape_str(const Tensor& t) {
  std::ostringstream os;
  os << "(";
  for (int64_t i = 0; i < t.dim(); ++i) os << (i ? ", " : "") << t.size(i);
  os << ")";
  return os.str();
}

bool is_planar_rgb(const PixelFormatDesc& d) {
  return d.is_rgb() && d.num_planes == 3;
}

// Whether an (H, W, C) view can be a packed plane as is: channels adjacent, pixels
// adjacent, rows apart by at least a row and not backwards.
bool packed_strides_ok(const Tensor& hwc) {
  const int64_t h = hwc.size(0), w = hwc.size(1), c = hwc.size(2);
  return (hwc.stride(2) == 1 || c == 1) && (hwc.stride(1) == c || w == 1) &&
         (hwc.stride(0) >= w * c || h == 1);
}

// Whether the C planes of a (C, H, W) view can be frame planes as is.
bool planar_strides_ok(const Tensor& chw) {
  const int64_t h = chw.size(1), w = chw.size(2);
  return (chw.stride(2) == 1 || w == 1) && (chw.stride(1) >= w || h == 1);
}

}  // namespace

PixelFormat infer_image_format(int channels, ScalarType dtype, ChannelFormat layout, bool bgr) {
  const bool chw = layout == kNCHW;
  switch (dtype) {
    case kUInt8:
      if (channels == 1) return PF_GRAY8;
      if (channels == 3) return chw ? PF_GBRP : (bgr ? PF_BGR24 : PF_RGB24);
      if (channels == 4 && !chw) return bgr ? PF_BGRA32 : PF_RGBA32;
      return PF_NONE;
    case kUInt16:
      if (channels == 1) return PF_GRAY16;
      if (channels == 3 && !chw) return bgr ? PF_BGR48 : PF_RGB48;
      if (channels == 4 && !chw && !bgr) return PF_RGBA64;
      return PF_NONE;
    case kFloat32:
      return channels == 3 ? PF_GBRPF32 : PF_NONE;
    default:
      return PF_NONE;
  }
}

// An enum takes any int from C casts and Python; only the two layouts are images.
void check_layout(std::optional<ChannelFormat> layout, const char* op) {
  FK_CHECK_ARG(!layout || *layout == kNCHW || *layout == kNHWC, op, ": channel format ",
               static_cast<int>(layout.value_or(kNCHW)), " (expected kNCHW, kNHWC or none)");
}

Tensor frame_to_tensor(const Frame& frame, std::optional<ChannelFormat> layout, bool* copied) {
  FK_CHECK_ARG(frame.defined(), "frame_to_tensor: frame is undefined");
  check_layout(layout, "frame_to_tensor");
  if (copied) *copied = false;
  const auto& d = frame.desc();
  if (d.num_planes == 1) {
    const Tensor& p = frame.plane(0);
    return layout == kNCHW ? p.permute({2, 0, 1}) : p;
  }
  FK_CHECK(is_planar_rgb(d), ErrorCode::kUnsupported, "frame_to_tensor: ", d.name, " has ",
           int{d.num_planes},
           " planes; one image tensor holds a packed format (rgb24, bgr24, rgba, gray …) or "
           "planar RGB (gbrp, gbrpf32): convert to one of those first");
  // Planes are G, B, R; tensors want R, G, B.
  const Tensor r = frame.plane(2).squeeze(2), g = frame.plane(0).squeeze(2),
               b = frame.plane(1).squeeze(2);
  const int64_t h = frame.height(), w = frame.width();
  if (layout != kNHWC) {
    const auto isz = static_cast<int64_t>(r.itemsize());
    const int64_t step = g.byte_offset() - r.byte_offset();
    if (r.buffer() == g.buffer() && g.buffer() == b.buffer() && r.strides() == g.strides() &&
        g.strides() == b.strides() && step > 0 && step % isz == 0 &&
        b.byte_offset() - g.byte_offset() == step) {
      return r.as_strided({3, h, w}, {step / isz, r.stride(0), r.stride(1)}, r.byte_offset());
    }
    Tensor out = Tensor::empty({3, h, w}, frame.dtype(), frame.device());
    out.select(0, 0).copy_(r);
    out.select(0, 1).copy_(g);
    out.select(0, 2).copy_(b);
    if (copied) *copied = true;
    return out;
  }
  Tensor out = Tensor::empty({h, w, 3}, frame.dtype(), frame.device());
  out.select(2, 0).copy_(r);
  out.select(2, 1).copy_(g);
  out.select(2, 2).copy_(b);
  if (copied) *copied = true;
  return out;
}

Frame tensor_to_frame(const Tensor& tensor, const PixelInfo& info, std::optional<ChannelFormat> layout,
                      bool* copied) {
  FK_CHECK_ARG(tensor.defined(), "tensor_to_frame: tensor is undefined");
  check_layout(layout, "tensor_to_frame");
  if (copied) *copied = false;
  Tensor t = tensor;
  if (t.dim() == 4) {
    FK_CHECK_ARG(t.size(0) == 1, "tensor_to_frame: a batch of ", t.size(0),
                 " images cannot be one frame (shape ", shape_str(tensor), ")");
    t = t.squeeze(0);
  }
  FK_CHECK_ARG(t.dim() == 2 || t.dim() == 3, "tensor_to_frame: shape ", shape_str(tensor),
               " is not an image (expected (H, W), (H, W, C) or (C, H, W))");
  if (t.dim() == 2) {
    t = t.unsqueeze(2);
    layout = kNHWC;
  }
  const PixelFormat given = info.format();
  if (!layout) {
    const int64_t first = t.size(0), last = t.size(2);
    const bool hwc_ok = last == 1 || last == 3 || last == 4;
    const bool chw_ok = first == 1 || first == 3;
    // Both readings fit only for tiny images such as (3, 4, 4): the smaller channel
    // count wins, HWC on a tie.
    auto fits_hwc = [&] { return hwc_ok && !(chw_ok && first < last); };
    auto fits_chw = [&] { return chw_ok; };
    if (given != PF_NONE) {
      const auto& d = pixel_format_desc(given);
      const bool prefer_chw = is_planar_rgb(d);
      const int64_t c = prefer_chw ? 3 : d.planes[0].channels;
      if (prefer_chw) {
        layout = t.size(0) == c ? kNCHW : kNHWC;
      } else {
        layout = t.size(2) == c ? kNHWC : kNCHW;
      }
    } else if (fits_hwc()) {
      layout = kNHWC;
    } else if (fits_chw()) {
      layout = kNCHW;
    } else {
      FK_THROW(ErrorCode::kInvalidArgument, "tensor_to_frame: cannot tell the channel dim of ",
               shape_str(tensor), " (HWC needs 1-4 channels last, CHW 1 or 3 first)");
    }
  }
  const bool hwc = layout == kNHWC;
  const int64_t channels = hwc ? t.size(2) : t.size(0);
  const int64_t h = hwc ? t.size(0) : t.size(1);
  const int64_t w = hwc ? t.size(1) : t.size(2);
  const PixelFormat fmt =
      given != PF_NONE ? given : infer_image_format(static_cast<int>(channels), t.dtype(), *layout);
  FK_CHECK(fmt != PF_NONE, ErrorCode::kTypeMismatch, "tensor_to_frame: no pixel format for a ",
           hwc ? "HWC" : "CHW", " ", scalar_name(t.dtype()), " tensor of shape ", shape_str(tensor),
           "; pass the pixel format");
  const auto& d = pixel_format_desc(fmt);
  FK_CHECK(t.dtype() == d.dtype, ErrorCode::kTypeMismatch, "tensor_to_frame: ", d.name, " needs ",
           scalar_name(d.dtype), " samples but the tensor is ", scalar_name(t.dtype()));
  const PixelInfo pi = info.valid() ? info : PixelInfo(fmt);
  FK_CHECK_ARG(h > 0 && w > 0, "tensor_to_frame: empty image of shape ", shape_str(tensor));

  if (d.num_planes == 1) {
    const int64_t c = d.planes[0].channels;
    FK_CHECK_ARG(channels == c, "tensor_to_frame: ", d.name, " has ", c,
                 " channel(s) but the tensor ", shape_str(tensor), " has ", channels, " (",
                 hwc ? "HWC" : "CHW", ")");
    Tensor plane = hwc ? t : t.permute({1, 2, 0});
    if (!packed_strides_ok(plane)) {
      plane = plane.contiguous();
      if (copied) *copied = true;
    }
    // Packed 4:2:2 stores pixel pairs: the frame width is the plane width.
    return Frame(TensorList{plane}, static_cast<int>(w), static_cast<int>(h), pi);
  }
  FK_CHECK(is_planar_rgb(d), ErrorCode::kUnsupported, "tensor_to_frame: ", d.name, " has ",
           int{d.num_planes},
           " planes; one image tensor can hold a packed format or planar RGB (gbrp, gbrpf32)");
  FK_CHECK_ARG(channels == 3, "tensor_to_frame: ", d.name, " needs 3 channels, the tensor ",
               shape_str(tensor), " has ", channels);
  Tensor chw = hwc ? t.permute({2, 0, 1}) : t;
  if (!planar_strides_ok(chw)) {
    chw = chw.contiguous();
    if (copied) *copied = true;
  }
  return Frame(TensorList{chw.select(0, 1), chw.select(0, 2), chw.select(0, 0)},
               static_cast<int>(w), static_cast<int>(h), pi);
}

}  // namespace framekit
