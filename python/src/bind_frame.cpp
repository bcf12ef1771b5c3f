// mp.Frame: planes over one storage. Accessors are methods, as in the seed
// (frame.width(), frame.plane(0).numpy(), frame.device()).
#include <pybind11/stl.h>

#include "common.h"
#include "framekit/color/color.h"
#include "framekit/color/reformat.h"
#include "framekit/core/error.h"
#include "framekit/frame/frame.h"
#include "framekit/frame/frame_seq.h"

namespace framekit::py_bind {

using namespace pybind11::literals;

namespace {

// One tensor, or a list/tuple of them (numpy arrays and DLPack objects are wrapped
// without copying).
bool is_plane_list(py::handle obj) {
  return py::isinstance<py::list>(obj) || py::isinstance<py::tuple>(obj);
}

TensorList to_tensor_list(py::handle obj) {
  TensorList planes;
  for (const auto item : obj) planes.push_back(as_tensor(item));
  return planes;
}

std::string frame_repr(const Frame& f) {
  if (!f.defined()) return "Frame(undefined)";
  return "Frame(" + std::to_string(f.width()) + "x" + std::to_string(f.height()) + ", " +
         f.pix_info().str() + ", " + f.device().str() + ")";
}

py::array frame_numpy(const Frame& f) {
  FK_CHECK_ARG(f.defined(), "numpy(): the frame is undefined");
  FK_CHECK(f.nplanes() == 1, ErrorCode::kTypeMismatch, "numpy(): a ", pixel_format_name(f.format()),
           " frame has ", f.nplanes(),
           " planes; use frame.plane(i).numpy() or frame.data().numpy()");
  const Tensor& plane = f.plane(0);
  return tensor_to_numpy(plane, py::cast(plane));
}

std::string frame_seq_repr(const FrameSeq& s) {
  if (!s.defined()) return "FrameSeq(undefined)";
  return "FrameSeq(" + std::to_string(s.batch()) + " x " + std::to_string(s.width()) + "x" +
         std::to_string(s.height()) + ", " + s.pix_info().str() + ", " + s.device().str() + ")";
}

// mp.FrameSeq: a batch of frames, plane p one (batch, rows, cols, channels) tensor.
// Accessors are methods, as in BMF's binding (seq.width(), seq.plane(0)).
void bind_frame_seq(py::module_& m) {
  py::class_<FrameSeq>(m, "FrameSeq",
                       "A batch of frames of one PixelInfo and size; plane p is one "
                       "(batch, rows, cols, channels) Tensor. mp.concat(frames) makes one; "
                       "FrameSeq(planes, pix_info) wraps plane tensors without copying.")
      .def(py::init<>())
      .def(py::init([](const PlanesLike& planes, const PixelInfoLike& info) {
             FK_CHECK(is_plane_list(planes), ErrorCode::kTypeMismatch,
                      "FrameSeq(planes, pix_info): planes must be a list of tensors");
             return FrameSeq(to_tensor_list(planes), to_pixel_info(info));
           }),
           "planes"_a, "pix_info"_a)
      .def("defined", &FrameSeq::defined)
      .def("__bool__", &FrameSeq::defined)
      .def("__len__", &FrameSeq::batch)
      .def("batch", &FrameSeq::batch)
      .def("width", &FrameSeq::width)
      .def("height", &FrameSeq::height)
      .def("format", &FrameSeq::format)
      .def("pix_info", &FrameSeq::pix_info)
      .def("device", &FrameSeq::device)
      .def("dtype", &FrameSeq::dtype)
      .def("nplanes", &FrameSeq::nplanes)
      .def("plane", &FrameSeq::plane, "index"_a)
      .def(
          "data", [](const FrameSeq& s) { return make_tensor_list(s.data()); },
          "The planes, as a list of (batch, rows, cols, channels) Tensors.")
      .def("__getitem__", [](const FrameSeq& s, int64_t index) { return s[index]; }, "index"_a,
           "Frame `index` as a view (negative counts from the end).")
      .def("slice", &FrameSeq::slice, "start"_a, "end"_a = py::none(),
           "Frames [start, end) as a view (Python-style negative values).")
      .def("crop", &FrameSeq::crop, "left"_a, "top"_a, "width"_a, "height"_a,
           "The rectangle of every frame, as a view.")
      .def(
          "to",
          [](const FrameSeq& s, const DeviceLike& device) {
            const Device dev = to_device(device);
            return without_gil(s, [&](const FrameSeq& v) { return v.to(dev); });
          },
          "device"_a)
      .def("clone",
           [](const FrameSeq& s) {
             return without_gil(s, [](const FrameSeq& v) { return v.clone(); });
           })
      .def("__repr__", &frame_seq_repr);

  // Next to the tensor overload of concat (bind_tensor.cpp), tried before it
  // (py::prepend): these take only lists of Frames or of FrameSeqs and refuse anything
  // else quietly, where the tensor overload's list reports its first non-tensor item.
  m.def(
      "concat",
      [](const std::vector<Frame>& frames) {  // copies of the handles: safe without the GIL
        py::gil_scoped_release release;
        return concat(frames);
      },
      "frames"_a, py::prepend(), "Stacks frames of one format and size into a new FrameSeq (a copy).");
  m.def(
      "concat",
      [](const std::vector<FrameSeq>& seqs) {
        py::gil_scoped_release release;
        return concat(seqs);
      },
      "seqs"_a, py::prepend(), "Joins FrameSeqs along the batch axis (a copy).");
}

}  // namespace

void bind_frame(py::module_& m) {
  py::class_<Frame>(m, "Frame",
                    "An image of one PixelInfo on one device; its planes are Tensors over "
                    "one storage. Frame(width, height, pix_info, device='cpu') allocates; "
                    "Frame(tensor_or_list, pix_info) wraps planes without copying.")
      .def(py::init<>())
      .def(py::init([](int64_t width, int64_t height, const PixelInfoLike& info,
                       const DeviceLike& device, const IntLike& row_align) {
             return Frame(
                 to_int_size(width, "width"), to_int_size(height, "height"), to_pixel_info(info),
                 to_device(device),
                 static_cast<int>(to_int_in(row_align, "Frame: row_align", 1, kMaxRowAlign)));
           }),
           "width"_a, "height"_a, "pix_info"_a, "device"_a = "cpu", "row_align"_a = 1)
      .def(py::init([](const PlanesLike& planes, const PixelInfoLike& info) {
             const PixelInfo pix = to_pixel_info(info);
             if (is_plane_list(planes)) return Frame(to_tensor_list(planes), pix);
             return Frame(as_tensor(planes), pix);
           }),
           "planes"_a, "pix_info"_a)
      .def(py::init([](const PlanesLike& planes, int64_t width, int64_t height,
                       const PixelInfoLike& info) {
             FK_CHECK(is_plane_list(planes), ErrorCode::kTypeMismatch,
                      "Frame(planes, width, height, pix_info): planes must be a list");
             return Frame(to_tensor_list(planes), to_int_size(width, "width"),
                          to_int_size(height, "height"), to_pixel_info(info));
           }),
           "planes"_a, "width"_a, "height"_a, "pix_info"_a)
      .def_static(
          "from_numpy",
          [](const ArrayList& arrays, const PixelInfoLike& info) {
            const PixelInfo pix = to_pixel_info(info);
            if (is_plane_list(arrays)) return Frame(to_tensor_list(arrays), pix);
            FK_CHECK(py::isinstance<py::array>(arrays), ErrorCode::kTypeMismatch,
                     "Frame.from_numpy: expected a numpy array or a list of them");
            return Frame(tensor_from_numpy(arrays.cast<py::array>()), pix);
          },
          "arrays"_a, "pix_info"_a, "A frame over numpy planes, without copying.")
      .def("defined", &Frame::defined)
      .def("__bool__", &Frame::defined)
      .def("width", &Frame::width)
      .def("height", &Frame::height)
      .def("format", &Frame::format)
      .def("pix_info", &Frame::pix_info)
      .def("device", &Frame::device)
      .def("dtype", &Frame::dtype)
      .def("nplanes", &Frame::nplanes)
      .def("plane", &Frame::plane, "index"_a)
      .def(
          "data", [](const Frame& f) { return make_tensor_list(f.data()); },
          "The planes, as a list of Tensors (with .numpy() and .torch()).")
      .def("plane_stride_bytes", &Frame::plane_stride_bytes, "index"_a)
      .def("crop", &Frame::crop, "x"_a, "y"_a, "width"_a, "height"_a,
           "A view of the rectangle (shares memory).")
      .def(
          "clone",
          [](const Frame& f, const IntLike& row_align) {
            const int align =
                static_cast<int>(to_int_in(row_align, "Frame.clone: row_align", 1, kMaxRowAlign));
            return without_gil(f, [&](const Frame& v) { return v.clone(align); });
          },
          "row_align"_a = 1)
      .def(
          "copy_from",
          [](const Obj<Frame>& self, const Frame& src) {
            const Frame dst = self.cast<const Frame&>();
            without_gil(src, [&](const Frame& s) {
              Frame d = dst;  // a handle: writes reach self's pixels
              d.copy_from(s);
              return 0;
            });
            return self;
          },
          "src"_a, "Copies the pixels of src (same size and format) into this frame.")
      .def(
          "to",
          [](const Frame& f, const DeviceLike& device) {
            const Device dev = to_device(device);
            return without_gil(f, [&](const Frame& v) { return v.to(dev); });
          },
          "device"_a)
      .def("cpu",
           [](const Frame& f) { return without_gil(f, [](const Frame& v) { return v.cpu(); }); })
      .def("cuda",
           [](const Frame& f) {
             return without_gil(f, [](const Frame& v) { return v.to(Device(Device::kCUDA)); });
           })
      .def(
          "with_pix_info",
          [](const Frame& f, const PixelInfoLike& info) {
            return f.with_pix_info(to_pixel_info(info));
          },
          "pix_info"_a, "The same samples with another color interpretation (no copy).")
      .def(
          "reformat",
          [](const Frame& f, const PixelInfoLike& info) {
            const PixelInfo pix = to_pixel_info(info);
            return without_gil(f, [&](const Frame& v) { return framekit::reformat(v, pix); });
          },
          "pix_info"_a, "A copy converted to another PixelInfo.")
      .def("numpy", &frame_numpy,
           "Zero-copy numpy view of a single-plane frame (it keeps the storage alive).")
      .def("__repr__", &frame_repr);

  bind_frame_seq(m);

  m.def(
      "color_paths",
      []() {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& p : color_paths()) out.emplace_back(p.name, p.description);
        return out;
      },
      "The color paths, in the order they are tried: (name, description) pairs. The first "
      "path that takes a pair of formats converts it; 'general' takes every pair.");
  m.def(
      "color_conversion_path",
      [](const PixelInfoLike& src, const PixelInfoLike& dst) {
        return color_conversion_path(to_pixel_info(src), to_pixel_info(dst));
      },
      "src"_a, "dst"_a,
      "The color path (a name of color_paths()) that converts src to dst: PixelInfo, "
      "PixelFormat or a format name such as 'nv12'.");
}

}  // namespace framekit::py_bind
