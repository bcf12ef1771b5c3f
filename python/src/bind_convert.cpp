// mp.MediaType, mp.MediaDesc and mp.convert (alias bmf_convert), in the shape of BMF's
// Python API: `md = mp.MediaDesc(); md.width(1920).pixel_format(mp.kPF_RGB24)`,
// `md.width()` reads a field. With MediaType.kTensor the converted VideoFrame carries
// an image tensor: vf.private_get(np.ndarray) is a zero-copy HWC array,
// vf.private_get(torch.Tensor) a zero-copy torch tensor (DLPack), and
// vf.private_attach(array_or_tensor) hands one back for convert(src_desc=kTensor).
// kATTensor means the same here (torch tensors travel through DLPack, so the Python
// package needs no libtorch C++ library).
#include <pybind11/stl.h>

#include "common.h"
#include "framekit/convert/convert.h"
#include "framekit/core/error.h"

namespace framekit::py_bind {

using namespace pybind11::literals;

namespace {

// A field accessor with BMF's calling convention: md.width(1920) sets and returns md,
// md.width() returns the value (raising ValueError when unset). Two overloads, so that
// the stubs tell the getter's type from the setter's (which returns md for chaining);
// value=None still reads the field, as before.
template <typename T, typename Arg, typename Conv>
void def_field(py::class_<MediaDesc>& cls, const char* name, MediaDesc::Field<T> MediaDesc::*field,
               Conv conv) {
  const std::string doc = std::string(
      "With a value: sets the field and returns this MediaDesc. "
      "Without: returns the field's value.");
  cls.def(
      name, [field](const MediaDesc& d) -> T { return (d.*field)(); }, doc.c_str());
  cls.def(
      name,
      [field, conv](const Obj<MediaDesc>& self, const Arg& value) -> Obj<MediaDesc> {
        MediaDesc& d = self.cast<MediaDesc&>();
        // md.width(None) reads, as md.width() does (the stubs do not offer it).
        if (value.is_none()) return Obj<MediaDesc>(py::cast((d.*field)()));
        (d.*field)(conv(value));
        return self;
      },
      "value"_a, doc.c_str());
}

// Field names for has_value()/reset().
template <typename Fn>
void with_field(MediaDesc& d, const std::string& name, Fn fn) {
  if (name == "width") return fn(d.width);
  if (name == "height") return fn(d.height);
  if (name == "pixel_format") return fn(d.pixel_format);
  if (name == "color_space") return fn(d.color_space);
  if (name == "color_range") return fn(d.color_range);
  if (name == "pixel_info") return fn(d.pixel_info);
  if (name == "device") return fn(d.device);
  if (name == "media_type") return fn(d.media_type);
  FK_THROW(ErrorCode::kInvalidArgument, "MediaDesc has no field '", name,
           "' (width, height, pixel_format, color_space, color_range, pixel_info, device, "
           "media_type)");
}

// In Python, torch tensors are framekit tensors through DLPack: kATTensor is kTensor
// unless a C++ at::Tensor convertor was loaded into the process.
MediaDesc for_python(const MediaDesc& d) {
  MediaDesc out = d;
  if (d.media_type.has_value() && d.media_type() == MediaType::kATTensor &&
      !has_convertor(MediaType::kATTensor)) {
    out.media_type(MediaType::kTensor);
  }
  return out;
}

MediaType to_media_type(py::handle obj) {
  if (py::isinstance<MediaType>(obj)) return obj.cast<MediaType>();
  FK_THROW(ErrorCode::kTypeMismatch, "expected a framekit.MediaType, got ",
           std::string(py::str(py::type::of(obj).attr("__name__"))));
}

int to_dimension(py::handle obj) {
  return to_int_size(to_int64(obj, "MediaDesc size"), "MediaDesc size");
}

bool is_type(py::handle type, const char* module, const char* name) {
  if (!py::isinstance<py::type>(type)) return false;
  return py::str(type.attr("__module__")).cast<std::string>() == module &&
         py::str(type.attr("__name__")).cast<std::string>() == name;
}

}  // namespace

void bind_convert(py::module_& m) {
  // The color options (used by convert here and by img / reformat).
  py::enum_<ChromaUpsample>(m, "ChromaUpsample",
                            "How YUV -> RGB fills the pixels between chroma samples")
      .value("kBilinear", ChromaUpsample::kBilinear)
      .value("kNearest", ChromaUpsample::kNearest);
  py::enum_<Rounding>(m, "Rounding", "How color conversions turn results into integer codes")
      .value("kNearest", Rounding::kNearest)
      .value("kTruncate", Rounding::kTruncate);

  py::enum_<MediaType>(m, "MediaType", "What convert() hands a frame over as.")
      .value("kVideoFrame", MediaType::kVideoFrame)
      .value("kBMFVideoFrame", MediaType::kBMFVideoFrame)
      .value("kAVFrame", MediaType::kAVFrame)
      .value("kCVMat", MediaType::kCVMat)
      .value("kATTensor", MediaType::kATTensor)
      .value("kTensor", MediaType::kTensor);

  py::class_<MediaDesc> md(m, "MediaDesc",
                           "What a frame is or should become: optional width, height, "
                           "pixel_format, color_space, color_range, pixel_info, device, "
                           "media_type. Setters chain: md.width(1920).pixel_format(mp.kPF_NV12).");
  {
    // pybind11 writes py::kwargs as a bare "**kwargs": the docstring gives stubgen the
    // fields and their types instead (the names of typing.h; error messages still show
    // pybind11's own signature).
    py::options options;
    options.disable_function_signatures();
    md.def(
        py::init([](py::kwargs kw) {
          MediaDesc d;
          py::object self = py::cast(d);
          for (auto [k, v] : kw) {
            const std::string name = py::str(k);
            bool known = false;  // only the fields, not other attributes such as has_value
            try {
              with_field(d, name, [&](auto&) { known = true; });
            } catch (const Error&) {
            }
            FK_CHECK_ARG(known, "MediaDesc: unknown field '", name,
                         "' (width, height, pixel_format, color_space, color_range, pixel_info, "
                         "device, media_type)");
            self.attr(k)(v);
          }
          return self.cast<MediaDesc>();
        }),
        "__init__(self: framekit._framekit.MediaDesc, *, width: typing.SupportsIndex = None, "
        "height: typing.SupportsIndex = None, "
        "pixel_format: typing.Union[framekit._framekit.PixelFormat, str] = None, "
        "color_space: typing.Union[framekit._framekit.ColorSpace, str] = None, "
        "color_range: typing.Union[framekit._framekit.ColorRange, str] = None, "
        "pixel_info: typing.Union[framekit._framekit.PixelInfo, framekit._framekit.PixelFormat, "
        "str] = None, device: typing.Union[framekit._framekit.Device, str, "
        "framekit._framekit.DeviceType] = None, media_type: framekit._framekit.MediaType = None) "
        "-> None\n\nMediaDesc(width=…, pixel_format=…, …) sets fields by keyword.");
  }
  def_field<int, IntLike>(md, "width", &MediaDesc::width, to_dimension);
  def_field<int, IntLike>(md, "height", &MediaDesc::height, to_dimension);
  def_field<PixelFormat, PixelFormatLike>(md, "pixel_format", &MediaDesc::pixel_format,
                                          [](py::handle v) { return to_pixel_format(v); });
  def_field<ColorSpace, ColorSpaceLike>(md, "color_space", &MediaDesc::color_space,
                                        [](py::handle v) { return to_color_space(v); });
  def_field<ColorRange, ColorRangeLike>(md, "color_range", &MediaDesc::color_range,
                                        [](py::handle v) { return to_color_range(v); });
  def_field<PixelInfo, PixelInfoLike>(md, "pixel_info", &MediaDesc::pixel_info,
                                      [](py::handle v) { return to_pixel_info(v); });
  def_field<Device, DeviceLike>(md, "device", &MediaDesc::device,
                                [](py::handle v) { return to_device(v); });
  def_field<MediaType, MediaTypeArg>(md, "media_type", &MediaDesc::media_type, to_media_type);
  md.def(
        "has_value",
        [](MediaDesc& d, const std::string& field) {
          bool has = false;
          with_field(d, field, [&](auto& f) { has = f.has_value(); });
          return has;
        },
        "field"_a)
      .def(
          "reset",
          [](const Obj<MediaDesc>& self, const std::string& field) {
            with_field(self.cast<MediaDesc&>(), field, [](auto& f) { f.reset(); });
            return self;
          },
          "field"_a)
      .def("__copy__", [](const MediaDesc& d) { return MediaDesc(d); })
      .def("__repr__", [](const MediaDesc& d) { return "MediaDesc" + d.str(); });

  m.def(
      "convert",
      [](const VideoFrame& vf, const MediaDesc& src, const MediaDesc& dst, ChromaUpsample chroma,
         Rounding rounding) {
        const MediaDesc s = for_python(src), d = for_python(dst);
        ColorConvertOptions o;
        o.chroma_upsample = chroma;
        o.rounding = rounding;
        return without_gil(vf, [&](const VideoFrame& v) { return convert(v, s, d, o); });
      },
      "src_vf"_a, "src_desc"_a = MediaDesc(), "dst_desc"_a = MediaDesc(), py::kw_only(),
      "chroma_upsample"_a = ChromaUpsample::kBilinear, "rounding"_a = Rounding::kNearest,
      "Scales, color-converts, moves and hands over a VideoFrame (see MediaDesc); "
      "chroma_upsample=kNearest and rounding=kTruncate give BMF's numbers.");
  // The same function object under the seed's name (stubgen cannot read its signature,
  // whose name is convert: the stub for bmf_convert is written by python/gen_stubs.py).
  m.attr("bmf_convert") = m.attr("convert");

  // VideoFrame.private_attach / private_get for image tensors (NumPy, torch, framekit).
  auto vf = py::reinterpret_borrow<py::class_<VideoFrame>>(m.attr("VideoFrame"));
  vf.def(
        "private_attach",
        [](VideoFrame& self, const OptionalTensorLike& obj) {
          if (obj.is_none()) {
            self.private_attach(std::shared_ptr<Tensor>());
            return;
          }
          self.private_attach(std::make_shared<Tensor>(as_tensor(obj)));
        },
        "obj"_a,
        "Attaches an image tensor (numpy array, torch tensor or framekit Tensor, shared "
        "without a copy) for convert(src_desc=MediaDesc().media_type(MediaType.kTensor)).")
      .def(
          "private_get",
          [](const VideoFrame& self, const OptionalType& type) -> PrivateTensor {
            const Tensor* t = self.private_get<Tensor>();
            if (!t) return PrivateTensor(py::none());
            py::object tensor = py::cast(*t);
            if (is_type(type, "numpy", "ndarray"))
              return PrivateTensor(tensor_to_numpy(*t, tensor));
            if (is_type(type, "torch", "Tensor")) {
              return PrivateTensor(py::module_::import("torch").attr("from_dlpack")(tensor));
            }
            if (type.is(py::type::of<Tensor>()) || type.is_none()) return PrivateTensor(tensor);
            FK_THROW(ErrorCode::kTypeMismatch,
                     "private_get: the attachment is an image tensor; ask for numpy.ndarray, "
                     "torch.Tensor or framekit.Tensor, not ",
                     std::string(py::repr(type)));
          },
          "type"_a = py::none(),
          "The attached image tensor as `type` (numpy.ndarray, torch.Tensor or "
          "framekit.Tensor; zero-copy), or None.");
}

}  // namespace framekit::py_bind
