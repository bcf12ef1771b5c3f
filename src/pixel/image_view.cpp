#include "framekit/pixel/image_view.h"

#include <limits>

#include "framekit/core/error.h"

namespace framekit {

void ImageView::validate(const char* what) const {
  FK_CHECK_ARG(info.valid(), what, ": pixel format is not set (PF_NONE)");
  const auto& d = desc();
  FK_CHECK_ARG(width > 0 && height > 0, what, ": size ", width, "x", height,
               " is invalid (width and height must be > 0)");
  for (int p = 0; p < d.num_planes; ++p) {
    FK_CHECK_ARG(planes[p].data != nullptr, what, ": plane ", p, " of ", d.name,
                 " is a null pointer");
    const auto row = static_cast<ptrdiff_t>(d.plane_row_bytes(p, width));
    FK_CHECK_ARG(planes[p].stride >= row, what, ": plane ", p, " stride ", planes[p].stride,
                 " bytes is smaller than its row of ", row, " bytes (", d.name, " width ", width,
                 ")");
  }
}

ImageView make_image_view(const PixelInfo& info, int width, int height, void* data, size_t size) {
  FK_CHECK_ARG(info.valid(), "make_image_view: pixel format is not set");
  FK_CHECK_ARG(width > 0 && height > 0, "make_image_view: size ", width, "x", height,
               " is invalid (width and height must be > 0)");
  FK_CHECK_ARG(data != nullptr, "make_image_view: data is a null pointer");
  const auto& d = info.desc();
  ImageView v;
  v.info = info;
  v.width = width;
  v.height = height;
  size_t offset = 0;
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, width);
    const size_t bytes = row * static_cast<size_t>(d.plane_height(p, height));
    v.planes[p] = PlaneView{static_cast<uint8_t*>(data) + offset, static_cast<ptrdiff_t>(row)};
    offset += bytes;
  }
  FK_CHECK(offset <= size, ErrorCode::kBufferTooSmall, "make_image_view: ", d.name, " ", width,
           "x", height, " needs ", offset, " bytes but the buffer has ", size);
  return v;
}

}  // namespace framekit
