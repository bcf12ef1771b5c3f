// Scalar twins of the general engine's row kernels (see general_kernels.h).
#include <algorithm>

#include "color/general_kernels.h"
#include "color/sample_io.h"

namespace framekit::color_detail {
namespace general_scalar {
void load_row(int x0, const uint8_t* base, const RowFormat& f, int count, float* const out[4]) {
  const int s = f.step;
  for (int i = 0; i < s; ++i) {
    float* o = out[i];
    if (o == nullptr) continue;
    switch (f.type) {
      case SampleType::kU8:
        for (int x = x0; x < count; ++x) o[x] = base[x * s + i];
        break;
      case SampleType::kU16:
        for (int x = x0; x < count; ++x)
          o[x] = static_cast<float>(load_sample<uint16_t>(base, x * s + i) >> f.shift);
        break;
      case SampleType::kF32:
        for (int x = x0; x < count; ++x) o[x] = load_sample<float>(base, x * s + i);
        break;
    }
  }
}

void store_row(int x0, uint8_t* base, const RowFormat& f, int count, const float* const in[4]) {
  const int s = f.step;
  const float mx = f.max_code, bias = f.round_bias;
  for (int i = 0; i < s; ++i) {
    const float* v = in[i];
    switch (f.type) {
      case SampleType::kU8:
        for (int x = x0; x < count; ++x)
          base[x * s + i] = static_cast<uint8_t>(quantize(v[x], mx, bias));
        break;
      case SampleType::kU16:
        for (int x = x0; x < count; ++x)
          store_sample(base, x * s + i, static_cast<uint16_t>(quantize(v[x], mx, bias) << f.shift));
        break;
      case SampleType::kF32:
        for (int x = x0; x < count; ++x) store_sample(base, x * s + i, saturate_unit(v[x]));
        break;
    }
  }
}

void affine_row(int x0, float* out, const float* p, const float* q, const float* r,
                const float k[4], int count) {
  const float a = k[0], b = k[1], c = k[2], d = k[3];
  if (q == nullptr) {
    for (int x = x0; x < count; ++x) out[x] = a * p[x] + d;
  } else {
    for (int x = x0; x < count; ++x) out[x] = a * p[x] + b * q[x] + c * r[x] + d;
  }
}

void lerp_row(int x0, float* out, const float* a, const float* b, float wa, float wb, int count) {
  for (int x = x0; x < count; ++x) out[x] = wa * a[x] + wb * b[x];
}

void upsample_row(int x0, int x1, const float* in, int sw, float* out, bool bilinear) {
  for (int x = x0; x < x1; ++x) {
    const int a = x >> 1;
    if (!bilinear) {
      out[x] = in[a];
    } else {
      const int b = std::clamp((x & 1) ? a + 1 : a - 1, 0, sw - 1);
      out[x] = 0.75F * in[a] + 0.25F * in[b];
    }
  }
}

void downsample_row(int x0, const float* in, int sw, float* out, int tw) {
  for (int x = x0; x < tw; ++x) {
    const int a = 2 * x;
    out[x] = a + 1 < sw ? 0.5F * (in[a] + in[a + 1]) : in[a];
  }
}

void accumulate_row(int x0, float* sum, const float* in, int count, int ss) {
  for (int x = x0; x < count; ++x) sum[x >> ss] += in[x];
}

void box_mean_row(int j0, const float* r0, const float* r1, int w, int ss, float* out) {
  const int n = (w + (1 << ss) - 1) >> ss;
  const int rows = r1 != nullptr ? 2 : 1;
  for (int j = j0; j < n; ++j) {
    const int xa = j << ss;
    const int xb = std::min(w, xa + (1 << ss));
    float s = 0;
    for (int x = xa; x < xb; ++x) s += r0[x];
    if (r1 != nullptr)
      for (int x = xa; x < xb; ++x) s += r1[x];
    out[j] = s / static_cast<float>(rows * (xb - xa));
  }
}

}  // namespace general_scalar

namespace {

void load_row_k(const uint8_t* base, const RowFormat& f, int count, float* const out[4]) {
  general_scalar::load_row(0, base, f, count, out);
}
void store_row_k(uint8_t* base, const RowFormat& f, int count, const float* const in[4]) {
  general_scalar::store_row(0, base, f, count, in);
}
void affine_row_k(float* out, const float* p, const float* q, const float* r, const float k[4],
                  int count) {
  general_scalar::affine_row(0, out, p, q, r, k, count);
}
void lerp_row_k(float* out, const float* a, const float* b, float wa, float wb, int count) {
  general_scalar::lerp_row(0, out, a, b, wa, wb, count);
}
void upsample_row_k(const float* in, int sw, float* out, int tw, bool bilinear) {
  general_scalar::upsample_row(0, tw, in, sw, out, bilinear);
}
void downsample_row_k(const float* in, int sw, float* out, int tw) {
  general_scalar::downsample_row(0, in, sw, out, tw);
}
void accumulate_row_k(float* sum, const float* in, int count, int ss) {
  general_scalar::accumulate_row(0, sum, in, count, ss);
}
void box_mean_row_k(const float* r0, const float* r1, int w, int ss, float* out) {
  general_scalar::box_mean_row(0, r0, r1, w, ss, out);
}

}  // namespace

const GeneralKernels& general_scalar_kernels() {
  static const GeneralKernels k{"scalar",          &load_row_k,       &store_row_k,
                                &affine_row_k,     &lerp_row_k,       &upsample_row_k,
                                &downsample_row_k, &accumulate_row_k, &box_mean_row_k};
  return k;
}

}  // namespace framekit::color_detail
