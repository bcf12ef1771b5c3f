// The chroma half of the fused 8-bit YUV → YUV matrix change (path
// "fused:yuv8_matrix", color_convert.cpp): new chroma from the source chroma and the
// luma averaged over each chroma block. (The luma half runs on the YUV → RGB kernel
// with the luma row of the map.) SIMD version: yuv_matrix_simd.cpp (Highway, runtime
// dispatch); the scalar twin (yuv_matrix_scalar.cpp) defines the integer maths and
// both agree bit for bit.
#pragma once

#include <cstdint>

#include "color/color_internal.h"

namespace framekit::color_detail {

// out_c = clamp((my[c] · S + mu[c] · U + mv[c] · V + bias[c]) >> 16, 0, 255) in int32,
// c = 0 (U') and 1 (V'), where S is 4 × the luma mean of the chroma block (the sum of
// its 2x2 samples; a block cut by the right edge counts its column twice, and rows
// without vertical subsampling pass the same row twice). my is the luma coefficient
// × 2^14, mu/mv × 2^16, bias the offset × 2^16 plus the rounding half.
struct YuvMatrixChroma {
  int32_t my[2] = {};
  int32_t mu[2] = {};
  int32_t mv[2] = {};
  int32_t bias[2] = {};
};

// From rows 1 and 2 of the raw → raw map of 8-bit YUV → 8-bit YUV. False when the
// coefficients are too large for the int32 sums (the caller uses the general engine).
bool make_yuv_matrix_chroma(const Affine& a, YuvMatrixChroma* k);

// One chroma row: cw outputs. y0/y1: the block's luma rows (y1 == y0 for one row),
// width luma samples, ssx 1 (pairs of luma columns per chroma sample) or 0. u/v: the
// source chroma samples, `sstep` bytes apart (1 planar, 2 interleaved); ou/ov the
// destination's, `dstep` apart.
using YuvMatrixChromaRowFn = void (*)(const uint8_t* y0, const uint8_t* y1, int width, int ssx,
                                      const uint8_t* u, const uint8_t* v, int sstep, uint8_t* ou,
                                      uint8_t* ov, int dstep, int cw, const YuvMatrixChroma& k);

// Outputs [j0, cw) of the scalar twin (the SIMD version's remainder).
void yuv_matrix_chroma_row_from(int j0, const uint8_t* y0, const uint8_t* y1, int width, int ssx,
                                const uint8_t* u, const uint8_t* v, int sstep, uint8_t* ou,
                                uint8_t* ov, int dstep, int cw, const YuvMatrixChroma& k);

struct YuvMatrixKernels {
  const char* target;  // "scalar" or the Highway target (simd_dispatch.h)
  YuvMatrixChromaRowFn chroma_row;
};
const YuvMatrixKernels& yuv_matrix_scalar_kernels();
// The table the process-wide switch selects (framekit/core/simd.h).
const YuvMatrixKernels& yuv_matrix_kernels();

}  // namespace framekit::color_detail
