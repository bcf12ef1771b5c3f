// Scalar twins of the chroma-grid row kernels (see grid_kernels.h).
#include <algorithm>

#include "color/grid_kernels.h"
#include "color/sample_io.h"

namespace framekit::color_detail {

Order422 order_422(const char* c) {
  Order422 o;
  bool first_y = true;
  for (int i = 0; i < 4; ++i) {
    if (c[i] == 'Y') {
      (first_y ? o.y0 : o.y1) = i;
      first_y = false;
    } else if (c[i] == 'U') {
      o.u = i;
    } else {
      o.v = i;
    }
  }
  return o;
}

namespace grid_scalar {

template <typename T>
void row(const GridRow& g, int x0, int x1, uint8_t* out) {
  // Fields in locals, read one by one (see GridRowT in grid_simd.cpp).
  const uint8_t* const a = g.a;
  const uint8_t* const b = g.b;
  const int wa = g.wa, wb = g.wb, shift = g.shift, last = g.sw - 1;
  const int vmax = g.vmax;
  const GridH mode = g.h;
  const int half = (1 << shift) >> 1;
  auto at = [&](const uint8_t* r, int j) {
    const int v = load_sample<T>(r, j);
    return sizeof(T) == 1 ? v : std::min(v, vmax);
  };
  auto vert = [&](int j) { return wa * at(a, j) + wb * at(b, j); };
  for (int x = x0; x < x1; ++x) {
    int sum = 0;
    switch (mode) {
      case GridH::kSame:
        sum = vert(x);
        break;
      case GridH::kUpNearest:
        sum = vert(x >> 1);
        break;
      case GridH::kUpBilinear: {
        const int j = x >> 1;
        const int n = std::clamp((x & 1) ? j + 1 : j - 1, 0, last);
        sum = 3 * vert(j) + vert(n);
        break;
      }
      case GridH::kDown: {
        const int j = 2 * x;
        sum = vert(j) + vert(j + 1 <= last ? j + 1 : j);
        break;
      }
    }
    store_sample(out, x, static_cast<T>((sum + half) >> shift));
  }
}
template void row<uint8_t>(const GridRow&, int, int, uint8_t*);
template void row<uint16_t>(const GridRow&, int, int, uint8_t*);

void unpack422(int p0, const uint8_t* in, Order422 o, uint8_t* y, uint8_t* u, uint8_t* v, int w) {
  const int pairs = (w + 1) / 2;
  for (int p = p0; p < pairs; ++p) {
    const uint8_t* s = in + 4 * p;
    y[2 * p] = s[o.y0];
    if (2 * p + 1 < w) y[2 * p + 1] = s[o.y1];
    u[p] = s[o.u];
    v[p] = s[o.v];
  }
}

void pack422(int p0, const uint8_t* y, const uint8_t* u, const uint8_t* v, Order422 o,
             uint8_t* out, int w) {
  const int pairs = (w + 1) / 2;
  for (int p = p0; p < pairs; ++p) {
    uint8_t* d = out + 4 * p;
    d[o.y0] = y[2 * p];
    d[o.y1] = y[2 * p + 1 < w ? 2 * p + 1 : 2 * p];
    d[o.u] = u[p];
    d[o.v] = v[p];
  }
}

}  // namespace grid_scalar

const GridKernels& grid_scalar_kernels() {
  static const GridKernels k{
      "scalar",
      [](const GridRow& g, uint16_t*, uint8_t* out) { grid_scalar::row<uint8_t>(g, 0, g.dw, out); },
      [](const uint8_t* in, Order422 o, uint8_t* y, uint8_t* u, uint8_t* v, int w) {
        grid_scalar::unpack422(0, in, o, y, u, v, w);
      },
      [](const uint8_t* y, const uint8_t* u, const uint8_t* v, Order422 o, uint8_t* out, int w) {
        grid_scalar::pack422(0, y, u, v, o, out, w);
      },
      [](const GridRow& g, uint16_t*, uint8_t* out) {
        grid_scalar::row<uint16_t>(g, 0, g.dw, out);
      }};
  return k;
}

}  // namespace framekit::color_detail
