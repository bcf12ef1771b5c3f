// The color path table: every engine a conversion can run on, as one ordered list of
// {name, applies, run} entries (color_paths.cpp). The first entry whose applies() says
// yes runs; the last, "general", takes every pair. The same choice answers
// color_conversion_path(), so the name reported is the path that runs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "color/color_internal.h"
#include "color/color_kernels.h"
#include "color/sample_kernels.h"
#include "color/yuv_matrix.h"

namespace framekit::color_detail {

// How a tensor side lies in memory, as far as the paths care.
enum class TensorStorage : uint8_t {
  kInterleaved,  // channels of a pixel adjacent (stride_c 1, stride_w = channels): NHWC
  kRowPlanar,    // each channel's row contiguous (stride_w 1): NCHW
  kOther,
};

// One side of a conversion as the table sees it: an image, or a tensor. A tensor's
// `info` is its channel order's format with the tensor's range.
struct PathSide {
  PixelInfo info;
  bool tensor = false;
  ScalarType dtype = ScalarType::kUInt8;  // tensor element type
  TensorStorage storage = TensorStorage::kOther;
  bool plain_codes = false;  // a uint8 tensor without normalisation: its values are codes

  static PathSide image(const PixelInfo& info) { return {info}; }
  static PathSide of_tensor(const ImageTensorView& t, const TensorConvertOptions& opt);
};

struct PathQuery {
  PathSide src, dst;
  ColorConvertOptions options;  // tensor conversions: their upsampling, SIMD and fast paths
};

struct ColorPath;

struct ConversionPlan {
  ResolvedConversion resolved;  // image ↔ image only
  ColorModel src_model;
  ColorModel dst_model;
  Affine affine;
  const ColorPath* path = nullptr;
  YuvToRgbFixed yuv_to_rgb;
  RgbToYuvFixed rgb_to_yuv;
  YuvMatrixChroma yuv_chroma;  // fused:yuv8_matrix (its luma: yuv_to_rgb, every row = luma's)
};

// The buffers of one conversion: one image or tensor per side, as the query said.
struct PathBuffers {
  const ImageView* src_image = nullptr;
  const ImageView* dst_image = nullptr;
  const ImageTensorView* src_tensor = nullptr;
  const ImageTensorView* dst_tensor = nullptr;
  const TensorConvertOptions* tensor_options = nullptr;  // with a tensor side
};

struct ColorPath {
  std::string_view name;         // what color_conversion_path() says, and `framekit info --paths`
  std::string_view description;  // one line for listings
  // Whether this path takes the conversion; may fill in the plan's kernel coefficients
  // (false when they do not fit the kernel).
  bool (*applies)(const PathQuery& q, ConversionPlan& plan);
  void (*run)(const ConversionPlan& plan, const PathBuffers& io, const ColorConvertOptions& opt);
};

// The table, in the order the paths are tried.
std::span<const ColorPath> color_path_table();
// Models, affine map and the first path that applies. Views are not looked at (the
// callers validate them).
ConversionPlan choose_path(const PathQuery& q);
// Runs the plan's path (and counts the run, for tests).
void run_path(const ConversionPlan& plan, const PathBuffers& io, const ColorConvertOptions& opt);
// Tests: how often each path has run in this process.
uint64_t color_path_runs(std::string_view name);

// Validates both views (sizes, planes, strides, spaces) and picks a path.
ConversionPlan plan_conversion(const ImageView& src, const ImageView& dst,
                               const ColorConvertOptions& opt);

// ---------------------------------------------------------------------------------
// What the paths run (color_convert.cpp, color_lut.cpp, color_grid.cpp, color_tensor.cpp).

void copy_planes(const ImageView& src, const ImageView& dst);
void repack_yuv(const ImageView& src, const ImageView& dst);
void swizzle_rgb8(const ImageView& src, const ImageView& dst);
void run_yuv_to_rgb8(const ImageView& src, const ImageView& dst, YuvToRgbFixed fx,
                     const ColorConvertOptions& opt);
void run_rgb8_to_yuv(const ImageView& src, const ImageView& dst, RgbToYuvFixed fx,
                     const ColorConvertOptions& opt);
void run_yuv8_matrix(const ImageView& src, const ImageView& dst, const YuvToRgbFixed& luma,
                     const YuvMatrixChroma& chroma, const ColorConvertOptions& opt);
// The luma row of a YUV → YUV map in all three rows, for the YUV → RGB kernel.
Affine luma_rows(const Affine& a);

// The tensor sides: the models of an image ↔ tensor conversion, a uint8 tensor without
// normalisation seen as an image, the fused YUV → tensor pass and the general engine
// over any image or tensor side.
struct TensorModels {
  ColorModel image, tensor;
};
// `tensor`: the tensor side's PathSide::info (channel order and range).
TensorModels tensor_models(const PixelInfo& image, const PixelInfo& tensor, bool to_tensor);
bool tensor_as_image(const ImageTensorView& t, const TensorConvertOptions& opt, ImageView* v);
void run_fused_to_tensor(const ImageView& src, const ImageTensorView& t, const Affine& af,
                         const TensorConvertOptions& opt);
void run_general_sides(const ConversionPlan& p, const PathBuffers& io,
                       const ColorConvertOptions& opt);

// Where U and V live in a planar or semi-planar YUV format: plane, sample offset and
// step (1 planar, 2 semi-planar) in samples.
struct ChromaLayout {
  int plane_u, plane_v, off_u, off_v, step;
};
ChromaLayout chroma_layout(const PixelFormatDesc& d);
// Alpha row y of an 8-bit YUVA destination: the source's alpha, or opaque.
void copy_alpha_row(const ImageView& src, const ImageView& dst, int y);

// The table path (color_lut.cpp): true when the plan's matrix maps each component on
// its own, so that one table per component serves.
bool diagonal_affine(const ConversionPlan& p);
void run_sample_lut(const ConversionPlan& p, const ImageView& src, const ImageView& dst);
// The table's expression for one component (out = a * v + d, rounded half up and
// clamped to [0, dmax] as the general engine's writers do) at input v, and the table.
uint32_t sample_table_code(float a, float d, float dmax, uint32_t v);
std::vector<uint16_t> sample_table(float a, float d, uint32_t smax, uint32_t dmax);
// The integer formula that gives sample_table_code(a, d, dmax, v) for every v in
// 0..vmax (sshift = dshift = 0), or nothing when none is found.
std::optional<SampleAffine> fit_sample_affine(float a, float d, uint32_t vmax, uint32_t dmax);
// Tests: false makes the table path keep its tables (the scalar table loop).
void set_sample_fit_enabled(bool enabled);
// The chroma-grid path (color_grid.cpp).
void run_chroma_grid(const ImageView& src, const ImageView& dst, ChromaUpsample up);

}  // namespace framekit::color_detail
