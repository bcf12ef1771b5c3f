// framekit.img: the seed's bmf.hml.hmp.img functions (rgb_to_yuv, yuv_to_rgb,
// yuv_to_yuv, resize, rotate, mirror, crop, normalize and the yuv_* plane-list forms)
// plus Frame-level helpers and the frame → model-input tensor path. Tensor arguments
// take framekit tensors, NumPy arrays or any DLPack object, without copying; in-place
// forms write into the given destination's memory.
#include <pybind11/stl.h>

#include <optional>

#include "common.h"
#include "framekit/color/color.h"
#include "framekit/color/reformat.h"
#include "framekit/geometry/geometry.h"

namespace framekit::py_bind {
namespace {

TensorList plane_list(py::handle obj) {
  FK_CHECK(py::isinstance<py::list>(obj) || py::isinstance<py::tuple>(obj) ||
               py::hasattr(obj, "__iter__"),
           ErrorCode::kTypeMismatch, "expected a list of plane tensors");
  TensorList planes;
  for (const auto item : obj) planes.push_back(as_tensor(item));
  return planes;
}

// Python enums take any int (mp.ChannelFormat(99)); some kernels would read such a
// value as NHWC without a word.
ChannelFormat checked(ChannelFormat cf) {
  FK_CHECK_ARG(cf == kNCHW || cf == kNHWC, "img: channel format ", static_cast<int>(cf),
               " (expected kNCHW or kNHWC)");
  return cf;
}

// BMF spells the channel-format keyword `format` on resize/rotate/mirror/normalize and
// `cformat` on the color functions; each function takes both names (the other as a
// keyword-only alias), so code written for either keeps working.
using OptFormat = std::optional<ChannelFormat>;
ChannelFormat format_of(const OptFormat& format, const OptFormat& alias, ChannelFormat fallback) {
  FK_CHECK_ARG(!(format && alias), "img: the channel format is given twice (format= and cformat=)");
  return checked(format ? *format : alias ? *alias : fallback);
}

ColorConvertOptions color_options(ChromaUpsample chroma, Rounding rounding) {
  ColorConvertOptions o;
  o.chroma_upsample = chroma;
  o.rounding = rounding;
  return o;
}

// Runs f with the GIL released: conversions of large frames take milliseconds.
template <typename F>
auto nogil(F&& f) {
  py::gil_scoped_release release;
  return f();
}

}  // namespace

void bind_img(py::module_& m) {
  py::enum_<ChannelFormat>(m, "ChannelFormat")
      .value("kNCHW", kNCHW)
      .value("kNHWC", kNHWC)
      .export_values();
  py::enum_<ResizeMode>(m, "ImageFilterMode", "Resize filters (half-pixel centres)")
      .value("kNearest", ResizeMode::kNearest)
      .value("kBilinear", ResizeMode::kBilinear)
      .value("kBicubic", ResizeMode::kBicubic)
      .value("kArea", ResizeMode::kArea)
      .value("kLanczos3", ResizeMode::kLanczos3)
      .value("kBilinearAA", ResizeMode::kBilinearAA)
      .value("kBicubicAA", ResizeMode::kBicubicAA)
      .value("kNearestFloor", ResizeMode::kNearestFloor);
  py::enum_<RotationMode>(m, "ImageRotationMode", "Clockwise rotations")
      .value("kRotate0", RotationMode::k0)
      .value("kRotate90", RotationMode::k90)
      .value("kRotate180", RotationMode::k180)
      .value("kRotate270", RotationMode::k270);
  py::enum_<MirrorAxis>(m, "ImageAxis")
      .value("kHorizontal", MirrorAxis::kHorizontal)
      .value("kVertical", MirrorAxis::kVertical)
      .value("kHorizontalAndVertical", MirrorAxis::kBoth);

  py::module_ img = m.def_submodule("img", "Color conversion and geometry (the seed's hmp.img)");
  const auto pix = [](py::handle h) { return to_pixel_info(h); };
  // Each function's allocating form is defined before its in-place (dst-first) form:
  // pybind11 tries overloads in order, and the allocating form's typed arguments
  // (sizes, modes, a channel format in last place) reject in-place calls.

  img.def(
      "rgb_to_yuv",
      [pix](const TensorLike& src, const PixelInfoLike& info, const OptFormat& cf,
            const OptFormat& format, Rounding rounding) {
        const Tensor s = as_tensor(src);
        const PixelInfo pi = pix(info);
        const ChannelFormat f = format_of(cf, format, kNHWC);
        const ColorConvertOptions o = color_options(ChromaUpsample::kBilinear, rounding);
        return make_tensor_list(nogil([&] { return img::rgb_to_yuv(s, pi, f, o); }));
      },
      py::arg("src"), py::arg("pix_info"), py::arg("cformat") = py::none(), py::kw_only(),
      py::arg("format") = py::none(), py::arg("rounding") = Rounding::kNearest,
      "RGB(A) tensor → new YUV planes of pix_info (cformat defaults to kNHWC)");
  img.def(
      "rgb_to_yuv",
      [pix](const PlaneList& dst, const TensorLike& src, const PixelInfoLike& info,
            const OptFormat& cf, const OptFormat& format, Rounding rounding) {
        TensorList planes = plane_list(dst);
        const Tensor s = as_tensor(src);
        const PixelInfo pi = pix(info);
        const ChannelFormat f = format_of(cf, format, kNHWC);
        const ColorConvertOptions o = color_options(ChromaUpsample::kBilinear, rounding);
        nogil([&] { return img::rgb_to_yuv(planes, s, pi, f, o); });
        return dst;
      },
      py::arg("dst"), py::arg("src"), py::arg("pix_info"), py::arg("cformat") = py::none(),
      py::kw_only(), py::arg("format") = py::none(), py::arg("rounding") = Rounding::kNearest,
      "RGB(A) tensor → the YUV planes `dst` of pix_info, in place; returns dst");
  img.def(
      "yuv_to_rgb",
      [pix](const PlaneList& src, const PixelInfoLike& info, const OptFormat& cf,
            const OptFormat& format, ChromaUpsample chroma, Rounding rounding) {
        const TensorList planes = plane_list(src);
        const PixelInfo pi = pix(info);
        const ChannelFormat f = format_of(cf, format, kNHWC);
        const ColorConvertOptions o = color_options(chroma, rounding);
        return nogil([&] { return img::yuv_to_rgb(planes, pi, f, o); });
      },
      py::arg("src"), py::arg("pix_info"), py::arg("cformat") = py::none(), py::kw_only(),
      py::arg("format") = py::none(), py::arg("chroma_upsample") = ChromaUpsample::kBilinear,
      py::arg("rounding") = Rounding::kNearest,
      "YUV planes of pix_info → a new RGB tensor (cformat defaults to kNHWC); "
      "chroma_upsample=kNearest, rounding=kTruncate give BMF's numbers");
  img.def(
      "yuv_to_rgb",
      [pix](const TensorLike& dst, const PlaneList& src, const PixelInfoLike& info,
            const OptFormat& cf, const OptFormat& format, ChromaUpsample chroma,
            Rounding rounding) {
        Tensor d = as_tensor(dst);
        const TensorList planes = plane_list(src);
        const PixelInfo pi = pix(info);
        const ChannelFormat f = format_of(cf, format, kNHWC);
        const ColorConvertOptions o = color_options(chroma, rounding);
        nogil([&] { return img::yuv_to_rgb(d, planes, pi, f, o); });
        return dst;
      },
      py::arg("dst"), py::arg("src"), py::arg("pix_info"), py::arg("cformat") = py::none(),
      py::kw_only(), py::arg("format") = py::none(),
      py::arg("chroma_upsample") = ChromaUpsample::kBilinear,
      py::arg("rounding") = Rounding::kNearest,
      "YUV planes of pix_info → the RGB(A) tensor `dst`, in place; returns dst");
  img.def(
      "yuv_to_yuv",
      [pix](const PlaneList& dst, const PlaneList& src, const PixelInfoLike& dst_info,
            const PixelInfoLike& src_info) {
        TensorList d = plane_list(dst);
        const TensorList s = plane_list(src);
        const PixelInfo di = pix(dst_info), si = pix(src_info);
        nogil([&] { return img::yuv_to_yuv(d, s, di, si); });
        return dst;
      },
      py::arg("dst"), py::arg("src"), py::arg("dst_pix_info"), py::arg("src_pix_info"));
  img.def(
      "resize",
      [](const TensorLike& src, int width, int height, ResizeMode mode, const OptFormat& format,
         const OptFormat& cf) {
        const Tensor s = as_tensor(src);
        const ChannelFormat f = format_of(format, cf, kNCHW);
        return nogil([&] { return img::resize(s, width, height, mode, f); });
      },
      py::arg("src"), py::arg("width"), py::arg("height"), py::arg("mode") = ResizeMode::kBilinear,
      py::arg("format") = py::none(), py::kw_only(), py::arg("cformat") = py::none(),
      "A new tensor of src resized to width x height (format defaults to kNCHW)");
  img.def(
      "resize",
      [](const TensorLike& dst, const TensorLike& src, ResizeMode mode, const OptFormat& format,
         const OptFormat& cf) {
        Tensor d = as_tensor(dst);
        const Tensor s = as_tensor(src);
        const ChannelFormat f = format_of(format, cf, kNCHW);
        nogil([&] { return img::resize(d, s, mode, f); });
        return dst;
      },
      py::arg("dst"), py::arg("src"), py::arg("mode") = ResizeMode::kBilinear,
      py::arg("format") = py::none(), py::kw_only(), py::arg("cformat") = py::none());
  img.def(
      "rotate",
      [](const TensorLike& src, RotationMode mode, const OptFormat& format, const OptFormat& cf) {
        const Tensor s = as_tensor(src);
        const ChannelFormat f = format_of(format, cf, kNCHW);
        return nogil([&] { return img::rotate(s, mode, f); });
      },
      py::arg("src"), py::arg("mode"), py::arg("format") = py::none(), py::kw_only(),
      py::arg("cformat") = py::none());
  img.def(
      "rotate",
      [](const TensorLike& dst, const TensorLike& src, RotationMode mode, const OptFormat& format,
         const OptFormat& cf) {
        Tensor d = as_tensor(dst);
        const Tensor s = as_tensor(src);
        const ChannelFormat f = format_of(format, cf, kNCHW);
        nogil([&] { return img::rotate(d, s, mode, f); });
        return dst;
      },
      py::arg("dst"), py::arg("src"), py::arg("mode"), py::arg("format") = py::none(),
      py::kw_only(), py::arg("cformat") = py::none());
  img.def(
      "mirror",
      [](const TensorLike& src, MirrorAxis axis, const OptFormat& format, const OptFormat& cf) {
        const Tensor s = as_tensor(src);
        const ChannelFormat f = format_of(format, cf, kNCHW);
        return nogil([&] { return img::mirror(s, axis, f); });
      },
      py::arg("src"), py::arg("axis"), py::arg("format") = py::none(), py::kw_only(),
      py::arg("cformat") = py::none());
  img.def(
      "mirror",
      [](const TensorLike& dst, const TensorLike& src, MirrorAxis axis, const OptFormat& format,
         const OptFormat& cf) {
        Tensor d = as_tensor(dst);
        const Tensor s = as_tensor(src);
        const ChannelFormat f = format_of(format, cf, kNCHW);
        nogil([&] { return img::mirror(d, s, axis, f); });
        return dst;
      },
      py::arg("dst"), py::arg("src"), py::arg("axis"), py::arg("format") = py::none(),
      py::kw_only(), py::arg("cformat") = py::none());
  img.def(
      "crop",
      [](const TensorLike& src, int left, int top, int width, int height, const OptFormat& format,
         const OptFormat& cf) {
        return img::crop(as_tensor(src), left, top, width, height, format_of(format, cf, kNCHW));
      },
      py::arg("src"), py::arg("left"), py::arg("top"), py::arg("width"), py::arg("height"),
      py::arg("format") = py::none(), py::kw_only(), py::arg("cformat") = py::none(),
      "A view (no copy) of the rectangle");
  img.def(
      "normalize",
      [](const TensorLike& src, const std::vector<float>& mean, const std::vector<float>& std,
         const OptFormat& format, const OptFormat& cf) {
        const Tensor s = as_tensor(src);
        const ChannelFormat f = format_of(format, cf, kNHWC);
        return nogil([&] { return img::normalize(s, mean, std, f); });
      },
      py::arg("src"), py::arg("mean"), py::arg("std"), py::arg("format") = py::none(),
      py::kw_only(), py::arg("cformat") = py::none(),
      "(src - mean[c]) / std[c] into a new float32 tensor (format defaults to kNHWC)");
  img.def(
      "normalize",
      [](const TensorLike& src, const TensorLike& mean, const TensorLike& std,
         const OptFormat& format, const OptFormat& cf) {
        const Tensor s = as_tensor(src), mn = as_tensor(mean), sd = as_tensor(std);
        const ChannelFormat f = format_of(format, cf, kNHWC);
        return nogil([&] { return img::normalize(s, mn, sd, f); });
      },
      py::arg("src"), py::arg("mean"), py::arg("std"), py::arg("format") = py::none(),
      py::kw_only(), py::arg("cformat") = py::none(),
      "The same with mean and std as tensors of C values (BMF's form)");
  img.def(
      "normalize",
      [](const TensorLike& dst, const TensorLike& src, const TensorLike& mean,
         const TensorLike& std, const OptFormat& format, const OptFormat& cf) {
        Tensor d = as_tensor(dst);
        const Tensor s = as_tensor(src), mn = as_tensor(mean), sd = as_tensor(std);
        const ChannelFormat f = format_of(format, cf, kNHWC);
        nogil([&] { return img::normalize(d, s, mn, sd, f); });
        return dst;
      },
      py::arg("dst"), py::arg("src"), py::arg("mean"), py::arg("std"),
      py::arg("format") = py::none(), py::kw_only(), py::arg("cformat") = py::none());
  img.def(
      "yuv_resize",
      [pix](const PlaneList& dst, const PlaneList& src, const PixelInfoLike& info,
            ResizeMode mode) {
        TensorList d = plane_list(dst);
        const TensorList s = plane_list(src);
        const PixelInfo pi = pix(info);
        nogil([&] { return img::yuv_resize(d, s, pi, mode); });
        return dst;
      },
      py::arg("dst"), py::arg("src"), py::arg("pix_info"), py::arg("mode") = ResizeMode::kBilinear);
  img.def(
      "yuv_rotate",
      [pix](const PlaneList& dst, const PlaneList& src, const PixelInfoLike& info,
            RotationMode mode) {
        TensorList d = plane_list(dst);
        const TensorList s = plane_list(src);
        const PixelInfo pi = pix(info);
        nogil([&] { return img::yuv_rotate(d, s, pi, mode); });
        return dst;
      },
      py::arg("dst"), py::arg("src"), py::arg("pix_info"), py::arg("mode"));
  img.def(
      "yuv_mirror",
      [pix](const PlaneList& dst, const PlaneList& src, const PixelInfoLike& info,
            MirrorAxis axis) {
        TensorList d = plane_list(dst);
        const TensorList s = plane_list(src);
        const PixelInfo pi = pix(info);
        nogil([&] { return img::yuv_mirror(d, s, pi, axis); });
        return dst;
      },
      py::arg("dst"), py::arg("src"), py::arg("pix_info"), py::arg("axis"));

  // Frame.reformat / VideoFrame.reformat with the conversion's options: second
  // overloads, defined here where the option enums are bound (the plain forms are
  // bound with their classes).
  auto frame_cls = py::reinterpret_borrow<py::class_<Frame>>(m.attr("Frame"));
  frame_cls.def(
      "reformat",
      [](const Frame& f, const PixelInfoLike& info, ChromaUpsample chroma, Rounding rounding) {
        const PixelInfo pix = to_pixel_info(info);
        const ColorConvertOptions o = color_options(chroma, rounding);
        return without_gil(f, [&](const Frame& v) { return framekit::reformat(v, pix, o); });
      },
      py::arg("pix_info"), py::kw_only(), py::arg("chroma_upsample") = ChromaUpsample::kBilinear,
      py::arg("rounding") = Rounding::kNearest,
      "A copy converted to another PixelInfo, with chroma_upsample=kNearest and/or "
      "rounding=kTruncate for BMF's numbers");
  auto video_frame_cls = py::reinterpret_borrow<py::class_<VideoFrame>>(m.attr("VideoFrame"));
  video_frame_cls.def(
      "reformat",
      [](const VideoFrame& vf, const PixelInfoLike& info, ChromaUpsample chroma,
         Rounding rounding) {
        const PixelInfo pix = to_pixel_info(info);
        const ColorConvertOptions o = color_options(chroma, rounding);
        return without_gil(vf, [&](const VideoFrame& v) { return framekit::reformat(v, pix, o); });
      },
      py::arg("pix_info"), py::kw_only(), py::arg("chroma_upsample") = ChromaUpsample::kBilinear,
      py::arg("rounding") = Rounding::kNearest);

  // Frame-level helpers: whole frames in, new frames out.
  img.def(
      "resize_frame",
      [](const Frame& f, int width, int height, ResizeMode mode) {
        return without_gil(f, [&](const Frame& v) { return resize(v, width, height, mode); });
      },
      py::arg("frame"), py::arg("width"), py::arg("height"),
      py::arg("mode") = ResizeMode::kBilinear);
  img.def(
      "rotate_frame",
      [](const Frame& f, RotationMode mode) {
        return without_gil(f, [&](const Frame& v) { return rotate(v, mode); });
      },
      py::arg("frame"), py::arg("mode"));
  img.def(
      "mirror_frame",
      [](const Frame& f, MirrorAxis axis) {
        return without_gil(f, [&](const Frame& v) { return mirror(v, axis); });
      },
      py::arg("frame"), py::arg("axis"));
  img.def(
      "to_tensor",
      [](const Frame& f, ChannelFormat cf, const DTypeLike& dtype, const std::vector<float>& mean,
         const std::vector<float>& std, float scale, const PixelFormatLike& channel_order) {
        TensorConvertOptions opt;
        opt.channel_order = to_pixel_format(channel_order);
        FK_CHECK_ARG(mean.size() <= 4 && std.size() <= 4, "to_tensor: mean/std take at most 4 ",
                     "values, got ", mean.size(), "/", std.size());
        for (size_t i = 0; i < mean.size(); ++i) opt.normalize.mean[i] = mean[i];
        for (size_t i = 0; i < std.size(); ++i) opt.normalize.std[i] = std[i];
        opt.normalize.scale = scale;
        const ScalarType t = to_scalar_type(dtype);
        return without_gil(f,
                           [&](const Frame& v) { return img::to_tensor(v, checked(cf), t, opt); });
      },
      py::arg("frame"), py::arg("cformat") = kNCHW, py::arg("dtype") = "float32",
      py::arg("mean") = std::vector<float>{}, py::arg("std") = std::vector<float>{},
      py::arg("scale") = 0.0F, py::arg("channel_order") = "rgb24",
      "Frame → model input tensor in one pass: color conversion, layout, dtype and "
      "(v * scale - mean[c]) / std[c] with v in [0, 1]; scale 0 means the dtype's natural "
      "scale (255 for uint8, 1 for float), so torchvision's mean/std work as they are");
}

}  // namespace framekit::py_bind
