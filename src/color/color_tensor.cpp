// Image ↔ ML tensor conversion (NCHW / NHWC; uint8, uint16, float16, float32) with
// per-channel mean/std normalisation folded into the color matrix, so a decoded NV12
// frame becomes a model input in one pass.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "color/color_chroma.h"
#include "color/color_internal.h"
#include "color/color_kernels.h"
#include "color/color_paths.h"
#include "framekit/core/error.h"
#include "framekit/core/parallel.h"

namespace framekit {

ImageTensorView ImageTensorView::contiguous(void* data, ScalarType dtype, ChannelFormat layout,
                                            int channels, int height, int width) {
  ImageTensorView t;
  t.data = data;
  t.dtype = dtype;
  t.channels = channels;
  t.height = height;
  t.width = width;
  if (layout == kNCHW) {
    t.stride_w = 1;
    t.stride_h = width;
    t.stride_c = static_cast<int64_t>(width) * height;
  } else {
    t.stride_c = 1;
    t.stride_w = channels;
    t.stride_h = static_cast<int64_t>(width) * channels;
  }
  return t;
}

size_t ImageTensorView::span_bytes() const noexcept {
  if (channels <= 0 || height <= 0 || width <= 0) return 0;
  const int64_t last = (channels - 1) * stride_c + (height - 1) * stride_h + (width - 1) * stride_w;
  return static_cast<size_t>(last + 1) * element_size();
}

namespace color_detail {
namespace {

// Tensor channel → component: 'R', 'G', 'B', 'A' or 'Y'.
std::string_view channel_components(PixelFormat order) {
  switch (order) {
    case PF_RGB24:
    case PF_BGR24:
    case PF_RGBA32:
    case PF_BGRA32:
    case PF_ARGB32:
    case PF_ABGR32:
      return pixel_format_desc(order).planes[0].components;
    case PF_GRAY8:
      return "Y";
    default:
      break;
  }
  FK_THROW(ErrorCode::kInvalidArgument, "tensor channel_order ", pixel_format_name(order),
           " is not supported (expected rgb24, bgr24, rgba, bgra, argb, abgr or gray)");
}

void validate_tensor(const ImageTensorView& t, const char* what, int channels, int width,
                     int height) {
  FK_CHECK_ARG(t.data != nullptr, what, " tensor: data is a null pointer");
  FK_CHECK(t.dtype == ScalarType::kUInt8 || t.dtype == ScalarType::kUInt16 ||
               t.dtype == ScalarType::kFloat16 || t.dtype == ScalarType::kFloat32,
           ErrorCode::kTypeMismatch, what, " tensor: dtype ", scalar_name(t.dtype),
           " is not supported (expected uint8, uint16, float16 or float32)");
  FK_CHECK_ARG(t.channels == channels, what, " tensor has ", t.channels,
               " channels but the channel order needs ", channels);
  FK_CHECK_ARG(t.width == width && t.height == height, what, " tensor is ", t.width, "x", t.height,
               " (W x H) but the image is ", width, "x", height);
  FK_CHECK_ARG((t.stride_w >= 1 || width == 1) && (t.stride_h >= 1 || height == 1) &&
                   (t.stride_c >= 1 || channels == 1),
               what, " tensor strides (c ", t.stride_c, ", h ", t.stride_h, ", w ", t.stride_w,
               ") must be positive");
}

struct ChannelAffine {  // out = clamp(raw, 0, 1) * s + o, then dtype rounding
  float s[4], o[4];
};

float dtype_scale(ScalarType t) {
  if (t == ScalarType::kUInt8) return 255.0F;
  if (t == ScalarType::kUInt16) return 65535.0F;
  return 1.0F;
}

ChannelAffine channel_affine(const TensorNormalize& n, ScalarType dtype, int channels) {
  // A NaN or infinite parameter would fill the tensor with NaNs without a word.
  FK_CHECK_ARG(std::isfinite(n.scale), "normalize.scale is ", n.scale,
               " (expected a finite value; 0 = the dtype's natural scale)");
  const float scale = n.scale != 0.0F ? n.scale : dtype_scale(dtype);
  ChannelAffine a{};
  for (int c = 0; c < channels; ++c) {
    FK_CHECK_ARG(std::isfinite(n.mean[c]), "normalize.mean[", c, "] is ", n.mean[c],
                 " (expected a finite value)");
    FK_CHECK_ARG(n.std[c] != 0.0F && std::isfinite(n.std[c]), "normalize.std[", c, "] is ",
                 n.std[c], " (expected a finite non-zero value)");
    a.s[c] = scale / n.std[c];
    a.o[c] = -n.mean[c] / n.std[c];
  }
  return a;
}

TensorDType tensor_dtype(ScalarType t) {
  switch (t) {
    case ScalarType::kUInt8:
      return TensorDType::kU8;
    case ScalarType::kUInt16:
      return TensorDType::kU16;
    case ScalarType::kFloat16:
      return TensorDType::kF16;
    default:
      return TensorDType::kF32;
  }
}

uint8_t* element(const ImageTensorView& t, int c, int y, int x) {
  return static_cast<uint8_t*>(t.data) +
         (c * t.stride_c + y * t.stride_h + static_cast<int64_t>(x) * t.stride_w) *
             static_cast<int64_t>(t.element_size());
}

int component_slot(char c) {  // main-channel slot of the general engine
  switch (c) {
    case 'R':
    case 'Y':
      return 0;
    case 'G':
      return 1;
    case 'B':
      return 2;
    default:
      return 3;  // alpha
  }
}

class TensorWriter final : public RowWriter {
 public:
  TensorWriter(const ImageTensorView& t, std::string_view comps, const ChannelAffine& a,
               Rounding rounding)
      : t_(t), comps_(comps), a_(a), rounding_(rounding) {}
  void write_main(int y, const float* c0, const float* c1, const float* c2,
                  const float* alpha) override {
    const float* src[4] = {c0, c1, c2, alpha};
    for (int c = 0; c < t_.channels; ++c) {
      const float* in = src[component_slot(comps_[c])];
      for (int x = 0; x < t_.width; ++x)
        store_tensor_value(t_.dtype, element(t_, c, y, x),
                           std::clamp(in[x], 0.0F, 1.0F) * a_.s[c] + a_.o[c], rounding_);
    }
  }

 private:
  ImageTensorView t_;
  std::string_view comps_;
  ChannelAffine a_;
  Rounding rounding_;
};

class TensorReader final : public RowReader {
 public:
  TensorReader(const ImageTensorView& t, std::string_view comps, const ChannelAffine& a)
      : t_(t), comps_(comps), a_(a) {}
  int width() const override { return t_.width; }
  int height() const override { return t_.height; }
  void read_main(int y, float* c0, float* c1, float* c2, float* alpha) const override {
    float* dst[4] = {c0, c1, c2, alpha};
    for (int c = 0; c < t_.channels; ++c) {
      float* out = dst[component_slot(comps_[c])];
      if (out == nullptr) continue;
      for (int x = 0; x < t_.width; ++x)
        out[x] = (load_tensor_value(t_.dtype, element(t_, c, y, x)) - a_.o[c]) / a_.s[c];
    }
  }

 private:
  ImageTensorView t_;
  std::string_view comps_;
  ChannelAffine a_;
};

}  // namespace

void run_fused_to_tensor(const ImageView& src, const ImageTensorView& t, const Affine& af,
                         const TensorConvertOptions& opt) {
  const auto comps = channel_components(opt.channel_order);
  const ChannelAffine ca = channel_affine(opt.normalize, t.dtype, t.channels);
  TensorFloatCoeffs k;
  const float lo_dtype = 0.0F;
  const float hi_dtype = t.dtype == ScalarType::kUInt8    ? 255.0F
                         : t.dtype == ScalarType::kUInt16 ? 65535.0F
                                                          : INFINITY;
  const bool is_int = t.dtype == ScalarType::kUInt8 || t.dtype == ScalarType::kUInt16;
  for (int c = 0; c < t.channels; ++c) {
    const float s = ca.s[c], o = ca.o[c];
    if (comps[c] == 'A') {
      if (src.desc().has_alpha) k.ka[c] = s / 255.0F;
      k.k0[c] = src.desc().has_alpha ? o : s + o;
    } else {
      const auto& row = af.m[comps[c] == 'Y' ? 0 : component_slot(comps[c])];
      // Chroma words are (c - 128) * 256: fold the 1/256 and the 128 offset in.
      k.ky[c] = static_cast<float>(row[0] * s);
      k.ku[c] = static_cast<float>(row[1] * s / 256.0);
      k.kv[c] = static_cast<float>(row[2] * s / 256.0);
      k.k0[c] = static_cast<float>((row[3] + 128.0 * (row[1] + row[2])) * s + o);
    }
    k.lo[c] = std::min(o, s + o);
    k.hi[c] = std::max(o, s + o);
    if (is_int) {
      k.lo[c] = std::max(k.lo[c], lo_dtype);
      k.hi[c] = std::min(k.hi[c], hi_dtype);
    }
  }
  const ColorKernels& kern = color_kernels();
  const bool interleaved = t.stride_c == 1 && t.stride_w == t.channels;
  const int w = src.width;
  parallel_for(0, src.height, band_rows(w, src.height), [&](int64_t r0, int64_t r1) {
    ChromaRows rows(src, opt.chroma_upsample, kern);
    std::vector<int16_t> wu(w), wv(w);
    for (int y = static_cast<int>(r0); y < r1; ++y) {
      ChromaRow chroma;
      const uint8_t* luma = rows.prepare(y, &chroma);
      int16_t* u = rows.swapped() ? wv.data() : wu.data();
      int16_t* v = rows.swapped() ? wu.data() : wv.data();
      kern.chroma_words(chroma, w, rows.mode(), u, v);
      TensorRowOut out;
      out.dtype = tensor_dtype(t.dtype);
      out.channels = t.channels;
      out.interleaved = interleaved;
      if (interleaved)
        out.packed = element(t, 0, y, 0);
      else
        for (int c = 0; c < t.channels; ++c) out.planes[c] = element(t, c, y, 0);
      const uint8_t* a = src.desc().has_alpha ? src.planes[3].row(y) : nullptr;
      kern.yuv_to_tensor_row(luma, wu.data(), wv.data(), a, w, out, k);
    }
  });
}

// The image side and the tensor side of a conversion as color models, resolved
// against each other like any two formats.
TensorModels tensor_models(const PixelInfo& image, const PixelInfo& tensor, bool to_tensor) {
  const bool gray = tensor.format() == PF_GRAY8;
  const PixelInfo tinfo(gray ? PF_GRAY8 : PF_RGB24, CS_UNSPECIFIED, tensor.range());
  const auto r = to_tensor ? resolve_conversion(image, tinfo) : resolve_conversion(tinfo, image);
  TensorModels m;
  m.image = color_model(to_tensor ? r.src : r.dst);
  m.tensor = tensor_model(tensor.range(), gray);
  if (gray) m.tensor.space = to_tensor ? r.dst.space() : r.src.space();
  m.tensor.has_alpha = channel_components(tensor.format()).find('A') != std::string_view::npos;
  return m;
}

// A uint8 tensor without normalisation is an image: NHWC is the packed format of the
// channel order, NCHW with 3 color channels is planar RGB (GBRP with permuted planes).
bool tensor_as_image(const ImageTensorView& t, const TensorConvertOptions& opt, ImageView* v) {
  const PathSide side = PathSide::of_tensor(t, opt);
  if (!side.plain_codes) return false;
  const PixelInfo info(opt.channel_order, CS_UNSPECIFIED, opt.range);
  *v = ImageView{};
  v->width = t.width;
  v->height = t.height;
  if (side.storage == TensorStorage::kInterleaved) {
    v->info = info;
    v->planes[0] = {static_cast<uint8_t*>(t.data), static_cast<ptrdiff_t>(t.stride_h)};
    return true;
  }
  if (side.storage == TensorStorage::kRowPlanar && t.channels == 3) {
    const auto comps = channel_components(opt.channel_order);
    v->info = PixelInfo(PF_GBRP, CS_UNSPECIFIED, opt.range);
    const char gbr[3] = {'G', 'B', 'R'};
    for (int p = 0; p < 3; ++p) {
      const int c = static_cast<int>(comps.find(gbr[p]));
      v->planes[p] = {element(t, c, 0, 0), static_cast<ptrdiff_t>(t.stride_h)};
    }
    return true;
  }
  return false;
}

void run_general_sides(const ConversionPlan& p, const PathBuffers& io,
                       const ColorConvertOptions& opt) {
  // Tensor values pass through their normalisation on the way in or out.
  std::unique_ptr<RowReader> reader;
  std::unique_ptr<RowWriter> writer;
  if (io.src_tensor) {
    const ImageTensorView& t = *io.src_tensor;
    const TensorConvertOptions& o = *io.tensor_options;
    reader = std::make_unique<TensorReader>(t, channel_components(o.channel_order),
                                            channel_affine(o.normalize, t.dtype, t.channels));
  } else {
    reader = make_image_reader(*io.src_image);
  }
  if (io.dst_tensor) {
    const ImageTensorView& t = *io.dst_tensor;
    const TensorConvertOptions& o = *io.tensor_options;
    writer = std::make_unique<TensorWriter>(t, channel_components(o.channel_order),
                                            channel_affine(o.normalize, t.dtype, t.channels),
                                            opt.rounding);
  } else {
    writer = make_image_writer(*io.dst_image, opt.rounding);
  }
  GeneralPlan g;
  g.reader = reader.get();
  g.writer = writer.get();
  g.src = p.src_model;
  g.dst = p.dst_model;
  g.upsample = opt.chroma_upsample;
  g.width = reader->width();
  g.height = reader->height();
  run_general(g);
}

void store_tensor_value(ScalarType dtype, uint8_t* p, float v, Rounding rounding) {
  const auto integer = [rounding](float x) {
    return rounding == Rounding::kTruncate ? std::trunc(x) : std::nearbyint(x);
  };
  switch (dtype) {
    case ScalarType::kUInt8:
      *p = static_cast<uint8_t>(std::clamp(integer(v), 0.0F, 255.0F));
      break;
    case ScalarType::kUInt16: {
      const auto u = static_cast<uint16_t>(std::clamp(integer(v), 0.0F, 65535.0F));
      std::memcpy(p, &u, 2);
      break;
    }
    case ScalarType::kFloat16: {
      const uint16_t h = float_to_half_bits(v);
      std::memcpy(p, &h, 2);
      break;
    }
    default:
      std::memcpy(p, &v, 4);
      break;
  }
}

float load_tensor_value(ScalarType dtype, const uint8_t* p) {
  switch (dtype) {
    case ScalarType::kUInt8:
      return *p;
    case ScalarType::kUInt16: {
      uint16_t u;
      std::memcpy(&u, p, 2);
      return u;
    }
    case ScalarType::kFloat16: {
      uint16_t h;
      std::memcpy(&h, p, 2);
      return half_bits_to_float(h);
    }
    default: {
      float f;
      std::memcpy(&f, p, 4);
      return f;
    }
  }
}

namespace {

// The options of the image conversions a tensor conversion runs.
ColorConvertOptions image_options(const TensorConvertOptions& o) {
  ColorConvertOptions co;
  co.chroma_upsample = o.chroma_upsample;
  co.rounding = o.rounding;
  co.use_fast_paths = o.use_fast_paths;
  return co;
}

// Checks the tensor against the image and the options (the range only on the way to a
// tensor, as it always was), and gives the options with the range resolved.

TensorConvertOptions checked_tensor_options(const ImageTensorView& t, const char* what,
                                            const ImageView& image,
                                            const TensorConvertOptions& opt, bool to_tensor) {
  const auto comps = channel_components(opt.channel_order);
  validate_tensor(t, what, static_cast<int>(comps.size()), image.width, image.height);
  FK_CHECK_ARG(!to_tensor || opt.range == CR_JPEG || opt.range == CR_MPEG ||
                   opt.range == CR_UNSPECIFIED,
               "tensor range ", static_cast<int>(opt.range), " is invalid");
  TensorConvertOptions o = opt;
  if (o.range == CR_UNSPECIFIED) o.range = CR_JPEG;
  (void)channel_affine(o.normalize, t.dtype, t.channels);  // refuses bad mean/std/scale
  return o;
}

}  // namespace
}  // namespace color_detail

void convert_to_tensor(const ImageView& src, const ImageTensorView& dst,
                       const TensorConvertOptions& opt) {
  using namespace color_detail;
  src.validate("src");
  const TensorConvertOptions o = checked_tensor_options(dst, "dst", src, opt, true);
  const ColorConvertOptions co = image_options(o);
  PathBuffers io;
  io.src_image = &src;
  io.dst_tensor = &dst;
  io.tensor_options = &o;
  run_path(choose_path({PathSide::image(src.info), PathSide::of_tensor(dst, o), co}), io, co);
}

void convert_from_tensor(const ImageTensorView& src, const ImageView& dst,
                         const TensorConvertOptions& opt) {
  using namespace color_detail;
  dst.validate("dst");
  const TensorConvertOptions o = checked_tensor_options(src, "src", dst, opt, false);
  const ColorConvertOptions co = image_options(o);
  PathBuffers io;
  io.src_tensor = &src;
  io.dst_image = &dst;
  io.tensor_options = &o;
  run_path(choose_path({PathSide::of_tensor(src, o), PathSide::image(dst.info), co}), io, co);
}

std::string color_conversion_path(const ImageView& src, const ImageTensorView& dst,
                                  const TensorConvertOptions& opt) {
  using namespace color_detail;
  src.validate("src");
  const TensorConvertOptions o = checked_tensor_options(dst, "dst", src, opt, true);
  return std::string(
      choose_path({PathSide::image(src.info), PathSide::of_tensor(dst, o), image_options(o)})
          .path->name);
}

std::string color_conversion_path(const ImageTensorView& src, const ImageView& dst,
                                  const TensorConvertOptions& opt) {
  using namespace color_detail;
  dst.validate("dst");
  const TensorConvertOptions o = checked_tensor_options(src, "src", dst, opt, false);
  return std::string(
      choose_path({PathSide::of_tensor(src, o), PathSide::image(dst.info), image_options(o)})
          .path->name);
}

}  // namespace framekit
