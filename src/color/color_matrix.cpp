// Color models and the affine map between two of them (see color.h for the maths).
#include <cmath>

#include "color/color_internal.h"
#include "framekit/core/error.h"

namespace framekit {
namespace color_detail {
namespace {

using Mat3 = std::array<std::array<double, 3>, 3>;

constexpr Mat3 kIdentity = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};

Mat3 rgb_to_yuv(ColorSpace cs) {
  if (cs == CS_YCGCO) return {{{0.25, 0.5, 0.25}, {-0.25, 0.5, -0.25}, {0.5, 0.0, -0.5}}};
  const auto [kr, kb] = luma_coefficients(cs);
  const double kg = 1.0 - kr - kb;
  const double cb = 2.0 * (1.0 - kb);
  const double cr = 2.0 * (1.0 - kr);
  return {
      {{kr, kg, kb}, {-kr / cb, -kg / cb, (1.0 - kb) / cb}, {(1.0 - kr) / cr, -kg / cr, -kb / cr}}};
}

Mat3 yuv_to_rgb(ColorSpace cs) {
  if (cs == CS_YCGCO) return {{{1, -1, 1}, {1, 1, 0}, {1, -1, -1}}};
  const auto [kr, kb] = luma_coefficients(cs);
  const double kg = 1.0 - kr - kb;
  return {{{1, 0, 2 * (1 - kr)},
           {1, -2 * kb * (1 - kb) / kg, -2 * kr * (1 - kr) / kg},
           {1, 2 * (1 - kb), 0}}};
}

Mat3 mul(const Mat3& a, const Mat3& b) {
  Mat3 r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) r[i][j] += a[i][k] * b[k][j];
  return r;
}

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
    to_rgb = yuv_to_rgb(s.space);
  Mat3 from_rgb = kIdentity;
  if (d_ycc) from_rgb = rgb_to_yuv(d.space);
  if (d.family == ColorFamily::kGray) from_rgb[1] = from_rgb[2] = {0, 0, 0};
  return mul(from_rgb, to_rgb);
}

void set_luma_like(ColorModel& m, int bits, bool full, int ch) {
  const double s = std::ldexp(1.0, bits - 8);
  if (full) {
    m.scale[ch] = 1.0 / (std::ldexp(1.0, bits) - 1);
    m.offset[ch] = 0;
  } else {
    m.scale[ch] = 1.0 / (219.0 * s);
    m.offset[ch] = -16.0 / 219.0;
  }
}

void set_chroma(ColorModel& m, int bits, bool full, int ch) {
  const double s = std::ldexp(1.0, bits - 8);
  if (full) {
    const double mx = std::ldexp(1.0, bits) - 1;
    m.scale[ch] = 1.0 / mx;
    m.offset[ch] = -std::ldexp(1.0, bits - 1) / mx;
  } else {
    m.scale[ch] = 1.0 / (224.0 * s);
    m.offset[ch] = -128.0 / 224.0;
  }
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
  if (d.is_yuv()) {
    set_luma_like(m, bits, full, 0);
    set_chroma(m, bits, full, 1);
    set_chroma(m, bits, full, 2);
  } else {
    for (int c = 0; c < 3; ++c) set_luma_like(m, bits, full, c);
  }
  return m;
}

ColorModel tensor_model(ColorRange range, bool gray) {
  ColorModel m;
  m.family = gray ? ColorFamily::kGray : ColorFamily::kRGB;
  m.space = gray ? CS_BT470BG : CS_RGB;
  m.is_float = true;
  m.max_code = 1.0;
  if (range == CR_MPEG) {
    for (int c = 0; c < 3; ++c) {
      m.scale[c] = 255.0 / 219.0;
      m.offset[c] = -16.0 / 219.0;
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
  auto pick = [&](const PixelInfo& self, const PixelInfo& other) {
    if (!self.desc().is_rgb() && unset(self.space()) && !unset(other.space()) &&
        other.space() != CS_RGB)
      return other.space();
    return self.infer_space();
  };
  ResolvedConversion r;
  r.src =
      PixelInfo(src.format(), pick(src, dst), src.infer_range(), src.primaries(), src.transfer());
  r.dst =
      PixelInfo(dst.format(), pick(dst, src), dst.infer_range(), dst.primaries(), dst.transfer());
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
