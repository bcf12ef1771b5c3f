// hi_mpi_sys_*, the epoll wrappers, device memory and framekit's fk_* extensions.
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <vector>

#include "compat/compat.h"
#include "framekit/compat/fk_jpege.h"
#include "framekit/compat/hi_mpi_sys.h"
#include "framekit/core/fork_safe.h"
#include "framekit/jpege/device_memory.h"

namespace framekit::compat {
namespace {

using jpege::Module;

struct SysState {
  ProcessMutex mu{ForkOrder::kOuter};  // held while it makes or drops the engine
  std::shared_ptr<jpege::Engine> engine;
  jpege::EngineOptions options;
  std::set<int> epoll_fds;  // epoll instances made by hi_mpi_sys_create_epoll
};

SysState& sys() {
  static SysState* state = new SysState();  // outlives static destruction on purpose
  return *state;
}

thread_local std::string tl_last_error;

void check_epoll_fd(SysState& s, int fd) {
  JPEGE_CHECK(s.epoll_fds.count(fd) != 0, jpege::kErrSysIllegalParam, "epoll fd ", fd,
              " was not created by hi_mpi_sys_create_epoll (or is closed)");
}

uint32_t to_epoll_events(hi_u32 events) {
  uint32_t e = 0;
  if (events & HI_DVPP_EPOLL_IN) e |= EPOLLIN;
  if (events & HI_DVPP_EPOLL_OUT) e |= EPOLLOUT;
  if (events & HI_DVPP_EPOLL_ET) e |= EPOLLET;
  return e;
}

hi_u32 from_epoll_events(uint32_t e) {
  hi_u32 events = 0;
  if (e & (EPOLLIN | EPOLLHUP | EPOLLERR)) events |= HI_DVPP_EPOLL_IN;
  if (e & EPOLLOUT) events |= HI_DVPP_EPOLL_OUT;
  return events;
}

}  // namespace

std::shared_ptr<jpege::Engine> engine() {
  SysState& s = sys();
  std::lock_guard<ProcessMutex> lock(s.mu);
  JPEGE_CHECK(s.engine != nullptr, jpege::kErrVencSysNotReady,
              "the media system is not initialised (call hi_mpi_sys_init first)");
  return s.engine;
}

void set_last_error(std::string message) {
  tl_last_error = std::move(message);
}

}  // namespace framekit::compat

using namespace framekit;
using framekit::compat::guarded;
using framekit::jpege::Module;

extern "C" {

hi_s32 hi_mpi_sys_init(hi_void) {
  return guarded(Module::kSys, [] {
    auto& s = compat::sys();
    std::lock_guard<ProcessMutex> lock(s.mu);
    if (s.engine) return;
    jpege::EngineOptions options = s.options;
    if (const char* env = std::getenv("FRAMEKIT_JPEGE_WORKERS"); env && options.workers == 0) {
      options.workers = std::max(0, std::atoi(env));
    }
    s.engine = std::make_shared<jpege::Engine>(options);
  });
}

hi_s32 hi_mpi_sys_exit(hi_void) {
  return guarded(Module::kSys, [] {
    auto& s = compat::sys();
    std::shared_ptr<jpege::Engine> engine;
    {
      std::lock_guard<ProcessMutex> lock(s.mu);
      JPEGE_CHECK(s.engine != nullptr, jpege::kErrSysNotReady,
                  "hi_mpi_sys_exit: the media system is not initialised");
      engine = std::move(s.engine);
    }
    // Threads blocked on a channel hold the engine; waking them lets it go.
    engine->destroy_all_channels();
  });
}

hi_s32 hi_mpi_sys_create_epoll(hi_s32 size, hi_s32* epoll_fd) {
  return guarded(Module::kSys, [&] {
    JPEGE_CHECK(epoll_fd != nullptr, jpege::kErrSysNullPtr, "create_epoll: epoll_fd is NULL");
    JPEGE_CHECK(size > 0, jpege::kErrSysIllegalParam, "create_epoll: size ", size,
                " (expected > 0)");
    const int fd = ::epoll_create1(EPOLL_CLOEXEC);
    JPEGE_CHECK(fd >= 0, jpege::kErrSysNoMem, "create_epoll: ", std::strerror(errno));
    auto& s = compat::sys();
    std::lock_guard<ProcessMutex> lock(s.mu);
    s.epoll_fds.insert(fd);
    *epoll_fd = fd;
  });
}

hi_s32 hi_mpi_sys_ctl_epoll(hi_s32 epoll_fd, hi_s32 operation, hi_s32 fd,
                            hi_dvpp_epoll_event* event) {
  return guarded(Module::kSys, [&] {
    auto& s = compat::sys();
    {
      std::lock_guard<ProcessMutex> lock(s.mu);
      compat::check_epoll_fd(s, epoll_fd);
    }
    int op = 0;
    switch (operation) {
      case HI_DVPP_EPOLL_CTL_ADD:
        op = EPOLL_CTL_ADD;
        break;
      case HI_DVPP_EPOLL_CTL_MOD:
        op = EPOLL_CTL_MOD;
        break;
      case HI_DVPP_EPOLL_CTL_DEL:
        op = EPOLL_CTL_DEL;
        break;
      default:
        JPEGE_THROW(jpege::kErrSysIllegalParam, "ctl_epoll: operation ", operation,
                    " (expected HI_DVPP_EPOLL_CTL_ADD, _MOD or _DEL)");
    }
    epoll_event ev{};
    if (op != EPOLL_CTL_DEL) {
      JPEGE_CHECK(event != nullptr, jpege::kErrSysNullPtr, "ctl_epoll: event is NULL");
      ev.events = compat::to_epoll_events(event->events);
      ev.data.ptr = event->data;
    }
    if (::epoll_ctl(epoll_fd, op, fd, &ev) != 0) {
      const int err = errno;
      const int32_t code = err == EEXIST   ? jpege::kErrSysExist
                           : err == ENOENT ? jpege::kErrSysUnexist
                                           : jpege::kErrSysIllegalParam;
      JPEGE_THROW(code, "ctl_epoll: fd ", fd, ": ", std::strerror(err));
    }
  });
}

hi_s32 hi_mpi_sys_wait_epoll(hi_s32 epoll_fd, hi_dvpp_epoll_event* events, hi_s32 max_events,
                             hi_s32 timeout, hi_s32* event_num) {
  return guarded(Module::kSys, [&] {
    JPEGE_CHECK(events != nullptr && event_num != nullptr, jpege::kErrSysNullPtr,
                "wait_epoll: events or event_num is NULL");
    JPEGE_CHECK(max_events > 0 && max_events <= 1024, jpege::kErrSysIllegalParam,
                "wait_epoll: max_events ", max_events, " (expected 1 to 1024)");
    JPEGE_CHECK(timeout >= -1, jpege::kErrSysIllegalParam, "wait_epoll: timeout ", timeout,
                " ms (expected -1, 0 or > 0)");
    {
      auto& s = compat::sys();
      std::lock_guard<ProcessMutex> lock(s.mu);
      compat::check_epoll_fd(s, epoll_fd);
    }
    std::vector<epoll_event> got(static_cast<size_t>(max_events));
    int n = 0;
    for (;;) {
      n = ::epoll_wait(epoll_fd, got.data(), max_events, timeout);
      if (n >= 0 || errno != EINTR) break;
    }
    JPEGE_CHECK(n >= 0, jpege::kErrSysIllegalParam, "wait_epoll: ", std::strerror(errno));
    for (int i = 0; i < n; ++i) {
      events[i].events = compat::from_epoll_events(got[static_cast<size_t>(i)].events);
      events[i].data = got[static_cast<size_t>(i)].data.ptr;
    }
    *event_num = n;
  });
}

hi_s32 hi_mpi_sys_close_epoll(hi_s32 epoll_fd) {
  return guarded(Module::kSys, [&] {
    auto& s = compat::sys();
    std::lock_guard<ProcessMutex> lock(s.mu);
    compat::check_epoll_fd(s, epoll_fd);
    s.epoll_fds.erase(epoll_fd);
    ::close(epoll_fd);
  });
}

hi_s32 hi_mpi_dvpp_malloc(hi_u32 dev_id, hi_void** dev_ptr, hi_u64 size) {
  return guarded(Module::kSys, [&] {
    JPEGE_CHECK(dev_ptr != nullptr, jpege::kErrSysNullPtr, "dvpp_malloc: dev_ptr is NULL");
    *dev_ptr = nullptr;
    JPEGE_CHECK(dev_id == 0, jpege::kErrSysIllegalParam, "dvpp_malloc: device ", dev_id,
                " (framekit has one device, 0)");
    JPEGE_CHECK(size <= (hi_u64{1} << 40), jpege::kErrSysNoMem, "dvpp_malloc: ", size,
                " bytes is more than framekit allocates at once");
    *dev_ptr = jpege::device_malloc(static_cast<size_t>(size), jpege::MemKind::kDevice);
  });
}

hi_s32 hi_mpi_dvpp_free(hi_void* dev_ptr) {
  return guarded(Module::kSys, [&] { jpege::device_free(dev_ptr, jpege::MemKind::kDevice); });
}

hi_s32 hi_mpi_dvpp_get_version(hi_s32* major_version, hi_s32* minor_version,
                               hi_s32* patch_version) {
  return guarded(Module::kSys, [&] {
    JPEGE_CHECK(major_version && minor_version && patch_version, jpege::kErrSysNullPtr,
                "dvpp_get_version: a pointer is NULL");
    *major_version = 0;
    *minor_version = 1;
    *patch_version = 0;
  });
}

const char* fk_jpege_last_error(hi_void) {
  return compat::tl_last_error.c_str();
}

hi_s32 fk_jpege_configure(hi_s32 workers, hi_s32 queue_depth) {
  return guarded(Module::kSys, [&] {
    JPEGE_CHECK(workers >= 0 && workers <= 1024 && queue_depth >= 1 && queue_depth <= 4096,
                jpege::kErrSysIllegalParam, "fk_jpege_configure: workers ", workers,
                " (0..1024), queue_depth ", queue_depth, " (1..4096)");
    auto& s = compat::sys();
    std::lock_guard<ProcessMutex> lock(s.mu);
    s.options.workers = workers;
    s.options.queue_depth = queue_depth;
  });
}

hi_u64 fk_dvpp_live_blocks(hi_void) {
  return jpege::live_device_blocks();
}

}  // extern "C"
