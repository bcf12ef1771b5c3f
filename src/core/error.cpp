#include "framekit/core/error.h"

namespace framekit {

std::string_view error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kTypeMismatch: return "type mismatch";
    case ErrorCode::kOutOfRange: return "out of range";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kDeviceUnavailable: return "device unavailable";
    case ErrorCode::kOutOfMemory: return "out of memory";
    case ErrorCode::kBufferTooSmall: return "buffer too small";
    case ErrorCode::kRuntime: return "runtime error";
    case ErrorCode::kTimeout: return "timeout";
  }
  return "unknown error";
}

Error::Error(ErrorCode code, const std::string& message)
    : std::runtime_error(message), code_(code) {}

namespace detail {
void throw_error(ErrorCode code, const std::string& message) { throw Error(code, message); }
}  // namespace detail

}  // namespace framekit
