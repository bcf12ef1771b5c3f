// What encode, convert and thumbnail share: the input and output options, frame
// selection, scaling with a chosen filter, and writing a picture's bytes to a file
// or stdout.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "batch.h"
#include "framekit/geometry/geometry.h"
#include "framekit/jpeg/params.h"
#include "inputs.h"
#include "output_plan.h"

namespace framekit::cli {

// The resize filters of --filter, in one place (a new ResizeMode is one line here).
inline constexpr const char* kResizeFilters[] = {"nearest",  "bilinear",    "bicubic",
                                                  "area",     "lanczos",     "bilinear-aa",
                                                  "bicubic-aa"};
// "nearest, bilinear, bicubic, area, lanczos, bilinear-aa, bicubic-aa".
std::string resize_filter_list();
// UsageError for a name not in kResizeFilters.
ResizeMode parse_filter(const std::string& name);

struct CommonArgs {
  std::vector<std::string> inputs;
  std::string output;
  bool recursive = false;
  bool overwrite = false;
  bool no_clobber = false;
  bool keep_going = false;
  std::string report;
  bool no_progress = false;
  std::string ext;
  // Frame selection.
  std::string ss, to, duration;
  int every = 1;
  double fps = 0;
  int64_t frames = 0;
  bool keyframes = false;
  // Raw inputs and labels.
  std::string in_size, in_format, in_space, in_range;
  int64_t max_pixels = static_cast<int64_t>(kDefaultMaxPixels);
  bool no_auto_orient = false;
  CLI::Option* frames_option = nullptr;
  CLI::Option* fps_option = nullptr;
  CLI::Option* every_option = nullptr;
};

// Adds the options every picture command takes (inputs, -o, -y/-n, -r, --keep-going,
// --report, --no-progress, --ext, frame selection, raw input, --max-pixels,
// --no-auto-orient). `output_help` describes -o.
void add_common_options(CLI::App* sub, CommonArgs& args, const std::string& output_help);

// Everything the options say about reading, checked (UsageError otherwise).
SourceOptions source_options(const CommonArgs& args);
Overwrite overwrite_policy(const CommonArgs& args);
BatchOptions batch_options(const CommonArgs& args, const std::string& verb, bool to_stdout);

// A size option: "WxH", "Wx" or "xH" (0 for the side left out), or "N" when
// `square_ok` (N x N). UsageError otherwise.
std::pair<int, int> parse_size_spec(const std::string& option, const std::string& text,
                                    bool square_ok = false);
// The size a w x h picture gets for a WxH / Wx / xH request (the missing side keeps the
// aspect ratio, at least 1).
std::pair<int, int> scaled_size(int w, int h, std::pair<int, int> request);
// The size that fits a w x h picture inside a box (aspect kept, never enlarged).
std::pair<int, int> fitted_size(int w, int h, std::pair<int, int> box);

// `vf` at w x h: with `filter`, or convert()'s choice (area to shrink, else bilinear).
// The frame's metadata (EXIF, ICC) stays.
VideoFrame scale_frame(const VideoFrame& vf, int w, int h, std::optional<ResizeMode> filter);

// `vf` in a format the JPEG encoder codes (8-bit 4:2:0 full-range YCbCr, or gray, when
// its own format is not one): 10/16-bit, RGB48, float, alpha ...
// True when a YUV input is asked for another JPEG subsampling than its own (the encoder
// codes YUV at its own): it goes through RGB.
bool needs_rgb_for(const PixelInfo& info, std::optional<jpeg::Subsampling> subsampling);
// A YUV input asked for another subsampling than its own goes to RGB first.
VideoFrame jpeg_input(const VideoFrame& vf, bool raw_samples,
                      std::optional<jpeg::Subsampling> subsampling = std::nullopt);

// --subsampling: 444, 422, 420, 440 or gray (UsageError otherwise).
jpeg::Subsampling parse_subsampling(const std::string& s);

// For a one-picture output (a file, stdout): reads on from `source` (after its first
// frame) and throws, before anything is written, when it holds more.
void check_single_picture(Source& source, const OutputPlan& plan, const InputItem& item);

// Each picture of `source`, `first` being the one already read, with its output:
// checks that a one-picture output gets one picture, reports the kept ones (-n) and
// hands the others to write(picture, frame_number, path). A one-picture plan stops
// after the first.
template <class Write>
void for_each_picture(Source& source, OutputPlan& plan, const std::vector<InputItem>& items,
                      size_t input, VideoFrame first, int64_t& index, InputResult& result,
                      Write&& write) {
  const bool multi = source.kind() != SourceKind::kImage;
  VideoFrame vf = std::move(first);
  for (int64_t frame = 0; vf; ++frame) {
    if (frame == 0) check_single_picture(source, plan, items[input]);
    const OutputPlan::Target t = plan.path(input, multi, frame, index++);
    if (t.keep) {
      result.kept(t.path);
    } else {
      write(vf, frame, t.path);
    }
    vf = plan.one_picture() ? VideoFrame() : source.next();
  }
}

// The size of a file just written (0 for stdout, "-").
int64_t written_size(const std::string& path);

// Writes `bytes` to `path` atomically, or to stdout for "-".
void write_output(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace framekit::cli
