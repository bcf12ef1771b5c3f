// hi_video_frame (the hardware's frame description) → the engine's InputFrame.
#include <algorithm>
#include <cstdint>

#include "compat/compat.h"
#include "compat/enum_field.h"
#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/device_memory.h"

namespace framekit::compat {
namespace {

struct FormatMapping {
  hi_pixel_format hi;
  PixelFormat format;
  bool swap_uv;  // YVU planar: memory holds V before U
};

// The hardware's names for framekit's formats. Which of them can be encoded is
// jpeg::can_encode's answer, not this table's.
constexpr FormatMapping kFormats[] = {
    {HI_PIXEL_FORMAT_YUV_400, PF_GRAY8, false},
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, PF_NV12, false},
    {HI_PIXEL_FORMAT_YVU_SEMIPLANAR_420, PF_NV21, false},
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_422, PF_NV16, false},
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_444, PF_NV24, false},
    {HI_PIXEL_FORMAT_YUYV_PACKED_422, PF_YUYV422, false},
    {HI_PIXEL_FORMAT_UYVY_PACKED_422, PF_UYVY422, false},
    {HI_PIXEL_FORMAT_YVYU_PACKED_422, PF_YVYU422, false},
    {HI_PIXEL_FORMAT_VYUY_PACKED_422, PF_VYUY422, false},
    {HI_PIXEL_FORMAT_RGB_888, PF_RGB24, false},
    {HI_PIXEL_FORMAT_BGR_888, PF_BGR24, false},
    {HI_PIXEL_FORMAT_RGBA_8888, PF_RGBA32, false},
    {HI_PIXEL_FORMAT_BGRA_8888, PF_BGRA32, false},
    {HI_PIXEL_FORMAT_ARGB_8888, PF_ARGB32, false},
    {HI_PIXEL_FORMAT_ABGR_8888, PF_ABGR32, false},
    {HI_PIXEL_FORMAT_YUV_PLANAR_420, PF_YUV420P, false},
    {HI_PIXEL_FORMAT_YVU_PLANAR_420, PF_YUV420P, true},
    {HI_PIXEL_FORMAT_YUV_PLANAR_422, PF_YUV422P, false},
    {HI_PIXEL_FORMAT_YVU_PLANAR_422, PF_YUV422P, true},
    {HI_PIXEL_FORMAT_YUV_PLANAR_444, PF_YUV444P, false},
    {HI_PIXEL_FORMAT_YVU_PLANAR_444, PF_YUV444P, true},
};

ColorSpace space_of(int64_t gamut) {
  switch (gamut) {
    case HI_COLOR_GAMUT_BT709:
      return CS_BT709;
    case HI_COLOR_GAMUT_BT2020:
      return CS_BT2020_NCL;
    default:
      return CS_BT470BG;
  }
}

}  // namespace

jpege::InputFrame to_input_frame(const hi_video_frame_info& info, jpege::MemoryPins& pins) {
  using namespace jpege;
  const hi_video_frame& f = info.v_frame;
  const FormatMapping* map = nullptr;
  for (const auto& m : kFormats) {
    if (m.hi == enum_value(f.pixel_format)) map = &m;
  }
  JPEGE_CHECK(map != nullptr, kErrVencNotSupport, "pixel_format ", enum_value(f.pixel_format),
              " cannot be encoded (it has no framekit pixel format)");
  // Samples are encoded raw, as the hardware does.
  const PixelInfo pix(map->format, space_of(enum_value(f.color_gamut)));
  JPEGE_CHECK(jpeg::can_encode(pix, true), kErrVencNotSupport, "pixel_format ",
              enum_value(f.pixel_format), ": ", jpeg::cannot_encode_reason(pix, true));
  JPEGE_CHECK(enum_value(f.video_format) == HI_VIDEO_FORMAT_LINEAR, kErrVencNotSupport, "video_format ",
              enum_value(f.video_format), " (only HI_VIDEO_FORMAT_LINEAR)");
  JPEGE_CHECK(enum_value(f.compress_mode) == HI_COMPRESS_MODE_NONE, kErrVencNotSupport, "compress_mode ",
              enum_value(f.compress_mode), " (only HI_COMPRESS_MODE_NONE)");
  JPEGE_CHECK(enum_value(f.field) == HI_VIDEO_FIELD_FRAME || enum_value(f.field) == 0, kErrVencNotSupport,
              "field ", enum_value(f.field),
              " (only progressive frames, HI_VIDEO_FIELD_FRAME)");
  JPEGE_CHECK(f.width >= kMinPicSize && f.width <= kMaxPicSize && f.height >= kMinPicSize &&
                  f.height <= kMaxPicSize,
              kErrVencIllegalParam, "frame size ", f.width, "x", f.height, " (expected ",
              kMinPicSize, " to ", kMaxPicSize, " each)");
  JPEGE_CHECK(f.virt_addr[0] != nullptr, kErrVencNullPtr, "frame virt_addr[0] is NULL");

  const PixelFormatDesc& d = pix.desc();
  const int width = static_cast<int>(f.width);
  const int height = static_cast<int>(f.height);
  uint64_t ws[3] = {0, 0, 0};
  uint64_t hs[3] = {0, 0, 0};
  uintptr_t mem[3] = {0, 0, 0};
  uintptr_t base[3] = {0, 0, 0};  // where the plane's buffer starts (a derived plane: the
                                  // first given plane before it, whose block holds it)
  for (int p = 0; p < d.num_planes; ++p) {
    const auto& pd = d.planes[static_cast<size_t>(p)];
    const uint64_t row = d.plane_row_bytes(p, width);
    if (f.width_stride[p] != 0) {
      ws[p] = f.width_stride[p];
    } else if (p == 0) {
      ws[p] = row;
    } else {
      // Chroma rows follow the luma stride, scaled to the chroma plane's width.
      ws[p] = std::max<uint64_t>(row, (ws[0] * pd.channels >> pd.log2_ssx) / d.planes[0].channels);
    }
    JPEGE_CHECK(ws[p] >= row, kErrVencIllegalParam, "plane ", p, " stride ", ws[p],
                " bytes (width_stride[", p, "]) is shorter than its row of ", row, " bytes");
    const uint64_t rows = static_cast<uint64_t>(d.plane_height(p, height));
    if (f.height_stride[p] != 0) {
      hs[p] = f.height_stride[p];
    } else if (p == 0) {
      hs[p] = static_cast<uint64_t>(height);
    } else {
      hs[p] = (hs[0] + (uint64_t{1} << pd.log2_ssy) - 1) >> pd.log2_ssy;
    }
    JPEGE_CHECK(hs[p] >= rows, kErrVencIllegalParam, "height_stride[", p, "] ", hs[p],
                " is less than the plane's ", rows, " rows");
    JPEGE_CHECK(hs[p] <= kMaxHeightStride, kErrVencIllegalParam, "height_stride[", p, "] ", hs[p],
                " is more than the ", kMaxHeightStride, " rows a plane can reserve");

    if (f.virt_addr[p] != nullptr) {
      mem[p] = reinterpret_cast<uintptr_t>(f.virt_addr[p]);
      base[p] = mem[p];
    } else {
      // Right after the previous plane's reserved rows (the SDK's layout).
      uint64_t gap = 0;
      JPEGE_CHECK(!__builtin_mul_overflow(ws[p - 1], hs[p - 1], &gap) &&
                      !__builtin_add_overflow(mem[p - 1], gap, &mem[p]),
                  kErrVencBadAddr, "plane ", p, " would start ", ws[p - 1], " x ", hs[p - 1],
                  " bytes after plane ", p - 1, ", beyond the address space");
      base[p] = base[p - 1];
    }
    // What the encoder reads: rows - 1 whole strides, then the last row's bytes (not its
    // padding). A derived plane is checked from its buffer's start, so that it must lie
    // in the same block as the plane it follows.
    uint64_t extent = 0, span = 0;
    JPEGE_CHECK(!__builtin_mul_overflow(rows - 1, ws[p], &extent) &&
                    !__builtin_add_overflow(extent, row, &extent) &&
                    !__builtin_add_overflow(mem[p] - base[p], extent, &span) &&
                    span <= UINTPTR_MAX - base[p],
                kErrVencBadAddr, "plane ", p, " (", rows, " rows of ", ws[p],
                " bytes) runs beyond the address space");
    const void* start = reinterpret_cast<const void*>(base[p]);
    const RangeCheck r = pins.add(start, static_cast<size_t>(span));
    if (r == RangeCheck::kOverflow) {
      JPEGE_THROW(kErrVencBadAddr, "plane ", p, " (", rows, " rows, stride ", ws[p],
                  f.virt_addr[p] == nullptr ? ", address derived" : "",
                  "): ", describe_range(start, static_cast<size_t>(span)));
    }
    // The caller's own memory is trusted to be theirs, but a wild address (a size or an
    // fd passed by mistake) must be an error code, not a crash on a worker thread.
    JPEGE_CHECK(r != RangeCheck::kUntracked ||
                    host_memory_accessible(start, static_cast<size_t>(span)),
                kErrVencBadAddr, "plane ", p, ": ", span, " bytes at ", start,
                " are not readable memory of this process");
  }

  InputFrame in;
  in.view.info = pix;
  in.view.width = width;
  in.view.height = height;
  for (int p = 0; p < d.num_planes; ++p) {
    const int dst = map->swap_uv && p > 0 ? 3 - p : p;
    in.view.planes[static_cast<size_t>(dst)] =
        PlaneView{reinterpret_cast<uint8_t*>(mem[p]), static_cast<ptrdiff_t>(ws[p])};
  }
  in.pts = f.pts;
  in.input_addr = reinterpret_cast<uint64_t>(f.virt_addr[0]);
  in.raw = true;
  return in;
}

}  // namespace framekit::compat
