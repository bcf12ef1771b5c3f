#include "jpege/scheduler.h"

#include <new>
#include <unordered_set>

#include "framekit/core/fork_safe.h"
#include "framekit/core/parallel.h"
#include "jpege/channel.h"

namespace framekit::jpege {

// Every live Scheduler, for the fork hooks: the forking thread holds each scheduler's
// lock across fork(), and the child, which lost the tasks in flight, re-posts work for
// the channels still queued.
struct SchedulerForkHooks {
  std::mutex mu;
  std::unordered_set<Scheduler*> live;

  static SchedulerForkHooks& get() {
    static SchedulerForkHooks* hooks = [] {
      auto* h = new SchedulerForkHooks();  // leaked: used from atfork handlers
      register_fork_hooks(ForkOrder::kService,
                          {[h] { h->prepare(); }, [h] { h->parent(); }, [h] { h->child(); }});
      return h;
    }();
    return *hooks;
  }

  void prepare() {
    mu.lock();
    for (Scheduler* s : live) {
      if (s->owner_mu_ != nullptr) s->owner_mu_->lock();
      s->mu_.lock();
    }
  }
  void parent() {
    for (Scheduler* s : live) {
      s->mu_.unlock();
      if (s->owner_mu_ != nullptr) s->owner_mu_->unlock();
    }
    mu.unlock();
  }
  // A frame a parent's task was encoding at the moment of fork is not encoded in the
  // child (the parent gets it); frames still queued are.
  void child() {
    new (&mu) std::mutex();
    for (Scheduler* s : live) {
      if (s->owner_mu_ != nullptr) new (s->owner_mu_) std::mutex();
      new (&s->mu_) std::mutex();
      new (&s->drained_) std::condition_variable();
      s->in_flight_ = 0;
      const size_t queued = s->queue_.size();
      for (size_t i = 0; i < queued && s->in_flight_ < s->max_concurrent_; ++i) s->post_locked();
    }
  }
};

Scheduler::Scheduler(int max_concurrent, std::mutex* owner_mu)
    : max_concurrent_(max_concurrent < 1 ? 1 : max_concurrent), owner_mu_(owner_mu) {
  auto& hooks = SchedulerForkHooks::get();
  std::lock_guard<std::mutex> lock(hooks.mu);
  hooks.live.insert(this);
}

Scheduler::~Scheduler() {
  {
    auto& hooks = SchedulerForkHooks::get();
    std::lock_guard<std::mutex> lock(hooks.mu);
    hooks.live.erase(this);
  }
  std::unique_lock<std::mutex> lock(mu_);
  stopping_ = true;
  for (auto& ch : queue_) ch->scheduled = false;
  queue_.clear();
  // Posted tasks hold `this`: wait until each has run (a task that finds the queue
  // empty returns at once).
  drained_.wait(lock, [this] { return in_flight_ == 0; });
}

void Scheduler::schedule(const std::shared_ptr<Channel>& channel) {
  std::lock_guard<std::mutex> lock(mu_);
  if (channel->scheduled || stopping_) return;
  channel->scheduled = true;
  queue_.push_back(channel);
  if (in_flight_ < max_concurrent_) post_locked();
}

void Scheduler::post_locked() {
  ++in_flight_;
  post_task([this] { run_task(); });
}

void Scheduler::run_task() {
  std::shared_ptr<Channel> channel;
  int spare = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!queue_.empty()) {
      channel = std::move(queue_.front());
      queue_.pop_front();
      channel->scheduled = false;
      // Idle threads, when nothing else of this engine is queued, may help with this
      // frame's bands (the bytes are the same with any number of them).
      spare = queue_.empty() ? idle_threads() : 0;
    }
  }
  if (channel) {
    channel->run_one(spare);  // schedules the channel again when it has more frames
    channel.reset();
  }
  std::lock_guard<std::mutex> lock(mu_);
  --in_flight_;
  // One task per frame: more queued work gets a fresh task, behind the runtime's other
  // work, so that kernels' parallel_for helpers are not starved by a long queue.
  if (!queue_.empty() && !stopping_ && in_flight_ < max_concurrent_) post_locked();
  if (in_flight_ == 0) drained_.notify_all();
}

}  // namespace framekit::jpege
