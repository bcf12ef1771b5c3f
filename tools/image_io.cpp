#include "image_io.h"

#include <spng.h>
#include <sys/stat.h>
#include <turbojpeg.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/jpeg/encoder.h"
#include "output_file.h"

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

// The size of a regular file; nothing for pipes and devices, whose size is unknown.
std::optional<uint64_t> regular_file_size(FILE* f) {
  struct stat st {};
  if (::fstat(::fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return static_cast<uint64_t>(st.st_size);
}

// Bytes left from the current position of a regular file; nothing for pipes.
std::optional<uint64_t> bytes_left(FILE* f) {
  const auto size = regular_file_size(f);
  const long pos = std::ftell(f);
  if (!size || pos < 0) return std::nullopt;
  return *size > static_cast<uint64_t>(pos) ? *size - static_cast<uint64_t>(pos) : 0;
}

// Refuses a picture size before anything is allocated for it: zero sides, sides past
// what Frame takes (int), and more pixels than the limit. w * h cannot overflow: both
// are below 2^32 once checked.
void check_picture(const std::string& path, uint64_t w, uint64_t h, const ReadLimits& limits) {
  FK_CHECK_ARG(w > 0 && h > 0, "'", path, "': the picture size ", w, "x", h,
               " is invalid (width and height must be at least 1)");
  FK_CHECK_ARG(w <= INT32_MAX && h <= INT32_MAX, "'", path, "': the picture size ", w, "x", h,
               " is too large");
  FK_CHECK_ARG(w * h <= limits.max_pixels, "'", path, "': the picture is ", w, "x", h, " (", w * h,
               " pixels), more than the limit of ", limits.max_pixels,
               " pixels (raise it with --max-pixels)");
}

// Bytes of one frame stored as tight rows (raw files, Y4M frames, PNM pixels).
uint64_t tight_frame_bytes(const PixelInfo& info, int w, int h) {
  const auto& d = info.desc();
  uint64_t n = 0;
  for (int p = 0; p < d.num_planes; ++p)
    n += static_cast<uint64_t>(d.plane_row_bytes(p, w)) *
         static_cast<uint64_t>(d.plane_height(p, h));
  return n;
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

void write_planes(OutputFile& out, const Frame& frame) {
  const ImageView v = frame.view();
  const auto& d = v.desc();
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, v.width);
    for (int y = 0; y < v.plane_height(p); ++y) out.write(v.planes[p].row(y), row);
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

VideoFrame read_pnm(FILE* f, const std::string& path, const ReadLimits& limits) {
  char magic[2] = {};
  FK_CHECK_ARG(std::fread(magic, 1, 2, f) == 2 && magic[0] == 'P' &&
                   (magic[1] == '5' || magic[1] == '6'),
               "'", path, "' is not a binary PPM (P6) or PGM (P5) file");
  const int w = pnm_int(f, path), h = pnm_int(f, path), maxval = pnm_int(f, path);
  FK_CHECK_ARG(maxval > 0 && maxval < 65536, "'", path, "': maxval ", maxval, " is invalid");
  check_picture(path, w, h, limits);
  const bool gray = magic[1] == '5';
  const bool wide = maxval > 255;
  const PixelFormat fmt = gray ? (wide ? PF_GRAY16 : PF_GRAY8) : (wide ? PF_RGB48 : PF_RGB24);
  // The pixels are stored as they are: a file shorter than the header says is refused
  // before the frame is allocated (pnm_int consumed the whitespace after maxval).
  const uint64_t need = tight_frame_bytes(PixelInfo(fmt), w, h);
  if (const auto left = bytes_left(f))
    FK_CHECK_ARG(*left >= need, "'", path, "' is truncated: its header says ", w, "x", h, " (",
                 need, " bytes of pixels), but only ", *left, " bytes follow");
  Frame frame(w, h, PixelInfo(fmt));
  FK_CHECK_ARG(read_planes(f, frame), "'", path, "' is truncated (expected ", w, "x", h,
               " pixels)");
  if (wide) {
    const ImageView v = frame.view();
    for (int y = 0; y < h; ++y) swap16(v.planes[0].row(y), static_cast<size_t>(w) * (gray ? 1 : 3));
  }
  return VideoFrame(frame);
}

bool pnm_format(PixelFormat fmt) {
  return fmt == PF_RGB24 || fmt == PF_GRAY8 || fmt == PF_RGB48 || fmt == PF_GRAY16;
}

void write_pnm(OutputFile& out, const Frame& frame) {
  const PixelFormat fmt = frame.format();
  const bool gray = fmt == PF_GRAY8 || fmt == PF_GRAY16;
  const bool wide = fmt == PF_RGB48 || fmt == PF_GRAY16;
  const std::string header = std::string("P") + (gray ? "5" : "6") + "\n" +
                             std::to_string(frame.width()) + " " + std::to_string(frame.height()) +
                             "\n" + (wide ? "65535" : "255") + "\n";
  out.write(header.data(), header.size());
  Frame tight = frame;
  if (wide) {
    tight = frame.clone();
    const ImageView v = tight.view();
    for (int y = 0; y < v.height; ++y)
      swap16(v.planes[0].row(y), static_cast<size_t>(v.width) * (gray ? 1 : 3));
  }
  write_planes(out, tight);
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
  if (rc == 0) return;
  // libspng says "invalid chunk checksum"; say what it means for the user.
  FK_CHECK_ARG(rc != SPNG_ECHUNK_CRC, "'", path, "': PNG ", what, " failed: ", spng_strerror(rc),
               " (a chunk's CRC does not match its data: the file is damaged)");
  FK_THROW(ErrorCode::kInvalidArgument, "'", path, "': PNG ", what, " failed: ", spng_strerror(rc));
}

int png_channels(uint8_t color_type) {
  switch (color_type) {
    case SPNG_COLOR_TYPE_GRAYSCALE:
      return 1;
    case SPNG_COLOR_TYPE_GRAYSCALE_ALPHA:
      return 2;
    case SPNG_COLOR_TYPE_TRUECOLOR:
      return 3;
    case SPNG_COLOR_TYPE_TRUECOLOR_ALPHA:
      return 4;
    default:
      return 1;  // indexed
  }
}

// Deflate codes at most 258 bytes per 2 bits (a length-258 match with 1-bit codes), so
// zlib data cannot expand more than 1032 times (zlib's own "technical details" give
// 1032:1 as the limit of the format).
constexpr uint64_t kMaxDeflateRatio = 1032;

std::vector<uint8_t> read_all(FILE* f, const std::string& path) {
  std::vector<uint8_t> data;
  if (const auto size = regular_file_size(f)) data.reserve(*size);
  uint8_t chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof(chunk), f)) > 0)
    data.insert(data.end(), chunk, chunk + n);
  FK_CHECK_ARG(std::ferror(f) == 0, "'", path, "': read error (", std::strerror(errno), ")");
  return data;
}

uint32_t png_crc(const uint8_t* p, size_t n) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

// Checks every chunk's CRC up front. libspng checks them too, but inflates IDAT data
// before it reaches a chunk's CRC, so a flipped byte would surface as a vague zlib
// error; this names the chunk. Structure errors (truncation …) are left to libspng.
void check_png_crcs(const std::vector<uint8_t>& d, const std::string& path) {
  size_t pos = 8;
  while (pos + 12 <= d.size()) {
    const uint32_t len = uint32_t{d[pos]} << 24 | uint32_t{d[pos + 1]} << 16 |
                         uint32_t{d[pos + 2]} << 8 | d[pos + 3];
    if (len > d.size() - pos - 12) return;
    const uint8_t* crc = &d[pos + 8 + len];
    const uint32_t stored =
        uint32_t{crc[0]} << 24 | uint32_t{crc[1]} << 16 | uint32_t{crc[2]} << 8 | crc[3];
    const std::string type(reinterpret_cast<const char*>(&d[pos + 4]), 4);
    FK_CHECK_ARG(png_crc(&d[pos + 4], size_t{len} + 4) == stored, "'", path, "': PNG chunk ", type,
                 " at byte ", pos, " fails its CRC check: the file is damaged");
    if (type == "IEND") return;
    pos += size_t{len} + 12;
  }
}

VideoFrame read_png(FILE* f, const std::string& path, const ReadLimits& limits) {
  const std::vector<uint8_t> data = read_all(f, path);
  check_png_crcs(data, path);
  const std::optional<uint64_t> file_size = data.size();
  SpngCtx s(0);
  // Chunk CRCs (critical and ancillary) and the zlib Adler-32 are checked: a damaged
  // file is an error, not a picture with wrong pixels.
  spng_check(spng_set_crc_action(s.ctx, SPNG_CRC_ERROR, SPNG_CRC_ERROR), path, "setup");
  const uint32_t side = static_cast<uint32_t>(std::min<uint64_t>(limits.max_pixels, INT32_MAX));
  spng_check(spng_set_image_limits(s.ctx, side, side), path, "setup");
  spng_check(spng_set_png_buffer(s.ctx, data.data(), data.size()), path, "open");
  spng_ihdr ihdr{};
  spng_check(spng_get_ihdr(s.ctx, &ihdr), path, "header");
  check_picture(path, ihdr.width, ihdr.height, limits);
  // The filtered scanlines hold at least w * h * bits-per-pixel bits; a file too short
  // to inflate to that cannot be a whole picture, so it is refused before allocating.
  const uint64_t min_raw =
      uint64_t{ihdr.width} * ihdr.height * png_channels(ihdr.color_type) * ihdr.bit_depth / 8;
  if (file_size)
    FK_CHECK_ARG(*file_size * kMaxDeflateRatio >= min_raw, "'", path, "': the header says ",
                 ihdr.width, "x", ihdr.height, ", but ", *file_size,
                 " bytes of PNG cannot hold that many pixels (the file is truncated or forged)");
  spng_trns trns{};
  const int trns_rc = spng_get_trns(s.ctx, &trns);  // reads the chunks before IDAT
  if (trns_rc != SPNG_ECHUNKAVAIL) spng_check(trns_rc, path, "header");
  const bool has_trns = trns_rc == 0;
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

struct PngMode {
  uint8_t color_type, depth;
};
const std::map<PixelFormat, PngMode>& png_modes() {
  static const std::map<PixelFormat, PngMode> m = {
      {PF_GRAY8, {SPNG_COLOR_TYPE_GRAYSCALE, 8}},
      {PF_GRAY16, {SPNG_COLOR_TYPE_GRAYSCALE, 16}},
      {PF_RGB24, {SPNG_COLOR_TYPE_TRUECOLOR, 8}},
      {PF_RGB48, {SPNG_COLOR_TYPE_TRUECOLOR, 16}},
      {PF_RGBA32, {SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, 8}},
      {PF_RGBA64, {SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, 16}}};
  return m;
}

// Encodes into memory, then writes through the OutputFile, so every byte's write is
// checked there; libspng's own results are checked here.
void write_png(OutputFile& out, const Frame& frame) {
  const std::string& path = out.path();
  const PngMode mode = png_modes().at(frame.format());
  // Tight rows; libspng takes 16-bit samples in host byte order (SPNG_FMT_PNG) and
  // stores them big-endian itself (swapping here wrote every 16-bit PNG byte-swapped).
  const Frame tight = frame.clone();
  SpngCtx s(SPNG_CTX_ENCODER);
  spng_check(spng_set_option(s.ctx, SPNG_ENCODE_TO_BUFFER, 1), path, "setup");
  spng_ihdr ihdr{};
  ihdr.width = static_cast<uint32_t>(frame.width());
  ihdr.height = static_cast<uint32_t>(frame.height());
  ihdr.color_type = mode.color_type;
  ihdr.bit_depth = mode.depth;
  spng_check(spng_set_ihdr(s.ctx, &ihdr), path, "header");
  const size_t size = static_cast<size_t>(tight.plane_stride_bytes(0)) * frame.height();
  spng_check(spng_encode_image(s.ctx, tight.plane_data(0), size, SPNG_FMT_PNG,
                               SPNG_ENCODE_FINALIZE),
             path, "encode");
  size_t len = 0;
  int err = 0;
  std::unique_ptr<void, decltype(&std::free)> png(spng_get_png_buffer(s.ctx, &len, &err),
                                                  &std::free);
  spng_check(err, path, "encode");
  FK_CHECK(png != nullptr, ErrorCode::kRuntime, "'", path, "': PNG encode produced no data");
  out.write(png.get(), len);
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

// What the marker segments before the first scan say, read without libjpeg so that a
// forged header is refused before TurboJPEG allocates or decodes anything.
struct JpegLayout {
  bool has_sof = false;
  bool arithmetic = false;  // SOF9..SOF15: arithmetic-coded
  uint32_t width = 0, height = 0;
  // Entropy-coded blocks of the component with the fewest: every decodable JPEG codes
  // at least these (see min_blocks below).
  uint64_t min_blocks = 0;
  size_t scan_start = 0;  // offset of the first SOS marker; 0 when there is none
};

JpegLayout jpeg_layout(const std::vector<uint8_t>& d) {
  JpegLayout l;
  if (d.size() < 4 || d[0] != 0xFF || d[1] != 0xD8) return l;
  size_t pos = 2;
  while (pos + 4 <= d.size()) {
    if (d[pos] != 0xFF) return l;                    // not a marker: libjpeg says what is wrong
    while (pos < d.size() && d[pos] == 0xFF) ++pos;  // fill bytes
    if (pos >= d.size()) return l;
    const uint8_t m = d[pos];
    const size_t seg = pos - 1;
    ++pos;
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // no length
    if (m == 0xD9) return l;                              // EOI before any scan
    if (pos + 2 > d.size()) return l;
    const size_t len = size_t{d[pos]} << 8 | d[pos + 1];
    if (len < 2 || pos + len > d.size()) return l;
    if (m == 0xDA) {
      l.scan_start = seg;
      return l;
    }
    const bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    if (sof && !l.has_sof && len >= 8) {
      const uint8_t* p = &d[pos + 2];
      l.has_sof = true;
      l.arithmetic = m >= 0xC9;
      l.height = uint32_t{p[1]} << 8 | p[2];
      l.width = uint32_t{p[3]} << 8 | p[4];
      const int nf = p[5];
      if (nf == 0 || len < 8 + 3 * size_t(nf)) return l;
      int hmax = 1, vmax = 1;
      for (int c = 0; c < nf; ++c) {
        hmax = std::max(hmax, p[7 + 3 * c] >> 4);
        vmax = std::max(vmax, p[7 + 3 * c] & 15);
      }
      l.min_blocks = UINT64_MAX;
      for (int c = 0; c < nf; ++c) {
        const uint64_t hs = std::max(1, p[7 + 3 * c] >> 4), vs = std::max(1, p[7 + 3 * c] & 15);
        // Component size as libjpeg computes it (ceil), then its 8x8 blocks.
        const uint64_t cw = (uint64_t{l.width} * hs + hmax - 1) / hmax;
        const uint64_t ch = (uint64_t{l.height} * vs + vmax - 1) / vmax;
        l.min_blocks = std::min(l.min_blocks, ((cw + 7) / 8) * ((ch + 7) / 8));
      }
    }
    pos += len;
  }
  return l;
}

// Decodes to the file's own YCbCr planes (no color conversion, so no loss beyond the
// JPEG's): 4:2:0, 4:2:2, 4:4:4 and gray map to YUVJ420P/YUV422P/YUV444P/GRAY8 in
// full range BT.601 as JFIF defines; other subsamplings decode to RGB24.
VideoFrame read_jpeg(FILE* f, const std::string& path, const ReadLimits& limits) {
  const std::vector<uint8_t> data = read_all(f, path);

  const JpegLayout l = jpeg_layout(data);
  FK_CHECK_ARG(l.has_sof, "'", path, "' is not a readable JPEG: ",
               data.size() < 2 || data[0] != 0xFF || data[1] != 0xD8
                   ? "it does not start with an SOI marker"
                   : "no frame header (SOF) before the image data (the file is cut, "
                     "malformed or holds tables only)");
  check_picture(path, l.width, l.height, limits);
  FK_CHECK_ARG(l.scan_start > 0, "'", path, "' holds a JPEG header for ", l.width, "x", l.height,
               " but no image data (no SOS marker)");
  // A Huffman-coded JPEG cannot code a picture in fewer bits than it has 8x8 blocks in
  // its smallest component. Every block of a sequential scan costs at least a DC and
  // an AC code, each at least 1 bit long; a progressive JPEG may code the AC bands of
  // many blocks at once (EOB runs), but its DC coefficients come first, one code of at
  // least 1 bit per block (libjpeg-turbo warns about AC before DC, and warnings fail
  // the decode here). So the bytes from the first SOS on must hold min_blocks bits. Real
  // pictures are far above this: a flat picture coded by cjpeg or FFmpeg at any quality
  // takes 2-6 bits per block, a DC-only progressive scan 1 bit per block. It stops
  // forged headers (a 2 KB file claiming 65500x65500) from costing gigabytes and
  // minutes: libjpeg-turbo would decode the missing data as grey. Arithmetic coding can
  // go below a bit per block, so for it only the pixel limit applies.
  const uint64_t entropy_bytes = data.size() - l.scan_start;
  FK_CHECK_ARG(l.arithmetic || entropy_bytes * 8 >= l.min_blocks, "'", path,
               "': the JPEG header says ", l.width, "x", l.height, ", but its ", entropy_bytes,
               " bytes of image data cannot code that many pixels (at least ", l.min_blocks,
               " bits needed): the file is truncated or forged");

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
  FK_CHECK_ARG(static_cast<uint32_t>(w) == l.width && static_cast<uint32_t>(h) == l.height, "'",
               path, "': JPEG size ", w, "x", h, " does not match its frame header ", l.width, "x",
               l.height);
  // A warning (corrupt or missing data) fails the decode anyway (TurboJPEG returns an
  // error): stop at the first one instead of decoding the rest as grey. LIMITSCANS
  // refuses progressive files with hundreds of scans (libjpeg-turbo's own DoS guard).
  const int flags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS;
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
    FK_CHECK_ARG(
        tjDecompress2(tj.h, data.data(), data.size(), static_cast<uint8_t*>(rgb.plane_data(0)), w,
                      static_cast<int>(rgb.plane_stride_bytes(0)), h, TJPF_RGB, flags) == 0,
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
  FK_CHECK_ARG(
      tjDecompressToYUVPlanes(tj.h, data.data(), data.size(), planes, w, strides, h, flags) == 0,
      "'", path, "': JPEG decode failed (", tjGetErrorStr2(tj.h), ")");
  return VideoFrame(frame);
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

struct FrameReader::Impl {
  std::string path;
  File file;
  FileKind kind;
  std::optional<RawSpec> raw;
  ReadLimits limits;
  int64_t index = 0;
  bool single_done = false;
  // Y4M stream parameters.
  int width = 0, height = 0;
  PixelInfo info;
  Rational rate{0, 1};
};

namespace {

// A positive decimal number, digits only (atoi took "-5" and "12abc").
uint64_t y4m_number(const std::string& s, const std::string& path, const std::string& tok) {
  FK_CHECK_ARG(!s.empty() && s.size() <= 10 &&
                   std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }),
               "'", path, "': Y4M header parameter '", tok, "' is invalid");
  return std::stoull(s);
}

struct Y4mStream {
  int width = 0, height = 0;
  PixelInfo info;
  Rational rate{0, 1};
};

Y4mStream parse_y4m_header(FILE* f, const std::string& path, const ReadLimits& limits) {
  Y4mStream m;
  const std::string header = read_line(f, 1024);
  FK_CHECK_ARG(header.rfind("YUV4MPEG2", 0) == 0, "'", path, "' is not a YUV4MPEG2 file");
  std::istringstream is(header.substr(9));
  std::string tok;
  PixelFormat fmt = PF_YUV420P;
  ColorRange range = CR_UNSPECIFIED;
  uint64_t w = 0, h = 0;
  while (is >> tok) {
    const char tag = tok[0];
    const std::string val = tok.substr(1);
    if (tag == 'W') w = y4m_number(val, path, tok);
    if (tag == 'H') h = y4m_number(val, path, tok);
    if (tag == 'F') {
      const auto colon = val.find(':');
      FK_CHECK_ARG(colon != std::string::npos, "'", path, "': Y4M frame rate '", tok,
                   "' is invalid (expected Fnum:den)");
      const uint64_t num = y4m_number(val.substr(0, colon), path, tok);
      const uint64_t den = y4m_number(val.substr(colon + 1), path, tok);
      // F0:0 says "unknown" (the frames then get no time base).
      FK_CHECK_ARG(
          (num == 0 && den == 0) || (num > 0 && den > 0 && num <= INT32_MAX && den <= INT32_MAX),
          "'", path, "': Y4M frame rate '", tok, "' is invalid");
      if (num > 0) m.rate = {static_cast<int>(num), static_cast<int>(den)};
    }
    if (tag == 'I') {
      // framekit frames are progressive; treating fields as one frame would mix two
      // moments in time without saying so.
      FK_CHECK_ARG(val == "p" || val == "?", "'", path, "' is interlaced (Y4M ", tok, ": ",
                   val == "t"   ? "top field first"
                   : val == "b" ? "bottom field first"
                   : val == "m" ? "mixed fields"
                                : "unknown interlacing",
                   "); framekit reads progressive frames only: deinterlace it first, e.g. "
                   "ffmpeg -i in.y4m -vf bwdif out.y4m");
    }
    if (tag == 'C') {
      const auto it = y4m_colorspaces().find(val);
      FK_CHECK_ARG(it != y4m_colorspaces().end(), "'", path, "': Y4M colorspace C", val,
                   " is not supported");
      fmt = it->second;
    }
    if (tok == "XCOLORRANGE=FULL") range = CR_JPEG;
    if (tok == "XCOLORRANGE=LIMITED") range = CR_MPEG;
  }
  FK_CHECK_ARG(w > 0 && h > 0, "'", path, "': Y4M header has no size (W and H)");
  check_picture(path, w, h, limits);
  m.width = static_cast<int>(w);
  m.height = static_cast<int>(h);
  m.info = PixelInfo(fmt, CS_UNSPECIFIED, range);
  return m;
}

}  // namespace

FrameReader::FrameReader(const std::string& path, const std::optional<RawSpec>& raw,
                         const ReadLimits& limits)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  FK_CHECK_ARG(limits.max_pixels >= 1, "the pixel limit must be at least 1");
  m.path = path;
  m.limits = limits;
  m.kind = file_kind(path);
  m.raw = raw;
  if (m.kind == FileKind::kRaw) {
    FK_CHECK_ARG(raw.has_value(), "'", path,
                 "' is a raw file: its size and pixel format must be given");
    check_picture(path, raw->width, raw->height, limits);
  }
  m.file = open_file(path, "rb");
  if (m.kind == FileKind::kRaw) {
    // A raw file is frames back to back and nothing else: a remainder means the size
    // or format is wrong (or the file was cut), which would otherwise go unnoticed.
    const uint64_t frame = tight_frame_bytes(raw->info, raw->width, raw->height);
    if (const auto size = regular_file_size(m.file.get())) {
      FK_CHECK_ARG(*size > 0, "'", path, "' holds no frame (the file is empty)");
      FK_CHECK_ARG(*size % frame == 0, "'", path, "' ends inside frame ", *size / frame, ": it is ",
                   *size, " bytes, not a whole number of ", raw->width, "x", raw->height, " ",
                   pixel_format_name(raw->info.format()), " frames (", frame,
                   " bytes each): check the size and pixel format");
    }
  }
  if (m.kind == FileKind::kY4m) {
    const Y4mStream y = parse_y4m_header(m.file.get(), path, limits);
    m.width = y.width;
    m.height = y.height;
    m.info = y.info;
    m.rate = y.rate;
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
      vf = m.kind == FileKind::kPnm   ? read_pnm(f, m.path, m.limits)
           : m.kind == FileKind::kPng ? read_png(f, m.path, m.limits)
                                      : read_jpeg(f, m.path, m.limits);
      break;
    case FileKind::kRaw: {
      // Pipes have no size to check up front: the first frame must be there, and a
      // frame must not end early.
      const int c = std::fgetc(f);
      if (c == EOF) {
        FK_CHECK_ARG(m.index > 0, "'", m.path, "' holds no frame");
        return {};
      }
      std::ungetc(c, f);
      Frame frame(m.raw->width, m.raw->height, m.raw->info);
      FK_CHECK_ARG(read_planes(f, frame), "'", m.path, "' ends inside frame ", m.index,
                   " (the file size is not a multiple of one ", m.raw->width, "x", m.raw->height,
                   " ", pixel_format_name(m.raw->info.format()), " frame)");
      vf = VideoFrame(frame);
      break;
    }
    case FileKind::kY4m: {
      const std::string line = read_line(f, 4096);
      if (line == "\x01EOF") {
        FK_CHECK_ARG(m.index > 0, "'", m.path, "' holds no frame (a Y4M header only)");
        return {};
      }
      FK_CHECK_ARG(line == "FRAME" || line.rfind("FRAME ", 0) == 0, "'", m.path, "': frame ",
                   m.index, " has no FRAME header");
      const uint64_t need = tight_frame_bytes(m.info, m.width, m.height);
      if (const auto left = bytes_left(f))
        FK_CHECK_ARG(*left >= need, "'", m.path, "' ends inside frame ", m.index, " (", need,
                     " bytes needed, ", *left, " left)");
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
  std::unique_ptr<OutputFile> out;  // opened at the first frame
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
      FK_CHECK_ARG(png_modes().count(format) > 0, "'", path,
                   "': PNG output needs gray, gray16le, rgb24, rgb48le, rgba or rgba64le, not ",
                   pixel_format_name(format));
      break;
    case FileKind::kY4m:
      FK_CHECK_ARG(!y4m_colorspace(format).empty(), "'", path, "': Y4M output cannot hold ",
                   pixel_format_name(format));
      break;
    case FileKind::kRaw:
    case FileKind::kJpeg:
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
  check_format(frame.format());
  if (m.kind == FileKind::kPnm || m.kind == FileKind::kPng || m.kind == FileKind::kJpeg)
    FK_CHECK_ARG(m.frames == 0, "'", m.path, "' holds one image; use .y4m or a raw file for ",
                 "several frames");
  // Encoded before the file is opened, so an encoder error creates nothing.
  std::vector<uint8_t> jpg;
  if (m.kind == FileKind::kJpeg) jpg = jpeg::encode(frame, jpeg::EncodeParams{});
  if (!m.out) m.out = std::make_unique<OutputFile>(m.path);
  OutputFile& out = *m.out;
  switch (m.kind) {
    case FileKind::kPnm:
      write_pnm(out, frame);
      break;
    case FileKind::kPng:
      write_png(out, frame);
      break;
    case FileKind::kJpeg:
      out.write(jpg.data(), jpg.size());
      break;
    case FileKind::kRaw:
      write_planes(out, frame);
      break;
    case FileKind::kY4m: {
      if (!m.y4m_header) {
        const ColorRange r = frame.pix_info().infer_range();
        const std::string header = "YUV4MPEG2 W" + std::to_string(frame.width()) + " H" +
                                   std::to_string(frame.height()) + " F" +
                                   std::to_string(m.rate.num) + ":" + std::to_string(m.rate.den) +
                                   " Ip A1:1 C" + y4m_colorspace(frame.format()) +
                                   " XCOLORRANGE=" + (r == CR_JPEG ? "FULL" : "LIMITED") + "\n";
        out.write(header.data(), header.size());
        m.y4m_header = true;
      }
      out.write("FRAME\n", 6);
      write_planes(out, frame);
      break;
    }
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
