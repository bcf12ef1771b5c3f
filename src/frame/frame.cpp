#include "framekit/frame/frame.h"

#include <algorithm>
#include <limits>

#include "framekit/core/allocator.h"
#include "framekit/core/error.h"

namespace framekit {
namespace {

constexpr int kMaxDimension = 1 << 20;  // 1M pixels per side; sizes beyond are mistakes

int64_t align_up(int64_t v, int64_t a) { return (v + a - 1) / a * a; }

void check_size(int width, int height, const char* what) {
  FK_CHECK_ARG(width > 0 && height > 0, what, ": size ", width, "x", height,
               " is invalid (width and height must be > 0)");
  FK_CHECK_ARG(width <= kMaxDimension && height <= kMaxDimension, what, ": size ", width, "x",
               height, " is too large (each side at most ", kMaxDimension, ")");
}

// The plane tensor as (rows, cols, channels), adding the channel dim when missing.
Tensor as_hwc(const Tensor& t, int channels, int index) {
  if (t.dim() == 2 && channels == 1) return t.unsqueeze(2);
  FK_CHECK_ARG(t.dim() == 3, "plane ", index, " has ", t.dim(),
               " dimensions (expected (rows, cols, channels)", channels == 1 ? " or (rows, cols)" : "",
               ")");
  return t;
}

}  // namespace

Frame::Frame(int width, int height, const PixelInfo& info, const Device& device, int row_align)
    : width_(width), height_(height), info_(info) {
  FK_CHECK_ARG(info.valid(), "Frame: pixel format is not set (PF_NONE)");
  check_size(width, height, "Frame");
  FK_CHECK_ARG(row_align >= 1 && row_align <= kMaxRowAlign && (row_align & (row_align - 1)) == 0,
               "Frame: row_align ", row_align, " is not a power of two from 1 to ", kMaxRowAlign);
  const auto& d = info.desc();
  const auto isz = static_cast<int64_t>(d.sample_size());
  const int64_t align = std::max<int64_t>(row_align, isz);
  struct Layout {
    int64_t offset, stride, rows, cols, channels;
  };
  std::vector<Layout> layout;
  int64_t total = 0;
  for (int p = 0; p < d.num_planes; ++p) {
    const int64_t cols = d.plane_width(p, width);
    const int64_t rows = d.plane_height(p, height);
    const int64_t ch = d.planes[p].channels;
    const int64_t stride = align_up(cols * ch * isz, align);
    total = align_up(total, static_cast<int64_t>(kDefaultAlignment));
    layout.push_back({total, stride, rows, cols, ch});
    total += stride * rows;
  }
  auto buffer = Buffer::allocate(static_cast<size_t>(total), device);
  for (const auto& l : layout) {
    planes_.push_back(Tensor::from_buffer(buffer, l.offset, {l.rows, l.cols, l.channels},
                                          {l.stride / isz, l.channels, 1}, d.dtype));
  }
}

Frame::Frame(const TensorList& planes, int width, int height, const PixelInfo& info)
    : width_(width), height_(height), info_(info) {
  FK_CHECK_ARG(info.valid(), "Frame: pixel format is not set (PF_NONE)");
  check_size(width, height, "Frame");
  const auto& d = info.desc();
  FK_CHECK_ARG(static_cast<int>(planes.size()) == d.num_planes, "Frame: ", d.name, " needs ",
               int{d.num_planes}, " plane(s), got ", planes.size());
  for (int p = 0; p < d.num_planes; ++p) {
    FK_CHECK_ARG(planes[p].defined(), "Frame: plane ", p, " is undefined");
    const int ch = d.planes[p].channels;
    Tensor t = as_hwc(planes[p], ch, p);
    FK_CHECK(t.dtype() == d.dtype, ErrorCode::kTypeMismatch, "Frame: plane ", p, " has dtype ",
             scalar_name(t.dtype()), " but ", d.name, " needs ", scalar_name(d.dtype));
    const int64_t rows = d.plane_height(p, height);
    const int64_t cols = d.plane_width(p, width);
    FK_CHECK_ARG(t.size(0) == rows && t.size(1) == cols && t.size(2) == ch, "Frame: plane ", p,
                 " has shape (", t.size(0), ", ", t.size(1), ", ", t.size(2), ") but ", d.name,
                 " ", width, "x", height, " needs (", rows, ", ", cols, ", ", ch, ")");
    FK_CHECK_ARG(t.stride(2) == 1 || ch == 1, "Frame: plane ", p,
                 " channels are not adjacent (channel stride ", t.stride(2),
                 "); make it contiguous first");
    FK_CHECK_ARG(t.stride(1) == ch || cols == 1, "Frame: plane ", p,
                 " pixels are not adjacent in a row (column stride ", t.stride(1), ", expected ",
                 ch, "); make it contiguous first");
    FK_CHECK_ARG(t.stride(0) >= cols * ch || rows == 1, "Frame: plane ", p, " row stride ",
                 t.stride(0), " elements is smaller than its row of ", cols * ch, " elements");
    if (p > 0) {
      FK_CHECK_ARG(t.device() == planes_[0].device(), "Frame: plane ", p, " is on ",
                   t.device().str(), " but plane 0 is on ", planes_[0].device().str());
    }
    planes_.push_back(t);
  }
}

namespace {
std::pair<int, int> size_from_plane0(const TensorList& planes) {
  FK_CHECK_ARG(!planes.empty() && planes[0].defined() && planes[0].dim() >= 2,
               "Frame: plane 0 must be a tensor of shape (rows, cols[, channels])");
  const int64_t h = planes[0].size(0);
  const int64_t w = planes[0].size(1);
  FK_CHECK_ARG(h > 0 && w > 0 && h <= kMaxDimension && w <= kMaxDimension,
               "Frame: plane 0 size ", w, "x", h, " is invalid");
  return {static_cast<int>(w), static_cast<int>(h)};
}
}  // namespace

Frame::Frame(const TensorList& planes, const PixelInfo& info)
    : Frame(planes, size_from_plane0(planes).first, size_from_plane0(planes).second, info) {}

Frame::Frame(const Tensor& plane, const PixelInfo& info) : Frame(TensorList{plane}, info) {}

Frame Frame::wrap(const ImageView& view, Buffer::Release release, const Device& device) {
  // One guard shared by every plane: the caller's release runs once, after the last
  // plane view is gone (and also if wrapping fails half way).
  struct Guard {
    Buffer::Release release;
    ~Guard() {
      if (release) release();
    }
  };
  auto guard = std::make_shared<Guard>();
  guard->release = std::move(release);
  view.validate("Frame::wrap");
  const auto& d = view.desc();
  const auto isz = static_cast<int64_t>(d.sample_size());
  TensorList planes;
  for (int p = 0; p < d.num_planes; ++p) {
    const int64_t rows = view.plane_height(p);
    const int64_t cols = view.plane_width(p);
    const int64_t ch = d.planes[p].channels;
    FK_CHECK_ARG(view.planes[p].stride % isz == 0, "Frame::wrap: plane ", p, " stride ",
                 view.planes[p].stride, " is not a multiple of the sample size ", isz);
    planes.push_back(Tensor::from_blob(view.planes[p].data, {rows, cols, ch},
                                       {view.planes[p].stride / isz, ch, 1}, d.dtype, device,
                                       [guard] {}));
  }
  return Frame(planes, view.width, view.height, view.info);
}

const Device& Frame::device() const {
  FK_CHECK_ARG(defined(), "frame is undefined");
  return planes_[0].device();
}

ScalarType Frame::dtype() const { return desc().dtype; }

const Tensor& Frame::plane(int i) const {
  FK_CHECK(i >= 0 && i < nplanes(), ErrorCode::kOutOfRange, "plane index ", i,
           " is out of range (frame has ", nplanes(), " plane(s))");
  return planes_[i];
}

Tensor Frame::storage() const {
  if (!defined()) return Tensor();
  const BufferPtr& buffer = planes_[0].buffer();
  for (const auto& t : planes_) {
    if (t.buffer() != buffer) return Tensor();
  }
  return Tensor::from_buffer(buffer, 0, {static_cast<int64_t>(buffer->size())}, {}, kUInt8);
}

void* Frame::plane_data(int i) const { return plane(i).unsafe_data(); }

int64_t Frame::plane_stride_bytes(int i) const {
  const Tensor& t = plane(i);
  return t.stride(0) * static_cast<int64_t>(t.itemsize());
}

Frame Frame::crop(int x, int y, int w, int h) const {
  FK_CHECK_ARG(defined(), "crop: frame is undefined");
  FK_CHECK_ARG(w > 0 && h > 0, "crop: size ", w, "x", h, " is invalid (must be > 0)");
  FK_CHECK(x >= 0 && y >= 0 && int64_t{x} + w <= width_ && int64_t{y} + h <= height_,
           ErrorCode::kOutOfRange, "crop: rectangle (", x, ", ", y, ", ", w, "x", h,
           ") is outside the ", width_, "x", height_, " frame");
  const auto& d = desc();
  const int ax = 1 << d.log2_chroma_w;
  const int ay = 1 << d.log2_chroma_h;
  FK_CHECK_ARG(x % ax == 0 && y % ay == 0, "crop: origin (", x, ", ", y, ") of ", d.name,
               " must be a multiple of the chroma subsampling (", ax, ", ", ay, ")");
  Frame f = *this;
  f.width_ = w;
  f.height_ = h;
  for (int p = 0; p < d.num_planes; ++p) {
    const int px = x >> d.planes[p].log2_ssx;
    const int py = y >> d.planes[p].log2_ssy;
    f.planes_[p] = planes_[p]
                       .slice(0, py, py + d.plane_height(p, h))
                       .slice(1, px, px + d.plane_width(p, w));
  }
  return f;
}

Frame Frame::clone(int row_align) const {
  FK_CHECK_ARG(defined(), "clone: frame is undefined");
  Frame f(width_, height_, info_, device(), row_align);
  f.copy_from(*this);
  f.image_metadata_ = image_metadata_;
  return f;
}

Frame& Frame::copy_from(const Frame& src) {
  FK_CHECK_ARG(defined() && src.defined(), "copy_from: undefined frame");
  FK_CHECK_ARG(src.width_ == width_ && src.height_ == height_ && src.format() == format(),
               "copy_from: source is ", pixel_format_name(src.format()), " ", src.width_, "x",
               src.height_, " but destination is ", pixel_format_name(format()), " ", width_,
               "x", height_);
  for (int p = 0; p < nplanes(); ++p) planes_[p].copy_(src.planes_[p]);
  return *this;
}

Frame Frame::to(const Device& target) const {
  FK_CHECK_ARG(defined(), "to: frame is undefined");
  if (target == device()) return *this;
  target.check_available();
  // One transfer for the whole frame: pack on the source device, move the buffer once,
  // and lay the planes over the moved buffer at the same offsets.
  const Frame packed = clone();
  const BufferPtr& src_buf = packed.planes_[0].buffer();
  auto dst_buf = Buffer::allocate(src_buf->size(), target);
  copy_bytes(dst_buf->data(), target, src_buf->data(), packed.device(), src_buf->size());
  Frame f = packed;
  for (auto& t : f.planes_) t = Tensor::from_buffer(dst_buf, t.byte_offset(), t.shape(), t.strides(), t.dtype());
  return f;
}

Frame Frame::with_pix_info(const PixelInfo& info) const {
  FK_CHECK_ARG(info.format() == format(), "with_pix_info: format ",
               pixel_format_name(info.format()), " differs from the frame's ",
               pixel_format_name(format()), " (use reformat to convert)");
  Frame f = *this;
  f.info_ = info;
  return f;
}

ImageView Frame::view() const {
  FK_CHECK_ARG(defined(), "view: frame is undefined");
  FK_CHECK(device().is_cpu(), ErrorCode::kUnsupported, "view: frame is on ", device().str(),
           "; kernels need a cpu frame (call cpu() first)");
  ImageView v;
  v.info = info_;
  v.width = width_;
  v.height = height_;
  for (int p = 0; p < nplanes(); ++p) {
    // A one-row plane may carry any row stride; report at least the row size.
    const auto row = static_cast<int64_t>(desc().plane_row_bytes(p, width_));
    const int64_t stride = planes_[p].size(0) == 1 ? std::max(row, plane_stride_bytes(p))
                                                   : plane_stride_bytes(p);
    v.planes[p] = PlaneView{static_cast<uint8_t*>(planes_[p].unsafe_data()), stride};
  }
  return v;
}

}  // namespace framekit
