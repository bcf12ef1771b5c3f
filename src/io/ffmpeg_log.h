// FFmpeg's log (av_log) through framekit: the VideoReader installs one process-wide
// callback that prints only what the chosen level lets through (none by default) and
// hands the errors a reader's own calls cause to that reader.
#pragma once

#include <string>
#include <vector>

namespace framekit::io::ffmpeg_log {

// Installs the callback once per process (later calls do nothing), reading
// FRAMEKIT_FFMPEG_LOG the first time.
void install();

// Collects FFmpeg's messages at AV_LOG_ERROR or worse that the constructing thread
// causes while the scope lives (FFmpeg logs from the calling thread; what decoder
// worker threads log is not attributed to a reader). Scopes nest: the innermost
// collects.
class Capture {
 public:
  explicit Capture(std::vector<std::string>& sink) noexcept;
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

 private:
  std::vector<std::string>* previous_;
};

}  // namespace framekit::io::ffmpeg_log
