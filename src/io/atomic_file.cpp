#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "framekit/core/error.h"
#include "io/io_internal.h"

namespace framekit::io::detail {
namespace fs = std::filesystem;

AtomicFile::AtomicFile(const std::string& path) : path_(path) {
  FK_CHECK_ARG(!path.empty(), "write: empty file name");
  std::error_code ec;
  FK_CHECK_ARG(!fs::is_directory(fs::status(path, ec)), "'", path,
               "' is a directory (expected a file name)");
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  FK_CHECK_ARG(fs::is_directory(folder, ec), "cannot write '", path, "': folder '", folder.string(),
               "' does not exist");
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    std::string hidden = ".";
    hidden.append(target.filename().string())
        .append(".fk-tmp-")
        .append(std::to_string(::getpid()))
        .append("-")
        .append(std::to_string(counter++));
    temp_ = (folder / hidden).string();
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0 && errno != EEXIST) {
      const int err = errno;
      temp_.clear();
      FK_THROW(ErrorCode::kRuntime, "cannot create '", path, "' (", std::strerror(err), ")");
    }
  }
  FK_CHECK(fd_ >= 0, ErrorCode::kRuntime, "cannot create a temporary file next to '", path, "'");
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::write(const void* data, size_t n) {
  FK_CHECK(fd_ >= 0 && !committed_, ErrorCode::kRuntime, "'", path_, "' is already closed");
  const auto* p = static_cast<const uint8_t*>(data);
  size_t done = 0;
  while (done < n) {
    const ssize_t k = ::write(fd_, p + done, n - done);
    if (k < 0 && errno == EINTR) continue;
    FK_CHECK(k > 0, ErrorCode::kRuntime, "writing '", path_, "' failed after ", done, " of ", n,
             " bytes (", k < 0 ? std::strerror(errno) : "no progress", ")");
    done += static_cast<size_t>(k);
  }
}

void AtomicFile::commit() {
  FK_CHECK(fd_ >= 0 && !committed_, ErrorCode::kRuntime, "'", path_, "' is already closed");
  // fsync before the rename: after a crash the name shows the old file or the whole new
  // one, never an empty or partial one.
  const bool synced = ::fsync(fd_) == 0;
  const int sync_err = errno;
  const bool closed = ::close(fd_) == 0;
  const int close_err = errno;
  fd_ = -1;
  FK_CHECK(synced && closed, ErrorCode::kRuntime, "writing '", path_, "' failed (",
           std::strerror(synced ? close_err : sync_err), ")");
  FK_CHECK(std::rename(temp_.c_str(), path_.c_str()) == 0, ErrorCode::kRuntime,
           "cannot move the finished file into place as '", path_, "' (", std::strerror(errno),
           ")");
  committed_ = true;
}

}  // namespace framekit::io::detail
