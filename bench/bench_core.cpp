// Core overheads: tensor allocation and copies, and the parallel runtime's dispatch.
#include <benchmark/benchmark.h>

#include "framekit/core/parallel.h"
#include "framekit/core/tensor.h"

namespace {

void BM_TensorEmpty1080p(benchmark::State& state) {
  for (auto _ : state) {
    auto t = framekit::Tensor::empty({1080, 1920, 3});
    benchmark::DoNotOptimize(t.unsafe_data());
  }
}
BENCHMARK(BM_TensorEmpty1080p);

void BM_TensorClone1080p(benchmark::State& state) {
  auto t = framekit::Tensor::zeros({1080, 1920, 3});
  for (auto _ : state) {
    auto c = t.clone();
    benchmark::DoNotOptimize(c.unsafe_data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(t.nbytes()));
}
BENCHMARK(BM_TensorClone1080p);

void BM_ParallelForDispatch(benchmark::State& state) {
  for (auto _ : state) {
    framekit::parallel_for(0, 1024, 1, [](int64_t b, int64_t e) { benchmark::DoNotOptimize(b + e); });
  }
}
BENCHMARK(BM_ParallelForDispatch);

}  // namespace

BENCHMARK_MAIN();
