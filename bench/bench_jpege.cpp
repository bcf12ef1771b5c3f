// JPEGE engine throughput: NV12 q85 pictures through 1, 2 and 8 channels sharing the
// engine's workers, against (a) single-thread TurboJPEG (accurate DCT, I420, same
// planes) and (b) the encoder core called directly from as many threads as the engine
// has workers (the engine's overhead), in one run. Also frames/s next to the hardware
// JPEGE's published figures (1080p: 128 fps per channel, 1024 per device; 4K: 32, 256).
//   bench_jpege [--seconds S] [--rounds N] [--workers W] [--ring-mb M] [--sizes 1080p,4k]
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "framekit/jpege/engine.h"
#include "harness/jpeg_bench_harness.h"

namespace {

using namespace framekit;
using Clock = std::chrono::steady_clock;

// Each channel's stream buffer (--ring-mb).
uint32_t g_ring_bytes = 32u << 20;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// CPU seconds of the whole process (all threads): what a picture costs, independent of
// what else runs on the machine.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

struct Measure {
  double fps = 0;
  double cpu_ms = 0;  // process CPU time per picture
};

// Wall-clock and CPU time over a measured stretch.
class Meter {
 public:
  Meter() : t0_(Clock::now()), cpu0_(process_cpu_seconds()) {}
  double elapsed() const { return seconds_since(t0_); }
  Measure done(int64_t frames) const {
    const double wall = elapsed(), cpu = process_cpu_seconds() - cpu0_;
    return Measure{frames / wall, frames > 0 ? 1e3 * cpu / frames : 0};
  }

 private:
  Clock::time_point t0_;
  double cpu0_;
};

#ifdef FRAMEKIT_HAVE_TURBOJPEG
Measure turbojpeg_fps(const jpeg::bench::TestImage& img, int quality, double seconds) {
  tjhandle tj = tjInitCompress();
  const unsigned char* planes[3] = {img.y.data(), img.u.data(), img.v.data()};
  const int cw = (img.width + 1) / 2;
  int strides[3] = {img.ystride(), cw, cw};
  std::vector<unsigned char> buf(tjBufSize(img.width, img.height, TJSAMP_420));
  int64_t frames = 0;
  const Meter meter;
  do {
    unsigned char* out = buf.data();
    unsigned long size = buf.size();
    tjCompressFromYUVPlanes(tj, planes, img.width, strides, img.height, TJSAMP_420, &out, &size,
                            quality, TJFLAG_ACCURATEDCT | TJFLAG_NOREALLOC);
    ++frames;
  } while (meter.elapsed() < seconds);
  const Measure m = meter.done(frames);
  tjDestroy(tj);
  return m;
}
#endif

// The encoder core called directly in a loop from `threads` threads.
Measure direct_fps(const ImageView& view, int quality, int threads, double seconds) {
  jpeg::EncodeParams p;
  p.quality = quality;
  p.raw = true;
  const jpeg::Encoder enc(p);
  std::atomic<int64_t> frames{0};
  std::vector<std::vector<uint8_t>> outs(static_cast<size_t>(threads));
  for (auto& out : outs) out.resize(enc.max_encoded_size(view.width, view.height, view.format()));
  const Meter meter;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<uint8_t>& out = outs[static_cast<size_t>(t)];
      do {
        enc.encode_into(view, out.data(), out.size());
        ++frames;
      } while (meter.elapsed() < seconds);
    });
  }
  for (auto& t : pool) t.join();
  return meter.done(frames.load());
}

// The hardware flow at full speed: a producer sends to `channels` channels round robin
// (blocking when a channel is full), a consumer waits on all fds with epoll, fetches
// and releases. Returns pictures per second.
Measure engine_fps(const ImageView& view, int quality, int channels, int workers, double seconds) {
  jpege::Engine engine({.workers = workers, .queue_depth = 8});
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  for (int c = 0; c < channels; ++c) {
    jpege::ChannelAttr a;
    a.max_pic_width = a.pic_width = static_cast<uint32_t>(view.width);
    a.max_pic_height = a.pic_height = static_cast<uint32_t>(view.height);
    a.buf_size = g_ring_bytes;
    engine.create_channel(c, a);
    jpege::JpegParam p = engine.get_jpeg_param(c);
    p.qfactor = static_cast<uint32_t>(quality);
    engine.set_jpeg_param(c, p);
    engine.start_channel(c);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<uint32_t>(c);
    ::epoll_ctl(ep, EPOLL_CTL_ADD, engine.get_fd(c), &ev);
  }
  jpege::InputFrame in;
  in.view = view;
  in.raw = true;
  std::atomic<int64_t> sent{0}, received{0};
  std::atomic<bool> stop{false};
  std::thread consumer([&] {
    epoll_event events[256];
    while (!stop.load() || received.load() < sent.load()) {
      const int n = ::epoll_wait(ep, events, 256, 50);
      for (int i = 0; i < n; ++i) {
        const int c = static_cast<int>(events[i].data.u32);
        while (auto s = engine.try_get_stream(c, 0)) {
          engine.release_stream(c, *s);
          ++received;
        }
      }
    }
  });
  // Warm up (workers' scratch buffers, page faults), then measure.
  for (int c = 0; c < channels; ++c) engine.send_frame(c, in, -1), ++sent;
  while (received.load() < sent.load()) std::this_thread::yield();
  const int64_t base = received.load();
  const Meter meter;
  for (int64_t i = 0; meter.elapsed() < seconds; ++i) {
    engine.send_frame(static_cast<int>(i % channels), in, -1);
    ++sent;
  }
  stop = true;
  consumer.join();
  const Measure m = meter.done(received.load() - base);
  ::close(ep);
  return m;
}

// One picture at a time, as the seed's sample does: send, wait, get, release. The idle
// workers help with the picture (restart segments).
Measure engine_sync_fps(const ImageView& view, int quality, int workers, double seconds) {
  jpege::Engine engine({.workers = workers});
  jpege::ChannelAttr a;
  a.max_pic_width = a.pic_width = static_cast<uint32_t>(view.width);
  a.max_pic_height = a.pic_height = static_cast<uint32_t>(view.height);
  a.buf_size = g_ring_bytes;
  engine.create_channel(0, a);
  jpege::JpegParam p = engine.get_jpeg_param(0);
  p.qfactor = static_cast<uint32_t>(quality);
  engine.set_jpeg_param(0, p);
  engine.start_channel(0);
  jpege::InputFrame in;
  in.view = view;
  in.raw = true;
  engine.send_frame(0, in, -1);  // warm-up
  engine.release_stream(0, engine.get_stream(0, -1));
  int64_t frames = 0;
  const Meter meter;
  do {
    engine.send_frame(0, in, -1);
    engine.release_stream(0, engine.get_stream(0, -1));
    ++frames;
  } while (meter.elapsed() < seconds);
  return meter.done(frames);
}

double median(std::vector<Measure> v, double Measure::*field) {
  std::sort(v.begin(), v.end(),
            [&](const Measure& a, const Measure& b) { return a.*field < b.*field; });
  return v[v.size() / 2].*field;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 1.0;
  int rounds = 3;
  int workers = static_cast<int>(std::thread::hardware_concurrency());
  std::vector<std::string> sizes = {"1080p", "4k"};
  const int quality = 85;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--ring-mb" && i + 1 < argc) {
      g_ring_bytes = static_cast<uint32_t>(std::max(1, std::atoi(argv[++i]))) << 20;
    } else if (a == "--workers" && i + 1 < argc) {
      workers = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--sizes" && i + 1 < argc) {
      sizes.clear();
      for (char* t = std::strtok(argv[++i], ","); t; t = std::strtok(nullptr, ","))
        sizes.push_back(t);
    } else {
      std::fprintf(
          stderr,
          "usage: %s [--seconds S] [--rounds N] [--workers W] [--ring-mb M] [--sizes 1080p,4k]\n",
          argv[0]);
      return 2;
    }
  }
#ifndef FRAMEKIT_HAVE_TURBOJPEG
  std::fprintf(stderr, "bench_jpege: built without TurboJPEG, nothing to compare\n");
  return 1;
#else
  double load = 0;
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &load) != 1) load = 0;
    std::fclose(f);
  }
  std::printf(
      "JPEGE engine, NV12 q%d, %d worker(s) on %u core(s) (load average %.1f); ratios "
      "to single-thread TurboJPEG (I420, accurate DCT) in the same run; median of %d "
      "rounds of %.1f s\n\n",
      quality, workers, std::thread::hardware_concurrency(), load, rounds, seconds);
  std::printf("%-6s %-28s %8s %8s %11s %9s %11s %13s\n", "size", "configuration", "fps", "MP/s",
              "x TurboJPEG", "CPU ms", "fps/channel", "HW fps ch/dev");
  for (const std::string& size : sizes) {
    const bool uhd = size == "4k" || size == "4K" || size == "2160p";
    const int w = uhd ? 3840 : 1920, h = uhd ? 2160 : 1080;
    const double hw_channel = uhd ? 32 : 128, hw_device = uhd ? 256 : 1024;
    const jpeg::bench::TestImage img = jpeg::bench::synthetic_image(w, h);
    const ImageView view = img.nv12();
    struct Row {
      std::string name;
      int channels;
      std::vector<Measure> runs;
    };
    std::vector<Row> rows = {{"TurboJPEG, 1 thread", 0, {}},
                             {"core direct, 1 thread", 0, {}},
                             {"core direct, " + std::to_string(workers) + " threads", 0, {}},
                             {"engine 1 ch, one at a time", 1, {}},
                             {"engine 1 channel", 1, {}},
                             {"engine 2 channels", 2, {}},
                             {"engine 8 channels", 8, {}}};
    // Rounds interleave the configurations, so a busy moment hits all of them.
    for (int r = 0; r < rounds; ++r) {
      rows[0].runs.push_back(turbojpeg_fps(img, quality, seconds));
      rows[1].runs.push_back(direct_fps(view, quality, 1, seconds));
      rows[2].runs.push_back(direct_fps(view, quality, workers, seconds));
      rows[3].runs.push_back(engine_sync_fps(view, quality, workers, seconds));
      for (size_t k = 4; k < rows.size(); ++k) {
        rows[k].runs.push_back(engine_fps(view, quality, rows[k].channels, workers, seconds));
      }
    }
    const double tj = median(rows[0].runs, &Measure::fps);
    const double mp = w * double(h) / 1e6;
    for (const Row& row : rows) {
      const double fps = median(row.runs, &Measure::fps);
      char per_channel[32] = "";
      if (row.channels > 0) {
        std::snprintf(per_channel, sizeof per_channel, "%.1f", fps / row.channels);
      }
      std::printf("%-6s %-28s %8.1f %8.1f %11.2f %9.2f %11s %7.0f / %4.0f\n", size.c_str(),
                  row.name.c_str(), fps, fps * mp, fps / tj, median(row.runs, &Measure::cpu_ms),
                  per_channel, hw_channel, hw_device);
    }
    // Overhead: the engine's CPU time per picture over the core's, both on the same
    // number of threads (CPU time does not depend on other load on the machine).
    const double direct_cpu = median(rows[2].runs, &Measure::cpu_ms);
    double worst_cpu = 0;
    for (size_t k = 4; k < rows.size(); ++k) {
      worst_cpu = std::max(worst_cpu, median(rows[k].runs, &Measure::cpu_ms));
    }
    const double direct_fps_w = median(rows[2].runs, &Measure::fps);
    double worst_fps = 1e18;
    for (size_t k = 4; k < rows.size(); ++k) {
      worst_fps = std::min(worst_fps, median(rows[k].runs, &Measure::fps));
    }
    std::printf(
        "%-6s engine overhead vs the core on %d threads (worst of 1/2/8 channels): "
        "%+.1f%% CPU per picture, %+.1f%% wall-clock throughput\n\n",
        size.c_str(), workers, 100.0 * (worst_cpu / direct_cpu - 1.0),
        100.0 * (1.0 - worst_fps / direct_fps_w));
    std::fflush(stdout);
  }
  return 0;
#endif
}
