#include "compat/acl_runtime.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>

#include "framekit/core/fork_safe.h"
#include "framekit/jpege/errors.h"

namespace framekit::compat::acl {
namespace {

struct RtState {
  ProcessMutex mu;  // a child forked while another thread held it must still init
  bool initialized = false;
  std::set<int> devices;
  std::set<uint64_t> contexts;
  uint64_t next_context = 1;
};
RtState& rt() {
  static RtState& s = *new RtState();  // leaked: the fork hooks use its mutex
  return s;
}

void* to_ptr(uint64_t v) {
  return reinterpret_cast<void*>(static_cast<uintptr_t>(v));
}

// An untracked address is the caller's memory only if the process has it mapped: a wrong
// integer must come back as an error code, not end the interpreter.
bool mapped_or_tracked(uint64_t p, size_t n, jpege::RangeCheck r, bool write) {
  return r != jpege::RangeCheck::kUntracked || jpege::host_memory_accessible(to_ptr(p), n, write);
}

// Whether [p, p+n) may be used as `device` memory (or host memory).
bool usable(uint64_t p, size_t n, bool device, int mode, bool write) {
  if (p == 0) return false;
  jpege::MemKind kind{};
  const auto r = jpege::check_range(to_ptr(p), n, &kind);
  if (r == jpege::RangeCheck::kOverflow || !mapped_or_tracked(p, n, r, write)) return false;
  if (mode == ACL_DEVICE) return true;  // on the device every pointer is device memory
  const bool is_device = r == jpege::RangeCheck::kInside && kind != jpege::MemKind::kHost;
  return device ? is_device : !is_device;
}

// ACL_MEMCPY_DEFAULT: the runtime picks the direction, so only the bounds matter.
bool in_bounds(uint64_t p, size_t n, bool write) {
  if (p == 0) return false;
  const auto r = jpege::check_range(to_ptr(p), n);
  return r != jpege::RangeCheck::kOverflow && mapped_or_tracked(p, n, r, write);
}

}  // namespace

int init() {
  std::lock_guard<ProcessMutex> lock(rt().mu);
  if (rt().initialized) return ACL_ERROR_REPEAT_INITIALIZE;
  rt().initialized = true;
  return ACL_SUCCESS;
}

int finalize() {
  std::lock_guard<ProcessMutex> lock(rt().mu);
  if (!rt().initialized) return ACL_ERROR_UNINITIALIZE;
  rt().initialized = false;
  rt().devices.clear();
  rt().contexts.clear();
  return ACL_SUCCESS;
}

int rt_run_mode() {
  // ACL_HOST by default: the program runs on the host and device memory is separate, so
  // copies must name the device side (framekit checks it). FRAMEKIT_ACL_RUN_MODE=device
  // makes every pointer device memory, as on the device's own CPU.
  const char* env = std::getenv("FRAMEKIT_ACL_RUN_MODE");
  return env && std::string(env) == "device" ? ACL_DEVICE : ACL_HOST;
}

int rt_set_device(int dev) {
  std::lock_guard<ProcessMutex> lock(rt().mu);
  if (!rt().initialized) return ACL_ERROR_UNINITIALIZE;
  if (dev != 0) return ACL_ERROR_INVALID_PARAM;
  rt().devices.insert(dev);
  return ACL_SUCCESS;
}

int rt_reset_device(int dev) {
  std::lock_guard<ProcessMutex> lock(rt().mu);
  return rt().devices.erase(dev) ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
}

Result rt_create_context(int dev) {
  std::lock_guard<ProcessMutex> lock(rt().mu);
  if (rt().devices.count(dev) == 0) return {0, ACL_ERROR_INVALID_PARAM};
  const uint64_t ctx = rt().next_context++;
  rt().contexts.insert(ctx);
  return {ctx, ACL_SUCCESS};
}

int rt_destroy_context(uint64_t ctx) {
  std::lock_guard<ProcessMutex> lock(rt().mu);
  return rt().contexts.erase(ctx) ? ACL_SUCCESS : ACL_ERROR_INVALID_PARAM;
}

int rt_memcpy(uint64_t dst, uint64_t dest_max, uint64_t src, uint64_t count, int kind) {
  if (count > dest_max || kind < ACL_MEMCPY_HOST_TO_HOST || kind > ACL_MEMCPY_DEFAULT) {
    return ACL_ERROR_INVALID_PARAM;
  }
  if (count == 0) return ACL_SUCCESS;
  const int mode = rt_run_mode();
  bool ok = false;
  switch (kind) {
    case ACL_MEMCPY_HOST_TO_HOST:
      ok = usable(dst, count, false, mode, true) && usable(src, count, false, mode, false);
      break;
    case ACL_MEMCPY_HOST_TO_DEVICE:
      ok = usable(dst, count, true, mode, true) && usable(src, count, false, mode, false);
      break;
    case ACL_MEMCPY_DEVICE_TO_HOST:
      ok = usable(dst, count, false, mode, true) && usable(src, count, true, mode, false);
      break;
    case ACL_MEMCPY_DEVICE_TO_DEVICE:
      ok = usable(dst, count, true, mode, true) && usable(src, count, true, mode, false);
      break;
    default:
      ok = in_bounds(dst, count, true) && in_bounds(src, count, false);
  }
  if (!ok) return ACL_ERROR_INVALID_PARAM;
  std::memmove(to_ptr(dst), to_ptr(src), count);
  return ACL_SUCCESS;
}

Result rt_malloc(uint64_t size, jpege::MemKind kind) {
  if (size == 0) return {0, ACL_ERROR_INVALID_PARAM};
  try {
    return {reinterpret_cast<uintptr_t>(jpege::device_malloc(size, kind)), ACL_SUCCESS};
  } catch (const jpege::JpegeError&) {
    return {0, ACL_ERROR_BAD_ALLOC};
  }
}

int rt_free(uint64_t ptr, jpege::MemKind kind) {
  try {
    jpege::device_free(to_ptr(ptr), kind);
    return ACL_SUCCESS;
  } catch (const jpege::JpegeError&) {
    return ACL_ERROR_INVALID_PARAM;
  }
}

std::string unreadable_reason(uint64_t ptr, uint64_t size, uint64_t max_size) {
  if (ptr == 0) return "ptr_to_bytes: NULL pointer";
  if (size > max_size) return "ptr_to_bytes: size " + std::to_string(size) + " is too large";
  const auto r = jpege::check_range(to_ptr(ptr), size);
  if (r == jpege::RangeCheck::kOverflow) {
    return "ptr_to_bytes: " + jpege::describe_range(to_ptr(ptr), size);
  }
  if (r == jpege::RangeCheck::kUntracked && !jpege::host_memory_accessible(to_ptr(ptr), size)) {
    return "ptr_to_bytes: " + std::to_string(size) + " bytes at " + std::to_string(ptr) +
           " are not readable memory of this process";
  }
  return {};
}

}  // namespace framekit::compat::acl
