// PNM (P5 PGM, P6 PPM, P7 PAM; 8 and 16 bit) and Y4M (YUV4MPEG2, every frame).
#include <algorithm>
#include <cctype>
#include <climits>
#include <map>
#include <sstream>

#include "framekit/core/error.h"
#include "io/io_internal.h"

namespace framekit::io::detail {
namespace {

// The next header token of a PNM file: whitespace and # comments skipped.
std::string pnm_token(ByteSource& src) {
  int c = src.get();
  while (c == '#' || (c >= 0 && std::isspace(c))) {
    if (c == '#')
      while (c != '\n' && c != -1) c = src.get();
    c = src.get();
  }
  std::string tok;
  while (c >= 0 && !std::isspace(c) && tok.size() < 64) {
    tok.push_back(static_cast<char>(c));
    c = src.get();
  }
  return tok;
}

uint64_t pnm_number(const std::string& tok, const std::string& name, const char* what) {
  FK_CHECK_ARG(
      !tok.empty() && tok.size() <= 10 &&
          std::all_of(tok.begin(), tok.end(), [](unsigned char c) { return std::isdigit(c); }),
      "'", name, "' is not a valid PNM file (", what, " '", tok, "' is not a number)");
  return std::stoull(tok);
}

std::string read_line(ByteSource& src, size_t max_len) {
  std::string s;
  int c;
  while ((c = src.get()) != -1 && c != '\n') {
    s.push_back(static_cast<char>(c));
    if (s.size() > max_len) break;
  }
  if (c == -1 && s.empty()) return "\x01EOF";
  return s;
}

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

uint64_t y4m_number(const std::string& s, const std::string& name, const std::string& tok) {
  FK_CHECK_ARG(!s.empty() && s.size() <= 10 &&
                   std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }),
               "'", name, "': Y4M header parameter '", tok, "' is invalid");
  return std::stoull(s);
}

}  // namespace

VideoFrame read_pnm(ByteSource& src, const ReadOptions& options) {
  const std::string& name = src.name();
  char magic[2] = {};
  FK_CHECK_ARG(src.read(magic, 2) == 2 && magic[0] == 'P' &&
                   (magic[1] == '5' || magic[1] == '6' || magic[1] == '7'),
               "'", name, "' is not a binary PGM (P5), PPM (P6) or PAM (P7) file");
  uint64_t w = 0, h = 0, maxval = 0, depth = 0;
  std::string tupltype;
  if (magic[1] == '7') {
    for (;;) {
      const std::string key = pnm_token(src);
      FK_CHECK_ARG(!key.empty(), "'", name, "': PAM header ends before ENDHDR");
      if (key == "ENDHDR") break;
      const std::string value = pnm_token(src);
      if (key == "WIDTH")
        w = pnm_number(value, name, "WIDTH");
      else if (key == "HEIGHT")
        h = pnm_number(value, name, "HEIGHT");
      else if (key == "DEPTH")
        depth = pnm_number(value, name, "DEPTH");
      else if (key == "MAXVAL")
        maxval = pnm_number(value, name, "MAXVAL");
      else if (key == "TUPLTYPE")
        tupltype = value;
      else
        FK_THROW(ErrorCode::kInvalidArgument, "'", name, "': PAM header key '", key,
                 "' is unknown");
    }
    FK_CHECK_ARG(depth >= 1 && depth <= 4, "'", name, "': PAM DEPTH ", depth,
                 " is not supported (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA)");
  } else {
    w = pnm_number(pnm_token(src), name, "width");
    h = pnm_number(pnm_token(src), name, "height");
    maxval = pnm_number(pnm_token(src), name, "maxval");
    depth = magic[1] == '5' ? 1 : 3;
  }
  FK_CHECK_ARG(maxval > 0 && maxval < 65536, "'", name, "': maxval ", maxval, " is invalid");
  check_picture(name, w, h, options.max_pixels);
  const bool wide = maxval > 255;
  // Gray+alpha has no format of its own here: it is stored as 2 samples and spread to RGBA.
  const PixelFormat stored[] = {PF_NONE, wide ? PF_GRAY16 : PF_GRAY8, PF_NONE,
                                wide ? PF_RGB48 : PF_RGB24, wide ? PF_RGBA64 : PF_RGBA32};
  const int width = static_cast<int>(w), height = static_cast<int>(h);
  const size_t sample = wide ? 2 : 1;
  const uint64_t need = w * h * depth * sample;
  if (const auto left = src.remaining())
    FK_CHECK_ARG(*left >= need, "'", name, "' is truncated: its header says ", w, "x", h, " (",
                 need, " bytes of pixels), but only ", *left, " bytes follow");
  Frame frame;
  if (depth == 2) {
    frame = Frame(width, height, PixelInfo(wide ? PF_RGBA64 : PF_RGBA32));
    const ImageView v = frame.view();
    std::vector<uint8_t> row(static_cast<size_t>(width) * 2 * sample);
    for (int y = 0; y < height; ++y) {
      FK_CHECK_ARG(src.read(row.data(), row.size()) == row.size(), "'", name, "' is truncated");
      uint8_t* d = v.planes[0].row(y);
      for (int x = 0; x < width; ++x)
        for (int c = 0; c < 4; ++c)
          std::copy_n(&row[(2 * x + (c == 3 ? 1 : 0)) * sample], sample, &d[(4 * x + c) * sample]);
    }
  } else {
    frame = Frame(width, height, PixelInfo(stored[depth]));
    FK_CHECK_ARG(read_planes(src, frame), "'", name, "' is truncated (expected ", w, "x", h,
                 " pixels)");
  }
  if (wide) {
    const ImageView v = frame.view();
    for (int y = 0; y < height; ++y)
      swap16(v.planes[0].row(y), v.desc().plane_row_bytes(0, width) / 2);
  }
  Frame out = finish_picture(frame, options);
  out.set_image_metadata(std::make_shared<ImageMetadata>());
  return VideoFrame(out);
}

std::vector<uint8_t> encode_pnm(const Frame& frame) {
  const PixelFormat fmt = frame.format();
  FK_CHECK_ARG(fmt == PF_RGB24 || fmt == PF_GRAY8 || fmt == PF_RGB48 || fmt == PF_GRAY16,
               "PPM/PGM output needs rgb24, rgb48le, gray or gray16le, not ",
               pixel_format_name(fmt));
  const bool gray = fmt == PF_GRAY8 || fmt == PF_GRAY16;
  const bool wide = fmt == PF_RGB48 || fmt == PF_GRAY16;
  const std::string header = std::string("P") + (gray ? "5" : "6") + "\n" +
                             std::to_string(frame.width()) + " " + std::to_string(frame.height()) +
                             "\n" + (wide ? "65535" : "255") + "\n";
  std::vector<uint8_t> out(header.begin(), header.end());
  const size_t at = out.size();
  append_planes(out, frame);
  if (wide) swap16(out.data() + at, (out.size() - at) / 2);
  return out;
}

Y4mStream read_y4m_header(ByteSource& src, const ReadOptions& options) {
  const std::string& name = src.name();
  Y4mStream m;
  const std::string header = read_line(src, 1024);
  FK_CHECK_ARG(header.rfind("YUV4MPEG2", 0) == 0, "'", name, "' is not a YUV4MPEG2 file");
  std::istringstream is(header.substr(9));
  std::string tok;
  PixelFormat fmt = PF_YUV420P;
  ColorRange range = CR_UNSPECIFIED;
  uint64_t w = 0, h = 0;
  while (is >> tok) {
    const char tag = tok[0];
    const std::string val = tok.substr(1);
    if (tag == 'W') w = y4m_number(val, name, tok);
    if (tag == 'H') h = y4m_number(val, name, tok);
    if (tag == 'F') {
      const auto colon = val.find(':');
      FK_CHECK_ARG(colon != std::string::npos, "'", name, "': Y4M frame rate '", tok,
                   "' is invalid (expected Fnum:den)");
      const uint64_t num = y4m_number(val.substr(0, colon), name, tok);
      const uint64_t den = y4m_number(val.substr(colon + 1), name, tok);
      FK_CHECK_ARG(
          (num == 0 && den == 0) || (num > 0 && den > 0 && num <= INT32_MAX && den <= INT32_MAX),
          "'", name, "': Y4M frame rate '", tok, "' is invalid");
      if (num > 0) m.rate = {static_cast<int>(num), static_cast<int>(den)};
    }
    if (tag == 'I') {
      // framekit frames are progressive; treating fields as one frame would mix two
      // moments in time without saying so.
      FK_CHECK_ARG(val == "p" || val == "?", "'", name, "' is interlaced (Y4M ", tok, ": ",
                   val == "t"   ? "top field first"
                   : val == "b" ? "bottom field first"
                   : val == "m" ? "mixed fields"
                                : "unknown interlacing",
                   "); framekit reads progressive frames only: deinterlace it first, e.g. "
                   "ffmpeg -i in.y4m -vf bwdif out.y4m");
    }
    if (tag == 'C') {
      const auto it = y4m_colorspaces().find(val);
      FK_CHECK_ARG(it != y4m_colorspaces().end(), "'", name, "': Y4M colorspace C", val,
                   " is not supported");
      fmt = it->second;
    }
    if (tok == "XCOLORRANGE=FULL") range = CR_JPEG;
    if (tok == "XCOLORRANGE=LIMITED") range = CR_MPEG;
  }
  FK_CHECK_ARG(w > 0 && h > 0, "'", name, "': Y4M header has no size (W and H)");
  check_picture(name, w, h, options.max_pixels);
  m.width = static_cast<int>(w);
  m.height = static_cast<int>(h);
  m.info = PixelInfo(fmt, CS_UNSPECIFIED, range);
  return m;
}

VideoFrame read_y4m_frame(ByteSource& src, const Y4mStream& m, int64_t index) {
  const std::string& name = src.name();
  const std::string line = read_line(src, 4096);
  if (line == "\x01EOF") {
    FK_CHECK_ARG(index > 0, "'", name, "' holds no frame (a Y4M header only)");
    return {};
  }
  FK_CHECK_ARG(line == "FRAME" || line.rfind("FRAME ", 0) == 0, "'", name, "': frame ", index,
               " has no FRAME header");
  const uint64_t need = tight_frame_bytes(m.info, m.width, m.height);
  if (const auto left = src.remaining())
    FK_CHECK_ARG(*left >= need, "'", name, "' ends inside frame ", index, " (", need,
                 " bytes needed, ", *left, " left)");
  Frame frame(m.width, m.height, m.info);
  FK_CHECK_ARG(read_planes(src, frame), "'", name, "' ends inside frame ", index);
  VideoFrame vf(frame);
  if (m.rate.num > 0) vf.set_time_base({m.rate.den, m.rate.num});
  vf.set_pts(index);
  return vf;
}

std::string y4m_colorspace(PixelFormat f) {
  std::string cs;
  for (const auto& [tag, fmt] : y4m_colorspaces())
    if (fmt == f && (cs.empty() || tag == "420jpeg")) cs = tag;
  return cs;
}

std::string y4m_header(const Frame& frame, Rational rate) {
  const std::string cs = y4m_colorspace(frame.format());
  FK_CHECK_ARG(!cs.empty(), "Y4M output cannot hold ", pixel_format_name(frame.format()));
  const ColorRange r = frame.pix_info().infer_range();
  return "YUV4MPEG2 W" + std::to_string(frame.width()) + " H" + std::to_string(frame.height()) +
         " F" + std::to_string(rate.num) + ":" + std::to_string(rate.den) + " Ip A1:1 C" + cs +
         " XCOLORRANGE=" + (r == CR_JPEG ? "FULL" : "LIMITED") + "\n";
}

}  // namespace framekit::io::detail
