// Image → tensor (NCHW / NHWC, uint8 / uint16 / float16 / float32, mean/std) against the
// double reference, and tensor → image.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "framekit/color/color.h"
#include "framekit/core/error.h"
#include "testing/color_reference.h"

namespace framekit {
namespace {

using color_ref::OwnedImage;

double read_elem(const std::vector<uint8_t>& buf, ScalarType dt, size_t i) {
  switch (dt) {
    case ScalarType::kUInt8:
      return buf[i];
    case ScalarType::kUInt16: {
      uint16_t v;
      std::memcpy(&v, &buf[2 * i], 2);
      return v;
    }
    case ScalarType::kFloat16: {
      uint16_t v;
      std::memcpy(&v, &buf[2 * i], 2);
      return half_bits_to_float(v);
    }
    default: {
      float v;
      std::memcpy(&v, &buf[4 * i], 4);
      return v;
    }
  }
}

// Reference RGB (normalised doubles) of src via the double reference into GBRPF32.
struct RefRgb {
  std::vector<double> r, g, b, y;
};
RefRgb reference_rgb(const ImageView& src, ChromaUpsample up) {
  const int w = src.width, h = src.height;
  OwnedImage rgb(PixelInfo(PF_GBRPF32), w, h), gray(PixelInfo(PF_GRAY16), w, h);
  auto r = resolve_conversion(src.info, rgb.view.info);
  ImageView s = src, d = rgb.view;
  s.info = r.src;
  d.info = r.dst;
  color_ref::convert(s, d, up);
  auto rg = resolve_conversion(src.info, gray.view.info);
  ImageView s2 = src, d2 = gray.view;
  s2.info = rg.src;
  d2.info = rg.dst;
  color_ref::convert(s2, d2, up);
  RefRgb out;
  for (int yy = 0; yy < h; ++yy)
    for (int x = 0; x < w; ++x) {
      out.g.push_back(color_ref::get_sample(rgb.view, 0, yy, x));
      out.b.push_back(color_ref::get_sample(rgb.view, 1, yy, x));
      out.r.push_back(color_ref::get_sample(rgb.view, 2, yy, x));
      out.y.push_back(color_ref::get_sample(gray.view, 0, yy, x) / 65535.0);
    }
  return out;
}

struct Case {
  PixelFormat src;
  ScalarType dtype;
  ChannelFormat layout;
  PixelFormat order;
  bool normalise;
};

double run_case(const Case& c, int w, int h, bool fast = true) {
  OwnedImage src(PixelInfo(c.src, CS_BT709, CR_MPEG), w, h);
  color_ref::fill(src.view, 17 + w);
  const int ch = c.order == PF_GRAY8 ? 1 : c.order == PF_RGB24 || c.order == PF_BGR24 ? 3 : 4;
  std::vector<uint8_t> buf(static_cast<size_t>(w) * h * ch * scalar_size(c.dtype));
  TensorConvertOptions opt;
  opt.channel_order = c.order;
  opt.use_fast_paths = fast;
  if (c.normalise) {
    opt.normalize.mean = {0.485F, 0.456F, 0.406F, 0.1F};
    opt.normalize.std = {0.229F, 0.224F, 0.225F, 0.9F};
  }
  convert_to_tensor(src.view, ImageTensorView::contiguous(buf.data(), c.dtype, c.layout, ch, h, w),
                    opt);
  const RefRgb ref = reference_rgb(src.view, opt.chroma_upsample);
  const auto comps =
      c.order == PF_GRAY8 ? std::string_view("Y") : pixel_format_desc(c.order).planes[0].components;
  const double scale = c.dtype == kUInt8 ? 255 : c.dtype == kUInt16 ? 65535 : 1;
  double worst = 0;  // in units of the dtype's one code (floats: of 1/255)
  for (int t = 0; t < ch; ++t)
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const size_t p = static_cast<size_t>(y) * w + x;
        double v = 1.0;
        switch (comps[t]) {
          case 'R':
            v = ref.r[p];
            break;
          case 'G':
            v = ref.g[p];
            break;
          case 'B':
            v = ref.b[p];
            break;
          case 'Y':
            v = ref.y[p];
            break;
          default:
            v = src.view.desc().has_alpha ? color_ref::get_sample(src.view, 3, y, x) / 255.0 : 1.0;
        }
        double want = (v * scale - opt.normalize.mean[t]) / opt.normalize.std[t];
        if (c.dtype == kUInt8 || c.dtype == kUInt16)
          want = std::clamp(std::nearbyint(want), 0.0, scale);
        const size_t idx = c.layout == kNCHW ? static_cast<size_t>(t) * w * h + p : p * ch + t;
        const double got = read_elem(buf, c.dtype, idx);
        double err = std::abs(got - want);
        if (c.dtype == kFloat32 || c.dtype == kFloat16)
          err = err * 255.0 * opt.normalize.std[t];  // back to 8-bit code units
        worst = std::max(worst, err);
      }
  return worst;
}

TEST(ColorTensor, MatchesDoubleReference) {
  int n = 0;
  for (PixelFormat s :
       {PF_NV12, PF_YUV420P, PF_YUV444P, PF_P010LE, PF_RGB24, PF_YUVA420P, PF_YUYV422})
    for (ScalarType dt : {kFloat32, kFloat16, kUInt8, kUInt16})
      for (ChannelFormat layout : {kNCHW, kNHWC})
        for (PixelFormat order : {PF_RGB24, PF_BGR24, PF_ARGB32, PF_GRAY8})
          for (bool norm : {false, true}) {
            if (norm && (dt == kUInt8 || dt == kUInt16)) continue;
            const Case c{s, dt, layout, order, norm};
            // float16 keeps 11 significant bits: about 0.13 of an 8-bit code near 1.0
            // before normalisation scales it.
            const double tol = dt == kFloat16 ? 1.0 : dt == kFloat32 ? 0.01 : 1.0;
            for (int w : {67, 130}) {
              EXPECT_LE(run_case(c, w, 5), tol)
                  << pixel_format_name(s) << " " << scalar_name(dt) << " "
                  << (layout == kNCHW ? "NCHW" : "NHWC") << " " << pixel_format_name(order)
                  << (norm ? " normalised" : "") << " w=" << w;
              ++n;
            }
            // The general engine computes the same values.
            EXPECT_LE(run_case(c, 33, 3, false), tol) << pixel_format_name(s) << " general";
          }
  EXPECT_GT(n, 100);
}

TEST(ColorTensor, PaddedStridesAndSliceOfBatch) {
  // An NCHW batch of 2 with padded rows; convert into the second image only.
  const int w = 70, h = 6, c = 3, row = 80;
  std::vector<float> batch(2 * c * h * row, -7.0F);
  ImageTensorView t;
  t.data = batch.data() + c * h * row;
  t.dtype = kFloat32;
  t.channels = c;
  t.height = h;
  t.width = w;
  t.stride_w = 1;
  t.stride_h = row;
  t.stride_c = static_cast<int64_t>(h) * row;
  OwnedImage src(PixelInfo(PF_NV12), w, h);
  color_ref::fill(src.view, 5);
  convert_to_tensor(src.view, t);
  for (int i = 0; i < c * h * row; ++i) EXPECT_EQ(batch[i], -7.0F) << "first image touched";
  for (int ch = 0; ch < c; ++ch)
    for (int y = 0; y < h; ++y)
      for (int x = w; x < row; ++x)
        EXPECT_EQ(static_cast<float*>(t.data)[ch * t.stride_c + y * row + x], -7.0F);
  EXPECT_EQ(t.span_bytes(), static_cast<size_t>(((c - 1) * t.stride_c + (h - 1) * row + w) * 4));
}

TEST(ColorTensor, InverseRoundTrips) {
  for (PixelFormat dst : {PF_RGB24, PF_BGRA32, PF_NV12, PF_YUV444P, PF_RGB48})
    for (ScalarType dt : {kFloat32, kFloat16, kUInt8})
      for (ChannelFormat layout : {kNCHW, kNHWC}) {
        const int w = 41, h = 7;
        OwnedImage rgb(PixelInfo(PF_RGB24), w, h);
        color_ref::fill(rgb.view, 3, true);
        OwnedImage img(PixelInfo(dst), w, h);
        convert_color(rgb.view, img.view);
        std::vector<uint8_t> buf(static_cast<size_t>(w) * h * 3 * scalar_size(dt));
        TensorConvertOptions opt;
        opt.normalize.mean = {0.4F, 0.5F, 0.6F, 0};
        opt.normalize.std = {0.2F, 0.25F, 0.3F, 1};
        if (dt == kUInt8) opt.normalize = {};
        const auto tv = ImageTensorView::contiguous(buf.data(), dt, layout, 3, h, w);
        convert_to_tensor(img.view, tv, opt);
        OwnedImage back(PixelInfo(dst), w, h);
        convert_from_tensor(tv, back.view, opt);
        // float16 costs up to ~1 code after normalisation; chroma subsampling a little more.
        const double tol = dt == kFloat16 ? 2.0 : dst == PF_NV12 ? 2.0 : 1.0;
        EXPECT_LE(color_ref::max_diff(img.view, back.view) / (dst == PF_RGB48 ? 257.0 : 1.0), tol)
            << pixel_format_name(dst) << " " << scalar_name(dt);
      }
}

TEST(ColorTensor, Uint8WithoutNormalisationIsAnImage) {
  // NHWC uint8 RGB equals convert_color to RGB24; NCHW equals the planes of GBRP.
  const int w = 77, h = 4;
  OwnedImage src(PixelInfo(PF_NV12), w, h), rgb(PixelInfo(PF_RGB24), w, h),
      gbrp(PixelInfo(PF_GBRP), w, h);
  color_ref::fill(src.view, 8);
  convert_color(src.view, rgb.view);
  convert_color(src.view, gbrp.view);
  std::vector<uint8_t> nhwc(w * h * 3), nchw(w * h * 3);
  convert_to_tensor(src.view, ImageTensorView::contiguous(nhwc.data(), kUInt8, kNHWC, 3, h, w));
  convert_to_tensor(src.view, ImageTensorView::contiguous(nchw.data(), kUInt8, kNCHW, 3, h, w));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) {
        EXPECT_EQ(nhwc[(y * w + x) * 3 + c], rgb.view.planes[0].row(y)[3 * x + c]);
        const int plane = c == 0 ? 2 : c == 1 ? 0 : 1;  // R, G, B → GBRP planes
        EXPECT_EQ(nchw[c * w * h + y * w + x], gbrp.view.planes[plane].row(y)[x]);
      }
}

TEST(ColorTensor, BadInput) {
  OwnedImage src(PixelInfo(PF_NV12), 16, 8);
  std::vector<float> buf(16 * 8 * 3);
  auto t = ImageTensorView::contiguous(buf.data(), kFloat32, kNCHW, 3, 8, 16);
  auto bad = t;
  bad.width = 15;
  EXPECT_THROW(convert_to_tensor(src.view, bad), Error);
  bad = t;
  bad.data = nullptr;
  EXPECT_THROW(convert_to_tensor(src.view, bad), Error);
  bad = t;
  bad.channels = 4;
  EXPECT_THROW(convert_to_tensor(src.view, bad), Error);
  bad = t;
  bad.dtype = kInt32;
  EXPECT_THROW(convert_to_tensor(src.view, bad), Error);
  TensorConvertOptions opt;
  opt.normalize.std[1] = 0;
  EXPECT_THROW(convert_to_tensor(src.view, t, opt), Error);
  // Non-finite normalisation parameters would fill the tensor with NaNs silently.
  for (const float bad_value : {std::numeric_limits<float>::quiet_NaN(),
                                std::numeric_limits<float>::infinity()}) {
    opt = {};
    opt.normalize.scale = bad_value;
    EXPECT_THROW(convert_to_tensor(src.view, t, opt), Error);
    opt = {};
    opt.normalize.mean[2] = bad_value;
    EXPECT_THROW(convert_to_tensor(src.view, t, opt), Error);
    opt = {};
    opt.normalize.std[0] = bad_value;
    EXPECT_THROW(convert_to_tensor(src.view, t, opt), Error);
  }
  opt = {};
  opt.channel_order = PF_NV12;
  try {
    convert_to_tensor(src.view, t, opt);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("channel_order"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace framekit
