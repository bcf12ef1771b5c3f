// The thread runtime after fork(): a child has only the forking thread, so the pool must
// grow new workers there, and no lock may be inherited locked. Each test runs the child
// with a time limit (testing/fork_child.h): before the runtime was fork-safe, these
// children hung.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "framekit/core/fork_safe.h"
#include "framekit/core/parallel.h"
#include "testing/fork_child.h"

namespace framekit {
namespace {

using testing::run_in_child;

struct ThreadsGuard {
  int saved = get_num_threads();
  explicit ThreadsGuard(int n) { set_num_threads(n); }
  ~ThreadsGuard() { set_num_threads(saved); }
};

// Sum of i over [0, n) by parallel_for, and how many distinct threads took part.
std::pair<int64_t, size_t> parallel_sum(int64_t n) {
  std::mutex mu;
  std::set<std::thread::id> threads;
  std::atomic<int64_t> sum{0};
  parallel_for(0, n, 1, [&](int64_t b, int64_t e) {
    int64_t s = 0;
    for (int64_t i = b; i < e; ++i) s += i;
    sum += s;
    // Long enough that the helpers get chunks before the caller drains them all.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::lock_guard<std::mutex> lock(mu);
    threads.insert(std::this_thread::get_id());
  });
  return {sum.load(), threads.size()};
}

std::vector<uint8_t> pack(int64_t a, int64_t b) {
  std::vector<uint8_t> out(16);
  std::memcpy(out.data(), &a, 8);
  std::memcpy(out.data() + 8, &b, 8);
  return out;
}

std::pair<int64_t, int64_t> unpack(const std::vector<uint8_t>& v) {
  int64_t a = -1, b = -1;
  if (v.size() == 16) {
    std::memcpy(&a, v.data(), 8);
    std::memcpy(&b, v.data() + 8, 8);
  }
  return {a, b};
}

TEST(ParallelFork, ChildRunsParallelForOnNewWorkers) {
  ThreadsGuard threads(4);
  const auto parent = parallel_sum(64);  // the parent's pool now has workers
  EXPECT_EQ(parent.first, 64 * 63 / 2);
  EXPECT_GE(parent.second, 2u);
  const auto r = run_in_child([] {
    const auto child = parallel_sum(64);
    return pack(child.first, static_cast<int64_t>(child.second));
  });
  ASSERT_TRUE(r.finished) << r.problem;
  ASSERT_EQ(r.exit_code, 0) << r.problem;
  const auto [sum, distinct] = unpack(r.output);
  EXPECT_EQ(sum, 64 * 63 / 2);
  // The child's pool grew threads of its own, rather than running all inline.
  EXPECT_GE(distinct, 2);
}

TEST(ParallelFork, PostedTaskRunsInChild) {
  std::promise<void> parent_done;
  post_task([&] { parent_done.set_value(); });
  ASSERT_EQ(parent_done.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
  const auto r = run_in_child([] {
    std::promise<int64_t> p;
    post_task([&] { p.set_value(42); });
    auto f = p.get_future();
    if (f.wait_for(std::chrono::seconds(20)) != std::future_status::ready) return pack(-2, 0);
    return pack(f.get(), 0);
  });
  ASSERT_TRUE(r.finished) << r.problem;
  ASSERT_EQ(r.exit_code, 0) << r.problem;
  EXPECT_EQ(unpack(r.output).first, 42);
}

// Other threads keep the pool's queue and lock busy while the main thread forks: each
// child must still find the runtime usable.
TEST(ParallelFork, ForkWhileOtherThreadsUseThePool) {
  ThreadsGuard threads(4);
  std::atomic<bool> stop{false};
  std::vector<std::thread> busy;
  for (int t = 0; t < 2; ++t) {
    busy.emplace_back([&] {
      while (!stop) {
        parallel_for(0, 256, 1, [](int64_t, int64_t) {});
        std::promise<void> p;
        post_task([&] { p.set_value(); });
        p.get_future().wait();
      }
    });
  }
  for (int i = 0; i < 10; ++i) {
    const auto r = run_in_child([] {
      const auto child = parallel_sum(32);
      std::promise<int64_t> p;
      post_task([&] { p.set_value(7); });
      return pack(child.first, p.get_future().get());
    }, 30000);
    EXPECT_TRUE(r.finished && r.exit_code == 0) << "fork " << i << ": " << r.problem;
    EXPECT_EQ(unpack(r.output), std::make_pair(int64_t{32 * 31 / 2}, int64_t{7})) << "fork " << i;
  }
  stop = true;
  for (auto& t : busy) t.join();
}

// A ProcessMutex held by another thread when fork() is called: the fork waits for it,
// and the child gets it free. (A plain std::mutex would stay locked in the child.)
TEST(ParallelFork, ProcessMutexIsNeverInheritedLocked) {
  static ProcessMutex& mu = *new ProcessMutex();
  std::mutex m;
  std::condition_variable cv;
  bool locked = false;
  std::thread holder([&] {
    std::lock_guard<ProcessMutex> hold(mu);
    {
      std::lock_guard<std::mutex> lock(m);
      locked = true;
    }
    cv.notify_all();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  });
  {
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return locked; });
  }
  const auto r = run_in_child([] {
    const bool got = mu.try_lock();
    if (got) mu.unlock();
    return pack(got ? 1 : 0, 0);
  }, 20000);
  holder.join();
  ASSERT_TRUE(r.finished) << r.problem;
  EXPECT_EQ(unpack(r.output).first, 1);
}

}  // namespace
}  // namespace framekit
