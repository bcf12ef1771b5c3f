// Turns a fuzzer's byte string into choices. Every reader returns 0 (the first choice)
// once the bytes run out, so the empty input and short inputs pick the first, valid
// option of every field: the fuzzer starts from a working call and mutates away from it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace framekit::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(u8() | u8() << 8); }
  uint32_t u32() { return static_cast<uint32_t>(u16()) | static_cast<uint32_t>(u16()) << 16; }
  uint64_t u64() { return static_cast<uint64_t>(u32()) | static_cast<uint64_t>(u32()) << 32; }
  // 0 .. n-1 (one byte when n <= 256, two otherwise).
  uint32_t below(uint32_t n) {
    if (n <= 1) return 0;
    return (n <= 256 ? u8() : u16()) % n;
  }
  bool flag() { return u8() & 1; }
  template <typename T, size_t N>
  const T& pick(const T (&options)[N]) {
    return options[below(N)];
  }
  // An integer for a 32-bit field: mostly small and near the interesting edges.
  uint32_t edgy_u32() {
    switch (u8() % 8) {
      case 0:
        return u8();
      case 1:
        return u16();
      case 2:
        return 0xFFFFFFFFu - u8();
      case 3:
        return 0x80000000u + u8() - 128;
      case 4:
        return 1u << (u8() % 32);
      default:
        return u32();
    }
  }
  // Whatever is left, for file contents and pixels.
  std::span<const uint8_t> rest() {
    std::span<const uint8_t> r(data_ + pos_, size_ - pos_);
    pos_ = size_;
    return r;
  }
  // A deterministic byte stream over the input, for filling pixel buffers of any size
  // without consuming the choices.
  uint8_t fill_byte(size_t i) const {
    return size_ ? static_cast<uint8_t>(data_[i % size_] + i / size_)
                 : static_cast<uint8_t>(i * 31);
  }
  size_t remaining() const { return size_ - pos_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace framekit::fuzz
