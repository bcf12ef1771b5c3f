#include "framekit/core/tensor.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <memory>
#include <numeric>
#include <sstream>

#include "framekit/core/allocator.h"
#include "tensor_copy.h"

namespace framekit {
namespace {

std::string shape_str(const SizeArray& s) {
  std::ostringstream os;
  os << '[';
  for (size_t i = 0; i < s.size(); ++i) os << (i ? ", " : "") << s[i];
  os << ']';
  return os.str();
}

constexpr int64_t kMaxBytes = int64_t{1} << 48;  // far beyond any real frame; stops overflow

int64_t checked_numel(const SizeArray& shape, size_t itemsize) {
  int64_t n = 1;
  for (int64_t s : shape) {
    FK_CHECK_ARG(s >= 0, "shape ", shape_str(shape), " has a negative size");
    if (s != 0 && n > kMaxBytes / s) {
      FK_THROW(ErrorCode::kInvalidArgument, "shape ", shape_str(shape), " is too large");
    }
    n *= s;
  }
  FK_CHECK_ARG(n <= kMaxBytes / static_cast<int64_t>(itemsize), "shape ", shape_str(shape),
               " is too large (", n, " elements of ", itemsize, " bytes)");
  return n;
}

// Bytes spanned by a view starting at offset 0: (last element offset + 1) * itemsize.
int64_t extent_bytes(const SizeArray& shape, const SizeArray& strides, size_t itemsize) {
  int64_t last = 0;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0) return 0;
    FK_CHECK_ARG(strides[d] >= 0, "negative stride ", strides[d], " in dimension ", d,
                 " is not supported (make the array contiguous first)");
    FK_CHECK_ARG(strides[d] <= kMaxBytes, "stride ", strides[d], " is too large");
    last += (shape[d] - 1) * strides[d];
    FK_CHECK_ARG(last <= kMaxBytes, "view with shape ", shape_str(shape), " and strides ",
                 shape_str(strides), " is too large");
  }
  return (last + 1) * static_cast<int64_t>(itemsize);
}

int64_t wrap_dim(int64_t d, int64_t ndim, const char* what) {
  const int64_t orig = d;
  if (d < 0) d += ndim;
  FK_CHECK(d >= 0 && d < ndim, ErrorCode::kOutOfRange, what, ": dimension ", orig,
           " is out of range for a tensor with ", ndim, " dimension(s)");
  return d;
}

}  // namespace

SizeArray contiguous_strides(const SizeArray& shape) {
  SizeArray strides(shape.size());
  int64_t s = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    strides[i] = s;
    s *= std::max<int64_t>(shape[i], 1);
  }
  return strides;
}

Tensor Tensor::empty(const SizeArray& shape, ScalarType dtype, const Device& device) {
  const int64_t n = checked_numel(shape, scalar_size(dtype));
  Tensor t;
  t.buffer_ = Buffer::allocate(static_cast<size_t>(n) * scalar_size(dtype), device);
  t.shape_ = shape;
  t.strides_ = contiguous_strides(shape);
  t.dtype_ = dtype;
  return t;
}

Tensor Tensor::zeros(const SizeArray& shape, ScalarType dtype, const Device& device) {
  Tensor t = empty(shape, dtype, device);
  t.fill_(0);
  return t;
}

Tensor Tensor::from_blob(void* data, const SizeArray& shape, const SizeArray& strides,
                         ScalarType dtype, const Device& device, Buffer::Release release) {
  try {
    checked_numel(shape, scalar_size(dtype));
    const SizeArray st = strides.empty() ? contiguous_strides(shape) : strides;
    FK_CHECK_ARG(st.size() == shape.size(), "from_blob: ", st.size(), " strides for ",
                 shape.size(), " dimensions");
    const int64_t extent = extent_bytes(shape, st, scalar_size(dtype));
    FK_CHECK_ARG(data != nullptr || extent == 0, "from_blob: data is a null pointer");
    Tensor t;
    t.buffer_ = Buffer::wrap(data, static_cast<size_t>(extent), device, std::move(release));
    t.shape_ = shape;
    t.strides_ = st;
    t.dtype_ = dtype;
    return t;
  } catch (...) {
    if (release) release();  // ownership was handed to us
    throw;
  }
}

Tensor Tensor::from_buffer(BufferPtr buffer, int64_t byte_offset, const SizeArray& shape,
                           const SizeArray& strides, ScalarType dtype) {
  FK_CHECK_ARG(buffer != nullptr, "from_buffer: buffer is null");
  checked_numel(shape, scalar_size(dtype));
  const SizeArray st = strides.empty() ? contiguous_strides(shape) : strides;
  FK_CHECK_ARG(st.size() == shape.size(), "from_buffer: ", st.size(), " strides for ",
               shape.size(), " dimensions");
  const int64_t extent = extent_bytes(shape, st, scalar_size(dtype));
  FK_CHECK(byte_offset >= 0 && (extent == 0 || byte_offset + extent <=
                                                   static_cast<int64_t>(buffer->size())),
           ErrorCode::kOutOfRange, "view of ", extent, " bytes at offset ", byte_offset,
           " does not fit in a buffer of ", buffer->size(), " bytes");
  Tensor t;
  t.buffer_ = std::move(buffer);
  t.offset_ = byte_offset;
  t.shape_ = shape;
  t.strides_ = st;
  t.dtype_ = dtype;
  return t;
}

const Device& Tensor::device() const {
  FK_CHECK_ARG(defined(), "tensor is undefined");
  return buffer_->device();
}

int64_t Tensor::size(int64_t d) const { return shape_[wrap_dim(d, dim(), "size")]; }
int64_t Tensor::stride(int64_t d) const { return strides_[wrap_dim(d, dim(), "stride")]; }

int64_t Tensor::numel() const noexcept {
  int64_t n = 1;
  for (int64_t s : shape_) n *= s;
  return n;
}

bool Tensor::is_contiguous() const noexcept {
  int64_t expected = 1;
  for (size_t i = shape_.size(); i-- > 0;) {
    if (shape_[i] == 1) continue;
    if (strides_[i] != expected) return false;
    expected *= shape_[i];
  }
  return true;
}

void* Tensor::unsafe_data() const {
  FK_CHECK_ARG(defined(), "tensor is undefined");
  return static_cast<uint8_t*>(buffer_->data()) + offset_;
}

Tensor Tensor::as_strided(const SizeArray& shape, const SizeArray& strides,
                          int64_t byte_offset) const {
  FK_CHECK_ARG(defined(), "as_strided: tensor is undefined");
  return from_buffer(buffer_, byte_offset, shape, strides, dtype_);
}

Tensor Tensor::as_strided(const SizeArray& shape, const SizeArray& strides) const {
  return as_strided(shape, strides, offset_);
}

Tensor& Tensor::as_strided_(const SizeArray& shape, const SizeArray& strides) {
  return *this = as_strided(shape, strides);
}

Tensor& Tensor::as_strided_(const SizeArray& shape, const SizeArray& strides,
                            int64_t byte_offset) {
  return *this = as_strided(shape, strides, byte_offset);
}

Tensor Tensor::slice(int64_t d, int64_t start, int64_t end, int64_t step) const {
  d = wrap_dim(d, dim(), "slice");
  FK_CHECK_ARG(step > 0, "slice: step ", step, " must be > 0");
  const int64_t n = shape_[d];
  if (start < 0) start += n;
  if (end < 0) end += n;
  start = std::clamp<int64_t>(start, 0, n);
  end = std::clamp<int64_t>(end, start, n);
  Tensor t = *this;
  t.offset_ += start * strides_[d] * static_cast<int64_t>(itemsize());
  t.shape_[d] = (end - start + step - 1) / step;
  t.strides_[d] = strides_[d] * step;
  return t;
}

Tensor Tensor::select(int64_t d, int64_t index) const {
  d = wrap_dim(d, dim(), "select");
  const int64_t n = shape_[d];
  const int64_t orig = index;
  if (index < 0) index += n;
  FK_CHECK(index >= 0 && index < n, ErrorCode::kOutOfRange, "select: index ", orig,
           " is out of range for dimension ", d, " of size ", n);
  Tensor t = *this;
  t.offset_ += index * strides_[d] * static_cast<int64_t>(itemsize());
  t.shape_.erase(t.shape_.begin() + d);
  t.strides_.erase(t.strides_.begin() + d);
  return t;
}

Tensor Tensor::permute(const SizeArray& dims) const {
  FK_CHECK_ARG(static_cast<int64_t>(dims.size()) == dim(), "permute: ", dims.size(),
               " dims given for a tensor with ", dim());
  std::vector<bool> seen(dims.size(), false);
  Tensor t = *this;
  for (size_t i = 0; i < dims.size(); ++i) {
    const int64_t d = wrap_dim(dims[i], dim(), "permute");
    FK_CHECK_ARG(!seen[d], "permute: dimension ", d, " repeated in ", shape_str(dims));
    seen[d] = true;
    t.shape_[i] = shape_[d];
    t.strides_[i] = strides_[d];
  }
  return t;
}

Tensor Tensor::transpose(int64_t a, int64_t b) const {
  a = wrap_dim(a, dim(), "transpose");
  b = wrap_dim(b, dim(), "transpose");
  SizeArray dims(dim());
  std::iota(dims.begin(), dims.end(), 0);
  std::swap(dims[a], dims[b]);
  return permute(dims);
}

Tensor Tensor::unsqueeze(int64_t d) const {
  d = wrap_dim(d, dim() + 1, "unsqueeze");
  Tensor t = *this;
  const int64_t stride = d < dim() ? strides_[d] * shape_[d] : 1;
  t.shape_.insert(t.shape_.begin() + d, 1);
  t.strides_.insert(t.strides_.begin() + d, stride);
  return t;
}

Tensor Tensor::squeeze(int64_t d) const {
  d = wrap_dim(d, dim(), "squeeze");
  FK_CHECK_ARG(shape_[d] == 1, "squeeze: dimension ", d, " has size ", shape_[d], ", not 1");
  Tensor t = *this;
  t.shape_.erase(t.shape_.begin() + d);
  t.strides_.erase(t.strides_.begin() + d);
  return t;
}

Tensor Tensor::squeeze() const {
  Tensor t = *this;
  t.shape_.clear();
  t.strides_.clear();
  for (size_t d = 0; d < shape_.size(); ++d) {
    if (shape_[d] == 1) continue;
    t.shape_.push_back(shape_[d]);
    t.strides_.push_back(strides_[d]);
  }
  return t;
}

Tensor& Tensor::squeeze_() { return *this = squeeze(); }
Tensor& Tensor::squeeze_(int64_t d) { return *this = squeeze(d); }
Tensor& Tensor::unsqueeze_(int64_t d) { return *this = unsqueeze(d); }
Tensor Tensor::flatten() const { return reshape({-1}); }

namespace {
SizeArray infer_shape(const SizeArray& shape, int64_t numel) {
  SizeArray out = shape;
  int64_t known = 1;
  int infer = -1;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == -1) {
      FK_CHECK_ARG(infer < 0, "shape ", shape_str(shape), " has more than one -1");
      infer = static_cast<int>(i);
    } else {
      FK_CHECK_ARG(out[i] >= 0, "shape ", shape_str(shape), " has a negative size");
      known *= out[i];
    }
  }
  if (infer >= 0) {
    FK_CHECK_ARG(known != 0 && numel % known == 0, "shape ", shape_str(shape),
                 " is invalid for ", numel, " elements");
    out[infer] = numel / known;
  }
  int64_t n = 1;
  for (int64_t s : out) n *= s;
  FK_CHECK_ARG(n == numel, "shape ", shape_str(shape), " is invalid for ", numel, " elements");
  return out;
}

// Strides for viewing (old shape, old strides) as new_shape without a copy, or empty
// if impossible. Groups of old dims that are mutually contiguous can be re-split.
SizeArray view_strides(const SizeArray& old_shape, const SizeArray& old_strides,
                       const SizeArray& new_shape) {
  SizeArray new_strides(new_shape.size());
  if (old_shape.empty()) {
    std::fill(new_strides.begin(), new_strides.end(), 1);
    return new_strides;
  }
  int64_t numel = 1;
  for (int64_t s : old_shape) numel *= s;
  if (numel == 0) return contiguous_strides(new_shape);
  int64_t view_d = static_cast<int64_t>(new_shape.size()) - 1;
  int64_t chunk_base_stride = old_strides.back();
  int64_t tensor_numel = 1;
  int64_t view_numel = 1;
  for (int64_t d = static_cast<int64_t>(old_shape.size()) - 1; d >= 0; --d) {
    tensor_numel *= old_shape[d];
    if (d == 0 || (old_shape[d - 1] != 1 &&
                   old_strides[d - 1] != tensor_numel * chunk_base_stride)) {
      while (view_d >= 0 && (view_numel < tensor_numel || new_shape[view_d] == 1)) {
        new_strides[view_d] = view_numel * chunk_base_stride;
        view_numel *= new_shape[view_d];
        --view_d;
      }
      if (view_numel != tensor_numel) return {};
      if (d > 0) {
        chunk_base_stride = old_strides[d - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  if (view_d != -1) return {};
  return new_strides;
}
}  // namespace

Tensor Tensor::view(const SizeArray& shape) const {
  FK_CHECK_ARG(defined(), "view: tensor is undefined");
  const SizeArray s = infer_shape(shape, numel());
  SizeArray st = view_strides(shape_, strides_, s);
  FK_CHECK_ARG(!st.empty() || s.empty(), "view: shape ", shape_str(s),
               " is not compatible with strides ", shape_str(strides_),
               " (use reshape() to copy)");
  Tensor t = *this;
  t.shape_ = s;
  t.strides_ = st;
  return t;
}

Tensor Tensor::reshape(const SizeArray& shape) const {
  FK_CHECK_ARG(defined(), "reshape: tensor is undefined");
  const SizeArray s = infer_shape(shape, numel());
  if (!view_strides(shape_, strides_, s).empty() || s.empty()) return view(s);
  return contiguous().view(s);
}

Tensor Tensor::contiguous() const {
  if (is_contiguous()) return *this;
  return clone();
}

Tensor Tensor::clone() const {
  FK_CHECK_ARG(defined(), "clone: tensor is undefined");
  Tensor t = empty(shape_, dtype_, device());
  t.copy_(*this);
  return t;
}

Tensor Tensor::to(const Device& device) const {
  FK_CHECK_ARG(defined(), "to: tensor is undefined");
  if (device == this->device()) return *this;
  device.check_available();
  const Tensor src = contiguous();
  Tensor t = empty(shape_, dtype_, device);
  copy_bytes(t.unsafe_data(), device, src.unsafe_data(), src.device(), src.nbytes());
  return t;
}

Tensor Tensor::to(ScalarType dtype) const {
  FK_CHECK_ARG(defined(), "to: tensor is undefined");
  if (dtype == dtype_) return *this;
  Tensor t = empty(shape_, dtype, device());
  t.copy_(*this);
  return t;
}

Tensor Tensor::to_saturated(ScalarType dtype) const {
  FK_CHECK_ARG(defined(), "to_saturated: tensor is undefined");
  if (dtype == dtype_) return *this;
  Tensor t = empty(shape_, dtype, device());
  t.copy_saturated_(*this);
  return t;
}

Tensor& Tensor::copy_saturated_(const Tensor& src) {
  FK_CHECK_ARG(defined() && src.defined(), "copy_saturated_: undefined tensor");
  if (dtype_ == src.dtype_ || !device().is_cpu() || !src.device().is_cpu()) return copy_(src);
  FK_CHECK_ARG(shape_ == src.shape_, "copy_saturated_: shape ", shape_str(src.shape_),
               " does not match destination shape ", shape_str(shape_));
  detail::strided_copy(*this, src, detail::CastRule::kSaturate);
  return *this;
}

Tensor& Tensor::copy_(const Tensor& src) {
  FK_CHECK_ARG(defined() && src.defined(), "copy_: undefined tensor");
  FK_CHECK_ARG(shape_ == src.shape_, "copy_: shape ", shape_str(src.shape_),
               " does not match destination shape ", shape_str(shape_));
  if (device().is_cpu() && src.device().is_cpu()) {
    detail::strided_copy(*this, src);
    return *this;
  }
  FK_CHECK(dtype_ == src.dtype_ && is_contiguous() && src.is_contiguous(),
           ErrorCode::kUnsupported, "copy_ between ", src.device().str(), " and ",
           device().str(), " needs contiguous tensors of the same dtype");
  copy_bytes(unsafe_data(), device(), src.unsafe_data(), src.device(), nbytes());
  return *this;
}

Tensor& Tensor::fill_(double value) { return fill_(Number(value)); }

Tensor& Tensor::fill_(Number value) {
  FK_CHECK_ARG(defined(), "fill_: tensor is undefined");
  FK_CHECK(device().is_cpu(), ErrorCode::kUnsupported, "fill_ on ", device().str(),
           " is not supported");
  detail::strided_fill(*this, value);
  return *this;
}

std::string Tensor::repr() const {
  if (!defined()) return "Tensor(undefined)";
  std::ostringstream os;
  os << "Tensor(shape=" << shape_str(shape_) << ", strides=" << shape_str(strides_)
     << ", dtype=" << scalar_name(dtype_) << ", device=" << device().str() << ")";
  return os.str();
}

Tensor Tensor::ones(const SizeArray& shape, ScalarType dtype, const Device& device) {
  Tensor t = empty(shape, dtype, device);
  t.fill_(Number(1));
  return t;
}

Tensor empty_like(const Tensor& like, std::optional<ScalarType> dtype,
                  std::optional<Device> device) {
  FK_CHECK_ARG(like.defined(), "empty_like: tensor is undefined");
  return Tensor::empty(like.shape(), dtype.value_or(like.dtype()),
                       device.value_or(like.device()));
}

Tensor zeros_like(const Tensor& like, std::optional<ScalarType> dtype,
                  std::optional<Device> device) {
  return empty_like(like, dtype, device).fill_(Number(0));
}

Tensor ones_like(const Tensor& like, std::optional<ScalarType> dtype,
                 std::optional<Device> device) {
  return empty_like(like, dtype, device).fill_(Number(1));
}

Tensor arange(int64_t start, int64_t end, int64_t step, ScalarType dtype,
              const Device& device) {
  FK_CHECK_ARG(start < end, "arange: expected start < end, got start=", start, ", end=", end);
  FK_CHECK_ARG(step > 0, "arange: expected step > 0, got step=", step);
  FK_CHECK(device.is_cpu(), ErrorCode::kUnsupported, "arange on ", device.str(),
           " is not supported (make it on the cpu and move it)");
  // end - start may overflow int64; the count fits since both ends do.
  const auto span = static_cast<uint64_t>(end) - static_cast<uint64_t>(start);
  const auto count = static_cast<int64_t>((span - 1) / static_cast<uint64_t>(step) + 1);
  Tensor t = Tensor::empty({count}, dtype, device);
  auto* p = static_cast<uint8_t*>(t.unsafe_data());
  const auto isz = static_cast<int64_t>(t.itemsize());
  for (int64_t i = 0; i < count; ++i) {
    const auto v = static_cast<int64_t>(static_cast<uint64_t>(start) +
                                        static_cast<uint64_t>(i) * static_cast<uint64_t>(step));
    detail::store_number(p + i * isz, dtype, Number(v));
  }
  return t;
}

namespace {
struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;
}  // namespace

void Tensor::tofile(const std::string& path) const {
  FK_CHECK_ARG(defined(), "tofile: tensor is undefined");
  const Tensor src = to(Device()).contiguous();
  File f(std::fopen(path.c_str(), "wb"));
  FK_CHECK(f != nullptr, ErrorCode::kRuntime, "tofile: cannot open '", path, "' for writing");
  const size_t n = src.nbytes();
  FK_CHECK(n == 0 || std::fwrite(src.unsafe_data(), 1, n, f.get()) == n, ErrorCode::kRuntime,
           "tofile: writing ", n, " bytes to '", path, "' failed");
  FK_CHECK(std::fclose(f.release()) == 0, ErrorCode::kRuntime, "tofile: closing '", path,
           "' failed");
}

Tensor fromfile(const std::string& path, ScalarType dtype, int64_t count, int64_t offset) {
  FK_CHECK_ARG(offset >= 0, "fromfile: offset ", offset, " is negative");
  FK_CHECK_ARG(count >= -1, "fromfile: count ", count, " must be >= 0, or -1 for all");
  File f(std::fopen(path.c_str(), "rb"));
  FK_CHECK(f != nullptr, ErrorCode::kRuntime, "fromfile: cannot open '", path, "'");
  const auto isz = static_cast<int64_t>(scalar_size(dtype));
  FK_CHECK(std::fseek(f.get(), 0, SEEK_END) == 0, ErrorCode::kRuntime, "fromfile: cannot seek '",
           path, "'");
  const int64_t items = static_cast<int64_t>(std::ftell(f.get())) / isz;
  FK_CHECK(offset <= items, ErrorCode::kOutOfRange, "fromfile: offset ", offset,
           " is beyond the ", items, " items of '", path, "'");
  const int64_t n = count < 0 ? items - offset : count;
  FK_CHECK(offset + n <= items, ErrorCode::kOutOfRange, "fromfile: ", n, " items at offset ",
           offset, " do not fit in the ", items, " items of '", path, "'");
  Tensor t = Tensor::empty({n}, dtype);
  const auto bytes = static_cast<size_t>(n * isz);
  FK_CHECK(std::fseek(f.get(), static_cast<long>(offset * isz), SEEK_SET) == 0 &&
               (bytes == 0 || std::fread(t.unsafe_data(), 1, bytes, f.get()) == bytes),
           ErrorCode::kRuntime, "fromfile: reading ", bytes, " bytes of '", path, "' failed");
  return t;
}

}  // namespace framekit
