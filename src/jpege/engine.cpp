#include "framekit/jpege/engine.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <string>

#include "framekit/core/parallel.h"
#include "jpege/channel.h"
#include "jpege/scheduler.h"

namespace framekit::jpege {

struct Engine::State {
  explicit State(const EngineOptions& options)
      : queue_depth(options.queue_depth),
        scheduler(options.workers > 0 ? options.workers : get_num_threads(), &mu) {}

  int queue_depth;
  mutable std::mutex mu;  // guards the table, not the channels
  Scheduler scheduler;    // after mu: holds it across fork()
  std::array<std::shared_ptr<Channel>, kMaxChannels> channels;
};

namespace {

void check_id(int chn) {
  JPEGE_CHECK(chn >= 0 && chn < kMaxChannels, kErrVencInvalidChnId, "channel id ", chn,
              " (expected 0 to ", kMaxChannels - 1, ")");
}

void validate_attr(int chn, const ChannelAttr& a) {
  JPEGE_CHECK(a.type == kPayloadJpeg, kErrVencNotSupport, "channel ", chn, ": payload type ",
              a.type, " (only JPEG, ", kPayloadJpeg, ", is encoded here)");
  JPEGE_CHECK(a.max_pic_width >= kMinPicSize && a.max_pic_width <= kMaxPicSize &&
                  a.max_pic_height >= kMinPicSize && a.max_pic_height <= kMaxPicSize,
              kErrVencIllegalParam, "channel ", chn, ": max picture size ", a.max_pic_width, "x",
              a.max_pic_height, " (expected ", kMinPicSize, " to ", kMaxPicSize, " each)");
  JPEGE_CHECK(a.pic_width >= kMinPicSize && a.pic_width <= a.max_pic_width &&
                  a.pic_height >= kMinPicSize && a.pic_height <= a.max_pic_height,
              kErrVencIllegalParam, "channel ", chn, ": picture size ", a.pic_width, "x",
              a.pic_height, " (expected at least 1x1 and at most the max ", a.max_pic_width, "x",
              a.max_pic_height, ")");
  JPEGE_CHECK(a.buf_size == 0 || (a.buf_size >= kMinStreamBufSize && a.buf_size <= (1u << 31)),
              kErrVencIllegalParam, "channel ", chn, ": buf_size ", a.buf_size,
              " (expected 0 for caller buffers, or ", kMinStreamBufSize, " to 2^31 bytes)");
  JPEGE_CHECK(a.profile == 0, kErrVencIllegalParam, "channel ", chn, ": profile ", a.profile,
              " (JPEG has only the baseline profile, 0)");
}

}  // namespace

Engine::Engine(const EngineOptions& options) {
  JPEGE_CHECK(options.workers >= 0 && options.workers <= 1024, kErrVencIllegalParam,
              "engine: ", options.workers, " workers (expected 0 for one per core, or 1 to 1024)");
  JPEGE_CHECK(options.queue_depth >= 1 && options.queue_depth <= 4096, kErrVencIllegalParam,
              "engine: queue depth ", options.queue_depth, " (expected 1 to 4096)");
  state_ = std::make_unique<State>(options);
}

Engine::~Engine() {
  destroy_all_channels();
}

void Engine::destroy_all_channels() {
  for (int chn = 0; chn < kMaxChannels; ++chn) {
    std::shared_ptr<Channel> ch;
    {
      std::lock_guard<std::mutex> lock(state_->mu);
      ch = std::move(state_->channels[static_cast<size_t>(chn)]);
    }
    if (ch) ch->shutdown();
  }
}

int Engine::num_workers() const noexcept {
  return state_->scheduler.max_concurrent();
}

std::shared_ptr<Channel> Engine::channel(int chn) const {
  check_id(chn);
  std::lock_guard<std::mutex> lock(state_->mu);
  auto ch = state_->channels[static_cast<size_t>(chn)];
  JPEGE_CHECK(ch != nullptr, kErrVencUnexist, "channel ", chn, " does not exist (create it first)");
  return ch;
}

void Engine::create_channel(int chn, const ChannelAttr& attr) {
  check_id(chn);
  validate_attr(chn, attr);
  std::lock_guard<std::mutex> lock(state_->mu);
  auto& slot = state_->channels[static_cast<size_t>(chn)];
  JPEGE_CHECK(slot == nullptr, kErrVencExist, "channel ", chn, " exists already");
  slot = std::make_shared<Channel>(chn, attr, &state_->scheduler, state_->queue_depth);
}

void Engine::destroy_channel(int chn) {
  check_id(chn);
  std::shared_ptr<Channel> ch;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    auto& slot = state_->channels[static_cast<size_t>(chn)];
    JPEGE_CHECK(slot != nullptr, kErrVencUnexist, "channel ", chn, " does not exist");
    JPEGE_CHECK(!slot->started(), kErrVencNotPerm, "channel ", chn,
                " is still receiving frames: stop it before destroying it");
    ch = std::move(slot);
  }
  ch->shutdown();
}

ChannelAttr Engine::get_channel_attr(int chn) const {
  return channel(chn)->attr();
}
void Engine::set_channel_attr(int chn, const ChannelAttr& attr) {
  channel(chn)->set_attr(attr);
}
void Engine::start_channel(int chn, int32_t recv_pic_num) {
  channel(chn)->start(recv_pic_num);
}
void Engine::stop_channel(int chn) {
  channel(chn)->stop();
}
JpegParam Engine::get_jpeg_param(int chn) const {
  return channel(chn)->param();
}
void Engine::set_jpeg_param(int chn, const JpegParam& p) {
  channel(chn)->set_param(p);
}
HuffmanParam Engine::get_huffman_param(int chn) const {
  return channel(chn)->huffman();
}
void Engine::set_huffman_param(int chn, const HuffmanParam& p) {
  channel(chn)->set_huffman(p);
}

jpeg::EncodeParams Engine::get_encode_params(int chn) const {
  return channel(chn)->encode_params();
}
void Engine::set_encode_params(int chn, const jpeg::EncodeParams& p) {
  channel(chn)->set_encode_params(p);
}

void Engine::compact_jpeg_tables(int chn, uint32_t table_type, bool enable) {
  auto ch = channel(chn);
  JPEGE_CHECK(table_type == 0, kErrVencIllegalParam, "channel ", chn, ": table_type ", table_type,
              " (only 0, Huffman and quantisation tables together, exists)");
  ch->set_compact(enable);
}

ChannelStatus Engine::query_status(int chn) const {
  return channel(chn)->status();
}

void Engine::send_frame(int chn, const InputFrame& frame, int32_t timeout_ms) {
  channel(chn)->send(frame, nullptr, 0, timeout_ms);
}

void Engine::send_jpege_frame(int chn, const InputFrame& frame, uint8_t* out, size_t capacity,
                              int32_t timeout_ms) {
  auto ch = channel(chn);
  JPEGE_CHECK(out != nullptr, kErrVencNullPtr, "channel ", chn, ": output buffer address is null");
  ch->send(frame, out, capacity, timeout_ms);
}

Stream Engine::get_stream(int chn, int32_t timeout_ms) {
  std::string error;
  auto s = channel(chn)->get(timeout_ms, &error);
  JPEGE_CHECK(s.has_value(), kErrVencBufEmpty, "channel ", chn, ": no stream within ", timeout_ms,
              " ms");
  if (!s->ok()) JPEGE_THROW(s->status, error);
  return *s;
}

std::optional<Stream> Engine::try_get_stream(int chn, int32_t timeout_ms) {
  return channel(chn)->get(timeout_ms, nullptr);
}

std::optional<Stream> Engine::try_get_stream(int chn, int32_t timeout_ms, std::string* error) {
  return channel(chn)->get(timeout_ms, error);
}

void Engine::release_stream(int chn, const Stream& stream) {
  channel(chn)->release(stream);
}

int Engine::get_fd(int chn) const {
  return channel(chn)->fd();
}

}  // namespace framekit::jpege
