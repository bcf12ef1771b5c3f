// The engine's encoding workers: long-lived threads shared by all channels of one
// Engine. This is the only place the engine starts threads. Scheduling is round robin
// over channels with queued frames: a worker takes the channel at the front, encodes ONE
// of its frames, and the channel goes to the back if it has more — so a busy channel
// cannot starve the others, and several workers can encode frames of one channel at once
// (the channel restores send order).
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace framekit::jpege {

class Channel;

class WorkerPool {
 public:
  explicit WorkerPool(int workers);  // workers >= 1
  ~WorkerPool();                     // finishes the frame each worker holds, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const noexcept { return static_cast<int>(threads_.size()); }
  // Puts the channel in the queue unless it is already there.
  void schedule(const std::shared_ptr<Channel>& channel);

 private:
  void run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Channel>> queue_;
  int idle_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace framekit::jpege
