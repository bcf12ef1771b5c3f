// The runtime half of framekit's pyACL emulation (framekit.acl): acl.init / finalize, the
// acl.rt devices, contexts, run mode and memory, with pyACL's semantics and return codes
// (fk_acl.h). Nothing here knows Python: python/src/bind_jpege_acl.cpp converts the
// arguments and calls these, and tests/compat calls them directly.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "framekit/compat/fk_acl.h"
#include "framekit/jpege/device_memory.h"

namespace framekit::compat::acl {

// pyACL's (value, ret) results.
struct Result {
  uint64_t value = 0;
  int ret = ACL_SUCCESS;
};

// acl.init / acl.finalize: one process-wide runtime. finalize forgets the devices and
// contexts, as the SDK's does.
int init();
int finalize();

// ACL_HOST by default; ACL_DEVICE when FRAMEKIT_ACL_RUN_MODE=device.
int rt_run_mode();

// Device 0 is the only device, and needs init(). Contexts are numbered from 1 and never
// reused within a process.
int rt_set_device(int dev);
int rt_reset_device(int dev);
Result rt_create_context(int dev);
int rt_destroy_context(uint64_t ctx);

// aclrtMemcpy: kind is an aclrtMemcpyKind. Each side must be memory of the kind the copy
// names (in ACL_HOST mode; in ACL_DEVICE mode every pointer is device memory), lie in one
// live block or in memory the process has mapped, and hold `count` bytes. Anything else is
// ACL_ERROR_INVALID_PARAM, never a crash.
int rt_memcpy(uint64_t dst, uint64_t dest_max, uint64_t src, uint64_t count, int kind);

// aclrtMalloc (kind kDevice) and aclrtMallocHost (kHost); aclrtFree / aclrtFreeHost.
Result rt_malloc(uint64_t size, jpege::MemKind kind);
int rt_free(uint64_t ptr, jpege::MemKind kind);

// acl.util.ptr_to_bytes's check: "" when `size` bytes at `ptr` may be read, else why not
// (the message pyACL raises). `max_size` is the most the caller can take at once.
std::string unreadable_reason(uint64_t ptr, uint64_t size, uint64_t max_size);

// framekit.acl's numeric constants, read by the compiler from the C headers (fk_acl.h,
// hi_dvpp_*.h, hi_mpi_*.h), in the order acl.py has always exported them.
struct Constant {
  const char* name;
  int64_t value;
};
std::span<const Constant> constants();

}  // namespace framekit::compat::acl
