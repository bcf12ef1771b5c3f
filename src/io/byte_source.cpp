#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "framekit/core/error.h"
#include "io/io_internal.h"

namespace framekit::io::detail {

ByteSource ByteSource::open_file(const std::string& path) {
  ByteSource s;
  s.name_ = path;
  struct stat st {};
  FK_CHECK_ARG(::stat(path.c_str(), &st) == 0, "cannot open '", path, "' (", std::strerror(errno),
               ")");
  FK_CHECK_ARG(!S_ISDIR(st.st_mode), "'", path, "' is a directory, not an image file");
  s.file_ = std::fopen(path.c_str(), "rb");
  FK_CHECK_ARG(s.file_ != nullptr, "cannot open '", path, "' (", std::strerror(errno), ")");
  return s;
}

ByteSource ByteSource::from_memory(std::span<const uint8_t> data, const std::string& name) {
  ByteSource s;
  s.name_ = name;
  s.memory_ = data;
  return s;
}

ByteSource::ByteSource(ByteSource&& o) noexcept {
  *this = std::move(o);
}

ByteSource& ByteSource::operator=(ByteSource&& o) noexcept {
  if (this != &o) {
    if (file_) std::fclose(file_);
    name_ = std::move(o.name_);
    file_ = std::exchange(o.file_, nullptr);
    memory_ = o.memory_;
    pos_ = o.pos_;
    ahead_ = std::move(o.ahead_);
    rest_ = std::move(o.rest_);
  }
  return *this;
}

ByteSource::~ByteSource() {
  if (file_) std::fclose(file_);
}

size_t ByteSource::read(void* dst, size_t n) {
  auto* out = static_cast<uint8_t*>(dst);
  if (!file_) {
    const size_t k = std::min(n, memory_.size() - pos_);
    if (k) std::memcpy(out, memory_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  size_t k = std::min(n, ahead_.size());
  if (k) {
    std::memcpy(out, ahead_.data(), k);
    ahead_.erase(ahead_.begin(), ahead_.begin() + static_cast<std::ptrdiff_t>(k));
  }
  if (k < n) k += std::fread(out + k, 1, n - k, file_);
  FK_CHECK_ARG(k == n || std::ferror(file_) == 0, "'", name_, "': read error (",
               std::strerror(errno), ")");
  return k;
}

int ByteSource::get() {
  uint8_t c;
  return read(&c, 1) == 1 ? c : -1;
}

std::span<const uint8_t> ByteSource::peek(size_t n) {
  if (!file_) return memory_.subspan(pos_, std::min(n, memory_.size() - pos_));
  while (ahead_.size() < n) {
    uint8_t buf[256];
    const size_t got = std::fread(buf, 1, std::min(sizeof(buf), n - ahead_.size()), file_);
    if (got == 0) break;
    ahead_.insert(ahead_.end(), buf, buf + got);
  }
  FK_CHECK_ARG(std::ferror(file_) == 0, "'", name_, "': read error (", std::strerror(errno), ")");
  return {ahead_.data(), std::min(n, ahead_.size())};
}

std::optional<uint64_t> ByteSource::remaining() const {
  if (!file_) return memory_.size() - pos_;
  struct stat st {};
  if (::fstat(::fileno(file_), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  const long pos = std::ftell(file_);
  if (pos < 0) return std::nullopt;
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  const uint64_t at = static_cast<uint64_t>(pos);
  return (size > at ? size - at : 0) + ahead_.size();
}

std::span<const uint8_t> ByteSource::read_rest() {
  if (!file_) {
    const auto rest = memory_.subspan(pos_);
    pos_ = memory_.size();
    return rest;
  }
  rest_ = std::move(ahead_);
  ahead_.clear();
  if (const auto left = remaining()) rest_.reserve(rest_.size() + *left);
  uint8_t chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof(chunk), file_)) > 0)
    rest_.insert(rest_.end(), chunk, chunk + n);
  FK_CHECK_ARG(std::ferror(file_) == 0, "'", name_, "': read error (", std::strerror(errno), ")");
  return rest_;
}

void check_picture(const std::string& name, uint64_t w, uint64_t h, uint64_t max_pixels) {
  FK_CHECK_ARG(w > 0 && h > 0, "'", name, "': the picture size ", w, "x", h,
               " is invalid (width and height must be at least 1)");
  FK_CHECK_ARG(w <= INT32_MAX && h <= INT32_MAX, "'", name, "': the picture size ", w, "x", h,
               " is too large");
  FK_CHECK_ARG(w * h <= max_pixels, "'", name, "': the picture is ", w, "x", h, " (", w * h,
               " pixels), more than the limit of ", max_pixels, " pixels (max_pixels)");
}

uint64_t tight_frame_bytes(const PixelInfo& info, int w, int h) {
  const auto& d = info.desc();
  uint64_t n = 0;
  for (int p = 0; p < d.num_planes; ++p)
    n += static_cast<uint64_t>(d.plane_row_bytes(p, w)) *
         static_cast<uint64_t>(d.plane_height(p, h));
  return n;
}

bool read_planes(ByteSource& src, const Frame& frame) {
  const ImageView v = frame.view();
  const auto& d = v.desc();
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, v.width);
    for (int y = 0; y < v.plane_height(p); ++y)
      if (src.read(v.planes[p].row(y), row) != row) return false;
  }
  return true;
}

void append_planes(std::vector<uint8_t>& out, const Frame& frame) {
  const ImageView v = frame.view();
  const auto& d = v.desc();
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, v.width);
    for (int y = 0; y < v.plane_height(p); ++y) {
      const uint8_t* r = v.planes[p].row(y);
      out.insert(out.end(), r, r + row);
    }
  }
}

void swap16(uint8_t* p, size_t n_samples) {
  for (size_t i = 0; i < n_samples; ++i) std::swap(p[2 * i], p[2 * i + 1]);
}

}  // namespace framekit::io::detail
