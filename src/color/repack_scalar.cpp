// Scalar twins of the structural row kernels (see repack_kernels.h).
#include <cstddef>

#include "color/repack_kernels.h"
#include "color/sample_io.h"

namespace framekit::color_detail {
namespace repack_scalar {
namespace {

uint16_t reshift(uint16_t v, RepackShift s) {
  return static_cast<uint16_t>((v >> s.sshift) << s.dshift);
}

}  // namespace

void split2_u8(int x0, const uint8_t* in, uint8_t* a, uint8_t* b, int n) {
  for (int i = x0; i < n; ++i) {
    a[i] = in[2 * i];
    b[i] = in[2 * i + 1];
  }
}
void join2_u8(int x0, const uint8_t* a, const uint8_t* b, uint8_t* out, int n) {
  for (int i = x0; i < n; ++i) {
    out[2 * i] = a[i];
    out[2 * i + 1] = b[i];
  }
}
void split2_u16(int x0, const uint8_t* in, uint8_t* a, uint8_t* b, int n, RepackShift s) {
  for (int i = x0; i < n; ++i) {
    store_sample<uint16_t>(a, i, reshift(load_sample<uint16_t>(in, 2 * i), s));
    store_sample<uint16_t>(b, i, reshift(load_sample<uint16_t>(in, 2 * i + 1), s));
  }
}
void join2_u16(int x0, const uint8_t* a, const uint8_t* b, uint8_t* out, int n, RepackShift s) {
  for (int i = x0; i < n; ++i) {
    store_sample<uint16_t>(out, 2 * i, reshift(load_sample<uint16_t>(a, i), s));
    store_sample<uint16_t>(out, 2 * i + 1, reshift(load_sample<uint16_t>(b, i), s));
  }
}
void shift_u16(int x0, const uint8_t* in, uint8_t* out, int n, RepackShift s) {
  for (int i = x0; i < n; ++i)
    store_sample<uint16_t>(out, i, reshift(load_sample<uint16_t>(in, i), s));
}
void swizzle_u8(int x0, const uint8_t* const* src, uint8_t* const* dst, int w,
                const SwizzleMap& m) {
  const int dchan = m.dn == 0 ? 3 : m.dn;
  for (int x = x0; x < w; ++x) {
    uint8_t px[4];
    for (int c = 0; c < (m.sn == 0 ? 3 : m.sn); ++c)
      px[c] = m.sn == 0 ? src[c][x] : src[0][m.sn * x + c];
    for (int k = 0; k < dchan; ++k) {
      const uint8_t v = m.map[k] < 0 ? uint8_t{255} : px[m.map[k]];
      if (m.dn == 0)
        dst[k][x] = v;
      else
        dst[0][m.dn * x + k] = v;
    }
  }
}

}  // namespace repack_scalar

const RepackKernels& repack_scalar_kernels() {
  static const RepackKernels k{
      "scalar",
      [](const uint8_t* in, uint8_t* a, uint8_t* b, int n) {
        repack_scalar::split2_u8(0, in, a, b, n);
      },
      [](const uint8_t* a, const uint8_t* b, uint8_t* out, int n) {
        repack_scalar::join2_u8(0, a, b, out, n);
      },
      [](const uint8_t* in, uint8_t* a, uint8_t* b, int n, RepackShift s) {
        repack_scalar::split2_u16(0, in, a, b, n, s);
      },
      [](const uint8_t* a, const uint8_t* b, uint8_t* out, int n, RepackShift s) {
        repack_scalar::join2_u16(0, a, b, out, n, s);
      },
      [](const uint8_t* in, uint8_t* out, int n, RepackShift s) {
        repack_scalar::shift_u16(0, in, out, n, s);
      },
      [](const uint8_t* const* src, uint8_t* const* dst, int w, const SwizzleMap& m) {
        repack_scalar::swizzle_u8(0, src, dst, w, m);
      }};
  return k;
}

}  // namespace framekit::color_detail
