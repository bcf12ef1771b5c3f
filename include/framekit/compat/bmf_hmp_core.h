// framekit/compat/bmf_hmp_core.h: BMF's hmp core names over framekit's types, for
// BMF's header paths (<hmp/core/*.h>, <hmp/tensor.h>; see include/hmp): devices,
// element types, Scalar and Half, intrusive RefPtr, CPU streams, allocators. Only
// framekit headers are included here; the hmp/ paths add BMF's generated config.
#pragma once

#include <atomic>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "framekit/core/allocator.h"
#include "framekit/core/device.h"
#include "framekit/core/error.h"
#include "framekit/core/scalar_type.h"
#include "framekit/core/tensor.h"

#ifndef HMP_API
#define HMP_API __attribute__((visibility("default")))
#endif

// --- hmp/core/device.h -----------------------------------------------------
// hmp's device names over framekit::Device. DeviceType is framekit's Device::Type, so
// `device == kCPU` and Device::Type::CPU work as in BMF.
namespace hmp {

using framekit::Device;
using DeviceType = framekit::Device::Type;
inline constexpr DeviceType kCPU = DeviceType::kCPU;
inline constexpr DeviceType kCUDA = DeviceType::kCUDA;

// Number of devices of a type this build can use (CPU: 1; CUDA: 0 in a CPU build).
inline int64_t device_count(DeviceType type) { return framekit::device_count(type); }

}  // namespace hmp

// --- hmp/core/scalar.h -----------------------------------------------------
// hmp's Scalar (one number of any element type, kept without loss: integers as int64,
// floating values as double), Half, and the HMP_FORALL_SCALAR_TYPES list BMF code
// dispatches over. The element types themselves are framekit's ScalarType.
// _(C++ type, ScalarType name without the k) for every element type, in hmp's order.
#define HMP_FORALL_SCALAR_TYPES(_)                                             \
  _(uint8_t, UInt8)                                                            \
  _(int8_t, Int8)                                                              \
  _(uint16_t, UInt16)                                                          \
  _(int16_t, Int16)                                                            \
  _(int32_t, Int32)                                                            \
  _(int64_t, Int64)                                                            \
  _(float, Float32)                                                            \
  _(double, Float64)                                                           \
  _(Half, Half)

namespace hmp {

using framekit::ScalarType;
using framekit::kFloat16;
using framekit::kFloat32;
using framekit::kFloat64;
using framekit::kInt16;
using framekit::kInt32;
using framekit::kInt64;
using framekit::kInt8;
using framekit::kUInt16;
using framekit::kUInt8;
inline constexpr ScalarType kHalf = ScalarType::kFloat16;  // hmp's name for float16

// IEEE binary16 with arithmetic through float (hmp's Half). The bits are framekit's
// Half, so a Half* is usable where framekit expects its float16 storage type.
struct Half : framekit::Half {
  Half() = default;
  Half(float value) : framekit::Half{framekit::float_to_half_bits(value)} {}
  Half(framekit::Half h) : framekit::Half(h) {}
  operator float() const { return framekit::half_bits_to_float(bits); }
};
static_assert(sizeof(Half) == 2, "Half must be two bytes, like framekit's float16");

class Scalar {
 public:
  enum class Kind : uint8_t { kInteger, kFloating, kBoolean };

  Scalar() : Scalar(int64_t{0}) {}
  Scalar(bool v) : kind_(Kind::kBoolean) { value_.i = v ? 1 : 0; }
  template <typename T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Scalar(T v) : kind_(Kind::kInteger) {
    value_.i = static_cast<int64_t>(v);
  }
  template <typename T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  Scalar(T v) : kind_(Kind::kFloating) {
    value_.d = static_cast<double>(v);
  }
  Scalar(Half v) : Scalar(static_cast<float>(v)) {}
  Scalar(framekit::Half v) : Scalar(Half(v)) {}

  // The value as T, converted as a static_cast from the stored int64/double would.
  template <typename T>
  T to() const {
    if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, framekit::Half>) {
      return Half(static_cast<float>(as_double()));
    } else if (kind_ == Kind::kFloating) {
      return static_cast<T>(value_.d);
    } else {
      return static_cast<T>(value_.i);
    }
  }

  bool is_integral(bool include_bool) const {
    return kind_ == Kind::kInteger || (include_bool && kind_ == Kind::kBoolean);
  }
  bool is_floating_point() const { return kind_ == Kind::kFloating; }
  bool is_boolean() const { return kind_ == Kind::kBoolean; }

 private:
  double as_double() const {
    return kind_ == Kind::kFloating ? value_.d : static_cast<double>(value_.i);
  }
  union {
    int64_t i;
    double d;
  } value_{};
  Kind kind_;
};

}  // namespace hmp

// --- hmp/core/ref_ptr.h ----------------------------------------------------
// Intrusive reference counting as hmp spells it. An object derives from RefObject (the
// count lives in the object); RefPtr<T> is the owning handle; makeRefPtr<T>(args...)
// creates the first one. framekit itself shares memory through std::shared_ptr; this
// exists so BMF code that defines its own RefObject types compiles unchanged.
namespace hmp {

template <typename T>
class RefPtr;

class RefObject {
 protected:
  RefObject() = default;
  // A copy is a new object: it starts without owners.
  RefObject(const RefObject&) noexcept {}
  RefObject& operator=(const RefObject&) noexcept { return *this; }
  virtual ~RefObject() = default;

 private:
  template <typename T>
  friend class RefPtr;
  mutable std::atomic<int> refs_{0};
};

template <typename T>
class RefPtr final {
  static_assert(std::is_base_of_v<RefObject, T>, "RefPtr<T> needs T to derive from RefObject");

 public:
  using element_type = T;

  RefPtr() noexcept = default;
  RefPtr(const RefPtr& other) noexcept : ptr_(other.ptr_) { acquire(ptr_); }
  RefPtr(RefPtr&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
  template <typename U, std::enable_if_t<std::is_convertible_v<U*, T*>, int> = 0>
  RefPtr(const RefPtr<U>& other) noexcept : ptr_(other.get()) {
    acquire(ptr_);
  }
  template <typename U, std::enable_if_t<std::is_convertible_v<U*, T*>, int> = 0>
  RefPtr(RefPtr<U>&& other) noexcept : ptr_(other.release()) {}
  ~RefPtr() { reset(); }

  RefPtr& operator=(RefPtr other) noexcept {
    swap(other);
    return *this;
  }

  // Takes over a raw object; `add_ref` when the caller keeps its own reference too.
  static RefPtr take(T* object, bool add_ref = false) {
    if (add_ref) acquire(object);
    RefPtr p;
    p.ptr_ = object;
    return p;
  }
  template <typename... Args>
  static RefPtr make(Args&&... args) {
    T* object = new T(std::forward<Args>(args)...);
    acquire(object);
    return take(object);
  }

  T* get() const noexcept { return ptr_; }
  T* operator->() const noexcept { return ptr_; }
  T& operator*() const noexcept { return *ptr_; }
  explicit operator bool() const noexcept { return ptr_ != nullptr; }

  // Owners of the object (0 for an empty pointer).
  int refcount() const noexcept { return ptr_ ? ptr_->refs_.load(std::memory_order_acquire) : 0; }
  bool unique() const noexcept { return refcount() == 1; }

  void reset() noexcept {
    T* object = std::exchange(ptr_, nullptr);
    if (object && object->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete object;
  }
  // Gives up ownership without releasing: the caller now holds this reference.
  T* release() noexcept { return std::exchange(ptr_, nullptr); }
  void swap(RefPtr& other) noexcept { std::swap(ptr_, other.ptr_); }

  // A RefPtr<U> sharing the object when it is a U, else empty.
  template <typename U>
  RefPtr<U> cast() const {
    U* object = dynamic_cast<U*>(ptr_);
    return object ? RefPtr<U>::take(object, true) : RefPtr<U>();
  }

 private:
  static void acquire(T* object) {
    if (!object) return;
    const int before = object->refs_.fetch_add(1, std::memory_order_relaxed);
    // From 0 is legal only for a new object (make); a RefPtr copy never sees 0.
    FK_CHECK(before >= 0, framekit::ErrorCode::kRuntime, "RefPtr: object already released");
  }

  T* ptr_ = nullptr;
};

template <typename T, typename... Args>
RefPtr<T> makeRefPtr(Args&&... args) {
  return RefPtr<T>::make(std::forward<Args>(args)...);
}

template <typename T, typename U>
bool operator==(const RefPtr<T>& a, const RefPtr<U>& b) noexcept {
  return a.get() == b.get();
}

}  // namespace hmp

// --- hmp/core/stream.h -----------------------------------------------------
// framekit has no stream objects: every operation completes before it returns. A CPU
// build of BMF behaves the same (its CPU stream never has pending work), so this header
// offers what such code calls on the CPU: a Stream that is always ready,
// create_stream/current_stream and StreamGuard. Asking for a stream on a device this
// build lacks throws.
namespace hmp {

class Stream {
 public:
  explicit Stream(const Device& device = Device()) : device_(device) {
    FK_CHECK(device.is_cpu(), framekit::ErrorCode::kDeviceUnavailable, "Stream: ",
             device.str(), " streams are not available (framekit runs every operation to "
             "completion; only the cpu stream exists)");
  }
  const Device& device() const noexcept { return device_; }
  uint64_t handle() const noexcept { return 0; }
  bool query() const noexcept { return true; }  // no pending work
  void synchronize() const noexcept {}
  friend bool operator==(const Stream& a, const Stream& b) noexcept {
    return a.device_ == b.device_;
  }
  friend bool operator!=(const Stream& a, const Stream& b) noexcept { return !(a == b); }

 private:
  Device device_;
};

inline Stream create_stream(DeviceType type, uint64_t /*flags*/ = 0) { return Stream(Device(type)); }
inline Stream current_stream(DeviceType type) { return Stream(Device(type)); }

// Makes `stream` current for a scope; with one stream per device there is nothing to
// switch, so it only checks the stream.
class StreamGuard {
 public:
  explicit StreamGuard(const Stream& stream) : stream_(stream) {}
  StreamGuard(const StreamGuard&) = delete;
  StreamGuard& operator=(const StreamGuard&) = delete;
  const Stream& original() const noexcept { return stream_; }

 private:
  Stream stream_;
};

}  // namespace hmp

// --- hmp/core/allocator.h --------------------------------------------------
// framekit's per-device allocators under hmp's names.
namespace hmp {

using framekit::Allocator;
using framekit::get_allocator;
using framekit::register_allocator;

}  // namespace hmp

namespace hmp {
using framekit::SizeArray;
using framekit::Tensor;
using TensorList = std::vector<framekit::Tensor>;
}  // namespace hmp
