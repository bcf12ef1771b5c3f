// Value types of the JPEGE engine. Names follow the hardware SDK's structs
// (hi_venc_attr, hi_venc_jpeg_param, hi_venc_chn_status, hi_venc_pack …) so the C ABI in
// framekit/compat maps onto them one to one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "framekit/pixel/image_view.h"

namespace framekit::jpege {

inline constexpr int kMaxChannels = 256;                 // channel ids 0..255
inline constexpr uint32_t kPayloadJpeg = 26;             // HI_PT_JPEG
inline constexpr uint32_t kQfactorCustom = 0xFFFFFFFFu;  // use y_qt/cb_qt/cr_qt
// Picture sizes a channel accepts. The hardware takes 32..16384; the encoder core
// takes any size a JPEG can hold, so the engine does too.
inline constexpr uint32_t kMinPicSize = 1;
inline constexpr uint32_t kMaxPicSize = 65535;
// Smallest managed stream buffer (a JPEG header with tables is ~600 bytes).
inline constexpr uint32_t kMinStreamBufSize = 4096;

// hi_venc_attr (the JPEG part): the channel's fixed attributes.
struct ChannelAttr {
  uint32_t type = kPayloadJpeg;  // only JPEG
  uint32_t max_pic_width = 0;
  uint32_t max_pic_height = 0;
  uint32_t pic_width = 0;  // frames may be at most this size
  uint32_t pic_height = 0;
  // Bytes of the channel's stream ring buffer; 0 = the caller supplies one output buffer
  // per frame (send_jpege_frame).
  uint32_t buf_size = 0;
  uint32_t profile = 0;     // 0 = baseline, the only JPEG profile
  bool is_by_frame = true;  // get_stream returns a whole picture (JPEG is one pack anyway)
};

// hi_venc_jpeg_param. Quantisation tables are in natural (row-major) order.
struct JpegParam {
  uint32_t qfactor = 100;  // 1..100, or kQfactorCustom to use the three tables
  std::array<uint8_t, 64> y_qt{};
  std::array<uint8_t, 64> cb_qt{};
  std::array<uint8_t, 64> cr_qt{};
  uint32_t mcu_per_ecs = 0;  // restart interval in MCUs; 0 = none
};

// hi_venc_jpeg_huffman_param: DC and AC tables for Y, Cb, Cr (JPEG's BITS/HUFFVAL form).
// Baseline JPEG has two tables per class, so Cb and Cr must be equal.
struct HuffmanDcTable {
  std::array<uint8_t, 16> bits{};
  std::array<uint8_t, 12> values{};
};
struct HuffmanAcTable {
  std::array<uint8_t, 16> bits{};
  std::array<uint8_t, 162> values{};
};
struct HuffmanParam {
  std::array<HuffmanDcTable, 3> dc_tables{};
  std::array<HuffmanAcTable, 3> ac_tables{};
};
// The tables of JPEG Annex K (what the engine uses until told otherwise).
HuffmanParam default_huffman_param();

// hi_venc_chn_status.
struct ChannelStatus {
  uint32_t left_pics = 0;           // same as left_enc_pics (older SDK field)
  uint32_t left_stream_bytes = 0;   // bytes of encoded pictures not yet fetched
  uint32_t left_stream_frames = 0;  // encoded pictures not yet fetched
  uint32_t cur_packs = 0;           // packs of the next picture to fetch (1 or 0)
  uint32_t left_recv_pics = 0;      // frames still to receive after start(N); 0 if unlimited
  uint32_t left_enc_pics = 0;       // frames received but not yet encoded
  bool is_jpeg_snap_end = false;    // start(N) received N frames and all are encoded
  uint64_t release_pic_pts = 0;     // pts of the last encoded frame
};

// A picture to encode: its planes as a view (any format the encoder core takes),
// plus what the stream reports back.
struct InputFrame {
  ImageView view;
  uint64_t pts = 0;
  // Reported in Pack::input_addr so the caller can free the input; 0 = planes[0].data.
  uint64_t input_addr = 0;
  // Encode the samples as they are, like the hardware (the C ABI and framekit.acl set
  // this). false: honour the view's color space and range (JFIF is BT.601 full range).
  bool raw = false;
};

// hi_venc_pack: one encoded picture.
struct Pack {
  const uint8_t* data = nullptr;  // in the channel's stream buffer or the caller's buffer
  uint32_t len = 0;
  uint64_t pts = 0;
  uint64_t input_addr = 0;
};

// hi_venc_stream (by frame: one pack per picture).
struct Stream {
  Pack pack;
  uint32_t seq = 0;  // the picture's number in send order, from 0
  uint32_t qfactor = 0;
  // 0, or why this picture has no data (kErrVencSizeNotEnough: the caller's buffer or the
  // stream buffer cannot hold it; needed_size says how much it needs).
  int32_t status = 0;
  uint32_t needed_size = 0;
  bool ok() const noexcept { return status == 0; }
};

struct EngineOptions {
  int workers = 0;       // frames encoded at once, over all channels, on the runtime's
                         // threads (set_num_threads); 0 = get_num_threads()
  int queue_depth = 16;  // frames a channel holds between send and the stream buffer
};

}  // namespace framekit::jpege
