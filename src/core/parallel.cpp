#include "framekit/core/parallel.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <mutex>
#include <new>
#include <pthread.h>
#include <system_error>
#include <thread>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/core/fork_safe.h"

namespace framekit {
namespace {

thread_local bool tl_in_parallel_region = false;

// Before a thread sleeps on a condition variable for work (a worker) or for the end of a
// job (the caller), it spins this long: waking a sleeping thread takes the kernel tens of
// microseconds, as long as a whole band of a 1080p conversion, and back-to-back frames
// find the workers still awake. Bounded, so an idle pool costs no CPU.
constexpr std::chrono::microseconds kSpinBeforeSleep{50};

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Spins until ready() or kSpinBeforeSleep has passed; returns ready().
template <class Ready>
bool spin_until(Ready ready) {
  const auto until = std::chrono::steady_clock::now() + kSpinBeforeSleep;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (ready()) return true;
      cpu_relax();
    }
    if (std::chrono::steady_clock::now() >= until) return ready();
  }
}

int threads_from_environment() {
  int n = static_cast<int>(std::thread::hardware_concurrency());
  if (const char* env = std::getenv("FRAMEKIT_NUM_THREADS")) {
    // A value that is not a number in range is ignored (a constructor of a static
    // cannot report it); set_num_threads reports the same values as errors.
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(env, &end, 10);
    if (errno == 0 && end != env && *end == '\0' && v >= 1 && v <= kMaxNumThreads) {
      n = static_cast<int>(v);
    }
  }
  return std::clamp(n, 1, kMaxNumThreads);
}

// Services' fork hooks (register_fork_hooks), called by the pool's own atfork handlers.
// Kept sorted by order (stable: registration order within one order).
struct ForkHookList {
  std::mutex mu;
  std::vector<std::pair<ForkOrder, ForkHooks>> hooks;
};
ForkHookList& fork_hook_list() {
  static ForkHookList* list = new ForkHookList();  // leaked: used from atfork handlers
  return *list;
}

// A pool of workers that pull tasks from one queue. It grows on demand up to the
// configured size; its threads live until process exit, or until fork() in the child,
// which starts with none (threads are not inherited) and grows new ones on demand.
class ThreadPool {
 public:
  static ThreadPool& instance() {
    static ThreadPool* pool = new ThreadPool();  // leaked: workers may outlive statics
    return *pool;
  }

  int num_threads() const noexcept { return num_threads_.load(std::memory_order_relaxed); }
  void set_num_threads(int n) { num_threads_.store(n, std::memory_order_relaxed); }
  int idle() const noexcept { return idle_.load(std::memory_order_relaxed); }

  // Grows the pool to at least n workers (never past num_threads()). When the system
  // refuses a thread, the work runs on the workers there are; returns how many exist.
  int ensure_workers(int n) {
    n = std::min(n, num_threads());
    std::lock_guard<std::mutex> lock(mu_);
    while (live_ < n) {
      try {
        std::thread([this] { worker_loop(); }).detach();
      } catch (const std::system_error&) {
        break;
      }
      ++live_;
    }
    return live_;
  }

  void submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back(std::move(task));
      pending_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_one();
  }

 private:
  ThreadPool() : num_threads_(threads_from_environment()) {
    pthread_atfork(&ThreadPool::before_fork, &ThreadPool::after_fork_in_parent,
                   &ThreadPool::after_fork_in_child);
  }

  void worker_loop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      idle_.fetch_add(1, std::memory_order_relaxed);
      if (tasks_.empty()) {
        lock.unlock();
        spin_until([this] { return pending_.load(std::memory_order_acquire) > 0; });
        lock.lock();
        cv_.wait(lock, [this] { return !tasks_.empty(); });
      }
      idle_.fetch_sub(1, std::memory_order_relaxed);
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      pending_.fetch_sub(1, std::memory_order_relaxed);
      lock.unlock();
      task();
      task = nullptr;  // what it holds is released outside the lock
      lock.lock();
    }
  }

  // fork(): no thread may hold a lock of the runtime or of a service across it, or the
  // child (which has only the forking thread) would wait for it forever. So the forking
  // thread takes every such lock first, in the order the library nests them (fork_safe.h),
  // the pool's last.
  static void before_fork() {
    auto& list = fork_hook_list();
    list.mu.lock();
    for (auto& h : list.hooks) h.second.prepare();
    instance().mu_.lock();
  }
  static void after_fork_in_parent() {
    auto& list = fork_hook_list();
    instance().mu_.unlock();
    for (auto it = list.hooks.rbegin(); it != list.hooks.rend(); ++it) it->second.parent();
    list.mu.unlock();
  }
  // The child has no workers: its queue's tasks belonged to the parent's callers and
  // services (a service's child hook re-posts what the child needs). Locks are made anew
  // rather than unlocked: the forking thread's identity is not the child's.
  static void after_fork_in_child() {
    ThreadPool& pool = instance();
    new (&pool.mu_) std::mutex();
    new (&pool.cv_) std::condition_variable();
    pool.tasks_.clear();
    pool.pending_.store(0, std::memory_order_relaxed);
    pool.live_ = 0;
    pool.idle_.store(0, std::memory_order_relaxed);
    auto& list = fork_hook_list();
    new (&list.mu) std::mutex();
    for (auto it = list.hooks.rbegin(); it != list.hooks.rend(); ++it) it->second.child();
  }

  std::atomic<int> num_threads_;
  std::atomic<int> idle_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  std::atomic<int> pending_{0};  // tasks_.size(), for workers spinning without the lock
  int live_ = 0;  // worker threads started (guarded by mu_)
};

struct ChunkJob {
  const std::function<void(int64_t)>* fn;
  int64_t chunks;
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> done{0};
  std::mutex mu;
  std::condition_variable cv;
  std::exception_ptr error;

  // Claims chunks until none are left.
  void drain() {
    const bool was_in_region = tl_in_parallel_region;
    tl_in_parallel_region = true;
    for (;;) {
      const int64_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= chunks) break;
      try {
        (*fn)(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        if (!error) error = std::current_exception();
      }
      if (done.fetch_add(1, std::memory_order_acq_rel) + 1 == chunks) {
        std::lock_guard<std::mutex> lock(mu);
        cv.notify_all();
      }
    }
    tl_in_parallel_region = was_in_region;
  }
};

}  // namespace

int get_num_threads() noexcept { return ThreadPool::instance().num_threads(); }

void set_num_threads(int n) {
  FK_CHECK_ARG(n >= 1 && n <= kMaxNumThreads, "set_num_threads: ", n,
               " threads requested (expected 1 to ", kMaxNumThreads, ")");
  ThreadPool::instance().set_num_threads(n);
}

void parallel_chunks(int64_t chunks, const std::function<void(int64_t)>& fn, int max_threads) {
  if (chunks <= 0) return;
  auto& pool = ThreadPool::instance();
  int threads = max_threads > 0 ? std::min(max_threads, pool.num_threads()) : pool.num_threads();
  threads = static_cast<int>(std::min<int64_t>(threads, chunks));
  if (threads <= 1 || tl_in_parallel_region) {
    for (int64_t i = 0; i < chunks; ++i) fn(i);
    return;
  }
  auto job = std::make_shared<ChunkJob>();
  job->fn = &fn;
  job->chunks = chunks;
  const int helpers = std::min(threads - 1, pool.ensure_workers(threads - 1));
  for (int t = 0; t < helpers; ++t) pool.submit([job] { job->drain(); });
  job->drain();
  if (!spin_until([&] { return job->done.load(std::memory_order_acquire) >= chunks; })) {
    std::unique_lock<std::mutex> lock(job->mu);
    job->cv.wait(lock, [&] { return job->done.load(std::memory_order_acquire) >= chunks; });
  }
  if (job->error) std::rethrow_exception(job->error);
}

void parallel_for(int64_t begin, int64_t end, int64_t grain,
                  const std::function<void(int64_t, int64_t)>& fn) {
  if (end <= begin) return;
  grain = std::max<int64_t>(grain, 1);
  const int64_t n = end - begin;
  const int64_t max_chunks = (n + grain - 1) / grain;
  // A few chunks per thread balances uneven rows without much scheduling overhead.
  const int64_t chunks = std::min<int64_t>(max_chunks, int64_t{get_num_threads()} * 4);
  if (chunks <= 1) {
    fn(begin, end);
    return;
  }
  const int64_t per = (n + chunks - 1) / chunks;
  parallel_chunks(chunks, [&](int64_t c) {
    const int64_t b = begin + c * per;
    const int64_t e = std::min(end, b + per);
    if (b < e) fn(b, e);
  });
}

void post_task(std::function<void()> task) {
  auto& pool = ThreadPool::instance();
  if (pool.ensure_workers(pool.num_threads()) == 0) {
    task();  // the system gives no thread at all: late is better than never
    return;
  }
  pool.submit(std::move(task));
}

int idle_threads() noexcept { return ThreadPool::instance().idle(); }

void register_fork_hooks(ForkOrder order, ForkHooks hooks) {
  FK_CHECK_ARG(hooks.prepare && hooks.parent && hooks.child,
               "register_fork_hooks: all three hooks are needed");
  ThreadPool::instance();  // its atfork handlers call the hooks
  auto& list = fork_hook_list();
  std::lock_guard<std::mutex> lock(list.mu);
  auto at = std::upper_bound(list.hooks.begin(), list.hooks.end(), order,
                             [](ForkOrder o, const auto& entry) { return o < entry.first; });
  list.hooks.insert(at, {order, std::move(hooks)});
}

ProcessMutex::ProcessMutex(ForkOrder order) {
  register_fork_hooks(order, {[this] { mu_.lock(); }, [this] { mu_.unlock(); },
                              [this] { new (&mu_) std::mutex(); }});
}

}  // namespace framekit
