// framekit bench jpeg: the JPEG encoder against TurboJPEG on this machine (synthetic
// 640x480 / 1080p / 4K scenes and the mate-backgrounds photos), as a table or JSON.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "../bench/jpeg_bench_harness.h"
#include "command.h"
#include "framekit/core/error.h"

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
  return 0;
#endif
}

}  // namespace

FRAMEKIT_CLI_COMMAND(bench) {
  auto opts = std::make_shared<BenchJpegOptions>();
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
  return [opts, jpeg] {
    if (jpeg->parsed()) return run_bench_jpeg(*opts);
    return 0;
  };
}
