// Internals shared by the geometry kernels (resize, rotate, mirror) and their tests.
// Each kernel family is a table with identical behaviour in every instance: the scalar
// twins' (the reference) and one per Highway target, handed out by the family's
// accessor as the process-wide SIMD switch says (framekit/core/simd_dispatch.h); tests
// force each target and the scalar twins and compare bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace framekit::geometry_detail {

// One plane as kernels see it: `elem_bytes` = channels x sample size bytes per pixel.
struct PlaneRef {
  uint8_t* data = nullptr;
  ptrdiff_t stride = 0;
  int width = 0;  // pixels
  int height = 0;
  int elem_bytes = 1;

  uint8_t* row(int y) const noexcept { return data + static_cast<ptrdiff_t>(y) * stride; }
  size_t row_bytes() const noexcept { return static_cast<size_t>(width) * elem_bytes; }
};

// ---------------------------------------------------------------- resize filters

// Fixed-point weights: Q14, the weights of one output sum to exactly 1 << 14.
inline constexpr int kWeightBits = 14;

// One axis of a separable resize: output i reads `taps` consecutive source samples
// starting at start[i] (always inside [0, src_len)), with weights w / wq.
struct AxisFilter {
  int src_len = 0;
  int dst_len = 0;
  int taps = 0;
  std::vector<int32_t> start;
  std::vector<double> w;    // dst_len x taps, exact
  std::vector<int16_t> wq;  // dst_len x taps, Q14
  // Anti-aliased modes only: dst_len x taps in Q22, rounded as Pillow rounds them (their
  // sum may miss 1 << 22 by a few units, as Pillow's do).
  std::vector<int32_t> wq22;
};

// Pillow's precision for 8-bit samples: 32 bits less 8 for the sample and 2 for overshoot.
inline constexpr int kAaWeightBits = 22;

// mode: 1 bilinear, 2 bicubic, 3 area, 4 lanczos3, 5 bilinear AA, 6 bicubic AA (ResizeMode
// values). The anti-aliased modes follow Pillow: support stretched by the shrink factor,
// edge taps renormalised (geometry.h).
AxisFilter make_axis_filter(int src_len, int dst_len, int mode);
// Half-pixel nearest neighbour: the source pixel holding the centre (i + 0.5) *
// src_len / dst_len, computed in 16.16 fixed point exactly as OpenCV 4.6 does (so
// centres on a pixel border go where OpenCV sends them).
std::vector<int32_t> make_nearest_index(int src_len, int dst_len);
// Corner-aligned nearest neighbour (ResizeMode::kNearestFloor): floor(i * src_len /
// dst_len) with the scale in double as OpenCV's INTER_NEAREST takes it, so that
// products that land on a pixel border go where OpenCV sends them.
std::vector<int32_t> make_nearest_floor_index(int src_len, int dst_len);
inline constexpr int kNearestFloorMode = 7;

// ---------------------------------------------------------------- 8-bit resize kernels
//
// Two pipelines, chosen by the driver from the sizes (never by the target, so every
// target computes the same numbers):
//  - vertical first (output height <= input height): per output row, the vertical
//    pass combines `taps` source rows into one int16 row (Q6: value x 64), then the
//    horizontal pass filters it straight to 8-bit output (Q6 x Q14 >> 20).
//  - horizontal first (output taller than input): each needed source row is filtered
//    horizontally into a ring of int16 rows (Q7, Q6 for bicubic), then the vertical
//    pass combines `taps` ring rows into 8-bit output.

enum class HTableKind : uint8_t {
  kNone,        // no SIMD table: the scalar pass runs
  kBlocksU8,    // 4 outputs per 128-bit block, byte windows of a uint8 row
  kBlocksI16,   // 4 outputs per 128-bit block, 16-byte windows of an int16 row
  kPermuteI16,  // 16 outputs per chunk, 64-sample windows + word permutes (AVX-512)
  kPermuteU8,   // the same on a uint8 row widened to int16 first (AVX-512)
};

// Per-target shuffle tables of a horizontal pass (layout known only to the target that
// built it). For each slot (block or chunk) and tap pair: a window start, the picks
// and the weights of the pair's two taps.
struct HTableU8 {
  HTableKind kind = HTableKind::kNone;
  int pairs = 0;                 // tap pairs (taps rounded up to even, / 2)
  int slots = 0;                 // blocks of 4 or chunks of 16 outputs, padded to whole steps
  std::vector<int32_t> base;     // [slot][pair] window start (bytes or samples)
  std::vector<uint8_t> pattern;  // kBlocks*: [slot][pair][16] byte picks, 0x80 = zero
  std::vector<uint16_t> index;   // kPermute*: [slot][pair][32] sample picks
  std::vector<int16_t> weights;  // [slot][pair][8 or 32]
  // kPermute*: every window's picks lie in its first 32 samples, so one single-source
  // word permute serves (one cycle on AVX-512 cores; the two-source one takes two).
  bool narrow = false;
};

struct HPlanU8 {
  const AxisFilter* filter = nullptr;
  int channels = 1;
  int shift = 7;         // final right shift of the int32 sums
  int32_t offset = 0;    // added to the sums with the rounding half
  int out_elems = 0;     // dst width x channels
  int padded_elems = 0;  // outputs the SIMD pass may write into our own rows
  HTableU8 simd;
};

// Vertical-first rows hold int16 Q7 of (sample - 128): centred, so even bicubic
// overshoot fits, and one bit finer than unsigned Q6. The horizontal pass (Q14 weights
// summing to 2^14) adds the 128 back with its rounding half.
inline constexpr int kCentredShift = 21;
inline constexpr int32_t kCentredOffset = 128 << kCentredShift;

// int16 rows the vertical-first pipeline filters horizontally carry this many spare
// zero samples, so SIMD windows may read past the last sample.
inline constexpr int kRowPadSamples = 128;

struct ResizeKernelsU8 {
  const char* target;  // "scalar" or the Highway target
  // Horizontal first.
  void (*plan_u8)(HPlanU8& plan, size_t src_row_bytes);
  // out[e] = sat_i16((sum_k src[(start + k) * C + c] * wq + round) >> shift).
  void (*hpass_u8)(const uint8_t* src, const HPlanU8& plan, int16_t* out);
  // dst[i] = sat_u8((sum_k mulhrs(rows[k][i], w[k]) + round) >> shift), mulhrs(a, b) =
  // (a * b + 2^14) >> 15 (pmulhrsw), sums in wrapping int16.
  void (*vpass_i16)(const int16_t* const* rows, const int16_t* w, int taps, int shift, uint8_t* dst,
                    size_t n);
  // Vertical first.
  void (*plan_i16)(HPlanU8& plan);
  // out[i] = sum_k mulhrs((rows[k][i] - 128) << 8, w[k]) in wrapping int16 (Q7, centred).
  // `ahead` (may be null): the `taps` rows a later call will read, prefetched on the way.
  void (*vpass_u8)(const uint8_t* const* rows, const int16_t* w, int taps, int16_t* out, size_t n,
                   const uint8_t* const* ahead);
  // dst[e] = clamp((sum_k in[(start + k) * C + c] * wq + 2^20 + kCentredOffset) >> 21, 0,
  // 255) (plan.shift = kCentredShift, plan.offset = kCentredOffset). `in` has
  // kRowPadSamples readable samples past its end.
  void (*hpass_i16)(const int16_t* in, const HPlanU8& plan, uint8_t* dst);
  // Exactly 2:1 in both axes: (a + b + c + d + 2) >> 2 per channel.
  void (*box2)(const uint8_t* r0, const uint8_t* r1, uint8_t* dst, int dst_width, int channels);
};

const ResizeKernelsU8& resize_kernels_u8_scalar() noexcept;
// The scalar kernels by name, for SIMD code falling back on configurations it does not
// vectorise.
void resize_hpass_u8_scalar(const uint8_t* src, const HPlanU8& plan, int16_t* out);
void resize_vpass_i16_scalar(const int16_t* const* rows, const int16_t* w, int taps, int shift,
                             uint8_t* dst, size_t n);
void resize_vpass_u8_scalar(const uint8_t* const* rows, const int16_t* w, int taps, int16_t* out,
                            size_t n, const uint8_t* const* ahead);
void resize_hpass_i16_scalar(const int16_t* in, const HPlanU8& plan, uint8_t* dst);
void resize_box2_u8_scalar(const uint8_t* r0, const uint8_t* r1, uint8_t* dst, int dst_width,
                           int channels);
const ResizeKernelsU8& resize_kernels_u8();  // as the SIMD switch says

// ---------------------------------------------------------------- 8-bit anti-aliased kernels
//
// The anti-aliased modes on 8-bit planes compute exactly what Pillow computes: int32 sums
// of samples times Q22 weights, plus the rounding half, shifted and clamped to a byte,
// the horizontal pass first (into an 8-bit intermediate), then the vertical one.

// The horizontal pass of one plane shape, with the target's expanded weights.
struct AaHPlan {
  const AxisFilter* filter = nullptr;
  int channels = 1;
  // Filled by the SIMD plan (empty for the scalar twins): outputs [0, simd_outputs) are
  // sums over `chunks` vectors of `lanes` int32 lanes read from the window start (all
  // inside the row); `weights` holds, per output, the tap weight of every window byte.
  int simd_outputs = 0;
  int lanes = 0;
  int chunks = 0;
  std::vector<int32_t> weights;
};

struct ResizeAaKernelsU8 {
  const char* target;  // "scalar" or the Highway target
  void (*plan)(AaHPlan& plan);
  // dst[x * C + c] = clamp((2^21 + sum_k src[(start[x] + k) * C + c] * wq22[x][k]) >> 22,
  // 0, 255) for every output x and channel c.
  void (*hpass)(const uint8_t* src, const AaHPlan& plan, uint8_t* dst);
  // The same for two rows (sharing the weights' loads where the target can).
  void (*hpass2)(const uint8_t* src0, const uint8_t* src1, const AaHPlan& plan, uint8_t* dst0,
                 uint8_t* dst1);
  // dst[i] = clamp((2^21 + sum_k rows[k][i] * w[k]) >> 22, 0, 255).
  void (*vpass)(const uint8_t* const* rows, const int32_t* w, int taps, size_t n, uint8_t* dst);
};
const ResizeAaKernelsU8& resize_aa_kernels_u8_scalar() noexcept;
void resize_aa_hpass_scalar(int x0, const uint8_t* src, const AaHPlan& plan, uint8_t* dst);
void resize_aa_vpass_scalar(size_t i0, const uint8_t* const* rows, const int32_t* w, int taps,
                            size_t n, uint8_t* dst);
const ResizeAaKernelsU8& resize_aa_kernels_u8();  // as the SIMD switch says

// Row kernels of the float engine that resizes 16-bit and float planes (and 8-bit area
// shrinks past 15:1). SIMD versions: resize_float_simd.cpp (Highway; gathers for the
// horizontal taps); the scalar twins (resize_scalar.cpp) do the same float operations in
// the same order, so both are bit-identical (the library is built without FP
// contraction).
struct ResizeFloatKernels {
  const char* target;  // "scalar" or the Highway target
  // out[i] = float(in[i]).
  void (*widen_u16)(const uint16_t* in, size_t n, float* out);
  // Optional shuffle windows for hfilter, built once per plan (layout known only to the
  // target that built it; left empty where there are none). in_len: samples per row.
  void (*plan_hfilter)(const int32_t* idx, int taps, int step, size_t n, size_t in_len,
                       std::vector<int32_t>* windows);
  // out[e] = ((0 + w[0][e] * in[idx[e]]) + w[1][e] * in[idx[e] + step]) + ... for taps
  // terms; w is tap-major (taps rows of n weights). windows: plan_hfilter's (may be empty).
  void (*hfilter)(const float* in, const int32_t* idx, const float* w, int taps, int step, size_t n,
                  const std::vector<int32_t>& windows, float* out);
  // out[i] = ((0 + w[0] * rows[0][i]) + w[1] * rows[1][i]) + ...
  void (*vfilter)(const float* const* rows, const float* w, int taps, size_t n, float* out);
  // Integer samples: clamp(floor(v[i] * inv_scale + 0.5), 0, top) << shift, stored as
  // uint8 (bytes 1) or uint16 (bytes 2).
  void (*store_int)(const float* v, size_t n, float inv_scale, float top, int shift, int bytes,
                    void* out);
};
const ResizeFloatKernels& resize_float_kernels_scalar() noexcept;
const ResizeFloatKernels& resize_float_kernels();  // as the SIMD switch says
// The scalar twins from element i0 on (the SIMD kernels' remainders).
namespace resize_float_scalar {
void widen_u16(size_t i0, const uint16_t* in, size_t n, float* out);
void hfilter(size_t i0, const float* in, const int32_t* idx, const float* w, int taps, int step,
             size_t n, float* out);
void vfilter(size_t i0, const float* const* rows, const float* w, int taps, size_t n, float* out);
void store_int(size_t i0, const float* v, size_t n, float inv_scale, float top, int shift,
               int bytes, void* out);
}  // namespace resize_float_scalar

// Resizes one plane of 8-bit samples (channels = elem_bytes). mode: ResizeMode value.
void resize_plane_u8(const PlaneRef& src, const PlaneRef& dst, int mode);
// The same for the anti-aliased modes (4..6) of different sizes (resize_aa.cpp).
void resize_plane_u8_aa(const PlaneRef& src, const PlaneRef& dst, int mode);
// 16-bit samples: results rounded and clamped to [0, max_value]; when msb_shift > 0
// samples live in the high bits (P010) and results are rounded to a multiple of
// 1 << msb_shift.
void resize_plane_u16(const PlaneRef& src, const PlaneRef& dst, int channels, int mode,
                      int max_value, int msb_shift);
void resize_plane_f32(const PlaneRef& src, const PlaneRef& dst, int channels, int mode);
// Nearest neighbour for any pixel size (a copy of whole pixels); mode 0 (centre
// aligned) or kNearestFloorMode.
void resize_plane_nearest(const PlaneRef& src, const PlaneRef& dst, int mode = 0);
inline bool is_nearest_mode(int mode) {
  return mode == 0 || mode == kNearestFloorMode;
}

// ---------------------------------------------------------------- rotate / mirror

struct RotateKernels {
  const char* target;  // "scalar" or the Highway target
  // Rotates source rows [y0, y1) of src by 90 (clockwise) or 270 degrees into dst
  // (dst is src.height x src.width). Rows outside the band are not touched.
  void (*rotate_band)(const PlaneRef& src, const PlaneRef& dst, int degrees, int y0, int y1);
  // dst[x] = src[width - 1 - x] for pixels of elem_bytes bytes.
  void (*mirror_row)(const uint8_t* src, uint8_t* dst, int width, int elem_bytes);
  // Source rows per band that rotate_band handles with full tiles (a multiple of it).
  int (*band_rows)(int elem_bytes);
};

const RotateKernels& rotate_kernels_scalar() noexcept;
// The scalar kernels by name, for SIMD code falling back on pixel sizes it does not
// vectorise (3 and 6 bytes) and on planes smaller than a tile.
void rotate_band_u8_scalar(const PlaneRef& src, const PlaneRef& dst, int degrees, int y0, int y1);
void mirror_row_scalar(const uint8_t* src, uint8_t* dst, int width, int elem_bytes);
const RotateKernels& rotate_kernels();  // as the SIMD switch says

// ---------------------------------------------------------------- whole planes

// A plane of a frame with what the operations need to know about it.
struct PlaneJob {
  PlaneRef ref;
  int channels = 1;
  int sample_bytes = 1;  // 1, 2 (uint16) or 4 (float)
  int log2_ssx = 0;      // subsampling of this plane relative to the frame
  int log2_ssy = 0;
};

// Packed 4:2:2 (YUYV, UYVY, YVYU, VYUY) unpacked to a luma plane (width samples) and
// one 2-channel chroma plane (ceil(width / 2) pairs, in memory order) — the layout of
// NV16 — so that every operation treats luma and chroma as separate signals.
struct Unpacked422 {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> luma;
  std::vector<uint8_t> chroma;
  explicit Unpacked422(int w, int h);
  PlaneJob luma_job();
  PlaneJob chroma_job();
};
// component letters such as "YUYV" give the byte positions within a pixel pair.
void unpack_422(const PlaneRef& packed, std::string_view components, Unpacked422& out);
// The padding luma sample of an odd width repeats the last one.
void pack_422(Unpacked422& in, std::string_view components, const PlaneRef& packed);

// After rotating by 90/270 a plane subsampled in x only (4:2:2 chroma), its rows run
// along the old y axis. `rotated` is the rotated plane (width = dst frame width,
// height = ceil(dst frame height / 2)); dst is the 4:2:2 plane of the rotated frame:
// horizontal pairs are averaged, rows repeated.
void reshape_rotated_422(const PlaneJob& rotated, const PlaneJob& dst);

// Whole-plane operations (parallel over bands).
void rotate_plane(const PlaneRef& src, const PlaneRef& dst, int degrees);
void mirror_plane(const PlaneRef& src, const PlaneRef& dst, bool horizontal, bool vertical);

}  // namespace framekit::geometry_detail
