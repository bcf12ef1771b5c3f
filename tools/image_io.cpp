#include "image_io.h"

#include <turbojpeg.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/io/image_io.h"
#include "framekit/jpeg/encoder.h"
#include "framekit/pixel/pixel_format.h"
#include "cli_error.h"
#include "output_file.h"

namespace framekit::cli {
namespace {

std::string lower_ext(const std::string& path) {
  const auto dot = path.rfind('.');
  if (dot == std::string::npos) return "";
  std::string e = path.substr(dot + 1);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e;
}

void write_planes(OutputFile& out, const Frame& frame) {
  const ImageView v = frame.view();
  const auto& d = v.desc();
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, v.width);
    for (int y = 0; y < v.plane_height(p); ++y) out.write(v.planes[p].row(y), row);
  }
}

bool pnm_format(PixelFormat fmt) {
  return fmt == PF_RGB24 || fmt == PF_GRAY8 || fmt == PF_RGB48 || fmt == PF_GRAY16;
}

bool png_format(PixelFormat fmt) {
  return fmt == PF_GRAY8 || fmt == PF_GRAY16 || fmt == PF_RGB24 || fmt == PF_RGB48 ||
         fmt == PF_RGBA32 || fmt == PF_RGBA64;
}

// ---- Y4M -------------------------------------------------------------------------

const std::map<std::string, PixelFormat>& y4m_colorspaces() {
  static const std::map<std::string, PixelFormat> m = {
      {"420jpeg", PF_YUV420P},    {"420mpeg2", PF_YUV420P},   {"420paldv", PF_YUV420P},
      {"420", PF_YUV420P},        {"422", PF_YUV422P},        {"444", PF_YUV444P},
      {"mono", PF_GRAY8},         {"420p10", PF_YUV420P10LE}, {"422p10", PF_YUV422P10LE},
      {"444p10", PF_YUV444P10LE}, {"420p12", PF_YUV420P12LE}, {"422p12", PF_YUV422P12LE},
      {"444p12", PF_YUV444P12LE}, {"420p16", PF_YUV420P16LE}, {"444p16", PF_YUV444P16LE},
      {"mono16", PF_GRAY16}};
  return m;
}

}  // namespace

FileKind file_kind(const std::string& path) {
  const std::string e = lower_ext(std::filesystem::path(path).filename().string());
  if (e == "ppm" || e == "pgm" || e == "pnm") return FileKind::kPnm;
  if (e == "png") return FileKind::kPng;
  if (e == "y4m") return FileKind::kY4m;
  if (e == "jpg" || e == "jpeg") return FileKind::kJpeg;
  if (e == "yuv" || e == "rgb" || e == "raw") return FileKind::kRaw;
  if (!e.empty()) {
    try {
      parse_pixel_format(e);
      return FileKind::kRaw;
    } catch (const Error&) {
    }
  }
  return FileKind::kUnknown;
}

std::string sniff_content_name(const uint8_t* h, size_t n) {
  auto at = [&](size_t off, std::string_view magic) {
    return n >= off + magic.size() && std::memcmp(h + off, magic.data(), magic.size()) == 0;
  };
  using namespace std::string_view_literals;
  switch (io::sniff_image_kind(std::span<const uint8_t>(h, n))) {
    case io::ImageKind::kJpeg: return "JPEG";
    case io::ImageKind::kPng: return "PNG";
    case io::ImageKind::kPnm: return "PNM";
    case io::ImageKind::kY4m: return "Y4M";
    default: break;
  }
  if (at(4, "ftyp")) return "MP4/MOV video";
  if (at(0, "\x1a\x45\xdf\xa3"sv)) return "Matroska/WebM video";
  if (at(0, "RIFF") && at(8, "AVI ")) return "AVI video";
  if (at(0, "RIFF") && at(8, "WEBP")) return "WebP";
  if (n >= 189 && h[0] == 0x47 && h[188] == 0x47) return "MPEG-TS video";
  if (at(0, "FLV")) return "FLV video";
  if (at(0, "\x00\x00\x01\xba"sv)) return "MPEG-PS video";
  if (at(0, "OggS")) return "Ogg";
  if (at(0, "GIF8")) return "GIF";
  if (at(0, "II*") || at(0, "MM\x00*"sv)) return "TIFF";
  if (at(0, "BM")) return "BMP";
  return "";
}

std::string describe_bytes(const uint8_t* h, size_t n) {
  n = std::min<size_t>(n, 8);
  std::string hex, text;
  char buf[4];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02X", h[i]);
    hex += (i ? " " : "") + std::string(buf);
    text += std::isprint(h[i]) ? static_cast<char>(h[i]) : '.';
  }
  return n == 0 ? std::string("no bytes") : hex + " (\"" + text + "\")";
}

std::pair<int, int> parse_size(const std::string& s) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  const int n = std::sscanf(s.c_str(), "%d%c%d%c", &w, &x, &h, &extra);
  FK_CHECK_ARG(n == 3 && (x == 'x' || x == 'X') && w > 0 && h > 0, "size '", s,
               "' is invalid (expected WxH, e.g. 1920x1080)");
  return {w, h};
}

namespace {
ReadLimits& read_limits_setting() {
  static ReadLimits limits;
  return limits;
}
}  // namespace

const ReadLimits& default_read_limits() {
  return read_limits_setting();
}

void set_default_read_limits(const ReadLimits& limits) {
  FK_CHECK_ARG(limits.max_pixels >= 1, "the pixel limit must be at least 1");
  read_limits_setting() = limits;
}

namespace {

// The library's messages name its option; the CLI's users set it with --max-pixels.
template <typename Fn>
auto with_cli_hints(Fn&& fn) {
  try {
    return fn();
  } catch (const Error& e) {
    std::string message = e.what();
    const std::string option = "(max_pixels)";
    const auto at = message.find(option);
    if (at == std::string::npos) throw;
    message.replace(at, option.size(), "(raise it with --max-pixels)");
    throw Error(e.code(), message);
  }
}

}  // namespace

// The readers are the library's (framekit/io): the CLI adds what it always did, so its
// outputs stay the same: a 16-bit gray PNG as rgb48le, a 4:4:0 JPEG as TurboJPEG's rgb24,
// pts counting frames.
struct FrameReader::Impl {
  std::string path;
  std::shared_ptr<const std::vector<uint8_t>> bytes;  // a JPEG's or stdin's bytes
  std::unique_ptr<io::ImageReader> reader;
  int64_t index = 0;
};

namespace {

std::vector<uint8_t> read_head(const std::string& path, size_t limit) {
  std::vector<uint8_t> head(limit);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return {};
  head.resize(std::fread(head.data(), 1, limit, f));
  std::fclose(f);
  return head;
}

std::shared_ptr<const std::vector<uint8_t>> read_all(const std::string& path) {
  auto data = std::make_shared<std::vector<uint8_t>>();
  std::FILE* f = std::fopen(path.c_str(), "rb");
  FK_CHECK_ARG(f != nullptr, "cannot open '", path, "' (", std::strerror(errno), ")");
  uint8_t chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof(chunk), f)) > 0) data->insert(data->end(), chunk, chunk + n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  FK_CHECK_ARG(!failed, "'", path, "': read error");
  return data;
}

}  // namespace

FrameReader::FrameReader(const std::string& path, const std::optional<RawSpec>& raw,
                         const ReadLimits& limits)
    : FrameReader(path, [&] {
        ReaderOptions o;
        o.raw = raw;
        o.limits = limits;
        return o;
      }()) {}

FrameReader::FrameReader(const std::string& path, const ReaderOptions& ro)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  FK_CHECK_ARG(ro.limits.max_pixels >= 1, "the pixel limit must be at least 1");
  m.path = path;
  io::ReadOptions o;
  o.auto_orient = ro.auto_orient;
  o.max_pixels = ro.limits.max_pixels;
  o.width = ro.decode_width;
  o.height = ro.decode_height;
  o.filter = ro.filter;
  o.reducing_gap = ro.reducing_gap;
  if (ro.fit_width > 0 || ro.fit_height > 0) {
    o.fit = true;
    o.width = ro.fit_width;
    o.height = ro.fit_height;
  }
  std::error_code ec;
  const bool regular = ro.data != nullptr || std::filesystem::is_regular_file(path, ec);
  const std::vector<uint8_t> head =
      ro.data ? std::vector<uint8_t>(ro.data->begin(), ro.data->begin() + std::min<size_t>(ro.data->size(), 512))
      : regular ? read_head(path, 512)
                : std::vector<uint8_t>{};
  const io::ImageKind kind = io::sniff_image_kind(head);
  if (ro.raw) {
    const std::string seen = sniff_content_name(head.data(), head.size());
    FK_CHECK_ARG(seen.empty(), "'", path, "' is a ", seen, " file, not raw planes: leave out the "
                 "raw size and format to read it as what it is");
    o.raw = io::RawFormat{ro.raw->width, ro.raw->height, ro.raw->info};
  }
  with_cli_hints([&] {
    if (ro.raw || kind != io::ImageKind::kJpeg || !regular) {
      if (ro.data) {
        m.bytes = ro.data;
        m.reader = std::make_unique<io::ImageReader>(*m.bytes, o, path);
      } else {
        m.reader = std::make_unique<io::ImageReader>(path, o);
      }
      return 0;
    }
    // A JPEG's header is looked at here (4:4:0 above); its bytes are read once.
    m.bytes = ro.data ? ro.data : read_all(path);
    tjhandle tj = tjInitDecompress();
    int w = 0, h = 0, subsamp = -1, cs = 0;
    if (tj && tjDecompressHeader3(tj, m.bytes->data(), m.bytes->size(), &w, &h, &subsamp, &cs) == 0 &&
        subsamp == TJSAMP_440 && (cs == TJCS_YCbCr || cs == TJCS_GRAY))
      o.format = PixelInfo(PF_RGB24);
    else if (ro.prefer_rgb && (cs == TJCS_YCbCr || cs == TJCS_RGB))
      o.format = PixelInfo(PF_RGB24);
    if (tj) tjDestroy(tj);
    m.reader = std::make_unique<io::ImageReader>(*m.bytes, o, path);
    return 0;
  });
}

std::string FrameReader::kind_name() const {
  return std::string(io::image_kind_name(impl_->reader->kind()));
}

bool FrameReader::multi_frame() const {
  const io::ImageKind k = impl_->reader->kind();
  return k == io::ImageKind::kY4m || k == io::ImageKind::kRaw;
}

FrameReader::~FrameReader() = default;

VideoFrame FrameReader::next() {
  Impl& m = *impl_;
  VideoFrame vf = with_cli_hints([&] { return m.reader->next(); });
  if (!vf) return vf;
  if (m.reader->kind() == io::ImageKind::kPng && vf.frame().format() == PF_GRAY16) {
    const Frame gray = vf.frame();
    Frame rgb(gray.width(), gray.height(), PixelInfo(PF_RGB48));
    const ImageView a = gray.view(), b = rgb.view();
    for (int y = 0; y < a.height; ++y) {
      const auto* src = a.planes[0].row<uint16_t>(y);
      auto* dst = b.planes[0].row<uint16_t>(y);
      for (int x = 0; x < a.width; ++x) dst[3 * x] = dst[3 * x + 1] = dst[3 * x + 2] = src[x];
    }
    vf = vf.with_frame(rgb);
  }
  vf.set_pts(m.index++);
  return vf;
}

struct FrameWriter::Impl {
  std::string path;
  std::unique_ptr<OutputFile> out;  // opened at the first frame
  FileKind kind;
  int frames = 0;
  Rational rate{25, 1};  // Y4M frames per second
  jpeg::EncodeParams jpeg;
  bool keep_metadata = false;
};

FrameWriter::FrameWriter(const std::string& path, FileKind kind) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->kind = kind == FileKind::kUnknown ? file_kind(path) : kind;
  FK_USAGE_CHECK(impl_->kind != FileKind::kUnknown, "output '", path,
                 "': the file name does not say which kind to write (expected ",
                 kOutputExtensions, ")");
}

void FrameWriter::set_jpeg(const jpeg::EncodeParams& params, bool keep_metadata) {
  impl_->jpeg = params;
  impl_->keep_metadata = keep_metadata;
}

FrameWriter::~FrameWriter() = default;

namespace {

std::string y4m_colorspace(PixelFormat f) {
  std::string cs;
  for (const auto& [name, fmt] : y4m_colorspaces())
    if (fmt == f && (cs.empty() || name == "420jpeg")) cs = name;
  return cs;
}

}  // namespace

void FrameWriter::check_format(PixelFormat format) const {
  const std::string& path = impl_->path;
  switch (impl_->kind) {
    case FileKind::kPnm:
      FK_CHECK_ARG(pnm_format(format), "'", path,
                   "': PPM/PGM output needs rgb24, rgb48le, gray or gray16le, not ",
                   pixel_format_name(format));
      break;
    case FileKind::kPng:
      FK_CHECK_ARG(png_format(format), "'", path,
                   "': PNG output needs gray, gray16le, rgb24, rgb48le, rgba or rgba64le, not ",
                   pixel_format_name(format));
      break;
    case FileKind::kY4m:
      FK_CHECK_ARG(!y4m_colorspace(format).empty(), "'", path, "': Y4M output cannot hold ",
                   pixel_format_name(format));
      break;
    case FileKind::kRaw:
    case FileKind::kJpeg:
    case FileKind::kUnknown:
      break;  // raw takes any format; the JPEG encoder says itself
  }
}

bool FrameWriter::stores_range() const {
  return impl_->kind != FileKind::kRaw;
}

PixelFormat FrameWriter::preferred_format(const PixelInfo& src) const {
  const auto& d = src.desc();
  const bool wide = d.bit_depth > 8;
  switch (impl_->kind) {
    case FileKind::kRaw:
    case FileKind::kUnknown:
      return src.format();
    case FileKind::kPnm:
      if (d.is_gray()) return wide ? PF_GRAY16 : PF_GRAY8;
      return wide ? PF_RGB48 : PF_RGB24;
    case FileKind::kPng:
      if (d.is_gray()) return wide ? PF_GRAY16 : PF_GRAY8;
      if (d.has_alpha) return wide ? PF_RGBA64 : PF_RGBA32;
      return wide ? PF_RGB48 : PF_RGB24;
    case FileKind::kJpeg:
      // Formats the encoder takes at their own subsampling stay; others go to 4:2:0.
      if (d.is_gray()) return PF_GRAY8;
      if (!wide && d.is_yuv() && !d.has_alpha) return src.format();
      if (!wide && (src.format() == PF_RGB24 || src.format() == PF_BGR24 ||
                    src.format() == PF_RGBA32 || src.format() == PF_BGRA32))
        return src.format();
      return PF_YUVJ420P;
    case FileKind::kY4m:
      for (const auto& [name, fmt] : y4m_colorspaces())
        if (fmt == src.format()) return fmt;
      if (d.is_gray()) return wide ? PF_GRAY16 : PF_GRAY8;
      if (d.log2_chroma_w == 0 && d.log2_chroma_h == 0) return wide ? PF_YUV444P16LE : PF_YUV444P;
      if (d.log2_chroma_h == 0) return wide ? PF_YUV422P10LE : PF_YUV422P;
      return wide ? PF_YUV420P10LE : PF_YUV420P;
  }
  return src.format();
}

void FrameWriter::write(const VideoFrame& frame) {
  const Rational tb = frame.time_base();
  if (impl_->frames == 0 && tb.num > 0 && tb.den > 0) impl_->rate = {tb.den, tb.num};
  write(frame.frame());
}

void FrameWriter::write(const Frame& frame) {
  Impl& m = *impl_;
  check_format(frame.format());
  if (m.kind == FileKind::kPnm || m.kind == FileKind::kPng || m.kind == FileKind::kJpeg)
    FK_CHECK_ARG(m.frames == 0, "'", m.path, "' holds one image; use .y4m or a raw file for ",
                 "several frames");
  // The bytes of every kind but raw (and of Y4M's first frame with its header) are the
  // library's encoders' (io::encode_image); they are made before the file is opened, so
  // an encoder error creates nothing.
  std::vector<uint8_t> bytes;
  io::WriteOptions options;
  options.keep_metadata = m.keep_metadata;
  options.jpeg = m.jpeg;
  options.frame_rate = m.rate;
  switch (m.kind) {
    case FileKind::kPnm:
      bytes = io::encode_image(VideoFrame(frame), io::ImageKind::kPnm, options);
      break;
    case FileKind::kPng:
      bytes = io::encode_image(VideoFrame(frame), io::ImageKind::kPng, options);
      break;
    case FileKind::kJpeg:
      bytes = io::encode_image(VideoFrame(frame), io::ImageKind::kJpeg, options);
      break;
    case FileKind::kY4m:
      if (m.frames == 0) bytes = io::encode_image(VideoFrame(frame), io::ImageKind::kY4m, options);
      break;
    case FileKind::kRaw:
    case FileKind::kUnknown:
      break;
  }
  if (!m.out) m.out = std::make_unique<OutputFile>(m.path);
  OutputFile& out = *m.out;
  if (!bytes.empty()) {
    out.write(bytes.data(), bytes.size());
  } else {
    if (m.kind == FileKind::kY4m) out.write("FRAME\n", 6);
    write_planes(out, frame);
  }
  ++m.frames;
}

void FrameWriter::commit() {
  Impl& m = *impl_;
  FK_CHECK(m.out != nullptr && m.frames > 0, ErrorCode::kRuntime, "'", m.path,
           "': no frame was written");
  m.out->commit();
}

}  // namespace framekit::cli