// Which engine a conversion runs on, chosen once per call (see color_convert.cpp).
#pragma once

#include <optional>
#include <vector>

#include "color/color_internal.h"
#include "color/color_kernels.h"
#include "color/sample_kernels.h"
#include "color/yuv_matrix.h"

namespace framekit::color_detail {

enum class Path {
  kCopy,         // same format and color model: plane copy
  kRepackYuv,    // same model and chroma grid: re-lay planes (NV12 ↔ I420, P010 ↔ …)
  kSwizzleRgb,   // 8-bit RGB family, same range: reorder channels, add/drop alpha
  kSampleLut,    // YUV/gray → YUV/gray, one matrix, same chroma grid: per-sample tables
  kChromaGrid,   // 8-bit YUV, same model, another chroma grid or packed 4:2:2 involved
  kYuvToRgb8,    // fused fixed-point 8-bit YUV → 8-bit RGB
  kYuv16ToRgb8,  // the same kernels from 10/12-bit planar or semi-planar YUV
  kRgb8ToYuv,    // fused fixed-point 8-bit packed RGB → 8-bit planar/semi-planar YUV
  kRgb8ToYuv16,  // the same kernels into 10/12-bit planar or semi-planar YUV
  kYuv8Matrix,   // fused 8-bit YUV → 8-bit YUV on the same chroma grid, another matrix
  kGeneral,      // float row engine, every pair
};

struct ConversionPlan {
  ResolvedConversion resolved;
  ColorModel src_model;
  ColorModel dst_model;
  Affine affine;
  Path path = Path::kGeneral;
  YuvToRgbFixed yuv_to_rgb;
  RgbToYuvFixed rgb_to_yuv;
  YuvMatrixChroma yuv_chroma;  // kYuv8Matrix (its luma: yuv_to_rgb, every row = luma's)
};

// Validates both views (sizes, planes, strides, spaces) and picks a path.
ConversionPlan plan_conversion(const ImageView& src, const ImageView& dst,
                               const ColorConvertOptions& opt);
void execute_plan(const ConversionPlan& p, const ImageView& src, const ImageView& dst,
                  const ColorConvertOptions& opt);
const char* path_name(Path p);

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
