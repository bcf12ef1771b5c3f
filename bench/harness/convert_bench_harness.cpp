// See convert_bench_harness.h.
#include "harness/convert_bench_harness.h"

namespace framekit::convert_bench {

const char* contender_name(int c) {
  static const char* const names[kNumContenders] = {
      "framekit", "framekit_nearest", "libyuv", "libyuv_bilinear", "swscale", "opencv", "floor"};
  return names[c];
}

std::string size_label(int w, int h) {
  if (w == 1920 && h == 1080) return "1080p";
  if (w == 3840 && h == 2160) return "4K";
  if (w == 1280 && h == 720) return "720p";
  return std::to_string(w) + "x" + std::to_string(h);
}

Timing timing_for(Kind kind, bool quick) {
  if (kind == Kind::kColor) {
    const int reps = quick ? 3 : 9;
    return {reps, 0, reps, quick ? 0.02 : 0.06};
  }
  return {3, quick ? 0.3 : 2.0, 400, 0};
}

std::vector<double> race(const std::vector<std::function<void()>>& fns, const Timing& t) {
  using clock = std::chrono::steady_clock;
  const auto since = [](clock::time_point t0) {
    return std::chrono::duration<double>(clock::now() - t0).count();
  };
  std::vector<double> best(fns.size(), 1e30);
  for (const auto& fn : fns)
    if (fn) fn();  // warm up caches and lazy initialisation
  const auto start = clock::now();
  for (int round = 0; round < t.min_rounds || (since(start) < t.budget_s && round < t.max_rounds);
       ++round) {
    for (size_t i = 0; i < fns.size(); ++i) {
      if (!fns[i]) continue;
      int iters = 0;
      const auto t0 = clock::now();
      double el = 0;
      do {
        fns[i]();
        ++iters;
        el = since(t0);
      } while (el < t.min_batch_s);
      best[i] = std::min(best[i], el / iters);
    }
  }
  for (size_t i = 0; i < fns.size(); ++i)
    if (!fns[i]) best[i] = 0;
  return best;
}

void use_one_thread() {
  framekit::set_num_threads(1);
#ifdef FRAMEKIT_HAVE_OPENCV
  cv::setNumThreads(1);
#endif
}

std::vector<uint8_t> photo_bgr(int w, int h) {
  std::vector<uint8_t> out(static_cast<size_t>(w) * h * 3);
#ifdef FRAMEKIT_HAVE_TURBOJPEG
  const char* path = "/usr/share/backgrounds/mate/nature/Blinds.jpg";
  if (FILE* f = std::fopen(path, "rb")) {
    std::vector<unsigned char> jpg;
    unsigned char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) jpg.insert(jpg.end(), buf, buf + n);
    std::fclose(f);
    tjhandle tj = tjInitDecompress();
    int pw = 0, ph = 0, ss = 0, cs = 0;
    if (tj && tjDecompressHeader3(tj, jpg.data(), jpg.size(), &pw, &ph, &ss, &cs) == 0) {
      std::vector<uint8_t> pic(static_cast<size_t>(pw) * ph * 3);
      if (tjDecompress2(tj, jpg.data(), jpg.size(), pic.data(), pw, 0, ph, TJPF_BGR, 0) == 0) {
        for (int y = 0; y < h; ++y)  // nearest scale to the target size
          for (int x = 0; x < w; ++x)
            std::memcpy(&out[(static_cast<size_t>(y) * w + x) * 3],
                        &pic[(static_cast<size_t>(y * ph / h) * pw + x * pw / w) * 3], 3);
        tjDestroy(tj);
        return out;
      }
    }
    if (tj) tjDestroy(tj);
  }
#endif
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c)
        out[(static_cast<size_t>(y) * w + x) * 3 + c] = static_cast<uint8_t>(
            127.5 + 127 * std::sin(0.013 * x * (c + 1) + 0.021 * y + c) * std::cos(0.007 * y));
  return out;
}
#ifdef FRAMEKIT_HAVE_FFMPEG

AVPixelFormat av_format(PixelFormat f) {
  switch (f) {
    case PF_NV12:
      return AV_PIX_FMT_NV12;
    case PF_YUV420P:
      return AV_PIX_FMT_YUV420P;
    case PF_BGR24:
      return AV_PIX_FMT_BGR24;
    case PF_BGRA32:
      return AV_PIX_FMT_BGRA;
    case PF_GRAY8:
      return AV_PIX_FMT_GRAY8;
    case PF_YUV420P10LE:
      return AV_PIX_FMT_YUV420P10LE;
    case PF_YUV444P10LE:
      return AV_PIX_FMT_YUV444P10LE;
    case PF_P010LE:
      return AV_PIX_FMT_P010LE;
    case PF_RGB48:
      return AV_PIX_FMT_RGB48LE;
    case PF_RGB24:
      return AV_PIX_FMT_RGB24;
    case PF_GBRPF32:
      return AV_PIX_FMT_GBRPF32LE;
    default:
      return AV_PIX_FMT_NONE;
  }
}
#endif
#ifdef FRAMEKIT_HAVE_OPENCV

cv::Mat mat(const Image& im, int p) {
  const int ch = im.view.desc().planes[p].channels;
  const bool wide = im.view.desc().dtype == ScalarType::kUInt16;
  return cv::Mat(im.ph(p), im.pw(p), wide ? CV_16UC(ch) : CV_8UC(ch), im.plane(p), im.stride(p));
}
#endif

const std::vector<ColorOp>& color_ops() {
  static const std::vector<ColorOp> ops = {
      {"NV12->RGB24", PF_NV12, PF_BGR24},    {"I420->RGB24", PF_YUV420P, PF_BGR24},
      {"NV12->ARGB", PF_NV12, PF_BGRA32},    {"RGB24->I420", PF_BGR24, PF_YUV420P},
      {"ARGB->I420", PF_BGRA32, PF_YUV420P}, {"ARGB->NV12", PF_BGRA32, PF_NV12}};
  return ops;
}

Result run_color_case(const CaseSpec& c, ColorInputs& in, const Options& o) {
  const Image& s = in.source(c.src_format);
  Image& d = in.dest(c.dst_format);
  [[maybe_unused]] const PixelFormat sf = c.src_format, df = c.dst_format;
  [[maybe_unused]] const int w = c.src_w, h = c.src_h;
  const bool to_rgb = s.view.desc().is_yuv();
  ColorConvertOptions nearest;
  nearest.chroma_upsample = ChromaUpsample::kNearest;
  Contenders k;
  auto& fns = k.fns;
  fns[kFramekit] = [&] { convert_color(s.view, d.view); };
  if (to_rgb) fns[kFramekitNearest] = [&] { convert_color(s.view, d.view, nearest); };
#ifdef FRAMEKIT_HAVE_LIBYUV
  if (sf == PF_NV12 && df == PF_BGRA32)
    fns[kLibyuv] = [&] {
      libyuv::NV12ToARGB(s.plane(0), s.stride(0), s.plane(1), s.stride(1), d.plane(0), d.stride(0),
                         w, h);
    };
  if (sf == PF_NV12 && df == PF_BGR24)
    fns[kLibyuv] = [&] {
      libyuv::NV12ToRGB24(s.plane(0), s.stride(0), s.plane(1), s.stride(1), d.plane(0), d.stride(0),
                          w, h);
    };
  if (sf == PF_YUV420P) {
    fns[kLibyuv] = [&] {
      libyuv::I420ToRGB24(s.plane(0), s.stride(0), s.plane(1), s.stride(1), s.plane(2), s.stride(2),
                          d.plane(0), d.stride(0), w, h);
    };
    fns[kLibyuvBilinear] = [&] {
      libyuv::I420ToRGB24MatrixFilter(s.plane(0), s.stride(0), s.plane(1), s.stride(1), s.plane(2),
                                      s.stride(2), d.plane(0), d.stride(0),
                                      &libyuv::kYuvI601Constants, w, h, libyuv::kFilterBilinear);
    };
  }
  if (sf == PF_BGR24)
    fns[kLibyuv] = [&] {
      libyuv::RGB24ToI420(s.plane(0), s.stride(0), d.plane(0), d.stride(0), d.plane(1), d.stride(1),
                          d.plane(2), d.stride(2), w, h);
    };
  if (sf == PF_BGRA32 && df == PF_NV12)
    fns[kLibyuv] = [&] {
      libyuv::ARGBToNV12(s.plane(0), s.stride(0), d.plane(0), d.stride(0), d.plane(1), d.stride(1),
                         w, h);
    };
  if (sf == PF_BGRA32 && df == PF_YUV420P)
    fns[kLibyuv] = [&] {
      libyuv::ARGBToI420(s.plane(0), s.stride(0), d.plane(0), d.stride(0), d.plane(1), d.stride(1),
                         d.plane(2), d.stride(2), w, h);
    };
#endif
  k.add_swscale(s, d);
#ifdef FRAMEKIT_HAVE_OPENCV
  // OpenCV's 4:2:0 conversions take one (h * 3/2)-row matrix: even sizes only. It has no
  // RGB->NV12.
  int code = -1;
  if (sf == PF_NV12) code = df == PF_BGRA32 ? cv::COLOR_YUV2BGRA_NV12 : cv::COLOR_YUV2BGR_NV12;
  if (sf == PF_YUV420P) code = cv::COLOR_YUV2BGR_I420;
  if (df == PF_YUV420P) code = sf == PF_BGRA32 ? cv::COLOR_BGRA2YUV_I420 : cv::COLOR_BGR2YUV_I420;
  if (code >= 0 && w % 2 == 0 && h % 2 == 0) {
    if (to_rgb) {
      k.cv_src = cv::Mat(h * 3 / 2, w, CV_8UC1, s.plane(0));
      k.cv_dst = cv::Mat(h, w, df == PF_BGRA32 ? CV_8UC4 : CV_8UC3, d.plane(0));
    } else {
      k.cv_src = cv::Mat(h, w, sf == PF_BGRA32 ? CV_8UC4 : CV_8UC3, s.plane(0));
      k.cv_dst = cv::Mat(h * 3 / 2, w, CV_8UC1, d.plane(0));
    }
    fns[kOpencv] = [&k, code] { cv::cvtColor(k.cv_src, k.cv_dst, code); };
  }
#endif
  if (o.floor) k.add_floor(s, d);
  return k.run(c, s, d, o);
}

Result run_geometry_case(const CaseSpec& c, const Options& o) {
  Image src(c.src_format, c.src_w, c.src_h), dst(c.dst_format, c.dst_w, c.dst_h);
  src.fill(c.rotate ? 2 : 1);
  [[maybe_unused]] const int sw = c.src_w, sh = c.src_h, dw = c.dst_w, dh = c.dst_h;
  Contenders k;
  auto& fns = k.fns;
  if (c.rotate) {
    fns[kFramekit] = [&] { rotate(src.view, dst.view, RotationMode::k90); };
#ifdef FRAMEKIT_HAVE_LIBYUV
    fns[kLibyuv] = [&] {
      libyuv::I420Rotate(src.plane(0), src.stride(0), src.plane(1), src.stride(1), src.plane(2),
                         src.stride(2), dst.plane(0), dst.stride(0), dst.plane(1), dst.stride(1),
                         dst.plane(2), dst.stride(2), sw, sh, libyuv::kRotate90);
    };
#endif
#ifdef FRAMEKIT_HAVE_OPENCV
    fns[kOpencv] = [&] {
      for (int p = 0; p < 3; ++p) {
        cv::Mat out = mat(dst, p);
        cv::rotate(mat(src, p), out, cv::ROTATE_90_CLOCKWISE);
      }
    };
#endif
  } else {
    fns[kFramekit] = [&] { resize(src.view, dst.view, ResizeMode::kBilinear); };
#ifdef FRAMEKIT_HAVE_LIBYUV
    auto u16 = [](const Image& m, int p) { return reinterpret_cast<uint16_t*>(m.plane(p)); };
    if (c.src_format == PF_P010LE) {  // libyuv's 16-bit plane scalers, Y then UV
      fns[kLibyuv] = [&, u16] {
        libyuv::ScalePlane_16(u16(src, 0), src.stride(0) / 2, sw, sh, u16(dst, 0),
                              dst.stride(0) / 2, dw, dh, libyuv::kFilterBilinear);
        libyuv::UVScale_16(u16(src, 1), src.stride(1) / 2, (sw + 1) / 2, (sh + 1) / 2, u16(dst, 1),
                           dst.stride(1) / 2, (dw + 1) / 2, (dh + 1) / 2, libyuv::kFilterBilinear);
      };
    } else if (c.src_format == PF_NV12) {
      fns[kLibyuv] = [&] {
        libyuv::NV12Scale(src.plane(0), src.stride(0), src.plane(1), src.stride(1), sw, sh,
                          dst.plane(0), dst.stride(0), dst.plane(1), dst.stride(1), dw, dh,
                          libyuv::kFilterBilinear);
      };
    } else {
      fns[kLibyuv] = [&] {
        libyuv::I420Scale(src.plane(0), src.stride(0), src.plane(1), src.stride(1), src.plane(2),
                          src.stride(2), sw, sh, dst.plane(0), dst.stride(0), dst.plane(1),
                          dst.stride(1), dst.plane(2), dst.stride(2), dw, dh,
                          libyuv::kFilterBilinear);
      };
    }
#endif
    k.add_swscale(src, dst);
#ifdef FRAMEKIT_HAVE_OPENCV
    fns[kOpencv] = [&] {
      for (int p = 0; p < src.view.desc().num_planes; ++p) {
        cv::Mat out = mat(dst, p);
        cv::resize(mat(src, p), out, out.size(), 0, 0, cv::INTER_LINEAR);
      }
    };
#endif
  }
  if (o.floor) k.add_floor(src, dst);
  return k.run(c, src, dst, o);
}

std::vector<CaseSpec> plan(const Options& o) {
  const bool custom = o.width > 0 && o.height > 0;
  const auto want = [&](const std::string& op) {
    return o.filter.empty() || op.find(o.filter) != std::string::npos;
  };
  std::vector<std::pair<int, int>> sizes;
  if (custom) {
    sizes = {{o.width, o.height}};
  } else {
    sizes = {{1920, 1080}};
    if (o.include_4k) sizes.push_back({3840, 2160});
  }
  std::vector<CaseSpec> out;
  if (o.color) {
    for (const auto& [w, h] : sizes)
      for (const auto& op : color_ops()) {
        if (!want(op.name)) continue;
        CaseSpec c;
        c.kind = Kind::kColor;
        c.op = op.name;
        c.size = size_label(w, h);
        c.src_format = op.src;
        c.dst_format = op.dst;
        c.src_w = c.dst_w = w;
        c.src_h = c.dst_h = h;
        out.push_back(c);
      }
  }
  if (o.geometry) {
    struct Scale {
      PixelFormat f;
      int sw, sh, dw, dh;
    };
    std::vector<Scale> scales;
    if (custom) {
      // The standard set's shapes at the given size: shrink by 2/3 and by 2, grow by 3/2.
      const int w = o.width, h = o.height;
      const auto part = [](int v, int num, int den) { return std::max(1, v * num / den); };
      scales = {{PF_YUV420P, w, h, part(w, 2, 3), part(h, 2, 3)},
                {PF_YUV420P, w, h, part(w, 1, 2), part(h, 1, 2)},
                {PF_NV12, w, h, part(w, 2, 3), part(h, 2, 3)},
                {PF_NV12, w, h, part(w, 1, 2), part(h, 1, 2)},
                {PF_YUV420P, part(w, 2, 3), part(h, 2, 3), w, h}};
    } else {
      scales = {{PF_YUV420P, 1920, 1080, 1280, 720}, {PF_YUV420P, 3840, 2160, 1920, 1080},
                {PF_NV12, 1920, 1080, 1280, 720},    {PF_NV12, 3840, 2160, 1920, 1080},
                {PF_YUV420P, 1280, 720, 1920, 1080}, {PF_P010LE, 1920, 1080, 1280, 720}};
    }
    for (const Scale& s : scales) {
      CaseSpec c;
      c.kind = Kind::kGeometry;
      c.op = s.f == PF_NV12     ? "NV12 bilinear"
             : s.f == PF_P010LE ? "P010 bilinear"
                                : "I420 bilinear";
      if (!want(c.op) || (!custom && !o.include_4k && (s.sw == 3840 || s.dw == 3840))) continue;
      c.src_format = c.dst_format = s.f;
      c.src_w = s.sw;
      c.src_h = s.sh;
      c.dst_w = s.dw;
      c.dst_h = s.dh;
      c.size = size_label(s.sw, s.sh) + "->" + size_label(s.dw, s.dh);
      // Tiny custom sizes can make two scales alike: time each once.
      if (std::none_of(out.begin(), out.end(),
                       [&](const CaseSpec& o2) { return o2.op == c.op && o2.dims() == c.dims(); }))
        out.push_back(c);
    }
    for (const auto& [w, h] : sizes) {
      CaseSpec c;
      c.kind = Kind::kGeometry;
      c.op = "I420 rotate 90";
      if (!want(c.op)) continue;
      c.rotate = true;
      c.src_format = c.dst_format = PF_YUV420P;
      c.src_w = c.dst_h = w;
      c.src_h = c.dst_w = h;
      c.size = size_label(w, h);
      out.push_back(c);
    }
  }
  return out;
}

std::vector<Result> run(const std::vector<CaseSpec>& cases, const Options& o,
                        const std::function<void(const Result&)>& on_result) {
  std::unique_ptr<ColorInputs> inputs;
  std::vector<Result> results;
  for (const CaseSpec& c : cases) {
    Result r;
    if (c.kind == Kind::kColor) {
      if (!inputs || inputs->w != c.src_w || inputs->h != c.src_h) {
        inputs.reset();
        inputs = std::make_unique<ColorInputs>(c.src_w, c.src_h);
      }
      r = run_color_case(c, *inputs, o);
    } else {
      r = run_geometry_case(c, o);
    }
    if (on_result) on_result(r);
    results.push_back(std::move(r));
  }
  return results;
}

std::string format_ms(double seconds, int width, int digits) {
  char b[48];
  if (seconds <= 0)
    std::snprintf(b, sizeof b, "%*s", width, "n/a");
  else
    std::snprintf(b, sizeof b, "%*.*f", width, digits, seconds * 1e3);
  return b;
}

std::string format_ratio(double ratio, int width) {
  char b[48];
  if (ratio <= 0)
    std::snprintf(b, sizeof b, "%*s", width, "n/a");
  else
    std::snprintf(b, sizeof b, "%*.2fx", width - 1, ratio);
  return b;
}

void print_legend(FILE* out) {
  std::fprintf(
      out,
      "Single-threaded, ms per frame (best of interleaved rounds).\n"
      "  framekit = default (bilinear chroma upsampling for YUV->RGB)\n"
      "  fk-nn    = nearest chroma, the work libyuv and OpenCV do (YUV->RGB only)\n"
      "  floor    = one read of the source bytes + one memset of the destination bytes:\n"
      "             the memory traffic no conversion can avoid; x floor = floor / framekit\n"
      "             (1.00x: framekit moves its bytes as fast as that bound).\n"
      "Ratios are theirs / framekit (> 1: framekit faster); libyuv and OpenCV are compared\n"
      "with fk-nn where it exists. n/a: library not built in, or it lacks the operation.\n");
}

std::pair<int, int> column_widths(const std::vector<CaseSpec>& cases) {
  int op = 14, size = 11;
  for (const auto& c : cases) {
    op = std::max(op, static_cast<int>(c.op.size()));
    size = std::max(size, static_cast<int>(c.size.size()));
  }
  return {op, size};
}

void print_table(const std::vector<Result>& results, FILE* out, bool header,
                 std::pair<int, int> widths) {
  const auto [opw, sizew] = widths;
  if (header)
    std::fprintf(out, "%-*s %-*s | %8s %8s | %8s %7s | %8s %6s | %8s %6s | %8s %6s\n", opw, "op",
                 sizew, "size", "framekit", "fk-nn", "floor", "x floor", "libyuv", "x yuv",
                 "swscale", "x sws", "opencv", "x cv");
  for (const auto& r : results) {
    // Small frames: more digits, so no time shows as 0.000.
    const int digits = r.seconds[kFramekit] < 1e-4 ? 5 : 3;
    const auto ms = [&](int c) { return format_ms(r.seconds[c], 8, digits); };
    std::fprintf(out, "%-*s %-*s | %s %s | %s %s | %s %s | %s %s | %s %s\n", opw, r.spec.op.c_str(),
                 sizew, r.spec.size.c_str(), ms(kFramekit).c_str(), ms(kFramekitNearest).c_str(),
                 ms(kFloor).c_str(), format_ratio(r.ratio(kFloor), 7).c_str(), ms(kLibyuv).c_str(),
                 format_ratio(r.ratio(kLibyuv)).c_str(), ms(kSwscale).c_str(),
                 format_ratio(r.ratio(kSwscale)).c_str(), ms(kOpencv).c_str(),
                 format_ratio(r.ratio(kOpencv)).c_str());
  }
}

void print_json(const std::vector<Result>& results, FILE* out) {
  const auto number = [](double v, const char* fmt) {
    if (v <= 0) return std::string("null");
    char b[48];
    std::snprintf(b, sizeof b, fmt, v);
    return std::string(b);
  };
  std::fprintf(out, "[\n");
  for (size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    const CaseSpec& c = r.spec;
    std::string ms, ratio, base;
    for (int k = 0; k < kNumContenders; ++k) {
      ms +=
          std::string(k ? ", " : "") + "\"" + contender_name(k) + "\": " + number(r.ms(k), "%.6g");
      if (k == kFramekit || k == kFramekitNearest) continue;
      ratio += std::string(ratio.empty() ? "" : ", ") + "\"" + contender_name(k) +
               "\": " + number(r.ratio(k), "%.6g");
      base += std::string(base.empty() ? "" : ", ") + "\"" + contender_name(k) + "\": \"" +
              contender_name(r.baseline(k)) + "\"";
    }
    std::fprintf(out,
                 "  {\"kind\": \"%s\", \"op\": \"%s\", \"size\": \"%s\", \"src_width\": %d, "
                 "\"src_height\": %d, \"dst_width\": %d, \"dst_height\": %d, \"src_bytes\": %zu, "
                 "\"dst_bytes\": %zu,\n   \"ms\": {%s},\n   \"ratio\": {%s},\n"
                 "   \"ratio_of\": {%s}}%s\n",
                 c.kind == Kind::kColor ? "color" : "geometry", c.op.c_str(), c.size.c_str(),
                 c.src_w, c.src_h, c.dst_w, c.dst_h, r.src_bytes, r.dst_bytes, ms.c_str(),
                 ratio.c_str(), base.c_str(), i + 1 < results.size() ? "," : "");
  }
  std::fprintf(out, "]\n");
}

}  // namespace framekit::convert_bench
