// Encoding frames into files of each kind, and the writers that put them in place
// atomically.
#include <filesystem>
#include <system_error>

#include "framekit/color/reformat.h"
#include "framekit/core/error.h"
#include "framekit/jpeg/encoder.h"
#include "io/io_internal.h"

namespace framekit::io {
namespace detail {

PixelFormat preferred_format(ImageKind kind, const PixelInfo& src) {
  const auto& d = src.desc();
  const bool wide = d.bit_depth > 8;
  switch (kind) {
    case ImageKind::kRaw:
    case ImageKind::kUnknown:
      return src.format();
    case ImageKind::kPnm:
      if (d.is_gray()) return wide ? PF_GRAY16 : PF_GRAY8;
      return wide ? PF_RGB48 : PF_RGB24;
    case ImageKind::kPng:
      if (d.is_gray()) return wide ? PF_GRAY16 : PF_GRAY8;
      if (d.has_alpha) return wide ? PF_RGBA64 : PF_RGBA32;
      return wide ? PF_RGB48 : PF_RGB24;
    case ImageKind::kJpeg:
      if (jpeg::can_encode(src)) return src.format();
      return d.is_gray() ? PF_GRAY8 : PF_YUVJ420P;
    case ImageKind::kY4m:
      if (!y4m_colorspace(src.format()).empty()) return src.format();
      if (d.is_gray()) return wide ? PF_GRAY16 : PF_GRAY8;
      if (d.log2_chroma_w == 0 && d.log2_chroma_h == 0) return wide ? PF_YUV444P16LE : PF_YUV444P;
      if (d.log2_chroma_h == 0) return wide ? PF_YUV422P10LE : PF_YUV422P;
      return wide ? PF_YUV420P10LE : PF_YUV420P;
  }
  return src.format();
}

namespace {

// The frame in a format `kind` stores (converted when it is not one already).
Frame storable(const Frame& frame, ImageKind kind) {
  FK_CHECK_ARG(frame.defined(), "write: the frame is undefined");
  const PixelFormat want = preferred_format(kind, frame.pix_info());
  if (want == frame.format()) return frame.cpu();
  const auto meta = frame.image_metadata();
  PixelInfo info(want);
  if (kind == ImageKind::kJpeg && want == PF_YUVJ420P) info = PixelInfo(want, CS_BT470BG, CR_JPEG);
  Frame out = reformat(frame.cpu(), info);
  out.set_image_metadata(meta);
  return out;
}

std::vector<uint8_t> encode_one(const Frame& frame, ImageKind kind, const WriteOptions& o) {
  const ImageMetadata* meta = frame.image_metadata().get();
  switch (kind) {
    case ImageKind::kJpeg: {
      jpeg::EncodeParams params = o.jpeg;
      if (o.keep_metadata && meta) {
        if (params.exif.empty()) params.exif = meta->exif;
        if (params.icc_profile.empty()) params.icc_profile = meta->icc_profile;
      }
      return jpeg::encode(frame, params);
    }
    case ImageKind::kPng:
      return encode_png(frame,
                        o.keep_metadata && meta ? meta->icc_profile : std::vector<uint8_t>{});
    case ImageKind::kPnm:
      return encode_pnm(frame);
    case ImageKind::kRaw: {
      std::vector<uint8_t> out;
      append_planes(out, frame);
      return out;
    }
    case ImageKind::kY4m: {
      const std::string h = y4m_header(frame, o.frame_rate);
      std::vector<uint8_t> out(h.begin(), h.end());
      out.insert(out.end(), {'F', 'R', 'A', 'M', 'E', '\n'});
      append_planes(out, frame);
      return out;
    }
    case ImageKind::kUnknown:
      break;
  }
  FK_THROW(ErrorCode::kInvalidArgument, "encode: no image kind given");
}

ImageKind kind_for(const std::string& path, const WriteOptions& o) {
  std::error_code ec;
  FK_CHECK_ARG(!std::filesystem::is_directory(path, ec), "'", path,
               "' is a directory (expected a file name)");
  if (o.kind != ImageKind::kUnknown) return o.kind;
  const ImageKind k = image_kind_for_path(path);
  FK_CHECK_ARG(k != ImageKind::kUnknown, "'", path,
               "': the file name does not say which kind to write (.jpg, .png, .ppm/.pgm, .y4m, "
               ".yuv/.rgb/.raw); give the kind explicitly");
  return k;
}

}  // namespace
}  // namespace detail

std::vector<uint8_t> encode_image(const VideoFrame& frame, ImageKind kind, const WriteOptions& o) {
  FK_CHECK_ARG(kind != ImageKind::kUnknown, "encode_image: the kind must be given");
  return detail::encode_one(detail::storable(frame.frame(), kind), kind, o);
}

void write_image(const std::string& path, const VideoFrame& frame, const WriteOptions& o) {
  ImageWriter writer(path, o);
  writer.write(frame);
  writer.commit();
}

struct ImageWriter::Impl {
  std::string path;
  WriteOptions options;
  ImageKind kind;
  std::unique_ptr<detail::AtomicFile> out;  // opened at the first frame
  int frames = 0;
  int width = 0, height = 0;
  PixelInfo info;
};

ImageWriter::ImageWriter(const std::string& path, const WriteOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->options = options;
  impl_->kind = detail::kind_for(path, options);
}
ImageWriter::~ImageWriter() = default;
ImageWriter::ImageWriter(ImageWriter&&) noexcept = default;
ImageWriter& ImageWriter::operator=(ImageWriter&&) noexcept = default;
ImageKind ImageWriter::kind() const noexcept {
  return impl_->kind;
}

void ImageWriter::write(const VideoFrame& vf) {
  Impl& m = *impl_;
  const bool many = m.kind == ImageKind::kY4m || m.kind == ImageKind::kRaw;
  FK_CHECK_ARG(many || m.frames == 0, "'", m.path, "' holds one image; use .y4m or raw for ",
               "several frames");
  const Frame frame = detail::storable(vf.frame(), m.kind);
  if (m.frames > 0)
    FK_CHECK_ARG(
        frame.width() == m.width && frame.height() == m.height && frame.pix_info() == m.info, "'",
        m.path, "': frame ", m.frames, " is ", frame.width(), "x", frame.height(), " ",
        pixel_format_name(frame.format()), ", but the file holds ", m.width, "x", m.height, " ",
        pixel_format_name(m.info.format()), " frames");
  std::vector<uint8_t> bytes;
  if (m.kind == ImageKind::kY4m && m.frames > 0) {
    bytes = {'F', 'R', 'A', 'M', 'E', '\n'};
    detail::append_planes(bytes, frame);
  } else {
    WriteOptions o = m.options;
    const Rational tb = vf.time_base();
    if (tb.num > 0 && tb.den > 0) o.frame_rate = {tb.den, tb.num};
    // Encoded before the file is created, so an encoder error leaves nothing behind.
    bytes = detail::encode_one(frame, m.kind, o);
  }
  if (!m.out) m.out = std::make_unique<detail::AtomicFile>(m.path);
  m.out->write(bytes.data(), bytes.size());
  m.width = frame.width();
  m.height = frame.height();
  m.info = frame.pix_info();
  ++m.frames;
}

void ImageWriter::commit() {
  Impl& m = *impl_;
  FK_CHECK(m.out != nullptr && m.frames > 0, ErrorCode::kRuntime, "'", m.path,
           "': no frame was written");
  m.out->commit();
}

}  // namespace framekit::io
