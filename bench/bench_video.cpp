// 1080p H.264 to RGB frames, one thread everywhere, interleaved in rounds, on two clips
// made at bench time: ffmpeg's testsrc2 pattern, and a natural one (a pan and slow zoom
// over a mate-backgrounds photo, libx264 CRF 23). For each clip:
//  - framekit: io::VideoReader (threads = 1); each frame converted to rgb24 into one
//    reused frame (convert_color) and, in another run, into a new frame per frame
//    (reformat). Thread CPU time of the decode and of the conversion, taken apart in the
//    same run; the conversion's share of the decode time has the goal of at most 10 %.
//  - ffmpeg -threads 1 ... -f rawvideo -pix_fmt rgb24 (swscale) and the same to yuv420p
//    (no conversion): CPU time of the whole process (getrusage of the child), and its
//    ratio to framekit's decode + conversion.
// Then the conversion kernels alone on the natural clip's first frame (I420 BT.709
// limited range to packed R,G,B): framekit (bilinear chroma, the default, and nearest),
// libyuv (I420ToRGB24Matrix, nearest, and its bilinear filter), swscale as the ffmpeg
// CLI sets it up, and a memset of the destination (the store floor); each with the
// planes in cache (the same buffers every call) and from DRAM (a ring of copies larger
// than twice the last-level cache).
// PyAV's decode + to_ndarray(format="rgb24") is timed by bench/bench_video_pyav.py.
// Prints medians [min-max] over the rounds, per frame.
//
//   bench_video [--rounds N] [--seconds S] [--photo JPG] [clip ...]
//   (default: the two clips above, made in the temp directory and removed after)
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "framekit/color/color.h"
#include "framekit/color/reformat.h"
#include "framekit/core/parallel.h"
#include "framekit/io/video_reader.h"

#ifdef FRAMEKIT_HAVE_LIBYUV
#include <libyuv.h>
#endif
#ifdef FRAMEKIT_HAVE_FFMPEG
extern "C" {
#include <libswscale/swscale.h>
}
#endif

namespace {

using namespace framekit;

constexpr const char* kDefaultPhoto = "/usr/share/backgrounds/mate/nature/Garden.jpg";

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

void run_or_die(const std::string& cmd) {
  if (std::system(cmd.c_str()) != 0) {
    std::fprintf(stderr, "bench_video: '%s' failed\n", cmd.c_str());
    std::exit(1);
  }
}

// CPU seconds of a shell command (its output discarded).
double run_cpu_seconds(const std::string& cmd) {
  const double t0 = children_cpu_seconds();
  run_or_die(cmd + " >/dev/null 2>&1");
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
  double lo() const { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }
  double hi() const { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }
};

// "median [min-max]" of a series, scaled.
std::string spread(const Series& s, double scale, const char* fmt) {
  char a[32], b[32], c[32], text[128];
  std::snprintf(a, sizeof a, fmt, s.median() * scale);
  std::snprintf(b, sizeof b, fmt, s.lo() * scale);
  std::snprintf(c, sizeof c, fmt, s.hi() * scale);
  std::snprintf(text, sizeof text, "%s [%s-%s]", a, b, c);
  return text;
}

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

struct Clip {
  std::string label, path;
  bool made = false;
};

void bench_clip(const Clip& clip, int rounds) {
  Series decode, convert_new, share_new, convert_reused, share_reused, ff_yuv, ff_rgb, ff_share,
      ff_ratio_reused, ff_ratio_new;
  framekit_run(clip.path, Rgb::kNewFrame);  // warm-up
  int frames = 0;
  const std::string ff = "ffmpeg -nostdin -v error -threads 1 -i " + clip.path +
                         " -fps_mode passthrough -f rawvideo -pix_fmt ";
  for (int r = 0; r < rounds; ++r) {
    const Split a = framekit_run(clip.path, Rgb::kNewFrame);
    const Split b = framekit_run(clip.path, Rgb::kReused);
    frames = a.frames;
    decode.add(a.decode / frames);
    decode.add(b.decode / frames);
    convert_new.add(a.convert / frames);
    share_new.add(a.convert / a.decode);
    convert_reused.add(b.convert / frames);
    share_reused.add(b.convert / b.decode);
    const double fy = run_cpu_seconds(ff + "yuv420p -") / frames;
    const double fr = run_cpu_seconds(ff + "rgb24 -") / frames;
    ff_yuv.add(fy);
    ff_rgb.add(fr);
    ff_share.add((fr - fy) / fy);
    ff_ratio_reused.add(fr * frames / (b.decode + b.convert));
    ff_ratio_new.add(fr * frames / (a.decode + a.convert));
  }
  std::printf("%s: %s, %d frames, %d rounds\n", clip.label.c_str(), clip.path.c_str(), frames,
              rounds);
  auto line = [](const char* what, const std::string& text) {
    std::printf("  %-44s %s\n", what, text.c_str());
  };
  line("framekit decode (VideoReader::next)", spread(decode, 1e3, "%.3f") + " ms");
  line("+ rgb24 into a reused frame (convert_color)",
       spread(convert_reused, 1e3, "%.3f") + " ms = " + spread(share_reused, 100, "%.1f") +
           " % of the decode");
  line("+ rgb24 into a new frame (reformat)", spread(convert_new, 1e3, "%.3f") +
                                                  " ms = " + spread(share_new, 100, "%.1f") +
                                                  " % of the decode");
  line("ffmpeg decode -> yuv420p (process)", spread(ff_yuv, 1e3, "%.3f") + " ms");
  line("ffmpeg decode -> rgb24 (process)",
       spread(ff_rgb, 1e3, "%.3f") + " ms, swscale adds " + spread(ff_share, 100, "%.1f") + " %");
  line("ffmpeg rgb24 / framekit decode + rgb24",
       "reused frame " + spread(ff_ratio_reused, 1, "%.2f") + "x, new frame " +
           spread(ff_ratio_new, 1, "%.2f") + "x");
  std::fflush(stdout);
}

// ----------------------------------------------------------------- kernels alone

// One I420 picture and one packed RGB picture, tightly laid out.
struct PlaneSet {
  std::vector<uint8_t> y, u, v, rgb;
};

struct Kernel {
  const char* name;
  std::function<void(PlaneSet&)> run;
};

std::vector<Kernel> kernels(int w, int h) {
  std::vector<Kernel> k;
  auto view_of = [w, h](PlaneSet& s) {
    ImageView in;
    in.width = w;
    in.height = h;
    in.info = PixelInfo(PF_YUV420P, CS_BT709, CR_MPEG);
    in.planes[0] = {s.y.data(), w};
    in.planes[1] = {s.u.data(), w / 2};
    in.planes[2] = {s.v.data(), w / 2};
    ImageView out;
    out.width = w;
    out.height = h;
    out.info = PixelInfo(PF_RGB24, CS_BT709, CR_JPEG);
    out.planes[0] = {s.rgb.data(), 3 * w};
    return std::pair{in, out};
  };
  k.push_back({"framekit (bilinear chroma, default)", [=](PlaneSet& s) {
                 const auto [in, out] = view_of(s);
                 convert_color(in, out);
               }});
  k.push_back({"framekit (nearest chroma)", [=](PlaneSet& s) {
                 const auto [in, out] = view_of(s);
                 ColorConvertOptions nearest;
                 nearest.chroma_upsample = ChromaUpsample::kNearest;
                 convert_color(in, out, nearest);
               }});
#ifdef FRAMEKIT_HAVE_LIBYUV
  // libyuv's "RGB24" is B,G,R in memory; R,G,B comes from the swapped-chroma constants
  // with U and V exchanged, as its own I420ToRAW does.
  k.push_back({"libyuv I420ToRGB24Matrix (nearest)", [=](PlaneSet& s) {
                 libyuv::I420ToRGB24Matrix(s.y.data(), w, s.v.data(), w / 2, s.u.data(), w / 2,
                                           s.rgb.data(), 3 * w, &libyuv::kYvuH709Constants, w, h);
               }});
  k.push_back({"libyuv I420ToRGB24MatrixFilter (bilinear)", [=](PlaneSet& s) {
                 libyuv::I420ToRGB24MatrixFilter(
                     s.y.data(), w, s.v.data(), w / 2, s.u.data(), w / 2, s.rgb.data(), 3 * w,
                     &libyuv::kYvuH709Constants, w, h, libyuv::kFilterBilinear);
               }});
#endif
#ifdef FRAMEKIT_HAVE_FFMPEG
  // As the ffmpeg CLI sets it up for -pix_fmt rgb24 (bicubic flags; an unscaled
  // conversion takes swscale's special-cased converter).
  SwsContext* sws = sws_getContext(w, h, AV_PIX_FMT_YUV420P, w, h, AV_PIX_FMT_RGB24, SWS_BICUBIC,
                                   nullptr, nullptr, nullptr);
  if (sws != nullptr) {
    const int* coefs = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(sws, coefs, 0, coefs, 1, 0, 1 << 16, 1 << 16);
    k.push_back({"swscale (ffmpeg CLI setup)", [=](PlaneSet& s) {
                   const uint8_t* src[4] = {s.y.data(), s.u.data(), s.v.data(), nullptr};
                   const int src_stride[4] = {w, w / 2, w / 2, 0};
                   uint8_t* dst[4] = {s.rgb.data(), nullptr, nullptr, nullptr};
                   const int dst_stride[4] = {3 * w, 0, 0, 0};
                   sws_scale(sws, src, src_stride, 0, h, dst, dst_stride);
                 }});
  }
#endif
  k.push_back({"memset of the destination (store floor)",
               [](PlaneSet& s) { std::memset(s.rgb.data(), 0x5A, s.rgb.size()); }});
  return k;
}

// The decoded first frame of a clip, copied into tight I420 planes.
PlaneSet first_frame(const std::string& clip, int* w, int* h) {
  io::VideoReader reader(clip, io::VideoReadOptions{});
  const VideoFrame vf = reader.next();
  if (!vf || vf.frame().format() != PF_YUV420P) {
    std::fprintf(stderr, "bench_video: %s does not start with a yuv420p frame\n", clip.c_str());
    std::exit(1);
  }
  *w = vf.width();
  *h = vf.height();
  const ImageView v = vf.frame().view();
  PlaneSet s;
  auto copy_plane = [](const ImageView& v, int p, int cols, int rows, std::vector<uint8_t>& out) {
    out.resize(static_cast<size_t>(cols) * rows);
    for (int r = 0; r < rows; ++r)
      std::memcpy(out.data() + static_cast<size_t>(r) * cols, v.planes[p].row(r), cols);
  };
  copy_plane(v, 0, *w, *h, s.y);
  copy_plane(v, 1, *w / 2, *h / 2, s.u);
  copy_plane(v, 2, *w / 2, *h / 2, s.v);
  s.rgb.assign(static_cast<size_t>(*w) * *h * 3, 0);
  return s;
}

void bench_kernels(const std::string& clip, int rounds) {
  int w = 0, h = 0;
  const PlaneSet first = first_frame(clip, &w, &h);
  const size_t set_bytes = first.y.size() + first.u.size() + first.v.size() + first.rgb.size();
  long l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
  if (l3 <= 0) l3 = 64L << 20;
  const int ring =
      static_cast<int>(std::clamp<size_t>(2 * static_cast<size_t>(l3) / set_bytes + 1, 4, 160));
  std::vector<PlaneSet> sets(ring, first);
  const std::vector<Kernel> ks = kernels(w, h);
  constexpr int kHotCalls = 10;
  std::vector<Series> hot(ks.size()), cold(ks.size());
  int next_set = 0;
  for (auto& k : ks) k.run(sets[0]);  // warm-up
  for (int r = 0; r < rounds; ++r) {
    for (size_t i = 0; i < ks.size(); ++i) {
      ks[i].run(sets[0]);
      double t0 = thread_cpu_seconds();
      for (int c = 0; c < kHotCalls; ++c) ks[i].run(sets[0]);
      hot[i].add((thread_cpu_seconds() - t0) / kHotCalls);
      // From DRAM: each call on the next set of the ring, which the calls since its last
      // use have pushed out of the caches.
      double sum = 0;
      for (int c = 0; c < kHotCalls; ++c) {
        next_set = next_set % (ring - 1) + 1;
        t0 = thread_cpu_seconds();
        ks[i].run(sets[next_set]);
        sum += thread_cpu_seconds() - t0;
      }
      cold[i].add(sum / kHotCalls);
    }
  }
  std::printf(
      "kernels alone, %dx%d I420 BT.709 limited -> packed R,G,B, %d rounds of %d calls; ms per "
      "frame, median [min-max]\n  (hot: the same %.1f MB every call; DRAM: a ring of %d copies, "
      "L3 %ld MB)\n",
      w, h, rounds, kHotCalls, set_bytes / 1e6, ring, l3 >> 20);
  std::printf("  %-44s %-22s %-22s\n", "", "hot", "from DRAM");
  for (size_t i = 0; i < ks.size(); ++i)
    std::printf("  %-44s %-22s %-22s\n", ks[i].name, spread(hot[i], 1e3, "%.3f").c_str(),
                spread(cold[i], 1e3, "%.3f").c_str());
  std::fflush(stdout);
}

std::string temp_path(const std::string& stem) {
  return (std::filesystem::temp_directory_path() /
          ("framekit_bench_video_" + stem + "_" + std::to_string(getpid()) + ".mp4"))
      .string();
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  double seconds = 4;
  std::string photo = kDefaultPhoto;
  std::vector<Clip> clips;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (a == "--photo" && i + 1 < argc) {
      photo = argv[++i];
    } else if (a.rfind("--", 0) == 0) {
      continue;  // flags of other benchmarks run by the same script
    } else {
      clips.push_back({"clip", a});
    }
  }
  if (clips.empty()) {
    const std::string secs = std::to_string(seconds);
    const std::string x264 = " -c:v libx264 -preset medium -pix_fmt yuv420p ";
    Clip pattern{"testsrc2", temp_path("testsrc2"), true};
    run_or_die("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=1920x1080:rate=25:duration=" +
               secs + x264 + pattern.path);
    // A natural picture in motion: pan and slow zoom over a photo, at a usual quality.
    Clip natural{"photo pan", temp_path("photo"), true};
    const int n = static_cast<int>(seconds * 25);
    run_or_die("ffmpeg -nostdin -v error -y -i " + photo +
               " -vf \"scale=3840:-2,zoompan=z='1+0.0025*on':x='iw/2-iw/zoom/2+on*2':"
               "y='ih/2-ih/zoom/2':d=" +
               std::to_string(n) + ":s=1920x1080:fps=25\" -frames:v " + std::to_string(n) + x264 +
               "-crf 23 " + natural.path);
    clips = {pattern, natural};
  }
  set_num_threads(1);
  std::printf(
      "bench_video: one thread; CPU time per frame (thread time in-process, process "
      "time for ffmpeg), median [min-max] over rounds\n");
  for (const Clip& c : clips) bench_clip(c, rounds);
  bench_kernels(clips.back().path, rounds);
  for (const Clip& c : clips)
    if (c.made) std::filesystem::remove(c.path);
  return 0;
}
