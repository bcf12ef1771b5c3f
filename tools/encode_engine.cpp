#include "encode_engine.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include "framekit/core/error.h"
#include "framekit/jpege/engine.h"

namespace framekit::cli {
namespace {

using Clock = std::chrono::steady_clock;

// A picture between send and write: its input (kept alive) and where it goes.
struct Pending {
  VideoFrame frame;
  std::string path;
};

struct ChannelQueue {
  std::mutex mu;
  std::deque<Pending> pending;
};

std::string output_path(const EngineEncodeJob& job, const std::string& input, bool multi_frame,
                        int64_t frame_index, int64_t global_index, bool single_picture) {
  namespace fs = std::filesystem;
  if (job.output.find('%') != std::string::npos) {
    char buf[4096];
    std::snprintf(buf, sizeof buf, job.output.c_str(), static_cast<long long>(global_index));
    return buf;
  }
  if (single_picture) return job.output;
  std::string name = fs::path(input).stem().string();
  if (multi_frame) {
    char idx[32];
    std::snprintf(idx, sizeof idx, "_%05lld", static_cast<long long>(frame_index));
    name += idx;
  }
  return (fs::path(job.output) / (name + ".jpg")).string();
}

void write_file(const std::string& path, const uint8_t* data, size_t len) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  FK_CHECK(f != nullptr, ErrorCode::kRuntime, "encode: cannot open ", path, " for writing");
  const size_t written = std::fwrite(data, 1, len, f);
  const bool closed = std::fclose(f) == 0;
  FK_CHECK(written == len && closed, ErrorCode::kRuntime, "encode: writing ", path, " failed");
}

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && ::isatty(2)), start_(Clock::now()) {}

  void update(int64_t done, int64_t total_or_negative, bool force = false) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double s = std::chrono::duration<double>(now - start_).count();
    const double fps = s > 0 ? done / s : 0;
    if (total_or_negative > 0) {
      const int width = 30;
      const int filled = static_cast<int>(width * done / total_or_negative);
      std::fprintf(stderr, "\r[%.*s%*s] %lld/%lld  %.1f fps ", filled,
                   "##############################", width - filled, "",
                   static_cast<long long>(done), static_cast<long long>(total_or_negative), fps);
    } else {
      std::fprintf(stderr, "\r%lld pictures  %.1f fps ", static_cast<long long>(done), fps);
    }
    std::fflush(stderr);
  }
  void finish() {
    if (enabled_) std::fprintf(stderr, "\n");
  }

 private:
  bool enabled_;
  Clock::time_point start_;
  Clock::time_point last_{};
};

}  // namespace

int run_engine_encode(const EngineEncodeJob& job) {
  namespace fs = std::filesystem;
  FK_CHECK_ARG(!job.inputs.empty(), "encode: no input files");
  FK_CHECK_ARG(!job.output.empty(), "encode: an output is required (-o DIR, -o 'out_%05d.jpg')");
  FK_CHECK_ARG(job.quality >= 1 && job.quality <= 100, "encode: quality ", job.quality,
               " (expected 1..100)");
  FK_CHECK_ARG(job.channels >= 0 && job.channels <= jpege::kMaxChannels, "encode: --channels ",
               job.channels, " (expected 1..256)");

  const bool single_picture =
      job.inputs.size() == 1 && job.output.find('%') == std::string::npos &&
      (file_kind(job.inputs[0]) == FileKind::kPng || file_kind(job.inputs[0]) == FileKind::kPnm);
  if (!single_picture && job.output.find('%') == std::string::npos) {
    fs::create_directories(job.output);
  }

  jpege::Engine engine({.workers = job.workers, .queue_depth = 8});
  const int channels =
      std::clamp(job.channels > 0 ? job.channels : engine.num_workers(), 1, jpege::kMaxChannels);
  std::vector<ChannelQueue> queues(static_cast<size_t>(channels));
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  FK_CHECK(ep >= 0, ErrorCode::kRuntime, "encode: epoll_create1 failed");
  for (int c = 0; c < channels; ++c) {
    jpege::ChannelAttr a;
    a.max_pic_width = a.pic_width = jpege::kMaxPicSize;
    a.max_pic_height = a.pic_height = jpege::kMaxPicSize;
    a.buf_size = 128u << 20;  // address space only until pictures are written into it
    engine.create_channel(c, a);
    jpege::JpegParam p = engine.get_jpeg_param(c);
    p.qfactor = static_cast<uint32_t>(job.quality);
    p.mcu_per_ecs = static_cast<uint32_t>(job.restart);
    engine.set_jpeg_param(c, p);
    engine.start_channel(c);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<uint32_t>(c);
    ::epoll_ctl(ep, EPOLL_CTL_ADD, engine.get_fd(c), &ev);
  }

  std::atomic<int64_t> sent{0};
  std::atomic<bool> reading_done{false};
  std::atomic<int64_t> done{0}, failed{0}, out_bytes{0}, pixels{0};
  std::string first_error;
  std::mutex error_mu;
  Progress progress(job.progress);
  const auto t0 = Clock::now();

  // The writer: waits on every channel's fd, writes pictures in each channel's order.
  std::thread writer([&] {
    epoll_event events[64];
    while (!reading_done.load() || done.load() < sent.load()) {
      const int n = ::epoll_wait(ep, events, 64, 100);
      for (int i = 0; i < n; ++i) {
        const int c = static_cast<int>(events[i].data.u32);
        while (auto s = engine.try_get_stream(c, 0)) {
          Pending pic;
          {
            std::lock_guard<std::mutex> lock(queues[static_cast<size_t>(c)].mu);
            pic = std::move(queues[static_cast<size_t>(c)].pending.front());
            queues[static_cast<size_t>(c)].pending.pop_front();
          }
          try {
            if (!s->ok()) {
              JPEGE_THROW(s->status, pic.path, ": needs ", s->needed_size,
                          " bytes, more than the stream buffer");
            }
            write_file(pic.path, s->pack.data, s->pack.len);
            out_bytes += s->pack.len;
            pixels += int64_t{pic.frame.width()} * pic.frame.height();
            engine.release_stream(c, *s);
          } catch (const std::exception& e) {
            ++failed;
            std::lock_guard<std::mutex> lock(error_mu);
            if (first_error.empty()) first_error = e.what();
          }
          ++done;
          progress.update(done.load(), reading_done.load() ? sent.load() : -1);
        }
      }
    }
  });

  // The reader: every frame of every input, round robin over the channels.
  int64_t index = 0;
  try {
    for (const std::string& input : job.inputs) {
      const FileKind kind = file_kind(input);
      const bool multi_frame = kind == FileKind::kY4m || kind == FileKind::kRaw;
      FrameReader reader(input, kind == FileKind::kRaw ? job.raw : std::nullopt);
      int64_t frame_index = 0;
      for (VideoFrame frame = reader.next(); frame.defined(); frame = reader.next()) {
        const int c = static_cast<int>(index % channels);
        jpege::InputFrame in;
        in.view = frame.frame().view();
        in.pts = static_cast<uint64_t>(index);
        in.raw = job.raw_samples;
        {
          std::lock_guard<std::mutex> lock(queues[static_cast<size_t>(c)].mu);
          queues[static_cast<size_t>(c)].pending.push_back(
              {frame, output_path(job, input, multi_frame, frame_index, index, single_picture)});
        }
        try {
          engine.send_frame(c, in, -1);
        } catch (...) {
          std::lock_guard<std::mutex> lock(queues[static_cast<size_t>(c)].mu);
          queues[static_cast<size_t>(c)].pending.pop_back();
          throw;
        }
        ++sent;
        ++index;
        ++frame_index;
      }
    }
  } catch (...) {
    reading_done = true;
    writer.join();
    ::close(ep);
    progress.finish();
    throw;
  }
  reading_done = true;
  writer.join();
  ::close(ep);
  progress.update(done.load(), sent.load(), true);
  progress.finish();

  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  const int64_t ok = done.load() - failed.load();
  std::printf(
      "encoded %lld pictures from %zu input(s) in %.3f s: %.1f pictures/s, %.1f MP/s, "
      "%.2f MB written (%.1f KB each), q%d, %d channel(s) on %d worker(s)%s\n",
      static_cast<long long>(ok), job.inputs.size(), seconds, seconds > 0 ? ok / seconds : 0.0,
      seconds > 0 ? pixels.load() / 1e6 / seconds : 0.0, out_bytes.load() / 1e6,
      ok > 0 ? out_bytes.load() / 1e3 / ok : 0.0, job.quality, channels, engine.num_workers(),
      failed.load() ? (", " + std::to_string(failed.load()) + " failed").c_str() : "");
  if (!first_error.empty()) std::fprintf(stderr, "framekit: error: %s\n", first_error.c_str());
  return failed.load() == 0 ? 0 : 1;
}

}  // namespace framekit::cli
