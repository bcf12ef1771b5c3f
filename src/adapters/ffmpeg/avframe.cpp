// AVFrame ↔ Frame with shared, reference-counted memory.
#include <array>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include <libavutil/buffer.h>
#include <libavutil/dict.h>
#include <libavutil/pixdesc.h>
#include <libavutil/version.h>
}

#include "adapters/ffmpeg/avframe_internal.h"
#include "framekit/convert/ffmpeg.h"

namespace framekit::ffmpeg {
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

void free_framekit_buffer(void* opaque, uint8_t*) {
  std::unique_ptr<BufferPtr> holder(static_cast<BufferPtr*>(opaque));  // drops the reference
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

PixelInfo pixel_info_of(const AVFrame& f) {
  const PixelFormat fmt = from_av_pixel_format(static_cast<AVPixelFormat>(f.format));
  const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(f.format));
  FK_CHECK(fmt != PF_NONE, ErrorCode::kUnsupported, "AVFrame pixel format ",
           name ? name : "unknown", " (", f.format, ") has no framekit twin");
  const int spc = raw_int(f.colorspace), rng = raw_int(f.color_range),
            pri = raw_int(f.color_primaries), trc = raw_int(f.color_trc);
  const auto cs = known_space(spc) ? static_cast<ColorSpace>(spc) : CS_UNSPECIFIED;
  const auto cr =
      rng >= CR_UNSPECIFIED && rng <= CR_JPEG ? static_cast<ColorRange>(rng) : CR_UNSPECIFIED;
  const auto cp = known_primaries(pri) ? static_cast<ColorPrimaries>(pri) : CP_UNSPECIFIED;
  const auto tc =
      known_transfer(trc) ? static_cast<ColorTransferCharacteristic>(trc) : CTC_UNSPECIFIED;
  return PixelInfo(fmt, cs, cr, cp, tc);
}

void set_color_fields(AVFrame& f, const PixelInfo& info) {
  f.colorspace = static_cast<AVColorSpace>(info.space());
  f.color_range = static_cast<AVColorRange>(info.range());
  f.color_primaries = static_cast<AVColorPrimaries>(info.primaries());
  f.color_trc = static_cast<AVColorTransferCharacteristic>(info.transfer());
}

namespace detail {

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

}  // namespace detail

Frame to_frame(const AVFrame* f, bool* copied) {
  detail::check_importable(f);
  const PixelInfo info = pixel_info_of(*f);
  const auto& d = info.desc();
  const bool refcounted = f->buf[0] != nullptr;
  if (copied) *copied = !(refcounted && detail::shareable(*f, d));
  if (!refcounted || !detail::shareable(*f, d)) return detail::copy_of(*f, info);
  auto refs = std::make_shared<AVBufferRefs>();
  for (const AVBufferRef* b : f->buf) refs->add(b);
  for (int i = 0; i < f->nb_extended_buf; ++i) refs->add(f->extended_buf[i]);
  return Frame::wrap(detail::view_of(*f, info), [refs] {});
}

void detail::copy_props_from(VideoFrame& vf, const AVFrame& f) {
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
  detail::copy_props_from(vf, *f);
  return vf;
}

AVFramePtr to_avframe(const Frame& frame, bool copy) {
  FK_CHECK_ARG(frame.defined(), "to_avframe: frame is undefined");
  FK_CHECK(frame.device().is_cpu(), ErrorCode::kUnsupported, "to_avframe: frame is on ",
           frame.device().str(), "; only cpu frames become AVFrames (call cpu() first)");
  const AVPixelFormat fmt = to_av_pixel_format(frame.format());
  FK_CHECK(fmt != AV_PIX_FMT_NONE, ErrorCode::kUnsupported,
           "to_avframe: ", pixel_format_name(frame.format()), " has no FFmpeg pixel format");
  if (copy) return to_avframe(frame.clone(64), false);

  AVFramePtr out(av_frame_alloc());
  FK_CHECK(out != nullptr, ErrorCode::kOutOfMemory, "av_frame_alloc failed");
  out->format = fmt;
  out->width = frame.width();
  out->height = frame.height();
  set_color_fields(*out, frame.pix_info());
  const ImageView v = frame.view();
  int nbuf = 0;
  for (int p = 0; p < frame.nplanes(); ++p) {
    FK_CHECK(v.planes[p].stride > 0 && v.planes[p].stride <= INT_MAX, ErrorCode::kUnsupported,
             "to_avframe: plane ", p, " stride ", v.planes[p].stride,
             " does not fit an AVFrame line size");
    out->data[p] = v.planes[p].data;
    out->linesize[p] = static_cast<int>(v.planes[p].stride);
    // One AVBufferRef per distinct framekit buffer; each holds a reference to it.
    const BufferPtr& buffer = frame.plane(p).buffer();
    bool seen = false;
    for (int q = 0; q < p; ++q) seen = seen || frame.plane(q).buffer() == buffer;
    if (seen) continue;
    auto holder = std::make_unique<BufferPtr>(buffer);
    AVBufferRef* ref = av_buffer_create(static_cast<uint8_t*>(buffer->data()), buffer->size(),
                                        free_framekit_buffer, holder.get(), 0);
    FK_CHECK(ref != nullptr, ErrorCode::kOutOfMemory, "av_buffer_create failed");
    holder.release();  // now owned by `ref`
    out->buf[nbuf++] = ref;
  }
  return out;
}

AVFramePtr to_avframe(const VideoFrame& vf, bool copy) {
  AVFramePtr out = to_avframe(vf.frame(), copy);
  out->pts = vf.pts() == kNoPts ? AV_NOPTS_VALUE : vf.pts();
  out->time_base = AVRational{vf.time_base().num, vf.time_base().den};
  set_duration(*out, vf.duration());
  for (const auto& [k, val] : vf.metadata()) {
    FK_CHECK(av_dict_set(&out->metadata, k.c_str(), val.c_str(), 0) >= 0, ErrorCode::kOutOfMemory,
             "av_dict_set failed");
  }
  return out;
}

}  // namespace framekit::ffmpeg
