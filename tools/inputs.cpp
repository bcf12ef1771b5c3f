#include "inputs.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>

#include "cli_error.h"
#include "framekit/core/error.h"
#include "framekit/io/video_reader.h"

namespace framekit::cli {
namespace {

namespace fs = std::filesystem;

std::string without_extension(const fs::path& p) {
  fs::path q = p;
  q.replace_extension();
  return q.lexically_normal().string();
}

void add_directory(const fs::path& dir, bool recursive, std::vector<InputItem>& out) {
  std::vector<fs::path> files;
  std::error_code ec;
  auto visit = [&](const fs::directory_entry& e) {
    const std::string name = e.path().filename().string();
    if (!name.empty() && name[0] == '.') return false;
    if (e.is_regular_file(ec)) files.push_back(e.path());
    return e.is_directory(ec);
  };
  if (recursive) {
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.' && it->is_directory(ec)) {
        it.disable_recursion_pending();
        continue;
      }
      visit(*it);
    }
  } else {
    for (const auto& e : fs::directory_iterator(dir, ec)) visit(e);
  }
  FK_CHECK(!ec, ErrorCode::kRuntime, "cannot list the folder '", dir.string(), "' (", ec.message(),
           ")");
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files)
    out.push_back({f.string(), without_extension(f.lexically_relative(dir))});
}

// The longest common folder of `paths` (absolute, normal).
fs::path common_folder(const std::vector<fs::path>& paths) {
  fs::path common = paths.front().parent_path();
  for (const fs::path& p : paths) {
    fs::path folder = p.parent_path(), next;
    auto a = common.begin(), b = folder.begin();
    for (; a != common.end() && b != folder.end() && *a == *b; ++a, ++b) next /= *a;
    common = next;
  }
  return common;
}

}  // namespace

std::vector<InputItem> expand_inputs(const std::vector<std::string>& args, bool recursive) {
  std::vector<std::string> named;
  for (const std::string& arg : args) {
    if (arg.size() > 1 && arg[0] == '@') {
      const std::string list = arg.substr(1);
      std::ifstream in(list);
      FK_USAGE_CHECK(in.good(), "cannot read the input list '", list, "'");
      size_t before = named.size();
      for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
          line.pop_back();
        const size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        named.push_back(line.substr(first));
      }
      FK_USAGE_CHECK(named.size() > before, "the input list '", list, "' names no files");
    } else {
      named.push_back(arg);
    }
  }
  FK_USAGE_CHECK(!named.empty(), "no inputs given");

  std::vector<InputItem> items;
  std::vector<size_t> single;  // indices of files named one by one
  std::vector<fs::path> single_paths;
  bool have_stdin = false;
  for (const std::string& name : named) {
    if (name == "-") {
      FK_USAGE_CHECK(!have_stdin, "'-' (stdin) can be read only once");
      have_stdin = true;
      items.push_back({"-", "stdin"});
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(name, ec);
    FK_USAGE_CHECK(fs::exists(st), "input '", name, "' does not exist");
    if (fs::is_directory(st)) {
      const size_t before = items.size();
      add_directory(name, recursive, items);
      FK_USAGE_CHECK(items.size() > before, "the folder '", name, "' holds no files",
                     recursive ? "" : " (add -r to read its subfolders)");
      continue;
    }
    single.push_back(items.size());
    single_paths.push_back(fs::absolute(name, ec).lexically_normal());
    items.push_back({name, ""});
  }
  if (!single.empty()) {
    const fs::path common = common_folder(single_paths);
    for (size_t k = 0; k < single.size(); ++k)
      items[single[k]].relative = without_extension(single_paths[k].lexically_relative(common));
  }
  return items;
}

double parse_time(const std::string& option, const std::string& text) {
  double total = 0;
  size_t pos = 0;
  int fields = 0;
  bool ok = !text.empty();
  while (ok && pos <= text.size()) {
    const size_t colon = text.find(':', pos);
    const std::string part =
        text.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos);
    size_t used = 0;
    double v = 0;
    try {
      v = std::stod(part, &used);
    } catch (...) {
      used = 0;
    }
    ok = !part.empty() && used == part.size() && v >= 0 && std::isfinite(v) && ++fields <= 3 &&
         part.find_first_not_of("0123456789.") == std::string::npos;
    total = total * 60 + v;
    if (colon == std::string::npos) break;
    pos = colon + 1;
  }
  FK_USAGE_CHECK(ok, option, " '", text,
                 "' is not a time (expected seconds like 12.5, or MM:SS / HH:MM:SS)");
  return total;
}

namespace {

std::shared_ptr<const std::vector<uint8_t>> stdin_bytes() {
  static std::shared_ptr<const std::vector<uint8_t>> data = [] {
    auto bytes = std::make_shared<std::vector<uint8_t>>();
    uint8_t chunk[1 << 16];
    ssize_t n;
    while ((n = ::read(0, chunk, sizeof chunk)) > 0) bytes->insert(bytes->end(), chunk, chunk + n);
    FK_CHECK(n == 0, ErrorCode::kRuntime, "reading stdin failed");
    return std::shared_ptr<const std::vector<uint8_t>>(std::move(bytes));
  }();
  return data;
}

}  // namespace

struct Source::Impl {
  std::string path;
  std::unique_ptr<FrameReader> image;
  std::unique_ptr<io::VideoReader> video;
  FrameSelection select;
  int64_t seen = 0;  // frames of a sequence past start/end
  int64_t returned = 0;
  std::optional<double> next_mark;  // --interval: the time the next frame must reach
  std::string temp_video;           // a video read from stdin, removed with the source
  ~Impl() {
    if (!temp_video.empty()) ::unlink(temp_video.c_str());
  }
};

Source::Source(const InputItem& item, const SourceOptions& o) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.path = item.path;
  m.select = o.select;
  ReaderOptions ro;
  ro.raw = o.raw;
  ro.limits = o.limits;
  ro.auto_orient = o.auto_orient;
  ro.decode_width = o.decode_width;
  ro.decode_height = o.decode_height;
  ro.fit_width = o.fit_width;
  ro.fit_height = o.fit_height;
  ro.filter = o.filter;
  ro.reducing_gap = o.reducing_gap;
  ro.prefer_rgb = o.prefer_rgb;
  std::vector<uint8_t> head;
  if (item.path == "-") {
    ro.data = stdin_bytes();
    FK_CHECK_ARG(!ro.data->empty(), "stdin is empty");
    head.assign(ro.data->begin(), ro.data->begin() + std::min<size_t>(ro.data->size(), 512));
  } else {
    std::FILE* f = std::fopen(item.path.c_str(), "rb");
    FK_CHECK_ARG(f != nullptr, "cannot open '", item.path, "' (", std::strerror(errno), ")");
    head.resize(512);
    head.resize(std::fread(head.data(), 1, head.size(), f));
    std::fclose(f);
    FK_CHECK_ARG(!head.empty(), "'", item.path, "' holds no frames (it is empty)");
  }
  const std::string seen = sniff_content_name(head.data(), head.size());
  // A known image kind is read as what it is, even with a raw size and format (they are
  // for the raw inputs among several); a video container given as raw is refused.
  const bool image = seen == "JPEG" || seen == "PNG" || seen == "PNM" || seen == "Y4M";
  if (image) ro.raw.reset();
  if (image || o.raw) {
    m.image = std::make_unique<FrameReader>(item.path, ro);
    if (!m.image->multi_frame()) return;
    FK_USAGE_CHECK(!m.select.fps && !m.select.keyframes && o.evenly_spaced == 0, "'", item.path,
                   "' is a ", m.image->kind_name(),
                   " sequence: --fps, --keyframes and --count apply to videos");
    return;
  }
  std::string video_path = item.path;
  if (item.path == "-") {
    // libavformat reads from a file: a video on stdin goes to an unlinked temporary.
    FK_CHECK_ARG(!seen.empty() && seen.find("video") != std::string::npos, "stdin holds ",
                 seen.empty() ? "no image or video framekit reads" : "a " + seen,
                 " (its first bytes are ", describe_bytes(head.data(), head.size()),
                 "); stdin takes JPEG, PNG, PNM, Y4M, videos, or raw planes with --in-size and "
                 "--in-format");
    const char* tmp = std::getenv("TMPDIR");
    std::string name = std::string(tmp && *tmp ? tmp : "/tmp") + "/framekit-stdin-XXXXXX";
    const int fd = ::mkstemp(name.data());
    FK_CHECK(fd >= 0, ErrorCode::kRuntime, "cannot make a temporary file for the video on stdin (",
             std::strerror(errno), ")");
    const auto& bytes = *ro.data;
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
    m.temp_video = name;
    FK_CHECK(done == bytes.size(), ErrorCode::kRuntime, "cannot store the video on stdin in '",
             name, "'");
    video_path = name;
  }
  io::VideoReadOptions vo;
  vo.start = o.select.start;
  vo.end = o.select.end;
  vo.max_frames = o.select.interval ? 0 : o.select.max_frames;
  vo.step = o.select.every;
  vo.fps = o.select.fps;
  vo.keyframes_only = o.select.keyframes;
  try {
    m.video = std::make_unique<io::VideoReader>(video_path, vo);
  } catch (const Error& e) {
    FK_THROW(ErrorCode::kInvalidArgument, "'", item.path,
             "' is not an image or video framekit reads",
             seen.empty() ? "" : " (it looks like " + seen + ")", "; its first bytes are ",
             describe_bytes(head.data(), head.size()),
             ". Raw planes need --in-size and --in-format. (FFmpeg: ", e.what(), ")");
  }
  if (o.evenly_spaced > 0) {
    // N frames at the middles of N equal parts of the selected span: one every span / N
    // seconds, starting half a part in.
    const io::VideoInfo& probe = m.video->info();
    FK_CHECK_ARG(probe.duration && *probe.duration > 0, "'", item.path,
                 "': the container does not say its duration, which --count needs; use --interval");
    const double start = o.select.start.value_or(0);
    const double end = std::min(o.select.end.value_or(*probe.duration), *probe.duration);
    FK_CHECK_ARG(end > start, "'", item.path, "': nothing to take between ", start, " s and ", end,
                 " s");
    const double span = end - start;
    vo.start = start + span / (2.0 * o.evenly_spaced);
    vo.end = end;
    vo.max_frames = 0;
    m.select.start = vo.start;
    m.select.interval = span / o.evenly_spaced;
    m.select.max_frames = o.evenly_spaced;
    m.video = std::make_unique<io::VideoReader>(video_path, vo);
  }
  const io::VideoInfo& info = m.video->info();
  FK_CHECK_ARG(uint64_t(info.width) * uint64_t(info.height) <= o.limits.max_pixels, "'", item.path,
               "': its ", info.width, "x", info.height, " frames are more than the limit of ",
               o.limits.max_pixels, " pixels (raise it with --max-pixels)");
}

Source::~Source() = default;

SourceKind Source::kind() const {
  if (impl_->video) return SourceKind::kVideo;
  return impl_->image->multi_frame() ? SourceKind::kSequence : SourceKind::kImage;
}

std::string Source::kind_name() const {
  return impl_->video ? impl_->video->info().codec : impl_->image->kind_name();
}

VideoFrame Source::next() {
  Impl& m = *impl_;
  if (m.video && m.select.interval) {
    if (m.select.max_frames > 0 && m.returned >= m.select.max_frames) return VideoFrame();
    for (VideoFrame vf = m.video->next(); vf; vf = m.video->next()) {
      const Rational tb = vf.time_base();
      const double t = tb.den > 0 ? double(vf.pts()) * tb.num / tb.den : 0;
      const double step = *m.select.interval;
      if (!m.next_mark) m.next_mark = m.select.start.value_or(t);
      if (t < *m.next_mark - 1e-9) continue;
      // The mark after this frame's: a long gap skips the marks it covers.
      m.next_mark = *m.next_mark + step * (std::floor((t - *m.next_mark) / step + 1e-9) + 1);
      // Frames before the next mark are dropped: the decoder may skip those nothing uses.
      m.video->discard_before(*m.next_mark);
      ++m.returned;
      return vf;
    }
    return VideoFrame();
  }
  if (m.video) return m.video->next();
  const FrameSelection& s = m.select;
  if (!m.image->multi_frame()) {
    return m.returned++ == 0 ? m.image->next() : VideoFrame();
  }
  if (s.max_frames > 0 && m.returned >= s.max_frames) return VideoFrame();
  for (VideoFrame vf = m.image->next(); vf; vf = m.image->next()) {
    // A sequence's time: Y4M's frame rate, else 25 frames per second.
    const Rational tb = vf.time_base();
    const double t =
        tb.num > 0 && tb.den > 0 ? double(vf.pts()) * tb.num / tb.den : vf.pts() / 25.0;
    if (s.start && t < *s.start - 1e-9) continue;
    if (s.end && t >= *s.end - 1e-9) return VideoFrame();
    if (s.interval) {
      if (!m.next_mark) m.next_mark = s.start.value_or(t);
      if (t < *m.next_mark - 1e-9) continue;
      m.next_mark =
          *m.next_mark + *s.interval * (std::floor((t - *m.next_mark) / *s.interval + 1e-9) + 1);
    }
    if (m.seen++ % s.every != 0) continue;
    ++m.returned;
    return vf;
  }
  return VideoFrame();
}

}  // namespace framekit::cli
