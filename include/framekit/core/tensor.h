// Tensor: a strided view (shape, strides in elements, byte offset) over a shared
// Buffer. Views share memory; clone()/contiguous() copy. The plane type of Frame.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "framekit/core/buffer.h"
#include "framekit/core/error.h"
#include "framekit/core/scalar_type.h"

namespace framekit {

using SizeArray = std::vector<int64_t>;

class Tensor {
 public:
  Tensor() = default;  // undefined tensor: defined() == false

  // New contiguous tensor (uninitialised memory). Throws on negative or overflowing
  // shapes, naming the shape.
  static Tensor empty(const SizeArray& shape, ScalarType dtype = kUInt8,
                      const Device& device = Device());
  static Tensor zeros(const SizeArray& shape, ScalarType dtype = kUInt8,
                      const Device& device = Device());
  // View over existing memory. Strides in elements (empty = contiguous). `release`
  // runs once when the last view is gone. Throws on negative strides/shape.
  static Tensor from_blob(void* data, const SizeArray& shape, const SizeArray& strides,
                          ScalarType dtype, const Device& device = Device(),
                          Buffer::Release release = {});
  // View over a buffer at a byte offset; checks that the view fits inside it.
  static Tensor from_buffer(BufferPtr buffer, int64_t byte_offset, const SizeArray& shape,
                            const SizeArray& strides, ScalarType dtype);

  bool defined() const noexcept { return static_cast<bool>(buffer_); }
  explicit operator bool() const noexcept { return defined(); }

  ScalarType dtype() const noexcept { return dtype_; }
  size_t itemsize() const noexcept { return scalar_size(dtype_); }
  const Device& device() const;
  int64_t dim() const noexcept { return static_cast<int64_t>(shape_.size()); }
  const SizeArray& shape() const noexcept { return shape_; }
  const SizeArray& strides() const noexcept { return strides_; }
  int64_t size(int64_t d) const;    // negative d counts from the end
  int64_t stride(int64_t d) const;
  int64_t numel() const noexcept;
  size_t nbytes() const noexcept { return static_cast<size_t>(numel()) * itemsize(); }
  bool is_contiguous() const noexcept;
  int64_t byte_offset() const noexcept { return offset_; }
  const BufferPtr& buffer() const noexcept { return buffer_; }

  void* unsafe_data() const;  // start of the view (no type check)
  template <typename T>
  T* data() const {
    FK_CHECK(scalar_type_of<T>() == dtype_, ErrorCode::kTypeMismatch, "tensor dtype is ",
             scalar_name(dtype_), ", not ", scalar_name(scalar_type_of<T>()));
    return static_cast<T*>(unsafe_data());
  }

  // Views (share memory).
  Tensor slice(int64_t d, int64_t start, int64_t end, int64_t step = 1) const;
  Tensor select(int64_t d, int64_t index) const;
  Tensor permute(const SizeArray& dims) const;
  Tensor transpose(int64_t a, int64_t b) const;
  Tensor unsqueeze(int64_t d) const;
  Tensor squeeze(int64_t d) const;
  // A view when the strides allow it, else throws (use reshape for a copy fallback).
  Tensor view(const SizeArray& shape) const;
  Tensor reshape(const SizeArray& shape) const;  // view if possible, else a copy
  Tensor as_strided(const SizeArray& shape, const SizeArray& strides,
                    int64_t byte_offset) const;  // checked against the buffer size

  // Copies.
  Tensor contiguous() const;  // self if already contiguous
  Tensor clone() const;       // always a new contiguous tensor
  Tensor to(const Device& device) const;  // self if already there
  Tensor to(ScalarType dtype) const;      // value conversion (float→int rounds, saturates)
  // Copies src into self (same shape; dtype converted; devices may differ).
  Tensor& copy_(const Tensor& src);
  Tensor& fill_(double value);

  std::string repr() const;  // "Tensor(shape=[2, 3], dtype=uint8, device=cpu)"

 private:
  BufferPtr buffer_;
  int64_t offset_ = 0;  // bytes
  SizeArray shape_;
  SizeArray strides_;   // elements
  ScalarType dtype_ = kUInt8;
};

SizeArray contiguous_strides(const SizeArray& shape);

}  // namespace framekit
