#include "framekit/frame/frame_seq.h"

#include <algorithm>

#include "framekit/core/allocator.h"
#include "framekit/core/error.h"

namespace framekit {
namespace {

// The plane as (batch, rows, cols, channels), adding the channel axis when missing.
Tensor as_nhwc(const Tensor& t, int channels, int index) {
  FK_CHECK_ARG(t.defined(), "FrameSeq: plane ", index, " is undefined");
  if (t.dim() == 3 && channels == 1) return t.unsqueeze(3);
  FK_CHECK_ARG(t.dim() == 4, "FrameSeq: plane ", index, " has ", t.dim(),
               " dimensions (expected (batch, rows, cols, channels)",
               channels == 1 ? " or (batch, rows, cols)" : "", ")");
  return t;
}

TensorList select_frame(const TensorList& planes, int64_t index) {
  TensorList out;
  out.reserve(planes.size());
  for (const auto& p : planes) out.push_back(p.select(0, index));
  return out;
}

int plane0_extent(const TensorList& planes, int axis) {
  FK_CHECK_ARG(!planes.empty() && planes[0].defined() && planes[0].dim() >= 3,
               "FrameSeq: plane 0 must be a tensor of shape (batch, rows, cols[, channels])");
  return static_cast<int>(planes[0].size(axis));
}

// Contiguous (batch, rows, cols, channels) planes in one new buffer on `device`, the
// layout Frame gives a single frame.
TensorList allocate_planes(int64_t batch, int width, int height, const PixelInfo& info,
                           const Device& device) {
  const auto& d = info.desc();
  const auto isz = static_cast<int64_t>(d.sample_size());
  std::vector<int64_t> offsets;
  int64_t total = 0;
  for (int p = 0; p < d.num_planes; ++p) {
    total = (total + kDefaultAlignment - 1) / kDefaultAlignment * kDefaultAlignment;
    offsets.push_back(total);
    total += batch * d.plane_height(p, height) * d.plane_width(p, width) * d.planes[p].channels *
             isz;
  }
  auto buffer = Buffer::allocate(static_cast<size_t>(total), device);
  TensorList planes;
  for (int p = 0; p < d.num_planes; ++p) {
    const SizeArray shape{batch, d.plane_height(p, height), d.plane_width(p, width),
                          d.planes[p].channels};
    planes.push_back(Tensor::from_buffer(buffer, offsets[p], shape, {}, d.dtype));
  }
  return planes;
}

}  // namespace

FrameSeq::FrameSeq(const TensorList& planes, const PixelInfo& info)
    : FrameSeq(planes, plane0_extent(planes, 2), plane0_extent(planes, 1), info) {}

FrameSeq::FrameSeq(const TensorList& planes, int width, int height, const PixelInfo& info)
    : width_(width), height_(height), info_(info) {
  FK_CHECK_ARG(info.valid(), "FrameSeq: pixel format is not set (PF_NONE)");
  const auto& d = info.desc();
  FK_CHECK_ARG(static_cast<int>(planes.size()) == d.num_planes, "FrameSeq: ", d.name, " needs ",
               int{d.num_planes}, " plane(s), got ", planes.size());
  for (int p = 0; p < d.num_planes; ++p) planes_.push_back(as_nhwc(planes[p], d.planes[p].channels, p));
  const int64_t n = planes_[0].size(0);
  FK_CHECK_ARG(n > 0, "FrameSeq: the batch is empty");
  for (int p = 1; p < d.num_planes; ++p) {
    FK_CHECK_ARG(planes_[p].size(0) == n, "FrameSeq: plane ", p, " holds ", planes_[p].size(0),
                 " frames but plane 0 holds ", n);
  }
  // Every frame must be a valid Frame: frame 0 carries the shape, dtype and stride
  // checks (all frames share them); the batch strides only have to keep frames apart.
  (void)Frame(select_frame(planes_, 0), width, height, info);
  for (int p = 0; p < d.num_planes; ++p) {
    const Tensor& t = planes_[p];
    FK_CHECK_ARG(n == 1 || t.stride(0) >= t.size(1) * t.stride(1), "FrameSeq: plane ", p,
                 " batch stride ", t.stride(0), " elements overlaps the frames' rows");
  }
}

const Device& FrameSeq::device() const {
  FK_CHECK_ARG(defined(), "FrameSeq is undefined");
  return planes_[0].device();
}

const Tensor& FrameSeq::plane(int i) const {
  FK_CHECK(i >= 0 && i < nplanes(), ErrorCode::kOutOfRange, "plane index ", i,
           " is out of range (sequence has ", nplanes(), " plane(s))");
  return planes_[i];
}

Frame FrameSeq::operator[](int64_t index) const {
  FK_CHECK_ARG(defined(), "FrameSeq[]: the sequence is undefined");
  const int64_t n = batch();
  FK_CHECK(index >= -n && index < n, ErrorCode::kOutOfRange, "FrameSeq[]: index ", index,
           " is out of range (batch of ", n, ")");
  return Frame(select_frame(planes_, index < 0 ? index + n : index), width_, height_, info_);
}

FrameSeq FrameSeq::slice(int64_t start, std::optional<int64_t> end) const {
  FK_CHECK_ARG(defined(), "FrameSeq.slice: the sequence is undefined");
  const int64_t stop = end.value_or(batch());
  TensorList planes;
  for (const auto& p : planes_) planes.push_back(p.slice(0, start, stop));
  FK_CHECK(planes[0].size(0) > 0, ErrorCode::kOutOfRange, "FrameSeq.slice: [", start, ", ",
           stop, ") selects no frame of a batch of ", batch());
  FrameSeq s = *this;
  s.planes_ = std::move(planes);
  return s;
}

FrameSeq FrameSeq::crop(int x, int y, int w, int h) const {
  FK_CHECK_ARG(defined(), "FrameSeq.crop: the sequence is undefined");
  // Frame::crop checks the rectangle and the chroma siting; it works on frame 0 and
  // the same plane windows apply to every frame.
  const Frame first = (*this)[0].crop(x, y, w, h);
  FrameSeq s = *this;
  s.width_ = w;
  s.height_ = h;
  const auto& d = desc();
  for (int p = 0; p < nplanes(); ++p) {
    const int px = x >> d.planes[p].log2_ssx;
    const int py = y >> d.planes[p].log2_ssy;
    s.planes_[p] = planes_[p]
                       .slice(1, py, py + first.plane(p).size(0))
                       .slice(2, px, px + first.plane(p).size(1));
  }
  return s;
}

FrameSeq FrameSeq::to(const Device& target) const {
  FK_CHECK_ARG(defined(), "FrameSeq.to: the sequence is undefined");
  if (target == device()) return *this;
  target.check_available();
  FrameSeq s = clone();
  TensorList moved = allocate_planes(batch(), width_, height_, info_, target);
  for (int p = 0; p < nplanes(); ++p) moved[p].copy_(s.planes_[p]);
  s.planes_ = std::move(moved);
  return s;
}

FrameSeq FrameSeq::clone() const {
  FK_CHECK_ARG(defined(), "FrameSeq.clone: the sequence is undefined");
  FrameSeq s = *this;
  s.planes_ = allocate_planes(batch(), width_, height_, info_, device());
  for (int p = 0; p < nplanes(); ++p) s.planes_[p].copy_(planes_[p]);
  return s;
}

namespace {

void check_same_kind(const char* what, size_t index, int width, int height,
                     const PixelInfo& info, const Device& device, const PixelInfo& info0,
                     int width0, int height0, const Device& device0) {
  FK_CHECK(info.format() == info0.format(), ErrorCode::kTypeMismatch, "concat: ", what, " ",
           index, " is ", pixel_format_name(info.format()), " but ", what, " 0 is ",
           pixel_format_name(info0.format()));
  FK_CHECK_ARG(width == width0 && height == height0, "concat: ", what, " ", index, " is ",
               width, "x", height, " but ", what, " 0 is ", width0, "x", height0);
  FK_CHECK_ARG(device == device0, "concat: ", what, " ", index, " is on ", device.str(),
               " but ", what, " 0 is on ", device0.str());
}

}  // namespace

FrameSeq concat(const std::vector<Frame>& frames) {
  FK_CHECK_ARG(!frames.empty(), "concat: expected at least one frame");
  const Frame& f0 = frames[0];
  FK_CHECK_ARG(f0.defined(), "concat: frame 0 is undefined");
  for (size_t i = 0; i < frames.size(); ++i) {
    FK_CHECK_ARG(frames[i].defined(), "concat: frame ", i, " is undefined");
    check_same_kind("frame", i, frames[i].width(), frames[i].height(), frames[i].pix_info(),
                    frames[i].device(), f0.pix_info(), f0.width(), f0.height(), f0.device());
  }
  TensorList planes = allocate_planes(static_cast<int64_t>(frames.size()), f0.width(),
                                      f0.height(), f0.pix_info(), f0.device());
  for (size_t i = 0; i < frames.size(); ++i) {
    for (int p = 0; p < f0.nplanes(); ++p) {
      Tensor dst = planes[p].select(0, static_cast<int64_t>(i));
      dst.copy_(frames[i].plane(p));
    }
  }
  return FrameSeq(planes, f0.width(), f0.height(), f0.pix_info());
}

FrameSeq concat(const std::vector<FrameSeq>& seqs) {
  FK_CHECK_ARG(!seqs.empty(), "concat: expected at least one frame sequence");
  const FrameSeq& s0 = seqs[0];
  FK_CHECK_ARG(s0.defined(), "concat: sequence 0 is undefined");
  int64_t total = 0;
  for (size_t i = 0; i < seqs.size(); ++i) {
    FK_CHECK_ARG(seqs[i].defined(), "concat: sequence ", i, " is undefined");
    check_same_kind("sequence", i, seqs[i].width(), seqs[i].height(), seqs[i].pix_info(),
                    seqs[i].device(), s0.pix_info(), s0.width(), s0.height(), s0.device());
    total += seqs[i].batch();
  }
  TensorList planes = allocate_planes(total, s0.width(), s0.height(), s0.pix_info(), s0.device());
  int64_t at = 0;
  for (const auto& s : seqs) {
    for (int p = 0; p < s0.nplanes(); ++p) {
      Tensor dst = planes[p].slice(0, at, at + s.batch());
      dst.copy_(s.plane(p));
    }
    at += s.batch();
  }
  return FrameSeq(planes, s0.width(), s0.height(), s0.pix_info());
}

}  // namespace framekit
