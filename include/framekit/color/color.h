// Color conversion between any two pixel formats, color spaces and ranges, and
// to/from ML tensors (NCHW / NHWC, uint8 / uint16 / float16 / float32, with mean/std
// normalisation in the same pass). See docs/convert.md for the maths.
//
// The maths, in one place:
//  - Samples are normalised per format: YUV limited range Y' = (Y - 16·s) / (219·s),
//    C' = (C - 128·s) / (224·s) with s = 2^(bits-8); full range Y' = Y / (2^bits - 1),
//    C' = (C - 2^(bits-1)) / (2^bits - 1). Integer RGB and gray use the Y rules (RGB
//    may be tagged limited range too). GBRPF32 samples are used as they are. Alpha is
//    always full range.
//  - Matrices: Kr/Kb spaces (BT.601 = BT470BG = SMPTE170M, BT.709, BT.2020 NCL, FCC,
//    SMPTE240M) use the usual Y'CbCr equations; YCgCo puts Cg in the U slot and Co in
//    the V slot. The whole chain (normalise, matrix, matrix, denormalise) is one affine
//    map per conversion; results round to nearest and saturate to the format's range
//    (floating outputs are clamped to [0, 1]).
//  - Chroma siting: every subsampled chroma sample sits at the CENTRE of the luma
//    block it covers (2x2 for 4:2:0, 2x1 for 4:2:2, as JPEG/JFIF and MPEG-1; FFmpeg's
//    AVCHROMA_LOC_CENTER). Downsampling averages the block (edge blocks of odd sizes
//    average the pixels they have, so the last chroma column/row is kept). Upsampling
//    is bilinear for centre siting (weights 3/4 and 1/4 per axis, edges replicated)
//    or, with ChromaUpsample::kNearest, the block's own sample.
//  - YUV → YUV keeps chroma on axes where both formats have the same subsampling (no
//    blur from an up/down round trip); when the matrix changes, the luma term of the
//    new chroma uses the luma averaged over the chroma block.
//  - Unspecified space or range resolve with PixelInfo::infer_space()/infer_range(),
//    except that a YUV or gray side with an unspecified SPACE takes the other side's
//    explicit space (NV12 bt709 → I420 stays bt709; an RGB frame tagged bt709, as in
//    the seed, converts to unspecified YUV with the BT.709 matrix). Ranges are always
//    the side's own (an RGB format tagged CR_MPEG is limited-range RGB, 16..235).
//    resolve_conversion() returns the resolved pair that convert_color() uses; the
//    rule itself, and the labels outputs get, are framekit/pixel/color_label.h.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "framekit/core/scalar_type.h"
#include "framekit/core/tensor.h"
#include "framekit/frame/frame.h"
#include "framekit/pixel/channel_format.h"
#include "framekit/pixel/image_view.h"
#include "framekit/pixel/pixel_info.h"

namespace framekit {

enum class ChromaUpsample : uint8_t {
  kBilinear,  // default: centre-sited bilinear (3/4, 1/4)
  kNearest,   // each chroma sample covers its block (faster, blockier)
};

// How float results become integer codes. framekit rounds to nearest; kTruncate keeps
// the integer part (of the value clamped to the format's range), as BMF's hmp and
// OpenCV's saturate_cast from float do, for callers who need BMF's numbers. Truncating
// conversions run on the general engine, except plain copies and reorders (which
// compute nothing); floating outputs are unaffected.
enum class Rounding : uint8_t {
  kNearest,   // default: round half up
  kTruncate,  // toward zero
};

struct ColorConvertOptions {
  ChromaUpsample chroma_upsample = ChromaUpsample::kBilinear;
  Rounding rounding = Rounding::kNearest;
  // false forces the general (float, row-wise) engine even where a fused fixed-point
  // kernel exists; for tests and debugging.
  bool use_fast_paths = true;
};

struct ResolvedConversion {
  PixelInfo src;  // space and range filled in
  PixelInfo dst;
};
// The concrete spaces and ranges a conversion from `src` to `dst` uses (see above).
ResolvedConversion resolve_conversion(const PixelInfo& src, const PixelInfo& dst);

// Converts src into dst (any supported format, space and range to any other). Sizes
// must match. dst must not overlap src. Throws Error naming the problem for a size
// mismatch, an invalid view (null plane, small stride), or an unsupported color
// space (BT.2020 CL, ICtCp, SMPTE2085, chroma-derived). Large images run in row
// bands on framekit::parallel_for.
void convert_color(const ImageView& src, const ImageView& dst, const ColorConvertOptions& opt = {});

// The color paths: the engines a conversion can run on, one ordered table whose first
// entry that takes a pair runs it (docs/convert.md lists them). Names are
// "repack:<kind>", "fused:<kernel>", "tensor:<kind>" and "general", the last taking
// every pair.
struct ColorPathInfo {
  std::string name;
  std::string description;  // one line
};
// The table, in the order the paths are tried.
std::vector<ColorPathInfo> color_paths();

// Which path convert_color() would use for these views. Throws like convert_color()
// for unsupported pairs or bad views. For logs and tests.
std::string color_conversion_path(const ImageView& src, const ImageView& dst,
                                  const ColorConvertOptions& opt = {});
// The same for any images of these formats, spaces and ranges (no buffers needed; the
// choice does not depend on sizes or strides).
std::string color_conversion_path(const PixelInfo& src, const PixelInfo& dst,
                                  const ColorConvertOptions& opt = {});

// Bytes of a tightly packed image (planes one after another, rows unpadded): the
// layout of raw .yuv files and of make_image_view().
size_t packed_image_size(PixelFormat format, int width, int height);

// For the CLI and for callers holding raw files: converts a tightly packed image into
// a new tightly packed buffer of `dst` format. Throws if `src_bytes` is too small.
std::vector<uint8_t> convert_packed_image(const PixelInfo& src, int width, int height,
                                          const uint8_t* src_bytes, size_t src_size,
                                          const PixelInfo& dst,
                                          const ColorConvertOptions& opt = {});

// ---------------------------------------------------------------------------------
// ML tensors on raw strided memory.

// One image as a 3-D tensor: element (c, y, x) lives at
// data + (c * stride_c + y * stride_h + x * stride_w) * element size. Strides are in
// elements and may be anything non-negative (padded rows, a slice of a batch …).
struct ImageTensorView {
  void* data = nullptr;
  ScalarType dtype = ScalarType::kFloat32;  // kUInt8, kUInt16, kFloat16 or kFloat32
  int channels = 3;
  int height = 0;
  int width = 0;
  int64_t stride_c = 0;
  int64_t stride_h = 0;
  int64_t stride_w = 0;

  // Contiguous views: NCHW has planes of height x width; NHWC interleaves channels.
  static ImageTensorView contiguous(void* data, ScalarType dtype, ChannelFormat layout,
                                    int channels, int height, int width);
  size_t element_size() const noexcept { return scalar_size(dtype); }
  // Bytes from `data` to one past the last element (what the buffer must hold).
  size_t span_bytes() const noexcept;
};

// Tensor values: out = (v * scale - mean[c]) / std[c], where v in [0, 1] is the
// normalised color (clamped) and c the tensor channel. Integer dtypes round to
// nearest and saturate. scale 0 means the dtype's natural scale: 255 for uint8,
// 65535 for uint16, 1 for float16/float32 (so torchvision's mean/std work as is).
struct TensorNormalize {
  float scale = 0.0F;
  std::array<float, 4> mean{0.0F, 0.0F, 0.0F, 0.0F};
  std::array<float, 4> std{1.0F, 1.0F, 1.0F, 1.0F};
};

struct TensorConvertOptions {
  // Channel order of the tensor, named by an 8-bit packed RGB format: PF_RGB24 (R, G,
  // B), PF_BGR24, PF_RGBA32, PF_BGRA32, PF_ARGB32, PF_ABGR32; or PF_GRAY8 (one luma
  // channel). The tensor must have that many channels.
  PixelFormat channel_order = PF_RGB24;
  // The RGB range the tensor holds: full (default) or limited (16..235 at 8 bits).
  ColorRange range = CR_JPEG;
  TensorNormalize normalize{};
  ChromaUpsample chroma_upsample = ChromaUpsample::kBilinear;
  Rounding rounding = Rounding::kNearest;  // of integer tensor values and image codes
  bool use_fast_paths = true;
};

// Image → tensor in one pass (e.g. a decoded NV12 frame → a model's input tensor).
// Sizes must match; throws Error naming the problem otherwise.
void convert_to_tensor(const ImageView& src, const ImageTensorView& dst,
                       const TensorConvertOptions& opt = {});
// Tensor → image (the inverse: values are de-normalised, v = (t * std + mean) / scale,
// then converted to dst's format, space and range).
void convert_from_tensor(const ImageTensorView& src, const ImageView& dst,
                         const TensorConvertOptions& opt = {});
// Which color path convert_to_tensor() / convert_from_tensor() would use.
std::string color_conversion_path(const ImageView& src, const ImageTensorView& dst,
                                  const TensorConvertOptions& opt = {});
std::string color_conversion_path(const ImageTensorView& src, const ImageView& dst,
                                  const TensorConvertOptions& opt = {});

// ---------------------------------------------------------------------------------
// The seed's tensor API (BMF hmp::img names). Images are tensors: an RGB image is
// (H, W, C) for kNHWC or (C, H, W) for kNCHW (a leading batch dimension N is allowed
// and loops), C = 3 (RGB) or 4 (RGBA), dtype uint8 (0..255), uint16 (0..65535),
// float16/float32 (0..1). YUV images are the plane tensors of a Frame of `pix_info`
// ((rows, cols, channels) each, or with the same leading N). Space and range come
// from `pix_info` (resolved as above); the RGB side is full-range RGB.
namespace img {

using framekit::ChannelFormat;
using framekit::kNCHW;
using framekit::kNHWC;

// RGB(A) tensor → YUV planes of pix_info. Returns dst.
TensorList& rgb_to_yuv(TensorList& dst, const Tensor& src, const PixelInfo& pix_info,
                       ChannelFormat cformat = kNHWC);
TensorList rgb_to_yuv(const Tensor& src, const PixelInfo& pix_info, ChannelFormat cformat = kNHWC);
// YUV planes of pix_info → RGB(A) tensor (dst's dtype and shape decide the output).
// The allocating form makes 3-channel RGB of the planes' dtype (uint8 or uint16).
Tensor& yuv_to_rgb(Tensor& dst, const TensorList& src, const PixelInfo& pix_info,
                   ChannelFormat cformat = kNHWC);
Tensor yuv_to_rgb(const TensorList& src, const PixelInfo& pix_info, ChannelFormat cformat = kNHWC);
// The same with the chroma upsampling and rounding of `opt` (BMF's numbers:
// ChromaUpsample::kNearest and Rounding::kTruncate).
Tensor& yuv_to_rgb(Tensor& dst, const TensorList& src, const PixelInfo& pix_info,
                   ChannelFormat cformat, const ColorConvertOptions& opt);
Tensor yuv_to_rgb(const TensorList& src, const PixelInfo& pix_info, ChannelFormat cformat,
                  const ColorConvertOptions& opt);
TensorList& rgb_to_yuv(TensorList& dst, const Tensor& src, const PixelInfo& pix_info,
                       ChannelFormat cformat, const ColorConvertOptions& opt);
TensorList rgb_to_yuv(const Tensor& src, const PixelInfo& pix_info, ChannelFormat cformat,
                      const ColorConvertOptions& opt);
// YUV planes → YUV planes (repack, bit depth, range, matrix).
TensorList& yuv_to_yuv(TensorList& dst, const TensorList& src, const PixelInfo& dst_info,
                       const PixelInfo& src_info);
TensorList yuv_to_yuv(const TensorList& src, const PixelInfo& dst_info, const PixelInfo& src_info);
// dst = (src - mean[c]) / std[c] per channel c, on raw values (no rescaling), any of
// the image dtypes in, float16/float32 (or an integer dtype, rounded) out. mean/std
// are float tensors of C values, or vectors.
Tensor& normalize(Tensor& dst, const Tensor& src, const Tensor& mean, const Tensor& std,
                  ChannelFormat cformat = kNHWC);
Tensor normalize(const Tensor& src, const std::vector<float>& mean, const std::vector<float>& std,
                 ChannelFormat cformat = kNHWC);
// BMF's out-of-place form: a new float32 tensor of src's shape.
Tensor normalize(const Tensor& src, const Tensor& mean, const Tensor& std,
                 ChannelFormat cformat = kNHWC);

// Frame → model input tensor in one pass (color conversion, layout, dtype and
// mean/std from opt): shape (C, H, W) for kNCHW, (H, W, C) for kNHWC.
Tensor to_tensor(const Frame& src, ChannelFormat cformat = kNCHW,
                 ScalarType dtype = ScalarType::kFloat32, const TensorConvertOptions& opt = {});
// Tensor (as to_tensor makes) → a Frame of `info`.
Frame from_tensor(const Tensor& src, const PixelInfo& info, ChannelFormat cformat = kNCHW,
                  const TensorConvertOptions& opt = {});

}  // namespace img
}  // namespace framekit
