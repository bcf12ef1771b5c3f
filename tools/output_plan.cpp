#include "output_plan.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "cli_error.h"
#include "framekit/core/error.h"

namespace framekit::cli {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void bad_pattern(const std::string& pattern, const std::string& problem) {
  throw UsageError(detail::concat(
      "-o '", pattern, "': ", problem,
      "; a pattern takes one integer field (%d, %5d or %05d) and %% for a literal percent"));
}

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

std::string kind_list(const std::vector<FileKind>& kinds) {
  std::string s;
  for (FileKind k : kinds) {
    const char* name = k == FileKind::kJpeg  ? ".jpg/.jpeg"
                       : k == FileKind::kPng ? ".png"
                       : k == FileKind::kPnm ? ".ppm/.pgm/.pnm"
                       : k == FileKind::kY4m ? ".y4m"
                                             : ".yuv/.rgb/.raw/.<pixel format>";
    s += (s.empty() ? "" : ", ") + std::string(name);
  }
  return s;
}

// Makes `folder` (and its parents) and checks that files can be created in it.
void ensure_folder(const fs::path& folder, const std::string& output) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    fs::create_directories(folder, ec);
    FK_CHECK(!ec && fs::is_directory(folder), ErrorCode::kRuntime,
             "cannot create the output folder '", folder.string(), "' for '", output, "' (",
             ec ? ec.message() : std::string("not a folder"), ")");
  }
  FK_CHECK(::access(folder.c_str(), W_OK | X_OK) == 0, ErrorCode::kRuntime,
           "cannot write into the folder '", folder.string(), "' for '", output, "' (",
           std::strerror(errno), ")");
}

// A file's or pattern's folder must exist (a typo is not a new folder) and be writable.
void check_folder(const fs::path& folder, const std::string& output) {
  std::error_code ec;
  FK_CHECK(fs::is_directory(folder, ec), ErrorCode::kRuntime, "cannot write '", output,
           "': folder '", folder.string(), "' does not exist");
  FK_CHECK(::access(folder.c_str(), W_OK | X_OK) == 0, ErrorCode::kRuntime,
           "cannot write into the folder '", folder.string(), "' for '", output, "' (",
           std::strerror(errno), ")");
}

}  // namespace

std::string OutputPlan::too_many_pictures(const std::string& input, int64_t frames) const {
  return detail::concat(
      "-o '", request_.output, "' names one ",
      mode_ == OutputMode::kStdout ? "stream (stdout)" : "file", ", but '", input, "' holds ",
      frames > 0 ? std::to_string(frames) + " frames" : std::string("more than one picture"),
      "; give a folder (-o DIR/) or a pattern (-o '",
      suggested_pattern(mode_ == OutputMode::kStdout ? "out" + extension_for(0) : pattern_.prefix),
      "'), or choose one picture with --frames 1");
}

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

void OutputPlan::check_kind(const std::string& name) const {
  const FileKind k = file_kind(name);
  const auto& kinds = request_.kinds;
  FK_USAGE_CHECK(k != FileKind::kUnknown && std::find(kinds.begin(), kinds.end(), k) != kinds.end(),
                 request_.command, ": -o '", request_.output, "': the extension of '", name,
                 "' is not a kind ", request_.command, " writes (expected ", kind_list(kinds), ")");
}

OutputPlan::OutputPlan(const OutputRequest& request, const std::vector<InputItem>& inputs)
    : request_(request), inputs_(inputs) {
  const std::string& output = request.output;
  const std::string& cmd = request.command;
  FK_USAGE_CHECK(!output.empty(), cmd,
                 ": an output is required (-o FILE, -o DIR/, -o 'out_%05d.jpg' or -o -)");
  FK_USAGE_CHECK(!inputs.empty(), cmd, ": no inputs");
  for (const InputItem& in : inputs)
    if (const auto id = file_id(in.path); id && in.path != "-") input_ids_.insert(*id);
  if (!request.extension.empty()) check_kind("x" + request.extension);

  std::error_code ec;
  pattern_ = parse_output_pattern(output);
  if (output == "-") {
    mode_ = OutputMode::kStdout;
  } else if (pattern_.has_field) {
    mode_ = OutputMode::kPattern;
  } else if (output.back() == '/' || fs::is_directory(output, ec) ||
             !fs::path(pattern_.prefix).has_extension()) {
    mode_ = OutputMode::kDirectory;
  } else {
    mode_ = OutputMode::kFile;
  }

  switch (mode_) {
    case OutputMode::kStdout:
      FK_USAGE_CHECK(inputs.size() == 1, cmd, ": -o - (stdout) takes one picture, but ",
                     inputs.size(), " inputs were given");
      FK_USAGE_CHECK(file_kind("x" + extension_for(0)) != FileKind::kUnknown, cmd,
                     ": -o - needs the kind to write: give --ext (e.g. --ext .png)");
      break;
    case OutputMode::kFile: {
      check_kind(pattern_.prefix);
      FK_USAGE_CHECK(inputs.size() == 1, cmd, ": -o '", output, "' names one file, but ",
                     inputs.size(),
                     " inputs were given; give a folder (-o DIR/) or a pattern (-o '",
                     suggested_pattern(pattern_.prefix), "')");
      const fs::path file(pattern_.prefix);
      check_folder(file.has_parent_path() ? file.parent_path() : fs::path("."), output);
      if (const auto id = file_id(pattern_.prefix); id && input_ids_.count(*id)) {
        FK_THROW(ErrorCode::kInvalidArgument, "output '", pattern_.prefix, "' is the input file '",
                 inputs[0].path, "' (writing it would destroy the input; choose another name)");
      }
      // An existing file is found now, before any work.
      if (fs::is_regular_file(pattern_.prefix, ec) && request.overwrite == Overwrite::kRefuse) {
        FK_THROW(ErrorCode::kRuntime, "'", pattern_.prefix,
                 "' exists; add --overwrite (-y) to replace it or --no-clobber (-n) to keep it");
      }
      break;
    }
    case OutputMode::kPattern: {
      check_kind(pattern_.format(0));
      const fs::path first(pattern_.format(0));
      check_folder(first.has_parent_path() ? first.parent_path() : fs::path("."), output);
      break;
    }
    case OutputMode::kDirectory: {
      const fs::path dir = fs::path(output).lexically_normal();
      const fs::file_status st = fs::status(dir.has_filename() ? dir : dir.parent_path(), ec);
      FK_USAGE_CHECK(!fs::exists(st) || fs::is_directory(st), cmd, ": -o '", output,
                     "' is an existing file, not a folder; give a folder or a pattern (-o '",
                     suggested_pattern(dir.has_filename() ? dir : dir.parent_path()), "')");
      // Two inputs with the same relative name would write the same files.
      std::map<std::string, size_t> names;
      for (size_t i = 0; i < inputs.size(); ++i) {
        FK_USAGE_CHECK(file_kind("x" + extension_for(i)) != FileKind::kUnknown, cmd, ": '",
                       inputs[i].path, "' is not of a kind ", cmd,
                       " writes; give the kind of the outputs with --ext (e.g. --ext .png)");
        const auto [it, fresh] = names.emplace(inputs[i].relative + extension_for(i), i);
        FK_USAGE_CHECK(fresh, cmd, ": inputs '", inputs[it->second].path, "' and '", inputs[i].path,
                       "' would both be written to '", (fs::path(output) / it->first).string(),
                       "'; give them separately or give a pattern (-o '",
                       escape_percent((fs::path(output) / "out_").string()), "%05d",
                       extension_for(i), "')");
      }
      ensure_folder(dir, output);
      break;
    }
  }
}

std::string OutputPlan::extension_for(size_t input) const {
  // A file or pattern names its own kind; the request's extension is for pictures in a
  // directory or on stdout.
  if (mode_ == OutputMode::kFile || mode_ == OutputMode::kPattern) {
    return fs::path(pattern_.format(0)).extension().string();
  }
  if (!request_.extension.empty()) return request_.extension;
  // The input's own kind, when the command writes it (convert of a folder of PNGs).
  const std::string ext = fs::path(inputs_[input].path).extension().string();
  const FileKind k = file_kind("x" + ext);
  const auto& kinds = request_.kinds;
  if (k != FileKind::kUnknown && std::find(kinds.begin(), kinds.end(), k) != kinds.end())
    return ext;
  return inputs_[input].path == "-" && !kinds.empty() && kinds[0] == FileKind::kPng ? ".png" : "";
}

FileKind OutputPlan::kind(size_t input) const {
  return file_kind("x" + extension_for(input));
}

OutputPlan::Target OutputPlan::path(size_t input, bool multi_frame, int64_t frame, int64_t index) {
  const std::string& output = request_.output;
  std::string p;
  switch (mode_) {
    case OutputMode::kStdout:
      FK_CHECK(index == 0, ErrorCode::kRuntime, "-o - (stdout) takes one picture, but '",
               inputs_[input].path, "' holds more; give a folder or a pattern");
      return {"-", false};
    case OutputMode::kFile:
      FK_CHECK(index == 0, ErrorCode::kRuntime, "-o '", output, "' names one file, but '",
               inputs_[input].path,
               "' holds more than one picture; give a folder (-o DIR/) or a pattern (-o '",
               suggested_pattern(pattern_.prefix), "')");
      p = pattern_.prefix;
      break;
    case OutputMode::kPattern:
      p = pattern_.format(index);
      break;
    case OutputMode::kDirectory: {
      std::string name = inputs_[input].relative;
      if (multi_frame) {
        std::string digits = std::to_string(frame);
        if (digits.size() < 5) digits.insert(0, 5 - digits.size(), '0');
        name += "_" + digits;
      }
      const fs::path file = fs::path(output) / (name + extension_for(input));
      ensure_folder(file.parent_path(), output);
      p = file.string();
      break;
    }
  }
  std::error_code ec;
  FK_CHECK_ARG(!fs::is_directory(p, ec), "output '", p, "' (for ", inputs_[input].path,
               ") is a directory");
  if (const auto id = file_id(p); id && input_ids_.count(*id)) {
    FK_THROW(ErrorCode::kInvalidArgument, "output '", p,
             "' is the input file (writing it would destroy "
             "an input; choose another name)");
  }
  const std::string key = fs::path(p).lexically_normal().string();
  const auto [it, fresh] = claimed_.emplace(key, input);
  FK_CHECK_ARG(fresh, "inputs '", inputs_[it->second].path, "' and '", inputs_[input].path,
               "' would both be written to '", p, "'; nothing is overwritten: give a pattern (-o '",
               suggested_pattern(p), "')");
  if (fs::exists(fs::symlink_status(p, ec))) {
    const bool special = fs::exists(p, ec) && !fs::is_regular_file(p, ec);
    if (!special && request_.overwrite == Overwrite::kNo) return {p, true};
    FK_CHECK(special || request_.overwrite == Overwrite::kYes, ErrorCode::kRuntime, "'", p,
             "' exists; add --overwrite (-y) to replace it or --no-clobber (-n) to keep it");
  }
  return {p, false};
}

}  // namespace framekit::cli
