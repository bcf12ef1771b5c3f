// The scan: MCU rows cut into chunks of kChunkMcus MCUs. Each chunk is transformed
// (all its blocks, straight from the source planes or from the converted MCU row) and
// then Huffman-coded while its blocks are still in L1.
#pragma once

#include <cstdint>

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
// Symbol statistics of MCUs [begin, end), with the same DC resets as encode_range.
void count_range(const Job& job, int64_t begin, int64_t end, SymbolCounts (&dc)[2],
                 SymbolCounts (&ac)[2]);

}  // namespace framekit::jpeg::detail
