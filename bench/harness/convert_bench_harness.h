// Color conversion and geometry speed: framekit against libyuv, swscale and OpenCV,
// single-threaded, in one process on the same input, with a memory-traffic floor. Used by
// bench/bench_color.cpp, bench/bench_geometry.cpp, bench/bench_repack.cpp and
// `framekit bench convert`, which link it as framekit_bench_harness
// (bench/harness/CMakeLists.txt).
//
// Byte orders: libyuv's "RGB24" is B,G,R in memory (framekit PF_BGR24) and its "ARGB"
// is B,G,R,A (PF_BGRA32); every library below is given the same bytes.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "framekit/color/color.h"
#include "framekit/core/parallel.h"
#include "framekit/geometry/geometry.h"
#include "framekit/pixel/image_view.h"

#ifdef FRAMEKIT_HAVE_LIBYUV
#include <libyuv.h>
#endif
#ifdef FRAMEKIT_HAVE_FFMPEG
extern "C" {
#include <libswscale/swscale.h>
}
#endif
#ifdef FRAMEKIT_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#endif
#ifdef FRAMEKIT_HAVE_TURBOJPEG
#include <turbojpeg.h>
#endif

namespace framekit::convert_bench {

// The implementations timed on each case. Not every one runs every case: a library
// that is absent from the build or lacks the operation gets no time (0).
enum Contender : int {
  kFramekit,         // framekit's default (bilinear chroma upsampling for YUV->RGB)
  kFramekitNearest,  // framekit with nearest chroma (YUV->RGB only): libyuv's and OpenCV's filter
  kLibyuv,
  kLibyuvBilinear,  // libyuv's bilinear chroma filter (I420ToRGB24MatrixFilter)
  kSwscale,         // SWS_BILINEAR
  kOpencv,
  kFloor,  // one read of the source bytes + memset of the destination bytes
  kNumContenders
};

const char* contender_name(int c);

enum class Kind { kColor, kGeometry };

// "1080p", "4K", "720p", or "WxH".
std::string size_label(int w, int h);

// One case: a color conversion (same size in and out), a bilinear scale or a rotation.
struct CaseSpec {
  Kind kind = Kind::kColor;
  std::string op;    // "NV12->RGB24", "I420 bilinear", "I420 rotate 90"
  std::string size;  // "1080p", "4K", "1080p->720p", "2000x1000"
  PixelFormat src_format = PF_NONE, dst_format = PF_NONE;
  int src_w = 0, src_h = 0, dst_w = 0, dst_h = 0;
  bool rotate = false;

  // "1920x1080" or, for scales, "1920x1080->1280x720".
  std::string dims() const {
    std::string s = std::to_string(src_w) + "x" + std::to_string(src_h);
    if (kind == Kind::kGeometry && !rotate)
      s += "->" + std::to_string(dst_w) + "x" + std::to_string(dst_h);
    return s;
  }
};

struct Result {
  CaseSpec spec;
  size_t src_bytes = 0, dst_bytes = 0;
  double seconds[kNumContenders] = {};  // per call, best of the rounds; 0: not run

  bool has(int c) const { return seconds[c] > 0; }
  double ms(int c) const { return seconds[c] * 1e3; }
  // The framekit time a contender is compared with: nearest-chroma framekit against
  // libyuv's and OpenCV's nearest-chroma YUV->RGB (the same work), the default otherwise.
  int baseline(int c) const {
    return (c == kLibyuv || c == kOpencv) && has(kFramekitNearest) ? kFramekitNearest : kFramekit;
  }
  // Their time / framekit's (> 1: framekit faster); 0 where either time is missing.
  // For kFloor: floor / framekit, the share of the memory-traffic bound reached.
  double ratio(int c, int base) const {
    return has(c) && has(base) ? seconds[c] / seconds[base] : 0;
  }
  double ratio(int c) const { return ratio(c, baseline(c)); }
};

struct Options {
  bool quick = false;         // fewer timing rounds
  bool include_4k = true;     // standard sizes: 1080p and 4K, or 1080p only
  int width = 0, height = 0;  // > 0: this size instead of the standard ones
  std::string filter;         // keep the operations whose name contains it
  bool color = true, geometry = true;
  bool floor = true;  // also time the read + memset floor
};

// ---------------------------------------------------------------------------------
// Timing

// Rounds in which every contender runs one batch (calls repeated for at least
// min_batch_s; 0: one call), in turns, so a busy machine slows them all alike. At least
// min_rounds rounds, then more while under budget_s and max_rounds.
struct Timing {
  int min_rounds = 3;
  double budget_s = 0;
  int max_rounds = 3;
  double min_batch_s = 0;
};

// Color: best of 9 (quick: 3) batches of at least 60 ms (20 ms). Geometry: best single
// call over at least 3 rounds and up to 2 s (0.3 s) or 400 rounds.
Timing timing_for(Kind kind, bool quick);

// Seconds per call for each contender (0 for an empty function), best over the rounds.
std::vector<double> race(const std::vector<std::function<void()>>& fns, const Timing& t);

// One thread for everyone: framekit's pool and OpenCV's.
void use_one_thread();

// ---------------------------------------------------------------------------------
// Images

// A tightly packed image (plane after plane) in a vector, with 64 bytes of slack.
// Zeroed bytes aligned to 64, as framekit::Frame (and FFmpeg's av_malloc) allocate
// pixels. Measured with std::vector buffers instead (16-byte aligned, source and
// destination at the same page offset): framekit's bilinear NV12->ARGB row was 5-7 %
// slower than with the destination 64 bytes further into its page; libyuv's row moved
// less.
class AlignedBytes {
 public:
  explicit AlignedBytes(size_t n)
      : n_(n), p_(static_cast<uint8_t*>(std::aligned_alloc(64, (n + 63) / 64 * 64))) {
    if (p_ == nullptr) throw std::bad_alloc();
    std::memset(p_, 0, n_);
  }
  ~AlignedBytes() { std::free(p_); }
  AlignedBytes(const AlignedBytes&) = delete;
  AlignedBytes& operator=(const AlignedBytes&) = delete;
  uint8_t* data() const { return p_; }
  size_t size() const { return n_; }
  uint8_t& operator[](size_t i) const { return p_[i]; }

 private:
  size_t n_;
  uint8_t* p_;
};

struct Image {
  PixelInfo info;
  int w = 0, h = 0;
  size_t bytes = 0;  // the packed image, without the slack
  AlignedBytes mem;
  ImageView view;

  Image(PixelFormat f, int width, int height)
      : info(f), w(width), h(height), bytes(packed_image_size(f, width, height)), mem(bytes + 64) {
    view = make_image_view(info, w, h, mem.data(), mem.size());
  }
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;

  uint8_t* plane(int p) const { return view.planes[p].data; }
  int stride(int p) const { return static_cast<int>(view.planes[p].stride); }
  int pw(int p) const { return view.plane_width(p); }
  int ph(int p) const { return view.plane_height(p); }
  // Smooth content with noise, like a photograph (content barely affects timing).
  void fill(uint32_t seed) {
    std::mt19937 rng(seed);
    for (size_t i = 0; i < mem.size(); ++i) mem[i] = static_cast<uint8_t>((i / 3) + (rng() & 31));
  }
};

// Source picture for the color cases: a photograph if TurboJPEG can decode one, else a
// synthetic scene. B,G,R bytes.
std::vector<uint8_t> photo_bgr(int w, int h);

// The color cases' sources at one size, all made from one picture, and destinations.
struct ColorInputs {
  int w, h;
  Image bgr24, bgra, nv12, i420;
  Image out_bgr24, out_bgra, out_nv12, out_i420;

  ColorInputs(int width, int height)
      : w(width),
        h(height),
        bgr24(PF_BGR24, w, h),
        bgra(PF_BGRA32, w, h),
        nv12(PF_NV12, w, h),
        i420(PF_YUV420P, w, h),
        out_bgr24(PF_BGR24, w, h),
        out_bgra(PF_BGRA32, w, h),
        out_nv12(PF_NV12, w, h),
        out_i420(PF_YUV420P, w, h) {
    const std::vector<uint8_t> bgr = photo_bgr(w, h);
    std::memcpy(bgr24.mem.data(), bgr.data(), bgr.size());
    convert_color(bgr24.view, bgra.view);
    convert_color(bgr24.view, nv12.view);
    convert_color(bgr24.view, i420.view);
  }
  Image& source(PixelFormat f) {
    return f == PF_BGR24 ? bgr24 : f == PF_BGRA32 ? bgra : f == PF_NV12 ? nv12 : i420;
  }
  Image& dest(PixelFormat f) {
    return f == PF_BGR24    ? out_bgr24
           : f == PF_BGRA32 ? out_bgra
           : f == PF_NV12   ? out_nv12
                            : out_i420;
  }
};

// ---------------------------------------------------------------------------------
// Reference library glue

#ifdef FRAMEKIT_HAVE_FFMPEG
AVPixelFormat av_format(PixelFormat f);
// An swscale context (SWS_BILINEAR) from s to d, with a call that runs it.
struct Sws {
  SwsContext* ctx = nullptr;
  const uint8_t* sp[4] = {};
  int ss[4] = {};
  uint8_t* dp[4] = {};
  int ds[4] = {};
  int h = 0;
  Sws(const Image& s, Image& d) : h(s.h) {
    ctx = sws_getContext(s.w, s.h, av_format(s.info.format()), d.w, d.h, av_format(d.info.format()),
                         SWS_BILINEAR, nullptr, nullptr, nullptr);
    for (int p = 0; p < s.view.desc().num_planes; ++p) {
      sp[p] = s.plane(p);
      ss[p] = s.stride(p);
    }
    for (int p = 0; p < d.view.desc().num_planes; ++p) {
      dp[p] = d.plane(p);
      ds[p] = d.stride(p);
    }
  }
  ~Sws() { sws_freeContext(ctx); }
  Sws(const Sws&) = delete;
  Sws& operator=(const Sws&) = delete;
  std::function<void()> fn() {
    if (ctx == nullptr) return {};
    return [this] { sws_scale(ctx, sp, ss, 0, h, dp, ds); };
  }
};
#endif

#ifdef FRAMEKIT_HAVE_OPENCV
// Plane p of an image as a cv::Mat (no copy).
cv::Mat mat(const Image& im, int p);
#endif

// Everything one case times, kept alive while it runs.
struct Contenders {
  std::vector<std::function<void()>> fns = std::vector<std::function<void()>>(kNumContenders);
#ifdef FRAMEKIT_HAVE_FFMPEG
  std::unique_ptr<Sws> sws;
#endif
#ifdef FRAMEKIT_HAVE_OPENCV
  cv::Mat cv_src, cv_dst;
#endif

  // The memory-traffic floor: read every source byte once (summed as 64-bit words, so
  // nothing is written back) and write every destination byte once (a memset). No
  // conversion can move less memory than that.
  void add_floor(const Image& s, Image& d) {
    fns[kFloor] = [&s, &d] {
      const size_t words = s.bytes / 8;
      uint64_t acc = 0;
      for (size_t i = 0; i < words; ++i) {
        uint64_t v;
        std::memcpy(&v, s.mem.data() + 8 * i, 8);
        acc += v;
      }
      for (size_t i = 8 * words; i < s.bytes; ++i) acc += s.mem[i];
      volatile uint64_t sink = acc;
      (void)sink;
      std::memset(d.mem.data(), 0, d.bytes);
    };
  }
  void add_swscale(const Image& s, Image& d) {
#ifdef FRAMEKIT_HAVE_FFMPEG
    sws = std::make_unique<Sws>(s, d);
    fns[kSwscale] = sws->fn();
#endif
  }
  Result run(const CaseSpec& c, const Image& s, const Image& d, const Options& o) {
    const std::vector<double> t = race(fns, timing_for(c.kind, o.quick));
    Result r;
    r.spec = c;
    r.src_bytes = s.bytes;
    r.dst_bytes = d.bytes;
    for (int i = 0; i < kNumContenders; ++i) r.seconds[i] = t[i];
    return r;
  }
};

// ---------------------------------------------------------------------------------
// The cases

struct ColorOp {
  const char* name;
  PixelFormat src, dst;
};
const std::vector<ColorOp>& color_ops();

Result run_color_case(const CaseSpec& c, ColorInputs& in, const Options& o);

Result run_geometry_case(const CaseSpec& c, const Options& o);

// The cases `o` asks for, in run order: color (per size, six operations), then the
// bilinear scales, then the rotations.
std::vector<CaseSpec> plan(const Options& o);

// Runs the cases in order (color inputs are made once per size) and hands each result
// to on_result as soon as it is measured. Call use_one_thread() first.
std::vector<Result> run(const std::vector<CaseSpec>& cases, const Options& o,
                        const std::function<void(const Result&)>& on_result = {});

// ---------------------------------------------------------------------------------
// Output (`framekit bench convert`)

// Milliseconds ("%8.3f" by default), or "n/a".
std::string format_ms(double seconds, int width = 8, int digits = 3);
// "%5.2fx", or "n/a".
std::string format_ratio(double ratio, int width = 6);

void print_legend(FILE* out);

// Widths of the op and size columns that fit every case.
std::pair<int, int> column_widths(const std::vector<CaseSpec>& cases);

void print_table(const std::vector<Result>& results, FILE* out, bool header = true,
                 std::pair<int, int> widths = {14, 11});

// One object per case: times in ms and ratios (null where missing), and which framekit
// time each ratio divides by.
void print_json(const std::vector<Result>& results, FILE* out);

}  // namespace framekit::convert_bench
