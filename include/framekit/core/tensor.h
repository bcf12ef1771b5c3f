// Tensor: a strided view (shape, strides in elements, byte offset) over a shared
// Buffer. Views share memory; clone()/contiguous() copy. The plane type of Frame.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "framekit/core/buffer.h"
#include "framekit/core/error.h"
#include "framekit/core/scalar_type.h"

namespace framekit {

using SizeArray = std::vector<int64_t>;

// A number operand of tensor arithmetic (t + 2, t.clip(0, 255)). Integers stay int64 so
// that int64 tensors get exact operands; the number is cast to the tensor's dtype (as
// Tensor::to casts) before the operation, as hmp does.
class Number {
 public:
  template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  Number(T v) noexcept  // NOLINT(google-explicit-constructor): numbers read as numbers
      : integral_(std::is_integral_v<T>),
        int_(std::is_integral_v<T> ? static_cast<int64_t>(v) : 0),
        float_(static_cast<double>(v)) {}
  bool integral() const noexcept { return integral_; }
  int64_t as_int() const noexcept { return int_; }
  double as_double() const noexcept { return float_; }

 private:
  bool integral_;
  int64_t int_;
  double float_;
};

// The dtype of a + b for tensors of dtypes a and b: NumPy's promotion (the smallest type
// that holds both: int8 + uint8 -> int16, int16 + float16 -> float32, int32 + float32 ->
// float64).
ScalarType result_type(ScalarType a, ScalarType b) noexcept;

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
  // BMF's spelling: t.tensorInfo()->buffer().refcount() is how many holders share the
  // tensor's buffer (every tensor, view and frame plane on it counts: a frame's planes
  // share one buffer, where BMF gives each plane its own).
  struct BufferOwners {
    const BufferPtr* buffer;
    long refcount() const noexcept { return buffer->use_count(); }
  };
  struct InfoView {
    const Tensor* tensor;
    const InfoView* operator->() const noexcept { return this; }
    BufferOwners buffer() const noexcept { return BufferOwners{&tensor->buffer_}; }
  };
  InfoView tensorInfo() const noexcept { return InfoView{this}; }

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
  Tensor squeeze() const;  // drops every size-1 dimension
  // In place: this tensor object itself takes the new shape (other views keep theirs).
  Tensor& squeeze_();
  Tensor& squeeze_(int64_t d);
  Tensor& unsqueeze_(int64_t d);
  Tensor flatten() const;  // reshape({-1}): a view when possible
  Tensor alias() const { return *this; }  // a new view of the same memory and shape
  // A view when the strides allow it, else throws (use reshape for a copy fallback).
  Tensor view(const SizeArray& shape) const;
  Tensor reshape(const SizeArray& shape) const;  // view if possible, else a copy
  Tensor as_strided(const SizeArray& shape, const SizeArray& strides,
                    int64_t byte_offset) const;  // checked against the buffer size
  // Keeps this view's byte offset (hmp's as_strided without an offset).
  Tensor as_strided(const SizeArray& shape, const SizeArray& strides) const;
  Tensor& as_strided_(const SizeArray& shape, const SizeArray& strides);
  Tensor& as_strided_(const SizeArray& shape, const SizeArray& strides, int64_t byte_offset);

  // Copies.
  Tensor contiguous() const;  // self if already contiguous
  Tensor clone() const;       // always a new contiguous tensor
  Tensor to(const Device& device) const;  // self if already there
  // Value conversion as NumPy's astype and torch's to(): float -> integer truncates toward
  // zero, integer narrowing wraps (two's complement), float64 -> float16 goes through
  // float32 as torch and hmp convert (two roundings to nearest even; NumPy rounds once, so
  // a value within 2^-30 of a tie between two halves may differ). Out-of-range float -> integer gives what x86-64 NumPy gives (the
  // integer indefinite value for int32/int64 and its low bits for narrower types).
  Tensor to(ScalarType dtype) const;
  // The conversion of image operations: rounds to nearest even and saturates to the
  // integer range (NaN -> 0).
  Tensor to_saturated(ScalarType dtype) const;
  // Copies src into self (same shape; dtype converted as to() converts; devices may differ).
  Tensor& copy_(const Tensor& src);
  Tensor& copy_saturated_(const Tensor& src);  // dtype converted as to_saturated()
  Tensor& fill_(double value);  // the value converted as to() converts
  Tensor& fill_(Number value);

  // Elementwise arithmetic with NumPy broadcasting. Two tensors of one dtype give that
  // dtype (integers wrap; integer division truncates toward zero and x / 0 is 0); mixed
  // dtypes compute in result_type(). A Number is first cast to this tensor's dtype.
  // The in-place forms keep this tensor's shape and dtype and refuse what NumPy's
  // same_kind casting refuses (float results into an integer tensor).
  Tensor add(const Tensor& other) const;
  Tensor sub(const Tensor& other) const;
  Tensor mul(const Tensor& other) const;
  Tensor div(const Tensor& other) const;
  Tensor add(Number other) const;
  Tensor sub(Number other) const;
  Tensor mul(Number other) const;
  Tensor div(Number other) const;
  Tensor rsub(Number other) const;  // other - self
  Tensor rdiv(Number other) const;  // other / self
  Tensor& add_(const Tensor& other);
  Tensor& sub_(const Tensor& other);
  Tensor& mul_(const Tensor& other);
  Tensor& div_(const Tensor& other);
  Tensor& add_(Number other);
  Tensor& sub_(Number other);
  Tensor& mul_(Number other);
  Tensor& div_(Number other);

  // Elementwise unary operations in this tensor's dtype. round() rounds half to even
  // (NumPy's rule); round/ceil/floor leave integers as they are; abs of the most negative
  // integer wraps to itself. clip throws when min > max (after the cast to the dtype).
  Tensor round() const;
  Tensor ceil() const;
  Tensor floor() const;
  Tensor abs() const;
  Tensor clip(Number min, Number max) const;
  Tensor& round_();
  Tensor& ceil_();
  Tensor& floor_();
  Tensor& abs_();
  Tensor& clip_(Number min, Number max);

  // Raw elements in C order (NumPy's tofile).
  void tofile(const std::string& path) const;

  std::string repr() const;  // "Tensor(shape=[2, 3], dtype=uint8, device=cpu)"

  static Tensor ones(const SizeArray& shape, ScalarType dtype = kUInt8,
                     const Device& device = Device());

 private:
  BufferPtr buffer_;
  int64_t offset_ = 0;  // bytes
  SizeArray shape_;
  SizeArray strides_;   // elements
  ScalarType dtype_ = kUInt8;
};

SizeArray contiguous_strides(const SizeArray& shape);

Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, Number b);
Tensor operator-(const Tensor& a, Number b);
Tensor operator*(const Tensor& a, Number b);
Tensor operator/(const Tensor& a, Number b);
Tensor operator+(Number a, const Tensor& b);
Tensor operator-(Number a, const Tensor& b);
Tensor operator*(Number a, const Tensor& b);
Tensor operator/(Number a, const Tensor& b);
Tensor& operator+=(Tensor& a, const Tensor& b);
Tensor& operator-=(Tensor& a, const Tensor& b);
Tensor& operator*=(Tensor& a, const Tensor& b);
Tensor& operator/=(Tensor& a, const Tensor& b);
Tensor& operator+=(Tensor& a, Number b);
Tensor& operator-=(Tensor& a, Number b);
Tensor& operator*=(Tensor& a, Number b);
Tensor& operator/=(Tensor& a, Number b);

// Factories. arange gives ceil((end - start) / step) values start, start + step, … cast
// to dtype as to() casts; it throws unless start < end and step > 0 (hmp's rule).
Tensor arange(int64_t start, int64_t end, int64_t step = 1, ScalarType dtype = kInt64,
              const Device& device = Device());
// Same shape as `like`; dtype and device default to like's.
Tensor empty_like(const Tensor& like, std::optional<ScalarType> dtype = std::nullopt,
                  std::optional<Device> device = std::nullopt);
Tensor zeros_like(const Tensor& like, std::optional<ScalarType> dtype = std::nullopt,
                  std::optional<Device> device = std::nullopt);
Tensor ones_like(const Tensor& like, std::optional<ScalarType> dtype = std::nullopt,
                 std::optional<Device> device = std::nullopt);
// `count` items (-1: to the end of the file) after skipping `offset` items (hmp counts
// the offset in items, not bytes).
Tensor fromfile(const std::string& path, ScalarType dtype, int64_t count = -1,
                int64_t offset = 0);

// Joining (copies). All tensors share dtype and device; concat needs equal sizes but on
// `axis`, stack equal shapes (a new dimension at `axis`). vstack joins along the first
// axis (1-d tensors as rows), hstack along the second (1-d tensors along the first), as
// NumPy does. The out forms write into `out` (its shape must be the result's) and return it.
using TensorList = std::vector<Tensor>;
Tensor concat(const TensorList& tensors, int64_t axis = 0);
Tensor& concat(Tensor& out, const TensorList& tensors, int64_t axis = 0);
Tensor stack(const TensorList& tensors, int64_t axis = 0);
Tensor& stack(Tensor& out, const TensorList& tensors, int64_t axis = 0);
Tensor vstack(const TensorList& tensors);
Tensor& vstack(Tensor& out, const TensorList& tensors);
Tensor hstack(const TensorList& tensors);
Tensor& hstack(Tensor& out, const TensorList& tensors);

}  // namespace framekit
