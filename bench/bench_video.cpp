// 1080p H.264 to RGB frames, one thread everywhere, interleaved in rounds on one clip:
//  - framekit: io::VideoReader (threads = 1) with reformat() to a new rgb24 frame per
//    frame, and with convert_color() into one reused rgb24 frame; thread CPU time of
//    the decode and of the conversion, taken apart in the same run. The conversion's
//    share of the decode time has the goal of at most 10 %.
//  - ffmpeg -threads 1 ... -f rawvideo -pix_fmt rgb24 (swscale) against the same to
//    yuv420p (no conversion): CPU time of the process (getrusage of the child).
// PyAV's to_ndarray(format="rgb24") is timed by bench/bench_video_pyav.py.
// Prints medians [min-max] over the rounds.
//
//   bench_video [--rounds N] [--seconds S] [clip]   (default: a 1080p testsrc2 clip it makes)
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "framekit/color/color.h"
#include "framekit/color/reformat.h"
#include "framekit/core/parallel.h"
#include "framekit/io/video_reader.h"

namespace {

using namespace framekit;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double children_cpu_seconds() {
  rusage r{};
  getrusage(RUSAGE_CHILDREN, &r);
  return r.ru_utime.tv_sec + r.ru_utime.tv_usec * 1e-6 + r.ru_stime.tv_sec +
         r.ru_stime.tv_usec * 1e-6;
}

// CPU seconds of a shell command (its output discarded).
double run_cpu_seconds(const std::string& cmd) {
  const double t0 = children_cpu_seconds();
  const int rc = std::system((cmd + " >/dev/null 2>&1").c_str());
  if (rc != 0) {
    std::fprintf(stderr, "bench_video: '%s' failed\n", cmd.c_str());
    std::exit(1);
  }
  return children_cpu_seconds() - t0;
}

struct Series {
  std::vector<double> v;
  void add(double x) { v.push_back(x); }
  double median() const {
    auto s = v;
    std::sort(s.begin(), s.end());
    return s.empty() ? 0 : s[s.size() / 2];
  }
  double lo() const { return *std::min_element(v.begin(), v.end()); }
  double hi() const { return *std::max_element(v.begin(), v.end()); }
};

enum class Rgb { kNone, kNewFrame, kReused };

struct Split {
  double decode = 0;   // thread CPU seconds in VideoReader::next()
  double convert = 0;  // thread CPU seconds converting to rgb24
  int frames = 0;
};

// Decodes the whole clip; each frame also converted to rgb24 into a new frame
// (reformat) or into one reused frame (convert_color), or not. The two parts are timed
// apart in the same run, so the conversion's share does not depend on run-to-run noise.
Split framekit_run(const std::string& clip, Rgb rgb) {
  io::VideoReadOptions options;
  options.threads = 1;
  Split s;
  double t0 = thread_cpu_seconds();
  io::VideoReader reader(clip, options);
  Frame reused;
  for (;;) {
    VideoFrame vf = reader.next();
    const double t1 = thread_cpu_seconds();
    s.decode += t1 - t0;
    if (!vf) break;
    if (rgb == Rgb::kNewFrame) {
      const Frame out = reformat(vf.frame(), PixelInfo(PF_RGB24));
      if (!out.defined()) std::exit(1);
    } else if (rgb == Rgb::kReused) {
      if (!reused.defined()) reused = Frame(vf.width(), vf.height(), PixelInfo(PF_RGB24));
      convert_color(vf.frame().view(), reused.view());
    }
    t0 = thread_cpu_seconds();
    s.convert += t0 - t1;
    ++s.frames;
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  double seconds = 4;
  std::string clip;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (a.rfind("--", 0) == 0) {
      continue;  // flags of other benchmarks run by the same script
    } else {
      clip = a;
    }
  }
  std::string made;
  if (clip.empty()) {
    made = (std::filesystem::temp_directory_path() /
            ("framekit_bench_video_" + std::to_string(getpid()) + ".mp4"))
               .string();
    const std::string cmd =
        "ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=1920x1080:rate=25:duration=" +
        std::to_string(seconds) + " -c:v libx264 -preset medium -pix_fmt yuv420p " + made;
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "bench_video: cannot make the clip (%s)\n", cmd.c_str());
      return 1;
    }
    clip = made;
  }
  set_num_threads(1);

  Series decode, convert_new, share_new, convert_reused, share_reused, ff_yuv, ff_rgb, ff_share,
      ours_total;
  framekit_run(clip, Rgb::kNewFrame);  // warm-up
  int frames = 0;
  const std::string ff = "ffmpeg -nostdin -v error -threads 1 -i " + clip +
                         " -fps_mode passthrough -f rawvideo -pix_fmt ";
  for (int r = 0; r < rounds; ++r) {
    const Split a = framekit_run(clip, Rgb::kNewFrame);
    const Split b = framekit_run(clip, Rgb::kReused);
    frames = a.frames;
    decode.add(a.decode);
    decode.add(b.decode);
    convert_new.add(a.convert);
    share_new.add(a.convert / a.decode);
    convert_reused.add(b.convert);
    share_reused.add(b.convert / b.decode);
    ours_total.add(a.decode + a.convert);
    const double fy = run_cpu_seconds(ff + "yuv420p -");
    const double fr = run_cpu_seconds(ff + "rgb24 -");
    ff_yuv.add(fy);
    ff_rgb.add(fr);
    ff_share.add((fr - fy) / fy);
  }
  auto ms = [&](const Series& s) { return s.median() * 1e3 / frames; };
  auto pct = [](const Series& s) {
    char text[64];
    std::snprintf(text, sizeof text, "%5.1f %% [%.1f-%.1f]", s.median() * 100, s.lo() * 100,
                  s.hi() * 100);
    return std::string(text);
  };
  std::printf(
      "bench_video: %s, %d frames, %d rounds, one thread; per frame, median; "
      "shares median [min-max]\n",
      clip.c_str(), frames, rounds);
  std::printf("  framekit decode (VideoReader::next)        %7.3f ms\n", ms(decode));
  std::printf("  framekit rgb24 by reformat (new frame)     %7.3f ms   %s of the decode\n",
              ms(convert_new), pct(share_new).c_str());
  std::printf("  framekit rgb24 by convert_color (reused)   %7.3f ms   %s of the decode\n",
              ms(convert_reused), pct(share_reused).c_str());
  std::printf("  ffmpeg decode -> yuv420p                   %7.3f ms   (process CPU time)\n",
              ms(ff_yuv));
  std::printf("  ffmpeg decode -> rgb24                     %7.3f ms   swscale adds %s\n",
              ms(ff_rgb), pct(ff_share).c_str());
  std::printf("  ffmpeg rgb24 / framekit decode + reformat: %.2fx\n",
              ff_rgb.median() / ours_total.median());
  if (!made.empty()) std::filesystem::remove(made);
  return 0;
}
