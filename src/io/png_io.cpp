// PNG through libspng: every color type and depth in, 8/16-bit gray, RGB and RGBA out,
// the iCCP profile kept both ways.
#include <spng.h>

#include <array>
#include <cstdlib>
#include <cstring>

#include "framekit/core/error.h"
#include "io/io_internal.h"

namespace framekit::io::detail {
namespace {

struct SpngCtx {
  spng_ctx* ctx;
  explicit SpngCtx(int flags) : ctx(spng_ctx_new(flags)) {
    FK_CHECK(ctx != nullptr, ErrorCode::kOutOfMemory, "libspng: cannot create a context");
  }
  ~SpngCtx() { spng_ctx_free(ctx); }
  SpngCtx(const SpngCtx&) = delete;
  SpngCtx& operator=(const SpngCtx&) = delete;
};

void spng_check(int rc, const std::string& name, const char* what) {
  if (rc == 0) return;
  FK_CHECK_ARG(rc != SPNG_ECHUNK_CRC, "'", name, "': PNG ", what, " failed: ", spng_strerror(rc),
               " (a chunk's CRC does not match its data: the file is damaged)");
  FK_THROW(ErrorCode::kInvalidArgument, "'", name, "': PNG ", what, " failed: ", spng_strerror(rc));
}

int png_channels(uint8_t color_type) {
  switch (color_type) {
    case SPNG_COLOR_TYPE_GRAYSCALE_ALPHA:
      return 2;
    case SPNG_COLOR_TYPE_TRUECOLOR:
      return 3;
    case SPNG_COLOR_TYPE_TRUECOLOR_ALPHA:
      return 4;
    default:
      return 1;  // gray, indexed
  }
}

// Deflate cannot expand data more than 1032 times (zlib's "technical details").
constexpr uint64_t kMaxDeflateRatio = 1032;

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

// libspng inflates IDAT before it reaches that chunk's CRC, so a flipped byte would
// surface as a vague zlib error; checking every CRC first names the chunk.
void check_png_crcs(std::span<const uint8_t> d, const std::string& name) {
  size_t pos = 8;
  while (pos + 12 <= d.size()) {
    const uint32_t len = uint32_t{d[pos]} << 24 | uint32_t{d[pos + 1]} << 16 |
                         uint32_t{d[pos + 2]} << 8 | d[pos + 3];
    if (len > d.size() - pos - 12) return;
    const uint8_t* crc = &d[pos + 8 + len];
    const uint32_t stored =
        uint32_t{crc[0]} << 24 | uint32_t{crc[1]} << 16 | uint32_t{crc[2]} << 8 | crc[3];
    const std::string type(reinterpret_cast<const char*>(&d[pos + 4]), 4);
    FK_CHECK_ARG(png_crc(&d[pos + 4], size_t{len} + 4) == stored, "'", name, "': PNG chunk ", type,
                 " at byte ", pos, " fails its CRC check: the file is damaged");
    if (type == "IEND") return;
    pos += size_t{len} + 12;
  }
}

}  // namespace

VideoFrame read_png(std::span<const uint8_t> data, const std::string& name,
                    const ReadOptions& options) {
  check_png_crcs(data, name);
  SpngCtx s(0);
  spng_check(spng_set_crc_action(s.ctx, SPNG_CRC_ERROR, SPNG_CRC_ERROR), name, "setup");
  const uint32_t side = static_cast<uint32_t>(std::min<uint64_t>(options.max_pixels, INT32_MAX));
  spng_check(spng_set_image_limits(s.ctx, side, side), name, "setup");
  // Ancillary chunks (iCCP, text) are bounded too: a forged chunk cannot inflate past it.
  spng_check(spng_set_chunk_limits(s.ctx, 64u << 20, 64u << 20), name, "setup");
  spng_check(spng_set_png_buffer(s.ctx, data.data(), data.size()), name, "open");
  spng_ihdr ihdr{};
  spng_check(spng_get_ihdr(s.ctx, &ihdr), name, "header");
  check_picture(name, ihdr.width, ihdr.height, options.max_pixels);
  const uint64_t min_raw =
      uint64_t{ihdr.width} * ihdr.height * png_channels(ihdr.color_type) * ihdr.bit_depth / 8;
  FK_CHECK_ARG(data.size() * kMaxDeflateRatio >= min_raw, "'", name, "': the header says ",
               ihdr.width, "x", ihdr.height, ", but ", data.size(),
               " bytes of PNG cannot hold that many pixels (the file is truncated or forged)");
  spng_trns trns{};
  const int trns_rc = spng_get_trns(s.ctx, &trns);
  if (trns_rc != SPNG_ECHUNKAVAIL) spng_check(trns_rc, name, "header");
  const bool has_trns = trns_rc == 0;
  auto meta = std::make_shared<ImageMetadata>();
  spng_iccp iccp{};
  const int iccp_rc = spng_get_iccp(s.ctx, &iccp);
  if (iccp_rc == 0 && iccp.profile)
    meta->icc_profile.assign(iccp.profile, iccp.profile + iccp.profile_len);
  else if (iccp_rc != SPNG_ECHUNKAVAIL)
    spng_check(iccp_rc, name, "iCCP");

  const bool alpha = ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE_ALPHA ||
                     ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR_ALPHA || has_trns;
  const bool gray = ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE && !has_trns;
  const bool wide = ihdr.bit_depth == 16;
  int fmt;
  PixelFormat pf;
  if (gray && wide) {
    fmt = SPNG_FMT_PNG;  // 16-bit gray as stored, in host byte order
    pf = PF_GRAY16;
  } else if (gray) {
    fmt = SPNG_FMT_G8;  // 1, 2 and 4-bit gray scaled to 8 bits
    pf = PF_GRAY8;
  } else if (wide) {
    fmt = SPNG_FMT_RGBA16;
    pf = PF_RGBA64;
  } else {
    fmt = alpha ? SPNG_FMT_RGBA8 : SPNG_FMT_RGB8;
    pf = alpha ? PF_RGBA32 : PF_RGB24;
  }
  size_t size = 0;
  spng_check(spng_decoded_image_size(s.ctx, fmt, &size), name, "size");
  Frame frame(static_cast<int>(ihdr.width), static_cast<int>(ihdr.height), PixelInfo(pf));
  FK_CHECK(size == static_cast<size_t>(frame.plane_stride_bytes(0)) * ihdr.height,
           ErrorCode::kRuntime, "'", name, "': unexpected decoded PNG size");
  spng_check(spng_decode_image(s.ctx, frame.plane_data(0), size, fmt, SPNG_DECODE_TRNS), name,
             "decode");
  if (wide && !alpha && pf == PF_RGBA64) {  // drop the opaque alpha libspng adds
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
  frame = finish_picture(frame, options);
  frame.set_image_metadata(std::move(meta));
  return VideoFrame(frame);
}

std::vector<uint8_t> encode_png(const Frame& frame, const std::vector<uint8_t>& icc_profile) {
  const std::string name = "PNG";
  uint8_t color_type = 0;
  switch (frame.format()) {
    case PF_GRAY8:
    case PF_GRAY16:
      color_type = SPNG_COLOR_TYPE_GRAYSCALE;
      break;
    case PF_RGB24:
    case PF_RGB48:
      color_type = SPNG_COLOR_TYPE_TRUECOLOR;
      break;
    case PF_RGBA32:
    case PF_RGBA64:
      color_type = SPNG_COLOR_TYPE_TRUECOLOR_ALPHA;
      break;
    default:
      FK_THROW(ErrorCode::kInvalidArgument, "PNG output needs gray, gray16le, rgb24, rgb48le, ",
               "rgba or rgba64le, not ", pixel_format_name(frame.format()));
  }
  const uint8_t depth = frame.desc().bit_depth > 8 ? 16 : 8;
  // Tight rows; libspng takes 16-bit samples in host byte order (SPNG_FMT_PNG) and
  // stores them big-endian itself.
  const Frame tight = frame.clone();
  SpngCtx s(SPNG_CTX_ENCODER);
  spng_check(spng_set_option(s.ctx, SPNG_ENCODE_TO_BUFFER, 1), name, "setup");
  spng_ihdr ihdr{};
  ihdr.width = static_cast<uint32_t>(frame.width());
  ihdr.height = static_cast<uint32_t>(frame.height());
  ihdr.color_type = color_type;
  ihdr.bit_depth = depth;
  spng_check(spng_set_ihdr(s.ctx, &ihdr), name, "header");
  if (!icc_profile.empty()) {
    spng_iccp iccp{};
    std::strcpy(iccp.profile_name, "ICC profile");
    iccp.profile_len = icc_profile.size();
    iccp.profile = reinterpret_cast<char*>(const_cast<uint8_t*>(icc_profile.data()));
    spng_check(spng_set_iccp(s.ctx, &iccp), name, "iCCP");
  }
  const size_t size = static_cast<size_t>(tight.plane_stride_bytes(0)) * frame.height();
  spng_check(
      spng_encode_image(s.ctx, tight.plane_data(0), size, SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE), name,
      "encode");
  size_t len = 0;
  int err = 0;
  std::unique_ptr<void, decltype(&std::free)> png(spng_get_png_buffer(s.ctx, &len, &err),
                                                  &std::free);
  spng_check(err, name, "encode");
  FK_CHECK(png != nullptr, ErrorCode::kRuntime, "PNG encode produced no data");
  const auto* p = static_cast<const uint8_t*>(png.get());
  return std::vector<uint8_t>(p, p + len);
}

}  // namespace framekit::io::detail
