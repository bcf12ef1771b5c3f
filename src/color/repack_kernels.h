// Row kernels of the structural conversion paths (no arithmetic on sample values
// beyond bit shifts): splitting and joining interleaved chroma pairs (NV12 UV ↔ U, V),
// re-shifting MSB-aligned 16-bit samples (P010 ↔ yuv420p10), and reordering the
// channels of 8-bit RGB pixels (RGB24 ↔ BGR24 ↔ RGBA … ↔ GBRP, alpha added as 255 or
// dropped). Each has a SIMD version (Highway, runtime dispatch: repack_simd.cpp) and a
// plain scalar twin (repack_scalar below), which tests compare bit for bit.
#pragma once

#include <cstdint>

namespace framekit::color_detail {

// 16-bit samples are moved as (v >> sshift) << dshift, so one kernel serves plain and
// MSB-aligned layouts. 16-bit rows need not be 2-byte aligned.
struct RepackShift {
  int sshift = 0;
  int dshift = 0;
};

// Channel map of an 8-bit RGB swizzle: out channel k (memory order) takes in channel
// map[k], or 255 when map[k] < 0. `sn`/`dn` are the channels per pixel (3 or 4), or 0
// for planar (GBRP): then src[0..2] / dst[0..2] are the plane rows in memory-order
// channel numbering of the planes; otherwise src[0] / dst[0] is the packed row.
struct SwizzleMap {
  int sn = 3;
  int dn = 3;
  int8_t map[4] = {0, 1, 2, -1};
};

using Split2U8Fn = void (*)(const uint8_t* in, uint8_t* a, uint8_t* b, int n);
using Join2U8Fn = void (*)(const uint8_t* a, const uint8_t* b, uint8_t* out, int n);
using Split2U16Fn = void (*)(const uint8_t* in, uint8_t* a, uint8_t* b, int n, RepackShift s);
using Join2U16Fn = void (*)(const uint8_t* a, const uint8_t* b, uint8_t* out, int n,
                            RepackShift s);
using ShiftU16Fn = void (*)(const uint8_t* in, uint8_t* out, int n, RepackShift s);
using SwizzleU8Fn = void (*)(const uint8_t* const* src, uint8_t* const* dst, int w,
                             const SwizzleMap& m);

struct RepackKernels {
  const char* target;      // "scalar" or the Highway target (simd_dispatch.h)
  Split2U8Fn split2_u8;    // n pairs → a (first of each pair), b
  Join2U8Fn join2_u8;      // n samples each → n pairs
  Split2U16Fn split2_u16;  // the same for 16-bit samples, re-shifted
  Join2U16Fn join2_u16;
  ShiftU16Fn shift_u16;  // n samples
  SwizzleU8Fn swizzle_u8;
};

const RepackKernels& repack_scalar_kernels();
// The table the process-wide switch selects (framekit/core/simd.h).
const RepackKernels& repack_kernels();

// Scalar twins from sample/pixel x0 on (pointers are the row starts), for remainders.
namespace repack_scalar {
void split2_u8(int x0, const uint8_t* in, uint8_t* a, uint8_t* b, int n);
void join2_u8(int x0, const uint8_t* a, const uint8_t* b, uint8_t* out, int n);
void split2_u16(int x0, const uint8_t* in, uint8_t* a, uint8_t* b, int n, RepackShift s);
void join2_u16(int x0, const uint8_t* a, const uint8_t* b, uint8_t* out, int n, RepackShift s);
void shift_u16(int x0, const uint8_t* in, uint8_t* out, int n, RepackShift s);
void swizzle_u8(int x0, const uint8_t* const* src, uint8_t* const* dst, int w,
                const SwizzleMap& m);
}  // namespace repack_scalar

}  // namespace framekit::color_detail
