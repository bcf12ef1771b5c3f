// framekit encode: one image (raw YUV/RGB, PPM, PNG, Y4M, or a built-in test scene) to
// a baseline JPEG.
//   framekit encode in.yuv --size 1920x1080 --format nv12 -o out.jpg -q 85
//   framekit encode photo.png -o photo.jpg --subsampling 444 --progressive --icc p.icc
//   framekit encode --builtin -o demo.jpg
// Several inputs, Y4M video (one JPEG per frame) or --channels N go through the JPEGE
// engine (tools/encode_engine.cpp): N channels sharing the worker pool.
//   framekit encode clip.y4m *.png -o out_dir --channels 4 -q 85
// What -o names (a file, a directory or an out_%05d.jpg pattern) is decided and checked
// before anything is encoded (OutputPlan in encode_engine.h).
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
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
  std::string subsampling;  // empty: the core's default for the input
  int restart = 0;
  int threads = 1;
  bool optimize = false;
  bool progressive = false;
  bool raw = false;
  bool builtin = false;
  std::string builtin_size = "1920x1080";
  std::string comment;
  std::string exif_file;
  std::string icc_file;
  std::string density;
  int chroma_quality = 0;  // 0: as -q
  std::string quant_tables_file;
  int channels = 0;
  int workers = 0;
  bool no_progress = false;
  int64_t max_pixels = static_cast<int64_t>(framekit::cli::kDefaultMaxPixels);
};

// Options that would otherwise be clamped, wrap around or fail deep inside.
void validate(const EncodeOptions& o) {
  FK_CHECK_ARG(o.quality >= 1 && o.quality <= 100, "encode: -q ", o.quality,
               " is out of range (expected 1..100)");
  FK_CHECK_ARG(o.chroma_quality >= 0 && o.chroma_quality <= 100, "encode: --chroma-quality ",
               o.chroma_quality, " is out of range (expected 1..100)");
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

framekit::jpeg::Subsampling parse_subsampling(const std::string& s) {
  using framekit::jpeg::Subsampling;
  if (s == "420") return Subsampling::k420;
  if (s == "422") return Subsampling::k422;
  if (s == "444") return Subsampling::k444;
  if (s == "440") return Subsampling::k440;
  if (s == "gray") return Subsampling::kGray;
  FK_THROW(framekit::ErrorCode::kInvalidArgument, "encode: --subsampling '", s,
           "' is not one of 444, 422, 420, 440, gray");
}

// All of a small file (EXIF, ICC, tables), at most `limit` bytes.
std::vector<uint8_t> read_option_file(const std::string& option, const std::string& path,
                                      size_t limit) {
  std::error_code ec;
  FK_CHECK_ARG(std::filesystem::is_regular_file(path, ec), "encode: ", option, " '", path,
               "' is not a readable file");
  const uintmax_t size = std::filesystem::file_size(path, ec);
  FK_CHECK_ARG(!ec && size <= limit, "encode: ", option, " '", path, "' has ", size,
               " bytes (at most ", limit, ")");
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> data(static_cast<size_t>(size));
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
  FK_CHECK_ARG(in.good() || data.empty(), "encode: ", option, " '", path, "' cannot be read");
  return data;
}

// cjpeg's -qtables format: whitespace-separated integers, 64 per table in natural
// (row-major) order, '#' to the end of a line is a comment; 1 to 3 tables (1: every
// component, 2: luma and chroma, 3: Y, Cb, Cr). Entries are 1..255 and used as they are
// (not scaled by -q).
framekit::jpeg::QuantTables parse_quant_tables(const std::string& path) {
  const std::vector<uint8_t> bytes = read_option_file("--quant-tables", path, 1 << 20);
  const std::string text(bytes.begin(), bytes.end());
  std::vector<std::vector<uint16_t>> tables;
  int line = 1;
  for (size_t i = 0; i < text.size();) {
    const char ch = text[i];
    if (ch == '\n') ++line;
    if (ch == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(ch)) || ch == ',') {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
           text[end] != '#' && text[end] != ',') {
      ++end;
    }
    const std::string word = text.substr(i, end - i);
    long value = 0;
    const bool number = word.find_first_not_of("0123456789") == std::string::npos &&
                        word.size() <= 6 && (value = std::stol(word), true);
    FK_CHECK_ARG(number && value >= 1 && value <= 255, "encode: --quant-tables '", path,
                 "' line ", line, ": '", word, "' is not a table entry (integers 1..255)");
    if (tables.empty() || tables.back().size() == 64) tables.emplace_back();
    tables.back().push_back(static_cast<uint16_t>(value));
    FK_CHECK_ARG(tables.size() <= 3, "encode: --quant-tables '", path, "' line ", line,
                 ": more than 3 tables (JPEG's Y, Cb and Cr)");
    i = end;
  }
  FK_CHECK_ARG(!tables.empty() && tables.back().size() == 64, "encode: --quant-tables '", path,
               "' holds ", tables.empty() ? 0 : (tables.size() - 1) * 64 + tables.back().size(),
               " entries (expected 64 per table, 1 to 3 tables)");
  framekit::jpeg::QuantTables q;
  std::array<uint16_t, 64>* dst[] = {&q.y, &q.cb, &q.cr};
  for (size_t c = 0; c < 3; ++c) {
    const std::vector<uint16_t>& t = tables[std::min(c, tables.size() - 1)];
    std::copy(t.begin(), t.end(), dst[c]->begin());
  }
  if (tables.size() == 1) q.cb = q.cr = q.y;
  return q;
}

// "XxY" (pixel aspect), "XxYdpi" or "XxYdpcm".
framekit::jpeg::Density parse_density(const std::string& s) {
  using Unit = framekit::jpeg::Density::Unit;
  framekit::jpeg::Density d;
  std::string dims = s;
  if (s.size() > 4 && s.compare(s.size() - 4, 4, "dpcm") == 0) {
    d.unit = Unit::kDpcm;
    dims = s.substr(0, s.size() - 4);
  } else if (s.size() > 3 && s.compare(s.size() - 3, 3, "dpi") == 0) {
    d.unit = Unit::kDpi;
    dims = s.substr(0, s.size() - 3);
  }
  const size_t x = dims.find('x');
  auto number = [&](const std::string& w) {
    FK_CHECK_ARG(!w.empty() && w.size() <= 5 && w.find_first_not_of("0123456789") == std::string::npos &&
                     std::stoi(w) >= 1 && std::stoi(w) <= 65535,
                 "encode: --density '", s,
                 "' (expected XxY with X and Y 1..65535, then dpi, dpcm or nothing for a pixel "
                 "aspect, e.g. 72x72dpi)");
    return static_cast<uint16_t>(std::stoi(w));
  };
  FK_CHECK_ARG(x != std::string::npos, "encode: --density '", s,
               "' (expected XxY[dpi|dpcm], e.g. 300x300dpi)");
  d.x = number(dims.substr(0, x));
  d.y = number(dims.substr(x + 1));
  return d;
}

// The one set of encoder parameters of both paths (one picture, and the engine).
framekit::jpeg::EncodeParams make_params(const EncodeOptions& o) {
  using namespace framekit;
  jpeg::EncodeParams p;
  p.quality = o.quality;
  if (o.chroma_quality > 0) p.chroma_quality = o.chroma_quality;
  if (!o.quant_tables_file.empty()) p.quant = parse_quant_tables(o.quant_tables_file);
  p.restart_interval = o.restart;
  p.threads = o.threads;
  p.optimize_huffman = o.optimize;
  p.progressive = o.progressive;
  p.raw = o.raw;
  p.comment = o.comment;
  FK_CHECK_ARG(o.comment.size() <= 65533, "encode: --comment of ", o.comment.size(),
               " bytes is too long (at most 65533)");
  if (!o.subsampling.empty()) p.subsampling = parse_subsampling(o.subsampling);
  if (!o.exif_file.empty()) p.exif = read_option_file("--exif", o.exif_file, 65533);
  if (!o.icc_file.empty()) p.icc_profile = read_option_file("--icc", o.icc_file, 255 * 65519);
  if (!o.density.empty()) p.density = parse_density(o.density);
  // The core checks the rest (and the combinations) as it is built.
  const jpeg::Encoder check(p);
  return p;
}

int run_engine(const EncodeOptions& o) {
  using namespace framekit;
  FK_CHECK_ARG(!o.builtin, "encode: --builtin takes no input files");
  FK_CHECK_ARG(o.threads == 1,
               "encode: --threads applies to one picture; with several inputs use "
               "--channels/--workers");
  cli::EngineEncodeJob job;
  job.inputs = o.inputs;
  job.output = o.output;
  job.params = make_params(o);
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
  const jpeg::Encoder encoder(make_params(o));

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
  sub->add_option("-q,--quality", opts->quality, "Quality 1..100 (IJG scaling; default 75)")
      ->capture_default_str();
  sub->add_option("--size", opts->size, "Raw input size, WxH");
  sub->add_option("--format", opts->format,
                  "Raw input pixel format (nv12, yuv420p, yuyv422, rgb24, ...)");
  sub->add_option("--range", opts->range, "Color range of the input: tv (limited) or pc (full)");
  sub->add_option("--space", opts->space, "YUV matrix of the input: bt601, bt709, bt2020nc, ...");
  sub->add_option("--subsampling", opts->subsampling,
                  "444, 422, 420, 440 or gray (default: 420 for RGB, the input's own for YUV; "
                  "YUV input takes its own or gray, gray input only gray)");
  sub->add_option("--restart", opts->restart, "Restart interval in MCUs (0 = none)");
  sub->add_option("--threads", opts->threads, "Threads (bands in parallel, same bytes as one thread; 0 = all)")
      ->capture_default_str();
  sub->add_flag("--optimize", opts->optimize, "Optimal Huffman tables (two passes)");
  sub->add_flag("--progressive", opts->progressive,
                "Progressive JPEG (SOF2, libjpeg's simple progression script)");
  sub->add_option("--chroma-quality", opts->chroma_quality,
                  "Quality 1..100 of the chroma table (default: as -q; cjpeg's -quality L,C)");
  sub->add_option("--quant-tables", opts->quant_tables_file,
                  "Quantisation tables from a file, cjpeg's -qtables format: 64 integers 1..255 "
                  "per table in natural order, 1 to 3 tables, '#' comments (overrides -q)");
  sub->add_option("--exif", opts->exif_file, "Write this file's EXIF (TIFF) data as APP1");
  sub->add_option("--icc", opts->icc_file, "Embed this ICC profile (APP2 segments)");
  sub->add_option("--density", opts->density,
                  "JFIF density: XxYdpi, XxYdpcm, or XxY for a pixel aspect (default 1x1)");
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
