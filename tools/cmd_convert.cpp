// framekit convert IN -o OUT --format F [--size WxH] [--space S --range R]:
// scale and color-convert every frame of IN (raw, PPM/PGM, PNG, Y4M, JPEG) into OUT.
// OUT is complete or absent: it is written under a temporary name and moved into
// place only when every frame was read, converted and written (tools/output_file.h),
// so a failure leaves an existing OUT as it was; OUT may not be IN.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "command.h"
#include "framekit/convert/convert.h"
#include "framekit/core/error.h"
#include "framekit/geometry/geometry.h"
#include "framekit/pixel/color_label.h"
#include "image_io.h"
#include "output_file.h"

namespace {

struct ConvertArgs {
  std::string input, output;
  std::string in_size, in_format, in_space, in_range;
  std::string format, size, space, range, filter;  // empty filter: convert() picks
  int64_t frames = 0;  // with frames_given: at most this many (at least 1)
  bool frames_given = false;
  int64_t max_pixels = static_cast<int64_t>(framekit::cli::kDefaultMaxPixels);
  bool verbose = false;
};

// "1920x1080", "1920x" or "x1080" (the missing side keeps the aspect ratio).
void apply_size(framekit::MediaDesc& desc, const std::string& s) {
  const auto x = s.find_first_of("xX");
  FK_CHECK_ARG(x != std::string::npos, "--size '", s, "' is invalid (expected WxH, Wx or xH)");
  const std::string w = s.substr(0, x), h = s.substr(x + 1);
  FK_CHECK_ARG(!w.empty() || !h.empty(), "--size '", s, "' gives neither width nor height");
  auto parse = [&](const std::string& v) {
    size_t used = 0;
    int n = 0;
    try {
      n = std::stoi(v, &used);
    } catch (...) {
      used = 0;
    }
    FK_CHECK_ARG(used == v.size() && n > 0, "--size '", s, "' has an invalid number '", v, "'");
    return n;
  };
  if (!w.empty()) desc.width(parse(w));
  if (!h.empty()) desc.height(parse(h));
}

int run_convert(const ConvertArgs& a) {
  using namespace framekit;
  // --frames 0 would make an empty output; a negative count meant "all" by accident.
  FK_CHECK_ARG(!a.frames_given || a.frames >= 1, "--frames ", a.frames,
               " is invalid (expected a count of at least 1; leave it out for all frames)");
  FK_CHECK_ARG(a.max_pixels >= 1, "--max-pixels ", a.max_pixels,
               " is invalid (expected at least 1)");
  cli::check_not_same_file(a.input, a.output);
  std::optional<cli::RawSpec> raw;
  if (!a.in_size.empty() || !a.in_format.empty()) {
    FK_CHECK_ARG(!a.in_size.empty() && !a.in_format.empty(),
                 "raw input needs both --in-size and --in-format");
    const auto [w, h] = cli::parse_size(a.in_size);
    raw = cli::RawSpec{w, h, PixelInfo(parse_pixel_format(a.in_format))};
  }
  cli::FrameWriter writer(a.output);
  // Everything that can be refused without reading is refused before OUT is touched.
  if (!a.format.empty()) writer.check_format(parse_pixel_format(a.format));
  if (!a.filter.empty()) parse_resize_mode(a.filter);
  cli::FrameReader reader(a.input, raw, cli::ReadLimits{static_cast<uint64_t>(a.max_pixels)});
  MediaDesc src_desc;
  if (!a.in_space.empty()) src_desc.color_space(parse_color_space(a.in_space));
  if (!a.in_range.empty()) src_desc.color_range(parse_color_range(a.in_range));
  MediaDesc dst_desc;
  if (!a.size.empty()) apply_size(dst_desc, a.size);
  if (!a.space.empty()) dst_desc.color_space(parse_color_space(a.space));
  if (!a.range.empty()) dst_desc.color_range(parse_color_range(a.range));

  int count = 0;
  const auto start = std::chrono::steady_clock::now();
  for (VideoFrame vf = reader.next(); vf; vf = reader.next()) {
    MediaDesc d = dst_desc;
    const PixelFormat out_format = a.format.empty() ? writer.preferred_format(vf.frame().pix_info())
                                                    : parse_pixel_format(a.format);
    d.pixel_format(out_format);
    // A raw file cannot say its range, and every reader (FFmpeg, framekit) takes the
    // format's usual one: limited for YUV, full for YUVJ, RGB and gray. Without
    // --range the output gets exactly that, whatever the source's range was.
    if (a.range.empty() && !writer.stores_range()) {
      const OutputLabelRules raw_rules{OutputLabelMode::kKeepSource, /*range_not_stored=*/true};
      d.color_range(
          resolve_output_label(vf.frame().pix_info(), PixelInfo(out_format), raw_rules).range());
    }
    if (a.verbose && count == 0) {
      const auto& f = vf.frame();
      std::fprintf(stderr, "plan: %s%s\n",
                   plan_convert(f.width(), f.height(), f.pix_info(), f.device(), d).str().c_str(),
                   a.filter.empty() ? "" : (" (scale with " + a.filter + ")").c_str());
    }
    {
      // The output is bounded like the input: --size 100000x100000 would otherwise
      // allocate tens of gigabytes before anything fails.
      const auto [ow, oh] = target_size(vf.width(), vf.height(), d);
      FK_CHECK_ARG(uint64_t(ow) * uint64_t(oh) <= static_cast<uint64_t>(a.max_pixels),
                   "the output size ", ow, "x", oh, " (", uint64_t(ow) * uint64_t(oh),
                   " pixels) is more than the limit of ", a.max_pixels,
                   " pixels (raise it with --max-pixels)");
    }
    if (!a.filter.empty() && (d.width.has_value() || d.height.has_value())) {
      // An explicit filter: scale here with it, then let convert() do the color.
      const auto [w, h] = target_size(vf.width(), vf.height(), d);
      vf = vf.with_frame(resize(vf.frame(), w, h, parse_resize_mode(a.filter)));
      d.width.reset();
      d.height.reset();
    }
    const VideoFrame out = convert(vf, src_desc, d);
    writer.write(out);
    ++count;
    if (a.frames_given && count >= a.frames) break;
  }
  FK_CHECK_ARG(count > 0, "'", a.input, "' holds no frame");
  writer.commit();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "converted %d frame(s) to %s in %.3f s\n", count, a.output.c_str(), s);
  return 0;
}

}  // namespace

FRAMEKIT_CLI_COMMAND(convert) {
  auto args = std::make_shared<ConvertArgs>();
  auto* sub = app.add_subcommand("convert", "Scale and color-convert frames between files");
  sub->add_option("input", args->input, "Input: .png, .ppm/.pgm, .y4m, or raw planes")->required();
  sub->add_option("-o,--output", args->output, "Output: .png, .ppm/.pgm, .y4m, or raw planes")
      ->required();
  sub->add_option("--format", args->format,
                  "Output pixel format (nv12, yuv420p, rgb24, …; default: what OUT stores best)");
  sub->add_option("--size", args->size, "Output size WxH, or Wx / xH to keep the aspect ratio");
  sub->add_option("--space", args->space, "Output color space (bt601, bt709, bt2020, …)");
  sub->add_option("--range", args->range, "Output range (tv/limited, pc/full)");
  sub->add_option("--filter", args->filter, "Resize filter: nearest, bilinear, bicubic, area (default: area to shrink, else bilinear)");
  sub->add_option("--in-size", args->in_size, "Raw input size WxH");
  sub->add_option("--in-format", args->in_format, "Raw input pixel format");
  sub->add_option("--in-space", args->in_space, "Input color space, when the file does not say");
  sub->add_option("--in-range", args->in_range, "Input range, when the file does not say");
  auto* frames = sub->add_option("--frames", args->frames, "Convert at most N frames (N >= 1)");
  sub->add_option("--max-pixels", args->max_pixels,
                  "Refuse input and output pictures of more than N pixels (width x height)")
      ->capture_default_str();
  sub->add_flag("-v,--verbose", args->verbose, "Print the conversion plan");
  return [args, frames] {
    args->frames_given = frames->count() > 0;
    return run_convert(*args);
  };
}
