// Progressive JPEG (SOF2) with libjpeg's jpeg_simple_progression scan script and optimal
// Huffman tables per scan, as libjpeg always codes progressive files: the bytes of
// TurboJPEG's TJFLAG_PROGRESSIVE. The blocks are transformed and quantised as for
// baseline (in parallel bands) and kept for the whole image; then every scan gathers
// its own symbol statistics and codes with its own tables, one task per scan, and the
// scans are written in script order. Nothing depends on the thread count.
#pragma once

#include <cstddef>
#include <cstdint>

#include "framekit/jpeg/params.h"
#include "jpeg/layout.h"
#include "jpeg/scan.h"
#include "jpeg/sink.h"

namespace framekit::jpeg::detail {

// Writes every scan (its DHT segments, DRI before the first, SOS, coded data) into
// sink; the frame headers up to SOF2 come first, EOI after (the caller's).
void encode_progressive_scans(const Job& job, const EncodeParams& params, int threads, Sink& sink);

// Bytes the scans above can take at most, headers of the scans included.
size_t progressive_scans_bound(const Layout& l, int restart_interval);

}  // namespace framekit::jpeg::detail
