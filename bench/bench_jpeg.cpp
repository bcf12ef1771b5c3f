// JPEG encoder benchmark: framekit vs TurboJPEG (accurate DCT, 4:2:0, default tables)
// on synthetic 640x480 / 1080p / 4K images and the mate-backgrounds photos.
//   bench_jpeg [--json] [--seconds S] [--quality 75,85,95] [--no-photos] [--photos DIR]
//              [--wait-quiet SECONDS]
// --wait-quiet: before each case wait (up to SECONDS) until a second core is free, so
// shared machines still give meaningful 2-thread figures.
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "harness/jpeg_bench_harness.h"

int main(int argc, char** argv) {
  using namespace framekit::jpeg::bench;
  bool json = false, photos = true;
  double seconds = 0.4, wait_quiet = 0;
  std::vector<int> qualities = {75, 85, 95};
  std::string photo_dir = "/usr/share/backgrounds/mate/nature";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--json") {
      json = true;
    } else if (a == "--no-photos") {
      photos = false;
    } else if (a == "--seconds" && has_value) {
      seconds = std::atof(argv[++i]);
    } else if (a == "--photos" && has_value) {
      photo_dir = argv[++i];
    } else if (a == "--wait-quiet" && has_value) {
      wait_quiet = std::atof(argv[++i]);
    } else if (a == "--quality" && has_value) {
      qualities.clear();
      for (char* tok = std::strtok(argv[++i], ","); tok; tok = std::strtok(nullptr, ","))
        qualities.push_back(std::atoi(tok));
    } else {
      std::fprintf(stderr,
                   "usage: %s [--json] [--seconds S] [--quality 75,85,95] [--no-photos] "
                   "[--photos DIR] [--wait-quiet SECONDS]\n",
                   argv[0]);
      return 2;
    }
  }
#ifndef FRAMEKIT_HAVE_TURBOJPEG
  std::fprintf(stderr, "bench_jpeg: built without TurboJPEG, nothing to compare\n");
  return 1;
#else
  std::vector<TestImage> images = {synthetic_image(640, 480), synthetic_image(1920, 1080),
                                   synthetic_image(3840, 2160)};
  if (photos) {
    for (const auto& p : list_photos(photo_dir)) {
      TestImage img;
      if (load_photo(p, img)) images.push_back(std::move(img));
    }
  }
  std::vector<Result> results;
  for (const auto& img : images) {
    for (int q : qualities) {
      if (wait_quiet > 0 && !wait_until_quiet(wait_quiet)) {
        std::fprintf(stderr, "bench_jpeg: the machine stayed busy; 2-thread figures are unreliable\n");
      }
      results.push_back(run_case(img, q, seconds));
      if (!json) {
        print_table({results.back()}, stdout, results.size() == 1);
        std::fflush(stdout);
      }
    }
  }
  if (json) {
    print_json(results, stdout);
  } else {
    std::printf("\nall results:\n");
    print_table(results, stdout);
    std::printf("\n");
    print_summary(results, stdout);
  }
  return all_same_bytes(results) ? 0 : 1;
#endif
}
