// Where a command's pictures go (`-o`), decided and checked before any work:
//   -o FILE.ext       one picture; the kind from the extension
//   -o DIR/ (or DIR)  a folder: inputs mirror their relative paths under it
//                     (DIR/a/img.jpg, DIR/b/img.jpg), frames of a video or sequence get
//                     _00000, _00001 ... after the name
//   -o 'out_%05d.jpg' a pattern with one integer field, numbered over all pictures
//   -o -              stdout, one picture
// An unknown extension, a file name for several inputs, two inputs that would write
// the same file are usage errors. An existing output is an error unless --overwrite
// (-y) replaces it or --no-clobber (-n) keeps it and skips the picture.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "image_io.h"
#include "inputs.h"

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
// Throws UsageError naming `pattern` for anything else: `%s`, `%n`, `%x`, `%-5d`, two
// fields, a lone `%` at the end, a width above kMaxPatternWidth.
OutputPattern parse_output_pattern(const std::string& pattern);
inline constexpr int kMaxPatternWidth = 20;

enum class Overwrite { kRefuse, kYes, kNo };
enum class OutputMode { kFile, kPattern, kDirectory, kStdout };

struct OutputRequest {
  std::string command;  // "encode", "convert", "thumbnail": for messages
  std::string output;   // -o
  Overwrite overwrite = Overwrite::kRefuse;
  std::vector<FileKind> kinds;  // what the command can write
  // The extension (".jpg") of pictures in a directory or on stdout; empty: the input's
  // own when it is one of `kinds`.
  std::string extension;
};

class OutputPlan {
 public:
  OutputPlan(const OutputRequest& request, const std::vector<InputItem>& inputs);

  OutputMode mode() const { return mode_; }
  // True when `-o` takes exactly one picture (a file name, stdout).
  bool one_picture() const { return mode_ == OutputMode::kFile || mode_ == OutputMode::kStdout; }
  // The kind of the outputs of input `input`.
  FileKind kind(size_t input) const;
  struct Target {
    std::string path;   // "-" for stdout
    bool keep = false;  // it exists and --no-clobber keeps it: skip the picture
  };
  // The output of frame `frame` of input `input` (`multi_frame`: a video or sequence),
  // the `index`-th picture of the run. Throws Error when it exists without -y/-n, was
  // given to another picture, is an input, or its folder cannot be made.
  Target path(size_t input, bool multi_frame, int64_t frame, int64_t index);
  // The message for a one-picture output given an input of more (`frames`: how many,
  // or 0 when not counted).
  std::string too_many_pictures(const std::string& input, int64_t frames) const;

 private:
  std::string extension_for(size_t input) const;
  void check_kind(const std::string& name) const;

  OutputRequest request_;
  const std::vector<InputItem>& inputs_;
  OutputMode mode_ = OutputMode::kFile;
  OutputPattern pattern_;
  std::set<std::pair<uint64_t, uint64_t>> input_ids_;  // (device, inode) of the inputs
  std::map<std::string, size_t> claimed_;              // output path → input
};

}  // namespace framekit::cli
