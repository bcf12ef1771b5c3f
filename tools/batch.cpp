#include "batch.h"

#include <unistd.h>

#include <cstdio>

#include "cli_error.h"
#include "framekit/core/error.h"
#include "output_file.h"

namespace framekit::cli {

using Clock = std::chrono::steady_clock;

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const unsigned char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", ch);
      out += buf;
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out + "\"";
}

void InputResult::wrote(const std::string& path, int64_t bytes, int64_t pixels) {
  outputs_.push_back(path);
  bytes_ += bytes;
  pixels_ += pixels;
  if (batch_ != nullptr) {
    ++batch_->pictures_;
    batch_->bytes_ += bytes;
    batch_->pixels_ += pixels;
    batch_->tick();
  }
}

void InputResult::kept(const std::string& path) {
  kept_.push_back(path);
}

Batch::Batch(const BatchOptions& options, const std::vector<InputItem>& inputs)
    : options_(options), inputs_(inputs), start_(Clock::now()) {
  show_progress_ = options.progress && ::isatty(2) != 0;
}

void Batch::tick(bool force) {
  if (!show_progress_ || (inputs_.size() < 2 && pictures_ < 2)) return;
  const auto now = Clock::now();
  if (!force && now - last_tick_ < std::chrono::milliseconds(100)) return;
  last_tick_ = now;
  const double s = std::chrono::duration<double>(now - start_).count();
  const size_t total = inputs_.size();
  const int width = 30;
  const int filled = static_cast<int>(width * current_ / total);
  std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu inputs, %lld pictures, %.1f MP/s ", filled,
               "##############################", width - filled, "", current_, total,
               static_cast<long long>(pictures_), s > 0 ? pixels_ / 1e6 / s : 0.0);
  std::fflush(stderr);
}

int Batch::run(const std::function<void(size_t, InputResult&)>& step) {
  std::string report;
  int64_t failures = 0;
  size_t done = 0;
  for (size_t i = 0; i < inputs_.size(); ++i) {
    current_ = i;
    tick();
    InputResult result;
    result.batch_ = this;
    std::string error;
    const auto t0 = Clock::now();
    try {
      step(i, result);
    } catch (const UsageError&) {
      throw;
    } catch (const std::exception& e) {
      error = e.what();
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    ++done;
    last_outputs_ = result.outputs_;
    if (!error.empty()) {
      ++failures;
      if (show_progress_) std::fprintf(stderr, "\r\033[K");
      std::fprintf(stderr, "framekit: error: %s\n", error.c_str());
    }
    if (!options_.report.empty()) {
      std::string outputs;
      for (const std::string& o : result.outputs_)
        outputs += (outputs.empty() ? "" : ",") + json_string(o);
      std::string kept;
      for (const std::string& o : result.kept_) kept += (kept.empty() ? "" : ",") + json_string(o);
      char numbers[160];
      std::snprintf(numbers, sizeof numbers, "\"pictures\":%zu,\"bytes\":%lld,\"seconds\":%.6f",
                    result.outputs_.size(), static_cast<long long>(result.bytes_), seconds);
      report += "{\"input\":" + json_string(inputs_[i].path) +
                ",\"status\":" + json_string(error.empty() ? "ok" : "failed") + ",\"outputs\":[" +
                outputs + "],\"kept\":[" + kept + "]," + numbers +
                ",\"error\":" + (error.empty() ? std::string("null") : json_string(error)) + "}\n";
    }
    if (!error.empty() && !options_.keep_going) break;
  }
  current_ = done;
  tick(true);
  if (show_progress_ && (inputs_.size() > 1 || pictures_ > 1)) std::fprintf(stderr, "\n");
  if (!options_.report.empty()) {
    write_whole_file(options_.report, reinterpret_cast<const uint8_t*>(report.data()),
                     report.size());
  }
  const double s = std::chrono::duration<double>(Clock::now() - start_).count();
  std::FILE* out = options_.summary_on_stdout ? stdout : stderr;
  if (inputs_.size() == 1 && pictures_ == 1 && failures == 0 && last_outputs_.size() == 1) {
    std::fprintf(out, "%s %s -> %s, %lld bytes, %.3f s%s\n", options_.verb.c_str(),
                 inputs_[0].path.c_str(), last_outputs_[0].c_str(), static_cast<long long>(bytes_),
                 s, options_.summary_extra.c_str());
    std::fflush(out);
    return 0;
  }
  if (inputs_.size() == 1 && failures > 0 && pictures_ == 0) return 1;  // the error says it
  std::FILE* out2 = out;
  (void)out2;
  std::fprintf(
      out,
      "%s %lld pictures from %zu input(s) in %.3f s: %.1f pictures/s, %.1f MP/s, %.2f MB "
      "written, %lld failed%s%s\n",
      options_.verb.c_str(), static_cast<long long>(pictures_), inputs_.size(), s,
      s > 0 ? pictures_ / s : 0.0, s > 0 ? pixels_ / 1e6 / s : 0.0, bytes_ / 1e6,
      static_cast<long long>(failures), options_.summary_extra.c_str(),
      done < inputs_.size() ? ", stopped at the first failure (--keep-going goes on)" : "");
  std::fflush(out);
  return failures > 0 ? 1 : 0;
}

}  // namespace framekit::cli
