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

// Masks of a quantised block (64 coefficients in zigzag order, 16-byte aligned) for a
// scan with successive approximation `al`: bit k of *nonzero is set when
// |block[k]| >> al != 0, bit k of *ones when it is exactly 1.
using CoefficientMasksFn = void (*)(const int16_t* block, int al, uint64_t* nonzero,
                                    uint64_t* ones);
void coefficient_masks_scalar(const int16_t* block, int al, uint64_t* nonzero, uint64_t* ones);

// As a kernel family: SIMD versions in progressive_simd.cpp (Highway), the scalar twin
// above.
struct ProgressiveKernels {
  const char* target;  // "scalar" or the Highway target (simd_dispatch.h)
  CoefficientMasksFn coefficient_masks;
};
const ProgressiveKernels& progressive_scalar_kernels();
const ProgressiveKernels& progressive_kernels();  // as the SIMD switch says

}  // namespace framekit::jpeg::detail
