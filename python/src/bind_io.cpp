// The native side of framekit.io (python/framekit/io.py): readers over a path or a
// bytes-like buffer, writers and encoders, the image metadata of a Frame and
// Frame.to_pil(). io.py turns file objects, stdin, NumPy arrays, PIL images and DLPack
// producers into what these take.
#include <pybind11/stl.h>

#include <cstring>
#include <optional>

#include "common.h"
#include "framekit/color/reformat.h"
#include "framekit/core/error.h"
#include "framekit/io/image_io.h"

namespace framekit::py_bind {

using namespace pybind11::literals;

namespace {

io::ImageKind parse_kind(const std::string& name) {
  for (auto k : {io::ImageKind::kJpeg, io::ImageKind::kPng, io::ImageKind::kPnm,
                 io::ImageKind::kY4m, io::ImageKind::kRaw})
    if (io::image_kind_name(k) == name) return k;
  if (name == "jpg") return io::ImageKind::kJpeg;
  if (name == "ppm" || name == "pgm") return io::ImageKind::kPnm;
  FK_CHECK_ARG(name.empty(), "image kind '", name,
               "' is unknown (expected jpeg, png, pnm, y4m or raw)");
  return io::ImageKind::kUnknown;
}

jpeg::Subsampling parse_subsampling(const std::string& s) {
  if (s == "420" || s == "4:2:0") return jpeg::Subsampling::k420;
  if (s == "422" || s == "4:2:2") return jpeg::Subsampling::k422;
  if (s == "444" || s == "4:4:4") return jpeg::Subsampling::k444;
  if (s == "440" || s == "4:4:0") return jpeg::Subsampling::k440;
  if (s == "gray") return jpeg::Subsampling::kGray;
  FK_THROW(ErrorCode::kInvalidArgument, "subsampling '", s,
           "' is unknown (expected '420', '422', '444', '440' or 'gray')");
}

std::vector<uint8_t> bytes_of(py::handle obj, const char* what) {
  py::buffer_info info = py::buffer(py::reinterpret_borrow<py::object>(obj)).request();
  const auto* p = static_cast<const uint8_t*>(info.ptr);
  FK_CHECK_ARG(info.ndim <= 1 && (info.ndim == 0 || info.strides[0] == info.itemsize), what,
               ": expected contiguous bytes");
  return std::vector<uint8_t>(p, p + info.size * info.itemsize);
}

// write_image / encode_image keyword options; an unknown name is an Error naming it.
io::WriteOptions write_options(const py::dict& opts) {
  io::WriteOptions o;
  for (const auto& [key, value] : opts) {
    const std::string k = py::str(key);
    if (value.is_none()) continue;
    if (k == "kind")
      o.kind = parse_kind(py::str(value));
    else if (k == "quality")
      o.jpeg.quality = static_cast<int>(to_int_in(value, "quality", 1, 100));
    else if (k == "chroma_quality")
      o.jpeg.chroma_quality = static_cast<int>(to_int_in(value, "chroma_quality", 1, 100));
    else if (k == "subsampling")
      o.jpeg.subsampling = parse_subsampling(py::str(value));
    else if (k == "optimize")
      o.jpeg.optimize_huffman = value.cast<bool>();
    else if (k == "progressive")
      o.jpeg.progressive = value.cast<bool>();
    else if (k == "restart" || k == "restart_interval")
      o.jpeg.restart_interval = static_cast<int>(to_int_in(value, k.c_str(), 0, 65535));
    else if (k == "comment")
      o.jpeg.comment = py::str(value);
    else if (k == "exif")
      o.jpeg.exif = bytes_of(value, "exif");
    else if (k == "icc" || k == "icc_profile")
      o.jpeg.icc_profile = bytes_of(value, "icc_profile");
    else if (k == "keep_metadata")
      o.keep_metadata = value.cast<bool>();
    else if (k == "fps") {
      const auto r = py::module_::import("fractions")
                         .attr("Fraction")(value)
                         .attr("limit_denominator")(1001000);
      o.frame_rate = {static_cast<int>(to_int_in(r.attr("numerator"), "fps", 1, INT32_MAX)),
                      static_cast<int>(to_int_in(r.attr("denominator"), "fps", 1, INT32_MAX))};
    } else
      FK_THROW(ErrorCode::kInvalidArgument, "write option '", k,
               "' is unknown (expected kind, quality, chroma_quality, subsampling, optimize, "
               "progressive, restart, comment, exif, icc_profile, keep_metadata or fps)");
  }
  return o;
}

io::ReadOptions read_options(const py::object& format, int64_t width, int64_t height, double scale,
                             bool auto_orient, bool allow_partial, int64_t max_pixels,
                             const py::object& raw_format, int64_t raw_width, int64_t raw_height) {
  io::ReadOptions o;
  if (!format.is_none()) o.format = to_pixel_info(format);
  o.width = to_int_size(width, "width");
  o.height = to_int_size(height, "height");
  o.scale = scale;
  o.auto_orient = auto_orient;
  o.allow_partial = allow_partial;
  FK_CHECK_ARG(max_pixels >= 1, "max_pixels must be at least 1, not ", max_pixels);
  o.max_pixels = static_cast<uint64_t>(max_pixels);
  if (!raw_format.is_none())
    o.raw = io::RawFormat{to_int_size(raw_width, "width"), to_int_size(raw_height, "height"),
                          to_pixel_info(raw_format)};
  return o;
}

// A reader over a path or over bytes it keeps alive (a copy of the caller's buffer, so
// that a bytearray changed later does not change what is read).
struct PyImageReader {
  std::vector<uint8_t> bytes;
  std::unique_ptr<io::ImageReader> reader;
};

py::object optional_bytes(const std::vector<uint8_t>& v) {
  if (v.empty()) return py::none();
  return py::bytes(reinterpret_cast<const char*>(v.data()), v.size());
}

// Frame.to_pil(): the frame as a PIL image in the nearest mode Pillow has.
py::object frame_to_pil(const Frame& f) {
  FK_CHECK_ARG(f.defined(), "to_pil(): the frame is undefined");
  py::module_ image;
  try {
    image = py::module_::import("PIL.Image");
  } catch (py::error_already_set&) {
    FK_THROW(ErrorCode::kUnsupported,
             "to_pil() needs Pillow (pip install pillow, or Debian's "
             "python3-pil)");
  }
  const auto& d = f.desc();
  PixelFormat want = PF_RGB24;
  const char* mode = "RGB";
  if (d.is_gray() && d.bit_depth > 8) {
    want = PF_GRAY16;
    mode = "I;16";
  } else if (d.is_gray()) {
    want = PF_GRAY8;
    mode = "L";
  } else if (d.has_alpha) {
    want = PF_RGBA32;
    mode = "RGBA";
  }
  const Frame cpu = f.cpu();
  const Frame packed = cpu.format() == want ? cpu : reformat(cpu, PixelInfo(want));
  const Frame tight = packed.clone();
  const size_t size = static_cast<size_t>(tight.plane_stride_bytes(0)) * tight.height();
  py::bytes data(static_cast<const char*>(tight.plane_data(0)), size);
  return image.attr("frombytes")(mode, py::make_tuple(tight.width(), tight.height()), data);
}

}  // namespace

void bind_io(py::module_& m) {
  auto frame = py::reinterpret_borrow<py::class_<Frame>>(m.attr("Frame"));
  frame
      .def_property_readonly(
          "exif",
          [](const Frame& f) {
            const auto& meta = f.image_metadata();
            return meta ? optional_bytes(meta->exif) : py::none();
          },
          "The EXIF block (TIFF structure) of the file this frame was read from, or None.")
      .def_property_readonly(
          "icc_profile",
          [](const Frame& f) {
            const auto& meta = f.image_metadata();
            return meta ? optional_bytes(meta->icc_profile) : py::none();
          },
          "The ICC profile of the file this frame was read from, or None.")
      .def_property_readonly(
          "orientation",
          [](const Frame& f) {
            const auto& meta = f.image_metadata();
            return meta ? meta->orientation : 1;
          },
          "The EXIF orientation of the pixels as they are (1 = upright).")
      .def_property_readonly(
          "warnings",
          [](const Frame& f) {
            const auto& meta = f.image_metadata();
            return meta ? meta->warnings : std::vector<std::string>{};
          },
          "What the reader let pass (e.g. a JPEG decoded in part).")
      .def("to_pil", &frame_to_pil,
           "A PIL.Image copy (mode L, I;16, RGB or RGBA; other formats are converted). Needs "
           "Pillow.");

  py::class_<PyImageReader>(m, "_ImageReader")
      .def(py::init([](const py::object& src, const py::object& format, int64_t width,
                       int64_t height, double scale, bool auto_orient, bool allow_partial,
                       int64_t max_pixels, const py::object& raw_format, int64_t raw_width,
                       int64_t raw_height) {
             const io::ReadOptions o =
                 read_options(format, width, height, scale, auto_orient, allow_partial, max_pixels,
                              raw_format, raw_width, raw_height);
             auto r = std::make_unique<PyImageReader>();
             if (py::isinstance<py::str>(src)) {
               const std::string path = src.cast<std::string>();
               py::gil_scoped_release release;
               r->reader = std::make_unique<io::ImageReader>(path, o);
             } else {
               r->bytes = bytes_of(src, "read_image");
               py::gil_scoped_release release;
               r->reader = std::make_unique<io::ImageReader>(
                   std::span<const uint8_t>(r->bytes.data(), r->bytes.size()), o);
             }
             return r;
           }),
           "src"_a, "format"_a, "width"_a, "height"_a, "scale"_a, "auto_orient"_a,
           "allow_partial"_a, "max_pixels"_a, "raw_format"_a, "raw_width"_a, "raw_height"_a)
      .def_property_readonly(
          "kind",
          [](const PyImageReader& r) { return std::string(io::image_kind_name(r.reader->kind())); })
      .def("next", [](PyImageReader& r) {
        py::gil_scoped_release release;
        return r.reader->next();
      });

  py::class_<io::ImageWriter>(m, "_ImageWriter")
      .def(py::init([](const std::string& path, const py::dict& options) {
             return std::make_unique<io::ImageWriter>(path, write_options(options));
           }),
           "path"_a, "options"_a)
      .def_property_readonly(
          "kind",
          [](const io::ImageWriter& w) { return std::string(io::image_kind_name(w.kind())); })
      .def(
          "write",
          [](io::ImageWriter& w, const VideoFrame& vf) {
            py::gil_scoped_release release;
            w.write(vf);
          },
          "frame"_a)
      .def("commit", [](io::ImageWriter& w) {
        py::gil_scoped_release release;
        w.commit();
      });

  m.def(
      "_encode_image",
      [](const VideoFrame& vf, const std::string& kind, const py::dict& options) {
        const io::WriteOptions o = write_options(options);
        const io::ImageKind k = parse_kind(kind);
        std::vector<uint8_t> out;
        {
          py::gil_scoped_release release;
          out = io::encode_image(vf, k, o);
        }
        return py::bytes(reinterpret_cast<const char*>(out.data()), out.size());
      },
      "frame"_a, "kind"_a, "options"_a);
  m.def("_sniff_image_kind", [](const py::bytes& head) {
    const std::string s = head;
    return std::string(io::image_kind_name(io::sniff_image_kind(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size()))));
  });
}

}  // namespace framekit::py_bind
