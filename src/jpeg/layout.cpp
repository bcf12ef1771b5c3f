#include "jpeg/layout.h"

#include <algorithm>

#include "framekit/core/error.h"
#include "framekit/jpeg/encoder.h"

namespace framekit::jpeg {
namespace detail {
namespace {

int ceil_div(int a, int b) {
  return (a + b - 1) / b;
}

// The formats the encoder takes (their color space aside).
bool format_encodable(PixelFormat f) noexcept {
  if (!is_valid_pixel_format(f)) return false;
  if (f == PF_RGB24 || f == PF_BGR24 || f == PF_RGBA32 || f == PF_BGRA32 || f == PF_GRAY8) {
    return true;
  }
  const PixelFormatDesc& d = pixel_format_desc(f);
  const bool subsampling_ok = (d.log2_chroma_w == 0 && d.log2_chroma_h == 0) ||
                              (d.log2_chroma_w == 1 && d.log2_chroma_h <= 1);
  return d.is_yuv() && d.bit_depth == 8 && !d.has_alpha && d.num_planes <= 3 && subsampling_ok;
}

// Converted YUV needs a Kr/Kb matrix; BT.601 is coded as it is. Gray and RGB have none.
bool needs_matrix(const PixelInfo& info, bool raw) {
  if (raw || !info.desc().is_yuv()) return false;
  const ColorSpace space = info.infer_space();
  return space != CS_BT470BG && space != CS_SMPTE170M;
}

// Finds component letter `c` ('Y', 'U', 'V') in the format's planes.
void locate(const ImageView& src, char c, ComponentLayout& out) {
  const auto& d = src.desc();
  for (int p = 0; p < d.num_planes; ++p) {
    const auto& pd = d.planes[p];
    const size_t i = pd.components.find(c);
    if (i == std::string_view::npos) continue;
    const bool packed = d.packed422;
    // Packed 4:2:2 lists a pixel pair (e.g. "YUYV"): Y every 2 bytes, chroma every 4.
    out.step_bytes = packed ? (c == 'Y' ? 2 : 4) : pd.channels;
    out.base = src.planes[p].data + i;
    out.pair_offset = static_cast<int>(i % 2);
    out.stride = src.planes[p].stride;
    return;
  }
  FK_THROW(ErrorCode::kUnsupported, "jpeg: format ", d.name, " has no ", c, " component");
}

}  // namespace

const char* subsampling_name(Subsampling s) {
  switch (s) {
    case Subsampling::k444: return "4:4:4";
    case Subsampling::k422: return "4:2:2";
    case Subsampling::k420: return "4:2:0";
    case Subsampling::k440: return "4:4:0";
    case Subsampling::kGray: return "gray";
  }
  return "?";
}

void validate_subsampling(Subsampling s) {
  FK_CHECK_ARG(s == Subsampling::k444 || s == Subsampling::k422 || s == Subsampling::k420 ||
                   s == Subsampling::k440 || s == Subsampling::kGray,
               "jpeg: subsampling value ", static_cast<int>(s), " is invalid");
}

Subsampling coded_subsampling(PixelFormat format, std::optional<Subsampling> requested) {
  FK_CHECK(format_encodable(format), ErrorCode::kUnsupported,
           cannot_encode_reason(PixelInfo(format)));
  if (requested) validate_subsampling(*requested);
  const auto& d = pixel_format_desc(format);
  if (d.is_rgb()) return requested.value_or(Subsampling::k420);
  if (d.is_gray()) {
    FK_CHECK_ARG(!requested || *requested == Subsampling::kGray, "jpeg: subsampling ",
                 subsampling_name(*requested), " was asked for ", d.name,
                 " input, which is coded as gray only; convert it first");
    return Subsampling::kGray;
  }
  const Subsampling own = d.log2_chroma_w == 0   ? Subsampling::k444
                          : d.log2_chroma_h == 0 ? Subsampling::k422
                                                 : Subsampling::k420;
  // The chroma planes are coded as they are (no resampling); the luma plane alone is
  // the gray picture.
  FK_CHECK_ARG(!requested || *requested == own || *requested == Subsampling::kGray,
               "jpeg: subsampling ", subsampling_name(requested.value_or(own)), " was asked for ",
               d.name, " input, which is coded at its own ", subsampling_name(own),
               " (or gray); convert it first");
  return requested.value_or(own);
}

Layout make_geometry(int width, int height, Subsampling s) {
  FK_CHECK_ARG(width >= 1 && height >= 1 && width <= 65535 && height <= 65535, "jpeg: image size ",
               width, "x", height, " is out of range (1..65535 each)");
  Layout l;
  l.width = width;
  l.height = height;
  l.subsampling = s;
  l.ncomp = s == Subsampling::kGray ? 1 : 3;
  l.hmax = (s == Subsampling::k420 || s == Subsampling::k422) ? 2 : 1;
  l.vmax = (s == Subsampling::k420 || s == Subsampling::k440) ? 2 : 1;
  l.mcu_w = 8 * l.hmax;
  l.mcu_h = 8 * l.vmax;
  l.mcus_x = ceil_div(width, l.mcu_w);
  l.mcus_y = ceil_div(height, l.mcu_h);
  l.blocks_per_mcu = 0;
  for (int c = 0; c < l.ncomp; ++c) {
    ComponentLayout& cl = l.comp[c];
    cl.h = c == 0 ? l.hmax : 1;
    cl.v = c == 0 ? l.vmax : 1;
    // Chroma planes round up (the last column/row of odd sizes is kept), like
    // libjpeg's component sizes: ceil(width * h / hmax).
    cl.plane_w = ceil_div(width * cl.h, l.hmax);
    cl.plane_h = ceil_div(height * cl.v, l.vmax);
    cl.width_in_blocks = ceil_div(cl.plane_w, 8);
    cl.height_in_blocks = ceil_div(cl.plane_h, 8);
    cl.quant = c == 0 ? 0 : 1;
    cl.table = c == 0 ? 0 : 1;
    l.blocks_per_mcu += cl.h * cl.v;
  }
  return l;
}

Layout make_layout(const ImageView& src, const EncodeParams& params) {
  src.validate("jpeg source");
  const Subsampling s = coded_subsampling(src.format(), params.subsampling);
  Layout l = make_geometry(src.width, src.height, s);
  const auto& d = src.desc();
  if (d.is_rgb()) {
    l.mode = ColorMode::kConvert;
    return l;
  }
  const char letters[3] = {'Y', 'U', 'V'};
  for (int c = 0; c < l.ncomp && c < 3; ++c) locate(src, letters[c], l.comp[c]);
  if (params.raw) {
    l.mode = ColorMode::kDirect;
    return l;
  }
  const bool full = src.info.infer_range() == CR_JPEG;
  // YUV coded as gray is its luma plane, coded exactly as that plane as gray8 would be.
  if (d.is_gray() || l.ncomp == 1) {
    l.mode = full ? ColorMode::kDirect : ColorMode::kFoldRange;
    return l;
  }
  if (needs_matrix(src.info, false)) {
    FK_CHECK(can_encode(src.info), ErrorCode::kUnsupported, cannot_encode_reason(src.info));
    l.mode = ColorMode::kConvert;
  } else {
    l.mode = full ? ColorMode::kDirect : ColorMode::kFoldRange;
  }
  return l;
}

}  // namespace detail

bool can_encode(const PixelInfo& info, bool raw) noexcept {
  try {
    return cannot_encode_reason(info, raw).empty();
  } catch (...) {  // only bad_alloc building a message: then it was not encodable
    return false;
  }
}

std::string cannot_encode_reason(const PixelInfo& info, bool raw) {
  const PixelFormat f = info.format();
  if (!detail::format_encodable(f)) {
    return ::framekit::detail::concat(
        "jpeg: cannot encode pixel format ", pixel_format_name(f),
        " (expected an 8-bit YUV format at 4:4:4, 4:2:2 or 4:2:0 without alpha, gray, rgb24, "
        "bgr24, rgba or bgra)");
  }
  if (!detail::needs_matrix(info, raw)) return {};
  try {
    (void)luma_coefficients(info.infer_space());
    return {};
  } catch (const Error& e) {
    return ::framekit::detail::concat("jpeg: cannot encode ", pixel_format_name(f), ": ", e.what(),
                                      " (raw = true encodes the samples unchanged)");
  }
}

}  // namespace framekit::jpeg
