// The native side of framekit.io.VideoReader (python/framekit/_video_reader.py): the
// C++ VideoReader over a path or bytes, its stream info as a dict, frames as VideoFrames,
// FFmpeg's log level. The Python class adds iteration, the context manager and len().
// And of framekit.io.VideoWriter (python/framekit/_video_writer.py): the C++ VideoWriter
// with its options as keywords; the Python class adds lists of frames and the context
// manager.
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "common.h"
#include "framekit/core/error.h"
#include "framekit/io/video_reader.h"
#include "framekit/io/video_writer.h"

namespace framekit::py_bind {

using namespace pybind11::literals;

namespace {

struct PyVideoReader {
  std::unique_ptr<io::VideoReader> reader;
  io::VideoReader& get() {
    FK_CHECK(reader != nullptr, ErrorCode::kRuntime, "VideoReader is closed");
    return *reader;
  }
};

py::tuple rational(Rational r) {
  return py::make_tuple(r.num, r.den);
}

// A path, or bytes the caller keeps alive during open_reader (the reader copies them).
struct VideoSource {
  std::string path;
  std::span<const uint8_t> bytes;
  bool in_memory = false;
};

std::unique_ptr<PyVideoReader> open_reader(const VideoSource& source, std::optional<double> start,
                                           std::optional<double> end, int64_t max_frames, int step,
                                           std::optional<double> fps, bool keyframes_only,
                                           int threads) {
  io::VideoReadOptions o;
  o.start = start;
  o.end = end;
  o.max_frames = max_frames;
  o.step = step;
  o.fps = fps;
  o.keyframes_only = keyframes_only;
  o.threads = threads;
  auto r = std::make_unique<PyVideoReader>();
  py::gil_scoped_release release;
  if (source.in_memory) {
    r->reader = std::make_unique<io::VideoReader>(source.bytes, o);
  } else {
    r->reader = std::make_unique<io::VideoReader>(source.path, o);
  }
  return r;
}

struct PyVideoWriter {
  std::unique_ptr<io::VideoWriter> writer;
};

}  // namespace

void bind_io_video(py::module_& m) {
  py::class_<PyVideoWriter>(m, "_VideoWriter")
      .def(py::init([](const std::string& path, int width, int height, PixelInfoLike format,
                       int fps_num, int fps_den, const std::string& codec, int64_t bit_rate,
                       int gop_size, int max_b_frames,
                       const std::vector<std::pair<std::string, std::string>>& codec_options,
                       const std::string& container, int threads) {
             io::VideoWriteOptions o;
             o.codec = codec;
             o.fps = Rational{fps_num, fps_den};
             o.bit_rate = bit_rate;
             o.gop_size = gop_size;
             o.max_b_frames = max_b_frames;
             o.codec_options = codec_options;
             o.container = container;
             o.threads = threads;
             const PixelInfo info = to_pixel_info(format);
             auto w = std::make_unique<PyVideoWriter>();
             py::gil_scoped_release release;
             w->writer = std::make_unique<io::VideoWriter>(path, width, height, info, o);
             return w;
           }),
           "path"_a, "width"_a, "height"_a, "format"_a, "fps_num"_a, "fps_den"_a, "codec"_a,
           "bit_rate"_a, "gop_size"_a, "max_b_frames"_a, "codec_options"_a, "container"_a,
           "threads"_a)
      .def(
          "write",
          [](PyVideoWriter& w, const Frame& frame) {
            io::VideoWriter& writer = *w.writer;
            py::gil_scoped_release release;
            writer.write(frame);
          },
          "frame"_a)
      .def("close",
           [](PyVideoWriter& w) {
             io::VideoWriter& writer = *w.writer;
             py::gil_scoped_release release;
             writer.close();
           })
      .def_property_readonly("is_open", [](PyVideoWriter& w) { return w.writer->is_open(); })
      .def_property_readonly("frames_written",
                             [](PyVideoWriter& w) { return w.writer->frames_written(); })
      .def_property_readonly("pix_info", [](PyVideoWriter& w) { return w.writer->pix_info(); });
  m.def("_encoder_pixel_formats", &io::encoder_pixel_formats, "codec"_a);

  py::class_<PyVideoReader>(m, "_VideoReader")
      .def(py::init([](const std::string& path, std::optional<double> start,
                       std::optional<double> end, int64_t max_frames, int step,
                       std::optional<double> fps, bool keyframes_only, int threads) {
             return open_reader({path, {}, false}, start, end, max_frames, step, fps,
                                keyframes_only, threads);
           }),
           "path"_a, "start"_a, "end"_a, "max_frames"_a, "step"_a, "fps"_a, "keyframes_only"_a,
           "threads"_a)
      .def_static(
          "from_bytes",
          [](const py::bytes& data, std::optional<double> start, std::optional<double> end,
             int64_t max_frames, int step, std::optional<double> fps, bool keyframes_only,
             int threads) {
            // Immutable and held by `data` while the reader copies them (GIL released).
            const auto* begin = reinterpret_cast<const uint8_t*>(PyBytes_AS_STRING(data.ptr()));
            const auto size = static_cast<size_t>(PyBytes_GET_SIZE(data.ptr()));
            const VideoSource source{{}, std::span<const uint8_t>(begin, size), true};
            return open_reader(source, start, end, max_frames, step, fps, keyframes_only, threads);
          },
          "data"_a, "start"_a, "end"_a, "max_frames"_a, "step"_a, "fps"_a, "keyframes_only"_a,
          "threads"_a)
      .def("info",
           [](PyVideoReader& r) {
             const io::VideoInfo& i = r.get().info();
             py::dict d;
             d["width"] = i.width;
             d["height"] = i.height;
             d["fps"] = rational(i.fps);
             d["time_base"] = rational(i.time_base);
             d["duration"] = i.duration;
             d["frame_count"] = i.frame_count;
             d["codec"] = i.codec;
             d["container"] = i.container;
             d["pixel_format"] = i.pixel_format;
             d["stream_color"] = i.stream_color;
             d["color"] = i.color;
             return d;
           })
      .def("next",
           [](PyVideoReader& r) -> std::optional<VideoFrame> {
             io::VideoReader& reader = r.get();
             VideoFrame vf;
             {
               py::gil_scoped_release release;
               vf = reader.next();
             }
             if (!vf.defined()) return std::nullopt;
             return vf;
           })
      .def_property_readonly("skipped_packets",
                             [](PyVideoReader& r) { return r.get().skipped_packets(); })
      .def_property_readonly("warnings", [](PyVideoReader& r) { return r.get().warnings(); })
      .def("close", [](PyVideoReader& r) { r.reader.reset(); });
  m.def(
      "_decoder_plane_pointers",
      [](const VideoFrame& vf) {
        std::vector<uintptr_t> out;
        for (const void* p : io::decoder_plane_pointers(vf))
          out.push_back(reinterpret_cast<uintptr_t>(p));
        return out;
      },
      "frame"_a);
  m.def("_set_ffmpeg_log_level", &io::set_ffmpeg_log_level, "level"_a);
  m.def("_ffmpeg_log_level", &io::ffmpeg_log_level);
  m.def("_parse_ffmpeg_log_level", &io::parse_ffmpeg_log_level, "text"_a);
}

}  // namespace framekit::py_bind
