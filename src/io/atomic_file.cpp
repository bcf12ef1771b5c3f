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
  // stat follows symbolic links (and /dev/stdout's /proc links to pipes and terminals).
  struct stat existing {};
  const bool exists = ::stat(path.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode)) {
    FK_CHECK_ARG(!S_ISBLK(existing.st_mode), "cannot write '", path,
                 "': it is a block device (expected a file name)");
    // A FIFO, a terminal, /dev/null, a socket: a stream, written where it is.
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    FK_CHECK(fd_ >= 0, ErrorCode::kRuntime, "cannot open '", path, "' for writing (",
             std::strerror(errno), ")");
    direct_ = true;
    return;
  }
  fs::path target(path);
  if (fs::is_symlink(fs::symlink_status(target, ec))) {
    // The link stays a link: the file it names is the one replaced.
    FK_CHECK_ARG(exists, "cannot write '", path, "': it is a symbolic link to '",
                 fs::read_symlink(target, ec).string(), "', which does not exist");
    target = fs::canonical(target, ec);
    FK_CHECK_ARG(!ec, "cannot write '", path, "': cannot resolve its symbolic link (", ec.message(),
                 ")");
  }
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
  if (exists) {
    // The replacement keeps the old file's permissions; its owner and group only where
    // this process may give them (root, or the same owner): otherwise they are ours.
    if (::fchown(fd_, existing.st_uid, existing.st_gid) != 0) {
      (void)::fchown(fd_, static_cast<uid_t>(-1), existing.st_gid);
    }
    if (::fchmod(fd_, existing.st_mode & 07777) != 0) {
      const int err = errno;
      ::close(fd_);  // the destructor does not run for a constructor that throws
      fd_ = -1;
      ::unlink(temp_.c_str());
      FK_THROW(ErrorCode::kRuntime, "cannot give the new '", path, "' the old file's permissions (",
               std::strerror(err), ")");
    }
  }
  target_ = target.string();
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !direct_ && !temp_.empty()) ::unlink(temp_.c_str());
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
  if (direct_) {
    // A stream has nothing to fsync (pipes refuse it) and nothing to rename.
    const bool closed = ::close(fd_) == 0;
    const int close_err = errno;
    fd_ = -1;
    FK_CHECK(closed, ErrorCode::kRuntime, "writing '", path_, "' failed (",
             std::strerror(close_err), ")");
    committed_ = true;
    return;
  }
  // fsync before the rename: after a crash the name shows the old file or the whole new
  // one, never an empty or partial one.
  const bool synced = ::fsync(fd_) == 0;
  const int sync_err = errno;
  const bool closed = ::close(fd_) == 0;
  const int close_err = errno;
  fd_ = -1;
  FK_CHECK(synced && closed, ErrorCode::kRuntime, "writing '", path_, "' failed (",
           std::strerror(synced ? close_err : sync_err), ")");
  FK_CHECK(std::rename(temp_.c_str(), target_.c_str()) == 0, ErrorCode::kRuntime,
           "cannot move the finished file into place as '", path_, "' (", std::strerror(errno),
           ")");
  committed_ = true;
}

}  // namespace framekit::io::detail
