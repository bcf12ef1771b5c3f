// Colour conversion speed: framekit vs libyuv vs swscale vs OpenCV, single-threaded,
// 1080p and 4K, in one run on the same input. Prints each library's time and the
// ratio theirs ÷ ours (> 1 means framekit is faster).
//
//   bench_color [--quick] [--filter SUBSTRING] [--target AVX2|AVX3|SSE4|…] [--size WxH]
//
// Byte orders: libyuv's "RGB24" is B,G,R in memory (framekit PF_BGR24) and its "ARGB"
// is B,G,R,A (PF_BGRA32); every library below is given the same bytes.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <hwy/targets.h>

#include "framekit/core/parallel.h"
#include "framekit/imgproc/color.h"

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

namespace {

using namespace framekit;

bool g_quick = false;

// Seconds per call for each contender: the best of several timed batches, the
// contenders taking turns batch by batch so a busy machine slows them all alike.
std::vector<double> race(const std::vector<std::function<void()>>& fns) {
  using clock = std::chrono::steady_clock;
  std::vector<double> best(fns.size(), 1e30);
  for (const auto& fn : fns)
    if (fn) fn();  // warm up caches and lazy init
  const int reps = g_quick ? 3 : 9;
  const double min_batch = g_quick ? 0.02 : 0.06;
  for (int r = 0; r < reps; ++r)
    for (size_t i = 0; i < fns.size(); ++i) {
      if (!fns[i]) continue;
      int iters = 0;
      const auto t0 = clock::now();
      double el = 0;
      do {
        fns[i]();
        ++iters;
        el = std::chrono::duration<double>(clock::now() - t0).count();
      } while (el < min_batch);
      best[i] = std::min(best[i], el / iters);
    }
  for (size_t i = 0; i < fns.size(); ++i)
    if (!fns[i]) best[i] = 0;
  return best;
}

// A tightly packed image in a vector.
struct Img {
  PixelInfo info;
  int w = 0, h = 0;
  std::vector<uint8_t> bytes;
  ImageView view;
  Img(PixelFormat f, int width, int height) : info(f), w(width), h(height) {
    bytes.resize(packed_image_size(f, w, h));
    view = make_image_view(info, w, h, bytes.data(), bytes.size());
  }
  uint8_t* plane(int p) const { return view.planes[p].data; }
  int stride(int p) const { return static_cast<int>(view.planes[p].stride); }
};

// Source picture: a photograph if TurboJPEG can decode one, else a synthetic scene.
std::vector<uint8_t> photo_bgr(int w, int h) {
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

struct Row {
  std::string op;
  std::string size;
  double ours = 0, ours_nearest = 0, yuv = 0, yuv_bilinear = 0, sws = 0, cv = 0;
};

void print_row(const Row& r) {
  auto ms = [](double s) {
    char b[32];
    if (s <= 0) return std::string("     n/a");
    std::snprintf(b, sizeof b, "%8.3f", s * 1e3);
    return std::string(b);
  };
  auto ratio = [](double theirs, double ours) {
    char b[32];
    if (theirs <= 0 || ours <= 0) return std::string("   n/a");
    std::snprintf(b, sizeof b, "%5.2fx", theirs / ours);
    return std::string(b);
  };
  const double best_ours = r.ours_nearest > 0 ? r.ours_nearest : r.ours;
  std::printf("%-14s %-5s | %s %s | %s %s %s %s %s | %s %s %s | %s %s\n", r.op.c_str(),
              r.size.c_str(), ms(r.ours).c_str(), ms(r.ours_nearest).c_str(), ms(r.yuv).c_str(),
              ms(r.yuv_bilinear).c_str(), ratio(r.yuv, best_ours).c_str(),
              ratio(r.yuv, r.ours).c_str(), ratio(r.yuv_bilinear, r.ours).c_str(),
              ms(r.sws).c_str(), ratio(r.sws, r.ours).c_str(), ratio(r.sws, best_ours).c_str(),
              ms(r.cv).c_str(), ratio(r.cv, best_ours).c_str());
  std::fflush(stdout);
}

#ifdef FRAMEKIT_HAVE_FFMPEG
AVPixelFormat av_format(PixelFormat f) {
  switch (f) {
    case PF_NV12:
      return AV_PIX_FMT_NV12;
    case PF_YUV420P:
      return AV_PIX_FMT_YUV420P;
    case PF_BGR24:
      return AV_PIX_FMT_BGR24;
    case PF_BGRA32:
      return AV_PIX_FMT_BGRA;
    default:
      return AV_PIX_FMT_NONE;
  }
}
// An swscale context for one conversion, with a call that runs it.
struct Sws {
  SwsContext* ctx = nullptr;
  const uint8_t* sp[4] = {};
  int ss[4] = {};
  uint8_t* dp[4] = {};
  int ds[4] = {};
  int h = 0;
  Sws(const Img& s, Img& d) : h(s.h) {
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

void bench_size(int w, int h, const char* label, const std::string& filter) {
  const std::vector<uint8_t> bgr = photo_bgr(w, h);
  Img bgr24(PF_BGR24, w, h), bgra(PF_BGRA32, w, h), nv12(PF_NV12, w, h), i420(PF_YUV420P, w, h);
  std::memcpy(bgr24.bytes.data(), bgr.data(), bgr.size());
  convert_color(bgr24.view, bgra.view);
  convert_color(bgr24.view, nv12.view);
  convert_color(bgr24.view, i420.view);
  Img out_bgr(PF_BGR24, w, h), out_bgra(PF_BGRA32, w, h), out_i420(PF_YUV420P, w, h),
      out_nv12(PF_NV12, w, h);
  ColorConvertOptions nearest;
  nearest.chroma_upsample = ChromaUpsample::kNearest;

  auto want = [&](const char* op) {
    return filter.empty() || std::string(op).find(filter) != std::string::npos;
  };
  struct Case {
    const char* op;
    Img* src;
    Img* dst;
  };
  const Case cases[] = {{"NV12->RGB24", &nv12, &out_bgr}, {"I420->RGB24", &i420, &out_bgr},
                        {"NV12->ARGB", &nv12, &out_bgra}, {"RGB24->I420", &bgr24, &out_i420},
                        {"ARGB->I420", &bgra, &out_i420}, {"ARGB->NV12", &bgra, &out_nv12}};
  for (const auto& c : cases) {
    if (!want(c.op)) continue;
    const Img& s = *c.src;
    Img& d = *c.dst;
    const PixelFormat sf = s.info.format(), df = d.info.format();
    const bool to_rgb = s.view.desc().is_yuv();
    // Contenders: ours, ours nearest, libyuv, libyuv bilinear, swscale, OpenCV.
    std::vector<std::function<void()>> fns(6);
    fns[0] = [&] { convert_color(s.view, d.view); };
    if (to_rgb) fns[1] = [&] { convert_color(s.view, d.view, nearest); };
#ifdef FRAMEKIT_HAVE_LIBYUV
    if (sf == PF_NV12 && df == PF_BGRA32)
      fns[2] = [&] {
        libyuv::NV12ToARGB(s.plane(0), s.stride(0), s.plane(1), s.stride(1), d.plane(0),
                           d.stride(0), w, h);
      };
    if (sf == PF_NV12 && df == PF_BGR24)
      fns[2] = [&] {
        libyuv::NV12ToRGB24(s.plane(0), s.stride(0), s.plane(1), s.stride(1), d.plane(0),
                            d.stride(0), w, h);
      };
    if (sf == PF_YUV420P) {
      fns[2] = [&] {
        libyuv::I420ToRGB24(s.plane(0), s.stride(0), s.plane(1), s.stride(1), s.plane(2),
                            s.stride(2), d.plane(0), d.stride(0), w, h);
      };
      fns[3] = [&] {
        libyuv::I420ToRGB24MatrixFilter(s.plane(0), s.stride(0), s.plane(1), s.stride(1),
                                        s.plane(2), s.stride(2), d.plane(0), d.stride(0),
                                        &libyuv::kYuvI601Constants, w, h, libyuv::kFilterBilinear);
      };
    }
    if (sf == PF_BGR24)
      fns[2] = [&] {
        libyuv::RGB24ToI420(s.plane(0), s.stride(0), d.plane(0), d.stride(0), d.plane(1),
                            d.stride(1), d.plane(2), d.stride(2), w, h);
      };
    if (sf == PF_BGRA32 && df == PF_NV12)
      fns[2] = [&] {
        libyuv::ARGBToNV12(s.plane(0), s.stride(0), d.plane(0), d.stride(0), d.plane(1),
                           d.stride(1), w, h);
      };
    if (sf == PF_BGRA32 && df == PF_YUV420P)
      fns[2] = [&] {
        libyuv::ARGBToI420(s.plane(0), s.stride(0), d.plane(0), d.stride(0), d.plane(1),
                           d.stride(1), d.plane(2), d.stride(2), w, h);
      };
#endif
#ifdef FRAMEKIT_HAVE_FFMPEG
    Sws sws(s, d);
    fns[4] = sws.fn();
#endif
#ifdef FRAMEKIT_HAVE_OPENCV
    int code = -1;
    if (sf == PF_NV12) code = df == PF_BGRA32 ? cv::COLOR_YUV2BGRA_NV12 : cv::COLOR_YUV2BGR_NV12;
    if (sf == PF_YUV420P) code = cv::COLOR_YUV2BGR_I420;
    if (df == PF_YUV420P) code = sf == PF_BGRA32 ? cv::COLOR_BGRA2YUV_I420 : cv::COLOR_BGR2YUV_I420;
    cv::Mat cv_src, cv_dst;
    if (to_rgb) {
      cv_src = cv::Mat(h * 3 / 2, w, CV_8UC1, s.plane(0));
      cv_dst = cv::Mat(h, w, df == PF_BGRA32 ? CV_8UC4 : CV_8UC3, d.plane(0));
    } else {
      cv_src = cv::Mat(h, w, sf == PF_BGRA32 ? CV_8UC4 : CV_8UC3, s.plane(0));
      cv_dst = cv::Mat(h * 3 / 2, w, CV_8UC1, d.plane(0));
    }
    if (code >= 0) fns[5] = [&] { cv::cvtColor(cv_src, cv_dst, code); };
#endif
    const std::vector<double> t = race(fns);
    Row r{c.op, label};
    r.ours = t[0];
    r.ours_nearest = t[1];
    r.yuv = t[2];
    r.yuv_bilinear = t[3];
    r.sws = t[4];
    r.cv = t[5];
    print_row(r);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string filter;
  int custom_w = 0, custom_h = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--size") == 0 && i + 1 < argc)
      std::sscanf(argv[++i], "%dx%d", &custom_w, &custom_h);
    if (std::strcmp(argv[i], "--quick") == 0) g_quick = true;
    if (std::strcmp(argv[i], "--filter") == 0 && i + 1 < argc) filter = argv[++i];
    if (std::strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
      // Restrict framekit's SIMD to one Highway target (e.g. AVX2) for comparisons.
      const std::string want = argv[++i];
      for (int64_t t : hwy::SupportedAndGeneratedTargets())
        if (want == hwy::TargetName(t)) hwy::SetSupportedTargetsForTest(t);
    }
  }
  framekit::set_num_threads(1);
#ifdef FRAMEKIT_HAVE_OPENCV
  cv::setNumThreads(1);
#endif
#ifdef FRAMEKIT_HAVE_LIBYUV
  std::printf("libyuv cpu flags: 0x%x\n", libyuv::TestCpuFlag(-1));
#endif
  std::printf(
      "Single-threaded, ms per frame (best of interleaved batches).\n"
      "  ours    = framekit default (bilinear chroma upsampling for YUV->RGB)\n"
      "  ours-nn = framekit with nearest chroma (what libyuv and OpenCV do)\n"
      "Ratios are theirs / ours (> 1: framekit faster):\n"
      "  x yuv   = libyuv vs ours-nn (same chroma filter), x yuv-d = libyuv vs ours default,\n"
      "  x bil   = libyuv's bilinear filter (I420ToRGB24MatrixFilter) vs ours default,\n"
      "  x sws   = swscale (SWS_BILINEAR) vs ours default, x sws-n vs ours-nn,\n"
      "  x cv    = OpenCV cvtColor vs ours-nn (OpenCV has no RGB->NV12).\n");
  std::printf("%-14s %-5s | %8s %8s | %8s %8s %6s %6s %6s | %8s %6s %6s | %8s %6s\n", "op", "size",
              "ours", "ours-nn", "libyuv", "yuv-bil", "x yuv", "x yuv-d", "x bil", "swscale",
              "x sws", "x sws-n", "opencv", "x cv");
  if (custom_w > 0 && custom_h > 0) {
    bench_size(custom_w, custom_h, "custom", filter);
    return 0;
  }
  bench_size(1920, 1080, "1080p", filter);
  bench_size(3840, 2160, "4K", filter);
  return 0;
}
