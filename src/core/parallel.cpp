#include "framekit/core/parallel.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "framekit/core/error.h"

namespace framekit {
namespace {

thread_local bool tl_in_parallel_region = false;

// A fixed pool of workers that pull tasks from one queue. The pool grows on demand
// up to the configured size and lives until process exit.
class ThreadPool {
 public:
  static ThreadPool& instance() {
    static ThreadPool* pool = new ThreadPool();  // leaked: workers may outlive statics
    return *pool;
  }

  int num_threads() const noexcept { return num_threads_.load(std::memory_order_relaxed); }
  void set_num_threads(int n) { num_threads_.store(n, std::memory_order_relaxed); }

  // Ensures at least n - 1 workers exist (the caller is the n-th). When the system
  // refuses a thread, the work runs on the workers there are: the caller drains every
  // chunk itself if need be, so fewer threads are slower, never wrong.
  void ensure_workers(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    while (static_cast<int>(workers_.size()) < n - 1) {
      try {
        workers_.emplace_back([this] { worker_loop(); });
      } catch (const std::system_error&) {
        return;
      }
      workers_.back().detach();
    }
  }

  void submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back(std::move(task));
    }
    cv_.notify_one();
  }

 private:
  ThreadPool() {
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
    num_threads_ = std::clamp(n, 1, kMaxNumThreads);
  }

  void worker_loop() {
    tl_in_parallel_region = true;
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return !tasks_.empty(); });
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::atomic<int> num_threads_{1};
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
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
  pool.ensure_workers(threads);
  for (int t = 0; t < threads - 1; ++t) pool.submit([job] { job->drain(); });
  job->drain();
  {
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

}  // namespace framekit
