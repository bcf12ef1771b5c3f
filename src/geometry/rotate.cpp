// Plane rotation: scalar twins and the band driver. 90/270 are transposes (SIMD tiles
// in rotate_simd.cpp); 180 is a mirrored copy of each row into the opposite row.
#include <algorithm>
#include <cstring>

#include "framekit/core/parallel.h"
#include "geometry/geometry_internal.h"

namespace framekit::geometry_detail {
namespace {

// Copies one pixel of E bytes; constant sizes become single moves.
inline void copy_pixel(uint8_t* d, const uint8_t* s, int E) {
  switch (E) {
    case 1:
      *d = *s;
      return;
    case 2:
      std::memcpy(d, s, 2);
      return;
    case 3:
      std::memcpy(d, s, 3);
      return;
    case 4:
      std::memcpy(d, s, 4);
      return;
    case 6:
      std::memcpy(d, s, 6);
      return;
    case 8:
      std::memcpy(d, s, 8);
      return;
    default:
      std::memcpy(d, s, static_cast<size_t>(E));
  }
}

void rotate_band_scalar(const PlaneRef& src, const PlaneRef& dst, int degrees, int y0, int y1) {
  const int E = src.elem_bytes, W = src.width, H = src.height;
  constexpr int kBlock = 16;  // square blocks keep source and destination lines cached
  for (int by = y0; by < y1; by += kBlock) {
    const int ey = std::min(by + kBlock, y1);
    for (int bx = 0; bx < W; bx += kBlock) {
      const int ex = std::min(bx + kBlock, W);
      for (int y = by; y < ey; ++y) {
        const uint8_t* s = src.row(y);
        for (int x = bx; x < ex; ++x) {
          uint8_t* d = degrees == 90 ? dst.row(x) + static_cast<ptrdiff_t>(H - 1 - y) * E
                                     : dst.row(W - 1 - x) + static_cast<ptrdiff_t>(y) * E;
          copy_pixel(d, s + static_cast<ptrdiff_t>(x) * E, E);
        }
      }
    }
  }
}

int band_rows_scalar(int /*elem_bytes*/) {
  return 16;
}

}  // namespace

void mirror_row_scalar(const uint8_t* src, uint8_t* dst, int width, int elem_bytes) {
  const int E = elem_bytes;
  for (int x = 0; x < width; ++x)
    copy_pixel(dst + static_cast<ptrdiff_t>(width - 1 - x) * E, src + static_cast<ptrdiff_t>(x) * E,
               E);
}

void rotate_band_u8_scalar(const PlaneRef& src, const PlaneRef& dst, int degrees, int y0, int y1) {
  rotate_band_scalar(src, dst, degrees, y0, y1);
}

const RotateKernels& rotate_kernels_scalar() noexcept {
  static const RotateKernels k{"scalar", &rotate_band_scalar, &mirror_row_scalar, &band_rows_scalar};
  return k;
}

void rotate_plane(const PlaneRef& src, const PlaneRef& dst, int degrees) {
  const RotateKernels& k = rotate_kernels();
  const int H = src.height;
  if (degrees == 0 || degrees == 180) {
    parallel_for(0, H, 16, [&](int64_t b, int64_t e) {
      for (int64_t y = b; y < e; ++y) {
        const int sy = static_cast<int>(y);
        if (degrees == 0)
          std::memcpy(dst.row(sy), src.row(sy), src.row_bytes());
        else
          k.mirror_row(src.row(sy), dst.row(H - 1 - sy), src.width, src.elem_bytes);
      }
    });
    return;
  }
  // Bands are whole tile strips, counted from the top for 270 and from the bottom for
  // 90 (where destination columns start); the band at the far end also takes the
  // leftover rows, so tiles that overlap to cover them stay inside one thread's band.
  const int R = k.band_rows(src.elem_bytes);
  const int strips = H / R;
  if (strips == 0) return k.rotate_band(src, dst, degrees, 0, H);
  parallel_for(0, strips, 1, [&](int64_t b, int64_t e) {
    const int from = static_cast<int>(b) * R;
    const int to = e == strips ? H : static_cast<int>(e) * R;
    if (degrees == 90)
      k.rotate_band(src, dst, degrees, H - to, H - from);
    else
      k.rotate_band(src, dst, degrees, from, to);
  });
}

}  // namespace framekit::geometry_detail
