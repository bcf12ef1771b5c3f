// framekit bench jpeg: the JPEG encoder against TurboJPEG on this machine (synthetic
// 640x480 / 1080p / 4K scenes and the mate-backgrounds photos), as a table or JSON.
// framekit bench convert: color conversion and geometry against libyuv, swscale and
// OpenCV, single-threaded, with a memory-traffic floor, as a table or JSON.
// framekit bench io: JPEG decoding against TurboJPEG (and OpenCV), photo thumbnails
// against vipsthumbnail and ImageMagick, as ratios median [min-max].
#include <cstdio>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "command.h"
#include "framekit/core/build_info.h"
#include "framekit/core/error.h"
#include "framekit/core/simd.h"
#include "harness/convert_bench_harness.h"
#include "harness/io_bench_harness.h"
#include "harness/jpeg_bench_harness.h"
#include "image_io.h"

namespace {

struct BenchJpegOptions {
  bool json = false;
  bool quick = false;
  bool no_photos = false;
  double seconds = 0.3;
  double wait_quiet = 0;
  std::vector<int> qualities = {75, 85, 95};
  std::string photos = "/usr/share/backgrounds/mate/nature";
};

int run_bench_jpeg(const BenchJpegOptions& o) {
#ifndef FRAMEKIT_HAVE_TURBOJPEG
  (void)o;
  FK_THROW(framekit::ErrorCode::kUnsupported,
           "bench jpeg: this build has no TurboJPEG to compare with");
#else
  using namespace framekit::jpeg::bench;
  std::vector<TestImage> images = {synthetic_image(640, 480), synthetic_image(1920, 1080)};
  if (!o.quick) images.push_back(synthetic_image(3840, 2160));
  if (!o.no_photos) {
    auto files = list_photos(o.photos);
    if (o.quick && files.size() > 2) files.resize(2);
    for (const auto& p : files) {
      TestImage img;
      if (load_photo(p, img)) images.push_back(std::move(img));
    }
  }
  std::vector<Result> results;
  for (const auto& img : images) {
    for (int q : o.qualities) {
      if (o.wait_quiet > 0 && !wait_until_quiet(o.wait_quiet))
        std::fprintf(stderr,
                     "bench jpeg: the machine stayed busy; 2-thread figures are unreliable\n");
      results.push_back(run_case(img, q, o.seconds));
      if (!o.json) {
        print_table({results.back()}, stdout, results.size() == 1);
        std::fflush(stdout);
      }
    }
  }
  if (o.json) {
    print_json(results, stdout);
  } else {
    std::printf("\n");
    print_summary(results, stdout);
  }
  FK_CHECK(all_same_bytes(results), framekit::ErrorCode::kRuntime,
           "bench jpeg: some framekit files differ from TurboJPEG's (marked DIFF)");
  return 0;
#endif
}

struct BenchConvertOptions {
  bool json = false;
  bool quick = false;
  std::string filter;
  std::string size;
};

int run_bench_convert(const BenchConvertOptions& a) {
  namespace cb = framekit::convert_bench;
  cb::Options o;
  o.quick = a.quick;
  o.include_4k = !a.quick;
  o.filter = a.filter;
  if (!a.size.empty()) {
    try {
      std::tie(o.width, o.height) = framekit::cli::parse_size(a.size);
    } catch (const framekit::Error&) {
      FK_THROW(framekit::ErrorCode::kInvalidArgument, "--size '", a.size,
               "' is invalid (expected WxH with positive W and H, e.g. 1920x1080)");
    }
    FK_CHECK_ARG(o.width <= 16384 && o.height <= 16384, "--size '", a.size,
                 "' is too large (at most 16384x16384)");
  }
  const std::vector<cb::CaseSpec> cases = cb::plan(o);
  if (cases.empty()) {
    cb::Options all;
    std::string ops;
    for (const auto& c : cb::plan(all))
      if (ops.find(c.op) == std::string::npos) ops += (ops.empty() ? "" : ", ") + c.op;
    FK_THROW(framekit::ErrorCode::kInvalidArgument, "--filter '", a.filter,
             "' matches no operation (operations: ", ops, ")");
  }
  cb::use_one_thread();
  const auto widths = cb::column_widths(cases);
  if (!a.json) {
    const auto built = [](bool yes) { return yes ? "yes" : "no"; };
    bool yuv = false, sws = false, cv = false;
#ifdef FRAMEKIT_HAVE_LIBYUV
    yuv = true;
#endif
#ifdef FRAMEKIT_HAVE_FFMPEG
    sws = true;
#endif
#ifdef FRAMEKIT_HAVE_OPENCV
    cv = true;
#endif
    std::printf(
        "framekit bench convert: 1 thread, SIMD %s; built with libyuv %s, swscale %s, "
        "OpenCV %s\n",
        framekit::simd_target().c_str(), built(yuv), built(sws), built(cv));
    cb::print_legend(stdout);
    std::printf("\n");
    cb::print_table({}, stdout, true, widths);
    std::fflush(stdout);
  }
  const auto results = cb::run(cases, o, [&](const cb::Result& r) {
    if (a.json) return;
    cb::print_table({r}, stdout, false, widths);
    std::fflush(stdout);
  });
  if (a.json) cb::print_json(results, stdout);
  return 0;
}

int run_bench_io(const framekit::io_bench::Options& o) {
  FK_CHECK_ARG(o.rounds >= 1, "--rounds must be at least 1, not ", o.rounds);
  FK_CHECK_ARG(o.seconds >= 0, "--seconds must not be negative");
  const int status = framekit::io_bench::run(o, stdout);
  FK_CHECK(status == 0, framekit::ErrorCode::kRuntime,
           "bench io: a case failed (see the messages above)");
  return 0;
}

}  // namespace

FRAMEKIT_CLI_COMMAND(bench) {
  auto opts = std::make_shared<BenchJpegOptions>();
  auto conv = std::make_shared<BenchConvertOptions>();
  auto* sub = app.add_subcommand("bench", "Benchmarks against reference libraries");
  sub->require_subcommand(1);
  auto* jpeg = sub->add_subcommand("jpeg", "JPEG encoder vs TurboJPEG (accurate DCT, 4:2:0)");
  jpeg->add_flag("--json", opts->json, "Print JSON instead of a table");
  jpeg->add_flag("--quick", opts->quick, "Fewer images (no 4K, two photos)");
  jpeg->add_flag("--no-photos", opts->no_photos, "Synthetic images only");
  jpeg->add_option("--seconds", opts->seconds, "Time per case")->capture_default_str();
  jpeg->add_option("--quality", opts->qualities, "Qualities")
      ->delimiter(',')
      ->capture_default_str();
  jpeg->add_option("--photos", opts->photos, "Folder of .jpg photos")->capture_default_str();
  jpeg->add_option("--wait-quiet", opts->wait_quiet,
                   "Before each case wait up to this many seconds for a free second core");
  auto* convert = sub->add_subcommand(
      "convert",
      "Color conversion and scale/rotate vs libyuv, swscale, OpenCV (1 thread, 1080p and 4K)");
  convert->add_flag("--json", conv->json, "Print JSON instead of a table");
  convert->add_flag("--quick", conv->quick, "1080p only, fewer rounds");
  convert->add_option("--filter", conv->filter,
                      "Only operations whose name contains this (e.g. NV12, I420->RGB24, rotate)");
  convert->add_option("--size", conv->size,
                      "Frame size WxH instead of 1080p and 4K (scales: to 2/3 and 1/2, from 2/3)");
  auto io_opts = std::make_shared<framekit::io_bench::Options>();
  auto* io = sub->add_subcommand(
      "io",
      "JPEG decode vs TurboJPEG (and OpenCV), 640-wide thumbnails vs vipsthumbnail and "
      "ImageMagick (1 thread)");
  io->add_option("--rounds", io_opts->rounds, "Rounds per photo at most")->capture_default_str();
  io->add_option("--seconds", io_opts->seconds,
                 "Stop a photo's rounds after this many seconds (0: run every round)");
  io->add_flag(
      "--no-thumbnails", [io_opts](int64_t) { io_opts->thumbnails = false; },
      "Decode cases only (no vipsthumbnail, no ImageMagick)");
  io->add_option("photos", io_opts->photos, "JPEG photos (default: four mate-backgrounds)");
  return [opts, jpeg, conv, convert, io_opts, io] {
    if (jpeg->parsed()) return run_bench_jpeg(*opts);
    if (convert->parsed()) return run_bench_convert(*conv);
    if (io->parsed()) return run_bench_io(*io_opts);
    return 0;
  };
}
