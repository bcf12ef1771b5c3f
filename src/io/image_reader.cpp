// Choosing a reader from the bytes, and what every reader does last (resize, convert).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "framekit/color/reformat.h"
#include "framekit/core/error.h"
#include "framekit/geometry/geometry.h"
#include "io/io_internal.h"

namespace framekit::io {

std::string_view image_kind_name(ImageKind kind) noexcept {
  switch (kind) {
    case ImageKind::kJpeg:
      return "jpeg";
    case ImageKind::kPng:
      return "png";
    case ImageKind::kPnm:
      return "pnm";
    case ImageKind::kY4m:
      return "y4m";
    case ImageKind::kRaw:
      return "raw";
    case ImageKind::kUnknown:
      break;
  }
  return "unknown";
}

ImageKind sniff_image_kind(std::span<const uint8_t> h) noexcept {
  static constexpr uint8_t kPngSignature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (h.size() >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF) return ImageKind::kJpeg;
  if (h.size() >= 8 && std::memcmp(h.data(), kPngSignature, 8) == 0) return ImageKind::kPng;
  if (h.size() >= 3 && h[0] == 'P' && (h[1] == '5' || h[1] == '6' || h[1] == '7') &&
      std::isspace(h[2]))
    return ImageKind::kPnm;
  if (h.size() >= 10 && std::memcmp(h.data(), "YUV4MPEG2 ", 10) == 0) return ImageKind::kY4m;
  return ImageKind::kUnknown;
}

ImageKind image_kind_for_path(std::string_view path) noexcept {
  const auto slash = path.find_last_of('/');
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return ImageKind::kUnknown;
  std::string e(path.substr(dot + 1));
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  if (e == "jpg" || e == "jpeg") return ImageKind::kJpeg;
  if (e == "png") return ImageKind::kPng;
  if (e == "ppm" || e == "pgm" || e == "pnm") return ImageKind::kPnm;
  if (e == "y4m") return ImageKind::kY4m;
  if (e == "yuv" || e == "rgb" || e == "raw") return ImageKind::kRaw;
  return ImageKind::kUnknown;
}

namespace detail {

std::pair<int, int> asked_size(int w, int h, const ReadOptions& o) {
  FK_CHECK_ARG(o.width >= 0 && o.height >= 0, "read: size ", o.width, "x", o.height,
               " is invalid (sides must be >= 0; 0 keeps the aspect ratio)");
  if (o.scale != 0) {
    FK_CHECK_ARG(o.scale > 0 && o.scale <= 1 && o.width == 0 && o.height == 0, "read: scale ",
                 o.scale, " is invalid (expected a factor in (0, 1], and no width or height)");
    return {std::max(1, static_cast<int>(std::lround(w * o.scale))),
            std::max(1, static_cast<int>(std::lround(h * o.scale)))};
  }
  if (o.width == 0 && o.height == 0) return {w, h};
  if (o.fit) {
    double f = 1.0;
    if (o.width > 0) f = std::min(f, double(o.width) / w);
    if (o.height > 0) f = std::min(f, double(o.height) / h);
    return {std::max(1, static_cast<int>(std::lround(w * f))),
            std::max(1, static_cast<int>(std::lround(h * f)))};
  }
  if (o.width == 0)
    return {std::max(1, static_cast<int>(std::lround(double(w) * o.height / h))), o.height};
  if (o.height == 0)
    return {o.width, std::max(1, static_cast<int>(std::lround(double(h) * o.width / w)))};
  return {o.width, o.height};
}

Frame finish_picture(Frame frame, const ReadOptions& o) {
  const auto meta = frame.image_metadata();
  const auto [w, h] = asked_size(frame.width(), frame.height(), o);
  if (w != frame.width() || h != frame.height()) {
    const bool shrink = w <= frame.width() && h <= frame.height();
    frame = resize(frame, w, h,
                   shrink || o.filter != ResizeMode::kArea ? o.filter : ResizeMode::kBilinear);
  }
  if (o.format && !(*o.format == frame.pix_info())) frame = reformat(frame, *o.format);
  frame.set_image_metadata(meta);
  return frame;
}

namespace {

std::string head_text(std::span<const uint8_t> head) {
  if (head.empty()) return "it is empty";
  std::string s = "its first bytes are";
  char buf[8];
  for (size_t i = 0; i < std::min<size_t>(head.size(), 8); ++i) {
    std::snprintf(buf, sizeof(buf), " %02X", head[i]);
    s += buf;
  }
  std::string printable;
  for (size_t i = 0; i < std::min<size_t>(head.size(), 8); ++i)
    printable.push_back(std::isprint(head[i]) ? static_cast<char>(head[i]) : '.');
  return s + " (\"" + printable + "\")";
}

}  // namespace
}  // namespace detail

struct ImageReader::Impl {
  detail::ByteSource src;
  ReadOptions options;
  ImageKind kind = ImageKind::kUnknown;
  int64_t index = 0;
  bool single_done = false;
  detail::Y4mStream y4m;

  Impl(detail::ByteSource s, const ReadOptions& o) : src(std::move(s)), options(o) {
    FK_CHECK_ARG(o.max_pixels >= 1, "read: max_pixels must be at least 1");
    const std::string& name = src.name();
    if (o.raw) {
      kind = ImageKind::kRaw;
      detail::check_picture(name, o.raw->width, o.raw->height, o.max_pixels);
      const uint64_t frame = detail::tight_frame_bytes(o.raw->info, o.raw->width, o.raw->height);
      if (const auto size = src.remaining()) {
        FK_CHECK_ARG(*size > 0, "'", name, "' holds no frame (the file is empty)");
        FK_CHECK_ARG(*size % frame == 0, "'", name, "' ends inside frame ", *size / frame,
                     ": it is ", *size, " bytes, not a whole number of ", o.raw->width, "x",
                     o.raw->height, " ",
                     pixel_format_name(o.raw->info.format()), " frames (", frame,
                     " bytes each): check the size and pixel format");
      }
      return;
    }
    const auto head = src.peek(16);
    kind = sniff_image_kind(head);
    FK_CHECK_ARG(
        kind != ImageKind::kUnknown, "'", name,
        "' is not an image framekit reads (JPEG, PNG, PNM/PAM, Y4M): ", detail::head_text(head),
        "; raw planes are read only when their size and format are given");
    if (kind == ImageKind::kY4m) y4m = detail::read_y4m_header(src, options);
  }

  VideoFrame next() {
    const std::string& name = src.name();
    switch (kind) {
      case ImageKind::kJpeg:
      case ImageKind::kPng:
      case ImageKind::kPnm: {
        if (single_done) return {};
        single_done = true;
        if (kind == ImageKind::kPnm) return detail::read_pnm(src, options);
        const auto data = src.read_rest();
        return kind == ImageKind::kJpeg ? detail::read_jpeg(data, name, options)
                                        : detail::read_png(data, name, options);
      }
      case ImageKind::kY4m: {
        VideoFrame vf = detail::read_y4m_frame(src, y4m, index);
        if (!vf) return vf;
        ++index;
        return vf.with_frame(detail::finish_picture(vf.frame(), options));
      }
      case ImageKind::kRaw: {
        if (src.peek(1).empty()) {
          FK_CHECK_ARG(index > 0, "'", name, "' holds no frame");
          return {};
        }
        Frame frame(options.raw->width, options.raw->height, options.raw->info);
        FK_CHECK_ARG(detail::read_planes(src, frame), "'", name, "' ends inside frame ", index,
                     " (not a whole ", options.raw->width, "x", options.raw->height, " ",
                     pixel_format_name(options.raw->info.format()), " frame)");
        VideoFrame vf(detail::finish_picture(frame, options));
        vf.set_pts(index++);
        return vf;
      }
      case ImageKind::kUnknown:
        break;
    }
    return {};
  }
};

ImageReader::ImageReader(const std::string& path, const ReadOptions& options)
    : impl_(std::make_unique<Impl>(detail::ByteSource::open_file(path), options)) {}
ImageReader::ImageReader(std::span<const uint8_t> data, const ReadOptions& options,
                         const std::string& name)
    : impl_(std::make_unique<Impl>(detail::ByteSource::from_memory(data, name), options)) {}
ImageReader::~ImageReader() = default;
ImageReader::ImageReader(ImageReader&&) noexcept = default;
ImageReader& ImageReader::operator=(ImageReader&&) noexcept = default;
ImageKind ImageReader::kind() const noexcept {
  return impl_->kind;
}
VideoFrame ImageReader::next() {
  return impl_->next();
}

VideoFrame read_image(const std::string& path, const ReadOptions& options) {
  ImageReader reader(path, options);
  return reader.next();
}

VideoFrame decode_image(std::span<const uint8_t> data, const ReadOptions& options) {
  ImageReader reader(data, options);
  return reader.next();
}

}  // namespace framekit::io
