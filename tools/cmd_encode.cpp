// framekit encode: one image (raw YUV/RGB, PPM, PNG, Y4M, or a built-in test scene) to
// a baseline JPEG.
//   framekit encode in.yuv --size 1920x1080 --format nv12 -o out.jpg -q 85
//   framekit encode photo.png -o photo.jpg --subsampling 444
//   framekit encode --builtin -o demo.jpg
// Several inputs, Y4M video (one JPEG per frame) or --channels N go through the JPEGE
// engine (tools/encode_engine.cpp): N channels sharing the worker pool.
//   framekit encode clip.y4m *.png -o out_dir --channels 4 -q 85
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "../bench/jpeg_bench_harness.h"
#include "command.h"
#include "encode_engine.h"
#include "framekit/core/error.h"
#include "framekit/jpeg/encoder.h"
#include "image_io.h"

namespace {

struct EncodeOptions {
  std::vector<std::string> inputs;
  std::string input;
  std::string output;
  int quality = 75;
  std::string size;
  std::string format;
  std::string range;
  std::string space;
  std::string subsampling = "420";
  int restart = 0;
  int threads = 1;
  bool optimize = false;
  bool raw = false;
  bool builtin = false;
  std::string builtin_size = "1920x1080";
  std::string comment;
  int channels = 0;
  int workers = 0;
  bool no_progress = false;
  int64_t max_pixels = static_cast<int64_t>(framekit::cli::kDefaultMaxPixels);
};

// Many inputs, video, or --channels: the engine path.
bool use_engine(const EncodeOptions& o) {
  return o.inputs.size() > 1 || o.channels > 0 ||
         (o.inputs.size() == 1 &&
          framekit::cli::file_kind(o.inputs[0]) == framekit::cli::FileKind::kY4m);
}

int run_engine(const EncodeOptions& o) {
  using namespace framekit;
  FK_CHECK_ARG(!o.builtin, "encode: --builtin takes no input files");
  FK_CHECK_ARG(!o.optimize && o.comment.empty() && o.subsampling == "420" && o.threads == 1,
               "encode: --optimize, --comment, --subsampling and --threads apply to one "
               "picture; with several inputs use --channels/--workers");
  cli::EngineEncodeJob job;
  job.inputs = o.inputs;
  job.output = o.output;
  job.quality = o.quality;
  job.restart = o.restart;
  job.channels = o.channels;
  job.workers = o.workers;
  job.raw_samples = o.raw;
  job.progress = !o.no_progress;
  if (!o.size.empty() || !o.format.empty()) {
    FK_CHECK_ARG(!o.size.empty() && !o.format.empty(),
                 "encode: raw input needs --size and --format");
    const auto [w, h] = cli::parse_size(o.size);
    job.raw =
        cli::RawSpec{w, h,
                     PixelInfo(parse_pixel_format(o.format),
                               o.space.empty() ? CS_UNSPECIFIED : parse_color_space(o.space),
                               o.range.empty() ? CR_UNSPECIFIED : parse_color_range(o.range))};
  }
  return cli::run_engine_encode(job);
}

framekit::jpeg::Subsampling parse_subsampling(const std::string& s) {
  using framekit::jpeg::Subsampling;
  if (s == "420") return Subsampling::k420;
  if (s == "422") return Subsampling::k422;
  if (s == "444") return Subsampling::k444;
  if (s == "gray") return Subsampling::kGray;
  FK_THROW(framekit::ErrorCode::kInvalidArgument, "--subsampling '", s,
           "' is not one of 420, 422, 444, gray");
}

int run_encode(EncodeOptions o) {
  using namespace framekit;
  FK_CHECK_ARG(o.max_pixels >= 1, "--max-pixels ", o.max_pixels,
               " is invalid (expected at least 1)");
  cli::set_default_read_limits(cli::ReadLimits{static_cast<uint64_t>(o.max_pixels)});
  if (use_engine(o)) return run_engine(o);
  if (!o.inputs.empty()) o.input = o.inputs[0];
  FK_CHECK_ARG(!o.output.empty(), "encode: an output file is required (-o out.jpg)");
  FK_CHECK_ARG(o.builtin != !o.input.empty(), "encode: give either an input file or --builtin");
  jpeg::EncodeParams p;
  p.quality = o.quality;
  p.restart_interval = o.restart;
  p.threads = o.threads;
  p.optimize_huffman = o.optimize;
  p.raw = o.raw;
  p.comment = o.comment;
  p.rgb_subsampling = parse_subsampling(o.subsampling);
  const jpeg::Encoder encoder(p);

  // Keeps whatever owns the pixels alive while the view is used.
  jpeg::bench::TestImage scene;
  VideoFrame frame;
  ImageView view;
  std::string what;
  if (o.builtin) {
    const auto [w, h] = cli::parse_size(o.builtin_size);
    scene = jpeg::bench::synthetic_image(w, h);
    view = scene.nv12();
    what = "built-in scene";
  } else {
    std::optional<cli::RawSpec> raw;
    if (cli::file_kind(o.input) == cli::FileKind::kRaw) {
      FK_CHECK_ARG(!o.size.empty() && !o.format.empty(), "encode: raw input ", o.input,
                   " needs --size WxH and --format NAME");
      const auto [w, h] = cli::parse_size(o.size);
      raw = cli::RawSpec{w, h,
                         PixelInfo(parse_pixel_format(o.format),
                                   o.space.empty() ? CS_UNSPECIFIED : parse_color_space(o.space),
                                   o.range.empty() ? CR_UNSPECIFIED : parse_color_range(o.range))};
    }
    cli::FrameReader reader(o.input, raw);
    frame = reader.next();
    FK_CHECK_ARG(frame.defined(), "encode: ", o.input, " holds no image");
    if (!o.space.empty() || !o.range.empty()) {
      const PixelInfo pi = frame.frame().pix_info();
      frame = VideoFrame(frame.frame().with_pix_info(
          PixelInfo(pi.format(), o.space.empty() ? pi.space() : parse_color_space(o.space),
                    o.range.empty() ? pi.range() : parse_color_range(o.range))));
    }
    view = frame.frame().view();
    what = o.input;
  }

  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<uint8_t> jpg = encoder.encode(view);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::FILE* f = std::fopen(o.output.c_str(), "wb");
  FK_CHECK(f != nullptr, ErrorCode::kRuntime, "encode: cannot open ", o.output, " for writing");
  const size_t written = std::fwrite(jpg.data(), 1, jpg.size(), f);
  const bool closed = std::fclose(f) == 0;
  FK_CHECK(written == jpg.size() && closed, ErrorCode::kRuntime, "encode: writing ", o.output,
           " failed");
  std::printf("%s: %dx%d %s -> %s, %zu bytes (predicted %zu, bound %zu), q%d, %.2f ms\n",
              what.c_str(), view.width, view.height, view.info.str().c_str(), o.output.c_str(),
              jpg.size(), encoder.predict_size(view),
              encoder.max_encoded_size(view.width, view.height, view.format()), o.quality, ms);
  return 0;
}

}  // namespace

FRAMEKIT_CLI_COMMAND(encode) {
  auto opts = std::make_shared<EncodeOptions>();
  auto* sub = app.add_subcommand("encode", "Encode an image to a baseline JPEG");
  sub->add_option("input", opts->inputs,
                  "Input(s): .yuv/.nv12/... raw (needs --size/--format), .ppm, .png, .y4m");
  sub->add_option("-o,--output", opts->output,
                  "Output .jpg; with several pictures a directory or a pattern like out_%05d.jpg")
      ->required();
  sub->add_option("-q,--quality", opts->quality, "Quality 1..100 (IJG scaling)")
      ->capture_default_str();
  sub->add_option("--size", opts->size, "Raw input size, WxH");
  sub->add_option("--format", opts->format,
                  "Raw input pixel format (nv12, yuv420p, yuyv422, rgb24, ...)");
  sub->add_option("--range", opts->range, "Colour range of the input: tv (limited) or pc (full)");
  sub->add_option("--space", opts->space, "YUV matrix of the input: bt601, bt709, bt2020nc, ...");
  sub->add_option("--subsampling", opts->subsampling, "For RGB input: 420, 422, 444 or gray")
      ->capture_default_str();
  sub->add_option("--restart", opts->restart, "Restart interval in MCUs (0 = none)");
  sub->add_option("--threads", opts->threads, "Threads (restart segments in parallel; 0 = all)")
      ->capture_default_str();
  sub->add_flag("--optimize", opts->optimize, "Optimal Huffman tables (two passes)");
  sub->add_flag("--raw", opts->raw, "Code YUV samples as they are (no range/matrix conversion)");
  sub->add_option("--comment", opts->comment, "Add a COM segment");
  sub->add_flag("--builtin", opts->builtin,
                "Encode a built-in synthetic scene (NV12) instead of a file");
  sub->add_option("--builtin-size", opts->builtin_size, "Size of the built-in scene")
      ->capture_default_str();
  sub->add_option("--channels", opts->channels,
                  "Encode through the JPEGE engine on N channels (default with several inputs "
                  "or video: one per worker)");
  sub->add_option("--workers", opts->workers, "Engine worker threads (0 = one per core)");
  sub->add_flag("--no-progress", opts->no_progress, "No progress bar");
  sub->add_option("--max-pixels", opts->max_pixels,
                  "Refuse input pictures of more than N pixels (width x height)")
      ->capture_default_str();
  return [opts] { return run_encode(*opts); };
}
