// Image reading against its references, interleaved in rounds on the same bytes: the code
// that bench/bench_io.cpp and `framekit bench io` share. Part of framekit_bench_harness
// (bench/harness/CMakeLists.txt).
//  - JPEG decode to RGB and to the JPEG's own YUV planes: framekit::io against TurboJPEG
//    called directly, and to BGR against OpenCV's imdecode where it is installed (one
//    thread, thread CPU time);
//  - photo file -> 640-wide JPEG thumbnail file (read, decode, scale, encode, write):
//    framekit (DCT scaling + area resize, its JPEG encoder) against vipsthumbnail and
//    ImageMagick's convert -thumbnail, which run as processes: their time is wall time
//    less the median start-up of the same program doing nothing.
// Prints per case the median time of each side and the ratio theirs / ours as the median
// [min-max] over the rounds.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace framekit::io_bench {

struct Options {
  // Rounds per photo at most; each round times every case once.
  int rounds = 15;
  // When positive, a photo's rounds stop once they have taken this many seconds (wall
  // time, at least one round).
  double seconds = 0;
  // Photo files; empty: default_photos().
  std::vector<std::string> photos;
  // Run the thumbnail cases (which start vipsthumbnail and convert as processes).
  bool thumbnails = true;
  // Where the thumbnails are written (removed at the end).
  std::string scratch = "/tmp/framekit_bench_io_thumb.jpg";
};

// Debian's mate-backgrounds photos of four kinds: 4:2:0, 4:2:2, progressive, 4:4:4.
std::vector<std::string> default_photos();

// Runs every case of every photo and prints the report to `out`. Returns 0, or 1 when a
// photo is not a JPEG, a reference program fails or a result is wrong (said on stderr).
int run(const Options& options, std::FILE* out);

}  // namespace framekit::io_bench
