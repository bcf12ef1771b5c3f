// The CLI's two kinds of failure: a usage error (a bad option, a bad combination, an
// output name that cannot work) exits 2 before any work; anything else (a damaged
// input, a full disk) exits 1. See main.cpp.
#pragma once

#include <string>
#include <utility>

#include "framekit/core/error.h"

namespace framekit::cli {

class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(ErrorCode::kInvalidArgument, message) {}
};

// Runs `fn` (which parses or checks option values) and reports any framekit::Error it
// throws as a usage error, with the same message.
template <typename Fn>
auto as_usage(Fn&& fn) {
  try {
    return std::forward<Fn>(fn)();
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
}

}  // namespace framekit::cli

// FK_USAGE_CHECK(cond, parts...): throws UsageError(concat(parts...)) when cond is false.
#define FK_USAGE_CHECK(cond, ...)                                                 \
  do {                                                                            \
    if (!(cond)) [[unlikely]]                                                     \
      throw ::framekit::cli::UsageError(::framekit::detail::concat(__VA_ARGS__)); \
  } while (0)
