// The seed's framekit::img tensor API (rgb_to_yuv, yuv_to_rgb, yuv_to_yuv, normalize)
// and Frame ↔ tensor helpers, on top of convert_color / convert_to_tensor.
#include <algorithm>
#include <vector>

#include "color/color_internal.h"
#include "framekit/color/color.h"
#include "framekit/core/error.h"
#include "framekit/core/parallel.h"

namespace framekit::img {
namespace {

bool image_dtype(ScalarType t) {
  return t == kUInt8 || t == kUInt16 || t == kFloat16 || t == kFloat32;
}

// Batch size of a tensor holding one image (3-D) or a batch (4-D).
int64_t batch_of(const Tensor& t, const char* what) {
  FK_CHECK_ARG(t.defined(), what, " tensor is undefined");
  FK_CHECK(t.device().is_cpu(), ErrorCode::kUnsupported, what, " tensor is on ", t.device().str(),
           " (color conversion runs on the cpu)");
  FK_CHECK_ARG(t.dim() == 3 || t.dim() == 4, what, " tensor has ", t.dim(),
               " dimensions (expected 3, or 4 with a leading batch)");
  return t.dim() == 4 ? t.size(0) : 0;  // 0: not batched
}

int64_t batch_of(const TensorList& planes, const char* what) {
  FK_CHECK_ARG(!planes.empty(), what, " plane list is empty");
  const int64_t n = planes[0].defined() && planes[0].dim() == 4 ? planes[0].size(0) : 0;
  for (size_t i = 0; i < planes.size(); ++i) {
    FK_CHECK_ARG(planes[i].defined(), what, " plane ", i, " is undefined");
    const int64_t ni = planes[i].dim() == 4 ? planes[i].size(0) : 0;
    FK_CHECK_ARG(ni == n, what, " plane ", i, " has batch ", ni, " but plane 0 has ", n);
  }
  return n;
}

Tensor item(const Tensor& t, int64_t n) {
  return n < 0 ? t : t.select(0, n);
}

TensorList items(const TensorList& planes, int64_t n) {
  if (n < 0) return planes;
  TensorList out;
  for (const auto& p : planes) out.push_back(p.select(0, n));
  return out;
}

// A 3-D image tensor as a strided view.
ImageTensorView tensor_view(const Tensor& t, ChannelFormat cf) {
  FK_CHECK(image_dtype(t.dtype()), ErrorCode::kTypeMismatch, "image tensor dtype ",
           scalar_name(t.dtype()), " is not supported (expected uint8, uint16, float16, float32)");
  ImageTensorView v;
  v.data = t.unsafe_data();
  v.dtype = t.dtype();
  const int c = cf == kNCHW ? 0 : 2, h = cf == kNCHW ? 1 : 0, w = cf == kNCHW ? 2 : 1;
  v.channels = static_cast<int>(t.size(c));
  v.height = static_cast<int>(t.size(h));
  v.width = static_cast<int>(t.size(w));
  v.stride_c = t.stride(c);
  v.stride_h = t.stride(h);
  v.stride_w = t.stride(w);
  return v;
}

PixelFormat channel_order(int channels) {
  switch (channels) {
    case 1:
      return PF_GRAY8;
    case 3:
      return PF_RGB24;
    case 4:
      return PF_RGBA32;
    default:
      break;
  }
  FK_THROW(ErrorCode::kInvalidArgument, "image tensor has ", channels,
           " channels (expected 3 for RGB, 4 for RGBA or 1 for gray)");
}

// Fresh planes for `info`, with a leading batch dimension when n > 0.
TensorList alloc_planes(const PixelInfo& info, int width, int height, int64_t n) {
  const Frame f(width, height, info);
  if (n == 0) return f.data();
  TensorList out;
  for (const auto& p : f.data()) {
    SizeArray shape = p.shape();
    shape.insert(shape.begin(), n);
    out.push_back(Tensor::empty(shape, p.dtype()));
  }
  return out;
}

TensorConvertOptions tensor_options(const ColorConvertOptions& o) {
  TensorConvertOptions t;
  t.chroma_upsample = o.chroma_upsample;
  t.rounding = o.rounding;
  t.use_fast_paths = o.use_fast_paths;
  return t;
}

template <typename Fn>
void for_each_item(int64_t n, Fn fn) {
  if (n == 0) return fn(-1);
  for (int64_t i = 0; i < n; ++i) fn(i);
}

}  // namespace

TensorList& rgb_to_yuv(TensorList& dst, const Tensor& src, const PixelInfo& pix_info,
                       ChannelFormat cformat, const ColorConvertOptions& options) {
  const int64_t n = batch_of(src, "rgb_to_yuv: src");
  FK_CHECK_ARG(batch_of(dst, "rgb_to_yuv: dst") == n, "rgb_to_yuv: dst and src batch sizes differ");
  for_each_item(n, [&](int64_t i) {
    const ImageTensorView tv = tensor_view(item(src, i), cformat);
    const Frame out(items(dst, i), pix_info);
    TensorConvertOptions opt = tensor_options(options);
    opt.channel_order = channel_order(tv.channels);
    convert_from_tensor(tv, out.view(), opt);
  });
  return dst;
}

TensorList& rgb_to_yuv(TensorList& dst, const Tensor& src, const PixelInfo& pix_info,
                       ChannelFormat cformat) {
  return rgb_to_yuv(dst, src, pix_info, cformat, ColorConvertOptions{});
}

TensorList rgb_to_yuv(const Tensor& src, const PixelInfo& pix_info, ChannelFormat cformat,
                      const ColorConvertOptions& opt) {
  const int64_t n = batch_of(src, "rgb_to_yuv: src");
  const ImageTensorView tv = tensor_view(item(src, n > 0 ? 0 : -1), cformat);
  TensorList dst = alloc_planes(pix_info, tv.width, tv.height, n);
  return rgb_to_yuv(dst, src, pix_info, cformat, opt);
}

TensorList rgb_to_yuv(const Tensor& src, const PixelInfo& pix_info, ChannelFormat cformat) {
  return rgb_to_yuv(src, pix_info, cformat, ColorConvertOptions{});
}

Tensor& yuv_to_rgb(Tensor& dst, const TensorList& src, const PixelInfo& pix_info,
                   ChannelFormat cformat, const ColorConvertOptions& options) {
  const int64_t n = batch_of(src, "yuv_to_rgb: src");
  FK_CHECK_ARG(batch_of(dst, "yuv_to_rgb: dst") == n, "yuv_to_rgb: dst and src batch sizes differ");
  for_each_item(n, [&](int64_t i) {
    const Frame in(items(src, i), pix_info);
    const ImageTensorView tv = tensor_view(item(dst, i), cformat);
    TensorConvertOptions opt = tensor_options(options);
    opt.channel_order = channel_order(tv.channels);
    convert_to_tensor(in.view(), tv, opt);
  });
  return dst;
}

Tensor& yuv_to_rgb(Tensor& dst, const TensorList& src, const PixelInfo& pix_info,
                   ChannelFormat cformat) {
  return yuv_to_rgb(dst, src, pix_info, cformat, ColorConvertOptions{});
}

Tensor yuv_to_rgb(const TensorList& src, const PixelInfo& pix_info, ChannelFormat cformat) {
  return yuv_to_rgb(src, pix_info, cformat, ColorConvertOptions{});
}

Tensor yuv_to_rgb(const TensorList& src, const PixelInfo& pix_info, ChannelFormat cformat,
                  const ColorConvertOptions& opt) {
  const int64_t n = batch_of(src, "yuv_to_rgb: src");
  const Frame first(items(src, n > 0 ? 0 : -1), pix_info);
  const int64_t w = first.width(), h = first.height();
  SizeArray shape = cformat == kNCHW ? SizeArray{3, h, w} : SizeArray{h, w, 3};
  if (n > 0) shape.insert(shape.begin(), n);
  const ScalarType dt = first.desc().dtype == kUInt8 ? kUInt8 : kUInt16;
  Tensor dst = Tensor::empty(shape, dt);
  return yuv_to_rgb(dst, src, pix_info, cformat, opt);
}

TensorList& yuv_to_yuv(TensorList& dst, const TensorList& src, const PixelInfo& dst_info,
                       const PixelInfo& src_info) {
  const int64_t n = batch_of(src, "yuv_to_yuv: src");
  FK_CHECK_ARG(batch_of(dst, "yuv_to_yuv: dst") == n, "yuv_to_yuv: dst and src batch sizes differ");
  for_each_item(n, [&](int64_t i) {
    const Frame in(items(src, i), src_info);
    const Frame out(items(dst, i), dst_info);
    convert_color(in.view(), out.view());
  });
  return dst;
}

TensorList yuv_to_yuv(const TensorList& src, const PixelInfo& dst_info, const PixelInfo& src_info) {
  const int64_t n = batch_of(src, "yuv_to_yuv: src");
  const Frame first(items(src, n > 0 ? 0 : -1), src_info);
  TensorList dst = alloc_planes(dst_info, first.width(), first.height(), n);
  return yuv_to_yuv(dst, src, dst_info, src_info);
}

Tensor& normalize(Tensor& dst, const Tensor& src, const Tensor& mean, const Tensor& std,
                  ChannelFormat cformat) {
  const int64_t n = batch_of(src, "normalize: src");
  FK_CHECK_ARG(batch_of(dst, "normalize: dst") == n && dst.shape() == src.shape(),
               "normalize: dst shape ", dst.repr(), " differs from src ", src.repr());
  const int64_t channels = src.size(cformat == kNCHW ? (n > 0 ? 1 : 0) : -1);
  auto values = [&](const Tensor& t, const char* what) {
    FK_CHECK_ARG(t.defined() && (t.numel() == channels || t.numel() == 1), "normalize: ", what,
                 " has ", t.defined() ? t.numel() : 0, " values (expected ", channels, " or 1)");
    const Tensor f = t.to(kFloat32).contiguous();
    std::vector<float> v(f.data<float>(), f.data<float>() + f.numel());
    v.resize(static_cast<size_t>(channels), v[0]);
    return v;
  };
  const std::vector<float> m = values(mean, "mean"), s = values(std, "std");
  for (float x : s) FK_CHECK_ARG(x != 0.0F, "normalize: std has a zero");
  for_each_item(n, [&](int64_t i) {
    const ImageTensorView in = tensor_view(item(src, i), cformat);
    const ImageTensorView out = tensor_view(item(dst, i), cformat);
    const int64_t rows = static_cast<int64_t>(in.channels) * in.height;
    parallel_for(
        0, rows, std::max<int64_t>(1, 65536 / std::max(1, in.width)), [&](int64_t r0, int64_t r1) {
          for (int64_t r = r0; r < r1; ++r) {
            const int c = static_cast<int>(r / in.height), y = static_cast<int>(r % in.height);
            const auto* ip =
                static_cast<const uint8_t*>(in.data) +
                (c * in.stride_c + y * in.stride_h) * static_cast<int64_t>(in.element_size());
            auto* op =
                static_cast<uint8_t*>(out.data) +
                (c * out.stride_c + y * out.stride_h) * static_cast<int64_t>(out.element_size());
            for (int x = 0; x < in.width; ++x) {
              const float v = color_detail::load_tensor_value(
                  in.dtype, ip + x * in.stride_w * in.element_size());
              color_detail::store_tensor_value(
                  out.dtype, op + x * out.stride_w * out.element_size(), (v - m[c]) / s[c]);
            }
          }
        });
  });
  return dst;
}

Tensor normalize(const Tensor& src, const std::vector<float>& mean, const std::vector<float>& std,
                 ChannelFormat cformat) {
  batch_of(src, "normalize: src");
  Tensor dst = Tensor::empty(src.shape(), kFloat32);
  auto as_tensor = [](const std::vector<float>& v) {
    Tensor t = Tensor::empty({static_cast<int64_t>(v.size())}, kFloat32);
    std::copy(v.begin(), v.end(), t.data<float>());
    return t;
  };
  FK_CHECK_ARG(!mean.empty() && !std.empty(), "normalize: mean and std must not be empty");
  return normalize(dst, src, as_tensor(mean), as_tensor(std), cformat);
}

Tensor normalize(const Tensor& src, const Tensor& mean, const Tensor& std, ChannelFormat cformat) {
  batch_of(src, "normalize: src");
  Tensor dst = Tensor::empty(src.shape(), kFloat32);
  return normalize(dst, src, mean, std, cformat);
}

Tensor to_tensor(const Frame& src, ChannelFormat cformat, ScalarType dtype,
                 const TensorConvertOptions& opt) {
  FK_CHECK_ARG(src.defined(), "to_tensor: frame is undefined");
  const int c =
      opt.channel_order == PF_GRAY8 ? 1 : pixel_format_desc(opt.channel_order).planes[0].channels;
  const int64_t h = src.height(), w = src.width();
  Tensor out = Tensor::empty(cformat == kNCHW ? SizeArray{c, h, w} : SizeArray{h, w, c}, dtype);
  convert_to_tensor(src.view(), tensor_view(out, cformat), opt);
  return out;
}

Frame from_tensor(const Tensor& src, const PixelInfo& info, ChannelFormat cformat,
                  const TensorConvertOptions& opt) {
  FK_CHECK_ARG(batch_of(src, "from_tensor: src") == 0, "from_tensor: src must be one image (3-D)");
  const ImageTensorView tv = tensor_view(src, cformat);
  Frame out(tv.width, tv.height, info);
  convert_from_tensor(tv, out.view(), opt);
  return out;
}

}  // namespace framekit::img
