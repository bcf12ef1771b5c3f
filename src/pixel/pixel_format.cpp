#include "framekit/pixel/pixel_format.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "framekit/core/error.h"

namespace framekit {
namespace {

constexpr PlaneDesc P(uint8_t ch, std::string_view comps, uint8_t ssx = 0, uint8_t ssy = 0,
                      uint8_t align = 1) {
  return PlaneDesc{ch, ssx, ssy, align, comps};
}

struct Builder {
  PixelFormatDesc d;
  constexpr Builder(PixelFormat f, std::string_view name, ColorFamily fam) {
    d.format = f;
    d.name = name;
    d.family = fam;
  }
  constexpr Builder& planes(std::initializer_list<PlaneDesc> ps) {
    d.num_planes = 0;
    for (const auto& p : ps) d.planes[d.num_planes++] = p;
    return *this;
  }
  constexpr Builder& chroma(uint8_t w, uint8_t h) {
    d.log2_chroma_w = w;
    d.log2_chroma_h = h;
    return *this;
  }
  constexpr Builder& depth(uint8_t bits, ScalarType t = ScalarType::kUInt8) {
    d.bit_depth = bits;
    d.dtype = t;
    return *this;
  }
  constexpr Builder& msb() { d.msb_aligned = true; return *this; }
  constexpr Builder& alpha() { d.has_alpha = true; return *this; }
  constexpr Builder& full() { d.full_range_by_default = true; return *this; }
  constexpr Builder& packed() { d.packed422 = true; return *this; }
};

using CF = ColorFamily;
constexpr auto U16 = ScalarType::kUInt16;

constexpr PixelFormatDesc yuv_planar(PixelFormat f, std::string_view n, uint8_t sw, uint8_t sh,
                                     uint8_t bits = 8) {
  return Builder(f, n, CF::kYUV)
      .planes({P(1, "Y"), P(1, "U", sw, sh), P(1, "V", sw, sh)})
      .chroma(sw, sh)
      .depth(bits, bits > 8 ? U16 : ScalarType::kUInt8)
      .d;
}
constexpr PixelFormatDesc semi_planar(PixelFormat f, std::string_view n, std::string_view uv,
                                      uint8_t sw, uint8_t sh) {
  return Builder(f, n, CF::kYUV).planes({P(1, "Y"), P(2, uv, sw, sh)}).chroma(sw, sh).d;
}
constexpr PixelFormatDesc packed422(PixelFormat f, std::string_view n, std::string_view order) {
  return Builder(f, n, CF::kYUV).planes({P(2, order, 0, 0, 2)}).chroma(1, 0).packed().d;
}
constexpr PixelFormatDesc rgb_packed(PixelFormat f, std::string_view n, std::string_view order,
                                     uint8_t bits = 8) {
  Builder b(f, n, CF::kRGB);
  b.planes({P(static_cast<uint8_t>(order.size()), order)})
      .depth(bits, bits > 8 ? U16 : ScalarType::kUInt8);
  if (order.size() == 4) b.alpha();
  return b.d;
}

constexpr std::array<PixelFormatDesc, kPixelFormatCount> kTable = {{
    yuv_planar(PF_YUV420P, "yuv420p", 1, 1),
    Builder(PF_YUVJ420P, "yuvj420p", CF::kYUV)
        .planes({P(1, "Y"), P(1, "U", 1, 1), P(1, "V", 1, 1)})
        .chroma(1, 1)
        .full()
        .d,
    yuv_planar(PF_YUV422P, "yuv422p", 1, 0),
    yuv_planar(PF_YUV444P, "yuv444p", 0, 0),
    semi_planar(PF_NV12, "nv12", "UV", 1, 1),
    semi_planar(PF_NV21, "nv21", "VU", 1, 1),
    semi_planar(PF_NV16, "nv16", "UV", 1, 0),
    semi_planar(PF_NV24, "nv24", "UV", 0, 0),
    packed422(PF_YUYV422, "yuyv422", "YUYV"),
    packed422(PF_UYVY422, "uyvy422", "UYVY"),
    packed422(PF_YVYU422, "yvyu422", "YVYU"),
    packed422(PF_VYUY422, "vyuy422", "VYUY"),
    Builder(PF_GRAY8, "gray", CF::kGray).planes({P(1, "Y")}).d,
    Builder(PF_P010LE, "p010le", CF::kYUV)
        .planes({P(1, "Y"), P(2, "UV", 1, 1)})
        .chroma(1, 1)
        .depth(10, U16)
        .msb()
        .d,
    Builder(PF_P016LE, "p016le", CF::kYUV)
        .planes({P(1, "Y"), P(2, "UV", 1, 1)})
        .chroma(1, 1)
        .depth(16, U16)
        .d,
    yuv_planar(PF_YUV420P10LE, "yuv420p10le", 1, 1, 10),
    yuv_planar(PF_YUV422P10LE, "yuv422p10le", 1, 0, 10),
    yuv_planar(PF_YUV444P10LE, "yuv444p10le", 0, 0, 10),
    yuv_planar(PF_YUV420P12LE, "yuv420p12le", 1, 1, 12),
    yuv_planar(PF_YUV422P12LE, "yuv422p12le", 1, 0, 12),
    yuv_planar(PF_YUV444P12LE, "yuv444p12le", 0, 0, 12),
    yuv_planar(PF_YUV420P16LE, "yuv420p16le", 1, 1, 16),
    yuv_planar(PF_YUV444P16LE, "yuv444p16le", 0, 0, 16),
    Builder(PF_GRAY16, "gray16le", CF::kGray).planes({P(1, "Y")}).depth(16, U16).d,
    rgb_packed(PF_RGB24, "rgb24", "RGB"),
    rgb_packed(PF_BGR24, "bgr24", "BGR"),
    rgb_packed(PF_RGBA32, "rgba", "RGBA"),
    rgb_packed(PF_BGRA32, "bgra", "BGRA"),
    rgb_packed(PF_ARGB32, "argb", "ARGB"),
    rgb_packed(PF_ABGR32, "abgr", "ABGR"),
    rgb_packed(PF_RGB48, "rgb48le", "RGB", 16),
    rgb_packed(PF_BGR48, "bgr48le", "BGR", 16),
    rgb_packed(PF_RGBA64, "rgba64le", "RGBA", 16),
    Builder(PF_GBRP, "gbrp", CF::kRGB).planes({P(1, "G"), P(1, "B"), P(1, "R")}).d,
    Builder(PF_GBRPF32, "gbrpf32le", CF::kRGB)
        .planes({P(1, "G"), P(1, "B"), P(1, "R")})
        .depth(32, ScalarType::kFloat32)
        .d,
    Builder(PF_YUVA420P, "yuva420p", CF::kYUV)
        .planes({P(1, "Y"), P(1, "U", 1, 1), P(1, "V", 1, 1), P(1, "A")})
        .chroma(1, 1)
        .alpha()
        .d,
    Builder(PF_YUVA444P, "yuva444p", CF::kYUV)
        .planes({P(1, "Y"), P(1, "U"), P(1, "V"), P(1, "A")})
        .alpha()
        .d,
    yuv_planar(PF_YUV440P, "yuv440p", 0, 1),
}};

constexpr bool table_in_enum_order() {
  for (int i = 0; i < kPixelFormatCount; ++i)
    if (kTable[i].format != i) return false;
  return true;
}
static_assert(table_in_enum_order(), "kTable must list formats in enum order");

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The seed's enum spelling without prefix, lower-cased: PF_RGBA32 → "rgba32".
std::string_view enum_spelling(PixelFormat f) {
  static constexpr std::array<std::string_view, kPixelFormatCount> kNames = {
      "yuv420p",     "yuvj420p",    "yuv422p",     "yuv444p",     "nv12",        "nv21",
      "nv16",        "nv24",        "yuyv422",     "uyvy422",     "yvyu422",     "vyuy422",
      "gray8",       "p010le",      "p016le",      "yuv420p10le", "yuv422p10le", "yuv444p10le",
      "yuv420p12le", "yuv422p12le", "yuv444p12le", "yuv420p16le", "yuv444p16le", "gray16",
      "rgb24",       "bgr24",       "rgba32",      "bgra32",      "argb32",      "abgr32",
      "rgb48",       "bgr48",       "rgba64",      "gbrp",        "gbrpf32",     "yuva420p",
      "yuva444p"};
  return kNames[f];
}

}  // namespace

int PixelFormatDesc::plane_width(int plane, int width) const noexcept {
  const PlaneDesc& p = planes[plane];
  const int shift = p.log2_ssx;
  int w = (width + (1 << shift) - 1) >> shift;
  if (p.width_align > 1) w = (w + p.width_align - 1) / p.width_align * p.width_align;
  return w;
}

int PixelFormatDesc::plane_height(int plane, int height) const noexcept {
  const int shift = planes[plane].log2_ssy;
  return (height + (1 << shift) - 1) >> shift;
}

size_t PixelFormatDesc::plane_row_bytes(int plane, int width) const noexcept {
  return static_cast<size_t>(plane_width(plane, width)) * planes[plane].channels * sample_size();
}

bool is_valid_pixel_format(int value) noexcept { return value >= 0 && value < kPixelFormatCount; }

const PixelFormatDesc& pixel_format_desc(PixelFormat format) {
  FK_CHECK_ARG(is_valid_pixel_format(format), "invalid pixel format value ", static_cast<int>(format),
               " (expected 0..", kPixelFormatCount - 1, ")");
  return kTable[format];
}

std::span<const PixelFormatDesc> all_pixel_formats() noexcept { return kTable; }

std::string_view pixel_format_name(PixelFormat format) noexcept {
  return is_valid_pixel_format(format) ? kTable[format].name : std::string_view("unknown");
}

PixelFormat parse_pixel_format(std::string_view name) {
  std::string s = lower(name);
  if (s.rfind("kpf_", 0) == 0) s = s.substr(4);
  else if (s.rfind("pf_", 0) == 0) s = s.substr(3);
  if (s == "i420") return PF_YUV420P;
  for (const auto& d : kTable)
    if (s == d.name || s == enum_spelling(d.format)) return d.format;
  std::string known;
  for (const auto& d : kTable) known += (known.empty() ? "" : ", ") + std::string(d.name);
  FK_THROW(ErrorCode::kInvalidArgument, "unknown pixel format '", name, "' (known: ", known, ")");
}

}  // namespace framekit
