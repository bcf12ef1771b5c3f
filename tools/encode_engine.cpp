#include "encode_engine.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>

#include "framekit/core/error.h"
#include "framekit/jpege/engine.h"
#include "output_file.h"

namespace framekit::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

}  // namespace

namespace {

// A picture between send and write: its input (kept alive) and where it goes.
struct Pending {
  VideoFrame frame;
  std::string path;
};

struct ChannelQueue {
  std::mutex mu;
  std::deque<Pending> pending;
};

// The first error of the run: what the user is told. Later ones usually follow from it.
class FirstError {
 public:
  void set(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    if (what_.empty()) what_ = what;
  }
  std::string get() const {
    std::lock_guard<std::mutex> lock(mu_);
    return what_;
  }

 private:
  mutable std::mutex mu_;
  std::string what_;
};

// Releases a fetched stream on every path: one stream kept would refuse every later
// release (they go in order) and its bytes would stay in the ring until it fills and
// nothing more can be sent.
class StreamRelease {
 public:
  StreamRelease(jpege::Engine& engine, int chn, const jpege::Stream& stream)
      : engine_(engine), chn_(chn), stream_(stream), pending_(stream.ok()) {}
  ~StreamRelease() {
    if (!pending_) return;
    try {
      engine_.release_stream(chn_, stream_);
    } catch (...) {  // the channel is gone: nothing left to free
    }
  }
  StreamRelease(const StreamRelease&) = delete;
  StreamRelease& operator=(const StreamRelease&) = delete;
  void release() {
    if (!pending_) return;
    pending_ = false;
    engine_.release_stream(chn_, stream_);
  }

 private:
  jpege::Engine& engine_;
  int chn_;
  jpege::Stream stream_;
  bool pending_;
};

class Fd {
 public:
  Fd(int fd, const char* what) : fd_(fd) {
    FK_CHECK(fd_ >= 0, ErrorCode::kRuntime, "encode: ", what, " failed (", std::strerror(errno),
             ")");
  }
  ~Fd() { ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void watch(const Fd& ep, int fd, uint32_t tag) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u32 = tag;
  FK_CHECK(::epoll_ctl(ep.get(), EPOLL_CTL_ADD, fd, &ev) == 0, ErrorCode::kRuntime,
           "encode: epoll_ctl failed (", std::strerror(errno), ")");
}

// Sends with a bounded wait, so that a sender never sleeps on a queue that nobody drains:
// false when there was no room in time (the caller checks on the writer and tries again).
bool try_send(jpege::Engine& engine, int chn, const jpege::InputFrame& frame) {
  try {
    engine.send_frame(chn, frame, 100);
    return true;
  } catch (const jpege::JpegeError& e) {
    if (e.hi_code() != jpege::kErrVencBufFull) throw;
    return false;
  }
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
  FK_CHECK_ARG(job.params.quality >= 1 && job.params.quality <= 100, "encode: quality ",
               job.params.quality, " (expected 1..100)");
  FK_CHECK_ARG(job.channels >= 0 && job.channels <= jpege::kMaxChannels, "encode: --channels ",
               job.channels, " (expected 1..", jpege::kMaxChannels, ", or 0 for one per worker)");
  // Declared before the engine, so that on every way out the engine (and its workers,
  // which may still read these frames) is gone before the frames are freed.
  std::deque<ChannelQueue> queues;
  jpege::Engine engine({.workers = job.workers, .queue_depth = 8});
  const int channels =
      std::clamp(job.channels > 0 ? job.channels : engine.num_workers(), 1, jpege::kMaxChannels);
  const Fd ep(::epoll_create1(EPOLL_CLOEXEC), "epoll_create1");
  // Readable once the reader is done, so that the writer need not time out to notice.
  const Fd reader_done_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd");
  const auto kReaderDone = static_cast<uint32_t>(jpege::kMaxChannels);
  watch(ep, reader_done_fd.get(), kReaderDone);
  for (int c = 0; c < channels; ++c) {
    queues.emplace_back();
    jpege::ChannelAttr a;
    a.max_pic_width = a.pic_width = jpege::kMaxPicSize;
    a.max_pic_height = a.pic_height = jpege::kMaxPicSize;
    a.buf_size = 128u << 20;  // address space only until pictures are written into it
    engine.create_channel(c, a);
    engine.set_encode_params(c, job.params);
    engine.start_channel(c);
    watch(ep, engine.get_fd(c), static_cast<uint32_t>(c));
  }

  std::atomic<int64_t> sent{0}, fetched{0}, written{0}, out_bytes{0}, pixels{0};
  std::atomic<bool> reading_done{false};
  // Set by the writer when a write failed or it stopped: nothing more is sent.
  std::atomic<bool> writer_failed{false};
  FirstError first_error;
  Progress progress(job.progress);
  const auto t0 = Clock::now();

  // The writer: waits on every channel's fd, writes pictures in each channel's order.
  // After a failed write it writes nothing more but still fetches and releases every
  // stream, so the engine never waits for room.
  auto write_all = [&] {
    epoll_event events[64];
    while (!reading_done.load() || fetched.load() < sent.load()) {
      const int n = ::epoll_wait(ep.get(), events, 64, 100);
      FK_CHECK(n >= 0 || errno == EINTR, ErrorCode::kRuntime, "encode: epoll_wait failed (",
               std::strerror(errno), ")");
      for (int i = 0; i < n; ++i) {
        if (events[i].data.u32 == kReaderDone) {
          uint64_t value = 0;
          [[maybe_unused]] const ssize_t r = ::read(reader_done_fd.get(), &value, sizeof value);
          continue;
        }
        const int c = static_cast<int>(events[i].data.u32);
        ChannelQueue& queue = queues[static_cast<size_t>(c)];
        std::string why;
        while (auto s = engine.try_get_stream(c, 0, &why)) {
          StreamRelease release(engine, c, *s);
          Pending pic;
          {
            std::lock_guard<std::mutex> lock(queue.mu);
            FK_CHECK(!queue.pending.empty(), ErrorCode::kRuntime, "encode: channel ", c,
                     " returned a picture that was never sent");
            pic = std::move(queue.pending.front());
            queue.pending.pop_front();
          }
          if (!writer_failed.load()) {
            try {
              if (s->status == jpege::kErrVencSizeNotEnough) {
                JPEGE_THROW(s->status, pic.path, ": needs ", s->needed_size,
                            " bytes, more than the stream buffer");
              }
              JPEGE_CHECK(s->ok(), s->status, pic.path, ": encoding failed: ", why);
              write_whole_file(pic.path, s->pack.data, s->pack.len);
              ++written;
              out_bytes += s->pack.len;
              pixels += int64_t{pic.frame.width()} * pic.frame.height();
            } catch (const std::exception& e) {
              first_error.set(e.what());
              writer_failed = true;
            }
          }
          release.release();
          ++fetched;
          progress.update(written.load(), reading_done.load() ? sent.load() : -1);
        }
      }
    }
  };
  std::thread writer([&] {
    try {
      write_all();
    } catch (const std::exception& e) {
      first_error.set(e.what());
      writer_failed = true;  // nobody drains the channels any more: stop sending
    }
  });

  // The reader: every picture the producer gives, round robin over the channels, until
  // it ends or the writer fails.
  try {
    int64_t index = 0;
    EnginePicture picture;
    while (!writer_failed.load() && job.next(picture)) {
      const int c = static_cast<int>(index % channels);
      ChannelQueue& queue = queues[static_cast<size_t>(c)];
      jpege::InputFrame in;
      in.view = picture.frame.frame().view();
      in.pts = static_cast<uint64_t>(index);
      in.raw = job.raw_samples;
      {
        std::lock_guard<std::mutex> lock(queue.mu);
        queue.pending.push_back({picture.frame, picture.path});
      }
      bool queued = false;
      try {
        while (!writer_failed.load() && !(queued = try_send(engine, c, in))) {
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(queue.mu);
        queue.pending.pop_back();
        throw;
      }
      if (!queued) {
        std::lock_guard<std::mutex> lock(queue.mu);
        queue.pending.pop_back();
        break;
      }
      ++sent;
      ++index;
    }
  } catch (const std::exception& e) {
    first_error.set(e.what());
  }
  reading_done = true;
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t w = ::write(reader_done_fd.get(), &one, sizeof one);
  writer.join();
  progress.update(written.load(), sent.load(), true);
  progress.finish();

  const std::string error = first_error.get();
  if (sent.load() > 0) {
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const int64_t ok = written.load();
    std::printf(
        "encoded %lld pictures from %zu input(s) in %.3f s: %.1f pictures/s, %.1f MP/s, "
        "%.2f MB written (%.1f KB each), q%d, %d channel(s) on %d worker(s)%s\n",
        static_cast<long long>(ok), job.input_count, seconds, seconds > 0 ? ok / seconds : 0.0,
        seconds > 0 ? pixels.load() / 1e6 / seconds : 0.0, out_bytes.load() / 1e6,
        ok > 0 ? out_bytes.load() / 1e3 / ok : 0.0, job.params.quality, channels, engine.num_workers(),
        error.empty() ? "" : ", stopped by an error");
    std::fflush(stdout);
  }
  if (!error.empty()) {
    std::fprintf(stderr, "framekit: error: %s\n", error.c_str());
    return 1;
  }
  FK_CHECK(written.load() > 0, ErrorCode::kRuntime, "encode: no pictures were written");
  return 0;
}

}  // namespace framekit::cli
