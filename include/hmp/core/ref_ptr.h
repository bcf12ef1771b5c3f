// hmp/core/ref_ptr.h (framekit's BMF compatibility): intrusive reference counting as
// hmp spells it. An object derives from RefObject (the count lives in the object);
// RefPtr<T> is the owning handle; makeRefPtr<T>(args...) creates the first one.
// framekit itself shares memory through std::shared_ptr; this exists so BMF code that
// defines its own RefObject types compiles unchanged.
#pragma once

#include <atomic>
#include <type_traits>
#include <utility>

#include <hmp/core/macros.h>

#include "framekit/core/error.h"

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
