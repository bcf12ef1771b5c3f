// framekit's JPEG encoder against TurboJPEG, in one process on the same planes, in three
// modes (baseline, optimized Huffman tables, progressive) on 1 and 2 threads: MP/s, the
// speed ratio, whether the bytes are TurboJPEG's, size, PSNR. Part of framekit_bench_harness
// (bench/harness/CMakeLists.txt), which bench/bench_jpeg.cpp, bench/bench_jpege.cpp and
// the CLI (`framekit bench jpeg`, `framekit encode`'s synthetic scene) link.
#pragma once

#include <dirent.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "framekit/core/parallel.h"
#include "framekit/jpeg/encoder.h"
#include "framekit/pixel/image_view.h"

#ifdef FRAMEKIT_HAVE_TURBOJPEG
#include <turbojpeg.h>
#endif

namespace framekit::jpeg::bench {

// An I420 (full range) image with its NV12 twin: the benchmark's input.
struct TestImage {
  std::string name;
  int width = 0, height = 0;
  // Planes; y is padded to even width and height (repeating its edge) because
  // TurboJPEG's 4:2:0 planes are. uv = NV12's interleaved chroma.
  std::vector<uint8_t> y, u, v, uv;
  int ystride() const { return (width + 1) & ~1; }

  ImageView i420() const {
    ImageView view;
    view.info = PixelInfo(PF_YUVJ420P);
    view.width = width;
    view.height = height;
    const int cw = (width + 1) / 2;
    view.planes[0] = {const_cast<uint8_t*>(y.data()), ystride()};
    view.planes[1] = {const_cast<uint8_t*>(u.data()), cw};
    view.planes[2] = {const_cast<uint8_t*>(v.data()), cw};
    return view;
  }
  ImageView nv12() const {
    ImageView view;
    view.info = PixelInfo(PF_NV12, CS_BT470BG, CR_JPEG);
    view.width = width;
    view.height = height;
    view.planes[0] = {const_cast<uint8_t*>(y.data()), ystride()};
    view.planes[1] = {const_cast<uint8_t*>(uv.data()), 2 * ((width + 1) / 2)};
    return view;
  }
  // Fills the padding column/row of y from the image's last column/row, then makes uv.
  void finish() {
    const int ys = ystride(), yh = (height + 1) & ~1;
    for (int r = 0; r < yh; ++r) {
      uint8_t* row = y.data() + static_cast<size_t>(r) * ys;
      if (r >= height) std::copy(row - ys, row, row);
      if (ys > width) row[width] = row[width - 1];
    }
    make_nv12();
  }
  void make_nv12() {
    uv.resize(u.size() * 2);
    for (size_t i = 0; i < u.size(); ++i) {
      uv[2 * i] = u[i];
      uv[2 * i + 1] = v[i];
    }
  }
};

// A photo-like synthetic scene: sky gradient, soft hills, textured ground, a few hard
// edged shapes and mild sensor noise. Deterministic.
TestImage synthetic_image(int width, int height);

#ifdef FRAMEKIT_HAVE_TURBOJPEG
// A JPEG/PNG-free photo loader: TurboJPEG decodes the file to RGB, then converts to
// I420 (its own RGB → YCbCr and downsampling).
bool load_photo(const std::string& path, TestImage& img);
#endif

std::vector<std::string> list_photos(const std::string& dir);

// A figure of framekit against its TurboJPEG counterpart, from calls interleaved round by
// round: MP/s from the median time, and the ratio TurboJPEG time ÷ framekit time of each
// round (median, min, max), so load from other processes hits both alike.
struct Figure {
  double mps = 0;
  double ratio = 0, ratio_min = 0, ratio_max = 0;
  bool same_bytes = false;  // framekit's file == TurboJPEG's (and == framekit's 1 thread)
};

// The modes compared: baseline with the default tables, optimized Huffman tables
// (TurboJPEG with TJ_OPTIMIZE=1), progressive (TJFLAG_PROGRESSIVE).
enum Mode { kBaseline = 0, kOptimize = 1, kProgressive = 2, kModes = 3 };
const char* mode_name(int mode);

struct Result {
  std::string image;
  int width = 0, height = 0, quality = 0;
  double tj_mps[kModes] = {};  // TurboJPEG, I420, 1 thread, thread CPU time
  // [mode][1 thread, 2 threads], I420 input. 1 thread: thread CPU times; 2 threads: wall
  // times (TurboJPEG's wall time of the same round is the bar).
  Figure fk[kModes][2];
  Figure nv12[2];               // baseline from NV12 (TurboJPEG's I420 time is the bar)
  // framekit 1 thread ÷ 2 threads, both on the wall clock (median of rounds).
  double two_vs_one[kModes] = {};
  size_t tj_bytes[kModes] = {};
  size_t fk_predicted = 0;          // Encoder::predict_size, baseline
  double tj_psnr = 0, fk_psnr = 0;  // Y/U/V against the input planes, baseline
};

// On a shared machine other processes may hold the second core: then two threads run
// no faster than one and multi-thread figures mean nothing. This probe spins on one
// thread, then on two, and calls the machine quiet when two take < 15% longer.
bool machine_quiet();

// Waits up to max_seconds for machine_quiet(); returns whether it got there.
bool wait_until_quiet(double max_seconds);

// Each call's seconds per round on two clocks: its thread's CPU time (what other
// processes and the host do does not count: the clock of single-threaded calls) and the
// wall clock (the only one for multi-threaded calls; compared with other calls' wall
// time of the same round).
struct Rounds {
  std::vector<std::vector<double>> cpu, wall;  // [call][round]
};

// Times several calls interleaved round by round for at least min_seconds (and 5
// rounds). A call with run_before[i] is run once untimed right before it is timed: a
// frame of a stream, with the pool's threads awake (on this VM a sleeping worker's CPU
// takes up to ~0.5 ms to wake, which a lone call after idle pays).
Rounds time_rounds(const std::vector<std::function<void()>>& fns,
                   const std::vector<bool>& run_before, double min_seconds);

double median(std::vector<double> v);

#ifdef FRAMEKIT_HAVE_TURBOJPEG
double yuv_psnr(const TestImage& img, const uint8_t* jpg, size_t size);

Result run_case(const TestImage& img, int quality, double min_seconds);
#endif

// predict_size relative to the real size, in percent.
double prediction_error(const Result& r);

// Prints the header line, then one line per result.
void print_table(const std::vector<Result>& results, FILE* out, bool header = true);

// Geometric-mean ratios over groups of results, and the size prediction's error on
// the photos.
void print_summary(const std::vector<Result>& results, FILE* out);

void print_json(const std::vector<Result>& results, FILE* out);

// Whether every framekit file of these results equals TurboJPEG's.
bool all_same_bytes(const std::vector<Result>& results);

}  // namespace framekit::jpeg::bench
