// Frame: an image of one PixelInfo on one device. Its planes are tensors of shape
// (rows, columns, channels) laid over ONE buffer, so a device transfer or a copy is a
// single transfer. Frames are cheap handles: copies share memory; clone() copies.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "framekit/core/tensor.h"
#include "framekit/frame/image_metadata.h"
#include "framekit/pixel/image_view.h"
#include "framekit/pixel/pixel_info.h"

namespace framekit {

using TensorList = std::vector<Tensor>;

// The largest row alignment a Frame allocates with: one page, the coarsest any DMA
// engine or SIMD kernel asks for. A larger power of two only pads every row (Frame(16,
// 16, RGB, cpu, 1 << 30) would reserve 16 GB for 768 bytes of pixels).
inline constexpr int kMaxRowAlign = 4096;

class Frame {
 public:
  Frame() = default;  // undefined frame
  // Allocates width x height of `info` on `device`. Each plane's rows start on a
  // multiple of `row_align` bytes (1 = tightly packed, the NumPy-friendly default).
  // Throws Error naming the bad value for sizes <= 0, sizes whose byte count
  // overflows, an invalid format or a row_align that is not a power of two in
  // [1, kMaxRowAlign].
  Frame(int width, int height, const PixelInfo& info, const Device& device = Device(),
        int row_align = 1);
  // Wraps existing plane tensors (no copy). Each must have the plane's shape
  // (rows, cols, channels) — or (rows, cols) for one channel — and the format's dtype,
  // and rows must not overlap (stride checks). Throws Error naming the plane.
  Frame(const TensorList& planes, int width, int height, const PixelInfo& info);
  // As above, width and height taken from plane 0 (packed 4:2:2 with odd width needs
  // the explicit-size form).
  Frame(const TensorList& planes, const PixelInfo& info);
  // The seed's `mp.Frame(tensor, rgb)`: one HWC tensor for a single-plane format.
  Frame(const Tensor& plane, const PixelInfo& info);
  // Wraps external planes described by a view, with arbitrary strides, no copy;
  // `release` runs once when the last plane view is gone.
  static Frame wrap(const ImageView& view, Buffer::Release release = {},
                    const Device& device = Device());

  bool defined() const noexcept { return !planes_.empty(); }
  explicit operator bool() const noexcept { return defined(); }
  int width() const noexcept { return width_; }
  int height() const noexcept { return height_; }
  PixelFormat format() const noexcept { return info_.format(); }
  const PixelInfo& pix_info() const noexcept { return info_; }
  const PixelFormatDesc& desc() const { return info_.desc(); }
  const Device& device() const;
  ScalarType dtype() const;
  int nplanes() const noexcept { return static_cast<int>(planes_.size()); }
  const Tensor& plane(int i) const;  // throws on a bad index
  const TensorList& data() const noexcept { return planes_; }
  // The memory under all planes as one 1-D uint8 tensor (BMF's Frame::storage): the
  // whole buffer the planes share, or an undefined tensor when they do not share one
  // (a frame wrapped from separately allocated planes).
  Tensor storage() const;
  // Raw plane pointer and byte stride of row 0 (CPU or device memory).
  void* plane_data(int i) const;
  int64_t plane_stride_bytes(int i) const;

  // A view of the rectangle (x, y, w, h). For subsampled formats x and y must be
  // multiples of the chroma subsampling (so chroma stays sited); w and h may be odd.
  Frame crop(int x, int y, int w, int h) const;
  Frame clone(int row_align = 1) const;
  // Copies pixels from `src` (same size and format; any devices and strides).
  Frame& copy_from(const Frame& src);
  Frame to(const Device& device) const;  // self if already there
  Frame cpu() const { return to(Device()); }
  // A copy with another color interpretation of the same samples (no pixel change).
  Frame with_pix_info(const PixelInfo& info) const;
  // Color conversion to another PixelInfo is framekit::reformat(frame, info), in
  // framekit/color/reformat.h (the color module sits above frame).

  // A CPU view for kernels. Throws for non-CPU frames.
  ImageView view() const;

  // The file metadata of a frame that an image reader made (framekit/io), or nullptr.
  // Shared by copies, crop(), clone(), to() and with_pix_info(); operations that make
  // new pixels (reformat, resize, rotate) start without it, and the io functions that
  // convert or orient a frame carry it over themselves.
  const std::shared_ptr<const ImageMetadata>& image_metadata() const noexcept {
    return image_metadata_;
  }
  void set_image_metadata(std::shared_ptr<const ImageMetadata> metadata) noexcept {
    image_metadata_ = std::move(metadata);
  }

 private:
  int width_ = 0;
  int height_ = 0;
  PixelInfo info_;
  TensorList planes_;
  std::shared_ptr<const ImageMetadata> image_metadata_;
};

}  // namespace framekit
