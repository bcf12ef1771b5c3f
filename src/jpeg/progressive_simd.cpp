// SIMD coefficient masks for progressive scans (progressive.h): |coefficient| >> Al
// compared with 0 and 1 for a whole block, as bit masks. Scalar twin:
// coefficient_masks_scalar in progressive.cpp.
#include "jpeg/progressive.h"

#define HWY_TARGET_INCLUDE "jpeg/progressive_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

FRAMEKIT_SIMD_BEGIN(framekit::jpeg::detail)

void CoefficientMasks(const int16_t* block, int al, uint64_t* nonzero, uint64_t* ones) {
#if HWY_TARGET == HWY_SCALAR
  coefficient_masks_scalar(block, al, nonzero, ones);
#else
  const hn::ScalableTag<int16_t> d;
  const hn::RebindToUnsigned<decltype(d)> du;
  constexpr size_t kMaxLanes = HWY_MAX_BYTES / sizeof(int16_t);
  static_assert(64 % kMaxLanes == 0 && kMaxLanes % 8 == 0, "whole bytes of mask bits");
  const size_t n = hn::Lanes(d);
  uint8_t nz_bytes[8] = {}, one_bytes[8] = {};
  const auto zero = hn::Zero(du);
  const auto one = hn::Set(du, 1);
  for (size_t i = 0; i < 64; i += n) {
    const auto magnitude = hn::ShiftRightSame(hn::BitCast(du, hn::Abs(hn::Load(d, block + i))), al);
    hn::StoreMaskBits(du, hn::Ne(magnitude, zero), nz_bytes + i / 8);
    hn::StoreMaskBits(du, hn::Eq(magnitude, one), one_bytes + i / 8);
  }
  uint64_t nz = 0, on = 0;
  for (int b = 7; b >= 0; --b) {  // byte b holds bits 8b .. 8b+7
    nz = (nz << 8) | nz_bytes[b];
    on = (on << 8) | one_bytes[b];
  }
  *nonzero = nz;
  *ones = on;
#endif
}

FRAMEKIT_SIMD_TABLE(ProgressiveKernels, &CoefficientMasks)

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::jpeg::detail, ProgressiveKernels, progressive_kernels, progressive_scalar_kernels
#include "framekit/core/simd_dispatch-inl.h"
