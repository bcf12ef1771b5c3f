// Image reading against its references (bench/harness/io_bench_harness.h says what is
// measured and how); `framekit bench io` runs the same code.
//
//   bench_io [--rounds N] [--seconds S] [photo.jpg ...]   (default: mate-backgrounds photos)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "harness/io_bench_harness.h"

int main(int argc, char** argv) {
  framekit::io_bench::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc)
      options.rounds = std::max(1, std::atoi(argv[++i]));
    else if (a == "--seconds" && i + 1 < argc)
      options.seconds = std::atof(argv[++i]);
    else if (a.rfind("--", 0) != 0)
      options.photos.push_back(a);  // other benchmarks' flags: ignored
  }
  return framekit::io_bench::run(options, stdout);
}
