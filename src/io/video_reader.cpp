// VideoReader: libavformat demuxes, libavcodec decodes, io/av_import.h wraps the
// decoder's AVFrames as VideoFrames without copying.
#include "framekit/io/video_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <filesystem>
#include <system_error>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/pixdesc.h>
}

#include "framekit/core/error.h"
#include "io/av_import.h"
#include "io/av_owners.h"
#include "io/ffmpeg_log.h"

namespace framekit::io {
namespace {

// Warnings kept word for word; later failures are only counted.
constexpr size_t kMaxWarnings = 16;

std::string av_error_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

bool is_key_frame(const AVFrame& f) {
#ifdef AV_FRAME_FLAG_KEY
  return (f.flags & AV_FRAME_FLAG_KEY) != 0;
#else
  return f.key_frame != 0;
#endif
}

// Missing paths, directories and empty files get their own words before FFmpeg's
// generic "Invalid data found when processing input".
void check_openable(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  FK_CHECK_ARG(fs::exists(st), path, ": no such file");
  FK_CHECK_ARG(!fs::is_directory(st), path, ": is a directory, not a video file");
  if (fs::is_regular_file(st)) {
    FK_CHECK_ARG(fs::file_size(path, ec) != 0 || ec, path, ": the file is empty (0 bytes)");
  }
}

struct FormatCloser {
  void operator()(AVFormatContext* c) const noexcept { avformat_close_input(&c); }
};

// A file in memory as FFmpeg's I/O: reads and seeks over a copy of the bytes.
struct MemorySource {
  // FFmpeg's read granularity for the buffer it is given.
  static constexpr int kIoBufferSize = 1 << 16;

  std::vector<uint8_t> bytes;
  int64_t position = 0;
  AVIOContext* io = nullptr;

  explicit MemorySource(std::span<const uint8_t> data) : bytes(data.begin(), data.end()) {
    auto* buffer = static_cast<uint8_t*>(av_malloc(kIoBufferSize));
    FK_CHECK(buffer != nullptr, ErrorCode::kOutOfMemory, "av_malloc failed");
    io = avio_alloc_context(buffer, kIoBufferSize, 0, this, &read, nullptr, &seek);
    if (io == nullptr) av_free(buffer);
    FK_CHECK(io != nullptr, ErrorCode::kOutOfMemory, "avio_alloc_context failed");
  }
  ~MemorySource() {
    // FFmpeg may have replaced the buffer; the context's current one is ours to free.
    av_freep(&io->buffer);
    avio_context_free(&io);
  }
  MemorySource(const MemorySource&) = delete;
  MemorySource& operator=(const MemorySource&) = delete;

  static int read(void* opaque, uint8_t* out, int size) {
    auto* self = static_cast<MemorySource*>(opaque);
    const int64_t left = static_cast<int64_t>(self->bytes.size()) - self->position;
    if (left <= 0) return AVERROR_EOF;
    const int n = static_cast<int>(std::min<int64_t>(left, size));
    std::memcpy(out, self->bytes.data() + self->position, static_cast<size_t>(n));
    self->position += n;
    return n;
  }
  static int64_t seek(void* opaque, int64_t offset, int whence) {
    auto* self = static_cast<MemorySource*>(opaque);
    const auto size = static_cast<int64_t>(self->bytes.size());
    int64_t target = 0;
    switch (whence & ~AVSEEK_FORCE) {
      case AVSEEK_SIZE:
        return size;
      case SEEK_SET:
        target = offset;
        break;
      case SEEK_CUR:
        target = self->position + offset;
        break;
      case SEEK_END:
        target = size + offset;
        break;
      default:
        return AVERROR(EINVAL);
    }
    if (target < 0 || target > size) return AVERROR(EINVAL);
    self->position = target;
    return target;
  }
};

Rational to_rational(AVRational r) {
  return r.den > 0 && r.num > 0 ? Rational{r.num, r.den} : Rational{0, 1};
}

void check_options(const VideoReadOptions& options) {
  FK_CHECK_ARG(options.step >= 1, "VideoReader: step must be at least 1, not ", options.step);
  FK_CHECK_ARG(options.max_frames >= 0, "VideoReader: max_frames must not be negative");
  FK_CHECK_ARG(
      !options.fps || (*options.fps > 0 && std::isfinite(*options.fps) && *options.fps <= 1e6),
      "VideoReader: fps must be a positive number of frames per second");
  FK_CHECK_ARG(options.threads >= 0, "VideoReader: threads must not be negative");
  FK_CHECK_ARG(!options.start || std::isfinite(*options.start),
               "VideoReader: start must be a finite time in seconds");
  FK_CHECK_ARG(!options.end || !std::isnan(*options.end), "VideoReader: end must be a time");
}

}  // namespace

ColorSpace default_video_color_space(ColorSpace stored, int height) noexcept {
  if (stored != CS_UNSPECIFIED) return stored;
  return height >= 720 ? CS_BT709 : CS_SMPTE170M;
}

struct VideoReader::Impl {
  std::string path;
  VideoReadOptions options;
  VideoInfo info;
  // Before `format`: the demuxer reads from it until it is closed.
  std::unique_ptr<MemorySource> memory;
  std::unique_ptr<AVFormatContext, FormatCloser> format;
  std::unique_ptr<AVCodecContext, CodecFreer> decoder;
  std::unique_ptr<AVPacket, PacketFreer> packet;
  std::unique_ptr<AVFrame, FrameFreer> frame;
  int stream_index = -1;
  AVRational time_base{0, 1};

  bool demuxer_done = false;  // flush packet sent
  bool finished = false;      // nothing more will be selected
  int consecutive_errors = 0;
  int64_t skipped = 0;
  std::optional<double> discard_before;  // see VideoReader::discard_before
  int64_t packets_sent = 0;
  int64_t packets_discardable = 0;
  std::vector<std::string> warnings;
  // What FFmpeg logged at error level during this reader's current call.
  std::vector<std::string> ffmpeg_messages;

  // Selection state.
  std::deque<VideoFrame> ready;  // selected by time and fps, before step / max_frames
  int64_t step_counter = 0;
  int64_t returned = 0;
  // fps resampling: the last frame whose slot is at most next_slot.
  bool have_t0 = false;
  int64_t pts0 = 0;
  AVRational fps_rate{0, 1};
  int64_t next_slot = 0;
  VideoFrame held;
  Rational fps_time_base{0, 1};

  void open();
  void note_error(const char* where, int code);
  std::string take_ffmpeg_messages();
  void keep_ffmpeg_messages();
  AVFrame* decode_one();
  VideoFrame wrap(AVFrame* f);
  void offer(VideoFrame vf, int64_t pts);
  void push_slot(const VideoFrame& vf);
  void finish();
  VideoFrame next();
  VideoFrame select_next();
};

void VideoReader::Impl::open() {
  ffmpeg_log::install();
  const ffmpeg_log::Capture capture(ffmpeg_messages);
  AVFormatContext* raw = nullptr;
  if (memory) {
    FK_CHECK_ARG(!memory->bytes.empty(), path, ": the buffer is empty (0 bytes)");
    raw = avformat_alloc_context();
    FK_CHECK(raw != nullptr, ErrorCode::kOutOfMemory, "avformat_alloc_context failed");
    raw->pb = memory->io;  // avformat_open_input frees raw, never pb, when it fails
  } else {
    check_openable(path);
  }
  int r = avformat_open_input(&raw, memory ? "" : path.c_str(), nullptr, nullptr);
  FK_CHECK(r >= 0, ErrorCode::kInvalidArgument, path, ": not a video FFmpeg can read (",
           av_error_text(r), ")", take_ffmpeg_messages());
  format.reset(raw);
  r = avformat_find_stream_info(format.get(), nullptr);
  FK_CHECK(r >= 0, ErrorCode::kInvalidArgument, path, ": cannot read the stream information (",
           av_error_text(r), ")", take_ffmpeg_messages());
  const AVCodec* codec = nullptr;
  stream_index = av_find_best_stream(format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
  FK_CHECK(stream_index != AVERROR_STREAM_NOT_FOUND, ErrorCode::kInvalidArgument, path,
           ": has no video stream (container ", format->iformat->name, ")");
  FK_CHECK(stream_index >= 0 && codec != nullptr, ErrorCode::kUnsupported, path,
           ": no decoder for its video stream (", av_error_text(stream_index), ")");
  const AVStream* stream = format->streams[stream_index];
  const AVCodecParameters* par = stream->codecpar;
  time_base = stream->time_base;

  decoder.reset(avcodec_alloc_context3(codec));
  FK_CHECK(decoder != nullptr, ErrorCode::kOutOfMemory, "avcodec_alloc_context3 failed");
  r = avcodec_parameters_to_context(decoder.get(), par);
  FK_CHECK(r >= 0, ErrorCode::kRuntime, path, ": ", av_error_text(r));
  decoder->pkt_timebase = stream->time_base;
  decoder->thread_count = options.threads;
  decoder->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  if (options.keyframes_only) decoder->skip_frame = AVDISCARD_NONKEY;
  r = avcodec_open2(decoder.get(), codec, nullptr);
  FK_CHECK(r >= 0, ErrorCode::kUnsupported, path, ": cannot open the ", codec->name, " decoder (",
           av_error_text(r), ")", take_ffmpeg_messages());
  packet.reset(av_packet_alloc());
  frame.reset(av_frame_alloc());
  FK_CHECK(packet && frame, ErrorCode::kOutOfMemory, "av_packet_alloc/av_frame_alloc failed");

  info.width = par->width;
  info.height = par->height;
  info.fps = to_rational(stream->avg_frame_rate);
  if (info.fps.num == 0) info.fps = to_rational(stream->r_frame_rate);
  info.time_base = to_rational(stream->time_base);
  if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
    info.duration = static_cast<double>(stream->duration) * av_q2d(stream->time_base);
  } else if (format->duration != AV_NOPTS_VALUE && format->duration > 0) {
    info.duration = static_cast<double>(format->duration) / AV_TIME_BASE;
  }
  if (stream->nb_frames > 0) info.frame_count = stream->nb_frames;
  info.codec = codec->name;
  info.container = format->iformat->name;
  const char* pix_name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(par->format));
  info.pixel_format = pix_name ? pix_name : "";
  const PixelFormat pf = av::from_av_pixel_format(static_cast<AVPixelFormat>(par->format));
  if (pf != PF_NONE) {
    info.stream_color = av::pixel_info_of(par->format, par->color_space, par->color_range,
                                          par->color_primaries, par->color_trc);
    info.color = info.stream_color.is_yuv()
                     ? info.stream_color.with_space(
                           default_video_color_space(info.stream_color.space(), info.height))
                     : info.stream_color;
  }

  if (options.fps) {
    fps_rate = av_d2q(*options.fps, 1 << 20);
    fps_time_base = Rational{fps_rate.den, fps_rate.num};
  }

  // Frames before start are dropped below: those nothing refers to need no decoding.
  if (options.start) discard_before = *options.start;
  if (options.start && *options.start > 0) {
    const auto target = static_cast<int64_t>(std::floor(*options.start / av_q2d(time_base)));
    // Backward: land on the keyframe at or before start; frames up to it are dropped.
    r = av_seek_frame(format.get(), stream_index, target, AVSEEK_FLAG_BACKWARD);
    if (r < 0) {
      // Not seekable: decode from the beginning and drop instead.
      warnings.push_back("seek to " + std::to_string(*options.start) + " s failed (" +
                         av_error_text(r) + "); decoding from the start");
    }
  }
  keep_ffmpeg_messages();
}

// "; FFmpeg: <its last message>" when FFmpeg said why, for an error text; clears them.
std::string VideoReader::Impl::take_ffmpeg_messages() {
  std::string text;
  if (!ffmpeg_messages.empty()) text = "; FFmpeg: " + ffmpeg_messages.back();
  ffmpeg_messages.clear();
  return text;
}

// Messages no failure claimed (a decoder that conceals damage and goes on) are warnings.
void VideoReader::Impl::keep_ffmpeg_messages() {
  for (auto& m : ffmpeg_messages) {
    if (warnings.size() >= kMaxWarnings) break;
    warnings.push_back("FFmpeg: " + std::move(m));
  }
  ffmpeg_messages.clear();
}

void VideoReader::Impl::note_error(const char* where, int code) {
  ++skipped;
  ++consecutive_errors;
  const std::string text = std::string(where) + ": " + av_error_text(code) + take_ffmpeg_messages();
  if (warnings.size() < kMaxWarnings) warnings.push_back(text);
  FK_CHECK(consecutive_errors < kMaxConsecutiveErrors, ErrorCode::kRuntime, path, ": ",
           consecutive_errors, " damaged packets in a row, giving up (last: ", text, ")");
}

// The next decoded frame (in `frame`), or nullptr when the decoder is drained.
AVFrame* VideoReader::Impl::decode_one() {
  for (;;) {
    int r = avcodec_receive_frame(decoder.get(), frame.get());
    if (r == 0) {
      consecutive_errors = 0;
      return frame.get();
    }
    if (r == AVERROR_EOF) return nullptr;
    if (r != AVERROR(EAGAIN)) {
      note_error("decoding", r);
      if (demuxer_done) continue;
    }
    if (demuxer_done) return nullptr;  // EAGAIN after the flush packet: nothing left
    r = av_read_frame(format.get(), packet.get());
    if (r == AVERROR_EOF || (r < 0 && format->pb && avio_feof(format->pb))) {
      demuxer_done = true;
      avcodec_send_packet(decoder.get(), nullptr);
      continue;
    }
    if (r < 0) {
      note_error("reading", r);
      continue;
    }
    if (packet->stream_index != stream_index) {
      av_packet_unref(packet.get());
      continue;
    }
    if (discard_before && !options.keyframes_only) {
      // Per packet: frame threads copy skip_frame from this context with each packet.
      const bool below = packet->pts != AV_NOPTS_VALUE &&
                         double(packet->pts) * av_q2d(time_base) < *discard_before - 1e-9;
      decoder->skip_frame = below ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
      packets_discardable += below;
    }
    ++packets_sent;
    r = avcodec_send_packet(decoder.get(), packet.get());
    av_packet_unref(packet.get());
    if (r < 0 && r != AVERROR(EAGAIN)) note_error("decoding a packet", r);
  }
}

VideoFrame VideoReader::Impl::wrap(AVFrame* f) {
  PixelInfo labels = av::pixel_info_of(*f);
  // Fields the frame leaves open come from the stream, then the matrix rule.
  const PixelInfo& s = info.stream_color;
  if (s.valid()) {
    labels =
        PixelInfo(labels.format(), labels.space() != CS_UNSPECIFIED ? labels.space() : s.space(),
                  labels.range() != CR_UNSPECIFIED ? labels.range() : s.range(),
                  labels.primaries() != CP_UNSPECIFIED ? labels.primaries() : s.primaries(),
                  labels.transfer() != CTC_UNSPECIFIED ? labels.transfer() : s.transfer());
  }
  if (labels.is_yuv()) {
    labels = labels.with_space(default_video_color_space(labels.space(), f->height));
  }
  VideoFrame vf(av::to_frame(f, labels));
  av::copy_props_from(vf, *f);
  if (vf.pts() == kNoPts && f->best_effort_timestamp != AV_NOPTS_VALUE) {
    vf.set_pts(f->best_effort_timestamp);
  }
  vf.set_time_base(Rational{time_base.num, time_base.den});
  // The decoder's AVFrame goes with the VideoFrame; the next decode gets a fresh one.
  vf.private_attach(std::shared_ptr<AVFrame>(frame.release(), FrameFreer()));
  frame.reset(av_frame_alloc());
  FK_CHECK(frame != nullptr, ErrorCode::kOutOfMemory, "av_frame_alloc failed");
  return vf;
}

void VideoReader::Impl::offer(VideoFrame vf, int64_t pts) {
  if (!options.fps) {
    ready.push_back(std::move(vf));
    return;
  }
  if (!have_t0) {
    have_t0 = true;
    pts0 = pts;
    next_slot = 0;
    held = std::move(vf);
    return;
  }
  // round((t - t0) * fps) in exact integers, halves away from zero as FFmpeg's fps
  // filter rounds (AV_ROUND_NEAR_INF). Frames without a time take the next slot.
  const int64_t slot =
      pts == AV_NOPTS_VALUE || pts0 == AV_NOPTS_VALUE
          ? next_slot + 1
          : av_rescale_rnd(pts - pts0, int64_t{time_base.num} * fps_rate.num,
                           int64_t{time_base.den} * fps_rate.den, AV_ROUND_NEAR_INF);
  while (next_slot < slot) push_slot(held);
  held = std::move(vf);
}

// Output frames of the fps resampler live on the 1/fps clock, one tick long.
void VideoReader::Impl::push_slot(const VideoFrame& vf) {
  VideoFrame out = vf;
  out.set_pts(next_slot++);
  out.set_time_base(fps_time_base);
  out.set_duration(1);
  ready.push_back(std::move(out));
}

void VideoReader::Impl::finish() {
  finished = true;
  if (options.fps && held.defined()) {
    push_slot(held);
    held = VideoFrame();
  }
}

VideoFrame VideoReader::Impl::next() {
  const ffmpeg_log::Capture capture(ffmpeg_messages);
  VideoFrame vf = select_next();
  keep_ffmpeg_messages();
  return vf;
}

VideoFrame VideoReader::Impl::select_next() {
  for (;;) {
    while (!ready.empty()) {
      VideoFrame vf = std::move(ready.front());
      ready.pop_front();
      if (step_counter++ % options.step != 0) continue;
      if (++returned == options.max_frames) {
        finished = true;
        ready.clear();
        held = VideoFrame();
      }
      return vf;
    }
    if (finished) return VideoFrame();
    AVFrame* f = decode_one();
    if (f == nullptr) {
      finish();
      continue;
    }
    const int64_t pts = f->pts != AV_NOPTS_VALUE ? f->pts : f->best_effort_timestamp;
    const bool timed = pts != AV_NOPTS_VALUE;
    const double t = timed ? static_cast<double>(pts) * av_q2d(time_base) : 0.0;
    if (timed && options.end && t >= *options.end) {
      av_frame_unref(f);
      finish();
      continue;
    }
    const bool early = timed && options.start && t < *options.start;
    if (early || (options.keyframes_only && !is_key_frame(*f))) {
      av_frame_unref(f);
      continue;
    }
    offer(wrap(f), timed ? pts : AV_NOPTS_VALUE);
  }
}

VideoReader::VideoReader(const std::string& path, const VideoReadOptions& options)
    : impl_(std::make_unique<Impl>()) {
  check_options(options);
  impl_->path = path;
  impl_->options = options;
  impl_->open();
}

VideoReader::VideoReader(std::span<const uint8_t> data, const VideoReadOptions& options)
    : impl_(std::make_unique<Impl>()) {
  check_options(options);
  impl_->path = "<memory>";
  impl_->options = options;
  impl_->memory = std::make_unique<MemorySource>(data);
  impl_->open();
}

std::vector<const void*> decoder_plane_pointers(const VideoFrame& frame) {
  std::vector<const void*> out;
  const AVFrame* f = frame.private_get<AVFrame>();
  if (f == nullptr) return out;
  for (int p = 0; p < AV_NUM_DATA_POINTERS && f->data[p] != nullptr; ++p) out.push_back(f->data[p]);
  return out;
}

VideoReader::~VideoReader() = default;
VideoReader::VideoReader(VideoReader&&) noexcept = default;
VideoReader& VideoReader::operator=(VideoReader&&) noexcept = default;

const VideoInfo& VideoReader::info() const noexcept {
  return impl_->info;
}
const VideoReadOptions& VideoReader::options() const noexcept {
  return impl_->options;
}
VideoFrame VideoReader::next() {
  return impl_->next();
}
void VideoReader::discard_before(double seconds) {
  FK_CHECK_ARG(std::isfinite(seconds), "VideoReader::discard_before: ", seconds,
               " is not a time in seconds");
  impl_->discard_before = seconds;
}

int64_t VideoReader::packets_decoded() const noexcept {
  return impl_->packets_sent;
}

int64_t VideoReader::packets_discardable() const noexcept {
  return impl_->packets_discardable;
}

int64_t VideoReader::skipped_packets() const noexcept {
  return impl_->skipped;
}
const std::vector<std::string>& VideoReader::warnings() const noexcept {
  return impl_->warnings;
}

}  // namespace framekit::io
