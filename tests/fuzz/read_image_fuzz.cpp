// The CLI's file readers (tools/image_io.cpp FrameReader): one binary per kind, picked
// at compile time by FUZZ_READER_EXT (".jpg", ".png", ".ppm", ".y4m", ".yuv"). The input
// is the file's contents; for raw files the first three bytes choose the frame size and
// pixel format (which a raw file cannot carry). FrameReader takes a path and picks the
// reader by extension, so the bytes go to a memfd and a symlink with the right
// extension points at it (/proc/self/fd/N): no file is written per input.
// Every outcome is frames or a framekit::Error; a crash, a sanitizer report, a leak or
// a hang is a bug.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "framekit/core/error.h"
#include "fuzz_input.h"
#include "image_io.h"

#ifndef FUZZ_READER_EXT
#error "define FUZZ_READER_EXT (the file extension that picks the reader)"
#endif

namespace {

// Frames read per input at most: a raw file of 1x1 frames would otherwise take one
// allocation per byte; the readers' per-frame paths are all exercised well before.
constexpr int kMaxFrames = 64;

struct InputFile {
  int fd = -1;
  std::string path;  // a symlink with the reader's extension → /proc/self/fd/<fd>
  InputFile() {
    fd = memfd_create("framekit_fuzz_input", 0);
    if (fd < 0) std::abort();
    char dir[] = "/tmp/framekit_fuzz_XXXXXX";
    if (!mkdtemp(dir)) std::abort();
    path = std::string(dir) + "/input" + FUZZ_READER_EXT;
    const std::string target = "/proc/self/fd/" + std::to_string(fd);
    if (symlink(target.c_str(), path.c_str()) != 0) std::abort();
  }
  ~InputFile() {
    unlink(path.c_str());
    rmdir(path.substr(0, path.rfind('/')).c_str());
    close(fd);
  }
  void set(const uint8_t* data, size_t size) {
    if (ftruncate(fd, 0) != 0) std::abort();
    size_t done = 0;
    while (done < size) {
      const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<size_t>(n);
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace framekit;
  static InputFile* file = new InputFile();  // lives for the process, removed at exit
  static const bool cleanup = [] { return std::atexit([] { delete file; }) == 0; }();
  (void)cleanup;

  std::optional<cli::RawSpec> raw;
  const std::string ext = FUZZ_READER_EXT;
  if (ext == ".yuv") {
    fuzz::FuzzInput in(data, size);
    cli::RawSpec spec;
    spec.width = 1 + static_cast<int>(in.below(48));
    spec.height = 1 + static_cast<int>(in.below(48));
    const PixelFormat format = static_cast<PixelFormat>(in.below(kPixelFormatCount));
    spec.info = PixelInfo(format);
    raw = spec;
    const size_t header = size - in.remaining();
    data += header;
    size -= header;
  }
  file->set(data, size);
  try {
    cli::FrameReader reader(file->path, raw);
    for (int i = 0; i < kMaxFrames; ++i) {
      VideoFrame vf = reader.next();
      if (!vf.defined()) break;
      // Touch every plane row: a frame whose planes are shorter than its size says
      // shows up here under ASan.
      const ImageView v = vf.frame().view();
      uint32_t sum = 0;
      for (int p = 0; p < v.desc().num_planes; ++p) {
        const size_t row = v.desc().plane_row_bytes(p, v.width);
        for (int y = 0; y < v.plane_height(p); ++y) sum += v.planes[p].row(y)[row - 1];
      }
      if (sum == 0xFFFFFFFFu) std::fputs("", stderr);  // keep the reads
    }
  } catch (const Error& e) {
    // A refused file: fine, as long as it was refused before exhausting memory (the
    // readers must check sizes against limits and the file, not try the allocation).
    if (e.code() == ErrorCode::kOutOfMemory) {
      std::fprintf(stderr, "reader ran out of memory on a %zu-byte file: %s\n", size, e.what());
      std::abort();
    }
  }
  return 0;
}
