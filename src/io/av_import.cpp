// AVFrame → Frame with shared, reference-counted memory (see av_import.h).
#include "io/av_import.h"

#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include <libavutil/buffer.h>
#include <libavutil/dict.h>
#include <libavutil/pixdesc.h>
#include <libavutil/version.h>
}

#include "framekit/core/error.h"

namespace framekit::io::av {
namespace {

// framekit's color enums are FFmpeg's AVCOL_* numbers; these pin that down.
constexpr bool same(int a, int b) {
  return a == b;
}
static_assert(same(CS_BT709, AVCOL_SPC_BT709) && same(CS_BT470BG, AVCOL_SPC_BT470BG) &&
              same(CS_SMPTE170M, AVCOL_SPC_SMPTE170M) &&
              same(CS_BT2020_NCL, AVCOL_SPC_BT2020_NCL) && same(CS_YCGCO, AVCOL_SPC_YCGCO) &&
              same(CS_ICTCP, AVCOL_SPC_ICTCP));
static_assert(same(CR_MPEG, AVCOL_RANGE_MPEG) && same(CR_JPEG, AVCOL_RANGE_JPEG));
static_assert(same(CP_BT709, AVCOL_PRI_BT709) && same(CP_BT2020, AVCOL_PRI_BT2020) &&
              same(CP_EBU3213, AVCOL_PRI_EBU3213) && same(CP_SMPTE432, AVCOL_PRI_SMPTE432));
static_assert(same(CTC_BT709, AVCOL_TRC_BT709) && same(CTC_SMPTE2084, AVCOL_TRC_SMPTE2084) &&
              same(CTC_ARIB_STD_B67, AVCOL_TRC_ARIB_STD_B67));

const std::array<AVPixelFormat, kPixelFormatCount>& av_formats() {
  static const auto table = [] {
    std::array<AVPixelFormat, kPixelFormatCount> t{};
    for (const auto& d : all_pixel_formats()) {
      t[d.format] = av_get_pix_fmt(std::string(d.name).c_str());
    }
    return t;
  }();
  return table;
}

// The color fields are read as plain ints: a frame from a newer FFmpeg may carry a
// value outside this build's enum, and loading that as the enum is undefined.
template <typename E>
int raw_int(const E& field) {
  static_assert(sizeof(E) == sizeof(int));
  int v;
  std::memcpy(&v, &field, sizeof v);
  return v;
}

bool known_space(int v) {
  return v >= CS_RGB && v <= CS_ICTCP && v != CS_RESERVED;
}
bool known_primaries(int v) {
  return (v >= CP_BT709 && v <= CP_SMPTE432 && v != 3) || v == 22;
}
bool known_transfer(int v) {
  return v >= CTC_BT709 && v <= CTC_ARIB_STD_B67 && v != 3;
}

// References to every buffer of an AVFrame, dropped when the framekit side is done.
struct AVBufferRefs {
  std::vector<AVBufferRef*> refs;
  AVBufferRefs() = default;
  AVBufferRefs(const AVBufferRefs&) = delete;
  AVBufferRefs& operator=(const AVBufferRefs&) = delete;
  ~AVBufferRefs() {
    for (auto*& r : refs) av_buffer_unref(&r);
  }
  void add(const AVBufferRef* b) {
    if (!b) return;
    AVBufferRef* r = av_buffer_ref(const_cast<AVBufferRef*>(b));
    FK_CHECK(r != nullptr, ErrorCode::kOutOfMemory, "av_buffer_ref failed");
    refs.push_back(r);
  }
};

}  // namespace

AVPixelFormat to_av_pixel_format(PixelFormat format) noexcept {
  if (!is_valid_pixel_format(format)) return AV_PIX_FMT_NONE;
  return av_formats()[format];
}

PixelFormat from_av_pixel_format(AVPixelFormat format) noexcept {
  const char* name = av_get_pix_fmt_name(format);
  if (!name) return PF_NONE;
  for (const auto& d : all_pixel_formats()) {
    if (d.name == name) return d.format;
  }
  return PF_NONE;
}

PixelInfo pixel_info_of(int format, int spc, int rng, int pri, int trc) {
  PixelFormat fmt = from_av_pixel_format(static_cast<AVPixelFormat>(format));
  const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(format));
  if (fmt == PF_NONE && name && std::string_view(name).starts_with("yuvj")) {
    // FFmpeg's deprecated full-range names (yuvj444p, yuvj440p ...) that framekit
    // spells as the plain layout labelled full range.
    fmt = from_av_pixel_format(av_get_pix_fmt(("yuv" + std::string(name + 4)).c_str()));
    if (fmt != PF_NONE) rng = CR_JPEG;
  }
  FK_CHECK(fmt != PF_NONE, ErrorCode::kUnsupported, "AVFrame pixel format ",
           name ? name : "unknown", " (", format, ") has no framekit twin");
  const auto cs = known_space(spc) ? static_cast<ColorSpace>(spc) : CS_UNSPECIFIED;
  const auto cr =
      rng >= CR_UNSPECIFIED && rng <= CR_JPEG ? static_cast<ColorRange>(rng) : CR_UNSPECIFIED;
  const auto cp = known_primaries(pri) ? static_cast<ColorPrimaries>(pri) : CP_UNSPECIFIED;
  const auto tc =
      known_transfer(trc) ? static_cast<ColorTransferCharacteristic>(trc) : CTC_UNSPECIFIED;
  return PixelInfo(fmt, cs, cr, cp, tc);
}

PixelInfo pixel_info_of(const AVFrame& f) {
  return pixel_info_of(f.format, raw_int(f.colorspace), raw_int(f.color_range),
                       raw_int(f.color_primaries), raw_int(f.color_trc));
}

ImageView view_of(const AVFrame& f, const PixelInfo& info) {
  ImageView v;
  v.info = info;
  v.width = f.width;
  v.height = f.height;
  for (int p = 0; p < info.desc().num_planes; ++p) {
    v.planes[p] = PlaneView{f.data[p], f.linesize[p]};
  }
  return v;
}

void check_importable(const AVFrame* f) {
  FK_CHECK_ARG(f != nullptr, "AVFrame is null");
  FK_CHECK_ARG(f->width > 0 && f->height > 0, "AVFrame size ", f->width, "x", f->height,
               " is invalid (is it a video frame with data?)");
  const AVPixFmtDescriptor* pd = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(f->format));
  FK_CHECK(pd != nullptr, ErrorCode::kUnsupported, "AVFrame format ", f->format,
           " is not a pixel format");
  FK_CHECK(!(pd->flags & AV_PIX_FMT_FLAG_HWACCEL) && f->hw_frames_ctx == nullptr,
           ErrorCode::kUnsupported, "AVFrame is a hardware frame (", pd->name,
           "); download it with av_hwframe_transfer_data first");
  const int planes = pixel_info_of(*f).desc().num_planes;
  for (int p = 0; p < planes; ++p) {
    FK_CHECK_ARG(f->data[p] != nullptr, "AVFrame plane ", p, " of ", pd->name, " is null");
  }
}

bool shareable(const AVFrame& f, const PixelFormatDesc& d) {
  const auto isz = static_cast<intptr_t>(d.sample_size());
  for (int p = 0; p < d.num_planes; ++p) {
    if (f.linesize[p] <= 0 || f.linesize[p] % isz != 0) return false;
    if (reinterpret_cast<uintptr_t>(f.data[p]) % isz != 0) return false;
    if (f.linesize[p] < static_cast<int64_t>(d.plane_row_bytes(p, f.width))) return false;
  }
  return true;
}

Frame copy_of(const AVFrame& f, const PixelInfo& info) {
  Frame out(f.width, f.height, info);
  const auto& d = info.desc();
  const ImageView dst = out.view();
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, f.width);
    FK_CHECK_ARG(std::abs(static_cast<int64_t>(f.linesize[p])) >= static_cast<int64_t>(row),
                 "AVFrame plane ", p, " line size ", f.linesize[p], " is smaller than its row of ",
                 row, " bytes");
    for (int y = 0; y < d.plane_height(p, f.height); ++y) {
      std::memcpy(dst.planes[p].row(y), f.data[p] + static_cast<ptrdiff_t>(y) * f.linesize[p], row);
    }
  }
  return out;
}

Frame to_frame(const AVFrame* f, const PixelInfo& info, bool* copied) {
  check_importable(f);
  const auto& d = info.desc();
  const bool zero_copy = f->buf[0] != nullptr && shareable(*f, d);
  if (copied) *copied = !zero_copy;
  if (!zero_copy) return copy_of(*f, info);
  auto refs = std::make_shared<AVBufferRefs>();
  for (const AVBufferRef* b : f->buf) refs->add(b);
  for (int i = 0; i < f->nb_extended_buf; ++i) refs->add(f->extended_buf[i]);
  return Frame::wrap(view_of(*f, info), [refs] {});
}

Frame to_frame(const AVFrame* f, bool* copied) {
  check_importable(f);
  return to_frame(f, pixel_info_of(*f), copied);
}

int64_t duration_of(const AVFrame& f) {
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 30, 100)
  return f.duration;
#else
  return f.pkt_duration;
#endif
}

void set_duration(AVFrame& f, int64_t d) {
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 30, 100)
  f.duration = d;
#else
  f.pkt_duration = d;
#endif
}

void copy_props_from(VideoFrame& vf, const AVFrame& f) {
  vf.set_pts(f.pts == AV_NOPTS_VALUE ? kNoPts : f.pts);
  if (f.time_base.den > 0) vf.set_time_base({f.time_base.num, f.time_base.den});
  vf.set_duration(duration_of(f));
  const AVDictionaryEntry* e = nullptr;
  while ((e = av_dict_get(f.metadata, "", e, AV_DICT_IGNORE_SUFFIX))) {
    vf.metadata()[e->key] = e->value;
  }
}

VideoFrame to_video_frame(const AVFrame* f, bool* copied) {
  VideoFrame vf(to_frame(f, copied));
  copy_props_from(vf, *f);
  return vf;
}

}  // namespace framekit::io::av
