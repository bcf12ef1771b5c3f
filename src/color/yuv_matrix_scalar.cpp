// Scalar twin of the YUV → YUV matrix-change chroma kernel (see yuv_matrix.h).
#include <algorithm>
#include <cmath>

#include "color/yuv_matrix.h"

namespace framekit::color_detail {

bool make_yuv_matrix_chroma(const Affine& a, YuvMatrixChroma* k) {
  YuvMatrixChroma r;
  for (int c = 0; c < 2; ++c) {
    const double* m = a.m[c + 1];
    // |coefficient| < 8 and |offset| < 4096 keep every int32 sum below 2^28.
    for (int j = 0; j < 3; ++j)
      if (!(std::fabs(m[j]) < 8.0)) return false;
    if (!(std::fabs(m[3]) < 4096.0)) return false;
    r.my[c] = static_cast<int32_t>(std::lround(m[0] * (1 << 14)));
    r.mu[c] = static_cast<int32_t>(std::lround(m[1] * (1 << 16)));
    r.mv[c] = static_cast<int32_t>(std::lround(m[2] * (1 << 16)));
    r.bias[c] = static_cast<int32_t>(std::lround(m[3] * (1 << 16))) + (1 << 15);
  }
  *k = r;
  return true;
}

void yuv_matrix_chroma_row_from(int j0, const uint8_t* y0, const uint8_t* y1, int width, int ssx,
                                const uint8_t* u, const uint8_t* v, int sstep, uint8_t* ou,
                                uint8_t* ov, int dstep, int cw, const YuvMatrixChroma& k) {
  for (int j = j0; j < cw; ++j) {
    int32_t s;
    if (ssx) {
      const int x0 = 2 * j, x1 = std::min(2 * j + 1, width - 1);
      s = y0[x0] + y0[x1] + y1[x0] + y1[x1];
    } else {
      s = 2 * (y0[j] + y1[j]);
    }
    const int32_t cu = u[static_cast<ptrdiff_t>(j) * sstep];
    const int32_t cv = v[static_cast<ptrdiff_t>(j) * sstep];
    uint8_t* out[2] = {ou, ov};
    for (int c = 0; c < 2; ++c) {
      const int32_t acc = k.my[c] * s + k.mu[c] * cu + k.mv[c] * cv + k.bias[c];
      out[c][static_cast<ptrdiff_t>(j) * dstep] =
          static_cast<uint8_t>(std::clamp(acc >> 16, 0, 255));
    }
  }
}

const YuvMatrixKernels& yuv_matrix_scalar_kernels() {
  static const YuvMatrixKernels kernels{
      "scalar", [](const uint8_t* y0, const uint8_t* y1, int width, int ssx, const uint8_t* u,
                   const uint8_t* v, int sstep, uint8_t* ou, uint8_t* ov, int dstep, int cw,
                   const YuvMatrixChroma& k) {
        yuv_matrix_chroma_row_from(0, y0, y1, width, ssx, u, v, sstep, ou, ov, dstep, cw, k);
      }};
  return kernels;
}

}  // namespace framekit::color_detail
