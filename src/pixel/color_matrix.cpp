#include "framekit/pixel/color_matrix.h"

namespace framekit {

ColorMatrix rgb_to_yuv_matrix(ColorSpace cs) {
  if (cs == CS_YCGCO) return kRgbToYcgco;
  return rgb_to_ycbcr(luma_coefficients(cs));
}

ColorMatrix yuv_to_rgb_matrix(ColorSpace cs) {
  if (cs == CS_YCGCO) return kYcgcoToRgb;
  return ycbcr_to_rgb(luma_coefficients(cs));
}

}  // namespace framekit
