// Color model enums. Numeric values are FFmpeg's AVCOL_* numbers, so they map to
// AVFrame fields one to one. Names follow the seed (CS_BT709, CR_MPEG …).
#pragma once

#include <cstdint>
#include <string_view>

namespace framekit {

enum ColorSpace : int {
  CS_RGB = 0,
  CS_BT709 = 1,
  CS_UNSPECIFIED = 2,
  CS_RESERVED = 3,
  CS_FCC = 4,
  CS_BT470BG = 5,
  CS_SMPTE170M = 6,
  CS_SMPTE240M = 7,
  CS_YCGCO = 8,
  CS_BT2020_NCL = 9,
  CS_BT2020_CL = 10,
  CS_SMPTE2085 = 11,
  CS_CHROMA_DERIVED_NCL = 12,
  CS_CHROMA_DERIVED_CL = 13,
  CS_ICTCP = 14,
};

enum ColorRange : int {
  CR_UNSPECIFIED = 0,
  CR_MPEG = 1,  // limited ("TV"): Y 16..235, C 16..240 at 8 bits
  CR_JPEG = 2,  // full ("PC"): 0..255
};

enum ColorPrimaries : int {
  CP_RESERVED0 = 0,
  CP_BT709 = 1,
  CP_UNSPECIFIED = 2,
  CP_RESERVED = 3,
  CP_BT470M = 4,
  CP_BT470BG = 5,
  CP_SMPTE170M = 6,
  CP_SMPTE240M = 7,
  CP_FILM = 8,
  CP_BT2020 = 9,
  CP_SMPTE428 = 10,
  CP_SMPTE431 = 11,
  CP_SMPTE432 = 12,
  CP_EBU3213 = 22,
};

enum ColorTransferCharacteristic : int {
  CTC_RESERVED0 = 0,
  CTC_BT709 = 1,
  CTC_UNSPECIFIED = 2,
  CTC_RESERVED = 3,
  CTC_GAMMA22 = 4,
  CTC_GAMMA28 = 5,
  CTC_SMPTE170M = 6,
  CTC_SMPTE240M = 7,
  CTC_LINEAR = 8,
  CTC_LOG = 9,
  CTC_LOG_SQRT = 10,
  CTC_IEC61966_2_4 = 11,
  CTC_BT1361_ECG = 12,
  CTC_IEC61966_2_1 = 13,
  CTC_BT2020_10 = 14,
  CTC_BT2020_12 = 15,
  CTC_SMPTE2084 = 16,
  CTC_SMPTE428 = 17,
  CTC_ARIB_STD_B67 = 18,
};

std::string_view color_space_name(ColorSpace cs) noexcept;       // "bt709", …
std::string_view color_range_name(ColorRange cr) noexcept;       // "tv"/"pc"/"unspecified"
std::string_view color_primaries_name(ColorPrimaries cp) noexcept;
std::string_view color_transfer_name(ColorTransferCharacteristic t) noexcept;
// Parse FFmpeg-style names ("bt709", "bt470bg", "smpte170m", "bt2020nc", "fcc",
// "smpte240m", "ycgco", "rgb"; ranges "tv"/"mpeg"/"limited", "pc"/"jpeg"/"full").
// Throw Error naming the string and listing accepted names.
ColorSpace parse_color_space(std::string_view name);
ColorRange parse_color_range(std::string_view name);

// Luma coefficients (Kr, Kb) of a YCbCr matrix; throws Error(kUnsupported) for spaces
// that are not a plain Kr/Kb matrix (YCgCo, BT.2020 CL, ICtCp …).
struct LumaCoefficients {
  double kr;
  double kb;
};
LumaCoefficients luma_coefficients(ColorSpace cs);

}  // namespace framekit
