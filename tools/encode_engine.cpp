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

[[noreturn]] void bad_pattern(const std::string& pattern, const std::string& problem) {
  FK_THROW(ErrorCode::kInvalidArgument, "encode: -o '", pattern, "': ", problem,
           "; a pattern takes one integer field (%d, %5d or %05d) and %% for a literal percent");
}

bool has_jpeg_extension(const std::string& name) {
  std::string ext = fs::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return ext == ".jpg" || ext == ".jpeg";
}

// `text` as a literal inside a pattern.
std::string escape_percent(const std::string& text) {
  std::string out;
  for (const char ch : text) out += ch == '%' ? std::string("%%") : std::string(1, ch);
  return out;
}

// A pattern to suggest instead of one file name: out.jpg → 'out_%05d.jpg'.
std::string suggested_pattern(const fs::path& literal) {
  fs::path p(literal);
  const std::string ext = p.has_extension() ? p.extension().string() : ".jpg";
  p.replace_extension();
  return escape_percent(p.string()) + "_%05d" + escape_percent(ext);
}

std::optional<std::pair<uint64_t, uint64_t>> file_id(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return std::make_pair(static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino));
}

}  // namespace

std::string OutputPattern::format(int64_t index) const {
  if (!has_field) return prefix;
  std::string digits = std::to_string(index);
  if (static_cast<int>(digits.size()) < width) {
    digits.insert(0, static_cast<size_t>(width) - digits.size(), zero_pad ? '0' : ' ');
  }
  return prefix + digits + suffix;
}

OutputPattern parse_output_pattern(const std::string& pattern) {
  OutputPattern p;
  std::string* text = &p.prefix;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') {
      *text += pattern[i];
      continue;
    }
    const size_t start = i++;
    if (i == pattern.size()) bad_pattern(pattern, "it ends with a lone '%'");
    if (pattern[i] == '%') {
      *text += '%';
      continue;
    }
    const bool zero_pad = pattern[i] == '0';
    while (i < pattern.size() && pattern[i] == '0') ++i;
    int width = 0;
    for (; i < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i])); ++i) {
      if (width <= kMaxPatternWidth) width = width * 10 + (pattern[i] - '0');
    }
    const std::string spec = pattern.substr(start, i - start + (i < pattern.size() ? 1 : 0));
    if (i == pattern.size() || pattern[i] != 'd') {
      bad_pattern(pattern, "'" + spec + "' is not allowed");
    }
    if (width > kMaxPatternWidth) {
      bad_pattern(pattern,
                  "the width of '" + spec + "' is above " + std::to_string(kMaxPatternWidth));
    }
    if (p.has_field) bad_pattern(pattern, "'" + spec + "' is a second field");
    p.has_field = true;
    p.zero_pad = zero_pad;
    p.width = width;
    text = &p.suffix;
  }
  return p;
}

bool multi_frame_kind(FileKind kind) {
  return kind == FileKind::kY4m || kind == FileKind::kRaw;
}

OutputMode output_mode(const std::string& output, const std::vector<std::string>& inputs) {
  if (parse_output_pattern(output).has_field) return OutputMode::kPattern;
  if (output.find('%') != std::string::npos) return OutputMode::kFile;
  std::error_code ec;
  if (fs::is_directory(output, ec) || (!output.empty() && output.back() == '/')) {
    return OutputMode::kDirectory;
  }
  const bool one_picture = inputs.size() == 1 && !multi_frame_kind(file_kind(inputs[0]));
  return has_jpeg_extension(output) || one_picture ? OutputMode::kFile : OutputMode::kDirectory;
}

OutputPlan::OutputPlan(const std::string& output, const std::vector<std::string>& inputs)
    : output_(output), inputs_(inputs) {
  FK_CHECK_ARG(!output.empty(),
               "encode: an output is required (-o out.jpg, -o DIR or -o 'out_%05d.jpg')");
  FK_CHECK_ARG(!inputs.empty(), "encode: no input files");
  pattern_ = parse_output_pattern(output);
  mode_ = output_mode(output, inputs);
  std::error_code ec;

  for (size_t i = 0; i < inputs.size(); ++i) {
    if (const auto id = file_id(inputs[i])) input_ids_.emplace(*id, i);
  }

  switch (mode_) {
    case OutputMode::kFile: {
      FK_CHECK_ARG(inputs.size() == 1, "encode: -o '", output, "' names one file, but ",
                   inputs.size(),
                   " inputs were given; give a directory (-o DIR) or a pattern (-o '",
                   suggested_pattern(pattern_.prefix), "')");
      const fs::path file(pattern_.prefix);
      const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
      FK_CHECK_ARG(fs::is_directory(folder, ec), "encode: cannot write '", pattern_.prefix,
                   "': folder '", folder.string(), "' does not exist");
      check_path(pattern_.prefix, 0);
      claim(pattern_.prefix, 0);
      break;
    }
    case OutputMode::kPattern: {
      const fs::path first(pattern_.format(0));
      const fs::path folder = first.has_parent_path() ? first.parent_path() : fs::path(".");
      FK_CHECK_ARG(fs::is_directory(folder, ec), "encode: the folder '", folder.string(),
                   "' of -o '", output, "' does not exist");
      break;
    }
    case OutputMode::kDirectory: {
      // "out/" names the same directory as "out", but stat fails on it when out is a file.
      const fs::path dir = fs::path(output).lexically_normal();
      const fs::file_status st = fs::status(dir.has_filename() ? dir : dir.parent_path(), ec);
      FK_CHECK_ARG(!fs::exists(st) || fs::is_directory(st), "encode: -o '", output,
                   "' is an existing file, not a directory; give a directory or a pattern (-o '",
                   suggested_pattern(dir.has_filename() ? dir : dir.parent_path()), "')");
      // Every input has a first picture (an empty one is an error): two inputs with the
      // same name would write the same files.
      for (size_t i = 0; i < inputs.size(); ++i) {
        const std::string path = name_in_directory(i, 0);
        check_path(path, i);
        claim(path, i);
      }
      if (!fs::exists(st)) {
        fs::create_directories(dir, ec);
        FK_CHECK(!ec, ErrorCode::kRuntime, "encode: cannot create the output directory '", output,
                 "' (", ec.message(), ")");
      }
      break;
    }
  }
}

std::string OutputPlan::name_in_directory(size_t input_index, int64_t frame_index) const {
  std::string name = fs::path(inputs_[input_index]).stem().string();
  if (multi_frame_kind(file_kind(inputs_[input_index]))) {
    std::string digits = std::to_string(frame_index);
    if (digits.size() < 5) digits.insert(0, 5 - digits.size(), '0');
    name += "_" + digits;
  }
  return (fs::path(output_) / (name + ".jpg")).string();
}

void OutputPlan::check_path(const std::string& path, size_t input_index) const {
  std::error_code ec;
  FK_CHECK_ARG(!fs::is_directory(path, ec), "encode: output '", path, "' (for ",
               inputs_[input_index], ") is a directory");
  if (const auto id = file_id(path)) {
    const auto it = input_ids_.find(*id);
    if (it != input_ids_.end()) check_not_same_file(inputs_[it->second], path);
  }
}

void OutputPlan::claim(const std::string& path, size_t input_index) {
  const std::string key = fs::path(path).lexically_normal().string();
  const auto [it, fresh] = claimed_.emplace(key, input_index);
  FK_CHECK_ARG(fresh, "encode: inputs '", inputs_[it->second], "' and '", inputs_[input_index],
               "' would both be written to '", path,
               "'; encode them separately or give a pattern (-o '",
               escape_percent((fs::path(output_) / "out_").string()), "%05d.jpg')");
}

std::string OutputPlan::path(size_t input_index, int64_t frame_index, int64_t index) {
  switch (mode_) {
    case OutputMode::kFile:
      check_frame_count(inputs_[input_index], frame_index + 1);
      check_path(pattern_.prefix, input_index);
      return pattern_.prefix;
    case OutputMode::kPattern: {
      std::string p = pattern_.format(index);
      check_path(p, input_index);
      return p;
    }
    case OutputMode::kDirectory:
      break;
  }
  std::string p = name_in_directory(input_index, frame_index);
  if (frame_index > 0) {  // the first pictures were claimed by the constructor
    check_path(p, input_index);
    claim(p, input_index);
  }
  return p;
}

void OutputPlan::check_frame_count(const std::string& input, int64_t frames) const {
  FK_CHECK_ARG(mode_ != OutputMode::kFile || frames <= 1, "encode: -o '", output_,
               "' names one file, but ", input, " holds ", frames,
               " frames; give a directory (-o DIR) or a pattern (-o '",
               suggested_pattern(pattern_.prefix), "')");
}

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
  for (const std::string& input : job.inputs) {
    // Found now rather than after the pictures before it were written.
    std::error_code ec;
    const fs::file_status st = fs::status(input, ec);
    FK_CHECK_ARG(fs::exists(st), "encode: input '", input, "' does not exist");
    FK_CHECK_ARG(!fs::is_directory(st), "encode: input '", input, "' is a directory");
    FK_CHECK_ARG(file_kind(input) != FileKind::kRaw || job.raw.has_value(), "encode: raw input ",
                 input, " needs --size WxH and --format NAME");
  }
  OutputPlan plan(job.output, job.inputs);

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

  // The reader: every frame of every input, round robin over the channels, until the
  // inputs end or the writer fails.
  try {
    int64_t index = 0;
    for (size_t i = 0; i < job.inputs.size() && !writer_failed.load(); ++i) {
      const std::string& input = job.inputs[i];
      const FileKind kind = file_kind(input);
      FrameReader reader(input, kind == FileKind::kRaw ? job.raw : std::nullopt);
      VideoFrame frame = reader.next();
      FK_CHECK_ARG(frame.defined(), "encode: ", input, " holds no frames");
      if (plan.mode() == OutputMode::kFile && multi_frame_kind(kind)) {
        // One file for one picture: count the frames now, before anything is encoded.
        int64_t frames = 1;
        while (reader.next().defined()) ++frames;
        plan.check_frame_count(input, frames);
      }
      for (int64_t frame_index = 0; frame.defined() && !writer_failed.load(); ++frame_index) {
        const int c = static_cast<int>(index % channels);
        ChannelQueue& queue = queues[static_cast<size_t>(c)];
        jpege::InputFrame in;
        in.view = frame.frame().view();
        in.pts = static_cast<uint64_t>(index);
        in.raw = job.raw_samples;
        {
          std::string path = plan.path(i, frame_index, index);
          std::lock_guard<std::mutex> lock(queue.mu);
          queue.pending.push_back({frame, std::move(path)});
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
        frame = reader.next();
      }
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
        static_cast<long long>(ok), job.inputs.size(), seconds, seconds > 0 ? ok / seconds : 0.0,
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
