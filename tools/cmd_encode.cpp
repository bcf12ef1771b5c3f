// framekit encode: one image (raw YUV/RGB, PPM, PNG, Y4M, or a built-in test scene) to
// a baseline JPEG.
//   framekit encode in.yuv --size 1920x1080 --format nv12 -o out.jpg -q 85
//   framekit encode photo.png -o photo.jpg --subsampling 444
//   framekit encode --builtin -o demo.jpg
// Several inputs, Y4M video (one JPEG per frame) or --channels N go through the JPEGE
// engine (tools/encode_engine.cpp): N channels sharing the worker pool.
//   framekit encode clip.y4m *.png -o out_dir --channels 4 -q 85
// What -o names (a file, a directory or an out_%05d.jpg pattern) is decided and checked
// before anything is encoded (OutputPlan in encode_engine.h).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "command.h"
#include "encode_engine.h"
#include "framekit/core/error.h"
#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/types.h"
#include "harness/jpeg_bench_harness.h"
#include "image_io.h"
#include "output_file.h"

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

// Options that would otherwise be clamped, wrap around or fail deep inside.
void validate(const EncodeOptions& o) {
  FK_CHECK_ARG(o.quality >= 1 && o.quality <= 100, "encode: -q ", o.quality,
               " is out of range (expected 1..100)");
  FK_CHECK_ARG(o.restart >= 0 && o.restart <= 65535, "encode: --restart ", o.restart,
               " is out of range (expected 0..65535 MCUs, 0 = none)");
  FK_CHECK_ARG(o.threads >= 0 && o.threads <= 1024, "encode: --threads ", o.threads,
               " is out of range (expected 0..1024, 0 = all cores)");
  FK_CHECK_ARG(o.channels >= 0 && o.channels <= framekit::jpege::kMaxChannels,
               "encode: --channels ", o.channels, " is out of range (expected 1..",
               framekit::jpege::kMaxChannels, ", or 0 for one per worker)");
  FK_CHECK_ARG(o.workers >= 0 && o.workers <= 1024, "encode: --workers ", o.workers,
               " is out of range (expected 1..1024, or 0 for one per core)");
}

// What cannot be encoded is refused before any output is written, naming the format.
void check_encodable(const framekit::PixelInfo& info, bool raw) {
  FK_CHECK(framekit::jpeg::can_encode(info, raw), framekit::ErrorCode::kUnsupported,
           "encode: ", framekit::jpeg::cannot_encode_reason(info, raw));
}

// Several inputs, --channels, or all frames of a video or raw file: the engine path.
// One picture to one file is encoded here, where --optimize, --comment … apply.
bool use_engine(const EncodeOptions& o) {
  using namespace framekit::cli;
  if (o.builtin || o.inputs.empty()) return false;
  if (o.inputs.size() > 1 || o.channels > 0) return true;
  return multi_frame_kind(file_kind(o.inputs[0])) &&
         output_mode(o.output, o.inputs) != OutputMode::kFile;
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
    check_encodable(job.raw->info, o.raw);
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
  validate(o);
  FK_CHECK_ARG(o.max_pixels >= 1, "--max-pixels ", o.max_pixels,
               " is invalid (expected at least 1)");
  cli::set_default_read_limits(cli::ReadLimits{static_cast<uint64_t>(o.max_pixels)});
  if (use_engine(o)) return run_engine(o);
  if (!o.inputs.empty()) o.input = o.inputs[0];
  FK_CHECK_ARG(!o.output.empty(), "encode: an output file is required (-o out.jpg)");
  FK_CHECK_ARG(o.builtin != !o.input.empty(), "encode: give either an input file or --builtin");
  // The output is checked before anything is read or encoded.
  std::optional<cli::OutputPlan> plan;
  std::string output;
  if (o.builtin) {
    output = cli::parse_output_pattern(o.output).format(0);
    std::error_code ec;
    FK_CHECK_ARG(!std::filesystem::is_directory(output, ec), "encode: output '", output,
                 "' is a directory (expected a file name)");
  } else {
    plan.emplace(o.output, std::vector<std::string>{o.input});
  }
  jpeg::EncodeParams p;
  p.quality = o.quality;
  p.restart_interval = o.restart;
  p.threads = o.threads;
  p.optimize_huffman = o.optimize;
  p.raw = o.raw;
  p.comment = o.comment;
  if (o.subsampling != "420") p.subsampling = parse_subsampling(o.subsampling);
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
    const cli::FileKind kind = cli::file_kind(o.input);
    std::optional<cli::RawSpec> raw;
    if (kind == cli::FileKind::kRaw) {
      FK_CHECK_ARG(!o.size.empty() && !o.format.empty(), "encode: raw input ", o.input,
                   " needs --size WxH and --format NAME");
      const auto [w, h] = cli::parse_size(o.size);
      raw = cli::RawSpec{w, h,
                         PixelInfo(parse_pixel_format(o.format),
                                   o.space.empty() ? CS_UNSPECIFIED : parse_color_space(o.space),
                                   o.range.empty() ? CR_UNSPECIFIED : parse_color_range(o.range))};
      check_encodable(raw->info, o.raw);  // before the file is read
    }
    cli::FrameReader reader(o.input, raw);
    frame = reader.next();
    FK_CHECK_ARG(frame.defined(), "encode: ", o.input, " holds no frames");
    if (cli::multi_frame_kind(kind)) {
      int64_t frames = 1;
      while (reader.next().defined()) ++frames;
      plan->check_frame_count(o.input, frames);
    }
    output = plan->path(0, 0, 0);
    if (!o.space.empty() || !o.range.empty()) {
      const PixelInfo pi = frame.frame().pix_info();
      frame = VideoFrame(frame.frame().with_pix_info(
          PixelInfo(pi.format(), o.space.empty() ? pi.space() : parse_color_space(o.space),
                    o.range.empty() ? pi.range() : parse_color_range(o.range))));
    }
    view = frame.frame().view();
    check_encodable(view.info, o.raw);
    what = o.input;
  }

  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<uint8_t> jpg = encoder.encode(view);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  // Complete or absent: an existing file is replaced only once all of it is written.
  cli::write_whole_file(output, jpg.data(), jpg.size());
  std::printf("%s: %dx%d %s -> %s, %zu bytes (predicted %zu, bound %zu), q%d, %.2f ms\n",
              what.c_str(), view.width, view.height, view.info.str().c_str(), output.c_str(),
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
                  "Output .jpg; with several pictures a directory or a pattern like out_%05d.jpg "
                  "(one %d field, %% for a literal percent)")
      ->required();
  sub->add_option("-q,--quality", opts->quality, "Quality 1..100 (IJG scaling)")
      ->capture_default_str();
  sub->add_option("--size", opts->size, "Raw input size, WxH");
  sub->add_option("--format", opts->format,
                  "Raw input pixel format (nv12, yuv420p, yuyv422, rgb24, ...)");
  sub->add_option("--range", opts->range, "Color range of the input: tv (limited) or pc (full)");
  sub->add_option("--space", opts->space, "YUV matrix of the input: bt601, bt709, bt2020nc, ...");
  sub->add_option("--subsampling", opts->subsampling, "For RGB input: 420, 422, 444 or gray")
      ->capture_default_str();
  sub->add_option("--restart", opts->restart, "Restart interval in MCUs (0 = none)");
  sub->add_option("--threads", opts->threads, "Threads (bands in parallel, same bytes as one thread; 0 = all)")
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
