// BMF's <bmf/sdk/exception_factory.h> (framekit's BMF compatibility): BMF_Error and
// BMF_Error_ throw bmf_sdk::Exception, which is a framekit::Error (kRuntime), so code
// catching either type, or std::runtime_error, sees it.
#pragma once

#include <cstdarg>
#include <cstdio>
#include <string>

#include <bmf/sdk/config.h>

#include "framekit/compat/bmf.h"
#include "framekit/core/error.h"

namespace bmf_sdk {

class Exception : public framekit::Error {
 public:
  Exception(int code, const std::string& err, const char* func, const char* file, int line)
      : framekit::Error(framekit::ErrorCode::kRuntime,
                        std::string(file ? file : "") + ":" + std::to_string(line) + ": " +
                            (func ? func : "") + ": " + err),
        code(code),
        err(err),
        func(func ? func : ""),
        file(file ? file : ""),
        line(line) {}

  int code;
  std::string err;
  std::string func;
  std::string file;
  int line;
};

// printf-style formatting into a std::string.
inline std::string format(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, args);
  va_end(args);
  std::string out(n > 0 ? static_cast<size_t>(n) : 0, '\0');
  if (n > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, again);
  va_end(again);
  return out;
}

[[noreturn]] inline void error(int code, const char* msg, const char* func, const char* file,
                               int line) {
  throw Exception(code, msg ? msg : "", func, file, line);
}

}  // namespace bmf_sdk

#define BMF_Error(code, msg) ::bmf_sdk::error(code, msg, __FUNCTION__, __FILE__, __LINE__)
#define BMF_Error_(code, ...) \
  ::bmf_sdk::error(code, ::bmf_sdk::format(__VA_ARGS__).c_str(), __FUNCTION__, __FILE__, __LINE__)
