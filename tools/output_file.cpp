#include "output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "framekit/core/error.h"

namespace framekit::cli {
namespace {

namespace fs = std::filesystem;

std::string errno_text(int err) { return std::strerror(err); }

}  // namespace

OutputFile::OutputFile(const std::string& path) : path_(path), target_(path) {
  FK_CHECK_ARG(!path.empty(), "output: empty file name");
  if (path == "-") {
    // stdout, written in place (a shell's `> file` must keep its file).
    const int fd = ::dup(1);
    file_ = fd >= 0 ? ::fdopen(fd, "wb") : nullptr;
    FK_CHECK(file_ != nullptr, ErrorCode::kRuntime, "cannot write to stdout (", errno_text(errno), ")");
    return;
  }
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);  // follows links
  FK_CHECK_ARG(!fs::is_directory(st), "output '", path, "' is a directory (expected a file name)");
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    // A pipe, a terminal, /dev/full …: written in place, each step checked.
    file_ = std::fopen(path.c_str(), "wb");
    FK_CHECK(file_ != nullptr, ErrorCode::kRuntime, "cannot open '", path, "' for writing (",
             errno_text(errno), ")");
    return;
  }
  if (fs::is_symlink(fs::symlink_status(path, ec))) {
    // Replace the link's target, not the link.
    const fs::path resolved = fs::weakly_canonical(path, ec);
    if (!ec) target_ = resolved.string();
  }
  const fs::path target(target_);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  FK_CHECK_ARG(fs::is_directory(folder, ec), "cannot write '", path, "': folder '",
               folder.string(), "' does not exist");
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100 && file_ == nullptr; ++attempt) {
    temp_ = (folder / ("." + target.filename().string() + ".fk-tmp-" +
                       std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                .string();
    // 0666 less the umask, as fopen would create the file.
    const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      const int err = errno;
      temp_.clear();
      FK_THROW(ErrorCode::kRuntime, "cannot create '", path, "' (", errno_text(err), ")");
    }
    file_ = ::fdopen(fd, "wb");
    if (file_ == nullptr) {
      const int err = errno;
      ::close(fd);
      ::unlink(temp_.c_str());
      temp_.clear();
      FK_THROW(ErrorCode::kRuntime, "cannot open '", path, "' (", errno_text(err), ")");
    }
  }
  FK_CHECK(file_ != nullptr, ErrorCode::kRuntime, "cannot create a temporary file next to '",
           path, "'");
}

OutputFile::~OutputFile() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::write(const void* data, size_t n) {
  FK_CHECK(file_ != nullptr && !committed_, ErrorCode::kRuntime, "'", path_,
           "' is already closed");
  if (n == 0) return;
  errno = 0;
  const size_t written = std::fwrite(data, 1, n, file_);
  FK_CHECK(written == n, ErrorCode::kRuntime, "writing '", path_, "' failed after ", written,
           " of ", n, " bytes (", errno ? errno_text(errno) : std::string("write error"), ")");
}

void OutputFile::commit() {
  FK_CHECK(file_ != nullptr && !committed_, ErrorCode::kRuntime, "'", path_,
           "' is already closed");
  errno = 0;
  const bool flushed = std::fflush(file_) == 0 && std::ferror(file_) == 0;
  const int flush_err = errno;
  std::FILE* f = file_;
  file_ = nullptr;
  errno = 0;
  const bool closed = std::fclose(f) == 0;
  const int close_err = errno;
  FK_CHECK(flushed && closed, ErrorCode::kRuntime, "writing '", path_, "' failed (",
           errno_text(flushed ? close_err : flush_err), ")");
  if (!temp_.empty()) {
    FK_CHECK(std::rename(temp_.c_str(), target_.c_str()) == 0, ErrorCode::kRuntime,
             "cannot move the finished output into place as '", path_, "' (",
             errno_text(errno), ")");
  }
  committed_ = true;
}

void write_whole_file(const std::string& path, const uint8_t* data, size_t len) {
  OutputFile out(path);
  out.write(data, len);
  out.commit();
}

void check_not_same_file(const std::string& input, const std::string& output) {
  std::error_code ec;
  const bool same = fs::equivalent(input, output, ec);
  FK_CHECK_ARG(ec || !same, "output '", output, "' is the input file '", input,
               "' (writing it would destroy the input; choose another name)");
}

}  // namespace framekit::cli
