// framekit encode through the JPEGE engine: many inputs (raw YUV/RGB files with several
// frames, Y4M video = one JPEG per frame, PPM/PNG), spread over N channels that share
// the engine's workers, with a progress bar and a throughput summary.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "image_io.h"

namespace framekit::cli {

struct EngineEncodeJob {
  std::vector<std::string> inputs;
  std::optional<RawSpec> raw;  // size/format for raw inputs
  std::string output;          // a file (one picture), a printf pattern, or a directory
  int quality = 75;
  int restart = 0;
  int channels = 0;  // 0 = one per worker
  int workers = 0;   // 0 = one per core
  bool raw_samples = false;
  bool progress = true;
};

// Returns the process exit code; throws framekit::Error for bad arguments or files.
int run_engine_encode(const EngineEncodeJob& job);

}  // namespace framekit::cli
