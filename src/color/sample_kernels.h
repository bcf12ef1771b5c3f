// Row kernels of the table path (repack:lut): each output sample is an integer affine
// function of one input sample,
//
//   out = clamp((min(in >> sshift, vcap) * mul + add) >> shift, 0, dmax) << dshift
//
// with parameters fitted at plan time so that the formula gives exactly the table's
// code for every input the rows can hold (color_lut.cpp). Each kernel has a SIMD
// version (Highway, runtime dispatch: sample_simd.cpp) and a scalar twin
// (sample_scalar.cpp) that evaluates the formula sample by sample; tests compare them
// bit for bit, and the formula against the table.
#pragma once

#include <algorithm>
#include <cstdint>

namespace framekit::color_detail {

// How the SIMD kernels evaluate the formula; the result is the same for all forms.
enum class SampleLanes : uint8_t {
  // 16-bit lanes, (v << pre) * (mul >> pre) >> 16 (MulHigh), plus add >> 16: needs mul a
  // multiple of 2^pre, add of 65536, shift >= 16. Precise enough for 8/10/12-bit sources.
  kHigh,
  kLow,   // 16-bit lanes, v * mul: vcap * mul + max(add, 0) <= 65535, shift <= 15
  kWide,  // 32-bit lanes, v * mul: vcap * mul + max(add, 0) fits int32
  // 32-bit lanes, v * (mul >> 16) + (v * (mul & 0xFFFF) >> 16) + (add >> 16), shifted
  // by shift - 16: needs add a multiple of 65536 and the sum to fit int32. For slopes
  // finer than 2^-31 (16-bit sources).
  kSplit,
};

struct SampleAffine {
  int64_t mul = 1;      // 0..2^46
  int64_t add = 0;      // -2^61..2^61
  int shift = 0;        // 0..46
  uint32_t vcap = 0;    // inputs above vcap give vcap's code (the table has saturated)
  uint32_t dmax = 255;  // largest output code, before dshift
  int sshift = 0;       // MSB-aligned 16-bit input: significant bits are in >> sshift
  int dshift = 0;       // MSB-aligned 16-bit output: the code is stored << dshift
  SampleLanes lanes = SampleLanes::kWide;
  int pre = 0;  // kHigh
};

// The formula for one input sample (the raw stored value).
inline uint32_t sample_affine_code(const SampleAffine& f, uint32_t in) {
  const int64_t v = std::min<uint32_t>(in >> f.sshift, f.vcap);
  const int64_t y = (v * f.mul + f.add) >> f.shift;
  return static_cast<uint32_t>(std::clamp<int64_t>(y, 0, f.dmax)) << f.dshift;
}

// Sets f.lanes (and f.pre) to the fastest form valid for f's numbers.
void sample_affine_pick_lanes(SampleAffine& f);
// Whether the kernels may be given f: parameters in range, outputs that fit their
// type (dmax << dshift <= 255 for 8-bit outputs, <= 65535 for 16-bit), and f.lanes's
// conditions met.
bool sample_affine_valid(const SampleAffine& f, bool out16);

// n contiguous samples in → n samples out. 16-bit rows need not be 2-byte aligned.
using SampleRowFn = void (*)(const uint8_t* in, uint8_t* out, int n, const SampleAffine& f);

struct SampleKernels {
  const char* target;  // "scalar" or the Highway target (simd_dispatch.h)
  SampleRowFn u8_u8;
  SampleRowFn u8_u16;
  SampleRowFn u16_u8;
  SampleRowFn u16_u16;
};

const SampleKernels& sample_scalar_kernels();
// The table the process-wide switch selects (framekit/core/simd.h).
const SampleKernels& sample_kernels();

// Scalar twins from sample x0 on (pointers are the row starts), for remainders.
namespace sample_scalar {
void u8_u8(int x0, const uint8_t* in, uint8_t* out, int n, const SampleAffine& f);
void u8_u16(int x0, const uint8_t* in, uint8_t* out, int n, const SampleAffine& f);
void u16_u8(int x0, const uint8_t* in, uint8_t* out, int n, const SampleAffine& f);
void u16_u16(int x0, const uint8_t* in, uint8_t* out, int n, const SampleAffine& f);
}  // namespace sample_scalar

}  // namespace framekit::color_detail
