// A channel's stream buffer: a ring of `capacity` bytes holding encoded pictures until
// they are released. Pictures are contiguous (a JPEG is handed out as one address), so
// a picture that does not fit before the end of the ring starts again at offset 0 and
// the tail is skipped. Releases come in allocation order (the hardware's FIFO rule),
// which is what keeps a ring enough. Not thread-safe: the channel's lock guards it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

namespace framekit::jpege {

class StreamBuffer {
 public:
  StreamBuffer() = default;
  explicit StreamBuffer(size_t capacity);  // device memory of kind kInternal
  ~StreamBuffer();
  StreamBuffer(StreamBuffer&& other) noexcept;
  StreamBuffer& operator=(StreamBuffer&& other) noexcept;
  StreamBuffer(const StreamBuffer&) = delete;
  StreamBuffer& operator=(const StreamBuffer&) = delete;

  size_t capacity() const noexcept { return capacity_; }
  size_t used_bytes() const noexcept;  // bytes of live pictures
  size_t count() const noexcept { return live_.size(); }
  // Whether a picture of `bytes` could ever fit (into an empty ring).
  bool can_ever_fit(size_t bytes) const noexcept { return bytes <= capacity_; }

  // Space for `bytes` contiguous bytes after the newest picture, or nullptr if the ring
  // has no such gap now (release older pictures first).
  uint8_t* allocate(size_t bytes);
  // Frees the oldest picture; `data` must be its address (checked: returns false if not).
  bool release_oldest(const uint8_t* data);

 private:
  struct Span {
    size_t offset;
    size_t size;
  };
  static constexpr size_t kAlign = 64;  // pictures start on cache lines

  uint8_t* base_ = nullptr;
  size_t capacity_ = 0;
  std::deque<Span> live_;  // oldest first
};

}  // namespace framekit::jpege
