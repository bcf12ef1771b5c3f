#include "jpege/channel.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/errors.h"
#include "jpege/scheduler.h"

namespace framekit::jpege {
namespace {

// Bytes the encoder reads from plane p: (rows - 1) * stride + the row. False when that
// does not fit size_t (a stride near PTRDIFF_MAX from a C++ or Python caller).
bool plane_extent(const ImageView& v, int p, size_t* bytes) {
  const PlaneView& plane = v.planes[static_cast<size_t>(p)];
  const size_t rows = static_cast<size_t>(v.plane_height(p));
  size_t span = 0;
  return plane.stride >= 0 &&
         !__builtin_mul_overflow(rows - 1, static_cast<size_t>(plane.stride), &span) &&
         !__builtin_add_overflow(span, v.desc().plane_row_bytes(p, v.width), bytes);
}

// Pictures at least this big may borrow idle workers (bands in parallel; the bytes do
// not depend on how many).
constexpr int64_t kParallelPixels = int64_t{1} << 20;

// Waits on cv until pred() holds or the timeout runs out (-1: forever, 0: no wait).
// Returns pred().
template <typename Pred>
bool wait_for(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, int32_t timeout_ms,
              Pred pred) {
  if (pred()) return true;
  if (timeout_ms == 0) return false;
  if (timeout_ms < 0) {
    cv.wait(lock, pred);
    return true;
  }
  return cv.wait_for(lock, std::chrono::milliseconds(timeout_ms), pred);
}

void check_timeout(int32_t timeout_ms, int chn) {
  JPEGE_CHECK(timeout_ms >= -1, kErrVencIllegalParam, "channel ", chn, ": timeout ", timeout_ms,
              " ms (expected -1 to block, 0 to poll, or > 0)");
}

}  // namespace

Channel::Channel(int id, const ChannelAttr& attr, Scheduler* scheduler, int queue_depth)
    : id_(id),
      scheduler_(scheduler),
      queue_depth_(static_cast<size_t>(std::max(1, queue_depth))),
      attr_(attr) {
  jpeg::EncodeParams initial;
  initial.quality = static_cast<int>(JpegParam{}.qfactor);  // the SDK's default qfactor
  apply_locked(initial);
  if (attr.buf_size > 0) ring_ = StreamBuffer(attr.buf_size);
  fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  JPEGE_CHECK(fd_ >= 0, kErrVencNoMem, "channel ", id, ": cannot create its eventfd (",
              std::strerror(errno), ")");
}

Channel::~Channel() {
  if (fd_ >= 0) ::close(fd_);
}

int Channel::fd() const {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  return fd_;
}

bool Channel::started() const {
  std::lock_guard<std::mutex> lock(mu_);
  return started_;
}

void Channel::check_alive() const {
  JPEGE_CHECK(!dead_, kErrVencUnexist, "channel ", id_, " was destroyed");
}

ChannelAttr Channel::attr() const {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  return attr_;
}

void Channel::set_attr(const ChannelAttr& attr) {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  JPEGE_CHECK(attr.type == attr_.type && attr.max_pic_width == attr_.max_pic_width &&
                  attr.max_pic_height == attr_.max_pic_height && attr.buf_size == attr_.buf_size &&
                  attr.profile == attr_.profile && attr.is_by_frame == attr_.is_by_frame,
              kErrVencNotPerm, "channel ", id_,
              ": only pic_width and pic_height can change after creation");
  JPEGE_CHECK(attr.pic_width >= kMinPicSize && attr.pic_width <= attr_.max_pic_width &&
                  attr.pic_height >= kMinPicSize && attr.pic_height <= attr_.max_pic_height,
              kErrVencIllegalParam, "channel ", id_, ": picture size ", attr.pic_width, "x",
              attr.pic_height, " (expected 1x1 to the channel's max ", attr_.max_pic_width, "x",
              attr_.max_pic_height, ")");
  attr_.pic_width = attr.pic_width;
  attr_.pic_height = attr.pic_height;
}

void Channel::start(int32_t recv_pic_num) {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  JPEGE_CHECK(recv_pic_num == -1 || recv_pic_num > 0, kErrVencIllegalParam, "channel ", id_,
              ": recv_pic_num ", recv_pic_num, " (expected -1 for unlimited or > 0)");
  started_ = true;
  recv_limited_ = recv_pic_num > 0;
  recv_left_ = recv_limited_ ? recv_pic_num : 0;
}

void Channel::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    check_alive();
    started_ = false;
  }
  room_cv_.notify_all();  // senders waiting for room now get "not permitted"
}

JpegParam Channel::param() const {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  return detail::jpeg_param_of(params_);
}

void Channel::set_param(const JpegParam& param) {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  jpeg::EncodeParams p = params_;
  detail::apply_jpeg_param(param, p);
  apply_locked(p);
}

HuffmanParam Channel::huffman() const {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  return detail::huffman_param_of(params_);
}

void Channel::set_huffman(const HuffmanParam& huffman) {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  jpeg::EncodeParams p = params_;
  detail::apply_huffman_param(huffman, p);
  apply_locked(p);
}

void Channel::set_compact(bool enable) {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  jpeg::EncodeParams p = params_;
  p.compact_tables = enable;
  apply_locked(p);
}

jpeg::EncodeParams Channel::encode_params() const {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  return params_;
}

void Channel::set_encode_params(const jpeg::EncodeParams& params) {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  apply_locked(params);
}

void Channel::apply_locked(const jpeg::EncodeParams& params) {
  detail::PictureEncoder::Options options;
  options.params = params;
  options.comment = attr_.buf_size == 0;
  encoder_ = std::make_shared<const detail::PictureEncoder>(options);
  params_ = params;
}

ChannelStatus Channel::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  ChannelStatus s;
  s.left_enc_pics = static_cast<uint32_t>(pipeline_size());
  s.left_pics = s.left_enc_pics;
  s.left_stream_frames = static_cast<uint32_t>(ready_.size());
  size_t bytes = 0;
  for (const Result& r : ready_) bytes += r.len;
  s.left_stream_bytes = static_cast<uint32_t>(std::min<size_t>(bytes, UINT32_MAX));
  s.cur_packs = ready_.empty() ? 0 : 1;
  s.left_recv_pics = recv_limited_ ? static_cast<uint32_t>(recv_left_) : 0;
  s.is_jpeg_snap_end = recv_limited_ && recv_left_ == 0 && pipeline_size() == 0;
  s.release_pic_pts = last_pts_;
  return s;
}

void Channel::validate_frame(const InputFrame& frame, uint8_t* out, size_t capacity) const {
  const ImageView& v = frame.view;
  const bool raw = frame.raw || params_.raw;  // the frame's flag or the channel's
  JPEGE_CHECK(jpeg::can_encode(v.info, raw), kErrVencNotSupport, "channel ", id_, ": ",
              jpeg::cannot_encode_reason(v.info, raw));
  JPEGE_CHECK(v.width >= 1 && v.height >= 1 && static_cast<uint32_t>(v.width) <= attr_.pic_width &&
                  static_cast<uint32_t>(v.height) <= attr_.pic_height,
              kErrVencIllegalParam, "channel ", id_, ": frame ", v.width, "x", v.height,
              " (expected 1x1 up to the channel's picture size ", attr_.pic_width, "x",
              attr_.pic_height, ")");
  const PixelFormatDesc& desc = v.desc();
  for (int p = 0; p < desc.num_planes; ++p) {
    const PlaneView& plane = v.planes[static_cast<size_t>(p)];
    JPEGE_CHECK(plane.data != nullptr, kErrVencNullPtr, "channel ", id_, ": plane ", p, " of the ",
                desc.name, " frame has no address");
    const size_t row = desc.plane_row_bytes(p, v.width);
    JPEGE_CHECK(plane.stride >= 0 && static_cast<size_t>(plane.stride) >= row, kErrVencIllegalParam,
                "channel ", id_, ": plane ", p, " stride ", plane.stride,
                " bytes is shorter than its row of ", row, " bytes");
    size_t extent = 0;
    JPEGE_CHECK(plane_extent(v, p, &extent), kErrVencIllegalParam, "channel ", id_, ": plane ", p,
                " stride ", plane.stride, " times its ", v.plane_height(p),
                " rows does not fit in memory");
    JPEGE_CHECK(check_range(plane.data, extent) != RangeCheck::kOverflow, kErrVencBadAddr,
                "channel ", id_, ": plane ", p, ": ", describe_range(plane.data, extent));
  }
  if (out != nullptr) {
    JPEGE_CHECK(reinterpret_cast<uintptr_t>(out) % 16 == 0, kErrVencBadAddr, "channel ", id_,
                ": output address ", static_cast<void*>(out), " is not 16-byte aligned");
    JPEGE_CHECK(capacity > 0, kErrVencIllegalParam, "channel ", id_, ": output buffer of 0 bytes");
    JPEGE_CHECK(check_range(out, capacity) != RangeCheck::kOverflow, kErrVencBadAddr, "channel ",
                id_, ": output buffer of ", capacity,
                " bytes runs past the end of its device memory block");
  }
}

void Channel::send(const InputFrame& frame, uint8_t* out, size_t capacity, int32_t timeout_ms) {
  check_timeout(timeout_ms, id_);
  std::unique_lock<std::mutex> lock(mu_);
  check_alive();
  if (managed()) {
    JPEGE_CHECK(out == nullptr, kErrVencNotSupport, "channel ", id_, " has a ", attr_.buf_size,
                "-byte stream buffer: use send_frame (send_jpege_frame needs buf_size 0)");
  } else {
    JPEGE_CHECK(out != nullptr, kErrVencNotSupport, "channel ", id_,
                " has no stream buffer (buf_size 0): use send_jpege_frame with an output buffer");
  }
  JPEGE_CHECK(started_, kErrVencNotPerm, "channel ", id_,
              " is not receiving frames (start it first; stopped channels refuse frames)");
  JPEGE_CHECK(!recv_limited_ || recv_left_ > 0, kErrVencNotPerm, "channel ", id_,
              " has received the number of frames it was started for");
  validate_frame(frame, out, capacity);

  // Managed mode counts frames until they enter the stream buffer (which bounds the
  // rest); caller-buffer mode also counts unfetched ones, which nothing else bounds.
  auto has_room = [&] {
    return dead_ || !started_ || pipeline_size() + (managed() ? 0 : ready_.size()) < queue_depth_;
  };
  JPEGE_CHECK(wait_for(lock, room_cv_, timeout_ms, has_room), kErrVencBufFull, "channel ", id_,
              ": no room for another frame within ", timeout_ms, " ms (", pipeline_size(),
              " frames in flight; fetch and release streams to make room)");
  check_alive();
  JPEGE_CHECK(started_ && (!recv_limited_ || recv_left_ > 0), kErrVencNotPerm, "channel ", id_,
              " stopped receiving while the frame waited");

  Job job;
  job.seq = next_seq_;
  job.frame = frame;
  if (job.frame.input_addr == 0) {
    job.frame.input_addr = reinterpret_cast<uint64_t>(frame.view.planes[0].data);
  }
  job.encoder = encoder_;
  job.out = out;
  job.capacity = capacity;
  const ImageView& v = frame.view;
  // Checked again as the blocks are pinned: a block freed by another thread while the
  // frame waited for room is refused here rather than read.
  for (int p = 0; p < v.desc().num_planes; ++p) {
    size_t extent = 0;
    plane_extent(v, p, &extent);  // fits: validate_frame checked it
    JPEGE_CHECK(job.pins.add(v.planes[static_cast<size_t>(p)].data, extent) != RangeCheck::kOverflow,
                kErrVencBadAddr, "channel ", id_, ": plane ", p,
                " was freed while the frame waited for room");
  }
  JPEGE_CHECK(out == nullptr || job.pins.add(out, capacity) != RangeCheck::kOverflow,
              kErrVencBadAddr, "channel ", id_,
              ": the output buffer was freed while the frame waited for room");
  ++next_seq_;
  if (recv_limited_) --recv_left_;
  pending_.push_back(std::move(job));
  lock.unlock();
  scheduler_->schedule(shared_from_this());
}

void Channel::run_one(int spare_threads) {
  Job job;
  bool more = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (dead_ || pending_.empty()) return;
    job = std::move(pending_.front());
    pending_.pop_front();
    ++running_;
    more = !pending_.empty();
  }
  if (more) scheduler_->schedule(shared_from_this());

  const ImageView& view = job.frame.view;
  // Borrow idle workers only when nothing else is queued: queued frames of this channel
  // keep the workers busier.
  int threads = 1;
  if (!more && spare_threads > 0 && int64_t{view.width} * view.height >= kParallelPixels) {
    threads = 1 + spare_threads;
  }
  // The runtime's threads live until exit, so their scratch buffer is reused.
  thread_local detail::Scratch scratch;
  Result r;
  r.seq = job.seq;
  r.pts = job.frame.pts;
  r.input_addr = job.frame.input_addr;
  r.qfactor = job.encoder->qfactor();
  try {
    if (job.out != nullptr) {
      r.len = job.encoder->encode_into(job.frame, threads, job.out, job.capacity, &r.needed);
      if (r.len == 0) {
        r.status = kErrVencSizeNotEnough;
        r.error =
            framekit::detail::concat("channel ", id_, ": picture ", job.seq, " needs ", r.needed,
                                     " bytes; the output buffer has ", job.capacity);
      } else {
        r.data = job.out;
      }
    } else {
      r.len = job.encoder->encode(job.frame, threads, scratch);
    }
  } catch (const JpegeError& e) {
    r.status = e.hi_code();
    r.error =
        framekit::detail::concat("channel ", id_, ": picture ", job.seq, " failed: ", e.what());
    r.len = 0;
  } catch (const Error& e) {
    // Parameters that do not fit this frame (e.g. a subsampling its format cannot take)
    // are the caller's error, not the system's.
    r.status = e.code() == ErrorCode::kInvalidArgument ? kErrVencIllegalParam
               : e.code() == ErrorCode::kUnsupported   ? kErrVencNotSupport
                                                       : kErrVencSysError;
    r.error =
        framekit::detail::concat("channel ", id_, ": picture ", job.seq, " failed: ", e.what());
    r.len = 0;
  } catch (const std::exception& e) {
    r.status = kErrVencSysError;
    r.error =
        framekit::detail::concat("channel ", id_, ": picture ", job.seq, " failed: ", e.what());
    r.len = 0;
  }
  job.pins.reset();  // the engine no longer touches the input or the output buffer

  std::lock_guard<std::mutex> lock(mu_);
  --running_;
  if (!dead_) {
    if (managed() && r.status == 0) {
      // The next picture in order goes straight from scratch into the stream buffer;
      // others wait with a copy of their bytes.
      uint8_t* dst = nullptr;
      if (r.seq == next_commit_ && completed_.empty()) dst = ring_.allocate(r.len);
      if (dst != nullptr) {
        std::memcpy(dst, scratch.data(), r.len);
        r.data = dst;
      } else {
        r.parked.assign(scratch.data(), scratch.data() + r.len);
      }
    }
    completed_.emplace(r.seq, std::move(r));
    commit_locked();
  }
  if (running_ == 0) idle_cv_.notify_all();
}

void Channel::commit_locked() {
  const bool was_empty = ready_.empty();
  bool moved = false;
  while (!completed_.empty() && completed_.begin()->first == next_commit_) {
    Result& r = completed_.begin()->second;
    if (managed() && r.status == 0 && r.data == nullptr) {
      if (!ring_.can_ever_fit(r.len)) {
        r.status = kErrVencSizeNotEnough;
        r.needed = r.len;
        r.error = framekit::detail::concat("channel ", id_, ": picture ", r.seq, " needs ", r.len,
                                           " bytes, more than the whole ", ring_.capacity(),
                                           "-byte stream buffer");
        r.len = 0;
      } else {
        uint8_t* dst = ring_.allocate(r.len);
        if (dst == nullptr) break;  // wait for a release
        std::memcpy(dst, r.parked.data(), r.len);
        r.data = dst;
      }
      r.parked = {};
    }
    if (r.status == 0) last_pts_ = r.pts;
    ready_.push_back(std::move(r));
    completed_.erase(completed_.begin());
    ++next_commit_;
    moved = true;
  }
  if (moved) {
    signal_ready_locked(was_empty);
    room_cv_.notify_all();
  }
}

void Channel::signal_ready_locked(bool was_empty) {
  if (was_empty && !ready_.empty()) {
    const uint64_t one = 1;
    // A full eventfd counter cannot happen (it is drained before reaching 2).
    [[maybe_unused]] ssize_t n = ::write(fd_, &one, sizeof one);
  }
  ready_cv_.notify_all();
}

std::optional<Stream> Channel::get(int32_t timeout_ms, std::string* error) {
  check_timeout(timeout_ms, id_);
  std::unique_lock<std::mutex> lock(mu_);
  check_alive();
  if (!wait_for(lock, ready_cv_, timeout_ms, [&] { return dead_ || !ready_.empty(); })) {
    return std::nullopt;
  }
  check_alive();
  Result r = std::move(ready_.front());
  ready_.pop_front();
  if (ready_.empty()) {
    uint64_t value = 0;
    [[maybe_unused]] ssize_t n = ::read(fd_, &value, sizeof value);
  }
  Stream s;
  s.seq = static_cast<uint32_t>(r.seq);
  s.qfactor = r.qfactor;
  s.status = r.status;
  s.needed_size = static_cast<uint32_t>(std::min<size_t>(r.needed, UINT32_MAX));
  s.pack.data = r.data;
  s.pack.len = static_cast<uint32_t>(r.len);
  s.pack.pts = r.pts;
  s.pack.input_addr = r.input_addr;
  if (r.status == 0) {
    fetched_.push_back(std::move(r));
  } else if (error != nullptr) {
    *error = std::move(r.error);
  }
  if (!managed()) room_cv_.notify_all();
  return s;
}

void Channel::release(const Stream& stream) {
  std::lock_guard<std::mutex> lock(mu_);
  check_alive();
  JPEGE_CHECK(!fetched_.empty(), kErrVencIllegalParam, "channel ", id_,
              ": no fetched stream to release (released twice, or never fetched)");
  const Result& oldest = fetched_.front();
  if (static_cast<uint32_t>(oldest.seq) != stream.seq || oldest.data != stream.pack.data) {
    const bool known = std::any_of(fetched_.begin(), fetched_.end(), [&](const Result& r) {
      return static_cast<uint32_t>(r.seq) == stream.seq && r.data == stream.pack.data;
    });
    JPEGE_THROW(kErrVencIllegalParam, "channel ", id_,
                known ? ": streams must be released in the order they were fetched; release seq "
                      : ": unknown stream (released already?); the oldest fetched is seq ",
                static_cast<uint32_t>(oldest.seq), known ? " first" : "");
  }
  if (managed()) ring_.release_oldest(oldest.data);
  fetched_.pop_front();
  commit_locked();
}

void Channel::shutdown() {
  std::unique_lock<std::mutex> lock(mu_);
  dead_ = true;
  started_ = false;
  pending_.clear();
  room_cv_.notify_all();
  ready_cv_.notify_all();
  idle_cv_.wait(lock, [&] { return running_ == 0; });
  completed_.clear();
  ready_.clear();
  fetched_.clear();
  // Workers may hold the object a moment longer; its resources go now.
  ring_ = StreamBuffer();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace framekit::jpege
