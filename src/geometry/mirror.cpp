// Plane mirroring: rows reversed (horizontal), rows reordered (vertical), or both.
#include <cstring>

#include "framekit/core/parallel.h"
#include "geometry/geometry_internal.h"

namespace framekit::geometry_detail {

void mirror_plane(const PlaneRef& src, const PlaneRef& dst, bool horizontal, bool vertical) {
  const RotateKernels& k = rotate_kernels();
  const int H = src.height;
  parallel_for(0, H, 16, [&](int64_t b, int64_t e) {
    for (int64_t y = b; y < e; ++y) {
      const int sy = static_cast<int>(y);
      uint8_t* d = dst.row(vertical ? H - 1 - sy : sy);
      if (horizontal)
        k.mirror_row(src.row(sy), d, src.width, src.elem_bytes);
      else
        std::memcpy(d, src.row(sy), src.row_bytes());
    }
  });
}

}  // namespace framekit::geometry_detail
