// Scalar twins of the table path's row kernels (see sample_kernels.h): the formula,
// one sample at a time.
#include <cstddef>
#include <limits>

#include "color/sample_io.h"
#include "color/sample_kernels.h"

namespace framekit::color_detail {

namespace {

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();

bool lanes_ok(const SampleAffine& f, SampleLanes lanes, int pre) {
  const int64_t vcap = f.vcap;
  const int64_t add_pos = std::max<int64_t>(f.add, 0);
  switch (lanes) {
    case SampleLanes::kHigh: {
      if (pre < 0 || pre > 15 || (vcap << pre) > 65535 || f.shift < 16 || f.shift > 31)
        return false;
      if ((f.mul & ((int64_t{1} << pre) - 1)) != 0 || (f.mul >> pre) > 65535) return false;
      if ((f.add & 0xFFFF) != 0 || (f.add >> 16) < -65535) return false;
      return ((vcap * f.mul) >> 16) + (add_pos >> 16) <= 65535;
    }
    case SampleLanes::kLow:
      return f.shift <= 15 && f.add >= -65535 && vcap * f.mul + add_pos <= 65535;
    case SampleLanes::kWide:
      return f.shift <= 31 && f.add >= kInt32Min && vcap * f.mul + add_pos <= kInt32Max;
    case SampleLanes::kSplit: {
      if (f.shift < 16 || (f.add & 0xFFFF) != 0 || (f.add >> 16) < kInt32Min) return false;
      const int64_t top = vcap * (f.mul >> 16) + ((vcap * (f.mul & 0xFFFF)) >> 16);
      return top + (add_pos >> 16) <= kInt32Max;
    }
  }
  return false;
}

}  // namespace

void sample_affine_pick_lanes(SampleAffine& f) {
  int pre = 0;
  while (pre < 15 && (f.mul >> pre) > 65535) ++pre;
  f.pre = 0;
  if (lanes_ok(f, SampleLanes::kHigh, pre)) {
    f.lanes = SampleLanes::kHigh;
    f.pre = pre;
  } else if (lanes_ok(f, SampleLanes::kLow, 0)) {
    f.lanes = SampleLanes::kLow;
  } else if (lanes_ok(f, SampleLanes::kWide, 0)) {
    f.lanes = SampleLanes::kWide;
  } else {
    f.lanes = SampleLanes::kSplit;
  }
}

bool sample_affine_valid(const SampleAffine& f, bool out16) {
  // |v * mul + add| < 2^63 for every 16-bit v.
  if (f.shift < 0 || f.shift > 46 || f.sshift < 0 || f.sshift > 15 || f.dshift < 0 ||
      f.dshift > 15 || f.mul < 0 || f.mul > (int64_t{1} << 46) || f.vcap > 65535 ||
      f.add > (int64_t{1} << 61) || f.add < -(int64_t{1} << 61))
    return false;
  if ((static_cast<int64_t>(f.dmax) << f.dshift) > (out16 ? 65535 : 255)) return false;
  return lanes_ok(f, f.lanes, f.pre);
}

namespace sample_scalar {

void u8_u8(int x0, const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
  for (int i = x0; i < n; ++i) out[i] = static_cast<uint8_t>(sample_affine_code(f, in[i]));
}
void u8_u16(int x0, const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
  for (int i = x0; i < n; ++i)
    store_sample(out, i, static_cast<uint16_t>(sample_affine_code(f, in[i])));
}
void u16_u8(int x0, const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
  for (int i = x0; i < n; ++i)
    out[i] = static_cast<uint8_t>(sample_affine_code(f, load_sample<uint16_t>(in, i)));
}
void u16_u16(int x0, const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
  for (int i = x0; i < n; ++i)
    store_sample(out, i,
                 static_cast<uint16_t>(sample_affine_code(f, load_sample<uint16_t>(in, i))));
}

}  // namespace sample_scalar

const SampleKernels& sample_scalar_kernels() {
  static const SampleKernels k{"scalar",
                               [](const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
                                 sample_scalar::u8_u8(0, in, out, n, f);
                               },
                               [](const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
                                 sample_scalar::u8_u16(0, in, out, n, f);
                               },
                               [](const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
                                 sample_scalar::u16_u8(0, in, out, n, f);
                               },
                               [](const uint8_t* in, uint8_t* out, int n, const SampleAffine& f) {
                                 sample_scalar::u16_u16(0, in, out, n, f);
                               }};
  return k;
}

}  // namespace framekit::color_detail
