// Schedules one Engine's encoding work on the library's thread runtime (core/parallel.h).
// The engine has no threads of its own. Scheduling is round robin over channels with
// queued frames: a task takes the channel at the front, encodes ONE of its frames, and
// the channel goes to the back if it has more — so a busy channel cannot starve the
// others, and several tasks can encode frames of one channel at once (the channel
// restores send order). At most `max_concurrent` tasks of one engine are in flight.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

namespace framekit::jpege {

class Channel;

class Scheduler {
 public:
  // max_concurrent >= 1. `owner_mu`, when given, is the owner's lock that is held while
  // calling into the scheduler (never the other way round): it is held across fork() too.
  explicit Scheduler(int max_concurrent, std::mutex* owner_mu = nullptr);
  ~Scheduler();  // drops queued channels, waits for the frames being encoded
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  int max_concurrent() const noexcept { return max_concurrent_; }
  // Puts the channel in the queue unless it is already there.
  void schedule(const std::shared_ptr<Channel>& channel);

 private:
  friend struct SchedulerForkHooks;
  void post_locked();  // posts one task; mu_ held
  void run_task();

  const int max_concurrent_;
  std::mutex* const owner_mu_;
  std::mutex mu_;
  std::condition_variable drained_;
  std::deque<std::shared_ptr<Channel>> queue_;
  int in_flight_ = 0;  // tasks posted and not finished
  bool stopping_ = false;
};

}  // namespace framekit::jpege
