// The library's one parallel runtime: a process-wide pool of worker threads. Kernels
// split work with parallel_for; they never start threads of their own.
#pragma once

#include <cstdint>
#include <functional>

namespace framekit {

// The most threads set_num_threads accepts (the JPEGE engine's worker cap too). The pool's
// threads live until exit, so an unbounded count would pin thousands of idle threads;
// kernels gain nothing beyond the core count anyway.
inline constexpr int kMaxNumThreads = 1024;

// Threads used by parallel_for (default: hardware concurrency, or FRAMEKIT_NUM_THREADS
// when it is a number in [1, kMaxNumThreads]).
int get_num_threads() noexcept;
// 1 <= n <= kMaxNumThreads; 1 makes every parallel_for run inline on the caller. Throws
// Error (kInvalidArgument) naming n otherwise.
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

}  // namespace framekit
