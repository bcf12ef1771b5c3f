// cv::Mat ↔ Frame with shared memory: Mats made here carry a UMatData whose
// allocator drops a framekit buffer reference when the last Mat goes.
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "framekit/convert/opencv.h"
#include "framekit/convert/tensor.h"

namespace framekit::opencv {
namespace {

using Buffers = std::vector<BufferPtr>;

// The allocator of Mats that view framekit memory. It never allocates (Mats reallocate
// through OpenCV's default allocator, since Mat::allocator stays null); it only frees
// the UMatData and the buffer reference it holds.
class BufferKeepAlive final : public cv::MatAllocator {
 public:
  cv::UMatData* allocate(int, const int*, int, void*, size_t*, cv::AccessFlag,
                         cv::UMatUsageFlags) const override {
    return nullptr;
  }
  bool allocate(cv::UMatData*, cv::AccessFlag, cv::UMatUsageFlags) const override { return false; }
  void deallocate(cv::UMatData* u) const override {
    if (!u) return;
    std::unique_ptr<Buffers> holder(static_cast<Buffers*>(u->userdata));
    u->userdata = nullptr;
    std::unique_ptr<cv::UMatData> owned(u);
  }
};

const BufferKeepAlive& keep_alive_allocator() {
  // Never destroyed on purpose: a Mat in some other static object may be released
  // during static destruction and still needs its allocator.
  static const BufferKeepAlive* const instance = new BufferKeepAlive();
  return *instance;
}

// A Mat over framekit memory that keeps `buffers` alive for as long as any Mat shares
// its data.
cv::Mat wrap(int rows, int cols, int type, void* data, size_t step, Buffers buffers) {
  cv::Mat m(rows, cols, type, data, step);
  auto u = std::make_unique<cv::UMatData>(&keep_alive_allocator());
  u->data = u->origdata = static_cast<uchar*>(data);
  u->size = step * static_cast<size_t>(rows);
  u->refcount = 1;
  auto holder = std::make_unique<Buffers>(std::move(buffers));
  u->userdata = holder.release();
  m.u = u.release();
  return m;
}

int cv_depth(ScalarType t) {
  switch (t) {
    case kUInt8:
      return CV_8U;
    case kUInt16:
      return CV_16U;
    case kFloat32:
      return CV_32F;
    default:
      return -1;
  }
}

ScalarType scalar_of(int depth, int type) {
  switch (depth) {
    case CV_8U:
      return kUInt8;
    case CV_16U:
      return kUInt16;
    case CV_32F:
      return kFloat32;
    default:
      FK_THROW(ErrorCode::kTypeMismatch, "from_mat: Mat type ", cv::typeToString(type),
               " has no framekit sample type (CV_8U, CV_16U or CV_32F expected)");
  }
}

bool is_yuv420_layout(PixelFormat f) {
  return f == PF_YUV420P || f == PF_YUVJ420P || f == PF_NV12 || f == PF_NV21;
}

// OpenCV's I420 keeps chroma rows of w/2 bytes two per Mat row: virtual chroma row r
// (U rows first, then V rows) starts (r / 2) rows and (r % 2) half rows past the luma.
uint8_t* i420_chroma_row(uint8_t* chroma_base, size_t step, int w, int r) {
  return chroma_base + static_cast<size_t>(r / 2) * step + static_cast<size_t>(r % 2) * (w / 2);
}

constexpr const char* kSupported =
    "rgb24, bgr24, rgba, bgra, argb, abgr, gray, rgb48le, bgr48le, rgba64le, gray16le, "
    "yuyv422, uyvy422, yvyu422, vyuy422 (HWC) and yuv420p, yuvj420p, nv12, nv21 "
    "(OpenCV's I420/NV12/NV21 layouts)";

}  // namespace

cv::Mat to_mat(const Frame& frame, bool copy) {
  FK_CHECK_ARG(frame.defined(), "to_mat: frame is undefined");
  FK_CHECK(frame.device().is_cpu(), ErrorCode::kUnsupported, "to_mat: frame is on ",
           frame.device().str(), "; cv::Mat needs cpu memory (call cpu() first)");
  const auto& d = frame.desc();
  const ImageView v = frame.view();
  const int w = frame.width(), h = frame.height();
  if (d.num_planes == 1 && cv_depth(d.dtype) >= 0 && !is_floating(d.dtype)) {
    const int type = CV_MAKETYPE(cv_depth(d.dtype), d.planes[0].channels);
    cv::Mat m = wrap(v.plane_height(0), v.plane_width(0), type, v.planes[0].data,
                     static_cast<size_t>(v.planes[0].stride), {frame.plane(0).buffer()});
    return copy ? m.clone() : m;
  }
  FK_CHECK(is_yuv420_layout(d.format), ErrorCode::kUnsupported, "to_mat: ", d.name,
           " has no cv::Mat layout; supported: ", kSupported);
  FK_CHECK(w % 2 == 0 && h % 2 == 0, ErrorCode::kUnsupported, "to_mat: ", d.name, " ", w, "x", h,
           ": OpenCV's YUV 4:2:0 layouts need an even width and height");
  const bool i420 = d.num_planes == 3;
  const auto& y = v.planes[0];
  const size_t luma_bytes = static_cast<size_t>(y.stride) * h;
  // One Mat can view the planes when they follow each other exactly as OpenCV lays
  // them out. The planes may sit in different framekit buffers (a frame wrapped from
  // such a Mat does); the Mat then holds all of them.
  bool shared = v.planes[1].data == y.data + luma_bytes;
  if (i420) {
    const size_t cw = static_cast<size_t>(w / 2);
    shared = shared && y.stride == w && v.planes[1].stride == static_cast<ptrdiff_t>(cw) &&
             v.planes[2].stride == static_cast<ptrdiff_t>(cw) &&
             v.planes[2].data == v.planes[1].data + cw * (h / 2);
  } else {
    shared = shared && v.planes[1].stride == y.stride;
  }
  if (shared) {
    Buffers buffers;
    for (const Tensor& t : frame.data()) buffers.push_back(t.buffer());
    cv::Mat m =
        wrap(h * 3 / 2, w, CV_8UC1, y.data, static_cast<size_t>(y.stride), std::move(buffers));
    return copy ? m.clone() : m;
  }
  cv::Mat m(h * 3 / 2, w, CV_8UC1);
  for (int r = 0; r < h; ++r) std::memcpy(m.ptr(r), y.row(r), static_cast<size_t>(w));
  if (i420) {
    uint8_t* chroma = m.ptr(h);
    for (int p = 1; p <= 2; ++p)
      for (int r = 0; r < h / 2; ++r)
        std::memcpy(chroma + static_cast<size_t>((p - 1) * (h / 2) + r) * (w / 2),
                    v.planes[p].row(r), static_cast<size_t>(w / 2));
  } else {
    for (int r = 0; r < h / 2; ++r)
      std::memcpy(m.ptr(h + r), v.planes[1].row(r), static_cast<size_t>(w));
  }
  return m;
}

namespace {

Frame from_yuv420_mat(const cv::Mat& mat, PixelFormat format, bool* copied) {
  const std::string name(pixel_format_name(format));
  FK_CHECK(mat.type() == CV_8UC1, ErrorCode::kTypeMismatch, "from_mat: ", name,
           " needs a CV_8UC1 Mat of (h*3/2) x w, not ", cv::typeToString(mat.type()));
  // (h*3/2) rows with h even is any multiple of 3.
  FK_CHECK_ARG(mat.rows % 3 == 0 && mat.cols % 2 == 0, "from_mat: a ", mat.cols, "x", mat.rows,
               " Mat is not ", name, " in OpenCV's layout ((h*3/2) rows of w, h and w even)");
  const int w = mat.cols, h = mat.rows * 2 / 3;
  const size_t step = mat.step[0];
  auto* base = const_cast<uint8_t*>(mat.ptr<uint8_t>(0));
  ImageView v;
  v.info = PixelInfo(format);
  v.width = w;
  v.height = h;
  v.planes[0] = {base, static_cast<ptrdiff_t>(step)};
  uint8_t* chroma = base + step * static_cast<size_t>(h);
  if (format == PF_NV12 || format == PF_NV21) {
    v.planes[1] = {chroma, static_cast<ptrdiff_t>(step)};
    if (copied) *copied = false;
    return Frame::wrap(v, [keep = mat] {});
  }
  if (step == static_cast<size_t>(w)) {
    // Continuous: the chroma planes are plain w/2-byte rows.
    const size_t cw = static_cast<size_t>(w / 2);
    v.planes[1] = {chroma, static_cast<ptrdiff_t>(cw)};
    v.planes[2] = {chroma + cw * static_cast<size_t>(h / 2), static_cast<ptrdiff_t>(cw)};
    if (copied) *copied = false;
    return Frame::wrap(v, [keep = mat] {});
  }
  // An I420 ROI: chroma rows alternate between two offsets, so no single stride
  // describes them; gather them into a new frame.
  Frame out(w, h, PixelInfo(format));
  const ImageView o = out.view();
  for (int r = 0; r < h; ++r) std::memcpy(o.planes[0].row(r), base + r * step, w);
  for (int p = 1; p <= 2; ++p)
    for (int r = 0; r < h / 2; ++r)
      std::memcpy(o.planes[p].row(r), i420_chroma_row(chroma, step, w, (p - 1) * (h / 2) + r),
                  static_cast<size_t>(w / 2));
  if (copied) *copied = true;
  return out;
}

}  // namespace

Frame from_mat(const cv::Mat& mat, PixelFormat format, bool* copied) {
  FK_CHECK_ARG(!mat.empty(), "from_mat: Mat is empty");
  FK_CHECK_ARG(mat.dims == 2, "from_mat: Mat has ", mat.dims,
               " dimensions; images are 2-D Mats with channels");
  if (is_yuv420_layout(format)) return from_yuv420_mat(mat, format, copied);
  const ScalarType dtype = scalar_of(mat.depth(), mat.type());
  const int channels = mat.channels();
  if (format == PF_NONE) {
    format = infer_image_format(channels, dtype, kNHWC, /*bgr=*/true);
    FK_CHECK(format != PF_NONE, ErrorCode::kTypeMismatch, "from_mat: no pixel format for a ",
             cv::typeToString(mat.type()), " Mat; pass one (", kSupported, ")");
  }
  const int64_t esz = static_cast<int64_t>(mat.elemSize1());
  const auto step = static_cast<int64_t>(mat.step[0]);
  FK_CHECK_ARG(step % esz == 0, "from_mat: row step ", step,
               " is not a multiple of the sample size ", esz);
  Tensor t =
      Tensor::from_blob(const_cast<uint8_t*>(mat.ptr<uint8_t>(0)), {mat.rows, mat.cols, channels},
                        {step / esz, channels, 1}, dtype, Device(), [keep = mat] {});
  return tensor_to_frame(t, PixelInfo(format), kNHWC, copied);
}

}  // namespace framekit::opencv
