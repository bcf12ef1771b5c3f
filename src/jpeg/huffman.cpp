// The Huffman coder (huffman_coder.h), compiled once per target through Highway so BMI2
// targets get shlx/shrx/bzhi, and its kernel table.
#define HWY_TARGET_INCLUDE "jpeg/huffman.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"
#include "jpeg/huffman_coder.h"

FRAMEKIT_SIMD_BEGIN(framekit::jpeg::detail)

void EncodeMcus(BitWriter& w, const McuRun& run, int first, int count, int (&dc_pred)[3],
                const DerivedHuffman* const (&tables)[2]) {
  huffman_coder::EncodeMcus(w, run, first, count, dc_pred, tables);
}

void CountMcus(SymbolCounts (&dc)[2], SymbolCounts (&ac)[2], const McuRun& run, int first,
               int count, int (&dc_pred)[3]) {
  huffman_coder::CountMcus(dc, ac, run, first, count, dc_pred);
}

FRAMEKIT_SIMD_TABLE(HuffmanKernels, &EncodeMcus, &CountMcus)

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::jpeg::detail, HuffmanKernels, huffman_kernels, huffman_scalar_kernels
#include "framekit/core/simd_dispatch-inl.h"
