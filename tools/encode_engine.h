// framekit encode --channels N: the pictures of every input spread over N channels of
// the JPEGE engine that share its workers, with a progress bar and a throughput summary.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "framekit/jpeg/params.h"
#include "image_io.h"

namespace framekit::cli {

// One picture for the engine: its frame (kept alive until written) and its file.
struct EnginePicture {
  VideoFrame frame;
  std::string path;
};

struct EngineEncodeJob {
  // Gives the next picture and its output path (checked by the caller's OutputPlan);
  // false at the end. What it throws stops the run and is reported.
  std::function<bool(EnginePicture&)> next;
  size_t input_count = 0;  // for the summary
  // Every channel's parameters (threads is not used: the engine lends idle workers to
  // big pictures, with the same bytes).
  jpeg::EncodeParams params;
  int channels = 0;  // 0 = one per worker
  int workers = 0;   // 0 = one per core
  bool raw_samples = false;
  bool progress = true;
};

// Returns the process exit code; throws framekit::Error for bad arguments or files.
// After the first failed write nothing more is sent or written; the error is printed and
// 1 returned, and the summary counts exactly the files written.
int run_engine_encode(const EngineEncodeJob& job);

}  // namespace framekit::cli
