// framekit::Error: the one exception type of the C++ API. Its code tells callers
// (and the Python and C bindings) which kind of mistake it was; its message names
// the bad value and what was expected.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace framekit {

enum class ErrorCode : int {
  kInvalidArgument = 1,  // a value is out of range or malformed (Python: ValueError)
  kTypeMismatch = 2,     // wrong dtype / format / media type (Python: TypeError)
  kOutOfRange = 3,       // an index or size beyond a bound (Python: IndexError)
  kUnsupported = 4,      // a valid request framekit cannot do (Python: NotImplementedError)
  kDeviceUnavailable = 5,  // a device that is not present (Python: RuntimeError)
  kOutOfMemory = 6,        // allocation failed (Python: MemoryError)
  kBufferTooSmall = 7,     // caller's buffer cannot hold the result (Python: ValueError)
  kRuntime = 8,            // any other failure at run time (Python: RuntimeError)
  kTimeout = 9,            // a wait ran out (Python: TimeoutError)
};

std::string_view error_code_name(ErrorCode code) noexcept;

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message);
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

namespace detail {
[[noreturn]] void throw_error(ErrorCode code, const std::string& message);

// Concatenates any streamable values into one message.
template <typename... Args>
std::string concat(const Args&... args);
}  // namespace detail

}  // namespace framekit

#include <sstream>

namespace framekit::detail {
template <typename... Args>
std::string concat(const Args&... args) {
  std::ostringstream os;
  (os << ... << args);
  return os.str();
}
}  // namespace framekit::detail

// FK_CHECK(cond, code, parts...): throws framekit::Error(code, concat(parts...)) when
// cond is false. The message must say what was given and what was expected.
#define FK_CHECK(cond, code, ...)                                              \
  do {                                                                         \
    if (!(cond)) [[unlikely]]                                                  \
      ::framekit::detail::throw_error((code), ::framekit::detail::concat(__VA_ARGS__)); \
  } while (0)

#define FK_CHECK_ARG(cond, ...) FK_CHECK(cond, ::framekit::ErrorCode::kInvalidArgument, __VA_ARGS__)
#define FK_THROW(code, ...) ::framekit::detail::throw_error((code), ::framekit::detail::concat(__VA_ARGS__))
