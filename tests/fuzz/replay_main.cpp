// main() for builds without libFuzzer (gcc, the release preset): runs the target once
// on each file named on the command line (directories: on each file in them), so the
// committed regression inputs replay in every test run. With libFuzzer the target
// binary does the same when given files.
//
// libFuzzer's limits hold here too, so an input that made the fuzzer report
// out-of-memory or a timeout fails in these builds as well: 60 s per input, and no
// allocation above 4 GB (address-space limit; under ASan, which reserves terabytes of
// address space for its shadow, the allocator's own limit).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

#if defined(__SANITIZE_ADDRESS__)
#define FRAMEKIT_REPLAY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FRAMEKIT_REPLAY_ASAN 1
#endif
#endif

#ifdef FRAMEKIT_REPLAY_ASAN
extern "C" const char* __asan_default_options() {
  return "max_allocation_size_mb=4096";
}
#endif

namespace {

void run_file(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(f)),
                                std::istreambuf_iterator<char>());
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
  // A copy of exactly the file's size, so reads past the input are caught too.
  std::vector<uint8_t> data(bytes.begin(), bytes.end());
  alarm(60);
  LLVMFuzzerTestOneInput(data.data(), data.size());
  alarm(0);
}

}  // namespace

int main(int argc, char** argv) {
#ifndef FRAMEKIT_REPLAY_ASAN
  const rlimit as{4ull << 30, 4ull << 30};
  setrlimit(RLIMIT_AS, &as);
#endif
  std::signal(SIGALRM, [](int) {
    static const char msg[] = "replay: timeout (60 s on one input)\n";
    [[maybe_unused]] ssize_t n = write(2, msg, sizeof msg - 1);
    _exit(70);
  });
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  int files = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      std::vector<std::filesystem::path> entries;
      for (const auto& e : std::filesystem::directory_iterator(arg))
        if (e.is_regular_file()) entries.push_back(e.path());
      std::sort(entries.begin(), entries.end());
      for (const auto& e : entries) run_file(e), ++files;
    } else {
      run_file(arg), ++files;
    }
  }
  std::fprintf(stderr, "replay: %d inputs, no failure\n", files);
  return 0;
}
