#include "framekit/pixel/color.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "framekit/core/error.h"
#include "framekit/pixel/color_matrix.h"

namespace framekit {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

std::string_view color_space_name(ColorSpace cs) noexcept {
  switch (cs) {
    case CS_RGB: return "gbr";
    case CS_BT709: return "bt709";
    case CS_UNSPECIFIED: return "unspecified";
    case CS_RESERVED: return "reserved";
    case CS_FCC: return "fcc";
    case CS_BT470BG: return "bt470bg";
    case CS_SMPTE170M: return "smpte170m";
    case CS_SMPTE240M: return "smpte240m";
    case CS_YCGCO: return "ycgco";
    case CS_BT2020_NCL: return "bt2020nc";
    case CS_BT2020_CL: return "bt2020c";
    case CS_SMPTE2085: return "smpte2085";
    case CS_CHROMA_DERIVED_NCL: return "chroma-derived-nc";
    case CS_CHROMA_DERIVED_CL: return "chroma-derived-c";
    case CS_ICTCP: return "ictcp";
  }
  return "unknown";
}

std::string_view color_range_name(ColorRange cr) noexcept {
  switch (cr) {
    case CR_UNSPECIFIED: return "unspecified";
    case CR_MPEG: return "tv";
    case CR_JPEG: return "pc";
  }
  return "unknown";
}

std::string_view color_primaries_name(ColorPrimaries cp) noexcept {
  switch (cp) {
    case CP_RESERVED0: return "reserved";
    case CP_BT709: return "bt709";
    case CP_UNSPECIFIED: return "unspecified";
    case CP_RESERVED: return "reserved";
    case CP_BT470M: return "bt470m";
    case CP_BT470BG: return "bt470bg";
    case CP_SMPTE170M: return "smpte170m";
    case CP_SMPTE240M: return "smpte240m";
    case CP_FILM: return "film";
    case CP_BT2020: return "bt2020";
    case CP_SMPTE428: return "smpte428";
    case CP_SMPTE431: return "smpte431";
    case CP_SMPTE432: return "smpte432";
    case CP_EBU3213: return "ebu3213";
  }
  return "unknown";
}

std::string_view color_transfer_name(ColorTransferCharacteristic t) noexcept {
  switch (t) {
    case CTC_RESERVED0: return "reserved";
    case CTC_BT709: return "bt709";
    case CTC_UNSPECIFIED: return "unspecified";
    case CTC_RESERVED: return "reserved";
    case CTC_GAMMA22: return "bt470m";
    case CTC_GAMMA28: return "bt470bg";
    case CTC_SMPTE170M: return "smpte170m";
    case CTC_SMPTE240M: return "smpte240m";
    case CTC_LINEAR: return "linear";
    case CTC_LOG: return "log100";
    case CTC_LOG_SQRT: return "log316";
    case CTC_IEC61966_2_4: return "iec61966-2-4";
    case CTC_BT1361_ECG: return "bt1361e";
    case CTC_IEC61966_2_1: return "iec61966-2-1";
    case CTC_BT2020_10: return "bt2020-10";
    case CTC_BT2020_12: return "bt2020-12";
    case CTC_SMPTE2084: return "smpte2084";
    case CTC_SMPTE428: return "smpte428";
    case CTC_ARIB_STD_B67: return "arib-std-b67";
  }
  return "unknown";
}

ColorSpace parse_color_space(std::string_view name) {
  const std::string s = lower(name);
  if (s == "bt709" || s == "709" || s == "cs_bt709" || s == "kcs_bt709") return CS_BT709;
  if (s == "bt601" || s == "601" || s == "bt470bg" || s == "cs_bt470bg" || s == "kcs_bt470bg")
    return CS_BT470BG;
  if (s == "smpte170m" || s == "cs_smpte170m" || s == "kcs_smpte170m") return CS_SMPTE170M;
  if (s == "smpte240m" || s == "cs_smpte240m" || s == "kcs_smpte240m") return CS_SMPTE240M;
  if (s == "fcc" || s == "cs_fcc" || s == "kcs_fcc") return CS_FCC;
  if (s == "ycgco" || s == "cs_ycgco" || s == "kcs_ycgco") return CS_YCGCO;
  if (s == "bt2020" || s == "bt2020nc" || s == "bt2020_ncl" || s == "cs_bt2020_ncl" ||
      s == "kcs_bt2020_ncl")
    return CS_BT2020_NCL;
  if (s == "rgb" || s == "gbr" || s == "cs_rgb" || s == "kcs_rgb") return CS_RGB;
  if (s == "unspecified" || s == "auto") return CS_UNSPECIFIED;
  FK_THROW(ErrorCode::kInvalidArgument, "unknown color space '", name,
           "' (known: bt601/bt470bg, smpte170m, bt709, bt2020nc, fcc, smpte240m, ycgco, rgb)");
}

ColorRange parse_color_range(std::string_view name) {
  const std::string s = lower(name);
  if (s == "tv" || s == "mpeg" || s == "limited" || s == "cr_mpeg" || s == "kcr_mpeg")
    return CR_MPEG;
  if (s == "pc" || s == "jpeg" || s == "full" || s == "cr_jpeg" || s == "kcr_jpeg") return CR_JPEG;
  if (s == "unspecified" || s == "auto") return CR_UNSPECIFIED;
  FK_THROW(ErrorCode::kInvalidArgument, "unknown color range '", name,
           "' (known: tv/mpeg/limited, pc/jpeg/full)");
}

LumaCoefficients luma_coefficients(ColorSpace cs) {
  switch (cs) {
    case CS_BT709: return kBt709Luma;
    case CS_FCC: return kFccLuma;
    case CS_BT470BG:
    case CS_SMPTE170M: return kBt601Luma;
    case CS_SMPTE240M: return kSmpte240mLuma;
    case CS_BT2020_NCL: return kBt2020Luma;
    default: break;
  }
  FK_THROW(ErrorCode::kUnsupported, "color space '", color_space_name(cs),
           "' has no Kr/Kb luma matrix (expected bt601, bt709, bt2020nc, fcc or smpte240m)");
}

}  // namespace framekit
