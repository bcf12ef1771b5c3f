// Frame and tensor front ends of the geometry kernels: framekit::{resize, rotate,
// mirror}(Frame) and the seed's framekit::img API on image tensors and plane lists.
#include <string>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/geometry/geometry.h"
#include "geometry/geometry_internal.h"

namespace framekit {
namespace gd = geometry_detail;

// ---------------------------------------------------------------- frames

Frame resize(const Frame& src, int width, int height, ResizeMode mode) {
  FK_CHECK_ARG(src.defined(), "resize: source frame is undefined");
  Frame dst(width, height, src.pix_info(), src.device());
  resize(src.view(), dst.view(), mode);
  return dst;
}

Frame rotate(const Frame& src, RotationMode mode) {
  FK_CHECK_ARG(src.defined(), "rotate: source frame is undefined");
  const bool turn = mode == RotationMode::k90 || mode == RotationMode::k270;
  Frame dst(turn ? src.height() : src.width(), turn ? src.width() : src.height(), src.pix_info(),
            src.device());
  rotate(src.view(), dst.view(), mode);
  return dst;
}

Frame mirror(const Frame& src, MirrorAxis axis) {
  FK_CHECK_ARG(src.defined(), "mirror: source frame is undefined");
  Frame dst(src.width(), src.height(), src.pix_info(), src.device());
  mirror(src.view(), dst.view(), axis);
  return dst;
}

namespace img {
namespace {

// An image tensor seen as planes: one per batch item (NHWC, channels interleaved) or
// per batch item and channel (NCHW).
struct ImageTensor {
  int64_t n = 1, c = 1, h = 0, w = 0;
  bool nhwc = false;
  int sample_bytes = 1;
  std::vector<gd::PlaneRef> planes;
  int plane_channels() const { return nhwc ? static_cast<int>(c) : 1; }
};

int sample_bytes_of(const Tensor& t, const char* op) {
  switch (t.dtype()) {
    case ScalarType::kUInt8:
      return 1;
    case ScalarType::kUInt16:
    case ScalarType::kFloat16:  // rotate, mirror and nearest move samples as they are
      return 2;
    case ScalarType::kFloat32:
      return 4;
    default:
      FK_THROW(ErrorCode::kUnsupported, op, ": dtype ", scalar_name(t.dtype()),
               " is not supported (uint8, uint16, float16 or float32)");
  }
}

// Dimension indices of (N, C, H, W) in t, -1 where absent.
struct Dims {
  int n = -1, c = -1, h = -1, w = -1;
};

Dims dims_of(const Tensor& t, ChannelFormat cf, const char* op, const char* what) {
  const int64_t nd = t.dim();
  FK_CHECK_ARG(nd >= 2 && nd <= 4, op, ": ", what, " has ", nd,
               " dimensions (expected (H, W), 3 or 4 for ", cf == kNHWC ? "NHWC" : "NCHW", ")");
  FK_CHECK_ARG(cf == kNCHW || cf == kNHWC, op, ": channel format ", static_cast<int>(cf),
               " (expected kNCHW or kNHWC)");
  if (nd == 2) return Dims{-1, -1, 0, 1};
  const int b = nd == 4 ? 1 : 0;
  if (cf == kNHWC) return Dims{b ? 0 : -1, b + 2, b, b + 1};
  return Dims{b ? 0 : -1, b, b + 1, b + 2};
}

ImageTensor image_tensor(const Tensor& t, ChannelFormat cf, const char* op, const char* what) {
  FK_CHECK_ARG(t.defined(), op, ": ", what, " tensor is undefined");
  FK_CHECK(t.device().is_cpu(), ErrorCode::kUnsupported, op, ": ", what, " is on ",
           t.device().str(), "; geometry runs on cpu tensors");
  ImageTensor it;
  it.sample_bytes = sample_bytes_of(t, op);
  const Dims d = dims_of(t, cf, op, what);
  it.n = d.n >= 0 ? t.size(d.n) : 1;
  it.c = d.c >= 0 ? t.size(d.c) : 1;
  it.h = t.size(d.h);
  it.w = t.size(d.w);
  it.nhwc = cf == kNHWC && d.c >= 0;
  FK_CHECK_ARG(it.h > 0 && it.w > 0 && it.c > 0 && it.n > 0, op, ": ", what, " ", t.repr(),
               " is empty");
  FK_CHECK_ARG(it.h <= INT32_MAX && it.w <= INT32_MAX, op, ": ", what, " is too large");
  const int64_t inner = it.nhwc ? it.c : 1;
  FK_CHECK_ARG(
      (!it.nhwc || t.stride(d.c) == 1 || it.c == 1) && (t.stride(d.w) == inner || it.w == 1), op,
      ": ", what, " ", t.repr(), " does not have adjacent ",
      it.nhwc ? "pixels and channels" : "columns", " (make it contiguous)");
  FK_CHECK_ARG(t.stride(d.h) >= it.w * inner || it.h == 1, op, ": ", what, " rows overlap");
  const auto isz = static_cast<int64_t>(it.sample_bytes);
  auto* base = static_cast<uint8_t*>(t.unsafe_data());
  for (int64_t n = 0; n < it.n; ++n) {
    for (int64_t c = 0; c < (it.nhwc ? 1 : it.c); ++c) {
      uint8_t* p = base + (d.n >= 0 ? n * t.stride(d.n) * isz : 0) +
                   (!it.nhwc && d.c >= 0 ? c * t.stride(d.c) * isz : 0);
      const int64_t row = it.h == 1 ? it.w * inner : t.stride(d.h);
      it.planes.push_back(gd::PlaneRef{p, row * isz, static_cast<int>(it.w), static_cast<int>(it.h),
                                       static_cast<int>(inner * isz)});
    }
  }
  return it;
}

// A source that is not laid out for the kernels is copied first.
Tensor usable_source(const Tensor& src, ChannelFormat cf, const char* op) {
  try {
    image_tensor(src, cf, op, "src");
    return src;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kInvalidArgument || !src.defined() || !src.device().is_cpu()) throw;
    return src.contiguous();
  }
}

void check_no_overlap(const ImageTensor& a, const ImageTensor& b, const char* op) {
  for (const auto& p : a.planes)
    for (const auto& q : b.planes) {
      const uint8_t* p0 = p.data;
      const uint8_t* p1 = p.data + static_cast<ptrdiff_t>(p.height - 1) * p.stride + p.row_bytes();
      const uint8_t* q0 = q.data;
      const uint8_t* q1 = q.data + static_cast<ptrdiff_t>(q.height - 1) * q.stride + q.row_bytes();
      FK_CHECK_ARG(p1 <= q0 || q1 <= p0, op,
                   ": src and dst share memory (in-place geometry is not supported)");
    }
}

// Checks dst against src (dtype, batch, channels, size) and runs fn per plane pair.
template <typename Fn>
void for_each_tensor_plane(Tensor& dst, const Tensor& src0, ChannelFormat cf, const char* op,
                           int want_w, int want_h, Fn fn) {
  const Tensor src = usable_source(src0, cf, op);
  const ImageTensor s = image_tensor(src, cf, op, "src");
  const ImageTensor d = image_tensor(dst, cf, op, "dst");
  FK_CHECK(dst.dtype() == src.dtype(), ErrorCode::kTypeMismatch, op, ": dst dtype ",
           scalar_name(dst.dtype()), " differs from src dtype ", scalar_name(src.dtype()));
  FK_CHECK_ARG(dst.dim() == src.dim() && d.n == s.n && d.c == s.c, op, ": dst ", dst.repr(),
               " does not match src ", src.repr(), " in batch or channels");
  if (want_w > 0)
    FK_CHECK_ARG(d.w == want_w && d.h == want_h, op, ": dst is ", d.w, "x", d.h, " but a ", s.w,
                 "x", s.h, " source needs ", want_w, "x", want_h);
  check_no_overlap(s, d, op);
  for (size_t i = 0; i < s.planes.size(); ++i) fn(s.planes[i], d.planes[i], s);
}

SizeArray shape_like(const Tensor& src, ChannelFormat cf, int64_t h, int64_t w) {
  SizeArray shape = src.shape();
  const Dims d = dims_of(src, cf, "img", "src");
  shape[d.h] = h;
  shape[d.w] = w;
  return shape;
}

int degrees_of(ImageRotationMode mode) {
  const int deg = static_cast<int>(mode);
  FK_CHECK_ARG(deg == 0 || deg == 90 || deg == 180 || deg == 270, "img::rotate: ", deg,
               " degrees (expected 0, 90, 180 or 270)");
  return deg;
}

bool turns(ImageRotationMode mode) {
  return mode == ImageRotationMode::k90 || mode == ImageRotationMode::k270;
}

// A plane list as frames: one per batch item when planes carry a batch dimension.
std::vector<Frame> frames_of(const TensorList& planes, const PixelInfo& info, const char* op) {
  FK_CHECK_ARG(!planes.empty(), op, ": the plane list is empty");
  FK_CHECK_ARG(info.valid(), op, ": pixel format is not set (PF_NONE)");
  // A leading batch dimension: 4-D planes, or 3-D ones of a one-channel plane 0 whose
  // last size is not a channel count of 1.
  const Tensor& p0 = planes[0];
  const bool batched =
      p0.dim() == 4 || (p0.dim() == 3 && info.desc().planes[0].channels == 1 && p0.size(2) != 1);
  if (!batched) return {Frame(planes, info)};
  std::vector<Frame> frames;
  for (int64_t n = 0; n < planes[0].size(0); ++n) {
    TensorList item;
    for (const auto& p : planes) {
      FK_CHECK_ARG(p.dim() >= 1 && p.size(0) == planes[0].size(0), op,
                   ": planes disagree on the batch size");
      item.push_back(p.select(0, n));
    }
    frames.emplace_back(item, info);
  }
  return frames;
}

template <typename Op>
TensorList& for_each_frame(TensorList& dst, const TensorList& src, const PixelInfo& info,
                           const char* op, Op fn) {
  const auto s = frames_of(src, info, op);
  const auto d = frames_of(dst, info, op);
  FK_CHECK_ARG(s.size() == d.size(), op, ": src has ", s.size(), " frame(s), dst ", d.size());
  for (size_t i = 0; i < s.size(); ++i) fn(s[i].view(), d[i].view());
  return dst;
}

}  // namespace

Tensor& resize(Tensor& dst, const Tensor& src, ImageFilterMode mode, ChannelFormat cformat) {
  const int m = static_cast<int>(mode);
  FK_CHECK_ARG(m >= 0 && m <= 7, "img::resize: mode ", m,
               " (expected kNearest, kBilinear, kBicubic, kArea, kLanczos3, kBilinearAA, "
               "kBicubicAA or kNearestFloor)");
  if (src.defined() && src.dtype() == kFloat16 && !gd::is_nearest_mode(m)) {
    // Filters weigh samples in float32: resample there and round once into float16
    // (nearest to even), after the same checks as any other dtype.
    for_each_tensor_plane(dst, src, cformat, "img::resize", 0, 0,
                          [](const gd::PlaneRef&, const gd::PlaneRef&, const ImageTensor&) {});
    Tensor wide = Tensor::empty(dst.shape(), kFloat32, dst.device());
    resize(wide, src.to(kFloat32), mode, cformat);
    dst.copy_(wide);
    return dst;
  }
  for_each_tensor_plane(dst, src, cformat, "img::resize", 0, 0,
                        [&](const gd::PlaneRef& s, const gd::PlaneRef& d, const ImageTensor& t) {
                          if (t.sample_bytes == 1) return gd::resize_plane_u8(s, d, m);
                          if (t.sample_bytes == 4)
                            return gd::resize_plane_f32(s, d, t.plane_channels(), m);
                          gd::resize_plane_u16(s, d, t.plane_channels(), m, 0xFFFF, 0);
                        });
  return dst;
}

Tensor resize(const Tensor& src, int width, int height, ImageFilterMode mode,
              ChannelFormat cformat) {
  FK_CHECK_ARG(width > 0 && height > 0, "img::resize: size ", width, "x", height,
               " (expected > 0)");
  FK_CHECK_ARG(src.defined(), "img::resize: src tensor is undefined");
  Tensor dst = Tensor::empty(shape_like(src, cformat, height, width), src.dtype(), src.device());
  return resize(dst, src, mode, cformat);
}

Tensor& rotate(Tensor& dst, const Tensor& src, ImageRotationMode mode, ChannelFormat cformat) {
  const int deg = degrees_of(mode);
  FK_CHECK_ARG(src.defined(), "img::rotate: src tensor is undefined");
  const Dims dm = dims_of(src, cformat, "img::rotate", "src");
  const auto w = static_cast<int>(src.size(turns(mode) ? dm.h : dm.w));
  const auto h = static_cast<int>(src.size(turns(mode) ? dm.w : dm.h));
  for_each_tensor_plane(dst, src, cformat, "img::rotate", w, h,
                        [&](const gd::PlaneRef& a, const gd::PlaneRef& b, const ImageTensor&) {
                          gd::rotate_plane(a, b, deg);
                        });
  return dst;
}

Tensor rotate(const Tensor& src, ImageRotationMode mode, ChannelFormat cformat) {
  degrees_of(mode);
  FK_CHECK_ARG(src.defined(), "img::rotate: src tensor is undefined");
  const Dims d = dims_of(src, cformat, "img::rotate", "src");
  const int64_t h = src.size(d.h), w = src.size(d.w);
  Tensor dst = Tensor::empty(shape_like(src, cformat, turns(mode) ? w : h, turns(mode) ? h : w),
                             src.dtype(), src.device());
  return rotate(dst, src, mode, cformat);
}

Tensor& mirror(Tensor& dst, const Tensor& src, ImageAxis axis, ChannelFormat cformat) {
  const int a = static_cast<int>(axis);
  FK_CHECK_ARG(a >= 0 && a <= 2, "img::mirror: axis ", a,
               " (expected kHorizontal, kVertical or kBoth)");
  FK_CHECK_ARG(src.defined(), "img::mirror: src tensor is undefined");
  const Dims d = dims_of(src, cformat, "img::mirror", "src");
  const bool h = axis != ImageAxis::kVertical, v = axis != ImageAxis::kHorizontal;
  for_each_tensor_plane(dst, src, cformat, "img::mirror", static_cast<int>(src.size(d.w)),
                        static_cast<int>(src.size(d.h)),
                        [&](const gd::PlaneRef& s, const gd::PlaneRef& o, const ImageTensor&) {
                          gd::mirror_plane(s, o, h, v);
                        });
  return dst;
}

Tensor mirror(const Tensor& src, ImageAxis axis, ChannelFormat cformat) {
  FK_CHECK_ARG(src.defined(), "img::mirror: src tensor is undefined");
  Tensor dst = Tensor::empty(src.shape(), src.dtype(), src.device());
  return mirror(dst, src, axis, cformat);
}

Tensor crop(const Tensor& src, int left, int top, int width, int height, ChannelFormat cformat) {
  FK_CHECK_ARG(src.defined(), "img::crop: src tensor is undefined");
  const Dims d = dims_of(src, cformat, "img::crop", "src");
  const int64_t h = src.size(d.h), w = src.size(d.w);
  FK_CHECK_ARG(width > 0 && height > 0, "img::crop: size ", width, "x", height, " (expected > 0)");
  FK_CHECK(left >= 0 && top >= 0 && left <= w - width && top <= h - height, ErrorCode::kOutOfRange,
           "img::crop: rectangle (", left, ", ", top, ", ", width, "x", height, ") is outside the ",
           w, "x", h, " image");
  return src.slice(d.h, top, top + height).slice(d.w, left, left + width);
}

Tensor& crop(Tensor& dst, const Tensor& src, int left, int top, ChannelFormat cformat) {
  FK_CHECK_ARG(dst.defined(), "img::crop: dst tensor is undefined");
  const Dims d = dims_of(dst, cformat, "img::crop", "dst");
  // An image operation: a dtype change rounds and saturates.
  dst.copy_saturated_(crop(src, left, top, static_cast<int>(dst.size(d.w)),
                           static_cast<int>(dst.size(d.h)), cformat));
  return dst;
}

TensorList& yuv_resize(TensorList& dst, const TensorList& src, const PixelInfo& pix_info,
                       ImageFilterMode mode) {
  return for_each_frame(
      dst, src, pix_info, "img::yuv_resize",
      [&](const ImageView& s, const ImageView& d) { framekit::resize(s, d, mode); });
}

TensorList& yuv_rotate(TensorList& dst, const TensorList& src, const PixelInfo& pix_info,
                       ImageRotationMode mode) {
  return for_each_frame(
      dst, src, pix_info, "img::yuv_rotate",
      [&](const ImageView& s, const ImageView& d) { framekit::rotate(s, d, mode); });
}

TensorList& yuv_mirror(TensorList& dst, const TensorList& src, const PixelInfo& pix_info,
                       ImageAxis axis) {
  return for_each_frame(
      dst, src, pix_info, "img::yuv_mirror",
      [&](const ImageView& s, const ImageView& d) { framekit::mirror(s, d, axis); });
}

}  // namespace img
}  // namespace framekit
