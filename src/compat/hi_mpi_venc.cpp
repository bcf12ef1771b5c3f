// hi_mpi_venc_*: the hardware SDK's JPEGE calls on framekit's engine.
#include <algorithm>
#include <cstring>

#include "compat/compat.h"
#include "compat/enum_field.h"

using namespace framekit;
using framekit::compat::guarded;
using framekit::jpege::Module;

namespace {

template <typename F>
hi_s32 venc(F&& f) noexcept {
  return guarded(Module::kVenc, std::forward<F>(f));
}

jpege::ChannelAttr to_attr(const hi_venc_chn_attr& a) {
  jpege::ChannelAttr c;
  c.type = static_cast<uint32_t>(compat::enum_value(a.venc_attr.type));
  c.max_pic_width = a.venc_attr.max_pic_width;
  c.max_pic_height = a.venc_attr.max_pic_height;
  c.pic_width = a.venc_attr.pic_width;
  c.pic_height = a.venc_attr.pic_height;
  c.buf_size = a.venc_attr.buf_size;
  c.profile = a.venc_attr.profile;
  c.is_by_frame = compat::enum_value(a.venc_attr.is_by_frame) != HI_FALSE;
  return c;
}

void from_attr(const jpege::ChannelAttr& c, hi_venc_chn_attr* a) {
  std::memset(a, 0, sizeof *a);
  compat::set_enum(a->venc_attr.type, c.type);
  a->venc_attr.max_pic_width = c.max_pic_width;
  a->venc_attr.max_pic_height = c.max_pic_height;
  a->venc_attr.pic_width = c.pic_width;
  a->venc_attr.pic_height = c.pic_height;
  a->venc_attr.buf_size = c.buf_size;
  a->venc_attr.profile = c.profile;
  a->venc_attr.is_by_frame = c.is_by_frame ? HI_TRUE : HI_FALSE;
  a->venc_attr.jpeg_attr.recv_mode = HI_VENC_PIC_RECV_SINGLE;
}

jpege::JpegParam to_param(const hi_venc_jpeg_param& p) {
  jpege::JpegParam j;
  j.qfactor = p.qfactor;
  std::copy(std::begin(p.y_qt), std::end(p.y_qt), j.y_qt.begin());
  std::copy(std::begin(p.cb_qt), std::end(p.cb_qt), j.cb_qt.begin());
  std::copy(std::begin(p.cr_qt), std::end(p.cr_qt), j.cr_qt.begin());
  j.mcu_per_ecs = p.mcu_per_ecs;
  return j;
}

void require(const void* p, const char* what) {
  JPEGE_CHECK(p != nullptr, jpege::kErrVencNullPtr, what, " is NULL");
}

}  // namespace

extern "C" {

hi_s32 hi_mpi_venc_create_chn(hi_venc_chn chn, const hi_venc_chn_attr* attr) {
  return venc([&] {
    auto engine = compat::engine();
    require(attr, "create_chn: attr");
    engine->create_channel(chn, to_attr(*attr));
  });
}

hi_s32 hi_mpi_venc_destroy_chn(hi_venc_chn chn) {
  return venc([&] { compat::engine()->destroy_channel(chn); });
}

hi_s32 hi_mpi_venc_get_chn_attr(hi_venc_chn chn, hi_venc_chn_attr* attr) {
  return venc([&] {
    auto engine = compat::engine();
    require(attr, "get_chn_attr: attr");
    from_attr(engine->get_channel_attr(chn), attr);
  });
}

hi_s32 hi_mpi_venc_set_chn_attr(hi_venc_chn chn, const hi_venc_chn_attr* attr) {
  return venc([&] {
    auto engine = compat::engine();
    require(attr, "set_chn_attr: attr");
    engine->set_channel_attr(chn, to_attr(*attr));
  });
}

hi_s32 hi_mpi_venc_start_chn(hi_venc_chn chn, const hi_venc_start_param* recv_param) {
  return venc([&] {
    auto engine = compat::engine();
    require(recv_param, "start_chn: recv_param");
    engine->start_channel(chn, recv_param->recv_pic_num);
  });
}

hi_s32 hi_mpi_venc_stop_chn(hi_venc_chn chn) {
  return venc([&] { compat::engine()->stop_channel(chn); });
}

hi_s32 hi_mpi_venc_query_status(hi_venc_chn chn, hi_venc_chn_status* status) {
  return venc([&] {
    auto engine = compat::engine();
    require(status, "query_status: status");
    const jpege::ChannelStatus s = engine->query_status(chn);
    std::memset(status, 0, sizeof *status);
    status->left_pics = s.left_pics;
    status->left_stream_bytes = s.left_stream_bytes;
    status->left_stream_frames = s.left_stream_frames;
    status->cur_packs = s.cur_packs;
    status->left_recv_pics = s.left_recv_pics;
    status->left_enc_pics = s.left_enc_pics;
    status->is_jpeg_snap_end = s.is_jpeg_snap_end ? HI_TRUE : HI_FALSE;
    status->release_pic_pts = s.release_pic_pts;
    status->stream_info.pic_cnt = s.left_stream_frames;
  });
}

hi_s32 hi_mpi_venc_get_stream(hi_venc_chn chn, hi_venc_stream* stream, hi_s32 milli_sec) {
  return venc([&] {
    auto engine = compat::engine();
    require(stream, "get_stream: stream");
    require(stream->pack, "get_stream: stream->pack");
    JPEGE_CHECK(stream->pack_cnt >= 1, jpege::kErrVencIllegalParam, "get_stream: pack_cnt ",
                stream->pack_cnt, " (a picture needs 1 pack; see query_status.cur_packs)");
    const auto s = engine->try_get_stream(chn, milli_sec);
    JPEGE_CHECK(s.has_value(), jpege::kErrVencBufEmpty, "get_stream: channel ", chn,
                " has no stream within ", milli_sec, " ms");
    hi_venc_pack& pack = stream->pack[0];
    std::memset(&pack, 0, sizeof pack);
    pack.input_addr = s->pack.input_addr;
    pack.pts = s->pack.pts;
    stream->seq = s->seq;
    std::memset(&stream->jpeg_info, 0, sizeof stream->jpeg_info);
    stream->jpeg_info.qfactor = s->qfactor;
    if (!s->ok()) {
      pack.len = s->needed_size;
      stream->pack_cnt = 0;
      JPEGE_THROW(s->status, "get_stream: channel ", chn, ": picture ", s->seq, " needs ",
                  s->needed_size, " bytes, more than its output buffer holds");
    }
    pack.addr = const_cast<hi_u8*>(s->pack.data);
    pack.len = s->pack.len;
    pack.is_frame_end = HI_TRUE;
    pack.data_type.jpeg_type = HI_VENC_JPEG_PACK_PIC;
    stream->pack_cnt = 1;
    stream->jpeg_info.pic_bytes = s->pack.len;
  });
}

hi_s32 hi_mpi_venc_release_stream(hi_venc_chn chn, hi_venc_stream* stream) {
  return venc([&] {
    auto engine = compat::engine();
    require(stream, "release_stream: stream");
    require(stream->pack, "release_stream: stream->pack");
    JPEGE_CHECK(stream->pack_cnt >= 1, jpege::kErrVencIllegalParam,
                "release_stream: pack_cnt 0 (not a stream from get_stream)");
    jpege::Stream s;
    s.seq = stream->seq;
    s.pack.data = stream->pack[0].addr;
    s.pack.len = stream->pack[0].len;
    engine->release_stream(chn, s);
  });
}

hi_s32 hi_mpi_venc_send_frame(hi_venc_chn chn, const hi_video_frame_info* frame, hi_s32 milli_sec) {
  return venc([&] {
    auto engine = compat::engine();
    require(frame, "send_frame: frame");
    engine->get_channel_attr(chn);  // a missing channel is reported before frame problems
    jpege::MemoryPins pins;         // the engine pins them too, for as long as it reads
    engine->send_frame(chn, compat::to_input_frame(*frame, pins), milli_sec);
  });
}

hi_s32 hi_mpi_venc_send_jpege_frame(hi_venc_chn chn, const hi_video_frame_info* frame,
                                    const hi_img_stream* jpege_stream, hi_s32 milli_sec) {
  return venc([&] {
    auto engine = compat::engine();
    require(frame, "send_jpege_frame: frame");
    require(jpege_stream, "send_jpege_frame: jpege_stream");
    engine->get_channel_attr(chn);
    JPEGE_CHECK(jpege_stream->addr != nullptr, jpege::kErrVencBadAddr,
                "send_jpege_frame: jpege_stream->addr is NULL");
    jpege::MemoryPins pins;
    const jpege::InputFrame in = compat::to_input_frame(*frame, pins);
    const jpege::RangeCheck out = pins.add(jpege_stream->addr, jpege_stream->len);
    JPEGE_CHECK(out != jpege::RangeCheck::kOverflow, jpege::kErrVencBadAddr,
                "send_jpege_frame: output buffer: ",
                jpege::describe_range(jpege_stream->addr, jpege_stream->len));
    JPEGE_CHECK(out != jpege::RangeCheck::kUntracked ||
                    jpege::host_memory_accessible(jpege_stream->addr, jpege_stream->len, true),
                jpege::kErrVencBadAddr, "send_jpege_frame: output buffer of ", jpege_stream->len,
                " bytes at ", static_cast<void*>(jpege_stream->addr),
                " is not writable memory of this process");
    engine->send_jpege_frame(chn, in, jpege_stream->addr, jpege_stream->len, milli_sec);
  });
}

hi_s32 hi_mpi_venc_get_jpege_predicted_size(const hi_video_frame_info* frame,
                                            const hi_venc_jpeg_param* jpeg_param, hi_u32* size) {
  return venc([&] {
    require(frame, "get_jpege_predicted_size: frame");
    require(size, "get_jpege_predicted_size: size");
    const jpege::JpegParam param = jpeg_param ? to_param(*jpeg_param) : jpege::JpegParam{};
    // The prediction reads the pixels: the frame is checked (and its blocks pinned) as
    // for send_frame.
    jpege::MemoryPins pins;
    *size = jpege::predicted_size(compat::to_input_frame(*frame, pins), param);
  });
}

hi_s32 hi_mpi_venc_get_fd(hi_venc_chn chn) {
  int fd = -1;
  const hi_s32 ret = venc([&] { fd = compat::engine()->get_fd(chn); });
  return ret == HI_SUCCESS ? fd : ret;
}

hi_s32 hi_mpi_venc_close_fd(hi_venc_chn chn) {
  return venc([&] { compat::engine()->get_fd(chn); });
}

hi_s32 hi_mpi_venc_set_jpeg_param(hi_venc_chn chn, const hi_venc_jpeg_param* jpeg_param) {
  return venc([&] {
    auto engine = compat::engine();
    require(jpeg_param, "set_jpeg_param: jpeg_param");
    engine->set_jpeg_param(chn, to_param(*jpeg_param));
  });
}

hi_s32 hi_mpi_venc_get_jpeg_param(hi_venc_chn chn, hi_venc_jpeg_param* jpeg_param) {
  return venc([&] {
    auto engine = compat::engine();
    require(jpeg_param, "get_jpeg_param: jpeg_param");
    const jpege::JpegParam p = engine->get_jpeg_param(chn);
    std::memset(jpeg_param, 0, sizeof *jpeg_param);
    jpeg_param->qfactor = p.qfactor;
    std::copy(p.y_qt.begin(), p.y_qt.end(), jpeg_param->y_qt);
    std::copy(p.cb_qt.begin(), p.cb_qt.end(), jpeg_param->cb_qt);
    std::copy(p.cr_qt.begin(), p.cr_qt.end(), jpeg_param->cr_qt);
    jpeg_param->mcu_per_ecs = p.mcu_per_ecs;
  });
}

hi_s32 hi_mpi_venc_set_jpeg_huffman_param(hi_venc_chn chn,
                                          const hi_venc_jpeg_huffman_param* param) {
  return venc([&] {
    auto engine = compat::engine();
    require(param, "set_jpeg_huffman_param: param");
    jpege::HuffmanParam h;
    for (size_t c = 0; c < 3; ++c) {
      std::copy(std::begin(param->dc_tables[c].dc_bits), std::end(param->dc_tables[c].dc_bits),
                h.dc_tables[c].bits.begin());
      std::copy(std::begin(param->dc_tables[c].dc_value), std::end(param->dc_tables[c].dc_value),
                h.dc_tables[c].values.begin());
      std::copy(std::begin(param->ac_tables[c].ac_bits), std::end(param->ac_tables[c].ac_bits),
                h.ac_tables[c].bits.begin());
      std::copy(std::begin(param->ac_tables[c].ac_value), std::end(param->ac_tables[c].ac_value),
                h.ac_tables[c].values.begin());
    }
    engine->set_huffman_param(chn, h);
  });
}

hi_s32 hi_mpi_venc_get_jpeg_huffman_param(hi_venc_chn chn, hi_venc_jpeg_huffman_param* param) {
  return venc([&] {
    auto engine = compat::engine();
    require(param, "get_jpeg_huffman_param: param");
    const jpege::HuffmanParam h = engine->get_huffman_param(chn);
    std::memset(param, 0, sizeof *param);
    for (size_t c = 0; c < 3; ++c) {
      std::copy(h.dc_tables[c].bits.begin(), h.dc_tables[c].bits.end(),
                param->dc_tables[c].dc_bits);
      std::copy(h.dc_tables[c].values.begin(), h.dc_tables[c].values.end(),
                param->dc_tables[c].dc_value);
      std::copy(h.ac_tables[c].bits.begin(), h.ac_tables[c].bits.end(),
                param->ac_tables[c].ac_bits);
      std::copy(h.ac_tables[c].values.begin(), h.ac_tables[c].values.end(),
                param->ac_tables[c].ac_value);
    }
  });
}

hi_s32 hi_mpi_venc_compact_jpeg_tables(hi_venc_chn chn, hi_u32 table_type, hi_bool enable) {
  return venc([&] { compat::engine()->compact_jpeg_tables(chn, table_type, compat::enum_value(enable) != HI_FALSE); });
}

}  // extern "C"
