// Keeping the library usable in a child process after fork().
//
// A child has only the thread that called fork(). Any lock another thread of the parent
// held at that moment stays locked in the child forever, and state that threads kept
// (tasks in flight) is gone. So every lock of process-lifetime state is held by the
// forking thread across fork() and made anew in the child, and services rebuild what
// their threads kept. The thread runtime (parallel.h) does this for itself; the rest of
// the library does it through these hooks.
#pragma once

#include <functional>
#include <mutex>

namespace framekit {

// In which order the forking thread takes locks: the order in which the library nests
// them, outermost first (a lock may be taken while one of a lower order is held, never
// the reverse). The runtime's own lock is taken last of all.
enum class ForkOrder : int {
  kOuter = 0,    // the C ABI's system state, held while it makes engines
  kService = 1,  // engines and their schedulers, held while they post tasks
  kLeaf = 2,     // caches and registries, which hold nothing else
};

// `prepare` runs in the forking thread before fork() and takes the locks; `parent`
// releases them after it; `child` runs in the child, with no other thread alive and the
// runtime usable again, and rebuilds the state (new locks, work re-posted). Prepare hooks
// run by ascending order, then registration order; parent and child hooks in the exact
// reverse. Hooks are never removed: register them once per kind of state, for state that
// lives until exit (or that the hooks find through a registry of live objects).
struct ForkHooks {
  std::function<void()> prepare;
  std::function<void()> parent;
  std::function<void()> child;
};
void register_fork_hooks(ForkOrder order, ForkHooks hooks);

// A mutex for process-lifetime state (a cache, a registry): held by the forking thread
// across fork() and new in the child, so the child never finds it locked. Create it
// once and never destroy it (a function-local static reference to a leaked object).
class ProcessMutex {
 public:
  explicit ProcessMutex(ForkOrder order = ForkOrder::kLeaf);
  ProcessMutex(const ProcessMutex&) = delete;
  ProcessMutex& operator=(const ProcessMutex&) = delete;

  void lock() { mu_.lock(); }
  void unlock() { mu_.unlock(); }
  bool try_lock() { return mu_.try_lock(); }

 private:
  std::mutex mu_;
};

}  // namespace framekit
