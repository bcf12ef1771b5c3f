// framekit thumbnail: images or videos in, JPEG or PNG thumbnails out that fit a box.
//   framekit thumbnail photos/*.jpg -s 640 -o thumbs/          # like vipsthumbnail -s 640
//   framekit thumbnail clip.mp4 --interval 1 -s 320 -o 'th/%03d.jpg'   # one per second
//   framekit thumbnail clip.mp4 --count 9 -s 320x180 -o th/    # nine evenly spaced
//   framekit thumbnail clip.mp4 --keyframes -o th/
// A JPEG is decoded at the DCT scale that leaves twice the box (TurboJPEG's scaled
// decode, as RGB), then shrunk with Lanczos-3 (--filter: another); nothing is enlarged.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "cli_error.h"
#include "command.h"
#include "framekit/color/reformat.h"
#include "framekit/core/error.h"
#include "framekit/jpeg/encoder.h"
#include "image_io.h"
#include "picture_job.h"

namespace {

// vips's thumbnail filter: sharp, and Pillow's LANCZOS bytes after the DCT-domain shrink.
constexpr framekit::ResizeMode kDefaultThumbnailFilter = framekit::ResizeMode::kLanczos3;
// The DCT-domain shrink leaves the filter at least this factor, as vips and Pillow's
// thumbnail() do: a DCT scale that does the whole shrink is a box filter.
constexpr double kReducingGap = 2.0;

struct ThumbnailArgs {
  framekit::cli::CommonArgs common;
  std::string size = "320";
  std::string filter;
  double interval = 0;
  int count = 0;
  int quality = framekit::jpeg::kDefaultQuality;
  bool strip = false;
  CLI::Option* interval_option = nullptr;
};

int run_thumbnail(ThumbnailArgs& a) {
  using namespace framekit;
  cli::CommonArgs& c = a.common;
  cli::SourceOptions source = cli::source_options(c);
  const auto box = cli::parse_size_spec("-s", a.size, /*square_ok=*/true);
  FK_USAGE_CHECK(a.quality >= 1 && a.quality <= 100, "-q ", a.quality,
                 " is out of range (expected 1..100)");
  std::optional<ResizeMode> filter;
  if (!a.filter.empty()) filter = cli::parse_filter(a.filter);
  const bool interval_given = a.interval_option->count() > 0;
  FK_USAGE_CHECK(!interval_given || (a.interval > 0 && a.interval <= 1e6), "--interval ",
                 a.interval, " is invalid (expected seconds > 0)");
  FK_USAGE_CHECK(a.count >= 0, "--count ", a.count, " is invalid (expected 1 or more)");
  FK_USAGE_CHECK(int(interval_given) + int(a.count > 0) + int(c.keyframes) +
                         int(source.select.fps.has_value()) <=
                     1,
                 "give one of --interval, --count, --keyframes and --fps");
  if (interval_given) source.select.interval = a.interval;
  source.evenly_spaced = a.count;
  source.fit_width = box.first;
  source.fit_height = box.second;
  source.filter = filter.value_or(kDefaultThumbnailFilter);
  source.reducing_gap = kReducingGap;
  source.prefer_rgb = true;
  const std::vector<cli::InputItem> items = cli::expand_inputs(c.inputs, c.recursive);
  std::string ext = c.ext.empty() ? ".jpg" : c.ext;
  if (ext[0] != '.') ext = "." + ext;
  cli::OutputPlan plan({"thumbnail",
                        c.output,
                        cli::overwrite_policy(c),
                        {cli::FileKind::kJpeg, cli::FileKind::kPng},
                        ext},
                       items);
  const bool to_stdout = plan.mode() == cli::OutputMode::kStdout;
  jpeg::EncodeParams params;
  params.quality = a.quality;

  int64_t index = 0;
  cli::Batch batch(cli::batch_options(c, "made thumbnails:", to_stdout), items);
  return batch.run([&](size_t i, cli::InputResult& result) {
    cli::Source src(items[i], source);
    const cli::FileKind kind = plan.kind(i);
    VideoFrame vf = src.next();
    FK_CHECK_ARG(vf.defined(), "'", items[i].path, "' holds no frames",
                 source.select.any() || a.count > 0 ? " in the selected range" : "");
    cli::for_each_picture(src, plan, items, i, std::move(vf), index, result,
                          [&](const VideoFrame& vf, int64_t frame, const std::string& path) {
      const auto [w, h] = cli::fitted_size(vf.width(), vf.height(), box);
      VideoFrame thumb = vf;
      const auto& d = vf.frame().pix_info().desc();
      // Shrink in RGB, where the chroma has full resolution (Pillow's and vips's way):
      // shrunk as planes, 4:2:0 chroma would stay at half the thumbnail's resolution.
      if ((w != vf.width() || h != vf.height()) && d.is_yuv() && !d.is_gray() &&
          (d.log2_chroma_w || d.log2_chroma_h)) {
        thumb = thumb.with_frame(reformat(thumb.frame().cpu(), PixelInfo(PF_RGB24)));
      }
      thumb = cli::scale_frame(thumb, w, h, filter.value_or(kDefaultThumbnailFilter));
      if (a.strip) {
        Frame f = thumb.frame();
        f.set_image_metadata(nullptr);
        thumb = thumb.with_frame(f);
      }
      cli::FrameWriter writer(path, kind);
      writer.set_jpeg(params, !a.strip);
      if (kind == cli::FileKind::kJpeg) {
        thumb = cli::jpeg_input(thumb, false);
      } else {
        thumb = thumb.with_frame(reformat(
            thumb.frame().cpu(), PixelInfo(writer.preferred_format(thumb.frame().pix_info()))));
      }
      writer.write(thumb);
      writer.commit();
      result.wrote(path, cli::written_size(path), int64_t{w} * h);
    });
  });
}

}  // namespace

FRAMEKIT_CLI_COMMAND(thumbnail) {
  auto args = std::make_shared<ThumbnailArgs>();
  auto* sub = app.add_subcommand("thumbnail",
                                 "Thumbnails of images and videos that fit a box (JPEG or PNG)");
  framekit::cli::add_common_options(
      sub, args->common,
      "Output: DIR/ (inputs mirror their relative paths; a video's frames get _00000 ...), a "
      "pattern like 'th_%03d.jpg', FILE.jpg/.png for one picture, or - for stdout");
  sub->add_option("-s,--size", args->size,
                  "The box: N (N x N) or WxH; Wx or xH bound one side. Aspect kept, never enlarged")
      ->capture_default_str();
  args->interval_option =
      sub->add_option("--interval", args->interval, "Video: one thumbnail every SECONDS");
  sub->add_option("--count", args->count, "Video: N thumbnails evenly spaced over the video");
  sub->add_option("--filter", args->filter,
                  "Resize filter: " + framekit::cli::resize_filter_list() +
                      " (default: lanczos, after a JPEG's DCT-domain downscaling)");
  sub->add_option("-q,--quality", args->quality, "JPEG quality 1..100")->capture_default_str();
  sub->add_flag("--strip", args->strip, "Leave out the input's EXIF and ICC profile");
  return [args] { return run_thumbnail(*args); };
}
