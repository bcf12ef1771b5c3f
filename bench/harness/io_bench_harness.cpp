#include "harness/io_bench_harness.h"

#include <time.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "framekit/core/error.h"
#include "framekit/core/parallel.h"
#include "framekit/io/image_io.h"

#ifdef FRAMEKIT_HAVE_OPENCV_IMGCODECS
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#endif

namespace framekit::io_bench {
namespace {

// The real ImageMagick, by its Debian path: a `convert` earlier on PATH may be anything.
constexpr const char* kImageMagickConvert = "/usr/bin/convert";

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double wall_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

// Runs a shell command with its output discarded; its wall time, or a negative number
// when it failed.
double run_seconds(const std::string& cmd) {
  const double t0 = wall_seconds();
  const int rc = std::system((cmd + " >/dev/null 2>&1").c_str());
  const double t = wall_seconds() - t0;
  return rc == 0 ? t : -1;
}

// The median wall time of a program that starts and exits at once (its start-up cost),
// or a negative number when it cannot run.
double startup_seconds(const std::string& cmd) {
  std::vector<double> t;
  for (int i = 0; i < 5; ++i) {
    const double s = run_seconds(cmd);
    if (s < 0) return -1;
    t.push_back(s);
  }
  return median(t);
}

struct Sides {
  std::vector<double> ours, theirs, ratio;
  void add(double a, double b) {
    ours.push_back(a);
    theirs.push_back(b);
    ratio.push_back(b / a);
  }
  void print(std::FILE* out, const char* name, const char* reference) const {
    if (ratio.empty()) return;
    std::vector<double> r = ratio;
    std::sort(r.begin(), r.end());
    std::fprintf(out, "  %-22s framekit %8.2f ms   %-24s %8.2f ms   ratio %.2fx [%.2f-%.2f]\n",
                 name, median(ours) * 1e3, reference, median(theirs) * 1e3, median(r), r.front(),
                 r.back());
  }
};

struct Tj {
  tjhandle h = tjInitDecompress();
  ~Tj() { tjDestroy(h); }
  Tj() = default;
  Tj(const Tj&) = delete;
  Tj& operator=(const Tj&) = delete;
};

}  // namespace

std::vector<std::string> default_photos() {
  return {"/usr/share/backgrounds/mate/nature/Aqua.jpg",                // 2560x1600 4:2:0
          "/usr/share/backgrounds/mate/nature/Storm.jpg",               // 1920x1280 4:2:2
          "/usr/share/backgrounds/mate/nature/GreenMeadow.jpg",         // progressive
          "/usr/share/backgrounds/mate/desktop/GreenTraditional.jpg"};  // 4:4:4
}

int run(const Options& options, std::FILE* out) {
  const std::vector<std::string> photos =
      options.photos.empty() ? default_photos() : options.photos;
  const int rounds = std::max(1, options.rounds);
  const std::string& tmp = options.scratch;
  const int threads_before = get_num_threads();
  set_num_threads(1);
#ifdef FRAMEKIT_HAVE_OPENCV_IMGCODECS
  cv::setNumThreads(0);
#endif
  double vips_start = -1, im_start = -1;
  if (options.thumbnails) {
    vips_start = startup_seconds("vipsthumbnail --vips-version");
    im_start = startup_seconds(std::string(kImageMagickConvert) + " -version");
  }
  const auto startup_text = [](double s) {
    char text[32];
    if (s < 0) return std::string("not installed");
    std::snprintf(text, sizeof text, "%.1f ms", s * 1e3);
    return std::string(text);
  };
  std::fprintf(out,
               "framekit bench io: up to %d rounds, 1 thread; in-process cases on thread CPU "
               "time; process start-up subtracted: vipsthumbnail %s, convert %s\n",
               rounds, startup_text(vips_start).c_str(), startup_text(im_start).c_str());
  int status = 0;
  for (const auto& photo : photos) {
    const std::vector<uint8_t> data = read_bytes(photo);
    Tj tj;
    int w = 0, h = 0, subsamp = 0, cs = 0;
    if (data.empty() ||
        tjDecompressHeader3(tj.h, data.data(), data.size(), &w, &h, &subsamp, &cs) != 0) {
      std::fprintf(stderr, "bench io: %s is not a readable JPEG\n", photo.c_str());
      status = 1;
      continue;
    }
    std::fprintf(out, "%s (%dx%d)\n", photo.c_str(), w, h);
    io::ReadOptions rgb;
    rgb.format = PixelInfo(PF_RGB24);
    io::ReadOptions thumb;
    thumb.format = PixelInfo(PF_RGB24);
    thumb.width = 640;
    io::ReadOptions bgr;
    bgr.format = PixelInfo(PF_BGR24);
    Sides to_rgb, to_yuv, to_bgr, vips, magick;
    bool failed = false;
    const double photo_start = wall_seconds();
    for (int r = 0; r < rounds && !failed; ++r) {
      if (r > 0 && options.seconds > 0 && wall_seconds() - photo_start >= options.seconds) break;
      double t0 = thread_cpu_seconds();
      VideoFrame a = io::decode_image(data, rgb);
      const double ours_rgb = thread_cpu_seconds() - t0;
      t0 = thread_cpu_seconds();
      std::vector<uint8_t> pixels(static_cast<size_t>(w) * h * 3);
      tjDecompress2(tj.h, data.data(), data.size(), pixels.data(), w, w * 3, h, TJPF_RGB, 0);
      to_rgb.add(ours_rgb, thread_cpu_seconds() - t0);

      t0 = thread_cpu_seconds();
      VideoFrame b = io::decode_image(data);
      const double ours_yuv = thread_cpu_seconds() - t0;
      t0 = thread_cpu_seconds();
      std::vector<uint8_t> yuv(tjBufSizeYUV2(w, 1, h, subsamp));
      tjDecompressToYUV2(tj.h, data.data(), data.size(), yuv.data(), w, 1, h, 0);
      to_yuv.add(ours_yuv, thread_cpu_seconds() - t0);
      failed = failed || !a || !b || a.width() != w;

#ifdef FRAMEKIT_HAVE_OPENCV_IMGCODECS
      t0 = thread_cpu_seconds();
      VideoFrame d = io::decode_image(data, bgr);
      const double ours_bgr = thread_cpu_seconds() - t0;
      t0 = thread_cpu_seconds();
      const cv::Mat decoded = cv::imdecode(
          cv::Mat(1, static_cast<int>(data.size()), CV_8U, const_cast<uint8_t*>(data.data())),
          cv::IMREAD_COLOR);
      to_bgr.add(ours_bgr, thread_cpu_seconds() - t0);
      failed = failed || !d || decoded.cols != w;
#endif
      if (!options.thumbnails) continue;
      // Like the tools: read the file, write the thumbnail as a JPEG file.
      t0 = wall_seconds();
      VideoFrame c = io::read_image(photo, thumb);
      io::write_image(tmp, c);
      const double ours_thumb = wall_seconds() - t0;
      failed = failed || c.width() != 640;
      if (vips_start >= 0) {
        const double v = run_seconds("vipsthumbnail '" + photo + "' --size 640x -o " + tmp);
        if (v < 0) std::fprintf(stderr, "bench io: vipsthumbnail failed on %s\n", photo.c_str());
        failed = failed || v < 0;
        vips.add(ours_thumb, std::max(1e-6, v - vips_start));
      }
      if (im_start >= 0) {
        const double m = run_seconds(std::string(kImageMagickConvert) + " '" + photo +
                                     "' -thumbnail 640x " + tmp);
        if (m < 0) std::fprintf(stderr, "bench io: convert failed on %s\n", photo.c_str());
        failed = failed || m < 0;
        magick.add(ours_thumb, std::max(1e-6, m - im_start));
      }
    }
    to_rgb.print(out, "decode to RGB", "TurboJPEG tjDecompress2");
    to_yuv.print(out, "decode to YUV planes", "TurboJPEG ToYUV2");
    to_bgr.print(out, "decode to BGR", "OpenCV imdecode");
    vips.print(out, "640-wide thumbnail", "vipsthumbnail");
    magick.print(out, "640-wide thumbnail", "convert -thumbnail");
    std::fflush(out);
    if (failed) {
      std::fprintf(stderr, "bench io: a case failed on %s\n", photo.c_str());
      status = 1;
    }
  }
  std::remove(tmp.c_str());
  set_num_threads(threads_before);
  return status;
}

}  // namespace framekit::io_bench
