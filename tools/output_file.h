// Output files that are complete or absent: the CLI never leaves a truncated or half
// written file behind, and never clobbers an existing file on failure.
//
// A regular destination (or one that does not exist yet) is written under a temporary
// name in the same folder and renamed over the destination only by commit(), after
// every write, the flush and the close succeeded. A destination that exists and is not
// a regular file (a pipe, /dev/stdout, /dev/full, a symlink to one) is written in place,
// with every write, flush and close checked just the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace framekit::cli {

class OutputFile {
 public:
  // Opens the temporary file (or the special file). Throws framekit::Error naming
  // `path` when it cannot: a missing folder, a destination that is a directory, no
  // permission.
  explicit OutputFile(const std::string& path);
  // Uncommitted: the temporary file is removed and the destination left as it was.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // The stream to write to (for libraries that take a FILE*). Check what they return.
  std::FILE* stream() const { return file_; }
  // Writes all `n` bytes or throws naming the file (ENOSPC, EIO …).
  void write(const void* data, size_t n);
  // Flushes, checks the stream's error flag, closes and renames into place. Throws
  // naming the file on any failure; the destination is then untouched.
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;  // the destination, as the user named it
  std::string target_;  // where the rename goes (the symlink's target for a link)
  std::string temp_;  // empty when writing in place
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// Writes `len` bytes to `path` through an OutputFile (complete or absent).
void write_whole_file(const std::string& path, const uint8_t* data, size_t len);

// Throws framekit::Error when `output` names the same file as `input` (through links,
// `./`, hard links …), so that writing the output cannot destroy the input.
void check_not_same_file(const std::string& input, const std::string& output);

}  // namespace framekit::cli
