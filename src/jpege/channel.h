// One encoding channel: its attributes and parameters, the frames between send and the
// stream buffer, the stream buffer, and the eventfd that says "a stream is ready".
//
// A frame's life: send() queues it (pending) → a worker takes it (running) and encodes
// it → complete() parks it (completed) until every earlier frame is committed and the
// stream buffer has room → ready (fetchable) → get() moves it to fetched → release()
// frees its bytes. Frames finish out of order on several workers; commit restores send
// order. All state is guarded by mu_; encoding itself runs outside the lock.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "framekit/jpeg/params.h"
#include "framekit/jpege/device_memory.h"
#include "framekit/jpege/types.h"
#include "jpege/encode_step.h"
#include "jpege/stream_buffer.h"

namespace framekit::jpege {

class Scheduler;

class Channel : public std::enable_shared_from_this<Channel> {
 public:
  Channel(int id, const ChannelAttr& attr, Scheduler* scheduler, int queue_depth);
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  int id() const noexcept { return id_; }
  int fd() const;
  bool started() const;

  ChannelAttr attr() const;
  void set_attr(const ChannelAttr& attr);
  void start(int32_t recv_pic_num);
  void stop();
  JpegParam param() const;
  void set_param(const JpegParam& param);
  HuffmanParam huffman() const;
  void set_huffman(const HuffmanParam& huffman);
  void set_compact(bool enable);
  jpeg::EncodeParams encode_params() const;
  void set_encode_params(const jpeg::EncodeParams& params);
  ChannelStatus status() const;

  // out == nullptr: managed mode (buf_size > 0); else the caller's buffer.
  void send(const InputFrame& frame, uint8_t* out, size_t capacity, int32_t timeout_ms);
  std::optional<Stream> get(int32_t timeout_ms, std::string* error);
  void release(const Stream& stream);

  // For destroy: refuses further calls, drops queued frames, waits for running ones.
  void shutdown();

  // Worker side: encodes the oldest pending frame, if any. `spare_threads` idle engine
  // workers may be borrowed (through framekit's runtime) for a big picture.
  void run_one(int spare_threads);

  bool scheduled = false;  // in the scheduler's queue; guarded by its lock

 private:
  struct Job {
    uint64_t seq = 0;
    InputFrame frame;
    std::shared_ptr<const detail::PictureEncoder> encoder;
    uint8_t* out = nullptr;  // caller's buffer (nullptr in managed mode)
    size_t capacity = 0;
    MemoryPins pins;  // input planes and output buffer, while the engine uses them
  };
  struct Result {
    uint64_t seq = 0;
    int32_t status = 0;
    std::string error;
    size_t needed = 0;
    std::vector<uint8_t> parked;  // managed mode: bytes waiting for the stream buffer
    const uint8_t* data = nullptr;
    size_t len = 0;
    uint64_t pts = 0;
    uint64_t input_addr = 0;
    uint32_t qfactor = 0;
  };

  bool managed() const noexcept { return attr_.buf_size > 0; }
  size_t pipeline_size() const noexcept { return pending_.size() + running_ + completed_.size(); }
  // Makes `params` the channel's parameters; throws (changing nothing) on bad ones.
  void apply_locked(const jpeg::EncodeParams& params);
  void validate_frame(const InputFrame& frame, uint8_t* out, size_t capacity) const;
  void check_alive() const;
  // Moves completed results into ready_ in send order while the stream buffer has room.
  void commit_locked();
  void signal_ready_locked(bool was_empty);

  const int id_;
  Scheduler* const scheduler_;
  const size_t queue_depth_;
  int fd_ = -1;

  mutable std::mutex mu_;
  std::condition_variable room_cv_;   // pipeline shrank, or state changed
  std::condition_variable ready_cv_;  // a stream became ready, or state changed
  std::condition_variable idle_cv_;   // no frame running

  ChannelAttr attr_;
  // The one parameter state: set_encode_params sets all of it; the hardware calls
  // (set_jpeg_param, set_huffman_param, compact_jpeg_tables) set their part.
  jpeg::EncodeParams params_;
  std::shared_ptr<const detail::PictureEncoder> encoder_;

  bool dead_ = false;
  bool started_ = false;
  bool recv_limited_ = false;
  int64_t recv_left_ = 0;
  uint64_t next_seq_ = 0;
  uint64_t next_commit_ = 0;
  uint64_t last_pts_ = 0;

  std::deque<Job> pending_;
  int running_ = 0;
  std::map<uint64_t, Result> completed_;
  std::deque<Result> ready_;
  std::deque<Result> fetched_;
  StreamBuffer ring_;
};

}  // namespace framekit::jpege
