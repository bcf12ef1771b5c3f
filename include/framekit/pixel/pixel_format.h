// PixelFormat and the table that describes each one. Every module reads layouts from
// this table instead of hard-coding them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "framekit/core/scalar_type.h"

namespace framekit {

// Unscoped on purpose: the seed writes both hmp::PF_YUV420P and PixelFormat::PF_NV12.
enum PixelFormat : int {
  PF_NONE = -1,
  // YUV, 8 bit
  PF_YUV420P = 0,
  PF_YUVJ420P,
  PF_YUV422P,
  PF_YUV444P,
  PF_NV12,
  PF_NV21,
  PF_NV16,
  PF_NV24,
  PF_YUYV422,
  PF_UYVY422,
  PF_YVYU422,
  PF_VYUY422,
  PF_GRAY8,
  // YUV, more than 8 bit (little endian)
  PF_P010LE,
  PF_P016LE,
  PF_YUV420P10LE,
  PF_YUV422P10LE,
  PF_YUV444P10LE,
  PF_YUV420P12LE,
  PF_YUV422P12LE,
  PF_YUV444P12LE,
  PF_YUV420P16LE,
  PF_YUV444P16LE,
  PF_GRAY16,
  // RGB
  PF_RGB24,
  PF_BGR24,
  PF_RGBA32,
  PF_BGRA32,
  PF_ARGB32,
  PF_ABGR32,
  PF_RGB48,
  PF_BGR48,
  PF_RGBA64,
  PF_GBRP,
  PF_GBRPF32,
  // YUV with alpha
  PF_YUVA420P,
  PF_YUVA444P,
  // YUV 4:4:0 (chroma full width, half height): JPEGs sampled 1x2, FFmpeg's yuv(j)440p.
  // Last so that the numbers of the formats before it do not change.
  PF_YUV440P,
  kPixelFormatCount  // not a format
};

enum class ColorFamily : uint8_t { kYUV, kRGB, kGray };

// One plane of a format. A plane is stored as rows of (width x channels) samples.
struct PlaneDesc {
  uint8_t channels = 0;   // samples per pixel in this plane
  uint8_t log2_ssx = 0;   // horizontal subsampling of this plane (0 = full width)
  uint8_t log2_ssy = 0;   // vertical subsampling of this plane
  uint8_t width_align = 1;  // plane width rounds up to a multiple of this (packed 4:2:2: 2)
  // Component letters in memory order: "Y", "U", "V", "UV", "VU", "YUYV", "RGB",
  // "BGRA", "G", "A" … For packed 4:2:2 a "pixel" of the plane is one Y plus one
  // chroma sample, so channels == 2 and components has 4 letters (a pixel pair).
  std::string_view components;
};

struct PixelFormatDesc {
  PixelFormat format = PF_NONE;
  std::string_view name;  // FFmpeg's av_get_pix_fmt_name() where FFmpeg has the format
  ColorFamily family = ColorFamily::kYUV;
  uint8_t num_planes = 0;
  std::array<PlaneDesc, 4> planes{};
  uint8_t log2_chroma_w = 0;  // chroma subsampling of the format as a whole
  uint8_t log2_chroma_h = 0;
  uint8_t bit_depth = 8;      // significant bits per sample
  ScalarType dtype = ScalarType::kUInt8;
  bool msb_aligned = false;   // samples sit in the high bits of each uint16 (P010)
  bool has_alpha = false;
  bool full_range_by_default = false;  // YUVJ*: unspecified range means full
  bool packed422 = false;     // YUYV-style: one plane, chroma shared by pixel pairs

  size_t sample_size() const noexcept { return scalar_size(dtype); }
  bool is_yuv() const noexcept { return family == ColorFamily::kYUV; }
  bool is_rgb() const noexcept { return family == ColorFamily::kRGB; }
  bool is_gray() const noexcept { return family == ColorFamily::kGray; }
  bool is_planar() const noexcept { return num_planes > 1; }
  // Plane geometry for a width x height image. Sizes round UP, so the last chroma
  // column and row of odd-sized images are kept.
  int plane_width(int plane, int width) const noexcept;
  int plane_height(int plane, int height) const noexcept;
  // Bytes in one tightly packed row of the plane.
  size_t plane_row_bytes(int plane, int width) const noexcept;
};

// Throws Error(kInvalidArgument) for PF_NONE or an out-of-range value.
const PixelFormatDesc& pixel_format_desc(PixelFormat format);
// All formats in enum order.
std::span<const PixelFormatDesc> all_pixel_formats() noexcept;
std::string_view pixel_format_name(PixelFormat format) noexcept;  // "unknown" if invalid
// Accepts FFmpeg names ("nv12", "yuv420p", "rgba"), the seed's names ("PF_NV12",
// "kPF_NV12") case-insensitively, and the unambiguous aliases "i420" and "gray8".
// Throws Error naming the string.
PixelFormat parse_pixel_format(std::string_view name);
bool is_valid_pixel_format(int value) noexcept;

}  // namespace framekit
