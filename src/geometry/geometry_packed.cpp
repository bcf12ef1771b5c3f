// 4:2:2 helpers: packed YUYV-style rows to separate luma and chroma planes and back,
// and the chroma resampling that a 90/270 degree rotation of 4:2:2 needs.
#include <algorithm>
#include <cstring>

#include "framekit/core/error.h"
#include "framekit/core/parallel.h"
#include "geometry/geometry_internal.h"

namespace framekit::geometry_detail {
namespace {

struct PairLayout {
  int y0 = -1, y1 = -1, c0 = -1, c1 = -1;  // byte positions within a 4-byte pixel pair
};

PairLayout pair_layout(std::string_view components) {
  FK_CHECK_ARG(components.size() == 4, "packed 4:2:2 components '", components,
               "' (expected 4 letters such as YUYV)");
  PairLayout l;
  for (int i = 0; i < 4; ++i) {
    if (components[i] == 'Y') {
      (l.y0 < 0 ? l.y0 : l.y1) = i;
    } else {
      (l.c0 < 0 ? l.c0 : l.c1) = i;
    }
  }
  FK_CHECK_ARG(l.y1 >= 0 && l.c1 >= 0, "packed 4:2:2 components '", components,
               "' (expected two Y and two chroma letters)");
  return l;
}

}  // namespace

Unpacked422::Unpacked422(int w, int h)
    : width(w),
      height(h),
      luma(static_cast<size_t>(w) * h),
      chroma(static_cast<size_t>((w + 1) / 2) * 2 * h) {}

PlaneJob Unpacked422::luma_job() {
  PlaneJob j;
  j.ref = PlaneRef{luma.data(), width, width, height, 1};
  return j;
}

PlaneJob Unpacked422::chroma_job() {
  const int cw = (width + 1) / 2;
  PlaneJob j;
  j.ref = PlaneRef{chroma.data(), 2 * static_cast<ptrdiff_t>(cw), cw, height, 2};
  j.channels = 2;
  j.log2_ssx = 1;
  return j;
}

void unpack_422(const PlaneRef& packed, std::string_view components, Unpacked422& out) {
  const PairLayout l = pair_layout(components);
  const int W = out.width, pairs = (W + 1) / 2;
  parallel_for(0, out.height, 32, [&](int64_t b, int64_t e) {
    for (int64_t y = b; y < e; ++y) {
      const uint8_t* s = packed.row(static_cast<int>(y));
      uint8_t* ly = out.luma.data() + y * W;
      uint8_t* lc = out.chroma.data() + y * 2 * pairs;
      for (int k = 0; k < pairs; ++k, s += 4) {
        ly[2 * k] = s[l.y0];
        if (2 * k + 1 < W) ly[2 * k + 1] = s[l.y1];
        lc[2 * k] = s[l.c0];
        lc[2 * k + 1] = s[l.c1];
      }
    }
  });
}

void pack_422(Unpacked422& in, std::string_view components, const PlaneRef& packed) {
  const PairLayout l = pair_layout(components);
  const int W = in.width, pairs = (W + 1) / 2;
  parallel_for(0, in.height, 32, [&](int64_t b, int64_t e) {
    for (int64_t y = b; y < e; ++y) {
      uint8_t* d = packed.row(static_cast<int>(y));
      const uint8_t* ly = in.luma.data() + y * W;
      const uint8_t* lc = in.chroma.data() + y * 2 * pairs;
      for (int k = 0; k < pairs; ++k, d += 4) {
        d[l.y0] = ly[2 * k];
        d[l.y1] = ly[std::min(2 * k + 1, W - 1)];
        d[l.c0] = lc[2 * k];
        d[l.c1] = lc[2 * k + 1];
      }
    }
  });
}

namespace {

template <typename T>
void reshape_422_typed(const PlaneJob& rotated, const PlaneJob& dst) {
  const int C = dst.channels;
  const int src_w = rotated.ref.width;  // = dst frame width (pixels)
  parallel_for(0, dst.ref.height, 32, [&](int64_t b, int64_t e) {
    for (int64_t y = b; y < e; ++y) {
      const T* s = reinterpret_cast<const T*>(rotated.ref.row(static_cast<int>(y >> 1)));
      T* d = reinterpret_cast<T*>(dst.ref.row(static_cast<int>(y)));
      for (int x = 0; x < dst.ref.width; ++x) {
        const int a = 2 * x, b2 = std::min(2 * x + 1, src_w - 1);
        for (int c = 0; c < C; ++c)
          d[x * C + c] = static_cast<T>((s[a * C + c] + s[b2 * C + c] + 1) >> 1);
      }
    }
  });
}

}  // namespace

void reshape_rotated_422(const PlaneJob& rotated, const PlaneJob& dst) {
  FK_CHECK(rotated.ref.height == (dst.ref.height + 1) / 2 &&
               dst.ref.width == (rotated.ref.width + 1) / 2,
           ErrorCode::kRuntime, "rotate: 4:2:2 chroma of ", rotated.ref.width, "x",
           rotated.ref.height, " cannot fill ", dst.ref.width, "x", dst.ref.height);
  if (dst.sample_bytes == 1) return reshape_422_typed<uint8_t>(rotated, dst);
  if (dst.sample_bytes == 2) return reshape_422_typed<uint16_t>(rotated, dst);
  FK_THROW(ErrorCode::kUnsupported, "rotate: 4:2:2 chroma with ", dst.sample_bytes,
           "-byte samples");
}

}  // namespace framekit::geometry_detail
