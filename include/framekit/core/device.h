// Device: where memory lives. "cpu", "cuda", "cuda:1" and the seed's alias "gpu".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace framekit {

class Device {
 public:
  // CPU and CUDA are BMF's spellings (hmp::Device::Type::CPU) of the same values.
  enum class Type : int8_t { kCPU = 0, kCUDA = 1, CPU = kCPU, CUDA = kCUDA };
  static constexpr Type kCPU = Type::kCPU;
  static constexpr Type kCUDA = Type::kCUDA;

  Device() = default;
  Device(Type type, int index = 0);  // throws on a negative index
  // Parses "cpu", "cpu:0", "cuda", "cuda:N", "gpu", "gpu:N". Throws Error
  // (kInvalidArgument) naming the string when it is malformed. Does not check that
  // the device is present: use check_available() or allocate on it.
  explicit Device(std::string_view spec);
  Device(const char* spec) : Device(std::string_view(spec)) {}
  Device(const std::string& spec) : Device(std::string_view(spec)) {}

  Type type() const noexcept { return type_; }
  int index() const noexcept { return index_; }
  bool is_cpu() const noexcept { return type_ == Type::kCPU; }
  std::string str() const;  // "cpu" or "cuda:N"

  // Throws Error(kDeviceUnavailable) if this device is not present in this build /
  // on this machine, naming it and what is available.
  void check_available() const;
  bool available() const noexcept;

  friend bool operator==(const Device& a, const Device& b) noexcept {
    return a.type_ == b.type_ && a.index_ == b.index_;
  }
  friend bool operator!=(const Device& a, const Device& b) noexcept { return !(a == b); }

 private:
  Type type_ = Type::kCPU;
  int index_ = 0;
};

std::string_view device_type_name(Device::Type t) noexcept;
// Number of devices of a type that this build can use (CPU: 1).
int device_count(Device::Type t) noexcept;

}  // namespace framekit
