// The JPEGE engine: the channel-based asynchronous JPEG encoder of hardware media
// units, done on CPUs. The flow is the hardware's: create a channel, set its JPEG
// parameters, start it, send frames, wait on its fd, get the stream, release it, stop,
// destroy. Frames of all channels are encoded on framekit's one thread runtime
// (core/parallel.h), fairly (round robin over channels with work); each channel's streams
// come out in send order.
//
// Every method throws JpegeError (with the hardware's code) on misuse; none crashes on
// bad input. All methods are thread-safe. Input frames are read asynchronously: keep
// their memory alive until their stream is fetched (as with the hardware's DMA).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "framekit/jpeg/params.h"
#include "framekit/jpege/errors.h"
#include "framekit/jpege/types.h"

namespace framekit::jpege {

class Channel;

class Engine {
 public:
  explicit Engine(const EngineOptions& options = {});
  ~Engine();  // stops and destroys every channel, waits for frames being encoded
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The most frames of this engine encoded at once (EngineOptions::workers).
  int num_workers() const noexcept;
  // Stops and destroys every channel, waking threads blocked on them (sys_exit).
  void destroy_all_channels();

  // kErrVencInvalidChnId for ids outside [0, 256), kErrVencExist if created already,
  // kErrVencIllegalParam / kErrVencNotSupport for bad attributes.
  void create_channel(int chn, const ChannelAttr& attr);
  // Not permitted while started (stop first). Frames not yet encoded are dropped,
  // frames being encoded finish first; unreleased streams become invalid.
  void destroy_channel(int chn);
  ChannelAttr get_channel_attr(int chn) const;
  // Changes pic_width/pic_height (within the max); other fields must stay the same.
  void set_channel_attr(int chn, const ChannelAttr& attr);

  // recv_pic_num: -1 = receive until stopped; N > 0 = receive N frames, then refuse.
  // Starting a started channel re-arms the count.
  void start_channel(int chn, int32_t recv_pic_num = -1);
  // Stops receiving; frames already received are still encoded and can be fetched.
  void stop_channel(int chn);

  JpegParam get_jpeg_param(int chn) const;
  void set_jpeg_param(int chn, const JpegParam& param);  // applies to frames sent after
  HuffmanParam get_huffman_param(int chn) const;
  void set_huffman_param(int chn, const HuffmanParam& param);
  // table_type must be 0. When enabled, identical Y/Cb/Cr tables are written once.
  void compact_jpeg_tables(int chn, uint32_t table_type, bool enable);

  // framekit's extension: every option of the encoder core (quality or tables, chroma
  // quality, subsampling, optimized Huffman, progressive, restart interval, comment,
  // EXIF, ICC profile, density, APPn segments) for one channel. Frames sent after it use
  // these parameters, exactly as jpeg::encode would with them: the bytes never depend
  // on the engine's load. `threads` is ignored (the engine lends idle workers to big
  // pictures; the bytes are the same); `raw` applies to every frame (a frame's own raw
  // flag still counts). Bad parameters throw kErrVencIllegalParam naming the field and
  // change nothing; parameters that do not fit a frame (a subsampling its format cannot
  // take) fail that picture with kErrVencIllegalParam.
  //
  // The hardware calls above are views of the same state: set_jpeg_param sets quality or
  // the quant tables (dropping a chroma quality) and the restart interval,
  // set_huffman_param the Huffman tables, compact_jpeg_tables compact_tables; the get_*
  // calls read it back. A new channel starts with the SDK's qfactor 100 (not
  // jpeg::kDefaultQuality), so the C ABI and pyACL keep their defaults.
  jpeg::EncodeParams get_encode_params(int chn) const;
  void set_encode_params(int chn, const jpeg::EncodeParams& params);

  ChannelStatus query_status(int chn) const;

  // Queues a frame of a managed channel (buf_size > 0): its JPEG goes to the channel's
  // stream buffer. timeout_ms: -1 waits, 0 returns at once, > 0 waits that long for room
  // (kErrVencBufFull when none). kErrVencNotPerm if the channel is not receiving.
  void send_frame(int chn, const InputFrame& frame, int32_t timeout_ms);
  // Queues a frame of a channel with buf_size == 0: its JPEG goes to [out, out+capacity).
  // The header carries a short COM segment (as the hardware's does in this mode).
  void send_jpege_frame(int chn, const InputFrame& frame, uint8_t* out, size_t capacity,
                        int32_t timeout_ms);

  // The next encoded picture, in send order. Throws kErrVencBufEmpty when none is ready
  // in time, and the picture's status (e.g. kErrVencSizeNotEnough) if it failed.
  Stream get_stream(int chn, int32_t timeout_ms);
  // As get_stream, but nullopt when none is ready in time, and failed pictures are
  // returned with their status instead of thrown.
  std::optional<Stream> try_get_stream(int chn, int32_t timeout_ms);
  // As try_get_stream, and a failed picture's reason in *error.
  std::optional<Stream> try_get_stream(int chn, int32_t timeout_ms, std::string* error);
  // Streams must be released in the order they were fetched; releasing frees their
  // bytes in the stream buffer. kErrVencIllegalParam for a stream released twice, out of
  // order, or unknown.
  void release_stream(int chn, const Stream& stream);

  // An eventfd, readable while the channel has a stream ready to fetch. Valid until the
  // channel is destroyed; do not close it yourself.
  int get_fd(int chn) const;

 private:
  std::shared_ptr<Channel> channel(int chn) const;

  struct State;
  std::unique_ptr<State> state_;
};

// Bytes to allocate for send_jpege_frame's output buffer: an estimate from the pixels,
// size, format and quality that the encoded picture stays below in practice (a picture
// that does not fit is reported as kErrVencSizeNotEnough with the size it needs). A
// frame without pixel addresses gets the guaranteed bound.
uint32_t predicted_size(const InputFrame& frame, const JpegParam& param);

}  // namespace framekit::jpege
