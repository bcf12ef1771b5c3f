// VideoWriter: libavcodec encodes, libavformat muxes. Frames are copied into the
// encoder's own AVFrames (the encoder may keep them for look-ahead, beyond the caller's
// frame's life).
#include "framekit/io/video_writer.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <filesystem>
#include <system_error>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/pixdesc.h>
}

#include "framekit/core/error.h"
#include "io/av_import.h"
#include "io/av_owners.h"
#include "io/ffmpeg_log.h"

namespace framekit::io {
namespace {

std::string av_error_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

struct DictFreer {
  void operator()(AVDictionary* d) const noexcept { av_dict_free(&d); }
};

// The folder must exist and the path must not name one, before FFmpeg's bare
// "No such file or directory".
void check_writable_path(const std::string& path) {
  namespace fs = std::filesystem;
  FK_CHECK_ARG(!path.empty(), "VideoWriter: the path is empty");
  std::error_code ec;
  FK_CHECK_ARG(!fs::is_directory(path, ec), path, ": is a directory, not a video file");
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) {
    FK_CHECK_ARG(fs::is_directory(parent, ec), path, ": the folder ", parent.string(),
                 " does not exist");
  }
}

const AVCodec* find_video_encoder(const std::string& name) {
  const AVCodec* codec = avcodec_find_encoder_by_name(name.c_str());
  FK_CHECK(codec != nullptr, ErrorCode::kUnsupported, "VideoWriter: this FFmpeg has no encoder '",
           name, "' (ffmpeg -encoders lists those it has)");
  FK_CHECK(codec->type == AVMEDIA_TYPE_VIDEO, ErrorCode::kUnsupported, "VideoWriter: '", name,
           "' is not a video encoder");
  return codec;
}

std::vector<std::string> pixel_formats_of(const AVCodec* codec) {
  std::vector<std::string> out;
  if (codec->pix_fmts == nullptr) return out;
  for (const AVPixelFormat* p = codec->pix_fmts; *p != AV_PIX_FMT_NONE; ++p) {
    const char* name = av_get_pix_fmt_name(*p);
    if (name != nullptr) out.emplace_back(name);
  }
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

void check_options(const VideoWriteOptions& o) {
  FK_CHECK_ARG(o.fps.num > 0 && o.fps.den > 0, "VideoWriter: fps must be a positive rate, not ",
               o.fps.num, "/", o.fps.den);
  FK_CHECK_ARG(o.bit_rate >= 0, "VideoWriter: bit_rate must not be negative");
  FK_CHECK_ARG(o.gop_size >= -1, "VideoWriter: gop_size must be -1 (the encoder's) or more");
  FK_CHECK_ARG(o.max_b_frames >= -1,
               "VideoWriter: max_b_frames must be -1 (the encoder's) or more");
  FK_CHECK_ARG(o.threads >= 0, "VideoWriter: threads must not be negative");
}

}  // namespace

std::vector<std::string> encoder_pixel_formats(const std::string& codec) {
  return pixel_formats_of(find_video_encoder(codec));
}

struct VideoWriter::Impl {
  std::string path;
  int width = 0;
  int height = 0;
  PixelInfo info;
  VideoWriteOptions options;
  AVFormatContext* format = nullptr;  // with its pb, freed by release()
  std::unique_ptr<AVCodecContext, CodecFreer> encoder;
  std::unique_ptr<AVPacket, PacketFreer> packet;
  AVStream* stream = nullptr;
  AVPixelFormat av_format = AV_PIX_FMT_NONE;
  bool open = false;
  bool file_created = false;
  int64_t written = 0;
  std::vector<std::string> ffmpeg_messages;

  ~Impl() { release(); }
  void start();
  void encode(const AVFrame* frame);
  void finish();
  void release() noexcept;
  std::string take_ffmpeg_messages();
};

std::string VideoWriter::Impl::take_ffmpeg_messages() {
  std::string text;
  if (!ffmpeg_messages.empty()) text = "; FFmpeg: " + ffmpeg_messages.back();
  ffmpeg_messages.clear();
  return text;
}

void VideoWriter::Impl::release() noexcept {
  if (format != nullptr) {
    if (format->pb != nullptr && !(format->oformat->flags & AVFMT_NOFILE)) avio_closep(&format->pb);
    avformat_free_context(format);
    format = nullptr;
  }
  encoder.reset();
  packet.reset();
  open = false;
}

void VideoWriter::Impl::start() {
  ffmpeg_log::install();
  const ffmpeg_log::Capture capture(ffmpeg_messages);
  check_options(options);
  check_writable_path(path);
  FK_CHECK_ARG(width > 0 && height > 0, path, ": the size must be positive, not ", width, "x",
               height);
  FK_CHECK_ARG(info.valid(), path, ": the pixel format is not valid");
  av_format = av::to_av_pixel_format(info.format());
  FK_CHECK(av_format != AV_PIX_FMT_NONE, ErrorCode::kUnsupported, path, ": ",
           pixel_format_name(info.format()), " has no FFmpeg pixel format");

  const AVCodec* codec = find_video_encoder(options.codec);
  const auto formats = pixel_formats_of(codec);
  const std::string wanted = av_get_pix_fmt_name(av_format);
  FK_CHECK(formats.empty() || std::find(formats.begin(), formats.end(), wanted) != formats.end(),
           ErrorCode::kUnsupported, path, ": the ", options.codec, " encoder cannot take ", wanted,
           " (it takes ", joined(formats), ")");

  const char* muxer = options.container.empty() ? nullptr : options.container.c_str();
  int r = avformat_alloc_output_context2(&format, nullptr, muxer, path.c_str());
  FK_CHECK_ARG(r >= 0 && format != nullptr, path,
               muxer ? ": FFmpeg has no muxer '" + options.container + "'"
                     : std::string(": no container for this file name's extension (name one "
                                   "with the container option)"));
  // No FFmpeg version string in the file: the bytes depend on the frames and options.
  format->flags |= AVFMT_FLAG_BITEXACT;
  FK_CHECK(avformat_query_codec(format->oformat, codec->id, FF_COMPLIANCE_NORMAL) != 0,
           ErrorCode::kUnsupported, path, ": the ", format->oformat->name,
           " container cannot hold ", codec->name, " video");

  encoder.reset(avcodec_alloc_context3(codec));
  packet.reset(av_packet_alloc());
  FK_CHECK(encoder && packet, ErrorCode::kOutOfMemory, "VideoWriter: out of memory");
  AVCodecContext& e = *encoder;
  e.width = width;
  e.height = height;
  e.pix_fmt = av_format;
  e.colorspace = static_cast<AVColorSpace>(info.space());
  e.color_range = static_cast<AVColorRange>(info.range());
  e.color_primaries = static_cast<AVColorPrimaries>(info.primaries());
  e.color_trc = static_cast<AVColorTransferCharacteristic>(info.transfer());
  e.sample_aspect_ratio = AVRational{1, 1};
  e.time_base = AVRational{options.fps.den, options.fps.num};
  e.framerate = AVRational{options.fps.num, options.fps.den};
  e.bit_rate = options.bit_rate;
  if (options.gop_size >= 0) e.gop_size = options.gop_size;
  if (options.max_b_frames >= 0) e.max_b_frames = options.max_b_frames;
  e.thread_count = options.threads;
  if (format->oformat->flags & AVFMT_GLOBALHEADER) e.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

  std::unique_ptr<AVDictionary, DictFreer> dict;
  for (const auto& [key, value] : options.codec_options) {
    AVDictionary* d = dict.release();
    r = av_dict_set(&d, key.c_str(), value.c_str(), 0);
    dict.reset(d);
    FK_CHECK(r >= 0, ErrorCode::kOutOfMemory, "av_dict_set failed");
  }
  AVDictionary* d = dict.release();
  r = avcodec_open2(&e, codec, &d);  // leaves the options it did not use in d
  dict.reset(d);
  FK_CHECK(r >= 0, ErrorCode::kUnsupported, path, ": cannot open the ", codec->name,
           " encoder for ", width, "x", height, " ", wanted, " (", av_error_text(r), ")",
           take_ffmpeg_messages());
  if (const AVDictionaryEntry* left = av_dict_get(dict.get(), "", nullptr, AV_DICT_IGNORE_SUFFIX)) {
    FK_THROW(ErrorCode::kInvalidArgument, path, ": the ", codec->name, " encoder has no option '",
             left->key, "'");
  }

  stream = avformat_new_stream(format, nullptr);
  FK_CHECK(stream != nullptr, ErrorCode::kOutOfMemory, "avformat_new_stream failed");
  stream->time_base = e.time_base;
  stream->avg_frame_rate = e.framerate;
  r = avcodec_parameters_from_context(stream->codecpar, &e);
  FK_CHECK(r >= 0, ErrorCode::kRuntime, path, ": ", av_error_text(r));

  if (!(format->oformat->flags & AVFMT_NOFILE)) {
    r = avio_open(&format->pb, path.c_str(), AVIO_FLAG_WRITE);
    FK_CHECK_ARG(r >= 0, path, ": cannot open for writing (", av_error_text(r), ")");
    file_created = true;
  }
  AVDictionary* mux_options = nullptr;
  r = avformat_write_header(format, &mux_options);
  av_dict_free(&mux_options);
  FK_CHECK(r >= 0, ErrorCode::kRuntime, path, ": cannot write the ", format->oformat->name,
           " header (", av_error_text(r), ")", take_ffmpeg_messages());
  open = true;
}

// Sends one frame (nullptr: drain) and muxes every packet the encoder has ready.
void VideoWriter::Impl::encode(const AVFrame* frame) {
  int r = avcodec_send_frame(encoder.get(), frame);
  FK_CHECK(r >= 0, ErrorCode::kRuntime, path, ": the ", options.codec, " encoder refused frame ",
           written, " (", av_error_text(r), ")", take_ffmpeg_messages());
  for (;;) {
    r = avcodec_receive_packet(encoder.get(), packet.get());
    if (r == AVERROR(EAGAIN) || r == AVERROR_EOF) return;
    FK_CHECK(r >= 0, ErrorCode::kRuntime, path, ": encoding failed (", av_error_text(r), ")",
             take_ffmpeg_messages());
    av_packet_rescale_ts(packet.get(), encoder->time_base, stream->time_base);
    packet->stream_index = stream->index;
    r = av_interleaved_write_frame(format, packet.get());  // takes the packet's reference
    FK_CHECK(r >= 0, ErrorCode::kRuntime, path, ": writing a packet failed (", av_error_text(r),
             ")", take_ffmpeg_messages());
  }
}

void VideoWriter::Impl::finish() {
  const ffmpeg_log::Capture capture(ffmpeg_messages);
  encode(nullptr);
  const int r = av_write_trailer(format);
  FK_CHECK(r >= 0, ErrorCode::kRuntime, path, ": cannot finish the file (", av_error_text(r), ")",
           take_ffmpeg_messages());
}

VideoWriter::VideoWriter(const std::string& path, int width, int height, const PixelInfo& info,
                         const VideoWriteOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->width = width;
  impl_->height = height;
  impl_->info = info;
  impl_->options = options;
  try {
    impl_->start();
  } catch (...) {
    // A file this writer created holds no video: it goes.
    const bool created = impl_->file_created;
    impl_->release();
    std::error_code ec;
    if (created) std::filesystem::remove(path, ec);
    throw;
  }
}

VideoWriter::~VideoWriter() {
  if (impl_ == nullptr || !impl_->open) return;
  try {
    close();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw; close() reports
  }
}

VideoWriter::VideoWriter(VideoWriter&&) noexcept = default;
VideoWriter& VideoWriter::operator=(VideoWriter&&) noexcept = default;

void VideoWriter::write(const Frame& frame) {
  Impl& s = *impl_;
  FK_CHECK(s.open, ErrorCode::kRuntime, s.path, ": write() after close()");
  FK_CHECK_ARG(frame.defined(), s.path, ": cannot write an undefined frame");
  FK_CHECK(frame.device().is_cpu(), ErrorCode::kUnsupported, s.path, ": the frame is on ",
           frame.device().str(), "; VideoWriter takes cpu frames (call cpu() first)");
  FK_CHECK(frame.format() == s.info.format(), ErrorCode::kTypeMismatch, s.path, ": frame ",
           s.written, " is ", pixel_format_name(frame.format()), ", the writer was opened for ",
           pixel_format_name(s.info.format()), " (convert it first)");
  FK_CHECK_ARG(frame.width() == s.width && frame.height() == s.height, s.path, ": frame ",
               s.written, " is ", frame.width(), "x", frame.height(),
               ", the writer was opened for ", s.width, "x", s.height);

  std::unique_ptr<AVFrame, FrameFreer> out(av_frame_alloc());
  FK_CHECK(out != nullptr, ErrorCode::kOutOfMemory, "av_frame_alloc failed");
  out->format = s.av_format;
  out->width = s.width;
  out->height = s.height;
  int r = av_frame_get_buffer(out.get(), 0);
  FK_CHECK(r >= 0, ErrorCode::kOutOfMemory, "av_frame_get_buffer failed (", av_error_text(r), ")");
  const ImageView v = frame.view();
  const PixelFormatDesc& d = v.desc();
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, s.width);
    const int rows = d.plane_height(p, s.height);
    for (int y = 0; y < rows; ++y) {
      std::memcpy(out->data[p] + static_cast<ptrdiff_t>(y) * out->linesize[p], v.planes[p].row(y),
                  row);
    }
  }
  out->colorspace = s.encoder->colorspace;
  out->color_range = s.encoder->color_range;
  out->color_primaries = s.encoder->color_primaries;
  out->color_trc = s.encoder->color_trc;
  out->pts = s.written;
  const ffmpeg_log::Capture capture(s.ffmpeg_messages);
  s.encode(out.get());
  ++s.written;
}

void VideoWriter::close() {
  Impl& s = *impl_;
  if (!s.open) return;
  s.open = false;  // whatever happens next, the writer is done
  try {
    s.finish();
  } catch (...) {
    s.release();
    throw;
  }
  s.release();
}

bool VideoWriter::is_open() const noexcept {
  return impl_->open;
}
int64_t VideoWriter::frames_written() const noexcept {
  return impl_->written;
}
const std::string& VideoWriter::path() const noexcept {
  return impl_->path;
}
int VideoWriter::width() const noexcept {
  return impl_->width;
}
int VideoWriter::height() const noexcept {
  return impl_->height;
}
const PixelInfo& VideoWriter::pix_info() const noexcept {
  return impl_->info;
}
const VideoWriteOptions& VideoWriter::options() const noexcept {
  return impl_->options;
}

}  // namespace framekit::io
