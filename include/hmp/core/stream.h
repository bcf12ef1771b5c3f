// hmp/core/stream.h (framekit's BMF compatibility). framekit has no stream objects:
// every operation completes before it returns. A CPU build of BMF behaves the same
// (its CPU stream never has pending work), so this header offers what such code calls
// on the CPU: a Stream that is always ready, create_stream/current_stream and
// StreamGuard. Asking for a stream on a device this build lacks throws.
#pragma once

#include <cstdint>

#include <hmp/core/device.h>

#include "framekit/core/error.h"

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
