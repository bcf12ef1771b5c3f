// Highway versions of the rotate and mirror kernels (twins: rotate.cpp).
//
// Rotation by 90/270 transposes tiles: each 128-bit block holds K = 16 / E rows of
// K pixels, and log2(K) rounds of interleaves (pixel, 2-pixel … 8-byte lanes)
// transpose all blocks at once. A vector's blocks come from consecutive row groups, so
// after the transpose each vector is one whole source column of K x blocks rows: one
// full-width store per destination row (64 bytes with AVX-512). Reversing the row
// order at load time makes the 90 degree case free; 270 reverses the store rows.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

#define HWY_TARGET_INCLUDE "geometry/rotate_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "framekit/core/simd_dispatch.h"

#include "geometry/geometry_internal.h"

FRAMEKIT_SIMD_BEGIN(framekit::geometry_detail)

// HWY_SCALAR (one lane, no blocks) is the baseline when no SIMD is available: it runs
// the scalar twins.
#if HWY_TARGET == HWY_SCALAR
FRAMEKIT_SIMD_TABLE_OF_SCALAR_TWINS(RotateKernels, rotate_kernels_scalar)
#else

using D8 = hn::ScalableTag<uint8_t>;
constexpr size_t kBlocks = hn::MaxLanes(D8()) / 16;

// Block b of the result holds the 16 bytes at p + b * block_step.
template <class D>
HWY_INLINE hn::Vec<D> LoadBlocksStrided(D d, const uint8_t* p, ptrdiff_t block_step) {
  if constexpr (hn::MaxLanes(D()) <= 16) {
    return hn::LoadU(d, p);
  } else {
    const hn::Half<D> dh;
    constexpr ptrdiff_t kHalf = hn::MaxLanes(hn::Half<D>()) / 16;
    return hn::Combine(d, LoadBlocksStrided(dh, p + kHalf * block_step, block_step),
                       LoadBlocksStrided(dh, p, block_step));
  }
}

constexpr size_t BitReverse(size_t v, size_t k) {
  size_t r = 0;
  for (size_t b = 1; b < k; b <<= 1) {
    r = (r << 1) | (v & 1);
    v >>= 1;
  }
  return r;
}

// One round pairs vectors (2j, 2j+1) and interleaves lanes of W bytes; after log2(K)
// rounds vector v holds column BitReverse(v) of each block.
template <size_t W, size_t K, class V, size_t... J>
HWY_INLINE void TransposeRound(V* x, std::index_sequence<J...>) {
  const D8 d;
  const hn::Repartition<hwy::UnsignedFromSize<W>, D8> dw;
  V y[K];
  ((y[J] = hn::BitCast(
        d, hn::InterleaveLower(dw, hn::BitCast(dw, x[2 * J]), hn::BitCast(dw, x[2 * J + 1])))),
   ...);
  ((y[J + K / 2] = hn::BitCast(
        d, hn::InterleaveUpper(dw, hn::BitCast(dw, x[2 * J]), hn::BitCast(dw, x[2 * J + 1])))),
   ...);
  ((x[J] = y[J], x[J + K / 2] = y[J + K / 2]), ...);
}

template <size_t W, size_t K, class V>
HWY_INLINE void TransposeRounds(V* x) {
  if constexpr (W < 16) {
    TransposeRound<W, K>(x, std::make_index_sequence<K / 2>());
    TransposeRounds<2 * W, K>(x);
  }
}

// A tile of K x kBlocks source rows by K pixels. Row i of the tile is at first + i *
// step (step < 0 walks upwards, which rotates clockwise). Output vector v is source
// column BitReverse(v): one full vector store into destination row dst_row(v).
template <size_t E, size_t... I>
HWY_INLINE void RotateTile(const uint8_t* first, ptrdiff_t step, uint8_t* out0, ptrdiff_t out_step,
                           std::index_sequence<I...>) {
  constexpr size_t K = sizeof...(I);
  const D8 d;
  hn::Vec<D8> x[K] = {LoadBlocksStrided(d, first + static_cast<ptrdiff_t>(I) * step,
                                        static_cast<ptrdiff_t>(K) * step)...};
  TransposeRounds<E, K>(x);
  (hn::StoreU(x[I], d, out0 + static_cast<ptrdiff_t>(BitReverse(I, K)) * out_step), ...);
}

template <size_t E>
void RotateBandE(const PlaneRef& src, const PlaneRef& dst, int degrees, int y0, int y1) {
  constexpr int K = static_cast<int>(16 / E);
  constexpr int R = static_cast<int>(K * kBlocks);
  const int W = src.width, H = src.height;
  if (y1 - y0 < R || W < K) return rotate_band_u8_scalar(src, dst, degrees, y0, y1);
  const bool cw = degrees == 90;
  // Clockwise: tile rows are read bottom-up, so each column comes out in output order,
  // and source column c becomes destination row c. Counter-clockwise: rows top-down,
  // column c becomes destination row W - 1 - c.
  const ptrdiff_t step = cw ? -src.stride : src.stride;
  const ptrdiff_t out_step = cw ? dst.stride : -dst.stride;
  // Strips start where their destination columns start: at y0 counter-clockwise, at
  // y1 going up clockwise (destination x = H - y), so whole strips store whole aligned
  // lines when the destination is aligned. The last strip and the last tile of each
  // strip overlap their neighbours instead of running a scalar remainder; both stay
  // inside this band.
  for (int k = 0;; ++k) {
    const int ty = cw ? std::max(y1 - (k + 1) * R, y0) : std::min(y0 + k * R, y1 - R);
    const uint8_t* first_row = src.row(cw ? ty + R - 1 : ty);
    const ptrdiff_t out_x = static_cast<ptrdiff_t>(cw ? H - ty - R : ty) * E;
    for (int xs = 0;; xs += K) {
      const int tx = std::min(xs, W - K);
      uint8_t* out0 = dst.row(cw ? tx : W - 1 - tx) + out_x;
      RotateTile<E>(first_row + static_cast<ptrdiff_t>(tx) * E, step, out0, out_step,
                    std::make_index_sequence<K>());
      if (tx == W - K) break;
    }
    if (ty == (cw ? y0 : y1 - R)) break;
  }
}

void RotateBand(const PlaneRef& src, const PlaneRef& dst, int degrees, int y0, int y1) {
  switch (src.elem_bytes) {
    case 1:
      return RotateBandE<1>(src, dst, degrees, y0, y1);
    case 2:
      return RotateBandE<2>(src, dst, degrees, y0, y1);
    case 4:
      return RotateBandE<4>(src, dst, degrees, y0, y1);
    case 8:
      return RotateBandE<8>(src, dst, degrees, y0, y1);
    default:
      return rotate_band_u8_scalar(src, dst, degrees, y0, y1);
  }
}

int BandRows(int elem_bytes) {
  switch (elem_bytes) {
    case 1:
    case 2:
    case 4:
    case 8:
      return static_cast<int>(16 / elem_bytes * kBlocks);
    default:
      return 16;
  }
}

template <size_t E>
HWY_INLINE void MirrorRowE(const uint8_t* HWY_RESTRICT src, uint8_t* HWY_RESTRICT dst, int width) {
  using T = hwy::UnsignedFromSize<E>;
  const hn::ScalableTag<T> d;
  const size_t N = hn::Lanes(d);
  const size_t n = static_cast<size_t>(width);
  if (n < N) return mirror_row_scalar(src, dst, width, static_cast<int>(E));
  const T* s = reinterpret_cast<const T*>(src);
  T* o = reinterpret_cast<T*>(dst);
  auto reverse = [&](hn::Vec<decltype(d)> v) {
    if constexpr (E == 1) {
      // No 8-bit Reverse in Highway 1.0: reverse bytes in each block, then the blocks.
      alignas(16) static constexpr uint8_t kRev[16] = {15, 14, 13, 12, 11, 10, 9, 8,
                                                       7,  6,  5,  4,  3,  2,  1, 0};
      return hn::ReverseBlocks(d, hn::TableLookupBytes(v, hn::LoadDup128(d, kRev)));
    } else {
      return hn::Reverse(d, v);
    }
  };
  size_t x = 0;
  for (; x + N <= n; x += N) hn::StoreU(reverse(hn::LoadU(d, s + x)), d, o + n - x - N);
  if (x < n) hn::StoreU(reverse(hn::LoadU(d, s + n - N)), d, o);  // overlap the tail
}

void MirrorRow(const uint8_t* src, uint8_t* dst, int width, int elem_bytes) {
  switch (elem_bytes) {
    case 1:
      return MirrorRowE<1>(src, dst, width);
    case 2:
      return MirrorRowE<2>(src, dst, width);
    case 4:
      return MirrorRowE<4>(src, dst, width);
    case 8:
      return MirrorRowE<8>(src, dst, width);
    default:
      return mirror_row_scalar(src, dst, width, elem_bytes);
  }
}

FRAMEKIT_SIMD_TABLE(RotateKernels, &RotateBand, &MirrorRow, &BandRows)

#endif  // HWY_TARGET == HWY_SCALAR

FRAMEKIT_SIMD_END

#define FRAMEKIT_SIMD_FAMILY \
  framekit::geometry_detail, RotateKernels, rotate_kernels, rotate_kernels_scalar
#include "framekit/core/simd_dispatch-inl.h"
