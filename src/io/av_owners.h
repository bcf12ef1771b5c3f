// Deleters for owning FFmpeg objects in unique_ptr/shared_ptr: the video reader's and
// writer's. Private to the library.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
}

namespace framekit::io {

struct CodecFreer {
  void operator()(AVCodecContext* c) const noexcept { avcodec_free_context(&c); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const noexcept { av_packet_free(&p); }
};
struct FrameFreer {
  void operator()(AVFrame* f) const noexcept { av_frame_free(&f); }
};

}  // namespace framekit::io
