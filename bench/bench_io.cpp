// Image reading against its references, interleaved in rounds on the same bytes:
//  - JPEG decode to RGB and to the JPEG's own YUV planes: framekit::io against TurboJPEG
//    called directly, and to BGR against OpenCV's imdecode where it is installed (one
//    thread, thread CPU time);
//  - photo file -> 640-wide JPEG thumbnail file (read, decode, scale, encode, write):
//    framekit (DCT scaling + area resize, its JPEG encoder) against vipsthumbnail and
//    ImageMagick's convert -thumbnail, which run as processes: their time is wall time
//    less the median start-up of the same program doing nothing.
// Prints per case the median time of each side and the ratio theirs / ours as the median
// [min-max] over the rounds.
//
//   bench_io [--rounds N] [photo.jpg ...]     (default: Debian's mate-backgrounds photos)
#include <sys/wait.h>
#include <time.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "framekit/core/parallel.h"
#include "framekit/io/image_io.h"

#ifdef FRAMEKIT_HAVE_OPENCV_IMGCODECS
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#endif

namespace {

using namespace framekit;

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

// Runs a shell command with its output discarded; its wall time.
double run_seconds(const std::string& cmd) {
  const double t0 = wall_seconds();
  const int rc = std::system((cmd + " >/dev/null 2>&1").c_str());
  const double t = wall_seconds() - t0;
  if (rc != 0) {
    std::fprintf(stderr, "bench_io: '%s' failed\n", cmd.c_str());
    std::exit(1);
  }
  return t;
}

struct Sides {
  std::vector<double> ours, theirs, ratio;
  void add(double a, double b) {
    ours.push_back(a);
    theirs.push_back(b);
    ratio.push_back(b / a);
  }
  void print(const char* name, const char* reference) const {
    std::vector<double> r = ratio;
    std::sort(r.begin(), r.end());
    std::printf("  %-22s framekit %8.2f ms   %-24s %8.2f ms   ratio %.2fx [%.2f-%.2f]\n", name,
                median(ours) * 1e3, reference, median(theirs) * 1e3, median(r), r.front(),
                r.back());
  }
};

struct Tj {
  tjhandle h = tjInitDecompress();
  ~Tj() { tjDestroy(h); }
};

}  // namespace

int main(int argc, char** argv) {
  int rounds = 15;
  std::vector<std::string> photos;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc)
      rounds = std::max(1, std::atoi(argv[++i]));
    else if (a.rfind("--", 0) != 0)
      photos.push_back(a);  // other benchmarks' flags: ignored
  }
  if (photos.empty())
    photos = {"/usr/share/backgrounds/mate/nature/Aqua.jpg",                // 2560x1600 4:2:0
              "/usr/share/backgrounds/mate/nature/Storm.jpg",               // 1920x1280 4:2:2
              "/usr/share/backgrounds/mate/nature/GreenMeadow.jpg",         // progressive
              "/usr/share/backgrounds/mate/desktop/GreenTraditional.jpg"};  // 4:4:4
  set_num_threads(1);
#ifdef FRAMEKIT_HAVE_OPENCV_IMGCODECS
  cv::setNumThreads(0);
#endif
  const std::string tmp = "/tmp/framekit_bench_io_thumb.jpg";
  const double vips_start = [&] {
    std::vector<double> t;
    for (int i = 0; i < 5; ++i) t.push_back(run_seconds("vipsthumbnail --vips-version"));
    return median(t);
  }();
  const double im_start = [&] {
    std::vector<double> t;
    for (int i = 0; i < 5; ++i) t.push_back(run_seconds("/usr/bin/convert -version"));
    return median(t);
  }();
  std::printf(
      "bench_io: %d rounds, 1 thread; in-process cases on thread CPU time; process "
      "start-up subtracted: vipsthumbnail %.1f ms, convert %.1f ms\n",
      rounds, vips_start * 1e3, im_start * 1e3);
  for (const auto& photo : photos) {
    const std::vector<uint8_t> data = read_bytes(photo);
    Tj tj;
    int w = 0, h = 0, subsamp = 0, cs = 0;
    if (tjDecompressHeader3(tj.h, data.data(), data.size(), &w, &h, &subsamp, &cs) != 0) {
      std::fprintf(stderr, "bench_io: %s is not a JPEG\n", photo.c_str());
      return 1;
    }
    std::printf("%s (%dx%d)\n", photo.c_str(), w, h);
    io::ReadOptions rgb;
    rgb.format = PixelInfo(PF_RGB24);
    io::ReadOptions thumb;
    thumb.format = PixelInfo(PF_RGB24);
    thumb.width = 640;
    io::ReadOptions bgr;
    bgr.format = PixelInfo(PF_BGR24);
    Sides to_rgb, to_yuv, to_bgr, vips, magick;
    for (int r = 0; r < rounds; ++r) {
      double t0 = thread_cpu_seconds();
      VideoFrame a = io::decode_image(data, rgb);
      const double ours_rgb = thread_cpu_seconds() - t0;
      t0 = thread_cpu_seconds();
      std::vector<uint8_t> out(static_cast<size_t>(w) * h * 3);
      tjDecompress2(tj.h, data.data(), data.size(), out.data(), w, w * 3, h, TJPF_RGB, 0);
      to_rgb.add(ours_rgb, thread_cpu_seconds() - t0);

      t0 = thread_cpu_seconds();
      VideoFrame b = io::decode_image(data);
      const double ours_yuv = thread_cpu_seconds() - t0;
      t0 = thread_cpu_seconds();
      std::vector<uint8_t> yuv(tjBufSizeYUV2(w, 1, h, subsamp));
      tjDecompressToYUV2(tj.h, data.data(), data.size(), yuv.data(), w, 1, h, 0);
      to_yuv.add(ours_yuv, thread_cpu_seconds() - t0);

#ifdef FRAMEKIT_HAVE_OPENCV_IMGCODECS
      t0 = thread_cpu_seconds();
      VideoFrame d = io::decode_image(data, bgr);
      const double ours_bgr = thread_cpu_seconds() - t0;
      t0 = thread_cpu_seconds();
      const cv::Mat decoded = cv::imdecode(
          cv::Mat(1, static_cast<int>(data.size()), CV_8U, const_cast<uint8_t*>(data.data())),
          cv::IMREAD_COLOR);
      to_bgr.add(ours_bgr, thread_cpu_seconds() - t0);
      if (!d || decoded.cols != w) return 1;
#endif
      // Like the tools: read the file, write the thumbnail as a JPEG file.
      t0 = wall_seconds();
      VideoFrame c = io::read_image(photo, thumb);
      io::write_image(tmp, c);
      const double ours_thumb = wall_seconds() - t0;
      const double v = run_seconds("vipsthumbnail '" + photo + "' --size 640x -o " + tmp);
      vips.add(ours_thumb, std::max(1e-6, v - vips_start));
      const double m = run_seconds("/usr/bin/convert '" + photo + "' -thumbnail 640x " + tmp);
      magick.add(ours_thumb, std::max(1e-6, m - im_start));
      if (!a || !b || c.width() != 640) return 1;
    }
    to_rgb.print("decode to RGB", "TurboJPEG tjDecompress2");
    to_yuv.print("decode to YUV planes", "TurboJPEG ToYUV2");
#ifdef FRAMEKIT_HAVE_OPENCV_IMGCODECS
    to_bgr.print("decode to BGR", "OpenCV imdecode");
#endif
    vips.print("640-wide thumbnail", "vipsthumbnail");
    magick.print("640-wide thumbnail", "convert -thumbnail");
  }
  std::remove(tmp.c_str());
  return 0;
}
