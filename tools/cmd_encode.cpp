// framekit encode: images, videos and raw planes to JPEG, one per picture.
//   framekit encode photo.png -o photo.jpg --subsampling 444 --progressive
//   framekit encode clip.mp4 --fps 1 --size 320x -o 'th/%03d.jpg'
//   framekit encode photos/ -r --size 1280x -o out/ --keep-going --report out.jsonl
//   framekit encode in.yuv --size 1920x1080 --format nv12 -o out.jpg -q 85
//   framekit encode --builtin -o demo.jpg
// Inputs and outputs are the shared ones of picture_job.h; --channels N sends the
// pictures through the JPEGE engine (tools/encode_engine.cpp).
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

#include "cli_error.h"
#include "command.h"
#include "encode_engine.h"
#include "framekit/core/error.h"
#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/types.h"
#include "harness/jpeg_bench_harness.h"
#include "image_io.h"
#include "output_file.h"
#include "picture_job.h"

namespace {

struct EncodeOptions {
  framekit::cli::CommonArgs common;
  int quality = 75;
  std::string size;
  std::string format;
  std::string range;
  std::string space;
  std::string subsampling;  // empty: the core's default for the input
  int restart = 0;
  int threads = 0;  // all cores: the bands of a picture in parallel (the same bytes)
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
  std::string filter;
  bool strip = false;
  CLI::Option* threads_option = nullptr;
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
    FK_CHECK_ARG(number && value >= 1 && value <= 255, "encode: --quant-tables '", path, "' line ",
                 line, ": '", word, "' is not a table entry (integers 1..255)");
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
    FK_CHECK_ARG(!w.empty() && w.size() <= 5 &&
                     w.find_first_not_of("0123456789") == std::string::npos && std::stoi(w) >= 1 &&
                     std::stoi(w) <= 65535,
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
  if (!o.subsampling.empty()) p.subsampling = framekit::cli::parse_subsampling(o.subsampling);
  if (!o.exif_file.empty()) p.exif = read_option_file("--exif", o.exif_file, 65533);
  if (!o.icc_file.empty()) p.icc_profile = read_option_file("--icc", o.icc_file, 255 * 65519);
  if (!o.density.empty()) p.density = parse_density(o.density);
  // The core checks the rest (and the combinations) as it is built.
  const jpeg::Encoder check(p);
  return p;
}

// The built-in synthetic scene (NV12) to one file.
int run_builtin(const EncodeOptions& o, const framekit::jpeg::EncodeParams& params) {
  using namespace framekit;
  const cli::CommonArgs& c = o.common;
  FK_USAGE_CHECK(c.inputs.empty(), "encode: --builtin takes no input files");
  FK_USAGE_CHECK(cli::file_kind(c.output) == cli::FileKind::kJpeg || c.output == "-",
                 "encode: --builtin writes one JPEG: -o NAME.jpg or -o -");
  const cli::Overwrite policy = cli::overwrite_policy(c);
  std::error_code ec;
  if (c.output != "-" && std::filesystem::is_regular_file(c.output, ec)) {
    if (policy == cli::Overwrite::kNo) return 0;
    FK_CHECK(policy == cli::Overwrite::kYes, ErrorCode::kRuntime, "'", c.output,
             "' exists; add --overwrite (-y) to replace it or --no-clobber (-n) to keep it");
  }
  const auto [w, h] = cli::as_usage([&] { return cli::parse_size(o.builtin_size); });
  jpeg::bench::TestImage scene = jpeg::bench::synthetic_image(w, h);
  const jpeg::Encoder encoder(params);
  const std::vector<uint8_t> jpg = encoder.encode(scene.nv12());
  cli::write_output(c.output, jpg);
  std::fprintf(c.output == "-" ? stderr : stdout, "built-in scene: %dx%d -> %s, %zu bytes, q%d\n",
               w, h, c.output.c_str(), jpg.size(), o.quality);
  return 0;
}

int run_encode(EncodeOptions o) {
  using namespace framekit;
  cli::CommonArgs& c = o.common;
  cli::as_usage([&] { validate(o); });
  // encode's own names for raw input: --format (and --size for its size when
  // --in-size is not given), --space, --range.
  if (!o.format.empty()) {
    FK_USAGE_CHECK(c.in_format.empty(), "encode: give --format or --in-format, not both");
    c.in_format = o.format;
    if (c.in_size.empty()) std::swap(c.in_size, o.size);
  }
  if (c.in_space.empty()) c.in_space = o.space;
  if (c.in_range.empty()) c.in_range = o.range;
  jpeg::EncodeParams params = cli::as_usage([&] { return make_params(o); });
  if (o.builtin) return run_builtin(o, params);

  const cli::SourceOptions source = cli::source_options(c);
  std::optional<std::pair<int, int>> size;
  if (!o.size.empty()) size = cli::parse_size_spec("--size", o.size);
  std::optional<ResizeMode> filter;
  if (!o.filter.empty()) filter = cli::parse_filter(o.filter);
  const std::vector<cli::InputItem> items = cli::expand_inputs(c.inputs, c.recursive);
  std::string ext = c.ext.empty() ? ".jpg" : c.ext;
  if (ext[0] != '.') ext = "." + ext;
  cli::OutputPlan plan({"encode", c.output, cli::overwrite_policy(c), {cli::FileKind::kJpeg}, ext},
                       items);
  const bool to_stdout = plan.mode() == cli::OutputMode::kStdout;
  const uint64_t max_pixels = source.limits.max_pixels;

  // The picture as it is encoded: scaled, relabelled, in a format the encoder codes.
  auto prepare = [&](VideoFrame vf) {
    if (size) {
      const auto [w, h] = cli::scaled_size(vf.width(), vf.height(), *size);
      FK_CHECK_ARG(uint64_t(w) * uint64_t(h) <= max_pixels, "the output size ", w, "x", h,
                   " is more than the limit of ", max_pixels,
                   " pixels (raise it with --max-pixels)");
      vf = cli::scale_frame(vf, w, h, filter);
    }
    return cli::jpeg_input(vf, o.raw, params.subsampling);
  };
  int64_t index = 0;

  if (o.channels > 0) {
    FK_USAGE_CHECK(!c.keep_going && c.report.empty() && !to_stdout,
                   "encode: --channels does not take --keep-going, --report or -o -");
    FK_USAGE_CHECK(
        o.threads_option->count() == 0 || o.threads == 1,
        "encode: --threads applies to one picture at a time; with --channels use --workers");
    cli::EngineEncodeJob job;
    job.input_count = items.size();
    job.params = params;
    job.channels = o.channels;
    job.workers = o.workers;
    job.raw_samples = o.raw;
    job.progress = !c.no_progress;
    size_t input = 0;
    std::unique_ptr<cli::Source> src;
    int64_t frame = 0;
    job.next = [&](cli::EnginePicture& pic) {
      while (input < items.size()) {
        if (!src) {
          src = std::make_unique<cli::Source>(items[input], source);
          frame = 0;
        }
        VideoFrame vf = src->next();
        if (vf && frame == 0) cli::check_single_picture(*src, plan, items[input]);
        if (!vf) {
          FK_CHECK_ARG(frame > 0, "'", items[input].path, "' holds no frames");
          src.reset();
          ++input;
          continue;
        }
        const cli::OutputPlan::Target t =
            plan.path(input, src->kind() != cli::SourceKind::kImage, frame++, index++);
        if (t.keep) continue;
        pic.frame = prepare(vf);
        pic.path = t.path;
        return true;
      }
      return false;
    };
    return cli::run_engine_encode(job);
  }

  cli::Batch batch(cli::batch_options(c, "encoded", to_stdout), items);
  return batch.run([&](size_t i, cli::InputResult& result) {
    cli::Source src(items[i], source);
    VideoFrame vf = src.next();
    FK_CHECK_ARG(vf.defined(), "'", items[i].path, "' holds no frames",
                 source.select.any() ? " in the selected range" : "");
    cli::for_each_picture(src, plan, items, i, std::move(vf), index, result,
                          [&](const VideoFrame& vf, int64_t frame, const std::string& path) {
      const VideoFrame pic = prepare(vf);
      jpeg::EncodeParams p = params;
      const ImageMetadata* meta = pic.frame().image_metadata().get();
      if (!o.strip && meta != nullptr) {
        if (p.exif.empty()) p.exif = meta->exif;
        if (p.icc_profile.empty()) p.icc_profile = meta->icc_profile;
      }
      const std::vector<uint8_t> jpg = jpeg::encode(pic.frame(), p);
      cli::write_output(path, jpg);
      result.wrote(path, static_cast<int64_t>(jpg.size()), int64_t{pic.width()} * pic.height());
    });
  });
}

}  // namespace

FRAMEKIT_CLI_COMMAND(encode) {
  auto opts = std::make_shared<EncodeOptions>();
  auto* sub = app.add_subcommand("encode", "Encode images, video frames or raw planes to JPEG");
  framekit::cli::add_common_options(
      sub, opts->common,
      "Output: FILE.jpg (one picture), DIR/ (inputs mirror their relative paths; frames get "
      "_00000 ...), a pattern like 'out_%05d.jpg' (one %d field, %% for a percent), or - for "
      "stdout");
  sub->add_option("-q,--quality", opts->quality, "Quality 1..100 (IJG scaling; default 75)")
      ->capture_default_str();
  sub->add_option("--size", opts->size,
                  "Scale to WxH, or Wx / xH keeping the aspect ratio (with --format: the raw "
                  "input's size, as --in-size)");
  sub->add_option("--filter", opts->filter,
                  "Resize filter: " + framekit::cli::resize_filter_list() +
                      " (default: area to shrink, bilinear to enlarge)");
  sub->add_option("--format", opts->format,
                  "Raw input pixel format (nv12, yuv420p, yuyv422, rgb24, ...), as --in-format");
  sub->add_option("--range", opts->range, "Color range of the input: tv (limited) or pc (full)");
  sub->add_option("--space", opts->space, "YUV matrix of the input: bt601, bt709, bt2020nc, ...");
  sub->add_option("--subsampling", opts->subsampling,
                  "444, 422, 420, 440 or gray (default: 420 for RGB, the input's own for YUV; "
                  "YUV input takes its own or gray, gray input only gray)");
  sub->add_option("--restart", opts->restart, "Restart interval in MCUs (0 = none)");
  opts->threads_option =
      sub->add_option("--threads", opts->threads,
                      "Threads per picture (bands in parallel, the same bytes as one thread; 0 = "
                      "all cores)")
          ->capture_default_str();
  sub->add_flag("--optimize", opts->optimize, "Optimal Huffman tables (two passes)");
  sub->add_flag("--progressive", opts->progressive,
                "Progressive JPEG (SOF2, libjpeg's simple progression script)");
  sub->add_option("--chroma-quality", opts->chroma_quality,
                  "Quality 1..100 of the chroma table (default: as -q; cjpeg's -quality L,C)");
  sub->add_option("--quant-tables", opts->quant_tables_file,
                  "Quantisation tables from a file, cjpeg's -qtables format: 64 integers 1..255 "
                  "per table in natural order, 1 to 3 tables, '#' comments (overrides -q)");
  sub->add_option("--exif", opts->exif_file,
                  "Write this file's EXIF (TIFF) data as APP1 (instead of the input's)");
  sub->add_option("--icc", opts->icc_file,
                  "Embed this ICC profile (APP2 segments; instead of the input's)");
  sub->add_flag("--strip", opts->strip,
                "Leave out the input's EXIF and ICC profile (kept by default)");
  sub->add_option("--density", opts->density,
                  "JFIF density: XxYdpi, XxYdpcm, or XxY for a pixel aspect (default 1x1)");
  sub->add_flag("--raw", opts->raw, "Code YUV samples as they are (no range/matrix conversion)");
  sub->add_option("--comment", opts->comment, "Add a COM segment");
  sub->add_flag("--builtin", opts->builtin,
                "Encode a built-in synthetic scene (NV12) instead of a file");
  sub->add_option("--builtin-size", opts->builtin_size, "Size of the built-in scene")
      ->capture_default_str();
  sub->add_option("--channels", opts->channels,
                  "Encode through the JPEGE engine on N channels sharing its workers");
  sub->add_option("--workers", opts->workers,
                  "Engine worker threads with --channels (0 = one per core)");
  return [opts] { return run_encode(*opts); };
}
