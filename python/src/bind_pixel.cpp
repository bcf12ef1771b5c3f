// Pixel formats, color enums, PixelInfo and the format table, with the seed's names:
// mp.PixelFormat.kPF_NV12 and mp.kPF_NV12, mp.ColorSpace.kCS_BT709, mp.kCR_MPEG …
#include <pybind11/stl.h>

#include "common.h"
#include "framekit/core/error.h"
#include "framekit/pixel/color.h"
#include "framekit/pixel/pixel_format.h"

namespace framekit::py_bind {

using namespace pybind11::literals;

#define FK_PIXEL_FORMATS(X)                                                                      \
  X(NONE)                                                                                        \
  X(YUV420P)                                                                                     \
  X(YUVJ420P) X(YUV422P) X(YUV444P) X(NV12) X(NV21) X(NV16) X(NV24) X(YUYV422) X(UYVY422)        \
      X(YVYU422) X(VYUY422) X(GRAY8) X(P010LE) X(P016LE) X(YUV420P10LE) X(YUV422P10LE)           \
          X(YUV444P10LE) X(YUV420P12LE) X(YUV422P12LE) X(YUV444P12LE) X(YUV420P16LE)             \
              X(YUV444P16LE) X(GRAY16) X(RGB24) X(BGR24) X(RGBA32) X(BGRA32) X(ARGB32) X(ABGR32) \
                  X(RGB48) X(BGR48) X(RGBA64) X(GBRP) X(GBRPF32) X(YUVA420P) X(YUVA444P)         \
                      X(YUV440P)

#define FK_COLOR_SPACES(X)                                                                 \
  X(RGB)                                                                                   \
  X(BT709) X(UNSPECIFIED) X(RESERVED) X(FCC) X(BT470BG) X(SMPTE170M) X(SMPTE240M) X(YCGCO) \
      X(BT2020_NCL) X(BT2020_CL) X(SMPTE2085) X(CHROMA_DERIVED_NCL) X(CHROMA_DERIVED_CL) X(ICTCP)

#define FK_COLOR_PRIMARIES(X)                                                                \
  X(RESERVED0)                                                                               \
  X(BT709) X(UNSPECIFIED) X(RESERVED) X(BT470M) X(BT470BG) X(SMPTE170M) X(SMPTE240M) X(FILM) \
      X(BT2020) X(SMPTE428) X(SMPTE431) X(SMPTE432) X(EBU3213)

#define FK_COLOR_TRANSFERS(X)                                                                    \
  X(RESERVED0)                                                                                   \
  X(BT709) X(UNSPECIFIED) X(RESERVED) X(GAMMA22) X(GAMMA28) X(SMPTE170M) X(SMPTE240M) X(LINEAR)  \
      X(LOG) X(LOG_SQRT) X(IEC61966_2_4) X(BT1361_ECG) X(IEC61966_2_1) X(BT2020_10) X(BT2020_12) \
          X(SMPTE2084) X(SMPTE428) X(ARIB_STD_B67)

PixelFormat to_pixel_format(py::handle obj) {
  if (py::isinstance<PixelFormat>(obj)) return obj.cast<PixelFormat>();
  if (py::isinstance<py::str>(obj)) return parse_pixel_format(obj.cast<std::string>());
  FK_THROW(ErrorCode::kTypeMismatch, "expected a framekit.PixelFormat or a format name, got ",
           std::string(py::str(py::type::of(obj).attr("__name__"))));
}

ColorSpace to_color_space(py::handle obj) {
  if (py::isinstance<ColorSpace>(obj)) return obj.cast<ColorSpace>();
  if (py::isinstance<py::str>(obj)) return parse_color_space(obj.cast<std::string>());
  FK_THROW(ErrorCode::kTypeMismatch, "expected a framekit.ColorSpace or a name, got ",
           std::string(py::str(py::type::of(obj).attr("__name__"))));
}

ColorRange to_color_range(py::handle obj) {
  if (py::isinstance<ColorRange>(obj)) return obj.cast<ColorRange>();
  if (py::isinstance<py::str>(obj)) return parse_color_range(obj.cast<std::string>());
  FK_THROW(ErrorCode::kTypeMismatch, "expected a framekit.ColorRange or a name, got ",
           std::string(py::str(py::type::of(obj).attr("__name__"))));
}

PixelInfo to_pixel_info(py::handle obj) {
  if (py::isinstance<PixelInfo>(obj)) return obj.cast<PixelInfo>();
  return PixelInfo(to_pixel_format(obj));
}

namespace {

// The plane index, or Error(kOutOfRange) naming the format and its plane count.
int checked_plane(const PixelFormatDesc& d, int plane) {
  FK_CHECK(plane >= 0 && plane < d.num_planes, ErrorCode::kOutOfRange, "plane ", plane, " of ",
           d.name, " (it has ", int(d.num_planes), " planes)");
  return plane;
}

std::string family_name(ColorFamily f) {
  switch (f) {
    case ColorFamily::kYUV:
      return "yuv";
    case ColorFamily::kRGB:
      return "rgb";
    case ColorFamily::kGray:
      return "gray";
  }
  return "unknown";
}

std::string pixel_info_repr(const PixelInfo& p) {
  std::string s = "PixelInfo(" + std::string(pixel_format_name(p.format())) + ", " +
                  std::string(color_space_name(p.space())) + ", " +
                  std::string(color_range_name(p.range()));
  if (p.primaries() != CP_UNSPECIFIED)
    s += ", primaries=" + std::string(color_primaries_name(p.primaries()));
  if (p.transfer() != CTC_UNSPECIFIED)
    s += ", transfer=" + std::string(color_transfer_name(p.transfer()));
  return s + ")";
}

void bind_enums(py::module_& m) {
  py::enum_<PixelFormat> pf(m, "PixelFormat", "Pixel formats (values are framekit's own).");
#define X(name) pf.value("kPF_" #name, PF_##name);
  FK_PIXEL_FORMATS(X)
#undef X
  pf.export_values();

  py::enum_<ColorSpace> cs(m, "ColorSpace", "YCbCr matrices (FFmpeg's AVCOL_SPC_* numbers).");
#define X(name) cs.value("kCS_" #name, CS_##name);
  FK_COLOR_SPACES(X)
#undef X
  cs.export_values();

  py::enum_<ColorRange> cr(m, "ColorRange", "Sample ranges (FFmpeg's AVCOL_RANGE_* numbers).");
  cr.value("kCR_UNSPECIFIED", CR_UNSPECIFIED).value("kCR_MPEG", CR_MPEG).value("kCR_JPEG", CR_JPEG);
  cr.export_values();

  py::enum_<ColorPrimaries> cp(m, "ColorPrimaries", "FFmpeg's AVCOL_PRI_* numbers.");
#define X(name) cp.value("kCP_" #name, CP_##name);
  FK_COLOR_PRIMARIES(X)
#undef X
  cp.export_values();

  py::enum_<ColorTransferCharacteristic> ctc(m, "ColorTransferCharacteristic",
                                             "FFmpeg's AVCOL_TRC_* numbers.");
#define X(name) ctc.value("kCTC_" #name, CTC_##name);
  FK_COLOR_TRANSFERS(X)
#undef X
  ctc.export_values();
}

void bind_format_table(py::module_& m) {
  py::class_<PlaneDesc>(m, "PlaneDesc", "One plane of a pixel format.")
      .def_readonly("channels", &PlaneDesc::channels)
      .def_readonly("log2_ssx", &PlaneDesc::log2_ssx)
      .def_readonly("log2_ssy", &PlaneDesc::log2_ssy)
      .def_readonly("width_align", &PlaneDesc::width_align)
      .def_property_readonly("components",
                             [](const PlaneDesc& p) { return std::string(p.components); })
      .def("__repr__", [](const PlaneDesc& p) {
        return "PlaneDesc(" + std::string(p.components) +
               ", channels=" + std::to_string(p.channels) + ", ssx=" + std::to_string(p.log2_ssx) +
               ", ssy=" + std::to_string(p.log2_ssy) + ")";
      });

  // The table is static: references into it never dangle.
  py::class_<PixelFormatDesc>(m, "PixelFormatDesc", "Layout of a pixel format.")
      .def_readonly("format", &PixelFormatDesc::format)
      .def_property_readonly("name", [](const PixelFormatDesc& d) { return std::string(d.name); })
      .def_property_readonly("family",
                             [](const PixelFormatDesc& d) { return family_name(d.family); })
      .def_readonly("num_planes", &PixelFormatDesc::num_planes)
      .def_property_readonly("planes",
                             [](const PixelFormatDesc& d) {
                               std::vector<PlaneDesc> v(d.planes.begin(),
                                                        d.planes.begin() + d.num_planes);
                               return v;
                             })
      .def_readonly("log2_chroma_w", &PixelFormatDesc::log2_chroma_w)
      .def_readonly("log2_chroma_h", &PixelFormatDesc::log2_chroma_h)
      .def_readonly("bit_depth", &PixelFormatDesc::bit_depth)
      .def_readonly("dtype", &PixelFormatDesc::dtype)
      .def_readonly("msb_aligned", &PixelFormatDesc::msb_aligned)
      .def_readonly("has_alpha", &PixelFormatDesc::has_alpha)
      .def_readonly("full_range_by_default", &PixelFormatDesc::full_range_by_default)
      .def_readonly("packed422", &PixelFormatDesc::packed422)
      .def_property_readonly("sample_size", &PixelFormatDesc::sample_size)
      .def_property_readonly("is_yuv", &PixelFormatDesc::is_yuv)
      .def_property_readonly("is_rgb", &PixelFormatDesc::is_rgb)
      .def_property_readonly("is_gray", &PixelFormatDesc::is_gray)
      .def_property_readonly("is_planar", &PixelFormatDesc::is_planar)
      .def(
          "plane_width",
          [](const PixelFormatDesc& d, int plane, int64_t width) {
            return d.plane_width(checked_plane(d, plane), to_int_size(width, "width"));
          },
          "plane"_a, "width"_a)
      .def(
          "plane_height",
          [](const PixelFormatDesc& d, int plane, int64_t height) {
            return d.plane_height(checked_plane(d, plane), to_int_size(height, "height"));
          },
          "plane"_a, "height"_a)
      .def(
          "plane_row_bytes",
          [](const PixelFormatDesc& d, int plane, int64_t width) {
            return d.plane_row_bytes(checked_plane(d, plane), to_int_size(width, "width"));
          },
          "plane"_a, "width"_a)
      .def("__repr__", [](const PixelFormatDesc& d) {
        return "PixelFormatDesc(" + std::string(d.name) +
               ", planes=" + std::to_string(d.num_planes) +
               ", bit_depth=" + std::to_string(d.bit_depth) +
               ", dtype=" + std::string(scalar_name(d.dtype)) + ")";
      });

  // Defined once PixelFormatDesc is bound, so that its signature names the Python class.
  py::reinterpret_borrow<py::class_<PixelFormat>>(m.attr("PixelFormat"))
      .def_property_readonly(
          "desc", [](PixelFormat f) -> const PixelFormatDesc& { return pixel_format_desc(f); },
          py::return_value_policy::reference);

  m.def(
      "pixel_format_desc",
      [](const PixelFormatLike& f) -> const PixelFormatDesc& {
        return pixel_format_desc(to_pixel_format(f));
      },
      "format"_a, py::return_value_policy::reference,
      "The table entry of a format (a PixelFormat or a name such as 'nv12').");
  m.def(
      "all_pixel_formats",
      []() {
        std::vector<PixelFormat> v;
        for (const auto& d : all_pixel_formats()) v.push_back(d.format);
        return v;
      },
      "Every pixel format, in enum order.");
  m.def(
      "parse_pixel_format", [](const std::string& s) { return parse_pixel_format(s); }, "name"_a);
  m.def(
      "parse_color_space", [](const std::string& s) { return parse_color_space(s); }, "name"_a);
  m.def(
      "parse_color_range", [](const std::string& s) { return parse_color_range(s); }, "name"_a);
}

void bind_pixel_info(py::module_& m) {
  py::class_<PixelInfo>(m, "PixelInfo",
                        "A pixel format plus its color model: PixelInfo(kPF_NV12, kCS_BT709, "
                        "kCR_MPEG). Unspecified space/range resolve with infer_space()/"
                        "infer_range().")
      .def(py::init([](const PixelFormatLike& format, const ColorSpaceLike& space,
                       const ColorRangeLike& range, ColorPrimaries primaries,
                       ColorTransferCharacteristic transfer) {
             return PixelInfo(to_pixel_format(format), to_color_space(space), to_color_range(range),
                              primaries, transfer);
           }),
           "format"_a, "space"_a = CS_UNSPECIFIED, "range"_a = CR_UNSPECIFIED,
           "primaries"_a = CP_UNSPECIFIED, "transfer"_a = CTC_UNSPECIFIED)
      .def_property_readonly("format", &PixelInfo::format)
      .def_property_readonly("space", &PixelInfo::space)
      .def_property_readonly("range", &PixelInfo::range)
      .def_property_readonly("primaries", &PixelInfo::primaries)
      .def_property_readonly("transfer", &PixelInfo::transfer)
      .def_property_readonly("desc", &PixelInfo::desc, py::return_value_policy::reference)
      .def_property_readonly("valid", &PixelInfo::valid)
      .def_property_readonly("is_rgbx", &PixelInfo::is_rgbx)
      .def_property_readonly("is_yuv", &PixelInfo::is_yuv)
      .def_property_readonly("planes", &PixelInfo::planes)
      .def("infer_space", &PixelInfo::infer_space)
      .def("infer_range", &PixelInfo::infer_range)
      .def("resolved", &PixelInfo::resolved)
      .def(
          "with_format",
          [](const PixelInfo& p, const PixelFormatLike& f) {
            return p.with_format(to_pixel_format(f));
          },
          "format"_a)
      .def(
          "with_space",
          [](const PixelInfo& p, const ColorSpaceLike& s) {
            return p.with_space(to_color_space(s));
          },
          "space"_a)
      .def(
          "with_range",
          [](const PixelInfo& p, const ColorRangeLike& r) {
            return p.with_range(to_color_range(r));
          },
          "range"_a)
      .def("__eq__",
           [](const PixelInfo& a, const py::object& b) {
             return py::isinstance<PixelInfo>(b) && a == b.cast<PixelInfo>();
           })
      .def("__hash__",
           [](const PixelInfo& p) {
             return py::hash(py::make_tuple(int(p.format()), int(p.space()), int(p.range()),
                                            int(p.primaries()), int(p.transfer())));
           })
      .def("__str__", &PixelInfo::str)
      .def("__repr__", &pixel_info_repr);
}

}  // namespace

void bind_pixel(py::module_& m) {
  bind_enums(m);
  bind_format_table(m);
  bind_pixel_info(m);
}

}  // namespace framekit::py_bind
