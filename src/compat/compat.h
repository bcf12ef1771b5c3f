// Shared plumbing of the C ABI: the process-wide engine that hi_mpi_sys_init starts,
// the exception → error-code guard, and hi_video_frame → InputFrame.
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include "framekit/compat/hi_mpi_venc.h"
#include "framekit/jpege/device_memory.h"
#include "framekit/jpege/engine.h"

namespace framekit::compat {

// The engine of hi_mpi_sys_init; throws JpegeError(kErrVencSysNotReady) before it.
std::shared_ptr<jpege::Engine> engine();
void set_last_error(std::string message);

// Runs f, returning 0, or the code of what it threw (recorded for fk_jpege_last_error).
// `module` picks the codes for non-engine exceptions (venc or sys).
template <typename F>
hi_s32 guarded(jpege::Module module, F&& f) noexcept {
  auto code_for = [module](jpege::Reason r) { return jpege::make_hi_error(module, r); };
  try {
    f();
    set_last_error({});
    return HI_SUCCESS;
  } catch (const jpege::JpegeError& e) {
    set_last_error(e.what());
    return e.hi_code();
  } catch (const Error& e) {
    set_last_error(e.what());
    switch (e.code()) {
      case ErrorCode::kUnsupported:
      case ErrorCode::kTypeMismatch:
        return code_for(jpege::Reason::kNotSupport);
      case ErrorCode::kOutOfMemory:
        return code_for(jpege::Reason::kNoMem);
      case ErrorCode::kRuntime:
      case ErrorCode::kDeviceUnavailable:
        return code_for(jpege::Reason::kSysError);
      default:
        return code_for(jpege::Reason::kIllegalParam);
    }
  } catch (const std::bad_alloc&) {
    set_last_error("out of memory");
    return code_for(jpege::Reason::kNoMem);
  } catch (const std::exception& e) {
    set_last_error(e.what());
    return code_for(jpege::Reason::kSysError);
  }
}

// The most rows a plane may reserve (height_stride): the largest picture height
// rounded up to the hardware's 16-row alignment. Larger values describe planes that no
// picture has; refusing them keeps derived addresses near the frame.
inline constexpr uint64_t kMaxHeightStride = 65536;

// Reads a hardware frame description: format, strides, plane addresses (absent chroma
// addresses follow the previous plane, as the SDK lays frames out). The view's samples
// are encoded raw, as the hardware does. Throws JpegeError naming the bad field.
//
// Every plane, given or derived, is checked with overflow-free arithmetic against the
// device memory block it lies in (a derived plane against the block of the plane it
// follows): kErrVencBadAddr when it runs past that block, starts at its end, lies in a
// freed block, or reaches into a block from untracked memory. `pins` holds the blocks
// until it is reset, so they cannot be freed while the caller reads them.
jpege::InputFrame to_input_frame(const hi_video_frame_info& info, jpege::MemoryPins& pins);

}  // namespace framekit::compat
