// Row kernels of the general color engine (color_general.cpp): sample rows in and out
// of float, the affine map, and chroma resampling on float rows. Each has a SIMD
// version (Highway, runtime dispatch: general_simd.cpp) and a plain scalar twin
// (general_scalar.cpp) that computes the same float operations in the same order, so
// the two agree bit for bit; both files are built without floating-point contraction.
#pragma once

#include <cstdint>

namespace framekit::color_detail {

enum class SampleType : uint8_t { kU8, kU16, kF32 };

// How a plane row stores items of `step` samples (step 1..4): an item is a pixel of a
// packed plane (RGB24: R G B), a chroma pair (NV12: U V), a single sample (planar), or
// for YUYV-style rows a Y + chroma pair (luma reads) or a whole group (chroma reads).
struct RowFormat {
  SampleType type = SampleType::kU8;
  int step = 1;
  int shift = 0;           // uint16: the value sits `shift` bits up (P010: 6)
  float max_code = 255;    // stores saturate to [0, max_code], which fits the type
                           // ([0, 1] for float)
  float round_bias = 0.5F;  // added before integer stores truncate: 0.5 rounds half up,
                            // 0 truncates (Rounding::kTruncate)
};

// `count` items from base: component i of each item → out[i] (nullptr: skipped), as
// float raw values (uint16 shifted down by `shift`).
using LoadRowFn = void (*)(const uint8_t* base, const RowFormat& f, int count,
                           float* const out[4]);
// The inverse: every in[i], i < step, must be given. Integers round half up (or
// truncate, by f.round_bias) and saturate to [0, max_code] (NaN → 0); floats saturate
// to [0, 1] (NaN → 0).
using StoreRowFn = void (*)(uint8_t* base, const RowFormat& f, int count,
                            const float* const in[4]);
// out = ((k0·p + k1·q) + k2·r) + k3, or k0·p + k3 when q is null.
using AffineRowFn = void (*)(float* out, const float* p, const float* q, const float* r,
                             const float k[4], int count);
// out = wa·a + wb·b (out may be a).
using LerpRowFn = void (*)(float* out, const float* a, const float* b, float wa, float wb,
                           int count);
// 2× horizontal upsampling of sw samples to tw (2·sw − 1 or 2·sw) outputs, centre
// sited: out[x] = 0.75·in[x/2] + 0.25·in[x/2 ∓ 1] (edges replicated), or in[x/2].
using UpsampleRowFn = void (*)(const float* in, int sw, float* out, int tw, bool bilinear);
// 2× horizontal downsampling: out[x] = 0.5·(in[2x] + in[2x+1]), or in[2x] past the end.
using DownsampleRowFn = void (*)(const float* in, int sw, float* out, int tw);
// sum[x >> ss] += in[x] for x in [0, count), in order of x (ss 0 or 1).
using AccumulateRowFn = void (*)(float* sum, const float* in, int count, int ss);
// Mean of each chroma block of luma: for j < (w + ss) >> ss, the samples x in
// [j << ss, min(w, (j + 1) << ss)) of r0, then of r1 (null: one row), summed in that
// order from 0 and divided by their count (ss 0 or 1).
using BoxMeanRowFn = void (*)(const float* r0, const float* r1, int w, int ss, float* out);

struct GeneralKernels {
  const char* target;  // "scalar" or the Highway target (simd_dispatch.h)
  LoadRowFn load_row;
  StoreRowFn store_row;
  AffineRowFn affine_row;
  LerpRowFn lerp_row;
  UpsampleRowFn upsample_row;
  DownsampleRowFn downsample_row;
  AccumulateRowFn accumulate_row;
  BoxMeanRowFn box_mean_row;
};

const GeneralKernels& general_scalar_kernels();
// The table the process-wide switch selects (framekit/core/simd.h).
const GeneralKernels& general_kernels();

// Scalar twins over items / outputs [x0, end), for the SIMD kernels' remainders.
namespace general_scalar {
void load_row(int x0, const uint8_t* base, const RowFormat& f, int count, float* const out[4]);
void store_row(int x0, uint8_t* base, const RowFormat& f, int count, const float* const in[4]);
void affine_row(int x0, float* out, const float* p, const float* q, const float* r,
                const float k[4], int count);
void lerp_row(int x0, float* out, const float* a, const float* b, float wa, float wb, int count);
// Outputs [x0, x1).
void upsample_row(int x0, int x1, const float* in, int sw, float* out, bool bilinear);
void downsample_row(int x0, const float* in, int sw, float* out, int tw);
void accumulate_row(int x0, float* sum, const float* in, int count, int ss);
// Outputs j0 on.
void box_mean_row(int j0, const float* r0, const float* r1, int w, int ss, float* out);
// The integer code a float raw value stores as: round half up (bias 0.5) or truncate
// (bias 0), saturate to [0, max_code], NaN → 0.
inline uint32_t quantize(float v, float max_code, float bias = 0.5F) {
  float t = v + bias;
  t = t > 0.0F ? t : 0.0F;  // also maps NaN to 0
  t = t < max_code ? t : max_code;
  return static_cast<uint32_t>(t);  // t >= 0: truncation is floor
}
inline float saturate_unit(float v) {
  const float t = v > 0.0F ? v : 0.0F;
  return t < 1.0F ? t : 1.0F;
}
}  // namespace general_scalar

}  // namespace framekit::color_detail
