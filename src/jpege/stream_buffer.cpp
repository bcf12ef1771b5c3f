#include "jpege/stream_buffer.h"

#include <utility>

#include "framekit/jpege/device_memory.h"

namespace framekit::jpege {
namespace {
size_t round_up(size_t v, size_t a) {
  return (v + a - 1) / a * a;
}
}  // namespace

StreamBuffer::StreamBuffer(size_t capacity)
    : base_(static_cast<uint8_t*>(device_malloc(capacity, MemKind::kInternal))),
      capacity_(capacity) {}

StreamBuffer::~StreamBuffer() {
  if (base_ != nullptr) device_free(base_, MemKind::kInternal);
}

StreamBuffer::StreamBuffer(StreamBuffer&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)),
      capacity_(std::exchange(other.capacity_, 0)),
      live_(std::move(other.live_)) {}

StreamBuffer& StreamBuffer::operator=(StreamBuffer&& other) noexcept {
  if (this != &other) {
    if (base_ != nullptr) device_free(base_, MemKind::kInternal);
    base_ = std::exchange(other.base_, nullptr);
    capacity_ = std::exchange(other.capacity_, 0);
    live_ = std::move(other.live_);
  }
  return *this;
}

size_t StreamBuffer::used_bytes() const noexcept {
  size_t n = 0;
  for (const Span& s : live_) n += s.size;
  return n;
}

uint8_t* StreamBuffer::allocate(size_t bytes) {
  if (bytes == 0) bytes = 1;
  if (base_ == nullptr || bytes > capacity_) return nullptr;
  size_t offset = 0;
  if (!live_.empty()) {
    const size_t head = live_.front().offset;
    const size_t tail = round_up(live_.back().offset + live_.back().size, kAlign);
    if (live_.back().offset >= head) {
      // Not wrapped: free space is [tail, capacity) and then [0, head).
      if (tail <= capacity_ && bytes <= capacity_ - tail) {
        offset = tail;
      } else if (bytes <= head) {
        offset = 0;
      } else {
        return nullptr;
      }
    } else {
      // Wrapped: the only gap is [tail, head).
      if (tail <= head && bytes <= head - tail) {
        offset = tail;
      } else {
        return nullptr;
      }
    }
  }
  live_.push_back(Span{offset, bytes});
  return base_ + offset;
}

bool StreamBuffer::release_oldest(const uint8_t* data) {
  if (live_.empty() || base_ + live_.front().offset != data) return false;
  live_.pop_front();
  return true;
}

}  // namespace framekit::jpege
