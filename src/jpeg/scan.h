// The scan: MCU rows cut into chunks of kChunkMcus MCUs. Each chunk is transformed
// (all its blocks, straight from the source planes or from the converted MCU row) and
// then Huffman-coded while its blocks are still in L1.
#pragma once

#include <cstdint>
#include <functional>

#include "framekit/pixel/image_view.h"
#include "jpeg/kernels.h"
#include "jpeg/layout.h"
#include "jpeg/sink.h"
#include "jpeg/tables.h"

namespace framekit::jpeg::detail {

// MCUs transformed before they are coded: small enough that a chunk's blocks (8 MCUs
// of 4:2:0 = 48 blocks = 15 KiB) stay in L1.
inline constexpr int kChunkMcus = 8;

// Everything one encode call needs, shared read-only by its tasks.
struct Job {
  const ImageView* src = nullptr;
  Layout layout;
  const QuantDivisors* divisors[3] = {};
  const DerivedHuffman* tables[2] = {};
  int restart_interval = 0;
};

// Codes MCUs [begin, end) into sink: RSTn before every restart boundary after the
// scan's first MCU, and the final byte padded.
void encode_range(const Job& job, int64_t begin, int64_t end, Sink& sink);
// Symbol statistics of MCUs [begin, end), with the same DC resets as encode_range,
// starting from the DC predictors start_pred.
void count_range(const Job& job, int64_t begin, int64_t end, SymbolCounts (&dc)[2],
                 SymbolCounts (&ac)[2], const int (&start_pred)[3]);

// The DC predictors in force after MCU `mcu` (each component's last DC in it), found by
// transforming that one MCU: a band can start coding without waiting for the one before.
void dc_after_mcu(const Job& job, int64_t mcu, int (&pred)[3]);

// What a band of a marker-free scan leaves uncoded: its last < 8 bits (the low
// pending_bits bits of pending), to be joined at bit level with the next band.
struct BandBits {
  uint32_t pending = 0;
  int pending_bits = 0;
};
// Codes MCUs [begin, end) of a scan without restart markers from the DC predictors
// start_pred into sink (whole bytes, stuffed), returning the bits left over.
BandBits encode_band(const Job& job, int64_t begin, int64_t end, const int (&start_pred)[3],
                     Sink& sink);

// Transforms MCUs [begin, end) chunk by chunk, dummy blocks included, and hands each
// chunk's blocks to `visit` (the chunk's first MCU, its MCU count, its blocks as
// run.blocks[c][yy][m * h + xx] for m < count): the progressive encoder keeps them.
void transform_range(const Job& job, int64_t begin, int64_t end,
                     const std::function<void(int64_t first, int count, const McuRun& run)>& visit);

}  // namespace framekit::jpeg::detail
