#include "picture_job.h"

#include <filesystem>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "cli_error.h"
#include "framekit/color/reformat.h"
#include "framekit/convert/convert.h"
#include "framekit/core/error.h"
#include "framekit/jpeg/encoder.h"
#include "output_file.h"

namespace framekit::cli {

std::string resize_filter_list() {
  std::string s;
  for (const char* name : kResizeFilters) s += (s.empty() ? "" : ", ") + std::string(name);
  return s;
}

ResizeMode parse_filter(const std::string& name) {
  for (const char* known : kResizeFilters)
    if (name == known) return parse_resize_mode(name);
  throw UsageError(detail::concat("--filter '", name, "' is not one of ", resize_filter_list()));
}

void add_common_options(CLI::App* sub, CommonArgs& a, const std::string& output_help) {
  sub->add_option("input", a.inputs,
                  "Inputs: images (JPEG, PNG, PNM/PAM), Y4M, videos (MP4, MKV, WebM, MOV, AVI, "
                  "TS ... anything FFmpeg reads), raw planes (with --in-size/--in-format), "
                  "folders (-r to recurse), @list.txt (one path per line), - for stdin. "
                  "The kind comes from the bytes, not the name");
  sub->add_option("-o,--output", a.output, output_help)->required();
  sub->add_flag("-r,--recursive", a.recursive, "Read folders' subfolders too");
  sub->add_flag("-y,--overwrite", a.overwrite, "Replace existing outputs");
  sub->add_flag("-n,--no-clobber", a.no_clobber,
                "Keep existing outputs and skip their pictures (without -y or -n an existing "
                "output is an error)");
  sub->add_flag("--keep-going", a.keep_going,
                "Go on after an input fails; exit 1 at the end if any failed (default: stop at "
                "the first failure)");
  sub->add_option("--report", a.report,
                  "Write one JSON line per input to this file: input, status, outputs, kept, "
                  "pictures, bytes, seconds, error");
  sub->add_flag("--no-progress", a.no_progress, "No progress bar (shown on a terminal)");
  sub->add_option("--ext", a.ext,
                  "Kind of the outputs in a folder or on stdout: .jpg, .png, .ppm, .pgm, .y4m, "
                  ".yuv ...");
  sub->add_option("--ss", a.ss, "Video: start at this time (seconds or [HH:]MM:SS[.frac])");
  sub->add_option("--to", a.to, "Video: stop before this time");
  sub->add_option("-t,--duration", a.duration, "Video: take this many seconds from --ss");
  a.every_option = sub->add_option("--every", a.every, "Keep every Nth frame of those selected");
  a.fps_option = sub->add_option("--fps", a.fps,
                                 "Video: resample to R frames per second (as FFmpeg's fps filter)");
  a.frames_option = sub->add_option("--frames", a.frames, "At most N frames per input (N >= 1)");
  sub->add_flag("--keyframes", a.keyframes, "Video: keyframes only (fast)");
  sub->add_option("--in-size", a.in_size, "Raw input: size WxH");
  sub->add_option("--in-format", a.in_format, "Raw input: pixel format (nv12, yuv420p, rgb24 ...)");
  sub->add_option("--in-space", a.in_space, "Input color space, when the file does not say");
  sub->add_option("--in-range", a.in_range,
                  "Input range (tv/limited, pc/full), when the file does not say");
  sub->add_option("--max-pixels", a.max_pixels,
                  "Refuse input and output pictures of more than N pixels (width x height)")
      ->capture_default_str();
  sub->add_flag("--no-auto-orient", a.no_auto_orient,
                "Keep a JPEG's pixels as stored (default: turned upright by its EXIF orientation)");
}

SourceOptions source_options(const CommonArgs& a) {
  SourceOptions o;
  FK_USAGE_CHECK(a.max_pixels >= 1, "--max-pixels ", a.max_pixels,
                 " is invalid (expected at least 1)");
  o.limits.max_pixels = static_cast<uint64_t>(a.max_pixels);
  o.auto_orient = !a.no_auto_orient;
  if (!a.in_size.empty() || !a.in_format.empty()) {
    FK_USAGE_CHECK(!a.in_size.empty() && !a.in_format.empty(),
                   "raw input needs both --in-size WxH and --in-format NAME");
    const auto [w, h] = as_usage([&] { return parse_size(a.in_size); });
    const PixelFormat f = as_usage([&] { return parse_pixel_format(a.in_format); });
    const ColorSpace cs = a.in_space.empty()
                              ? CS_UNSPECIFIED
                              : as_usage([&] { return parse_color_space(a.in_space); });
    const ColorRange cr = a.in_range.empty()
                              ? CR_UNSPECIFIED
                              : as_usage([&] { return parse_color_range(a.in_range); });
    o.raw = RawSpec{w, h, PixelInfo(f, cs, cr)};
  }
  FrameSelection& s = o.select;
  if (!a.ss.empty()) s.start = parse_time("--ss", a.ss);
  FK_USAGE_CHECK(a.to.empty() || a.duration.empty(), "give --to or -t, not both");
  if (!a.to.empty()) s.end = parse_time("--to", a.to);
  if (!a.duration.empty()) s.end = s.start.value_or(0) + parse_time("-t", a.duration);
  FK_USAGE_CHECK(!s.end || *s.end > s.start.value_or(0), "--to/-t selects nothing: it ends at ",
                 *s.end, " s, not after the start ", s.start.value_or(0), " s");
  FK_USAGE_CHECK(a.every >= 1, "--every ", a.every, " is invalid (expected 1 or more)");
  s.every = a.every;
  if (a.fps_option != nullptr && a.fps_option->count() > 0) {
    FK_USAGE_CHECK(a.fps > 0 && a.fps <= 1000, "--fps ", a.fps,
                   " is invalid (expected 0 < R <= 1000)");
    s.fps = a.fps;
  }
  if (a.frames_option != nullptr && a.frames_option->count() > 0) {
    FK_USAGE_CHECK(a.frames >= 1, "--frames ", a.frames,
                   " is invalid (expected a count of at least 1; leave it out for all frames)");
    s.max_frames = a.frames;
  }
  s.keyframes = a.keyframes;
  return o;
}

Overwrite overwrite_policy(const CommonArgs& a) {
  FK_USAGE_CHECK(!(a.overwrite && a.no_clobber),
                 "give --overwrite (-y) or --no-clobber (-n), not both");
  return a.overwrite ? Overwrite::kYes : a.no_clobber ? Overwrite::kNo : Overwrite::kRefuse;
}

BatchOptions batch_options(const CommonArgs& a, const std::string& verb, bool to_stdout) {
  BatchOptions b;
  b.verb = verb;
  b.keep_going = a.keep_going;
  b.report = a.report;
  b.progress = !a.no_progress;
  b.summary_on_stdout = !to_stdout;
  return b;
}

std::pair<int, int> parse_size_spec(const std::string& option, const std::string& s,
                                    bool square_ok) {
  auto number = [&](const std::string& v) {
    size_t used = 0;
    int n = 0;
    try {
      n = std::stoi(v, &used);
    } catch (...) {
      used = 0;
    }
    FK_USAGE_CHECK(
        used == v.size() && n > 0 && v.find_first_not_of("0123456789") == std::string::npos, option,
        " '", s, "' has an invalid number '", v, "'");
    return n;
  };
  const auto x = s.find_first_of("xX");
  if (x == std::string::npos) {
    FK_USAGE_CHECK(square_ok && !s.empty(), option, " '", s,
                   "' is invalid (expected WxH, Wx or xH)");
    const int n = number(s);
    return {n, n};
  }
  const std::string w = s.substr(0, x), h = s.substr(x + 1);
  FK_USAGE_CHECK(!w.empty() || !h.empty(), option, " '", s, "' gives neither width nor height");
  return {w.empty() ? 0 : number(w), h.empty() ? 0 : number(h)};
}

std::pair<int, int> scaled_size(int w, int h, std::pair<int, int> r) {
  if (r.first > 0 && r.second > 0) return r;
  if (r.first > 0)
    return {r.first, std::max(1, static_cast<int>(std::lround(double(h) * r.first / w)))};
  return {std::max(1, static_cast<int>(std::lround(double(w) * r.second / h))), r.second};
}

std::pair<int, int> fitted_size(int w, int h, std::pair<int, int> box) {
  const double bw = box.first > 0 ? box.first : 1e9, bh = box.second > 0 ? box.second : 1e9;
  const double f = std::min({1.0, bw / w, bh / h});
  if (f >= 1.0) return {w, h};
  return {std::max(1, std::min(static_cast<int>(bw), static_cast<int>(std::lround(w * f)))),
          std::max(1, std::min(static_cast<int>(bh), static_cast<int>(std::lround(h * f))))};
}

VideoFrame scale_frame(const VideoFrame& vf, int w, int h, std::optional<ResizeMode> filter) {
  if (vf.width() == w && vf.height() == h) return vf;
  const auto meta = vf.frame().image_metadata();
  VideoFrame out;
  if (filter) {
    out = vf.with_frame(resize(vf.frame().cpu(), w, h, *filter));
  } else {
    MediaDesc d;
    d.width(w).height(h);
    out = convert(vf, MediaDesc{}, d);
  }
  Frame f = out.frame();
  f.set_image_metadata(meta);
  return out.with_frame(f);
}

bool needs_rgb_for(const PixelInfo& info, std::optional<jpeg::Subsampling> subsampling) {
  using jpeg::Subsampling;
  const auto& d = info.desc();
  if (!subsampling || !d.is_yuv() || *subsampling == Subsampling::kGray) return false;
  const Subsampling own = d.log2_chroma_w == 0
                              ? (d.log2_chroma_h == 0 ? Subsampling::k444 : Subsampling::k440)
                              : (d.log2_chroma_h == 0 ? Subsampling::k422 : Subsampling::k420);
  return *subsampling != own;
}

VideoFrame jpeg_input(const VideoFrame& vf, bool raw_samples,
                      std::optional<jpeg::Subsampling> subsampling) {
  const PixelInfo info = vf.frame().pix_info();
  const auto& d = info.desc();
  // YUV input is coded at its own subsampling (or gray); another one goes through RGB.
  const bool own = !needs_rgb_for(info, subsampling);
  if (own && jpeg::can_encode(info, raw_samples)) return vf;
  const auto meta = vf.frame().image_metadata();
  const PixelInfo want = !own          ? PixelInfo(PF_RGB24)
                         : d.is_gray() ? PixelInfo(PF_GRAY8)
                                       : PixelInfo(PF_YUVJ420P, CS_BT470BG, CR_JPEG);
  Frame f = reformat(vf.frame().cpu(), want);
  f.set_image_metadata(meta);
  return vf.with_frame(f);
}

jpeg::Subsampling parse_subsampling(const std::string& s) {
  using jpeg::Subsampling;
  if (s == "420") return Subsampling::k420;
  if (s == "422") return Subsampling::k422;
  if (s == "444") return Subsampling::k444;
  if (s == "440") return Subsampling::k440;
  if (s == "gray") return Subsampling::kGray;
  throw UsageError(
      detail::concat("--subsampling '", s, "' is not one of 444, 422, 420, 440, gray"));
}

int64_t written_size(const std::string& path) {
  if (path == "-") return 0;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(size);
}

void check_single_picture(Source& source, const OutputPlan& plan, const InputItem& item) {
  if (!plan.one_picture() || !source.next().defined()) return;
  int64_t frames = 0;
  if (source.kind() == SourceKind::kSequence) {
    frames = 2;
    while (source.next().defined()) ++frames;
  }
  FK_THROW(ErrorCode::kInvalidArgument, plan.too_many_pictures(item.path, frames));
}

void write_output(const std::string& path, const std::vector<uint8_t>& bytes) {
  if (path != "-") {
    write_whole_file(path, bytes.data(), bytes.size());
    return;
  }
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(1, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    FK_CHECK(n > 0, ErrorCode::kRuntime, "writing to stdout failed (", std::strerror(errno), ")");
    done += static_cast<size_t>(n);
  }
}

}  // namespace framekit::cli
