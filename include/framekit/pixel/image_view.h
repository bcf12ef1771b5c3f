// ImageView: a non-owning view of an image's planes (pointers + byte strides). The
// common currency of kernels (color/, geometry/, jpeg/): Frame::view() makes one, and
// code that owns no framekit objects (the C ABI, tests) can build one from raw pointers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "framekit/pixel/pixel_info.h"

namespace framekit {

struct PlaneView {
  uint8_t* data = nullptr;
  ptrdiff_t stride = 0;  // bytes from one row to the next (may exceed the row size)

  template <typename T = uint8_t>
  T* row(int y) const noexcept {
    return reinterpret_cast<T*>(data + static_cast<ptrdiff_t>(y) * stride);
  }
};

struct ImageView {
  PixelInfo info;
  int width = 0;
  int height = 0;
  std::array<PlaneView, 4> planes{};

  PixelFormat format() const noexcept { return info.format(); }
  const PixelFormatDesc& desc() const { return info.desc(); }
  int plane_width(int p) const { return desc().plane_width(p, width); }
  int plane_height(int p) const { return desc().plane_height(p, height); }

  // Throws Error naming the problem if: the format is invalid, width/height <= 0,
  // a plane pointer is null, or a stride is smaller than the plane's row size
  // (negative strides are rejected too). `what` prefixes the message ("src", "dst").
  void validate(const char* what = "image") const;
};

// Builds a view over one contiguous buffer laid out plane after plane with tight rows
// (the layout of FFmpeg's av_image_fill_arrays with align 1, and of raw .yuv files).
// Throws Error if `size` bytes cannot hold the image.
ImageView make_image_view(const PixelInfo& info, int width, int height, void* data,
                          size_t size);

}  // namespace framekit
