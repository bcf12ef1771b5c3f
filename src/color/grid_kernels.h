// Row kernels of the chroma-grid path ("repack:chroma", color_grid.cpp): resampling
// one 8-bit chroma row between the 4:2:0 / 4:2:2 / 4:4:4 grids, and unpacking and
// packing YUYV-style rows. Each has a SIMD version (Highway, runtime dispatch:
// grid_simd.cpp) and a plain scalar twin (grid_scalar.cpp), which tests compare bit for
// bit; tests also compare the whole path with the float general engine.
#pragma once

#include <cstdint>

namespace framekit::color_detail {

// What happens across a chroma row: the same grid, 2× up (bilinear 3/4 + 1/4 of the
// left or right neighbour for even or odd outputs, edges replicated, or nearest), or
// 2× down (average of a pair; a missing second sample counts the first twice).
enum class GridH { kSame, kUpBilinear, kUpNearest, kDown };

// One output chroma row: out[x] = (Σ weights · samples + half) >> shift, where the
// vertical step mixes rows a and b as wa·a + wb·b (wa + wb is 1, 2 or 4) and the
// horizontal step mixes neighbours of that per `h` (weights totalling 1, 2 or 4).
struct GridRow {
  const uint8_t* a = nullptr;
  const uint8_t* b = nullptr;  // may equal a (then wb is 0, or the edge is replicated)
  int wa = 1, wb = 0;
  int sw = 0;  // source samples in the row
  int dw = 0;  // output samples
  GridH h = GridH::kSame;
  int shift = 0;  // log2 of the weight total
  // 10/12-bit rows (row16): samples are uint16 and clamp to vmax before weighting; the
  // weight total (at most 16) times 4095 still fits 16 bits.
  uint16_t vmax = 255;
};

// Sample positions in a 4-byte YUYV-style group ("YUYV", "UYVY", "YVYU", "VYUY").
struct Order422 {
  int y0 = 0, u = 1, y1 = 2, v = 3;
};
Order422 order_422(const char* components);

// `scratch` holds at least sw + 64 uint16_t. For row16, a, b and out are uint16 rows
// (any alignment).
using GridRowFn = void (*)(const GridRow& g, uint16_t* scratch, uint8_t* out);
// A row of w pixels: w luma samples, (w + 1) / 2 of U and V.
using Unpack422Fn = void (*)(const uint8_t* in, Order422 o, uint8_t* y, uint8_t* u, uint8_t* v,
                             int w);
// The inverse; an odd width's padding luma slot repeats the last luma sample.
using Pack422Fn = void (*)(const uint8_t* y, const uint8_t* u, const uint8_t* v, Order422 o,
                           uint8_t* out, int w);

struct GridKernels {
  const char* target;  // "scalar" or the Highway target (simd_dispatch.h)
  GridRowFn row;
  Unpack422Fn unpack422;
  Pack422Fn pack422;
  GridRowFn row16;  // 10/12-bit samples
};

const GridKernels& grid_scalar_kernels();
// The table the process-wide switch selects (framekit/core/simd.h).
const GridKernels& grid_kernels();

// Scalar twins over outputs [x0, x1) / pixel pairs from pair p0 on, for the SIMD
// kernels' edges and remainders.
namespace grid_scalar {
// T: uint8_t (row) or uint16_t (row16).
template <typename T>
void row(const GridRow& g, int x0, int x1, uint8_t* out);
void unpack422(int p0, const uint8_t* in, Order422 o, uint8_t* y, uint8_t* u, uint8_t* v, int w);
void pack422(int p0, const uint8_t* y, const uint8_t* u, const uint8_t* v, Order422 o,
             uint8_t* out, int w);
}  // namespace grid_scalar

}  // namespace framekit::color_detail
