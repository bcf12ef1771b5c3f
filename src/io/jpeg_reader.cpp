// JPEG through TurboJPEG: into the file's own YCbCr planes, straight into packed RGB
// or gray, at a reduced DCT scale when a smaller size is asked, with the EXIF
// orientation applied and the EXIF and ICC blocks kept.
#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "framekit/core/error.h"
#include "io/io_internal.h"

namespace framekit::io::detail {
namespace {

// What the marker segments before the first scan say, read without libjpeg so that a
// forged header is refused before TurboJPEG allocates or decodes anything.
struct JpegLayout {
  bool has_sof = false;
  bool arithmetic = false;  // SOF9..SOF15
  uint32_t width = 0, height = 0;
  // 8x8 blocks of the component with the fewest: every decodable Huffman-coded JPEG
  // codes at least one bit for each (see read_jpeg).
  uint64_t min_blocks = 0;
  size_t scan_start = 0;  // offset of the first SOS marker; 0 when there is none
  std::vector<uint8_t> exif;
  std::map<int, std::vector<uint8_t>> icc_chunks;  // APP2 ICC_PROFILE by sequence number
  int icc_count = 0;
  bool icc_broken = false;
};

constexpr uint8_t kExifId[] = {'E', 'x', 'i', 'f', 0, 0};
constexpr uint8_t kIccId[] = {'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0};

void read_app_segment(JpegLayout& l, uint8_t marker, const uint8_t* p, size_t n) {
  if (marker == 0xE1 && l.exif.empty() && n >= sizeof(kExifId) &&
      std::memcmp(p, kExifId, sizeof(kExifId)) == 0) {
    l.exif.assign(p + sizeof(kExifId), p + n);
  } else if (marker == 0xE2 && n >= sizeof(kIccId) + 2 &&
             std::memcmp(p, kIccId, sizeof(kIccId)) == 0) {
    const int seq = p[sizeof(kIccId)], count = p[sizeof(kIccId) + 1];
    if (seq == 0 || seq > count || (l.icc_count != 0 && l.icc_count != count) ||
        l.icc_chunks.count(seq)) {
      l.icc_broken = true;
      return;
    }
    l.icc_count = count;
    l.icc_chunks[seq].assign(p + sizeof(kIccId) + 2, p + n);
  }
}

JpegLayout jpeg_layout(std::span<const uint8_t> d) {
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
    if (m >= 0xE0 && m <= 0xEF) read_app_segment(l, m, &d[pos + 2], len - 2);
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
        const uint64_t cw = (uint64_t{l.width} * hs + hmax - 1) / hmax;
        const uint64_t ch = (uint64_t{l.height} * vs + vmax - 1) / vmax;
        l.min_blocks = std::min(l.min_blocks, ((cw + 7) / 8) * ((ch + 7) / 8));
      }
    }
    pos += len;
  }
  return l;
}

struct TjDecoder {
  tjhandle h = tjInitDecompress();
  TjDecoder() { FK_CHECK(h != nullptr, ErrorCode::kRuntime, "TurboJPEG: cannot create a decoder"); }
  ~TjDecoder() { tjDestroy(h); }
  TjDecoder(const TjDecoder&) = delete;
  TjDecoder& operator=(const TjDecoder&) = delete;
};

// The smallest TurboJPEG scale whose picture is still at least target_w x target_h
// (1/1 when none is smaller).
tjscalingfactor choose_scale(int w, int h, int target_w, int target_h) {
  int n = 0;
  const tjscalingfactor* factors = tjGetScalingFactors(&n);
  tjscalingfactor best{1, 1};
  int best_w = w;
  for (int i = 0; factors && i < n; ++i) {
    const int sw = TJSCALED(w, factors[i]), sh = TJSCALED(h, factors[i]);
    if (sw >= target_w && sh >= target_h && sw < best_w) {
      best = factors[i];
      best_w = sw;
    }
  }
  return best;
}

int tj_pixel_format(PixelFormat f) {
  switch (f) {
    case PF_RGB24:
      return TJPF_RGB;
    case PF_BGR24:
      return TJPF_BGR;
    case PF_RGBA32:
      return TJPF_RGBA;
    case PF_BGRA32:
      return TJPF_BGRA;
    case PF_ARGB32:
      return TJPF_ARGB;
    case PF_ABGR32:
      return TJPF_ABGR;
    case PF_GRAY8:
      return TJPF_GRAY;
    default:
      return -1;
  }
}

// Runs one TurboJPEG decode call; a warning (damaged or missing data) is an Error unless
// partial pictures are allowed, then it is kept as a warning.
void check_decode(int rc, const TjDecoder& tj, const std::string& name, bool allow_partial,
                  std::vector<std::string>& warnings) {
  if (rc == 0) return;
  const std::string what = tjGetErrorStr2(tj.h);
  FK_CHECK_ARG(allow_partial && tjGetErrorCode(tj.h) == TJERR_WARNING, "'", name,
               "': JPEG decode failed (", what, ")",
               allow_partial ? "" : "; allow_partial gives the part that decoded");
  warnings.push_back("JPEG data is damaged or incomplete (" + what +
                     "): the picture is only partly decoded");
}

}  // namespace

VideoFrame read_jpeg(std::span<const uint8_t> data, const std::string& name,
                     const ReadOptions& options) {
  JpegLayout l = jpeg_layout(data);
  FK_CHECK_ARG(l.has_sof, "'", name, "' is not a readable JPEG: ",
               data.size() < 2 || data[0] != 0xFF || data[1] != 0xD8
                   ? "it does not start with an SOI marker"
                   : "no frame header (SOF) before the image data (the file is cut, "
                     "malformed or holds tables only)");
  check_picture(name, l.width, l.height, options.max_pixels);
  FK_CHECK_ARG(l.scan_start > 0, "'", name, "' holds a JPEG header for ", l.width, "x", l.height,
               " but no image data (no SOS marker)");
  // A Huffman-coded JPEG codes at least one bit per 8x8 block of its smallest component
  // (a DC code), so the bytes from the first SOS on must hold min_blocks bits; a forged
  // header (2 KB claiming 65500x65500) would otherwise cost gigabytes and minutes, as
  // libjpeg decodes missing data as grey. Arithmetic coding can go below a bit per block.
  // A partial picture may lack most of its data, but not nearly all of it: at least an
  // eighth of the minimum stays required, which still bounds what a forged header costs.
  const uint64_t entropy_bytes = data.size() - l.scan_start;
  const uint64_t bits_needed = options.allow_partial ? l.min_blocks / 8 : l.min_blocks;
  FK_CHECK_ARG(l.arithmetic || entropy_bytes * 8 >= bits_needed, "'", name,
               "': the JPEG header says ", l.width, "x", l.height, ", but its ", entropy_bytes,
               " bytes of image data cannot code that many pixels (at least ", bits_needed,
               " bits needed): the file is truncated or forged");

  auto meta = std::make_shared<ImageMetadata>();
  meta->exif = std::move(l.exif);
  if (!l.icc_chunks.empty()) {
    if (l.icc_broken || static_cast<int>(l.icc_chunks.size()) != l.icc_count) {
      meta->warnings.push_back(
          "the ICC profile's APP2 segments are incomplete or out of "
          "order: the profile is dropped");
    } else {
      for (auto& [seq, chunk] : l.icc_chunks)
        meta->icc_profile.insert(meta->icc_profile.end(), chunk.begin(), chunk.end());
    }
  }
  const auto orientation = find_exif_orientation(meta->exif);
  const int turn = options.auto_orient && orientation ? orientation->value : 1;

  TjDecoder tj;
  int w = 0, h = 0, subsamp = 0, cs = 0;
  FK_CHECK_ARG(tjDecompressHeader3(tj.h, data.data(), data.size(), &w, &h, &subsamp, &cs) == 0, "'",
               name, "' is not a readable JPEG (", tjGetErrorStr2(tj.h), ")");
  // The asked size is of the upright picture; orientations 5..8 swap the sides.
  const bool swaps = turn >= 5;
  const auto [ow, oh] = asked_size(swaps ? h : w, swaps ? w : h, options);
  const int target_w = swaps ? oh : ow, target_h = swaps ? ow : oh;
  FK_CHECK_ARG(std::isfinite(options.reducing_gap) && options.reducing_gap >= 0 &&
                   options.reducing_gap <= 64,
               "read: reducing_gap ", options.reducing_gap, " is invalid (expected 0 to 64)");
  const double gap = std::max(1.0, options.reducing_gap);
  const tjscalingfactor sf =
      choose_scale(w, h, std::min(w, static_cast<int>(std::ceil(target_w * gap))),
                   std::min(h, static_cast<int>(std::ceil(target_h * gap))));
  const int sw = TJSCALED(w, sf), sh = TJSCALED(h, sf);

  // STOPONWARNING: stop at the first damaged spot instead of decoding the rest as grey.
  // LIMITSCANS refuses progressive files with hundreds of scans (a known DoS).
  const int flags = TJFLAG_LIMITSCANS | (options.allow_partial ? 0 : TJFLAG_STOPONWARNING);
  const int direct = options.format ? tj_pixel_format(options.format->format()) : -1;
  const bool ycc = cs == TJCS_YCbCr || cs == TJCS_GRAY;
  Frame frame;
  if (direct >= 0 && (ycc || cs == TJCS_RGB)) {
    // Packed RGB or gray straight from TurboJPEG: its color conversion and fancy
    // upsampling, the pixels djpeg and Pillow give.
    frame = Frame(sw, sh, PixelInfo(options.format->format()));
    check_decode(
        tjDecompress2(tj.h, data.data(), data.size(), static_cast<uint8_t*>(frame.plane_data(0)),
                      sw, static_cast<int>(frame.plane_stride_bytes(0)), sh, direct, flags),
        tj, name, options.allow_partial, meta->warnings);
  } else if (cs == TJCS_CMYK || cs == TJCS_YCCK) {
    // TurboJPEG gives CMYK as stored; Adobe's writers store it inverted (the usual case,
    // and what libjpeg's own writer does), so R = C * K / 255 and so on.
    std::vector<uint8_t> cmyk(static_cast<size_t>(sw) * sh * 4);
    check_decode(tjDecompress2(tj.h, data.data(), data.size(), cmyk.data(), sw, sw * 4, sh,
                               TJPF_CMYK, flags),
                 tj, name, options.allow_partial, meta->warnings);
    frame = Frame(sw, sh, PixelInfo(PF_RGB24));
    const ImageView v = frame.view();
    for (int y = 0; y < sh; ++y) {
      const uint8_t* s = &cmyk[static_cast<size_t>(y) * sw * 4];
      uint8_t* d = v.planes[0].row(y);
      for (int x = 0; x < sw; ++x, s += 4, d += 3)
        for (int c = 0; c < 3; ++c) d[c] = static_cast<uint8_t>((s[c] * s[3] + 127) / 255);
    }
  } else if (ycc && subsamp != TJSAMP_411) {
    // The file's own planes, no color conversion: full-range BT.601 as JFIF says.
    const PixelFormat own = subsamp == TJSAMP_420    ? PF_YUVJ420P
                            : subsamp == TJSAMP_422  ? PF_YUV422P
                            : subsamp == TJSAMP_440  ? PF_YUV440P
                            : subsamp == TJSAMP_GRAY ? PF_GRAY8
                                                     : PF_YUV444P;
    frame = Frame(sw, sh, PixelInfo(own, CS_BT470BG, CR_JPEG));
    // TurboJPEG writes whole MCUs of luma: a width or height that is not a multiple of
    // the chroma sampling gets an extra luma column or row, which must not land in the
    // frame's next row or plane. Such pictures decode through padded planes, then copy.
    const ImageView v = frame.view();
    std::vector<uint8_t> padded[3];
    unsigned char* planes[3] = {};
    int strides[3] = {};
    for (int p = 0; p < frame.nplanes(); ++p) {
      const int tw = tjPlaneWidth(p, sw, subsamp), th = tjPlaneHeight(p, sh, subsamp);
      if (tw > v.plane_width(p) || th > v.plane_height(p)) {
        padded[p].resize(static_cast<size_t>(tw) * th);
        planes[p] = padded[p].data();
        strides[p] = tw;
      } else {
        planes[p] = static_cast<unsigned char*>(frame.plane_data(p));
        strides[p] = static_cast<int>(frame.plane_stride_bytes(p));
      }
    }
    check_decode(
        tjDecompressToYUVPlanes(tj.h, data.data(), data.size(), planes, sw, strides, sh, flags), tj,
        name, options.allow_partial, meta->warnings);
    for (int p = 0; p < frame.nplanes(); ++p) {
      if (padded[p].empty()) continue;
      for (int y = 0; y < v.plane_height(p); ++y)
        std::memcpy(v.planes[p].row(y), padded[p].data() + static_cast<size_t>(y) * strides[p],
                    static_cast<size_t>(v.plane_width(p)));
    }
  } else {
    frame = Frame(sw, sh, PixelInfo(PF_RGB24));
    check_decode(
        tjDecompress2(tj.h, data.data(), data.size(), static_cast<uint8_t*>(frame.plane_data(0)),
                      sw, static_cast<int>(frame.plane_stride_bytes(0)), sh, TJPF_RGB, flags),
        tj, name, options.allow_partial, meta->warnings);
  }

  ReadOptions sized = options;
  sized.width = target_w;
  sized.height = target_h;
  sized.scale = 0;
  sized.fit = false;  // the fitted size, found above
  frame = finish_picture(frame, sized);
  if (turn != 1) {
    frame = apply_orientation(frame, turn);
    meta->orientation = 1;
    // The stored EXIF now says upright too, so a writer passing it on does not make a
    // viewer turn the picture a second time.
    const auto at = orientation->offset;
    meta->exif[at] = orientation->big_endian ? 0 : 1;
    meta->exif[at + 1] = orientation->big_endian ? 1 : 0;
  } else if (orientation) {
    meta->orientation = orientation->value;
  }
  frame.set_image_metadata(std::move(meta));
  return VideoFrame(frame);
}

}  // namespace framekit::io::detail
