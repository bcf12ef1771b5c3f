// Running a command over many inputs: each input in order, failures reported with
// their reason (and, with --keep-going, the rest still processed), a progress bar on a
// terminal, a --report file with one JSON line per input, and a summary line.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "inputs.h"

namespace framekit::cli {

struct BatchOptions {
  std::string verb;               // "encoded", "converted", "made" ... for the summary
  bool keep_going = false;        // process every input, exit 1 at the end if any failed
  std::string report;             // --report out.jsonl (empty: none)
  bool progress = true;           // a progress bar when stderr is a terminal
  bool summary_on_stdout = true;  // false when the pictures go to stdout
  std::string summary_extra;      // appended to the summary (", q75")
};

class Batch;

// What happened to one input: filled in by the command's step.
class InputResult {
 public:
  void wrote(const std::string& path, int64_t bytes, int64_t pixels);
  void kept(const std::string& path);  // --no-clobber kept an existing output

 private:
  friend class Batch;
  Batch* batch_ = nullptr;
  std::vector<std::string> outputs_;
  std::vector<std::string> kept_;
  int64_t bytes_ = 0;
  int64_t pixels_ = 0;
};

class Batch {
 public:
  Batch(const BatchOptions& options, const std::vector<InputItem>& inputs);
  // Runs `step` for every input; an Error it throws is that input's failure (a
  // UsageError stops the run at once). Returns the exit code: 0, or 1 when any input
  // failed.
  int run(const std::function<void(size_t input, InputResult& result)>& step);

 private:
  friend class InputResult;
  void tick(bool force = false);

  BatchOptions options_;
  const std::vector<InputItem>& inputs_;
  bool show_progress_ = false;
  size_t current_ = 0;
  int64_t pictures_ = 0;
  int64_t bytes_ = 0;
  int64_t pixels_ = 0;
  std::vector<std::string> last_outputs_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_tick_{};
};

// `text` as a JSON string literal.
std::string json_string(const std::string& text);

}  // namespace framekit::cli
