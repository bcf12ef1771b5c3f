// Where the encoder writes: a growing vector, or a caller's buffer that is never
// written past its capacity (a too-small buffer is detected, and the size the JPEG
// needs is still counted so the error can name it).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace framekit::jpeg::detail {

class Sink {
 public:
  explicit Sink(std::vector<uint8_t>* vec) : vec_(vec) {}
  Sink(uint8_t* buf, size_t capacity) : buf_(buf), capacity_(capacity) {}

  // Room for at least n bytes at the current end.
  uint8_t* reserve(size_t n) {
    if (vec_) {
      if (vec_->size() - size_ < n) vec_->resize(std::max(size_ + n, vec_->size() * 2));
      return vec_->data() + size_;
    }
    if (!overflow_ && capacity_ - size_ >= n) {
      scratch_used_ = false;
      return buf_ + size_;
    }
    // Not enough room left: code into scratch and copy what fits (see commit).
    if (scratch_.size() < n) scratch_.resize(n);
    scratch_used_ = true;
    return scratch_.data();
  }
  // `end` is one past the last byte written since reserve().
  void commit(const uint8_t* end) {
    if (vec_) {
      size_ = static_cast<size_t>(end - vec_->data());
      return;
    }
    if (!scratch_used_) {
      size_ = static_cast<size_t>(end - buf_);
      return;
    }
    const size_t n = static_cast<size_t>(end - scratch_.data());
    if (!overflow_ && capacity_ - size_ >= n) {
      std::memcpy(buf_ + size_, scratch_.data(), n);
    } else {
      overflow_ = true;  // keep counting to report the size needed
    }
    size_ += n;
  }
  void append(const uint8_t* p, size_t n) {
    uint8_t* dst = reserve(n);
    std::memcpy(dst, p, n);
    commit(dst + n);
  }
  size_t size() const { return size_; }
  bool overflowed() const { return overflow_; }
  void finish() {
    if (vec_) vec_->resize(size_);
  }

 private:
  std::vector<uint8_t>* vec_ = nullptr;
  uint8_t* buf_ = nullptr;
  size_t capacity_ = 0;
  size_t size_ = 0;
  bool overflow_ = false;
  bool scratch_used_ = false;
  std::vector<uint8_t> scratch_;
};

}  // namespace framekit::jpeg::detail
