#include "jpege/worker_pool.h"

#include <algorithm>

#include "jpege/channel.h"

namespace framekit::jpege {

WorkerPool::WorkerPool(int workers) {
  workers = std::max(1, workers);
  threads_.reserve(static_cast<size_t>(workers));
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerPool::schedule(const std::shared_ptr<Channel>& channel) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (channel->scheduled || stopping_) return;
    channel->scheduled = true;
    queue_.push_back(channel);
  }
  cv_.notify_one();
}

void WorkerPool::run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    ++idle_;
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    --idle_;
    if (stopping_) return;
    std::shared_ptr<Channel> channel = std::move(queue_.front());
    queue_.pop_front();
    channel->scheduled = false;
    // Idle workers with nothing else queued may help with this frame's restart segments.
    const int spare = queue_.empty() ? idle_ : 0;
    lock.unlock();
    channel->run_one(spare);
    channel.reset();
    lock.lock();
  }
}

}  // namespace framekit::jpege
