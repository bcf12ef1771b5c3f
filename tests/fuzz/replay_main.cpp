// main() for builds without libFuzzer (gcc, the release preset): runs the target once
// on each file named on the command line (directories: on each file in them), so the
// committed regression inputs replay in every test run. With libFuzzer the target
// binary does the same when given files.
//
// libFuzzer's limits hold here too, so an input that made the fuzzer report
// out-of-memory or a timeout fails without sanitizers as well: 4 GB of address space
// (an allocation beyond it throws) and 60 s per input.
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

namespace {

void run_file(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
  // A copy of exactly the file's size, so reads past the input are caught too.
  std::vector<uint8_t> data(bytes.begin(), bytes.end());
  alarm(60);
  LLVMFuzzerTestOneInput(data.data(), data.size());
  alarm(0);
}

}  // namespace

int main(int argc, char** argv) {
  const rlimit as{4ull << 30, 4ull << 30};
  setrlimit(RLIMIT_AS, &as);
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
