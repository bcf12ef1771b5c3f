// framekit convert IN... -o OUT [--format F] [--size WxH] [--space S --range R]:
// scale and color-convert every frame of every input into image files (one per
// picture), or into one Y4M or raw file per input (every frame). Each output is
// complete or absent (tools/output_file.h): a failure leaves an existing file as it was.
//   framekit convert photo.jpg -o small.png --size 320x
//   framekit convert shots/ -o png/ --ext .png -y
//   cat photo.jpg | framekit convert - -o - --size 320x > t.png
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "cli_error.h"
#include "command.h"
#include "framekit/convert/convert.h"
#include "framekit/core/error.h"
#include "framekit/geometry/geometry.h"
#include "framekit/jpeg/encoder.h"
#include "framekit/pixel/color_label.h"
#include "image_io.h"
#include "output_file.h"
#include "picture_job.h"

namespace {

struct ConvertArgs {
  framekit::cli::CommonArgs common;
  std::string format, size, space, range, filter;  // empty filter: convert() picks
  bool verbose = false;
  // JPEG outputs.
  int quality = framekit::jpeg::kDefaultQuality;
  std::string subsampling, comment;
  int restart = 0;
  bool optimize = false, progressive = false, strip = false;
};

bool holds_many(framekit::cli::FileKind k) {
  return k == framekit::cli::FileKind::kY4m || k == framekit::cli::FileKind::kRaw;
}

int run_convert(ConvertArgs& a) {
  using namespace framekit;
  cli::CommonArgs& c = a.common;
  const cli::SourceOptions source = cli::source_options(c);
  const uint64_t max_pixels = source.limits.max_pixels;
  jpeg::EncodeParams params;
  params.quality = a.quality;
  params.restart_interval = a.restart;
  params.optimize_huffman = a.optimize;
  params.progressive = a.progressive;
  params.comment = a.comment;
  FK_USAGE_CHECK(a.quality >= 1 && a.quality <= 100, "-q ", a.quality,
                 " is out of range (expected 1..100)");
  FK_USAGE_CHECK(a.restart >= 0 && a.restart <= 65535, "--restart ", a.restart,
                 " is out of range (expected 0..65535 MCUs, 0 = none)");
  FK_USAGE_CHECK(a.comment.size() <= 65533, "--comment of ", a.comment.size(),
                 " bytes is too long (at most 65533)");
  if (!a.subsampling.empty()) params.subsampling = cli::parse_subsampling(a.subsampling);
  cli::as_usage([&] { return jpeg::Encoder(params), 0; });
  std::optional<PixelFormat> format;
  if (!a.format.empty()) format = cli::as_usage([&] { return parse_pixel_format(a.format); });
  std::optional<ResizeMode> filter;
  if (!a.filter.empty()) filter = cli::parse_filter(a.filter);
  MediaDesc src_desc;
  MediaDesc dst_desc;
  cli::as_usage([&] {
    if (!c.in_space.empty()) src_desc.color_space(parse_color_space(c.in_space));
    if (!c.in_range.empty()) src_desc.color_range(parse_color_range(c.in_range));
    if (!a.space.empty()) dst_desc.color_space(parse_color_space(a.space));
    if (!a.range.empty()) dst_desc.color_range(parse_color_range(a.range));
    return 0;
  });
  std::optional<std::pair<int, int>> size;
  if (!a.size.empty()) size = cli::parse_size_spec("--size", a.size);

  const std::vector<cli::InputItem> items = cli::expand_inputs(c.inputs, c.recursive);
  std::string ext = c.ext;
  if (!ext.empty() && ext[0] != '.') ext = "." + ext;
  cli::OutputPlan plan({"convert",
                        c.output,
                        cli::overwrite_policy(c),
                        {cli::FileKind::kPng, cli::FileKind::kJpeg, cli::FileKind::kPnm,
                         cli::FileKind::kY4m, cli::FileKind::kRaw},
                        ext},
                       items);
  for (size_t i = 0; i < items.size(); ++i) {
    // Everything that can be refused without reading is refused before any work.
    if (format) cli::FrameWriter("x", plan.kind(i)).check_format(*format);
  }

  // One frame as it is written by `writer`.
  auto transform = [&](VideoFrame vf, cli::FrameWriter& writer, bool first, bool jpeg_out) {
    MediaDesc d = dst_desc;
    PixelFormat out_format = format ? *format : writer.preferred_format(vf.frame().pix_info());
    // A JPEG subsampling other than the input's own is made from RGB.
    if (jpeg_out && !format && cli::needs_rgb_for(vf.frame().pix_info(), params.subsampling)) {
      out_format = PF_RGB24;
    }
    d.pixel_format(out_format);
    // A raw file cannot say its range, and every reader (FFmpeg, framekit) takes the
    // format's usual one: limited for YUV, full for YUVJ, RGB and gray. Without
    // --range the output gets exactly that, whatever the source's range was.
    if (a.range.empty() && !writer.stores_range()) {
      const OutputLabelRules raw_rules{OutputLabelMode::kKeepSource, /*range_not_stored=*/true};
      d.color_range(
          resolve_output_label(vf.frame().pix_info(), PixelInfo(out_format), raw_rules).range());
    }
    std::pair<int, int> out_size{vf.width(), vf.height()};
    if (size) out_size = cli::scaled_size(vf.width(), vf.height(), *size);
    // The output is bounded like the input: --size 100000x100000 would otherwise
    // allocate tens of gigabytes before anything fails.
    FK_CHECK_ARG(uint64_t(out_size.first) * uint64_t(out_size.second) <= max_pixels,
                 "the output size ", out_size.first, "x", out_size.second, " (",
                 uint64_t(out_size.first) * uint64_t(out_size.second),
                 " pixels) is more than the limit of ", max_pixels,
                 " pixels (raise it with --max-pixels)");
    if (size) {
      if (filter) {
        vf = cli::scale_frame(vf, out_size.first, out_size.second, filter);
      } else {
        d.width(out_size.first).height(out_size.second);
      }
    }
    if (a.verbose && first) {
      const auto& f = vf.frame();
      std::fprintf(stderr, "plan: %s%s\n",
                   plan_convert(f.width(), f.height(), f.pix_info(), f.device(), d).str().c_str(),
                   a.filter.empty() ? "" : (" (scale with " + a.filter + ")").c_str());
    }
    const auto meta = vf.frame().image_metadata();
    VideoFrame out = convert(vf, src_desc, d);
    Frame f = out.frame();
    f.set_image_metadata(meta);
    return out.with_frame(f);
  };

  int64_t index = 0;
  cli::Batch batch(cli::batch_options(c, "converted", true), items);
  return batch.run([&](size_t i, cli::InputResult& result) {
    cli::Source src(items[i], source);
    const cli::FileKind kind = plan.kind(i);
    VideoFrame vf = src.next();
    FK_CHECK_ARG(vf.defined(), "'", items[i].path, "' holds no frame",
                 source.select.any() ? " in the selected range" : "");
    if (holds_many(kind)) {
      // Every frame into one file.
      const cli::OutputPlan::Target t = plan.path(i, false, 0, index++);
      if (t.keep) {
        result.kept(t.path);
        return;
      }
      cli::FrameWriter writer(t.path, kind);
      int64_t pixels = 0, frames = 0;
      for (; vf; vf = src.next()) {
        const VideoFrame out = transform(vf, writer, frames == 0, false);
        writer.write(out);
        pixels += int64_t{out.width()} * out.height();
        ++frames;
      }
      writer.commit();
      result.wrote(t.path, cli::written_size(t.path), pixels);
      return;
    }
    cli::for_each_picture(src, plan, items, i, std::move(vf), index, result,
                          [&](const VideoFrame& vf, int64_t frame, const std::string& path) {
      cli::FrameWriter writer(path, kind);
      writer.set_jpeg(params, !a.strip);
      const VideoFrame out = transform(vf, writer, frame == 0, kind == cli::FileKind::kJpeg);
      writer.write(out);
      writer.commit();
      result.wrote(path, cli::written_size(path), int64_t{out.width()} * out.height());
    });
  });
}

}  // namespace

FRAMEKIT_CLI_COMMAND(convert) {
  auto args = std::make_shared<ConvertArgs>();
  auto* sub =
      app.add_subcommand("convert", "Scale and color-convert pictures and frames between files");
  framekit::cli::add_common_options(
      sub, args->common,
      "Output: FILE.png/.jpg/.ppm/.pgm (one picture), FILE.y4m or raw FILE.yuv/.nv12/... "
      "(every frame of one input), DIR/ (inputs mirror their relative paths, kind from "
      "--ext or the input's own), a pattern like 'out_%05d.png', or - for stdout (--ext, "
      "default .png)");
  sub->add_option("--format", args->format,
                  "Output pixel format (nv12, yuv420p, rgb24, …; default: what OUT stores best)");
  sub->add_option("--size", args->size, "Output size WxH, or Wx / xH to keep the aspect ratio");
  sub->add_option("--space", args->space, "Output color space (bt601, bt709, bt2020, …)");
  sub->add_option("--range", args->range, "Output range (tv/limited, pc/full)");
  sub->add_option("--filter", args->filter,
                  "Resize filter: " + framekit::cli::resize_filter_list() +
                      " (default: area to shrink, else bilinear)");
  sub->add_option("-q,--quality", args->quality, "JPEG output: quality 1..100")
      ->capture_default_str();
  sub->add_option("--subsampling", args->subsampling, "JPEG output: 444, 422, 420, 440 or gray");
  sub->add_flag("--optimize", args->optimize, "JPEG output: optimal Huffman tables");
  sub->add_flag("--progressive", args->progressive, "JPEG output: progressive");
  sub->add_option("--restart", args->restart, "JPEG output: restart interval in MCUs (0 = none)");
  sub->add_option("--comment", args->comment, "JPEG output: a COM segment");
  sub->add_flag("--strip", args->strip, "JPEG output: leave out the input's EXIF and ICC profile");
  sub->add_flag("-v,--verbose", args->verbose, "Print the conversion plan");
  return [args] { return run_convert(*args); };
}
