// Color models and the affine map between two of them (see color.h for the maths;
// the matrices and sample ranges themselves are pixel/color_matrix.h).
#include <cmath>

#include "color/color_internal.h"
#include "framekit/core/error.h"
#include "framekit/pixel/color_label.h"
#include "framekit/pixel/color_matrix.h"

namespace framekit {
namespace color_detail {
namespace {

using Mat3 = ColorMatrix;

constexpr Mat3 kIdentity = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};

// Normalised source channels → normalised destination channels.
Mat3 color_matrix(const ColorModel& s, const ColorModel& d) {
  const bool s_ycc = s.family != ColorFamily::kRGB;
  const bool d_ycc = d.family != ColorFamily::kRGB;
  if (s.family == ColorFamily::kGray && d_ycc) return {{{1, 0, 0}, {0, 0, 0}, {0, 0, 0}}};
  if (s_ycc && d_ycc && s.space == d.space) {
    Mat3 m = kIdentity;
    if (d.family == ColorFamily::kGray) m[1] = m[2] = {0, 0, 0};
    return m;
  }
  Mat3 to_rgb = kIdentity;
  if (s.family == ColorFamily::kGray)
    to_rgb = {{{1, 0, 0}, {1, 0, 0}, {1, 0, 0}}};
  else if (s.family == ColorFamily::kYUV)
    to_rgb = yuv_to_rgb_matrix(s.space);
  Mat3 from_rgb = kIdentity;
  if (d_ycc) from_rgb = rgb_to_yuv_matrix(d.space);
  if (d.family == ColorFamily::kGray) from_rgb[1] = from_rgb[2] = {0, 0, 0};
  return multiply(from_rgb, to_rgb);
}

void set_channel(ColorModel& m, int ch, SampleRange r) {
  m.scale[ch] = r.scale();
  m.offset[ch] = r.offset();
}

}  // namespace

void check_supported_space(ColorSpace cs, const char* side) {
  switch (cs) {
    case CS_BT709:
    case CS_FCC:
    case CS_BT470BG:
    case CS_SMPTE170M:
    case CS_SMPTE240M:
    case CS_YCGCO:
    case CS_BT2020_NCL:
      return;
    default:
      break;
  }
  FK_THROW(ErrorCode::kUnsupported, side, ": color space '", color_space_name(cs),
           "' is not supported (expected bt601/bt470bg, smpte170m, bt709, bt2020nc, fcc, "
           "smpte240m or ycgco)");
}

ColorModel color_model(const PixelInfo& info) {
  const auto& d = info.desc();
  ColorModel m;
  m.family = d.family;
  m.space = info.space();
  m.has_alpha = d.has_alpha;
  const bool full = info.range() == CR_JPEG;
  if (d.dtype == ScalarType::kFloat32) {
    m.is_float = true;
    m.max_code = 1.0;
    return m;  // used as is
  }
  const int bits = d.bit_depth;
  m.max_code = std::ldexp(1.0, bits) - 1;
  set_channel(m, 0, luma_range(bits, full));
  for (int c = 1; c < 3; ++c)
    set_channel(m, c, d.is_yuv() ? chroma_range(bits, full) : luma_range(bits, full));
  return m;
}

ColorModel tensor_model(ColorRange range, bool gray) {
  ColorModel m;
  m.family = gray ? ColorFamily::kGray : ColorFamily::kRGB;
  m.space = gray ? CS_BT470BG : CS_RGB;
  m.is_float = true;
  m.max_code = 1.0;
  if (range == CR_MPEG) {
    // Tensor values are codes / 255.
    const SampleRange r = luma_range(8, false);
    for (int c = 0; c < 3; ++c) {
      m.scale[c] = 255.0 / r.span;
      m.offset[c] = r.offset();
    }
  }
  return m;
}

Affine conversion_affine(const ColorModel& s, const ColorModel& d) {
  const Mat3 cm = color_matrix(s, d);
  Affine a;
  for (int k = 0; k < 3; ++k) {
    double off = -d.offset[k];
    for (int j = 0; j < 3; ++j) {
      a.m[k][j] = cm[k][j] * s.scale[j] / d.scale[k];
      off += cm[k][j] * s.offset[j];
    }
    a.m[k][3] = off / d.scale[k];
  }
  return a;
}

}  // namespace color_detail

ResolvedConversion resolve_conversion(const PixelInfo& src, const PixelInfo& dst) {
  using color_detail::check_supported_space;
  FK_CHECK_ARG(src.valid(), "src: pixel format is not set (PF_NONE)");
  FK_CHECK_ARG(dst.valid(), "dst: pixel format is not set (PF_NONE)");
  auto unset = [](ColorSpace cs) { return cs == CS_UNSPECIFIED || cs == CS_RESERVED; };
  ResolvedConversion r;
  r.src = PixelInfo(src.format(), conversion_space(src, dst), src.infer_range(), src.primaries(),
                    src.transfer());
  r.dst = PixelInfo(dst.format(), conversion_space(dst, src), dst.infer_range(), dst.primaries(),
                    dst.transfer());
  // Name the side whose space was given: a side with no space of its own inherits
  // the other's, and an unsupported space is that other side's doing.
  const bool src_own = !src.desc().is_rgb() && !unset(src.space());
  const bool dst_own = !dst.desc().is_rgb() && !unset(dst.space());
  if (src_own) check_supported_space(r.src.space(), "src");
  if (dst_own) check_supported_space(r.dst.space(), "dst");
  if (!src.desc().is_rgb() && !src_own) check_supported_space(r.src.space(), "src");
  if (!dst.desc().is_rgb() && !dst_own) check_supported_space(r.dst.space(), "dst");
  return r;
}

}  // namespace framekit
