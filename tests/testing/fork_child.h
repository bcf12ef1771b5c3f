// Runs a function in a forked child and brings back the bytes it produced, with a time
// limit: a child that hangs (a lock its parent's threads held, a thread pool that waits
// for workers the child does not have) is killed and reported, never waited for.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace framekit::testing {

struct ChildResult {
  bool finished = false;  // exited by itself within the time limit
  int exit_code = -1;     // its exit status when it exited normally
  std::vector<uint8_t> output;
  std::string problem;  // why not finished / not exit 0, for the test's message
};

// fn runs in the child and returns the bytes to send back (an exception is exit code 3).
// The child leaves with _exit: no static destructors, no atexit handlers of the parent's
// test framework.
inline ChildResult run_in_child(const std::function<std::vector<uint8_t>()>& fn,
                                int timeout_ms = 60000) {
  ChildResult r;
  int fds[2];
  if (::pipe(fds) != 0) {
    r.problem = "pipe() failed";
    return r;
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    r.problem = "fork() failed";
    return r;
  }
  if (pid == 0) {
    ::close(fds[0]);
    int code = 0;
    try {
      const std::vector<uint8_t> out = fn();
      size_t done = 0;
      while (done < out.size()) {
        const ssize_t n = ::write(fds[1], out.data() + done, out.size() - done);
        if (n <= 0) _exit(4);
        done += static_cast<size_t>(n);
      }
    } catch (...) {
      code = 3;
    }
    ::close(fds[1]);
    _exit(code);
  }
  ::close(fds[1]);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  uint8_t buf[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;  // EOF: the child closed its end (it is exiting)
    r.output.insert(r.output.end(), buf, buf + n);
  }
  ::close(fds[0]);
  int status = 0;
  for (;;) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      r.problem = "the child did not finish within " + std::to_string(timeout_ms) + " ms (hung)";
      return r;
    }
    ::usleep(2000);
  }
  r.finished = true;
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
    if (r.exit_code != 0) r.problem = "the child exited with " + std::to_string(r.exit_code);
  } else {
    r.problem = "the child died of signal " + std::to_string(WTERMSIG(status));
  }
  return r;
}

}  // namespace framekit::testing
