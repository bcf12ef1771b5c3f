#include "framekit/jpege/errors.h"

#include <cstdio>

namespace framekit::jpege {
namespace {

std::string_view reason_name(uint32_t reason) noexcept {
  switch (static_cast<Reason>(reason)) {
    case Reason::kInvalidChnId:
      return "INVALID_CHN_ID";
    case Reason::kIllegalParam:
      return "ILLEGAL_PARAM";
    case Reason::kExist:
      return "EXIST";
    case Reason::kUnexist:
      return "UNEXIST";
    case Reason::kNullPtr:
      return "NULL_PTR";
    case Reason::kNotConfig:
      return "NOT_CFG";
    case Reason::kNotSupport:
      return "NOT_SUPPORT";
    case Reason::kNotPerm:
      return "NOT_PERM";
    case Reason::kNoMem:
      return "NO_MEM";
    case Reason::kNoBuf:
      return "NO_BUF";
    case Reason::kBufEmpty:
      return "BUF_EMPTY";
    case Reason::kBufFull:
      return "BUF_FULL";
    case Reason::kNotReady:
      return "NOT_READY";
    case Reason::kBadAddr:
      return "BAD_ADDR";
    case Reason::kBusy:
      return "BUSY";
    case Reason::kSizeNotEnough:
      return "SIZE_NOT_ENOUGH";
    case Reason::kTimeout:
      return "TIMEOUT";
    case Reason::kSysError:
      return "SYS_ERROR";
  }
  return {};
}

}  // namespace

std::string_view hi_error_name(int32_t code) noexcept {
  if (code == 0) return "HI_SUCCESS";
  const auto u = static_cast<uint32_t>(code);
  if ((u & 0xFF00E000u) != 0xA0008000u) return "unknown";
  const uint32_t module = (u >> 16) & 0xFFu;
  const std::string_view reason = reason_name(u & 0x1FFFu);
  if (reason.empty()) return "unknown";
  // A per-thread buffer keeps the view valid until the next call on this thread.
  static thread_local char buf[48];
  const char* mod = module == static_cast<uint32_t>(Module::kVenc)  ? "VENC"
                    : module == static_cast<uint32_t>(Module::kSys) ? "SYS"
                                                                    : nullptr;
  if (mod == nullptr) return "unknown";
  // The SDK spells the venc not-ready code SYS_NOT_READY and the sys one NOT_READY.
  const bool venc_not_ready =
      module == static_cast<uint32_t>(Module::kVenc) && reason == "NOT_READY";
  std::snprintf(buf, sizeof buf, "HI_ERR_%s_%s%.*s", mod, venc_not_ready ? "SYS_" : "",
                static_cast<int>(reason.size()), reason.data());
  return buf;
}

ErrorCode error_code_for(int32_t code) noexcept {
  switch (static_cast<Reason>(static_cast<uint32_t>(code) & 0x1FFFu)) {
    case Reason::kInvalidChnId:
    case Reason::kIllegalParam:
    case Reason::kNullPtr:
    case Reason::kBadAddr:
      return ErrorCode::kInvalidArgument;
    case Reason::kNotSupport:
      return ErrorCode::kUnsupported;
    case Reason::kNoMem:
      return ErrorCode::kOutOfMemory;
    case Reason::kSizeNotEnough:
      return ErrorCode::kBufferTooSmall;
    case Reason::kBufEmpty:
    case Reason::kBufFull:
    case Reason::kTimeout:
      return ErrorCode::kTimeout;
    default:
      return ErrorCode::kRuntime;
  }
}

namespace {
std::string with_code(int32_t code, const std::string& message) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08x", static_cast<uint32_t>(code));
  return message + " [" + std::string(hi_error_name(code)) + " " + hex + "]";
}
}  // namespace

JpegeError::JpegeError(int32_t code, const std::string& message)
    : Error(error_code_for(code), with_code(code, message)), hi_code_(code) {}

namespace detail {
void throw_jpege(int32_t code, const std::string& message) {
  throw JpegeError(code, message);
}
}  // namespace detail

}  // namespace framekit::jpege
