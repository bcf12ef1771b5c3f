// _framekit._jpege: the engine for framekit.jpege (the Pythonic API). Frames and NumPy
// arrays go in without copying; the binding keeps each one alive until its stream has
// been fetched, and hands streams back as bytes (released at once).
#include <pybind11/stl.h>

#include <array>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "bind_jpege.h"
#include "common.h"
#include "framekit/frame/frame.h"
#include "framekit/frame/video_frame.h"
#include "framekit/jpeg/params.h"
#include "framekit/jpege/engine.h"

namespace framekit::py_bind {
namespace {

using namespace pybind11::literals;
using jpege::Engine;

PyObject* g_jpege_error = nullptr;
PyObject* g_jpege_timeout = nullptr;

// A frame from a framekit.Frame or VideoFrame, or from an array-like: (H, W) → gray,
// (H, W, 3) → RGB, (H, W, 4) → RGBA, unless `format` says otherwise (e.g. "bgr24").
Frame to_frame(py::handle obj, py::handle format) {
  Frame frame;
  if (py::isinstance<Frame>(obj)) frame = obj.cast<Frame>();
  if (py::isinstance<VideoFrame>(obj)) frame = obj.cast<const VideoFrame&>().frame();
  if (py::isinstance<Frame>(obj) || py::isinstance<VideoFrame>(obj)) {
    FK_CHECK_ARG(frame.defined(), "jpege: the frame is undefined (it has no pixels)");
    return frame;
  }
  Tensor t = as_tensor(obj);
  PixelInfo info;
  if (!format.is_none()) {
    info = to_pixel_info(format);
  } else {
    FK_CHECK(t.dim() == 2 || (t.dim() == 3 && (t.size(2) == 1 || t.size(2) == 3 || t.size(2) == 4)),
             ErrorCode::kTypeMismatch, "jpege: ", t.repr(),
             " is not a picture (expected HxW gray, HxWx3 RGB or HxWx4 RGBA; pass format= "
             "for other layouts, or a framekit.Frame)");
    const int64_t c = t.dim() == 2 ? 1 : t.size(2);
    info = PixelInfo(c == 1 ? PF_GRAY8 : c == 3 ? PF_RGB24 : PF_RGBA32);
  }
  return Frame(t, info);
}

// The engine plus what keeps input frames alive while the engine reads them.
class PyEngine {
 public:
  PyEngine(int workers, int queue_depth)
      : engine_(jpege::EngineOptions{.workers = workers, .queue_depth = queue_depth}) {}

  Engine& engine() { return engine_; }

  void create(int chn, uint32_t width, uint32_t height, uint32_t buf_size) {
    jpege::ChannelAttr a;
    a.max_pic_width = a.pic_width = width;
    a.max_pic_height = a.pic_height = height;
    a.buf_size = buf_size;
    engine_.create_channel(chn, a);
  }

  void destroy(int chn) {
    {
      py::gil_scoped_release release;
      engine_.destroy_channel(chn);
    }
    std::lock_guard<std::mutex> lock(slot(chn).inflight_mu);
    slot(chn).inflight.clear();
  }

  void send(int chn, py::handle obj, py::handle format, uint64_t pts, int32_t timeout, bool raw) {
    Slot& s = slot(chn);
    Frame frame = to_frame(obj, format);
    jpege::InputFrame in;
    in.view = frame.view();
    in.pts = pts;
    in.raw = raw;
    py::gil_scoped_release release;
    // One sender at a time per channel keeps the kept-alive frames in send order.
    std::lock_guard<std::mutex> send_lock(s.send_mu);
    {
      std::lock_guard<std::mutex> lock(s.inflight_mu);
      s.inflight.push_back(std::move(frame));
    }
    try {
      engine_.send_frame(chn, in, timeout);
    } catch (...) {
      std::lock_guard<std::mutex> lock(s.inflight_mu);
      s.inflight.pop_back();  // never queued
      throw;
    }
  }

  // (jpeg_bytes, pts, seq), or None when nothing is ready within the timeout.
  py::object get(int chn, int32_t timeout) {
    std::optional<jpege::Stream> s;
    std::string error;
    {
      py::gil_scoped_release release;
      s = engine_.try_get_stream(chn, timeout, &error);
    }
    if (!s) return py::none();
    {
      std::lock_guard<std::mutex> lock(slot(chn).inflight_mu);
      if (!slot(chn).inflight.empty()) slot(chn).inflight.pop_front();
    }
    if (!s->ok()) {
      if (!error.empty()) JPEGE_THROW(s->status, error);
      JPEGE_THROW(s->status, "channel ", chn, ": picture ", s->seq, " needs ", s->needed_size,
                  " bytes, more than the channel's stream buffer");
    }
    py::bytes data(reinterpret_cast<const char*>(s->pack.data), s->pack.len);
    engine_.release_stream(chn, *s);
    return py::make_tuple(data, s->pack.pts, s->seq);
  }

 private:
  struct Slot {
    std::mutex send_mu;
    std::mutex inflight_mu;
    std::deque<Frame> inflight;
  };
  Slot& slot(int chn) {
    JPEGE_CHECK(chn >= 0 && chn < jpege::kMaxChannels, jpege::kErrVencInvalidChnId, "channel id ",
                chn, " (expected 0 to 255)");
    return slots_[static_cast<size_t>(chn)];
  }

  // Declared first, destroyed last: the engine stops reading frames before they go.
  std::array<Slot, jpege::kMaxChannels> slots_;
  Engine engine_;
};

jpeg::Subsampling to_subsampling(const std::string& name) {
  using jpeg::Subsampling;
  if (name == "444") return Subsampling::k444;
  if (name == "422") return Subsampling::k422;
  if (name == "420") return Subsampling::k420;
  if (name == "440") return Subsampling::k440;
  if (name == "gray") return Subsampling::kGray;
  FK_THROW(ErrorCode::kInvalidArgument, "subsampling '", name,
           "' (expected '444', '422', '420', '440', 'gray' or None)");
}

jpeg::Density::Unit to_density_unit(const std::string& name) {
  using Unit = jpeg::Density::Unit;
  if (name == "dpi") return Unit::kDpi;
  if (name == "dpcm") return Unit::kDpcm;
  if (name == "aspect") return Unit::kAspect;
  FK_THROW(ErrorCode::kInvalidArgument, "density unit '", name,
           "' (expected 'dpi', 'dpcm' or 'aspect')");
}

std::vector<uint8_t> to_byte_vector(const py::bytes& b) {
  const std::string_view v(b);
  return std::vector<uint8_t>(v.begin(), v.end());
}

// The keyword options of framekit.jpege, checked there for type and range, as the core's
// EncodeParams. 1 table: all components; 2: luma, chroma; 3: Y, Cb, Cr.
jpeg::EncodeParams to_encode_params(const py::dict& o) {
  jpeg::EncodeParams p;
  p.quality = o["quality"].cast<int>();
  if (!o["chroma_quality"].is_none()) p.chroma_quality = o["chroma_quality"].cast<int>();
  if (!o["quant_tables"].is_none()) {
    const auto tables = o["quant_tables"].cast<std::vector<std::vector<int>>>();
    FK_CHECK_ARG(tables.size() >= 1 && tables.size() <= 3, "quant_tables: ", tables.size(),
                 " tables (expected 1 to 3)");
    jpeg::QuantTables q;
    std::array<uint16_t, 64>* dst[] = {&q.y, &q.cb, &q.cr};
    for (size_t c = 0; c < 3; ++c) {
      const std::vector<int>& t = tables[std::min(c, tables.size() - 1)];
      FK_CHECK_ARG(t.size() == 64, "quant_tables[", c, "]: ", t.size(),
                   " entries (expected 64)");
      for (size_t i = 0; i < 64; ++i) (*dst[c])[i] = static_cast<uint16_t>(t[i]);
    }
    if (tables.size() == 1) q.cb = q.cr = q.y;
    p.quant = q;
  }
  p.restart_interval = o["restart_interval"].cast<int>();
  p.optimize_huffman = o["optimize"].cast<bool>();
  p.progressive = o["progressive"].cast<bool>();
  if (!o["subsampling"].is_none()) p.subsampling = to_subsampling(o["subsampling"].cast<std::string>());
  p.raw = o["raw"].cast<bool>();
  const py::bytes comment = o["comment"];
  p.comment = std::string(std::string_view(comment));
  p.exif = to_byte_vector(o["exif"]);
  p.icc_profile = to_byte_vector(o["icc_profile"]);
  const auto density = o["density"].cast<std::tuple<int, int, std::string>>();
  p.density.x = static_cast<uint16_t>(std::get<0>(density));
  p.density.y = static_cast<uint16_t>(std::get<1>(density));
  p.density.unit = to_density_unit(std::get<2>(density));
  p.threads = o["threads"].cast<int>();
  return p;
}

py::dict status_dict(const jpege::ChannelStatus& s) {
  return py::dict("left_pics"_a = s.left_pics, "left_stream_bytes"_a = s.left_stream_bytes,
                  "left_stream_frames"_a = s.left_stream_frames, "cur_packs"_a = s.cur_packs,
                  "left_recv_pics"_a = s.left_recv_pics, "left_enc_pics"_a = s.left_enc_pics,
                  "is_jpeg_snap_end"_a = s.is_jpeg_snap_end);
}

void raise_jpege_error(const jpege::JpegeError& e) {
  const bool timeout = e.code() == ErrorCode::kTimeout;
  PyObject* type = timeout ? g_jpege_timeout : g_jpege_error;
  py::object exc = py::reinterpret_steal<py::object>(PyObject_CallFunction(type, "s", e.what()));
  if (!exc) return;
  PyObject_SetAttrString(exc.ptr(), "hi_code", py::int_(static_cast<uint32_t>(e.hi_code())).ptr());
  PyObject_SetAttrString(exc.ptr(), "hi_name",
                         py::str(std::string(jpege::hi_error_name(e.hi_code()))).ptr());
  PyErr_SetObject(type, exc.ptr());
}

}  // namespace

void bind_jpege(py::module_& parent) {
  bind_jpege_acl(parent);
  py::module_ m = parent.def_submodule("_jpege", "framekit's JPEGE engine (see framekit.jpege)");

  // JpegeError(framekit.Error, RuntimeError) with .hi_code / .hi_name; timeouts (buffer
  // full or empty) are JpegeTimeout, also a TimeoutError.
  py::object base = parent.attr("Error");
  g_jpege_error = PyErr_NewExceptionWithDoc(
      "framekit.JpegeError", "A JPEGE engine error; .hi_code is the hardware's error code.",
      py::make_tuple(base, py::handle(PyExc_RuntimeError)).ptr(), nullptr);
  if (!g_jpege_error) throw py::error_already_set();
  g_jpege_timeout = PyErr_NewExceptionWithDoc(
      "framekit.JpegeTimeout", "A JPEGE wait ran out (buffer full or empty).",
      py::make_tuple(py::handle(g_jpege_error), py::handle(PyExc_TimeoutError)).ptr(), nullptr);
  if (!g_jpege_timeout) throw py::error_already_set();
  parent.add_object("JpegeError", py::reinterpret_borrow<py::object>(g_jpege_error));
  parent.add_object("JpegeTimeout", py::reinterpret_borrow<py::object>(g_jpege_timeout));
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const jpege::JpegeError& e) {
      raise_jpege_error(e);
    }
  });

  m.attr("MAX_CHANNELS") = jpege::kMaxChannels;
  // The engine's limits, so framekit.jpege checks arguments before they reach C types.
  m.attr("MAX_PIC_SIZE") = jpege::kMaxPicSize;
  m.attr("MIN_STREAM_BUF_SIZE") = jpege::kMinStreamBufSize;
  m.attr("HI_ERR_VENC_ILLEGAL_PARAM") = static_cast<uint32_t>(jpege::kErrVencIllegalParam);
  m.attr("HI_ERR_VENC_UNEXIST") = static_cast<uint32_t>(jpege::kErrVencUnexist);
  py::class_<PyEngine>(m, "Engine")
      .def(py::init<int, int>(), "workers"_a = 0, "queue_depth"_a = 16)
      .def_property_readonly("num_workers", [](PyEngine& e) { return e.engine().num_workers(); })
      .def("create_channel", &PyEngine::create, "chn"_a, "width"_a, "height"_a, "buf_size"_a)
      .def("destroy_channel", &PyEngine::destroy, "chn"_a)
      .def(
          "start_channel",
          [](PyEngine& e, int chn, int32_t n) { e.engine().start_channel(chn, n); }, "chn"_a,
          "recv_pic_num"_a = -1)
      .def(
          "stop_channel", [](PyEngine& e, int chn) { e.engine().stop_channel(chn); }, "chn"_a)
      .def(
          "set_jpeg_param",
          [](PyEngine& e, int chn, uint32_t qfactor, uint32_t restart_interval) {
            jpege::JpegParam p = e.engine().get_jpeg_param(chn);
            p.qfactor = qfactor;
            p.mcu_per_ecs = restart_interval;
            e.engine().set_jpeg_param(chn, p);
          },
          "chn"_a, "qfactor"_a, "restart_interval"_a = 0)
      .def(
          "set_encode_params",
          [](PyEngine& e, int chn, const py::dict& options) {
            e.engine().set_encode_params(chn, to_encode_params(options));
          },
          "chn"_a, "options"_a)
      .def("query_status",
           [](PyEngine& e, int chn) { return status_dict(e.engine().query_status(chn)); })
      .def(
          "fd", [](PyEngine& e, int chn) { return e.engine().get_fd(chn); }, "chn"_a)
      .def("send", &PyEngine::send, "chn"_a, "frame"_a, "format"_a = py::none(), "pts"_a = 0,
           "timeout"_a = -1, "raw"_a = false)
      .def("get", &PyEngine::get, "chn"_a, "timeout"_a = -1);
}

}  // namespace framekit::py_bind
