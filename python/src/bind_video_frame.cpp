// mp.VideoFrame: a Frame plus pts, time base, duration and string metadata, in the shape
// of BMF's binding: width, height, device and dtype are properties, vf.frame() a method;
// timing is exposed as properties (vf.pts, vf.time_base, vf.duration) with set_* methods
// for BMF-style code; private_attach(dict)/private_get(dict) keep a JSON document, as
// BMF's JsonParam does.
#include <pybind11/stl.h>

#include <string>

#include "common.h"
#include "framekit/color/reformat.h"
#include "framekit/core/error.h"
#include "framekit/frame/video_frame.h"

namespace framekit::py_bind {
namespace video_frame_args {

inline bool is_dict(PyObject* obj) {
  return PyDict_Check(obj) != 0;
}
inline bool is_dict_type(PyObject* obj) {
  return obj == reinterpret_cast<PyObject*>(&PyDict_Type);
}
inline bool any_object(PyObject* /*obj*/) {
  return true;
}

}  // namespace video_frame_args

// Arguments that match only a dict / only the type `dict`, so that overload resolution
// passes every other argument on to the tensor overloads of the same method.
struct JsonDict : py::object {
  PYBIND11_OBJECT_DEFAULT(JsonDict, py::object, video_frame_args::is_dict)
};
struct DictType : py::object {
  PYBIND11_OBJECT_DEFAULT(DictType, py::object, video_frame_args::is_dict_type)
};
struct OptionalDict : py::object {
  PYBIND11_OBJECT_DEFAULT(OptionalDict, py::object, video_frame_args::any_object)
};

}  // namespace framekit::py_bind

namespace pybind11::detail {
template <>
struct handle_type_name<framekit::py_bind::JsonDict> {
  static constexpr auto name = const_name("typing.Dict[str, typing.Any]");
};
template <>
struct handle_type_name<framekit::py_bind::DictType> {
  static constexpr auto name = const_name("typing.Type[dict]");
};
template <>
struct handle_type_name<framekit::py_bind::OptionalDict> {
  static constexpr auto name = const_name("typing.Optional[typing.Dict[str, typing.Any]]");
};
}  // namespace pybind11::detail

namespace framekit::py_bind {

using namespace pybind11::literals;

namespace {

using MetadataMap = std::map<std::string, std::string>;

// A live, dict-like view of a VideoFrame's metadata; it keeps the VideoFrame alive.
struct MetadataView {
  py::object owner;
  MetadataMap& map() const { return owner.cast<VideoFrame&>().metadata(); }
};

std::string metadata_get(const MetadataView& v, const std::string& key) {
  const auto& map = v.map();
  const auto it = map.find(key);
  if (it == map.end()) throw py::key_error(key);
  return it->second;
}

OptionalInt optional_pts(int64_t pts) {
  return pts == kNoPts ? OptionalInt(py::none()) : OptionalInt(py::int_(pts));
}

int64_t pts_from(py::handle value) {
  return value.is_none() ? kNoPts : to_int64(value, "pts");
}

// Metadata is str → str, as in BMF; `vf.metadata["fps"] = 30` is refused with the key
// named rather than with pybind11's overload listing.
std::string metadata_str(py::handle obj, const char* what, const std::string& key) {
  FK_CHECK(py::isinstance<py::str>(obj), ErrorCode::kTypeMismatch, "VideoFrame.metadata: ", what,
           key.empty() ? std::string() : " of '" + key + "'", " must be a str, got ",
           std::string(py::str(py::type::of(obj).attr("__name__"))), " (convert it with str())");
  Py_ssize_t size = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(obj.ptr(), &size);  // UnicodeEncodeError if lone
  if (utf8 == nullptr) throw py::error_already_set();            // surrogates
  return std::string(utf8, static_cast<size_t>(size));
}

// A dict, a VideoFrameMetadata view or any mapping of str → str.
MetadataMap metadata_from(py::handle obj) {
  if (py::isinstance<MetadataView>(obj)) return obj.cast<const MetadataView&>().map();
  FK_CHECK(py::hasattr(obj, "items"), ErrorCode::kTypeMismatch,
           "VideoFrame.metadata: expected a dict of str → str, got ",
           std::string(py::str(py::type::of(obj).attr("__name__"))));
  MetadataMap map;
  for (const auto item : obj.attr("items")()) {
    const py::tuple kv(py::reinterpret_borrow<py::object>(item));  // any (key, value) pair
    FK_CHECK(kv.size() == 2, ErrorCode::kTypeMismatch, "VideoFrame.metadata: items() gave ",
             std::string(py::repr(item)), ", not a (key, value) pair");
    const std::string key = metadata_str(kv[0], "key", "");
    map[key] = metadata_str(kv[1], "value", key);
  }
  return map;
}

// Fraction(num, den), a (num, den) tuple, or an int.
Rational rational_from(py::handle value) {
  int64_t num = 0, den = 1;
  if (py::isinstance<py::tuple>(value) || py::isinstance<py::list>(value)) {
    FK_CHECK_ARG(py::len(value) == 2, "time_base: expected (num, den), got ",
                 std::string(py::repr(value)));
    num = to_int64(value[py::int_(0)], "time_base numerator");
    den = to_int64(value[py::int_(1)], "time_base denominator");
  } else if (py::hasattr(value, "numerator") && py::hasattr(value, "denominator")) {
    num = to_int64(value.attr("numerator"), "time_base numerator");
    den = to_int64(value.attr("denominator"), "time_base denominator");
  } else {
    FK_THROW(ErrorCode::kTypeMismatch,
             "time_base: expected a Fraction or a (num, den) tuple, "
             "got ",
             std::string(py::str(py::type::of(value).attr("__name__"))));
  }
  return Rational{to_int_size(num, "time_base numerator"),
                  to_int_size(den, "time_base denominator")};
}

std::string video_frame_repr(const VideoFrame& vf) {
  std::string s = "VideoFrame(";
  if (vf.frame().defined()) {
    s += std::to_string(vf.width()) + "x" + std::to_string(vf.height()) + ", " +
         vf.frame().pix_info().str() + ", " + vf.device().str();
  } else {
    s += "no frame";
  }
  if (vf.pts() != kNoPts) s += ", pts=" + std::to_string(vf.pts());
  const Rational tb = vf.time_base();
  if (tb.num != 0) s += ", time_base=" + std::to_string(tb.num) + "/" + std::to_string(tb.den);
  return s + ")";
}

void bind_metadata_view(py::module_& m) {
  py::class_<MetadataView>(m, "VideoFrameMetadata",
                           "Live dict-like view of VideoFrame.metadata (str → str).")
      .def("__getitem__", &metadata_get, "key"_a)
      .def("__setitem__",
           [](const MetadataView& v, const StrArg& k, const StrArg& value) {
             const std::string key = metadata_str(k, "key", "");
             std::string text = metadata_str(value, "value", key);
             v.map()[key] = std::move(text);
           })
      .def("__delitem__",
           [](const MetadataView& v, const std::string& k) {
             if (v.map().erase(k) == 0) throw py::key_error(k);
           })
      .def("__contains__",
           [](const MetadataView& v, const py::object& k) {
             return py::isinstance<py::str>(k) && v.map().count(k.cast<std::string>()) > 0;
           })
      .def("__len__", [](const MetadataView& v) { return v.map().size(); })
      .def("__iter__",
           [](const MetadataView& v) {
             return StrIterator(py::iter(py::cast(v.map()).attr("keys")()));
           })
      .def("keys", [](const MetadataView& v) { return StrKeys(py::cast(v.map()).attr("keys")()); })
      .def("values",
           [](const MetadataView& v) { return StrValues(py::cast(v.map()).attr("values")()); })
      .def("items",
           [](const MetadataView& v) { return StrItems(py::cast(v.map()).attr("items")()); })
      .def(
          "get",
          [](const MetadataView& v, const std::string& k, const OptionalStr& def) -> OptionalStr {
            const auto& map = v.map();
            const auto it = map.find(k);
            return it == map.end() ? def : OptionalStr(py::str(it->second));
          },
          "key"_a, "default"_a = py::none())
      .def("update",
           [](const MetadataView& v, const MetadataLike& other) {
             for (auto& [k, value] : metadata_from(other)) v.map()[k] = std::move(value);
           })
      .def("clear", [](const MetadataView& v) { v.map().clear(); })
      .def(
          "copy", [](const MetadataView& v) { return v.map(); }, "A plain dict copy.")
      .def("__eq__",
           [](const MetadataView& v, const py::object& other) {
             if (py::isinstance<MetadataView>(other))
               return v.map() == other.cast<const MetadataView&>().map();
             if (py::isinstance<py::dict>(other)) {
               try {
                 return v.map() == other.cast<MetadataMap>();
               } catch (const py::cast_error&) {
                 return false;
               }
             }
             return false;
           })
      .def("__repr__", [](const MetadataView& v) {
        return "VideoFrameMetadata(" + std::string(py::repr(py::cast(v.map()))) + ")";
      });
}

// What private_attach(dict) keeps: the dict as JSON text, as BMF turns a dict into its
// JsonParam. private_get(dict) parses a new dict each time, so the caller's dict is
// neither kept nor shared (BMF's test checks `id(data) != id(ref)`).
struct JsonAttachment {
  std::string text;
};

void attach_json(VideoFrame& vf, const JsonDict& dict) {
  // json.dumps raises TypeError naming a value JSON cannot hold (a set, bytes …).
  std::string text = py::module_::import("json").attr("dumps")(dict).cast<std::string>();
  vf.private_attach(std::make_shared<JsonAttachment>(JsonAttachment{std::move(text)}));
}

OptionalDict json_attachment(const VideoFrame& vf) {
  const JsonAttachment* json = vf.private_get<JsonAttachment>();
  if (json == nullptr) return OptionalDict(py::none());
  return OptionalDict(py::module_::import("json").attr("loads")(json->text));
}

}  // namespace

void bind_video_frame(py::module_& m) {
  bind_metadata_view(m);
  py::class_<VideoFrame>(m, "VideoFrame",
                         "A Frame plus pts, time_base, duration and metadata. Operations "
                         "that return a new VideoFrame keep these properties.")
      .def(py::init<>())
      .def(py::init<Frame>(), "frame"_a)
      .def(py::init([](int64_t width, int64_t height, const PixelInfoLike& info,
                       const DeviceLike& device) {
             return VideoFrame::make(to_int_size(width, "width"), to_int_size(height, "height"),
                                     to_pixel_info(info), to_device(device));
           }),
           "width"_a, "height"_a, "pix_info"_a, "device"_a = "cpu",
           "A new frame of that size and format (BMF's constructor; same as make()).")
      .def_static(
          "make",
          [](int64_t width, int64_t height, const PixelInfoLike& info, const DeviceLike& device) {
            return VideoFrame::make(to_int_size(width, "width"), to_int_size(height, "height"),
                                    to_pixel_info(info), to_device(device));
          },
          "width"_a, "height"_a, "pix_info"_a, "device"_a = "cpu")
      .def("defined", &VideoFrame::defined)
      .def("__bool__", &VideoFrame::defined)
      .def(
          "frame", [](const VideoFrame& vf) { return vf.frame(); },
          "The Frame (a handle sharing the pixels).")
      .def_property_readonly("width", &VideoFrame::width)
      .def_property_readonly("height", &VideoFrame::height)
      .def_property_readonly("device", &VideoFrame::device)
      .def_property_readonly(
          "dtype", [](const VideoFrame& vf) { return vf.frame().dtype(); },
          "The element type of the frame's planes (mp.kUInt8 for 8-bit formats).")
      // Before bind_convert.cpp's tensor overloads of the same names: these take only a
      // dict (or the type dict), anything else falls through to those.
      .def("private_attach", &attach_json, "data"_a,
           "Keeps a copy of a JSON-like dict (BMF's JsonParam); replaces an earlier one.")
      .def(
          "private_get", [](const VideoFrame& vf, const DictType&) { return json_attachment(vf); },
          "type"_a, "Given the type dict: a new dict from the attached JSON document, or None.")
      .def_property(
          "pts", [](const VideoFrame& vf) { return optional_pts(vf.pts()); },
          [](VideoFrame& vf, const OptionalInt& v) { vf.set_pts(pts_from(v)); },
          "Presentation timestamp in time_base units, or None when unset.")
      .def(
          "set_pts", [](VideoFrame& vf, const OptionalInt& v) { vf.set_pts(pts_from(v)); }, "pts"_a)
      .def_property(
          "time_base",
          [](const VideoFrame& vf) {
            const Rational tb = vf.time_base();
            return Fraction(py::module_::import("fractions").attr("Fraction")(tb.num, tb.den));
          },
          [](VideoFrame& vf, const RationalLike& v) { vf.set_time_base(rational_from(v)); },
          "A fractions.Fraction (0 when unknown); set with a Fraction or a (num, den) tuple.")
      .def(
          "set_time_base",
          [](VideoFrame& vf, int64_t num, int64_t den) {
            vf.set_time_base(Rational{to_int_size(num, "time_base numerator"),
                                      to_int_size(den, "time_base denominator")});
          },
          "num"_a, "den"_a)
      .def_property(
          "duration", &VideoFrame::duration,
          [](VideoFrame& vf, const IntLike& d) { vf.set_duration(to_int64(d, "duration")); })
      .def(
          "set_duration",
          [](VideoFrame& vf, const IntLike& d) { vf.set_duration(to_int64(d, "duration")); },
          "duration"_a)
      .def_property(
          "metadata", [](py::object self) { return MetadataView{self}; },
          [](VideoFrame& vf, const MetadataLike& map) { vf.metadata() = metadata_from(map); },
          "Live dict-like view (str → str); assigning a dict replaces it.")
      .def("with_frame", &VideoFrame::with_frame, "frame"_a,
           "A VideoFrame around frame with this one's properties.")
      .def("copy_props", &VideoFrame::copy_props, "src"_a,
           "Copies pts, time_base, duration and metadata from src.")
      .def(
          "reformat",
          [](const VideoFrame& vf, const PixelInfoLike& info) {
            const PixelInfo pix = to_pixel_info(info);
            return without_gil(vf, [&](const VideoFrame& v) { return framekit::reformat(v, pix); });
          },
          "pix_info"_a)
      .def("crop", &VideoFrame::crop, "x"_a, "y"_a, "width"_a, "height"_a)
      .def(
          "to",
          [](const VideoFrame& vf, const DeviceLike& device) {
            const Device dev = to_device(device);
            return without_gil(vf, [&](const VideoFrame& v) { return v.to(dev); });
          },
          "device"_a)
      .def("cpu",
           [](const VideoFrame& vf) {
             return without_gil(vf, [](const VideoFrame& v) { return v.cpu(); });
           })
      .def(
          "cuda",
          [](const VideoFrame& vf) {
            return without_gil(vf, [](const VideoFrame& v) { return v.cuda(); });
          },
          "A copy in CUDA memory; raises framekit.DeviceUnavailable (a RuntimeError) when "
          "no CUDA device is usable.")
      .def("clone",
           [](const VideoFrame& vf) {
             return without_gil(vf, [](const VideoFrame& v) { return v.clone(); });
           })
      .def("__repr__", &video_frame_repr);
}

}  // namespace framekit::py_bind
