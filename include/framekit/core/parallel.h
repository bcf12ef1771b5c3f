// The library's one thread runtime: a process-wide pool of worker threads. Kernels
// split work with parallel_for; services that keep work flowing (the JPEGE engine) post
// tasks to it. Nothing else in the library starts a thread.
//
// The runtime survives fork(): a child process starts with no worker threads and grows
// new ones on first use, so a child can convert and encode after its parent did.
#pragma once

#include <cstdint>
#include <functional>

namespace framekit {

// The most threads set_num_threads accepts (the JPEGE engine's worker cap too). The pool's
// threads live until exit, so an unbounded count would pin thousands of idle threads;
// kernels gain nothing beyond the core count anyway.
inline constexpr int kMaxNumThreads = 1024;

// The one thread count of the library: parallel_for uses up to this many threads (the
// caller's included), and the pool holds at most this many worker threads. Default:
// hardware concurrency, or FRAMEKIT_NUM_THREADS when it is a number in
// [1, kMaxNumThreads].
int get_num_threads() noexcept;
// 1 <= n <= kMaxNumThreads; 1 makes every parallel_for run inline on the caller. Throws
// Error (kInvalidArgument) naming n otherwise. Lowering it does not stop threads that
// exist: they idle.
void set_num_threads(int n);

// Calls fn(begin_i, end_i) over disjoint chunks covering [begin, end), each chunk at
// least `grain` long (except the last), on up to get_num_threads() threads; the
// caller's thread takes part. Returns when all chunks are done; the first exception
// thrown by fn is rethrown here after the others finish. Nested calls run inline.
void parallel_for(int64_t begin, int64_t end, int64_t grain,
                  const std::function<void(int64_t, int64_t)>& fn);

// Like parallel_for, but with an explicit chunk count (at most `max_threads` chunks run
// at once; 0 = get_num_threads()). fn(chunk_index) for chunk_index in [0, chunks).
void parallel_chunks(int64_t chunks, const std::function<void(int64_t)>& fn,
                     int max_threads = 0);

// Runs `task` once on one of the pool's threads (the pool grows to get_num_threads()),
// in posting order as threads free up. For services that must not block their caller.
// A task must not wait for a task posted after it, and must not throw (an exception
// escaping a task terminates the process, as from any thread). After fork() the child
// drops the tasks its parent had queued: a service re-posts what it needs (see
// register_fork_hooks).
void post_task(std::function<void()> task);

// The pool's threads waiting for work at this moment: a hint for how many a caller
// could borrow (e.g. with parallel_chunks' max_threads).
int idle_threads() noexcept;

}  // namespace framekit
