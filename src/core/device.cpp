#include "framekit/core/device.h"

#include <charconv>
#include <string>

#include "framekit/core/allocator.h"
#include "framekit/core/error.h"

namespace framekit {

Device::Device(Type type, int index) : type_(type), index_(index) {
  FK_CHECK_ARG(index >= 0, "device index ", index, " is negative");
  FK_CHECK_ARG(type == Type::kCPU || type == Type::kCUDA, "unknown device type ",
               static_cast<int>(type));
  FK_CHECK_ARG(type != Type::kCPU || index == 0, "cpu device index must be 0, got ", index);
}

Device::Device(std::string_view spec) {
  const std::string_view original = spec;
  std::string_view name = spec;
  int index = 0;
  if (const auto colon = spec.find(':'); colon != std::string_view::npos) {
    name = spec.substr(0, colon);
    const std::string_view num = spec.substr(colon + 1);
    const auto* end = num.data() + num.size();
    const auto [ptr, ec] = std::from_chars(num.data(), end, index);
    FK_CHECK_ARG(!num.empty() && ec == std::errc() && ptr == end && index >= 0,
                 "malformed device string '", original,
                 "' (expected \"cpu\", \"cuda\", \"cuda:N\" or \"gpu[:N]\" with N >= 0)");
  }
  if (name == "cpu") {
    type_ = Type::kCPU;
    FK_CHECK_ARG(index == 0, "malformed device string '", original, "' (the cpu has index 0 only)");
  } else if (name == "cuda" || name == "gpu") {
    type_ = Type::kCUDA;
  } else {
    FK_THROW(ErrorCode::kInvalidArgument, "unknown device '", original,
             "' (expected \"cpu\", \"cuda\", \"cuda:N\" or \"gpu[:N]\")");
  }
  index_ = index;
}

std::string Device::str() const {
  if (type_ == Type::kCPU) return "cpu";
  return std::string(device_type_name(type_)) + ":" + std::to_string(index_);
}

bool Device::available() const noexcept { return index_ < device_count(type_); }

void Device::check_available() const {
  FK_CHECK(available(), ErrorCode::kDeviceUnavailable, "device '", str(),
           "' is not available (this build has ", device_count(Type::kCUDA),
           " CUDA device(s); cpu is always available)");
}

std::string_view device_type_name(Device::Type t) noexcept {
  return t == Device::Type::kCPU ? "cpu" : "cuda";
}

int device_count(Device::Type t) noexcept {
  if (t == Device::Type::kCPU) return 1;
  // CUDA memory goes through a registered allocator; none is built in this
  // configuration, so no CUDA device is usable.
  return 0;
}

}  // namespace framekit
