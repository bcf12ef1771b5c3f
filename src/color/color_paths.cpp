// The color path table (see color_paths.h). Each entry's applies() is the whole test
// for its path; the order is the order of preference, cheapest engines first.
#include "color/color_paths.h"

#include <array>
#include <atomic>

#include "color/color_fixed.h"
#include "framekit/core/error.h"

namespace framekit {
namespace color_detail {
namespace {

bool same_model(const ColorModel& a, const ColorModel& b) {
  return a.family == b.family && a.space == b.space && a.scale == b.scale && a.offset == b.offset &&
         a.max_code == b.max_code && a.is_float == b.is_float;
}

bool is_u8(const PixelFormatDesc& d) {
  return d.dtype == ScalarType::kUInt8;
}

bool same_chroma_grid(const PixelFormatDesc& a, const PixelFormatDesc& b) {
  return a.log2_chroma_w == b.log2_chroma_w && a.log2_chroma_h == b.log2_chroma_h;
}

// Image ↔ image with the fused and repacking engines allowed.
bool fast_images(const PathQuery& q) {
  return q.options.use_fast_paths && !q.src.tensor && !q.dst.tensor;
}

int tensor_channels(const PathSide& s) {
  return s.info.desc().planes[0].channels;
}

// ------------------------------------------------------------------ applies

bool copy_applies(const PathQuery& q, ConversionPlan& p) {
  return fast_images(q) && same_model(p.src_model, p.dst_model) &&
         q.src.info.format() == q.dst.info.format();
}

bool repack_yuv_applies(const PathQuery& q, ConversionPlan& p) {
  const auto& sd = q.src.info.desc();
  const auto& dd = q.dst.info.desc();
  return fast_images(q) && same_model(p.src_model, p.dst_model) && sd.is_yuv() && dd.is_yuv() &&
         !sd.packed422 && !dd.packed422 && same_chroma_grid(sd, dd) && sd.dtype == dd.dtype;
}

// Same model, another chroma grid or packed 4:2:2 involved.
bool chroma_grid_applies(const PathQuery& q, ConversionPlan& p) {
  const auto& sd = q.src.info.desc();
  const auto& dd = q.dst.info.desc();
  const bool wide = sd.dtype == ScalarType::kUInt16 && dd.dtype == ScalarType::kUInt16 &&
                    sd.bit_depth == dd.bit_depth && sd.bit_depth <= 12 && !sd.has_alpha &&
                    !dd.has_alpha;
  return fast_images(q) && same_model(p.src_model, p.dst_model) && sd.is_yuv() && dd.is_yuv() &&
         ((is_u8(sd) && is_u8(dd)) || wide);
}

bool swizzle_rgb_applies(const PathQuery& q, ConversionPlan& p) {
  const auto& sd = q.src.info.desc();
  const auto& dd = q.dst.info.desc();
  return fast_images(q) && same_model(p.src_model, p.dst_model) && sd.is_rgb() && dd.is_rgb() &&
         is_u8(sd) && is_u8(dd) && (sd.num_planes == 1 || sd.num_planes == 3) &&
         (dd.num_planes == 1 || dd.num_planes == 3);
}

bool sample_lut_applies(const PathQuery& q, ConversionPlan& p) {
  const auto& sd = q.src.info.desc();
  const auto& dd = q.dst.info.desc();
  return fast_images(q) && !sd.is_rgb() && !dd.is_rgb() && !sd.packed422 && !dd.packed422 &&
         sd.dtype != ScalarType::kFloat32 && dd.dtype != ScalarType::kFloat32 &&
         (dd.is_gray() || (sd.is_yuv() && same_chroma_grid(sd, dd))) &&
         (!dd.has_alpha || (dd.bit_depth == 8 && (!sd.has_alpha || sd.bit_depth == 8))) &&
         diagonal_affine(p);
}

bool yuv8_to_rgb8_applies(const PathQuery& q, ConversionPlan& p) {
  const auto& sd = q.src.info.desc();
  const auto& dd = q.dst.info.desc();
  return fast_images(q) && (sd.is_yuv() || sd.is_gray()) && is_u8(sd) && dd.is_rgb() && is_u8(dd) &&
         make_yuv_to_rgb_fixed(p.affine, &p.yuv_to_rgb);
}

bool yuv16_to_rgb8_applies(const PathQuery& q, ConversionPlan& p) {
  const auto& sd = q.src.info.desc();
  const auto& dd = q.dst.info.desc();
  return fast_images(q) && sd.is_yuv() && sd.dtype == ScalarType::kUInt16 && !sd.packed422 &&
         !sd.has_alpha && dd.is_rgb() && is_u8(dd) &&
         make_yuv16_to_rgb_fixed(p.affine, sd.bit_depth, sd.msb_aligned ? 16 - sd.bit_depth : 0,
                                 &p.yuv_to_rgb);
}

bool yuv8_matrix_applies(const PathQuery& q, ConversionPlan& p) {
  const auto& sd = q.src.info.desc();
  const auto& dd = q.dst.info.desc();
  return fast_images(q) && sd.is_yuv() && dd.is_yuv() && is_u8(sd) && is_u8(dd) && !sd.packed422 &&
         !dd.packed422 && same_chroma_grid(sd, dd) &&
         make_yuv_to_rgb_fixed(luma_rows(p.affine), &p.yuv_to_rgb) &&
         make_yuv_matrix_chroma(p.affine, &p.yuv_chroma);
}

bool rgb8_to_yuv8_applies(const PathQuery& q, ConversionPlan& p) {
  const auto& sd = q.src.info.desc();
  const auto& dd = q.dst.info.desc();
  // The kernels take row pairs only with half-width chroma: 4:4:0 goes the general way.
  const bool full_width_half_height = dd.log2_chroma_w == 0 && dd.log2_chroma_h == 1;
  return fast_images(q) && sd.is_rgb() && is_u8(sd) && sd.num_planes == 1 &&
         ((dd.is_yuv() && !dd.packed422) || dd.is_gray()) && is_u8(dd) &&
         !full_width_half_height && make_rgb_to_yuv_fixed(p.affine, &p.rgb_to_yuv);
}

bool rgb8_to_yuv16_applies(const PathQuery& q, ConversionPlan& p) {
  const auto& sd = q.src.info.desc();
  const auto& dd = q.dst.info.desc();
  return fast_images(q) && sd.is_rgb() && is_u8(sd) && sd.num_planes == 1 && dd.is_yuv() &&
         dd.dtype == ScalarType::kUInt16 && !dd.packed422 && !dd.has_alpha &&
         make_rgb_to_yuv16_fixed(p.affine, dd.bit_depth, dd.msb_aligned ? 16 - dd.bit_depth : 0,
                                 &p.rgb_to_yuv);
}

// A uint8 tensor without normalisation whose layout is a pixel format's.
bool tensor_as_image_applies(const PathQuery& q, ConversionPlan&) {
  if (!q.options.use_fast_paths || q.src.tensor == q.dst.tensor) return false;
  const PathSide& t = q.src.tensor ? q.src : q.dst;
  return t.plain_codes && (t.storage == TensorStorage::kInterleaved ||
                           (t.storage == TensorStorage::kRowPlanar && tensor_channels(t) == 3));
}

bool yuv8_to_tensor_applies(const PathQuery& q, ConversionPlan&) {
  const auto& sd = q.src.info.desc();
  return q.options.use_fast_paths && !q.src.tensor && q.dst.tensor && sd.is_yuv() && is_u8(sd) &&
         q.dst.storage != TensorStorage::kOther;
}

bool always(const PathQuery&, ConversionPlan&) {
  return true;
}

// ------------------------------------------------------------------ run

void run_copy(const ConversionPlan&, const PathBuffers& io, const ColorConvertOptions&) {
  copy_planes(*io.src_image, *io.dst_image);
}
void run_repack_yuv(const ConversionPlan&, const PathBuffers& io, const ColorConvertOptions& opt) {
  repack_yuv(*io.src_image, *io.dst_image);
}
void run_chroma(const ConversionPlan&, const PathBuffers& io, const ColorConvertOptions& opt) {
  run_chroma_grid(*io.src_image, *io.dst_image, opt.chroma_upsample);
}
void run_swizzle(const ConversionPlan&, const PathBuffers& io, const ColorConvertOptions& opt) {
  swizzle_rgb8(*io.src_image, *io.dst_image);
}
void run_lut(const ConversionPlan& p, const PathBuffers& io, const ColorConvertOptions& opt) {
  run_sample_lut(p, *io.src_image, *io.dst_image);
}
void run_to_rgb8(const ConversionPlan& p, const PathBuffers& io, const ColorConvertOptions& opt) {
  run_yuv_to_rgb8(*io.src_image, *io.dst_image, p.yuv_to_rgb, opt);
}
void run_matrix(const ConversionPlan& p, const PathBuffers& io, const ColorConvertOptions& opt) {
  run_yuv8_matrix(*io.src_image, *io.dst_image, p.yuv_to_rgb, p.yuv_chroma, opt);
}
void run_to_yuv(const ConversionPlan& p, const PathBuffers& io, const ColorConvertOptions& opt) {
  run_rgb8_to_yuv(*io.src_image, *io.dst_image, p.rgb_to_yuv, opt);
}
void run_tensor_as_image(const ConversionPlan&, const PathBuffers& io,
                         const ColorConvertOptions& opt) {
  ImageView as_image;
  const ImageTensorView& t = io.src_tensor ? *io.src_tensor : *io.dst_tensor;
  const bool viewed = tensor_as_image(t, *io.tensor_options, &as_image);
  FK_CHECK(viewed, ErrorCode::kRuntime, "color path tensor:as_image: the tensor is no image");
  if (io.src_tensor)
    convert_color(as_image, *io.dst_image, opt);
  else
    convert_color(*io.src_image, as_image, opt);
}
void run_to_tensor(const ConversionPlan& p, const PathBuffers& io, const ColorConvertOptions&) {
  run_fused_to_tensor(*io.src_image, *io.dst_tensor, p.affine, *io.tensor_options);
}

constexpr ColorPath kTable[] = {
    {"repack:copy", "same format and color model: plane copy", copy_applies, run_copy},
    {"repack:yuv", "same model and chroma grid: re-lay planes (NV12 <-> I420, P010 <-> ...)",
     repack_yuv_applies, run_repack_yuv},
    {"repack:chroma", "YUV, same model, another chroma grid or packed 4:2:2", chroma_grid_applies,
     run_chroma},
    {"repack:rgb", "8-bit RGB family, same range: reorder channels, add or drop alpha",
     swizzle_rgb_applies, run_swizzle},
    {"repack:lut", "YUV/gray -> YUV/gray, one matrix, same chroma grid: per-sample tables",
     sample_lut_applies, run_lut},
    {"fused:yuv8_to_rgb8", "fixed-point 8-bit YUV or gray -> 8-bit RGB", yuv8_to_rgb8_applies,
     run_to_rgb8},
    {"fused:yuv16_to_rgb8", "fixed-point 10/12-bit planar or semi-planar YUV -> 8-bit RGB",
     yuv16_to_rgb8_applies, run_to_rgb8},
    {"fused:yuv8_matrix", "fixed-point 8-bit YUV -> 8-bit YUV, same chroma grid, another matrix",
     yuv8_matrix_applies, run_matrix},
    {"fused:rgb8_to_yuv8", "fixed-point 8-bit packed RGB -> 8-bit YUV or gray",
     rgb8_to_yuv8_applies, run_to_yuv},
    {"fused:rgb8_to_yuv16", "fixed-point 8-bit packed RGB -> 10/12-bit planar or semi-planar YUV",
     rgb8_to_yuv16_applies, run_to_yuv},
    {"tensor:as_image", "uint8 tensor without normalisation: converted as the image it is",
     tensor_as_image_applies, run_tensor_as_image},
    {"fused:yuv8_to_tensor", "8-bit YUV -> NCHW/NHWC tensor in one float pass",
     yuv8_to_tensor_applies, run_to_tensor},
    {"general", "float row engine: every pair of formats and tensors", always, run_general_sides},
};
constexpr size_t kPaths = std::size(kTable);

std::array<std::atomic<uint64_t>, kPaths> g_runs{};

// Paths that move samples without arithmetic give the same bytes whatever the rounding.
bool computes_nothing(const ColorPath& path) {
  return path.run == run_copy || path.run == run_repack_yuv || path.run == run_swizzle;
}

}  // namespace

PathSide PathSide::of_tensor(const ImageTensorView& t, const TensorConvertOptions& opt) {
  PathSide s;
  s.tensor = true;
  s.info = PixelInfo(opt.channel_order, CS_UNSPECIFIED, opt.range);
  s.dtype = t.dtype;
  if (t.stride_c == 1 && t.stride_w == t.channels)
    s.storage = TensorStorage::kInterleaved;
  else if (t.stride_w == 1)
    s.storage = TensorStorage::kRowPlanar;
  const auto& n = opt.normalize;
  s.plain_codes = t.dtype == ScalarType::kUInt8 && (n.scale == 0.0F || n.scale == 255.0F);
  for (int c = 0; c < t.channels && c < 4; ++c)
    if (n.mean[c] != 0.0F || n.std[c] != 1.0F) s.plain_codes = false;
  return s;
}

std::span<const ColorPath> color_path_table() {
  return kTable;
}

ConversionPlan choose_path(const PathQuery& q) {
  ConversionPlan p;
  if (!q.src.tensor && !q.dst.tensor) {
    p.resolved = resolve_conversion(q.src.info, q.dst.info);
    p.src_model = color_model(p.resolved.src);
    p.dst_model = color_model(p.resolved.dst);
  } else {
    FK_CHECK_ARG(q.src.tensor != q.dst.tensor, "a color conversion needs an image on one side");
    const bool to_tensor = q.dst.tensor;
    const TensorModels m = to_tensor ? tensor_models(q.src.info, q.dst.info, true)
                                     : tensor_models(q.dst.info, q.src.info, false);
    p.src_model = to_tensor ? m.image : m.tensor;
    p.dst_model = to_tensor ? m.tensor : m.image;
  }
  p.affine = conversion_affine(p.src_model, p.dst_model);
  for (const ColorPath& path : kTable) {
    if (q.options.rounding == Rounding::kTruncate && !computes_nothing(path) &&
        &path != &kTable[kPaths - 1])
      continue;  // only the general engine truncates
    if (path.applies(q, p)) {
      p.path = &path;
      return p;
    }
  }
  FK_THROW(ErrorCode::kRuntime, "color path table: no path takes ", q.src.info.str(), " -> ",
           q.dst.info.str());
}

void run_path(const ConversionPlan& plan, const PathBuffers& io, const ColorConvertOptions& opt) {
  g_runs[static_cast<size_t>(plan.path - kTable)].fetch_add(1, std::memory_order_relaxed);
  plan.path->run(plan, io, opt);
}

uint64_t color_path_runs(std::string_view name) {
  for (size_t i = 0; i < kPaths; ++i)
    if (kTable[i].name == name) return g_runs[i].load(std::memory_order_relaxed);
  FK_THROW(ErrorCode::kInvalidArgument, "no color path is called '", name, "'");
}

}  // namespace color_detail

std::vector<ColorPathInfo> color_paths() {
  std::vector<ColorPathInfo> out;
  for (const auto& p : color_detail::color_path_table())
    out.push_back({std::string(p.name), std::string(p.description)});
  return out;
}

std::string color_conversion_path(const PixelInfo& src, const PixelInfo& dst,
                                  const ColorConvertOptions& opt) {
  using namespace color_detail;
  const PathQuery q{PathSide::image(src), PathSide::image(dst), opt};
  return std::string(choose_path(q).path->name);
}

}  // namespace framekit
