#include "image_io.h"

#include <spng.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <sstream>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/jpeg/encoder.h"

namespace framekit::cli {
namespace {

struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};
using File = std::unique_ptr<FILE, FileCloser>;

File open_file(const std::string& path, const char* mode) {
  File f(std::fopen(path.c_str(), mode));
  FK_CHECK_ARG(f != nullptr, "cannot open '", path, "' (", std::strerror(errno), ")");
  return f;
}

std::string lower_ext(const std::string& path) {
  const auto dot = path.rfind('.');
  if (dot == std::string::npos) return "";
  std::string e = path.substr(dot + 1);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e;
}

// Reads (or writes) the planes of a frame as tight rows, the layout of raw files.
bool read_planes(FILE* f, const Frame& frame) {
  const ImageView v = frame.view();
  const auto& d = v.desc();
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, v.width);
    for (int y = 0; y < v.plane_height(p); ++y) {
      if (std::fread(v.planes[p].row(y), 1, row, f) != row) return false;
    }
  }
  return true;
}

void write_planes(FILE* f, const Frame& frame, const std::string& path) {
  const ImageView v = frame.view();
  const auto& d = v.desc();
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, v.width);
    for (int y = 0; y < v.plane_height(p); ++y)
      FK_CHECK(std::fwrite(v.planes[p].row(y), 1, row, f) == row, ErrorCode::kRuntime,
               "write to '", path, "' failed");
  }
}

void swap16(uint8_t* p, size_t n_samples) {
  for (size_t i = 0; i < n_samples; ++i) std::swap(p[2 * i], p[2 * i + 1]);
}

// ---- PNM -------------------------------------------------------------------------

int pnm_int(FILE* f, const std::string& path) {
  int c = std::fgetc(f);
  while (c == '#' || std::isspace(c)) {
    if (c == '#')
      while (c != '\n' && c != EOF) c = std::fgetc(f);
    c = std::fgetc(f);
  }
  FK_CHECK_ARG(std::isdigit(c), "'", path, "' is not a valid PPM/PGM file (bad header)");
  long v = 0;
  while (std::isdigit(c)) {
    v = v * 10 + (c - '0');
    FK_CHECK_ARG(v < (1 << 24), "'", path, "': header number too large");
    c = std::fgetc(f);
  }
  return static_cast<int>(v);
}

VideoFrame read_pnm(FILE* f, const std::string& path) {
  char magic[2] = {};
  FK_CHECK_ARG(std::fread(magic, 1, 2, f) == 2 && magic[0] == 'P' &&
                   (magic[1] == '5' || magic[1] == '6'),
               "'", path, "' is not a binary PPM (P6) or PGM (P5) file");
  const int w = pnm_int(f, path), h = pnm_int(f, path), maxval = pnm_int(f, path);
  FK_CHECK_ARG(maxval > 0 && maxval < 65536, "'", path, "': maxval ", maxval, " is invalid");
  const bool gray = magic[1] == '5';
  const bool wide = maxval > 255;
  const PixelFormat fmt = gray ? (wide ? PF_GRAY16 : PF_GRAY8) : (wide ? PF_RGB48 : PF_RGB24);
  Frame frame(w, h, PixelInfo(fmt));
  FK_CHECK_ARG(read_planes(f, frame), "'", path, "' is truncated (expected ", w, "x", h,
               " pixels)");
  if (wide) {
    const ImageView v = frame.view();
    for (int y = 0; y < h; ++y) swap16(v.planes[0].row(y), static_cast<size_t>(w) * (gray ? 1 : 3));
  }
  return VideoFrame(frame);
}

void write_pnm(FILE* f, const Frame& frame, const std::string& path) {
  const PixelFormat fmt = frame.format();
  FK_CHECK_ARG(fmt == PF_RGB24 || fmt == PF_GRAY8 || fmt == PF_RGB48 || fmt == PF_GRAY16,
               "PPM/PGM output needs rgb24, rgb48le, gray or gray16le, not ",
               pixel_format_name(fmt));
  const bool gray = fmt == PF_GRAY8 || fmt == PF_GRAY16;
  const bool wide = fmt == PF_RGB48 || fmt == PF_GRAY16;
  std::fprintf(f, "P%c\n%d %d\n%d\n", gray ? '5' : '6', frame.width(), frame.height(),
               wide ? 65535 : 255);
  Frame out = frame;
  if (wide) {
    out = frame.clone();
    const ImageView v = out.view();
    for (int y = 0; y < v.height; ++y)
      swap16(v.planes[0].row(y), static_cast<size_t>(v.width) * (gray ? 1 : 3));
  }
  write_planes(f, out, path);
}

// ---- PNG -------------------------------------------------------------------------

struct SpngCtx {
  spng_ctx* ctx;
  explicit SpngCtx(int flags) : ctx(spng_ctx_new(flags)) {
    FK_CHECK(ctx != nullptr, ErrorCode::kOutOfMemory, "libspng: cannot create a context");
  }
  ~SpngCtx() { spng_ctx_free(ctx); }
};

void spng_check(int rc, const std::string& path, const char* what) {
  FK_CHECK_ARG(rc == 0, "'", path, "': PNG ", what, " failed: ", spng_strerror(rc));
}

VideoFrame read_png(FILE* f, const std::string& path) {
  SpngCtx s(0);
  spng_set_crc_action(s.ctx, SPNG_CRC_USE, SPNG_CRC_USE);
  spng_set_image_limits(s.ctx, 1 << 16, 1 << 16);
  spng_check(spng_set_png_file(s.ctx, f), path, "open");
  spng_ihdr ihdr{};
  spng_check(spng_get_ihdr(s.ctx, &ihdr), path, "header");
  spng_trns trns{};
  const bool has_trns = spng_get_trns(s.ctx, &trns) == 0;
  const bool alpha = ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE_ALPHA ||
                     ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR_ALPHA || has_trns;
  const bool gray8 = ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE && ihdr.bit_depth <= 8 && !has_trns;
  const bool wide = ihdr.bit_depth == 16;
  int fmt;
  PixelFormat pf;
  if (gray8) {
    fmt = SPNG_FMT_G8;
    pf = PF_GRAY8;
  } else if (wide) {
    fmt = SPNG_FMT_RGBA16;
    pf = PF_RGBA64;
  } else {
    fmt = alpha ? SPNG_FMT_RGBA8 : SPNG_FMT_RGB8;
    pf = alpha ? PF_RGBA32 : PF_RGB24;
  }
  size_t size = 0;
  spng_check(spng_decoded_image_size(s.ctx, fmt, &size), path, "size");
  Frame frame(static_cast<int>(ihdr.width), static_cast<int>(ihdr.height), PixelInfo(pf));
  FK_CHECK(size == static_cast<size_t>(frame.plane_stride_bytes(0)) * ihdr.height,
           ErrorCode::kRuntime, "'", path, "': unexpected decoded PNG size");
  spng_check(spng_decode_image(s.ctx, frame.plane_data(0), size, fmt, SPNG_DECODE_TRNS), path,
             "decode");
  if (wide && !alpha) {  // drop the opaque alpha libspng adds
    Frame rgb(frame.width(), frame.height(), PixelInfo(PF_RGB48));
    const ImageView a = frame.view(), b = rgb.view();
    for (int y = 0; y < a.height; ++y) {
      const auto* src = a.planes[0].row<uint16_t>(y);
      auto* dst = b.planes[0].row<uint16_t>(y);
      for (int x = 0; x < a.width; ++x)
        for (int c = 0; c < 3; ++c) dst[3 * x + c] = src[4 * x + c];
    }
    frame = rgb;
  }
  return VideoFrame(frame);
}

void write_png(FILE* f, const Frame& frame, const std::string& path) {
  struct Mode {
    uint8_t color_type, depth;
  };
  static const std::map<PixelFormat, Mode> kModes = {
      {PF_GRAY8, {SPNG_COLOR_TYPE_GRAYSCALE, 8}},     {PF_GRAY16, {SPNG_COLOR_TYPE_GRAYSCALE, 16}},
      {PF_RGB24, {SPNG_COLOR_TYPE_TRUECOLOR, 8}},     {PF_RGB48, {SPNG_COLOR_TYPE_TRUECOLOR, 16}},
      {PF_RGBA32, {SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, 8}}, {PF_RGBA64, {SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, 16}}};
  const auto it = kModes.find(frame.format());
  FK_CHECK_ARG(it != kModes.end(), "PNG output needs gray, gray16le, rgb24, rgb48le, rgba or "
               "rgba64le, not ", pixel_format_name(frame.format()));
  // PNG wants tight big-endian rows.
  Frame tight = frame.clone();
  if (it->second.depth == 16) {
    const ImageView v = tight.view();
    for (int y = 0; y < v.height; ++y)
      swap16(v.planes[0].row(y), v.desc().plane_row_bytes(0, v.width) / 2);
  }
  SpngCtx s(SPNG_CTX_ENCODER);
  spng_check(spng_set_png_file(s.ctx, f), path, "open");
  spng_ihdr ihdr{};
  ihdr.width = static_cast<uint32_t>(frame.width());
  ihdr.height = static_cast<uint32_t>(frame.height());
  ihdr.color_type = it->second.color_type;
  ihdr.bit_depth = it->second.depth;
  spng_check(spng_set_ihdr(s.ctx, &ihdr), path, "header");
  const size_t size = static_cast<size_t>(tight.plane_stride_bytes(0)) * frame.height();
  spng_check(spng_encode_image(s.ctx, tight.plane_data(0), size, SPNG_FMT_PNG,
                               SPNG_ENCODE_FINALIZE),
             path, "encode");
}

// ---- Y4M -------------------------------------------------------------------------

const std::map<std::string, PixelFormat>& y4m_colorspaces() {
  static const std::map<std::string, PixelFormat> m = {
      {"420jpeg", PF_YUV420P},     {"420mpeg2", PF_YUV420P},    {"420paldv", PF_YUV420P},
      {"420", PF_YUV420P},         {"422", PF_YUV422P},         {"444", PF_YUV444P},
      {"mono", PF_GRAY8},          {"420p10", PF_YUV420P10LE}, {"422p10", PF_YUV422P10LE},
      {"444p10", PF_YUV444P10LE}, {"420p12", PF_YUV420P12LE}, {"422p12", PF_YUV422P12LE},
      {"444p12", PF_YUV444P12LE}, {"420p16", PF_YUV420P16LE}, {"444p16", PF_YUV444P16LE},
      {"mono16", PF_GRAY16}};
  return m;
}

std::string read_line(FILE* f, size_t max_len) {
  std::string s;
  int c;
  while ((c = std::fgetc(f)) != EOF && c != '\n') {
    s.push_back(static_cast<char>(c));
    if (s.size() > max_len) break;
  }
  if (c == EOF && s.empty()) return "\x01EOF";
  return s;
}


// ---- JPEG ------------------------------------------------------------------------

// Decodes to the file's own YCbCr planes (no colour conversion, so no loss beyond the
// JPEG's): 4:2:0, 4:2:2, 4:4:4 and gray map to YUVJ420P/YUV422P/YUV444P/GRAY8 in
// full range BT.601 as JFIF defines; other subsamplings decode to RGB24.
VideoFrame read_jpeg(FILE* f, const std::string& path) {
  std::vector<uint8_t> data;
  uint8_t chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof(chunk), f)) > 0) data.insert(data.end(), chunk, chunk + n);
  struct Tj {
    tjhandle h = tjInitDecompress();
    ~Tj() {
      if (h) tjDestroy(h);
    }
  } tj;
  FK_CHECK(tj.h != nullptr, ErrorCode::kRuntime, "TurboJPEG: cannot create a decoder");
  int w = 0, h = 0, subsamp = 0, cs = 0;
  FK_CHECK_ARG(tjDecompressHeader3(tj.h, data.data(), data.size(), &w, &h, &subsamp, &cs) == 0,
               "'", path, "' is not a readable JPEG (", tjGetErrorStr2(tj.h), ")");
  PixelFormat fmt = PF_NONE;
  if (cs == TJCS_YCbCr || cs == TJCS_GRAY) {
    switch (subsamp) {
      case TJSAMP_420: fmt = PF_YUVJ420P; break;
      case TJSAMP_422: fmt = PF_YUV422P; break;
      case TJSAMP_444: fmt = PF_YUV444P; break;
      case TJSAMP_GRAY: fmt = PF_GRAY8; break;
      default: break;
    }
  }
  if (fmt == PF_NONE) {
    Frame rgb(w, h, PixelInfo(PF_RGB24));
    FK_CHECK_ARG(tjDecompress2(tj.h, data.data(), data.size(), static_cast<uint8_t*>(rgb.plane_data(0)),
                               w, static_cast<int>(rgb.plane_stride_bytes(0)), h, TJPF_RGB, 0) == 0,
                 "'", path, "': JPEG decode failed (", tjGetErrorStr2(tj.h), ")");
    return VideoFrame(rgb);
  }
  Frame frame(w, h, PixelInfo(fmt, CS_BT470BG, CR_JPEG));
  unsigned char* planes[3] = {};
  int strides[3] = {};
  for (int p = 0; p < frame.nplanes(); ++p) {
    planes[p] = static_cast<unsigned char*>(frame.plane_data(p));
    strides[p] = static_cast<int>(frame.plane_stride_bytes(p));
  }
  FK_CHECK_ARG(tjDecompressToYUVPlanes(tj.h, data.data(), data.size(), planes, w, strides, h, 0) == 0,
               "'", path, "': JPEG decode failed (", tjGetErrorStr2(tj.h), ")");
  return VideoFrame(frame);
}

void write_jpeg(FILE* f, const Frame& frame, const std::string& path) {
  const std::vector<uint8_t> bytes = jpeg::encode(frame, jpeg::EncodeParams{});
  FK_CHECK(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size(), ErrorCode::kRuntime,
           "write to '", path, "' failed");
}

}  // namespace

FileKind file_kind(const std::string& path) {
  const std::string e = lower_ext(path);
  if (e == "ppm" || e == "pgm" || e == "pnm") return FileKind::kPnm;
  if (e == "png") return FileKind::kPng;
  if (e == "y4m") return FileKind::kY4m;
  if (e == "jpg" || e == "jpeg") return FileKind::kJpeg;
  return FileKind::kRaw;
}

std::pair<int, int> parse_size(const std::string& s) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  const int n = std::sscanf(s.c_str(), "%d%c%d%c", &w, &x, &h, &extra);
  FK_CHECK_ARG(n == 3 && (x == 'x' || x == 'X') && w > 0 && h > 0, "size '", s,
               "' is invalid (expected WxH, e.g. 1920x1080)");
  return {w, h};
}

struct FrameReader::Impl {
  std::string path;
  File file;
  FileKind kind;
  std::optional<RawSpec> raw;
  int64_t index = 0;
  bool single_done = false;
  // Y4M stream parameters.
  int width = 0, height = 0;
  PixelInfo info;
  Rational rate{0, 1};
};

FrameReader::FrameReader(const std::string& path, const std::optional<RawSpec>& raw)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->file = open_file(path, "rb");
  impl_->kind = file_kind(path);
  impl_->raw = raw;
  if (impl_->kind == FileKind::kRaw) {
    FK_CHECK_ARG(raw.has_value(), "'", path,
                 "' is a raw file: its size and pixel format must be given");
  }
  if (impl_->kind == FileKind::kY4m) {
    const std::string header = read_line(impl_->file.get(), 1024);
    FK_CHECK_ARG(header.rfind("YUV4MPEG2", 0) == 0, "'", path, "' is not a YUV4MPEG2 file");
    std::istringstream is(header.substr(9));
    std::string tok;
    PixelFormat fmt = PF_YUV420P;
    ColorRange range = CR_UNSPECIFIED;
    while (is >> tok) {
      const char tag = tok[0];
      const std::string val = tok.substr(1);
      if (tag == 'W') impl_->width = std::atoi(val.c_str());
      if (tag == 'H') impl_->height = std::atoi(val.c_str());
      if (tag == 'F') std::sscanf(val.c_str(), "%d:%d", &impl_->rate.num, &impl_->rate.den);
      if (tag == 'C') {
        const auto it = y4m_colorspaces().find(val);
        FK_CHECK_ARG(it != y4m_colorspaces().end(), "'", path, "': Y4M colourspace C", val,
                     " is not supported");
        fmt = it->second;
      }
      if (tok == "XCOLORRANGE=FULL") range = CR_JPEG;
      if (tok == "XCOLORRANGE=LIMITED") range = CR_MPEG;
    }
    FK_CHECK_ARG(impl_->width > 0 && impl_->height > 0, "'", path, "': Y4M header has no size");
    impl_->info = PixelInfo(fmt, CS_UNSPECIFIED, range);
  }
}

FrameReader::~FrameReader() = default;

VideoFrame FrameReader::next() {
  Impl& m = *impl_;
  FILE* f = m.file.get();
  VideoFrame vf;
  switch (m.kind) {
    case FileKind::kPnm:
    case FileKind::kPng:
    case FileKind::kJpeg:
      if (m.single_done) return {};
      m.single_done = true;
      vf = m.kind == FileKind::kPnm  ? read_pnm(f, m.path)
           : m.kind == FileKind::kPng ? read_png(f, m.path)
                                      : read_jpeg(f, m.path);
      break;
    case FileKind::kRaw: {
      Frame frame(m.raw->width, m.raw->height, m.raw->info);
      const long before = std::ftell(f);
      if (!read_planes(f, frame)) {
        FK_CHECK_ARG(std::ftell(f) == before, "'", m.path, "' ends inside frame ", m.index,
                     " (the file size is not a multiple of one ", m.raw->width, "x",
                     m.raw->height, " ", pixel_format_name(m.raw->info.format()), " frame)");
        return {};
      }
      vf = VideoFrame(frame);
      break;
    }
    case FileKind::kY4m: {
      const std::string line = read_line(f, 4096);
      if (line == "\x01EOF") return {};
      FK_CHECK_ARG(line.rfind("FRAME", 0) == 0, "'", m.path, "': frame ", m.index,
                   " has no FRAME header");
      Frame frame(m.width, m.height, m.info);
      FK_CHECK_ARG(read_planes(f, frame), "'", m.path, "' ends inside frame ", m.index);
      vf = VideoFrame(frame);
      if (m.rate.num > 0) vf.set_time_base({m.rate.den, m.rate.num});
      break;
    }
  }
  vf.set_pts(m.index++);
  return vf;
}

struct FrameWriter::Impl {
  std::string path;
  File file;
  FileKind kind;
  int frames = 0;
  bool y4m_header = false;
  Rational rate{25, 1};  // Y4M frames per second
};

FrameWriter::FrameWriter(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->kind = file_kind(path);
}

FrameWriter::~FrameWriter() = default;

PixelFormat FrameWriter::preferred_format(const PixelInfo& src) const {
  const auto& d = src.desc();
  const bool wide = d.bit_depth > 8;
  switch (impl_->kind) {
    case FileKind::kRaw: return src.format();
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
  // Opened at the first frame, so a command that fails before producing anything
  // leaves an existing file untouched.
  if (!m.file) m.file = open_file(m.path, "wb");
  FILE* f = m.file.get();
  switch (m.kind) {
    case FileKind::kPnm:
    case FileKind::kPng:
    case FileKind::kJpeg:
      FK_CHECK_ARG(m.frames == 0, "'", m.path, "' holds one image; use .y4m or a raw file for ",
                   "several frames");
      if (m.kind == FileKind::kPnm) write_pnm(f, frame, m.path);
      else if (m.kind == FileKind::kPng) write_png(f, frame, m.path);
      else write_jpeg(f, frame, m.path);
      break;
    case FileKind::kRaw: write_planes(f, frame, m.path); break;
    case FileKind::kY4m: {
      std::string cs;
      for (const auto& [name, fmt] : y4m_colorspaces())
        if (fmt == frame.format() && (cs.empty() || name == "420jpeg")) cs = name;
      FK_CHECK_ARG(!cs.empty(), "Y4M output cannot hold ", pixel_format_name(frame.format()));
      if (!m.y4m_header) {
        const ColorRange r = frame.pix_info().infer_range();
        std::fprintf(f, "YUV4MPEG2 W%d H%d F%d:%d Ip A1:1 C%s XCOLORRANGE=%s\n", frame.width(),
                     frame.height(), m.rate.num, m.rate.den, cs.c_str(),
                     r == CR_JPEG ? "FULL" : "LIMITED");
        m.y4m_header = true;
      }
      std::fputs("FRAME\n", f);
      write_planes(f, frame, m.path);
      break;
    }
  }
  ++m.frames;
}

}  // namespace framekit::cli
