// The JPEGE engine's error codes: the numeric values of the hardware SDK (hi_venc.h,
// hi_mpi_sys.h), so code written for the hardware sees the same numbers. A code is
// 0xA0000000 | module << 16 | level(4 = error) << 13 | reason.
//
// C++ callers get a JpegeError (a framekit::Error) carrying the code; the C ABI returns
// the code; Python's framekit.acl returns it as `ret`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "framekit/core/error.h"

namespace framekit::jpege {

// The reasons of the SDK's hi_errno list.
enum class Reason : uint32_t {
  kInvalidChnId = 2,    // channel id outside [0, 256)
  kIllegalParam = 3,    // a parameter out of range, a bad enum, a misuse of a stream
  kExist = 4,           // the channel exists already
  kUnexist = 5,         // the channel does not exist
  kNullPtr = 6,         // a required pointer is null
  kNotConfig = 7,       // used before being configured
  kNotSupport = 8,      // valid but not supported (format, mode)
  kNotPerm = 9,         // not permitted in the current state
  kNoMem = 12,          // memory allocation failed
  kNoBuf = 13,          // no buffer / queue full
  kBufEmpty = 14,       // no stream ready (get_stream timed out)
  kBufFull = 15,        // no room for a new frame (send timed out)
  kNotReady = 16,       // system not initialised
  kBadAddr = 17,        // an address outside its memory block, or unusable
  kBusy = 18,           // resource busy
  kSizeNotEnough = 19,  // output buffer smaller than the encoded picture
  kTimeout = 20,        // a wait ran out
  kSysError = 21,       // internal failure
};

enum class Module : uint32_t { kSys = 2, kVenc = 8 };

constexpr int32_t make_hi_error(Module module, Reason reason) noexcept {
  return static_cast<int32_t>(0xA0000000u | (static_cast<uint32_t>(module) << 16) | (4u << 13) |
                              static_cast<uint32_t>(reason));
}

// The codes the engine returns (HI_ERR_VENC_* and HI_ERR_SYS_*).
inline constexpr int32_t kSuccess = 0;
inline constexpr int32_t kErrVencInvalidChnId = make_hi_error(Module::kVenc, Reason::kInvalidChnId);
inline constexpr int32_t kErrVencIllegalParam = make_hi_error(Module::kVenc, Reason::kIllegalParam);
inline constexpr int32_t kErrVencExist = make_hi_error(Module::kVenc, Reason::kExist);
inline constexpr int32_t kErrVencUnexist = make_hi_error(Module::kVenc, Reason::kUnexist);
inline constexpr int32_t kErrVencNullPtr = make_hi_error(Module::kVenc, Reason::kNullPtr);
inline constexpr int32_t kErrVencNotConfig = make_hi_error(Module::kVenc, Reason::kNotConfig);
inline constexpr int32_t kErrVencNotSupport = make_hi_error(Module::kVenc, Reason::kNotSupport);
inline constexpr int32_t kErrVencNotPerm = make_hi_error(Module::kVenc, Reason::kNotPerm);
inline constexpr int32_t kErrVencNoMem = make_hi_error(Module::kVenc, Reason::kNoMem);
inline constexpr int32_t kErrVencNoBuf = make_hi_error(Module::kVenc, Reason::kNoBuf);
inline constexpr int32_t kErrVencBufEmpty = make_hi_error(Module::kVenc, Reason::kBufEmpty);
inline constexpr int32_t kErrVencBufFull = make_hi_error(Module::kVenc, Reason::kBufFull);
inline constexpr int32_t kErrVencSysNotReady = make_hi_error(Module::kVenc, Reason::kNotReady);
inline constexpr int32_t kErrVencBadAddr = make_hi_error(Module::kVenc, Reason::kBadAddr);
inline constexpr int32_t kErrVencBusy = make_hi_error(Module::kVenc, Reason::kBusy);
inline constexpr int32_t kErrVencSizeNotEnough =
    make_hi_error(Module::kVenc, Reason::kSizeNotEnough);
inline constexpr int32_t kErrVencSysError = make_hi_error(Module::kVenc, Reason::kSysError);

inline constexpr int32_t kErrSysIllegalParam = make_hi_error(Module::kSys, Reason::kIllegalParam);
inline constexpr int32_t kErrSysExist = make_hi_error(Module::kSys, Reason::kExist);
inline constexpr int32_t kErrSysUnexist = make_hi_error(Module::kSys, Reason::kUnexist);
inline constexpr int32_t kErrSysNullPtr = make_hi_error(Module::kSys, Reason::kNullPtr);
inline constexpr int32_t kErrSysNotSupport = make_hi_error(Module::kSys, Reason::kNotSupport);
inline constexpr int32_t kErrSysNotPerm = make_hi_error(Module::kSys, Reason::kNotPerm);
inline constexpr int32_t kErrSysNoMem = make_hi_error(Module::kSys, Reason::kNoMem);
inline constexpr int32_t kErrSysNotReady = make_hi_error(Module::kSys, Reason::kNotReady);
inline constexpr int32_t kErrSysBusy = make_hi_error(Module::kSys, Reason::kBusy);
inline constexpr int32_t kErrSysError = make_hi_error(Module::kSys, Reason::kSysError);

// "HI_ERR_VENC_ILLEGAL_PARAM" for a known code, "HI_SUCCESS" for 0, else "unknown".
std::string_view hi_error_name(int32_t code) noexcept;
// The framekit::ErrorCode a hardware code maps to (how Python classifies it).
ErrorCode error_code_for(int32_t code) noexcept;

// The exception of the C++ engine API. what() is the message followed by the code's name
// and hex value, e.g. "channel 3 does not exist [HI_ERR_VENC_UNEXIST 0xa0088005]".
class JpegeError : public Error {
 public:
  JpegeError(int32_t code, const std::string& message);
  int32_t hi_code() const noexcept { return hi_code_; }

 private:
  int32_t hi_code_;
};

namespace detail {
[[noreturn]] void throw_jpege(int32_t code, const std::string& message);
}  // namespace detail

}  // namespace framekit::jpege

// JPEGE_CHECK(cond, code, parts...): throws JpegeError(code, concat(parts...)) if !cond.
#define JPEGE_CHECK(cond, code, ...)                                                           \
  do {                                                                                         \
    if (!(cond)) [[unlikely]]                                                                  \
      ::framekit::jpege::detail::throw_jpege((code), ::framekit::detail::concat(__VA_ARGS__)); \
  } while (0)
#define JPEGE_THROW(code, ...) \
  ::framekit::jpege::detail::throw_jpege((code), ::framekit::detail::concat(__VA_ARGS__))
