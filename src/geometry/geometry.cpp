// Public geometry API on ImageView: validation, then per-plane dispatch to the plane
// kernels. Packed 4:2:2 goes through separate luma/chroma planes (geometry_packed.cpp).
#include "framekit/geometry/geometry.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/core/parallel.h"
#include "geometry/geometry_internal.h"

namespace framekit {
namespace gd = geometry_detail;

namespace {

gd::PlaneJob plane_job(const ImageView& v, int p) {
  const PixelFormatDesc& d = v.desc();
  const PlaneDesc& pd = d.planes[p];
  gd::PlaneJob j;
  j.channels = pd.channels;
  j.sample_bytes = static_cast<int>(d.sample_size());
  j.log2_ssx = pd.log2_ssx;
  j.log2_ssy = pd.log2_ssy;
  j.ref = gd::PlaneRef{v.planes[p].data, v.planes[p].stride, v.plane_width(p), v.plane_height(p),
                       j.channels * j.sample_bytes};
  return j;
}

std::vector<gd::PlaneJob> plane_jobs(const ImageView& v) {
  std::vector<gd::PlaneJob> jobs;
  for (int p = 0; p < v.desc().num_planes; ++p) jobs.push_back(plane_job(v, p));
  return jobs;
}

// Bytes a plane spans in memory, for the overlap check.
std::pair<const uint8_t*, const uint8_t*> span_of(const gd::PlaneRef& r) {
  const uint8_t* first = r.data;
  const uint8_t* last = r.data + static_cast<ptrdiff_t>(r.height - 1) * r.stride;
  return {std::min(first, last), std::max(first, last) + r.row_bytes()};
}

void check_pair(const ImageView& src, const ImageView& dst, const char* op) {
  const std::string s = std::string(op) + " src", d = std::string(op) + " dst";
  src.validate(s.c_str());
  dst.validate(d.c_str());
  FK_CHECK(src.format() == dst.format(), ErrorCode::kTypeMismatch, op, ": src format ",
           src.desc().name, " differs from dst format ", dst.desc().name,
           " (geometry keeps the format; convert with reformat first)");
  for (int p = 0; p < src.desc().num_planes; ++p) {
    for (int q = 0; q < dst.desc().num_planes; ++q) {
      const auto a = span_of(plane_job(src, p).ref), b = span_of(plane_job(dst, q).ref);
      FK_CHECK_ARG(a.second <= b.first || b.second <= a.first, op, ": src plane ", p,
                   " and dst plane ", q, " share memory (in-place geometry is not supported)");
    }
  }
}

// Runs op(src_plane, dst_plane) over all planes; packed 4:2:2 is unpacked to separate
// luma and chroma planes first and packed again after.
template <typename Op>
void for_each_plane(const ImageView& src, const ImageView& dst, Op op) {
  const PixelFormatDesc& d = src.desc();
  if (!d.packed422) {
    const auto s = plane_jobs(src), o = plane_jobs(dst);
    for (size_t p = 0; p < s.size(); ++p) op(s[p], o[p]);
    return;
  }
  const std::string_view comps = d.planes[0].components;
  gd::Unpacked422 us(src.width, src.height), ud(dst.width, dst.height);
  gd::unpack_422(plane_job(src, 0).ref, comps, us);
  op(us.luma_job(), ud.luma_job());
  op(us.chroma_job(), ud.chroma_job());
  gd::pack_422(ud, comps, plane_job(dst, 0).ref);
}

void resize_job(const gd::PlaneJob& s, const gd::PlaneJob& o, ResizeMode mode, const ImageView& v) {
  const int m = static_cast<int>(mode);
  if (s.sample_bytes == 1) return gd::resize_plane_u8(s.ref, o.ref, m);
  if (s.sample_bytes == 4) return gd::resize_plane_f32(s.ref, o.ref, s.channels, m);
  const PixelFormatDesc& d = v.desc();
  const int msb_shift = d.msb_aligned ? 16 - d.bit_depth : 0;
  const int max_value = d.msb_aligned ? 0xFFFF : (1 << d.bit_depth) - 1;
  gd::resize_plane_u16(s.ref, o.ref, s.channels, m, max_value, msb_shift);
}

}  // namespace

void resize(const ImageView& src, const ImageView& dst, ResizeMode mode) {
  check_pair(src, dst, "resize");
  const int m = static_cast<int>(mode);
  FK_CHECK_ARG(m >= 0 && m <= 7, "resize: mode ", m,
               " (expected kNearest, kBilinear, kBicubic, kArea, kLanczos3, kBilinearAA, "
               "kBicubicAA or kNearestFloor)");
  for_each_plane(
      src, dst, [&](const gd::PlaneJob& s, const gd::PlaneJob& o) { resize_job(s, o, mode, src); });
}

void rotate(const ImageView& src, const ImageView& dst, RotationMode mode) {
  check_pair(src, dst, "rotate");
  const int deg = static_cast<int>(mode);
  FK_CHECK_ARG(deg == 0 || deg == 90 || deg == 180 || deg == 270, "rotate: ", deg,
               " degrees (expected 0, 90, 180 or 270)");
  const bool turn = deg == 90 || deg == 270;
  const int ew = turn ? src.height : src.width, eh = turn ? src.width : src.height;
  FK_CHECK_ARG(dst.width == ew && dst.height == eh, "rotate by ", deg, ": dst is ", dst.width, "x",
               dst.height, " but a ", src.width, "x", src.height, " source needs ", ew, "x", eh);
  for_each_plane(src, dst, [&](const gd::PlaneJob& s, const gd::PlaneJob& o) {
    if (!turn || s.log2_ssx == s.log2_ssy) return gd::rotate_plane(s.ref, o.ref, deg);
    FK_CHECK(s.log2_ssx == 1 && s.log2_ssy == 0, ErrorCode::kUnsupported,
             "rotate: chroma subsampled ", 1 << s.log2_ssx, "x", 1 << s.log2_ssy);
    // 4:2:2: rotate the chroma plane as it is, then resample it to the new axis.
    std::vector<uint8_t> tmp(static_cast<size_t>(s.ref.height) * s.ref.width * s.ref.elem_bytes);
    gd::PlaneJob r = s;
    r.ref = gd::PlaneRef{tmp.data(), static_cast<ptrdiff_t>(s.ref.height) * s.ref.elem_bytes,
                         s.ref.height, s.ref.width, s.ref.elem_bytes};
    gd::rotate_plane(s.ref, r.ref, deg);
    gd::reshape_rotated_422(r, o);
  });
}

void mirror(const ImageView& src, const ImageView& dst, MirrorAxis axis) {
  check_pair(src, dst, "mirror");
  const int a = static_cast<int>(axis);
  FK_CHECK_ARG(a >= 0 && a <= 2, "mirror: axis ", a, " (expected kHorizontal, kVertical or kBoth)");
  FK_CHECK_ARG(dst.width == src.width && dst.height == src.height, "mirror: dst is ", dst.width,
               "x", dst.height, " but src is ", src.width, "x", src.height);
  const bool h = axis != MirrorAxis::kVertical, v = axis != MirrorAxis::kHorizontal;
  for_each_plane(src, dst, [&](const gd::PlaneJob& s, const gd::PlaneJob& o) {
    gd::mirror_plane(s.ref, o.ref, h, v);
  });
}

void crop_copy(const ImageView& src, int x, int y, int w, int h, const ImageView& dst) {
  check_pair(src, dst, "crop_copy");
  FK_CHECK(w > 0 && h > 0, ErrorCode::kInvalidArgument, "crop_copy: size ", w, "x", h,
           " (expected > 0)");
  FK_CHECK(x >= 0 && y >= 0 && x <= src.width - w && y <= src.height - h, ErrorCode::kOutOfRange,
           "crop_copy: rectangle (", x, ", ", y, ", ", w, "x", h, ") is outside the ", src.width,
           "x", src.height, " image");
  const PixelFormatDesc& d = src.desc();
  const int ax = 1 << d.log2_chroma_w, ay = 1 << d.log2_chroma_h;
  FK_CHECK_ARG(x % ax == 0 && y % ay == 0, "crop_copy: origin (", x, ", ", y, ") of ", d.name,
               " must be a multiple of ", ax, "x", ay, " so that chroma stays aligned");
  FK_CHECK_ARG(dst.width == w && dst.height == h, "crop_copy: dst is ", dst.width, "x", dst.height,
               " but the rectangle is ", w, "x", h);
  const auto s = plane_jobs(src), o = plane_jobs(dst);
  for (size_t p = 0; p < s.size(); ++p) {
    const gd::PlaneJob& sp = s[p];
    const uint8_t* base = sp.ref.data + static_cast<ptrdiff_t>(y >> sp.log2_ssy) * sp.ref.stride +
                          static_cast<ptrdiff_t>(x >> sp.log2_ssx) * sp.ref.elem_bytes;
    const gd::PlaneRef& op = o[p].ref;
    parallel_for(0, op.height, 64, [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r)
        std::memcpy(op.row(static_cast<int>(r)), base + r * sp.ref.stride, op.row_bytes());
    });
  }
}

std::string_view resize_mode_name(ResizeMode mode) noexcept {
  switch (mode) {
    case ResizeMode::kNearest:
      return "nearest";
    case ResizeMode::kBilinear:
      return "bilinear";
    case ResizeMode::kBicubic:
      return "bicubic";
    case ResizeMode::kArea:
      return "area";
    case ResizeMode::kLanczos3:
      return "lanczos";
    case ResizeMode::kBilinearAA:
      return "bilinear-aa";
    case ResizeMode::kBicubicAA:
      return "bicubic-aa";
    case ResizeMode::kNearestFloor:
      return "nearest-floor";
  }
  return "unknown";
}

ResizeMode parse_resize_mode(std::string_view name) {
  std::string s(name);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return c == '_' ? '-' : static_cast<char>(std::tolower(c));
  });
  if (s == "nearest") return ResizeMode::kNearest;
  if (s == "bilinear" || s == "linear") return ResizeMode::kBilinear;
  if (s == "bicubic" || s == "cubic") return ResizeMode::kBicubic;
  if (s == "area" || s == "box") return ResizeMode::kArea;
  if (s == "lanczos" || s == "lanczos3") return ResizeMode::kLanczos3;
  if (s == "bilinear-aa") return ResizeMode::kBilinearAA;
  if (s == "bicubic-aa") return ResizeMode::kBicubicAA;
  if (s == "nearest-floor") return ResizeMode::kNearestFloor;
  FK_THROW(ErrorCode::kInvalidArgument, "unknown resize mode '", name,
           "' (expected nearest, bilinear, bicubic, area, lanczos, bilinear-aa, bicubic-aa or "
           "nearest-floor)");
}

}  // namespace framekit
