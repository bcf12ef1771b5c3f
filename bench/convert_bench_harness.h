// Colour conversion and geometry speed: framekit against libyuv, swscale and OpenCV,
// single-threaded, in one process on the same input, with a memory-traffic floor. Used by
// bench/bench_color.cpp, bench/bench_geometry.cpp and `framekit bench convert`.
// Header-only so all three link it without a library target.
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

inline const char* contender_name(int c) {
  static const char* const names[kNumContenders] = {
      "framekit", "framekit_nearest", "libyuv", "libyuv_bilinear", "swscale", "opencv", "floor"};
  return names[c];
}

enum class Kind { kColor, kGeometry };

// "1080p", "4K", "720p", or "WxH".
inline std::string size_label(int w, int h) {
  if (w == 1920 && h == 1080) return "1080p";
  if (w == 3840 && h == 2160) return "4K";
  if (w == 1280 && h == 720) return "720p";
  return std::to_string(w) + "x" + std::to_string(h);
}

// One case: a colour conversion (same size in and out), a bilinear scale or a rotation.
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

// Colour: best of 9 (quick: 3) batches of at least 60 ms (20 ms). Geometry: best single
// call over at least 3 rounds and up to 2 s (0.3 s) or 400 rounds.
inline Timing timing_for(Kind kind, bool quick) {
  if (kind == Kind::kColor) {
    const int reps = quick ? 3 : 9;
    return {reps, 0, reps, quick ? 0.02 : 0.06};
  }
  return {3, quick ? 0.3 : 2.0, 400, 0};
}

// Seconds per call for each contender (0 for an empty function), best over the rounds.
inline std::vector<double> race(const std::vector<std::function<void()>>& fns, const Timing& t) {
  using clock = std::chrono::steady_clock;
  const auto since = [](clock::time_point t0) {
    return std::chrono::duration<double>(clock::now() - t0).count();
  };
  std::vector<double> best(fns.size(), 1e30);
  for (const auto& fn : fns)
    if (fn) fn();  // warm up caches and lazy initialisation
  const auto start = clock::now();
  for (int round = 0; round < t.min_rounds || (since(start) < t.budget_s && round < t.max_rounds);
       ++round) {
    for (size_t i = 0; i < fns.size(); ++i) {
      if (!fns[i]) continue;
      int iters = 0;
      const auto t0 = clock::now();
      double el = 0;
      do {
        fns[i]();
        ++iters;
        el = since(t0);
      } while (el < t.min_batch_s);
      best[i] = std::min(best[i], el / iters);
    }
  }
  for (size_t i = 0; i < fns.size(); ++i)
    if (!fns[i]) best[i] = 0;
  return best;
}

// One thread for everyone: framekit's pool and OpenCV's.
inline void use_one_thread() {
  framekit::set_num_threads(1);
#ifdef FRAMEKIT_HAVE_OPENCV
  cv::setNumThreads(1);
#endif
}

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

// Source picture for the colour cases: a photograph if TurboJPEG can decode one, else a
// synthetic scene. B,G,R bytes.
inline std::vector<uint8_t> photo_bgr(int w, int h) {
  std::vector<uint8_t> out(static_cast<size_t>(w) * h * 3);
#ifdef FRAMEKIT_HAVE_TURBOJPEG
  const char* path = "/usr/share/backgrounds/mate/nature/Blinds.jpg";
  if (FILE* f = std::fopen(path, "rb")) {
    std::vector<unsigned char> jpg;
    unsigned char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) jpg.insert(jpg.end(), buf, buf + n);
    std::fclose(f);
    tjhandle tj = tjInitDecompress();
    int pw = 0, ph = 0, ss = 0, cs = 0;
    if (tj && tjDecompressHeader3(tj, jpg.data(), jpg.size(), &pw, &ph, &ss, &cs) == 0) {
      std::vector<uint8_t> pic(static_cast<size_t>(pw) * ph * 3);
      if (tjDecompress2(tj, jpg.data(), jpg.size(), pic.data(), pw, 0, ph, TJPF_BGR, 0) == 0) {
        for (int y = 0; y < h; ++y)  // nearest scale to the target size
          for (int x = 0; x < w; ++x)
            std::memcpy(&out[(static_cast<size_t>(y) * w + x) * 3],
                        &pic[(static_cast<size_t>(y * ph / h) * pw + x * pw / w) * 3], 3);
        tjDestroy(tj);
        return out;
      }
    }
    if (tj) tjDestroy(tj);
  }
#endif
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c)
        out[(static_cast<size_t>(y) * w + x) * 3 + c] = static_cast<uint8_t>(
            127.5 + 127 * std::sin(0.013 * x * (c + 1) + 0.021 * y + c) * std::cos(0.007 * y));
  return out;
}

// The colour cases' sources at one size, all made from one picture, and destinations.
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
inline AVPixelFormat av_format(PixelFormat f) {
  switch (f) {
    case PF_NV12:
      return AV_PIX_FMT_NV12;
    case PF_YUV420P:
      return AV_PIX_FMT_YUV420P;
    case PF_BGR24:
      return AV_PIX_FMT_BGR24;
    case PF_BGRA32:
      return AV_PIX_FMT_BGRA;
    case PF_GRAY8:
      return AV_PIX_FMT_GRAY8;
    case PF_YUV420P10LE:
      return AV_PIX_FMT_YUV420P10LE;
    case PF_YUV444P10LE:
      return AV_PIX_FMT_YUV444P10LE;
    case PF_P010LE:
      return AV_PIX_FMT_P010LE;
    case PF_RGB48:
      return AV_PIX_FMT_RGB48LE;
    case PF_RGB24:
      return AV_PIX_FMT_RGB24;
    case PF_GBRPF32:
      return AV_PIX_FMT_GBRPF32LE;
    default:
      return AV_PIX_FMT_NONE;
  }
}
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
inline cv::Mat mat(const Image& im, int p) {
  const int ch = im.view.desc().planes[p].channels;
  const bool wide = im.view.desc().dtype == ScalarType::kUInt16;
  return cv::Mat(im.ph(p), im.pw(p), wide ? CV_16UC(ch) : CV_8UC(ch), im.plane(p), im.stride(p));
}
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
inline const std::vector<ColorOp>& color_ops() {
  static const std::vector<ColorOp> ops = {
      {"NV12->RGB24", PF_NV12, PF_BGR24},    {"I420->RGB24", PF_YUV420P, PF_BGR24},
      {"NV12->ARGB", PF_NV12, PF_BGRA32},    {"RGB24->I420", PF_BGR24, PF_YUV420P},
      {"ARGB->I420", PF_BGRA32, PF_YUV420P}, {"ARGB->NV12", PF_BGRA32, PF_NV12}};
  return ops;
}

inline Result run_color_case(const CaseSpec& c, ColorInputs& in, const Options& o) {
  const Image& s = in.source(c.src_format);
  Image& d = in.dest(c.dst_format);
  [[maybe_unused]] const PixelFormat sf = c.src_format, df = c.dst_format;
  [[maybe_unused]] const int w = c.src_w, h = c.src_h;
  const bool to_rgb = s.view.desc().is_yuv();
  ColorConvertOptions nearest;
  nearest.chroma_upsample = ChromaUpsample::kNearest;
  Contenders k;
  auto& fns = k.fns;
  fns[kFramekit] = [&] { convert_color(s.view, d.view); };
  if (to_rgb) fns[kFramekitNearest] = [&] { convert_color(s.view, d.view, nearest); };
#ifdef FRAMEKIT_HAVE_LIBYUV
  if (sf == PF_NV12 && df == PF_BGRA32)
    fns[kLibyuv] = [&] {
      libyuv::NV12ToARGB(s.plane(0), s.stride(0), s.plane(1), s.stride(1), d.plane(0), d.stride(0),
                         w, h);
    };
  if (sf == PF_NV12 && df == PF_BGR24)
    fns[kLibyuv] = [&] {
      libyuv::NV12ToRGB24(s.plane(0), s.stride(0), s.plane(1), s.stride(1), d.plane(0), d.stride(0),
                          w, h);
    };
  if (sf == PF_YUV420P) {
    fns[kLibyuv] = [&] {
      libyuv::I420ToRGB24(s.plane(0), s.stride(0), s.plane(1), s.stride(1), s.plane(2), s.stride(2),
                          d.plane(0), d.stride(0), w, h);
    };
    fns[kLibyuvBilinear] = [&] {
      libyuv::I420ToRGB24MatrixFilter(s.plane(0), s.stride(0), s.plane(1), s.stride(1), s.plane(2),
                                      s.stride(2), d.plane(0), d.stride(0),
                                      &libyuv::kYuvI601Constants, w, h, libyuv::kFilterBilinear);
    };
  }
  if (sf == PF_BGR24)
    fns[kLibyuv] = [&] {
      libyuv::RGB24ToI420(s.plane(0), s.stride(0), d.plane(0), d.stride(0), d.plane(1), d.stride(1),
                          d.plane(2), d.stride(2), w, h);
    };
  if (sf == PF_BGRA32 && df == PF_NV12)
    fns[kLibyuv] = [&] {
      libyuv::ARGBToNV12(s.plane(0), s.stride(0), d.plane(0), d.stride(0), d.plane(1), d.stride(1),
                         w, h);
    };
  if (sf == PF_BGRA32 && df == PF_YUV420P)
    fns[kLibyuv] = [&] {
      libyuv::ARGBToI420(s.plane(0), s.stride(0), d.plane(0), d.stride(0), d.plane(1), d.stride(1),
                         d.plane(2), d.stride(2), w, h);
    };
#endif
  k.add_swscale(s, d);
#ifdef FRAMEKIT_HAVE_OPENCV
  // OpenCV's 4:2:0 conversions take one (h * 3/2)-row matrix: even sizes only. It has no
  // RGB->NV12.
  int code = -1;
  if (sf == PF_NV12) code = df == PF_BGRA32 ? cv::COLOR_YUV2BGRA_NV12 : cv::COLOR_YUV2BGR_NV12;
  if (sf == PF_YUV420P) code = cv::COLOR_YUV2BGR_I420;
  if (df == PF_YUV420P) code = sf == PF_BGRA32 ? cv::COLOR_BGRA2YUV_I420 : cv::COLOR_BGR2YUV_I420;
  if (code >= 0 && w % 2 == 0 && h % 2 == 0) {
    if (to_rgb) {
      k.cv_src = cv::Mat(h * 3 / 2, w, CV_8UC1, s.plane(0));
      k.cv_dst = cv::Mat(h, w, df == PF_BGRA32 ? CV_8UC4 : CV_8UC3, d.plane(0));
    } else {
      k.cv_src = cv::Mat(h, w, sf == PF_BGRA32 ? CV_8UC4 : CV_8UC3, s.plane(0));
      k.cv_dst = cv::Mat(h * 3 / 2, w, CV_8UC1, d.plane(0));
    }
    fns[kOpencv] = [&k, code] { cv::cvtColor(k.cv_src, k.cv_dst, code); };
  }
#endif
  if (o.floor) k.add_floor(s, d);
  return k.run(c, s, d, o);
}

inline Result run_geometry_case(const CaseSpec& c, const Options& o) {
  Image src(c.src_format, c.src_w, c.src_h), dst(c.dst_format, c.dst_w, c.dst_h);
  src.fill(c.rotate ? 2 : 1);
  [[maybe_unused]] const int sw = c.src_w, sh = c.src_h, dw = c.dst_w, dh = c.dst_h;
  Contenders k;
  auto& fns = k.fns;
  if (c.rotate) {
    fns[kFramekit] = [&] { rotate(src.view, dst.view, RotationMode::k90); };
#ifdef FRAMEKIT_HAVE_LIBYUV
    fns[kLibyuv] = [&] {
      libyuv::I420Rotate(src.plane(0), src.stride(0), src.plane(1), src.stride(1), src.plane(2),
                         src.stride(2), dst.plane(0), dst.stride(0), dst.plane(1), dst.stride(1),
                         dst.plane(2), dst.stride(2), sw, sh, libyuv::kRotate90);
    };
#endif
#ifdef FRAMEKIT_HAVE_OPENCV
    fns[kOpencv] = [&] {
      for (int p = 0; p < 3; ++p) {
        cv::Mat out = mat(dst, p);
        cv::rotate(mat(src, p), out, cv::ROTATE_90_CLOCKWISE);
      }
    };
#endif
  } else {
    fns[kFramekit] = [&] { resize(src.view, dst.view, ResizeMode::kBilinear); };
#ifdef FRAMEKIT_HAVE_LIBYUV
    auto u16 = [](const Image& m, int p) { return reinterpret_cast<uint16_t*>(m.plane(p)); };
    if (c.src_format == PF_P010LE) {  // libyuv's 16-bit plane scalers, Y then UV
      fns[kLibyuv] = [&, u16] {
        libyuv::ScalePlane_16(u16(src, 0), src.stride(0) / 2, sw, sh, u16(dst, 0),
                              dst.stride(0) / 2, dw, dh, libyuv::kFilterBilinear);
        libyuv::UVScale_16(u16(src, 1), src.stride(1) / 2, (sw + 1) / 2, (sh + 1) / 2, u16(dst, 1),
                           dst.stride(1) / 2, (dw + 1) / 2, (dh + 1) / 2, libyuv::kFilterBilinear);
      };
    } else if (c.src_format == PF_NV12) {
      fns[kLibyuv] = [&] {
        libyuv::NV12Scale(src.plane(0), src.stride(0), src.plane(1), src.stride(1), sw, sh,
                          dst.plane(0), dst.stride(0), dst.plane(1), dst.stride(1), dw, dh,
                          libyuv::kFilterBilinear);
      };
    } else {
      fns[kLibyuv] = [&] {
        libyuv::I420Scale(src.plane(0), src.stride(0), src.plane(1), src.stride(1), src.plane(2),
                          src.stride(2), sw, sh, dst.plane(0), dst.stride(0), dst.plane(1),
                          dst.stride(1), dst.plane(2), dst.stride(2), dw, dh,
                          libyuv::kFilterBilinear);
      };
    }
#endif
    k.add_swscale(src, dst);
#ifdef FRAMEKIT_HAVE_OPENCV
    fns[kOpencv] = [&] {
      for (int p = 0; p < src.view.desc().num_planes; ++p) {
        cv::Mat out = mat(dst, p);
        cv::resize(mat(src, p), out, out.size(), 0, 0, cv::INTER_LINEAR);
      }
    };
#endif
  }
  if (o.floor) k.add_floor(src, dst);
  return k.run(c, src, dst, o);
}

// The cases `o` asks for, in run order: colour (per size, six operations), then the
// bilinear scales, then the rotations.
inline std::vector<CaseSpec> plan(const Options& o) {
  const bool custom = o.width > 0 && o.height > 0;
  const auto want = [&](const std::string& op) {
    return o.filter.empty() || op.find(o.filter) != std::string::npos;
  };
  std::vector<std::pair<int, int>> sizes;
  if (custom) {
    sizes = {{o.width, o.height}};
  } else {
    sizes = {{1920, 1080}};
    if (o.include_4k) sizes.push_back({3840, 2160});
  }
  std::vector<CaseSpec> out;
  if (o.color) {
    for (const auto& [w, h] : sizes)
      for (const auto& op : color_ops()) {
        if (!want(op.name)) continue;
        CaseSpec c;
        c.kind = Kind::kColor;
        c.op = op.name;
        c.size = size_label(w, h);
        c.src_format = op.src;
        c.dst_format = op.dst;
        c.src_w = c.dst_w = w;
        c.src_h = c.dst_h = h;
        out.push_back(c);
      }
  }
  if (o.geometry) {
    struct Scale {
      PixelFormat f;
      int sw, sh, dw, dh;
    };
    std::vector<Scale> scales;
    if (custom) {
      // The standard set's shapes at the given size: shrink by 2/3 and by 2, grow by 3/2.
      const int w = o.width, h = o.height;
      const auto part = [](int v, int num, int den) { return std::max(1, v * num / den); };
      scales = {{PF_YUV420P, w, h, part(w, 2, 3), part(h, 2, 3)},
                {PF_YUV420P, w, h, part(w, 1, 2), part(h, 1, 2)},
                {PF_NV12, w, h, part(w, 2, 3), part(h, 2, 3)},
                {PF_NV12, w, h, part(w, 1, 2), part(h, 1, 2)},
                {PF_YUV420P, part(w, 2, 3), part(h, 2, 3), w, h}};
    } else {
      scales = {{PF_YUV420P, 1920, 1080, 1280, 720},
                {PF_YUV420P, 3840, 2160, 1920, 1080},
                {PF_NV12, 1920, 1080, 1280, 720},
                {PF_NV12, 3840, 2160, 1920, 1080},
                {PF_YUV420P, 1280, 720, 1920, 1080},
                {PF_P010LE, 1920, 1080, 1280, 720}};
    }
    for (const Scale& s : scales) {
      CaseSpec c;
      c.kind = Kind::kGeometry;
      c.op = s.f == PF_NV12     ? "NV12 bilinear"
             : s.f == PF_P010LE ? "P010 bilinear"
                                : "I420 bilinear";
      if (!want(c.op) || (!custom && !o.include_4k && (s.sw == 3840 || s.dw == 3840))) continue;
      c.src_format = c.dst_format = s.f;
      c.src_w = s.sw;
      c.src_h = s.sh;
      c.dst_w = s.dw;
      c.dst_h = s.dh;
      c.size = size_label(s.sw, s.sh) + "->" + size_label(s.dw, s.dh);
      // Tiny custom sizes can make two scales alike: time each once.
      if (std::none_of(out.begin(), out.end(),
                       [&](const CaseSpec& o2) { return o2.op == c.op && o2.dims() == c.dims(); }))
        out.push_back(c);
    }
    for (const auto& [w, h] : sizes) {
      CaseSpec c;
      c.kind = Kind::kGeometry;
      c.op = "I420 rotate 90";
      if (!want(c.op)) continue;
      c.rotate = true;
      c.src_format = c.dst_format = PF_YUV420P;
      c.src_w = c.dst_h = w;
      c.src_h = c.dst_w = h;
      c.size = size_label(w, h);
      out.push_back(c);
    }
  }
  return out;
}

// Runs the cases in order (colour inputs are made once per size) and hands each result
// to on_result as soon as it is measured. Call use_one_thread() first.
inline std::vector<Result> run(const std::vector<CaseSpec>& cases, const Options& o,
                               const std::function<void(const Result&)>& on_result = {}) {
  std::unique_ptr<ColorInputs> inputs;
  std::vector<Result> results;
  for (const CaseSpec& c : cases) {
    Result r;
    if (c.kind == Kind::kColor) {
      if (!inputs || inputs->w != c.src_w || inputs->h != c.src_h) {
        inputs.reset();
        inputs = std::make_unique<ColorInputs>(c.src_w, c.src_h);
      }
      r = run_color_case(c, *inputs, o);
    } else {
      r = run_geometry_case(c, o);
    }
    if (on_result) on_result(r);
    results.push_back(std::move(r));
  }
  return results;
}

// ---------------------------------------------------------------------------------
// Output (`framekit bench convert`)

// Milliseconds ("%8.3f" by default), or "n/a".
inline std::string format_ms(double seconds, int width = 8, int digits = 3) {
  char b[48];
  if (seconds <= 0)
    std::snprintf(b, sizeof b, "%*s", width, "n/a");
  else
    std::snprintf(b, sizeof b, "%*.*f", width, digits, seconds * 1e3);
  return b;
}
// "%5.2fx", or "n/a".
inline std::string format_ratio(double ratio, int width = 6) {
  char b[48];
  if (ratio <= 0)
    std::snprintf(b, sizeof b, "%*s", width, "n/a");
  else
    std::snprintf(b, sizeof b, "%*.2fx", width - 1, ratio);
  return b;
}

inline void print_legend(FILE* out) {
  std::fprintf(
      out,
      "Single-threaded, ms per frame (best of interleaved rounds).\n"
      "  framekit = default (bilinear chroma upsampling for YUV->RGB)\n"
      "  fk-nn    = nearest chroma, the work libyuv and OpenCV do (YUV->RGB only)\n"
      "  floor    = one read of the source bytes + one memset of the destination bytes:\n"
      "             the memory traffic no conversion can avoid; x floor = floor / framekit\n"
      "             (1.00x: framekit moves its bytes as fast as that bound).\n"
      "Ratios are theirs / framekit (> 1: framekit faster); libyuv and OpenCV are compared\n"
      "with fk-nn where it exists. n/a: library not built in, or it lacks the operation.\n");
}

// Widths of the op and size columns that fit every case.
inline std::pair<int, int> column_widths(const std::vector<CaseSpec>& cases) {
  int op = 14, size = 11;
  for (const auto& c : cases) {
    op = std::max(op, static_cast<int>(c.op.size()));
    size = std::max(size, static_cast<int>(c.size.size()));
  }
  return {op, size};
}

inline void print_table(const std::vector<Result>& results, FILE* out, bool header = true,
                        std::pair<int, int> widths = {14, 11}) {
  const auto [opw, sizew] = widths;
  if (header)
    std::fprintf(out, "%-*s %-*s | %8s %8s | %8s %7s | %8s %6s | %8s %6s | %8s %6s\n", opw, "op",
                 sizew, "size", "framekit", "fk-nn", "floor", "x floor", "libyuv", "x yuv",
                 "swscale", "x sws", "opencv", "x cv");
  for (const auto& r : results) {
    // Small frames: more digits, so no time shows as 0.000.
    const int digits = r.seconds[kFramekit] < 1e-4 ? 5 : 3;
    const auto ms = [&](int c) { return format_ms(r.seconds[c], 8, digits); };
    std::fprintf(out, "%-*s %-*s | %s %s | %s %s | %s %s | %s %s | %s %s\n", opw, r.spec.op.c_str(),
                 sizew, r.spec.size.c_str(), ms(kFramekit).c_str(), ms(kFramekitNearest).c_str(),
                 ms(kFloor).c_str(), format_ratio(r.ratio(kFloor), 7).c_str(), ms(kLibyuv).c_str(),
                 format_ratio(r.ratio(kLibyuv)).c_str(), ms(kSwscale).c_str(),
                 format_ratio(r.ratio(kSwscale)).c_str(), ms(kOpencv).c_str(),
                 format_ratio(r.ratio(kOpencv)).c_str());
  }
}

// One object per case: times in ms and ratios (null where missing), and which framekit
// time each ratio divides by.
inline void print_json(const std::vector<Result>& results, FILE* out) {
  const auto number = [](double v, const char* fmt) {
    if (v <= 0) return std::string("null");
    char b[48];
    std::snprintf(b, sizeof b, fmt, v);
    return std::string(b);
  };
  std::fprintf(out, "[\n");
  for (size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    const CaseSpec& c = r.spec;
    std::string ms, ratio, base;
    for (int k = 0; k < kNumContenders; ++k) {
      ms +=
          std::string(k ? ", " : "") + "\"" + contender_name(k) + "\": " + number(r.ms(k), "%.6g");
      if (k == kFramekit || k == kFramekitNearest) continue;
      ratio += std::string(ratio.empty() ? "" : ", ") + "\"" + contender_name(k) +
               "\": " + number(r.ratio(k), "%.6g");
      base += std::string(base.empty() ? "" : ", ") + "\"" + contender_name(k) + "\": \"" +
              contender_name(r.baseline(k)) + "\"";
    }
    std::fprintf(out,
                 "  {\"kind\": \"%s\", \"op\": \"%s\", \"size\": \"%s\", \"src_width\": %d, "
                 "\"src_height\": %d, \"dst_width\": %d, \"dst_height\": %d, \"src_bytes\": %zu, "
                 "\"dst_bytes\": %zu,\n   \"ms\": {%s},\n   \"ratio\": {%s},\n"
                 "   \"ratio_of\": {%s}}%s\n",
                 c.kind == Kind::kColor ? "color" : "geometry", c.op.c_str(), c.size.c_str(),
                 c.src_w, c.src_h, c.dst_w, c.dst_h, r.src_bytes, r.dst_bytes, ms.c_str(),
                 ratio.c_str(), base.c_str(), i + 1 < results.size() ? "," : "");
  }
  std::fprintf(out, "]\n");
}

}  // namespace framekit::convert_bench
