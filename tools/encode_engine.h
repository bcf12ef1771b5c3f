// framekit encode through the JPEGE engine: many inputs (raw YUV/RGB files with several
// frames, Y4M video = one JPEG per frame, PPM/PNG), spread over N channels that share
// the engine's workers, with a progress bar and a throughput summary.
//
// Also where `-o` is interpreted, for both encode paths (OutputPlan): everything that
// can be known about the outputs is checked before the first picture is encoded.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "framekit/jpeg/params.h"
#include "image_io.h"

namespace framekit::cli {

// A parsed `-o` pattern: literal text around at most one integer field. `%%` is a
// literal percent; the field is `%d` with an optional `0` flag and a width (`%d`, `%5d`,
// `%05d`). Nothing of it ever reaches printf.
struct OutputPattern {
  std::string prefix;  // before the field (all of the name when there is none)
  std::string suffix;  // after the field
  bool has_field = false;
  bool zero_pad = false;
  int width = 0;

  // The name of picture `index` (the literal name when there is no field).
  std::string format(int64_t index) const;
};
// Throws Error naming `pattern` for anything else: `%s`, `%n`, `%x`, `%-5d`, two fields,
// a lone `%` at the end, a width above kMaxPatternWidth.
OutputPattern parse_output_pattern(const std::string& pattern);
inline constexpr int kMaxPatternWidth = 20;

// What `-o` names. The rule (README "Command line"): a pattern with a field gives every
// picture its own name; an existing directory, or a name ending in '/', is a directory;
// a name ending in .jpg/.jpeg or holding only `%%` names one file and takes exactly one
// picture; any other name is one file when the only input is one picture (PNG, PPM,
// JPEG) and a directory otherwise.
enum class OutputMode { kFile, kPattern, kDirectory };
OutputMode output_mode(const std::string& output, const std::vector<std::string>& inputs);

class OutputPlan {
 public:
  // Checks what can be checked before encoding: the pattern, one input for one file, the
  // folder of a pattern or file, that no two inputs write the same file (their first
  // pictures), that no output is an input. A directory output is created here.
  OutputPlan(const std::string& output, const std::vector<std::string>& inputs);

  OutputMode mode() const { return mode_; }
  const std::string& output() const { return output_; }
  // The file for frame `frame_index` of input `input_index`, the `index`-th picture over
  // all inputs. Throws when it would overwrite an input, is a directory, or was already
  // given to another picture of this run.
  std::string path(size_t input_index, int64_t frame_index, int64_t index);
  // Throws when one file is named and `input` holds more frames: `frames` is the count.
  void check_frame_count(const std::string& input, int64_t frames) const;

 private:
  std::string name_in_directory(size_t input_index, int64_t frame_index) const;
  void check_path(const std::string& path, size_t input_index) const;
  void claim(const std::string& path, size_t input_index);

  std::string output_;
  std::vector<std::string> inputs_;
  OutputMode mode_ = OutputMode::kFile;
  OutputPattern pattern_;
  std::map<std::pair<uint64_t, uint64_t>, size_t> input_ids_;  // (device, inode) → input
  std::map<std::string, size_t> claimed_;                      // output path → input
};

// True for inputs that hold several frames (Y4M, raw).
bool multi_frame_kind(FileKind kind);

struct EngineEncodeJob {
  std::vector<std::string> inputs;
  std::optional<RawSpec> raw;  // size/format for raw inputs
  std::string output;          // a file (one picture), a pattern, or a directory
  // Every channel's parameters (threads is not used: the engine lends idle workers to
  // big pictures, with the same bytes).
  jpeg::EncodeParams params;
  int channels = 0;  // 0 = one per worker
  int workers = 0;   // 0 = one per core
  bool raw_samples = false;
  bool progress = true;
};

// Returns the process exit code; throws framekit::Error for bad arguments or files.
// After the first failed write nothing more is sent or written; the error is printed and
// 1 returned, and the summary counts exactly the files written.
int run_engine_encode(const EngineEncodeJob& job);

}  // namespace framekit::cli
