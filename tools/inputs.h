// The CLI's inputs: what the command line names (files, directories, @list manifests,
// `-` for stdin) expanded into a list of pictures' sources, and each source opened as
// what its bytes say it is: an image (JPEG, PNG, PNM/PAM), a sequence (Y4M, raw planes)
// or a video (anything libavformat reads), with the frames a user selected.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "framekit/frame/video_frame.h"
#include "image_io.h"

namespace framekit::cli {

struct InputItem {
  std::string path;  // as given or found in a directory; "-" is stdin
  // Where its outputs go under an output directory, without extension: the path
  // relative to the directory it was found in, or to the common folder of the files
  // named one by one ("a/img", "b/img" for a/img.jpg and b/img.jpg).
  std::string relative;
};

// Expands the command line's inputs in order. A directory gives its regular files
// (names starting with '.' left out) sorted by name, and with `recursive` those of its
// subdirectories too; "@list.txt" gives the paths of a manifest (one per line, blank
// lines and lines starting with '#' left out; relative paths are relative to the
// current folder); "-" is stdin (once). Throws UsageError for a missing path, an empty
// manifest, or nothing at all.
std::vector<InputItem> expand_inputs(const std::vector<std::string>& args, bool recursive);

// Which frames of a video or sequence to keep.
struct FrameSelection {
  std::optional<double> start;  // --ss: seconds
  std::optional<double> end;    // --to (or --ss + -t): seconds, exclusive
  int64_t max_frames = 0;       // --frames: 0 = all
  int every = 1;                // --every N: each Nth of the frames selected
  std::optional<double> fps;    // --fps R: resample (video only)
  bool keyframes = false;       // --keyframes: keyframes only (video only)
  // thumbnail --interval S: the first frame at or after start + k S, for k = 0, 1, ...
  std::optional<double> interval;
  bool any() const {
    return start || end || max_frames || every != 1 || fps || keyframes || interval;
  }
};

struct SourceOptions {
  std::optional<RawSpec> raw;  // read inputs that are not a known kind as raw planes
  ReadLimits limits = default_read_limits();
  bool auto_orient = true;
  int decode_width = 0;  // JPEG: decode at the smallest DCT scale still this large
  int decode_height = 0;
  int fit_width = 0;  // JPEG: decode at the smallest DCT scale that still fills this box
  int fit_height = 0;
  ResizeMode filter = ResizeMode::kArea;  // the filter of the reader's resizes
  double reducing_gap = 0;                // io::ReadOptions::reducing_gap
  bool prefer_rgb = false;                // ReaderOptions::prefer_rgb
  // Video: this many frames evenly spaced over the duration (0: no such selection).
  int evenly_spaced = 0;
  FrameSelection select;
};

enum class SourceKind { kImage, kSequence, kVideo };

class Source {
 public:
  // Sniffs and opens `item`; throws Error naming the file and the problem.
  Source(const InputItem& item, const SourceOptions& options);
  ~Source();
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  SourceKind kind() const;
  // "jpeg", "png", "pnm", "y4m", "raw", or the video codec ("h264", "vp9" ...).
  std::string kind_name() const;
  // The next selected frame, or an undefined VideoFrame after the last.
  VideoFrame next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses a time: seconds ("12.5") or [[HH:]MM:]SS[.frac] ("1:02.5"). UsageError otherwise.
double parse_time(const std::string& option, const std::string& text);

}  // namespace framekit::cli
