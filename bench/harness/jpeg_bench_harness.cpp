// See jpeg_bench_harness.h.
#include "harness/jpeg_bench_harness.h"

namespace framekit::jpeg::bench {

TestImage synthetic_image(int width, int height) {
  TestImage img;
  img.name = "synthetic " + std::to_string(width) + "x" + std::to_string(height);
  img.width = width;
  img.height = height;
  const int cw = (width + 1) / 2, ch = (height + 1) / 2;
  img.y.resize(static_cast<size_t>(img.ystride()) * ((height + 1) & ~1));
  img.u.resize(static_cast<size_t>(cw) * ch);
  img.v.resize(img.u.size());
  uint32_t state = 12345;
  const auto noise = [&] {
    state = state * 1664525u + 1013904223u;
    return static_cast<int>((state >> 24) % 7) - 3;
  };
  const auto clamp8 = [](double v) { return static_cast<uint8_t>(std::clamp(v, 0.0, 255.0)); };
  const double sx = 1920.0 / width, sy = 1080.0 / height;  // scene in 1080p units
  for (int yy = 0; yy < height; ++yy) {
    for (int xx = 0; xx < width; ++xx) {
      const double x = xx * sx, y = yy * sy;
      const double horizon = 430 + 60 * std::sin(x / 210.0) + 25 * std::sin(x / 57.0);
      double luma;
      if (y < horizon) {
        luma = 200 - 0.12 * y + 12 * std::sin(x / 300.0 + y / 170.0);  // sky
      } else {
        const double t = std::sin(x / 9.0 + std::sin(y / 13.0) * 2) * std::sin(y / 7.0);
        luma = 90 + 0.05 * (y - horizon) + 28 * t + 10 * std::sin(x / 41.0 - y / 23.0);
      }
      const double dx = x - 1400, dy = y - 300;
      if (dx * dx + dy * dy < 90 * 90) luma = 235;  // sun
      if (x > 300 && x < 560 && y > 600 && y < 900)
        luma = 60 + ((int(x) / 16 + int(y) / 16) % 2) * 90;
      img.y[static_cast<size_t>(yy) * img.ystride() + xx] = clamp8(luma + noise());
    }
  }
  for (int yy = 0; yy < ch; ++yy) {
    for (int xx = 0; xx < cw; ++xx) {
      const double x = 2 * xx * sx, y = 2 * yy * sy;
      const double horizon = 430 + 60 * std::sin(x / 210.0);
      const bool sky = y < horizon;
      const double cb = sky ? 160 - 0.03 * y : 105 + 8 * std::sin(x / 80.0 + y / 60.0);
      const double cr = sky ? 115 + 0.02 * y : 130 + 10 * std::sin(x / 50.0 - y / 90.0);
      img.u[static_cast<size_t>(yy) * cw + xx] = clamp8(cb + noise() / 3);
      img.v[static_cast<size_t>(yy) * cw + xx] = clamp8(cr + noise() / 3);
    }
  }
  img.finish();
  return img;
}
#ifdef FRAMEKIT_HAVE_TURBOJPEG

bool load_photo(const std::string& path, TestImage& img) {
  std::ifstream f(path, std::ios::binary);
  std::vector<uint8_t> jpg((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (jpg.empty()) return false;
  tjhandle d = tjInitDecompress();
  int w = 0, h = 0, ss = 0, cs = 0;
  bool ok = tjDecompressHeader3(d, jpg.data(), jpg.size(), &w, &h, &ss, &cs) == 0;
  std::vector<uint8_t> rgb;
  if (ok) {
    rgb.resize(static_cast<size_t>(w) * h * 3);
    ok = tjDecompress2(d, jpg.data(), jpg.size(), rgb.data(), w, 0, h, TJPF_RGB, 0) == 0;
  }
  tjDestroy(d);
  if (!ok) return false;
  img.width = w;
  img.height = h;
  const int cw = (w + 1) / 2, ch = (h + 1) / 2;
  img.y.resize(static_cast<size_t>(img.ystride()) * ((h + 1) & ~1));
  img.u.resize(static_cast<size_t>(cw) * ch);
  img.v.resize(img.u.size());
  unsigned char* planes[3] = {img.y.data(), img.u.data(), img.v.data()};
  int strides[3] = {img.ystride(), cw, cw};
  tjhandle e = tjInitCompress();
  ok = tjEncodeYUVPlanes(e, rgb.data(), w, 0, h, TJPF_RGB, planes, strides, TJSAMP_420, 0) == 0;
  tjDestroy(e);
  const size_t slash = path.find_last_of('/');
  img.name = path.substr(slash == std::string::npos ? 0 : slash + 1);
  img.make_nv12();  // TurboJPEG filled y's padding itself
  return ok;
}
#endif

std::vector<std::string> list_photos(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      const std::string n = e->d_name;
      if (n.size() > 4 && (n.substr(n.size() - 4) == ".jpg" || n.substr(n.size() - 4) == ".JPG"))
        out.push_back(dir + "/" + n);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool machine_quiet() {
  using clock = std::chrono::steady_clock;
  const auto spin = [] {
    volatile uint64_t x = 1;
    for (int i = 0; i < 20000000; ++i) x = x * 6364136223846793005ull + 1;
  };
  const auto a = clock::now();
  spin();
  const auto b = clock::now();
  framekit::parallel_chunks(
      2, [&](int64_t) { spin(); }, 2);
  const auto c = clock::now();
  return (c - b) < (b - a) * 115 / 100;
}

bool wait_until_quiet(double max_seconds) {
  const auto start = std::chrono::steady_clock::now();
  while (!machine_quiet() && !machine_quiet()) {
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >
        max_seconds)
      return false;
  }
  return true;
}

std::vector<double> time_interleaved(const std::vector<std::function<void()>>& fns,
                                     double min_seconds) {
  using clock = std::chrono::steady_clock;
  for (const auto& f : fns) f();  // warm up
  std::vector<std::vector<double>> t(fns.size());
  const auto start = clock::now();
  do {
    for (size_t i = 0; i < fns.size(); ++i) {
      const auto a = clock::now();
      fns[i]();
      t[i].push_back(std::chrono::duration<double>(clock::now() - a).count());
    }
  } while (std::chrono::duration<double>(clock::now() - start).count() < min_seconds ||
           t[0].size() < 5);
  std::vector<double> med;
  for (auto& v : t) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    med.push_back(v[v.size() / 2]);
  }
  return med;
}
#ifdef FRAMEKIT_HAVE_TURBOJPEG

double yuv_psnr(const TestImage& img, const uint8_t* jpg, size_t size) {
  tjhandle d = tjInitDecompress();
  const int cw = (img.width + 1) / 2, ch = (img.height + 1) / 2;
  std::vector<uint8_t> y(img.y.size()), u(static_cast<size_t>(cw) * ch), v(u.size());
  unsigned char* planes[3] = {y.data(), u.data(), v.data()};
  int strides[3] = {img.ystride(), cw, cw};
  const int rc = tjDecompressToYUVPlanes(d, jpg, size, planes, img.width, strides, img.height,
                                         TJFLAG_ACCURATEDCT);
  tjDestroy(d);
  if (rc != 0) return 0;
  double se = 0;
  const auto add = [&](const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    for (size_t i = 0; i < a.size(); ++i) se += double(a[i] - b[i]) * double(a[i] - b[i]);
  };
  for (int r = 0; r < img.height; ++r) {
    const size_t o = static_cast<size_t>(r) * img.ystride();
    for (int x = 0; x < img.width; ++x)
      se += double(img.y[o + x] - y[o + x]) * double(img.y[o + x] - y[o + x]);
  }
  add(img.u, u);
  add(img.v, v);
  const double n = double(img.width) * img.height + double(u.size() + v.size());
  return se == 0 ? 99 : 10 * std::log10(255.0 * 255.0 * n / se);
}

Result run_case(const TestImage& img, int quality, double min_seconds) {
  Result r;
  r.image = img.name;
  r.width = img.width;
  r.height = img.height;
  r.quality = quality;
  const double mp = img.width * double(img.height) / 1e6;
  const size_t cap = tjBufSize(img.width, img.height, TJSAMP_420) + 65536;
  std::vector<uint8_t> tj_out(cap), fk_out(cap);
  tjhandle tj = tjInitCompress();
  const int cw = (img.width + 1) / 2;
  const unsigned char* planes[3] = {img.y.data(), img.u.data(), img.v.data()};
  const int strides[3] = {img.ystride(), cw, cw};
  unsigned long tj_size = 0;
  std::vector<std::function<void()>> calls;
  calls.push_back([&] {
    unsigned char* buf = tj_out.data();
    tj_size = cap;
    tjCompressFromYUVPlanes(tj, planes, img.width, strides, img.height, TJSAMP_420, &buf, &tj_size,
                            quality, TJFLAG_ACCURATEDCT | TJFLAG_NOREALLOC);
  });
  std::vector<Encoder> encoders;
  for (int t = 0; t < 2; ++t) {
    EncodeParams p;
    p.quality = quality;
    p.threads = t + 1;
    encoders.emplace_back(p);
  }
  const ImageView views[2] = {img.i420(), img.nv12()};
  size_t fk_size = 0;
  for (int fmt = 0; fmt < 2; ++fmt) {
    for (int t = 0; t < 2; ++t) {
      calls.push_back([&, fmt, t] {
        const size_t n = encoders[t].encode_into(views[fmt], fk_out.data(), cap);
        if (fmt == 0 && t == 0) fk_size = n;
      });
    }
  }
  const auto secs = time_interleaved(calls, min_seconds);
  calls[0]();
  calls[1]();
  r.tj_mps = mp / secs[0];
  for (int fmt = 0; fmt < 2; ++fmt)
    for (int t = 0; t < 2; ++t) r.fk_mps[fmt][t] = mp / secs[1 + 2 * fmt + t];
  r.tj_bytes = tj_size;
  r.tj_psnr = yuv_psnr(img, tj_out.data(), tj_size);
  r.fk_bytes = fk_size;
  r.fk_psnr = yuv_psnr(img, fk_out.data(), fk_size);
  r.fk_predicted = encoders[0].predict_size(views[0]);
  tjDestroy(tj);
  return r;
}
#endif

double prediction_error(const Result& r) {
  return r.fk_bytes ? 100.0 * (double(r.fk_predicted) - double(r.fk_bytes)) / double(r.fk_bytes)
                    : 0;
}

void print_table(const std::vector<Result>& results, FILE* out, bool header) {
  if (header)
    std::fprintf(out,
                 "%-24s %3s %8s | %8s %6s | %8s %6s | %8s %6s | %8s %6s | %9s %9s %6s | %6s %6s\n",
                 "image", "q", "TJ MP/s", "I420 1t", "ratio", "NV12 1t", "ratio", "I420 2t",
                 "ratio", "NV12 2t", "ratio", "TJ bytes", "fk bytes", "pred", "TJ dB", "fk dB");
  for (const auto& r : results) {
    std::fprintf(out,
                 "%-24s %3d %8.1f | %8.1f %5.2fx | %8.1f %5.2fx | %8.1f %5.2fx | %8.1f %5.2fx | "
                 "%9zu %9zu %+5.1f%% | %6.2f %6.2f\n",
                 r.image.c_str(), r.quality, r.tj_mps, r.fk_mps[0][0], r.fk_mps[0][0] / r.tj_mps,
                 r.fk_mps[1][0], r.fk_mps[1][0] / r.tj_mps, r.fk_mps[0][1],
                 r.fk_mps[0][1] / r.tj_mps, r.fk_mps[1][1], r.fk_mps[1][1] / r.tj_mps, r.tj_bytes,
                 r.fk_bytes, prediction_error(r), r.tj_psnr, r.fk_psnr);
  }
}

void print_summary(const std::vector<Result>& results, FILE* out) {
  const auto group = [&](const char* name, auto&& pick) {
    double logs[4] = {}, worst[4] = {1e9, 1e9, 1e9, 1e9};
    int n = 0;
    for (const auto& r : results) {
      if (!pick(r)) continue;
      ++n;
      for (int i = 0; i < 4; ++i) {
        const double ratio = r.fk_mps[i / 2][i % 2] / r.tj_mps;
        logs[i] += std::log(ratio);
        worst[i] = std::min(worst[i], ratio);
      }
    }
    if (!n) return;
    std::fprintf(out,
                 "%-34s geomean (min) ratio vs TurboJPEG 1t: I420 1t %.2fx (%.2f)  NV12 1t %.2fx "
                 "(%.2f)  I420 2t %.2fx (%.2f)  NV12 2t %.2fx (%.2f)\n",
                 name, std::exp(logs[0] / n), worst[0], std::exp(logs[2] / n), worst[2],
                 std::exp(logs[1] / n), worst[1], std::exp(logs[3] / n), worst[3]);
  };
  const auto is_photo = [](const Result& r) { return r.image.rfind("synthetic", 0) != 0; };
  group("synthetic 1920x1080 + 3840x2160:",
        [&](const Result& r) { return !is_photo(r) && (r.width == 1920 || r.width == 3840); });
  group("synthetic 3840x2160:", [&](const Result& r) { return !is_photo(r) && r.width == 3840; });
  group("photos:", is_photo);
  double sum = 0, worst = 0;
  int n = 0;
  for (const auto& r : results) {
    if (!is_photo(r)) continue;
    const double e = prediction_error(r);
    sum += std::fabs(e);
    worst = std::max(worst, std::fabs(e));
    ++n;
  }
  if (n)
    std::fprintf(out, "predict_size on photos: mean |error| %.2f%%, max |error| %.2f%%\n", sum / n,
                 worst);
}

void print_json(const std::vector<Result>& results, FILE* out) {
  std::fprintf(out, "[\n");
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    std::fprintf(out,
                 "  {\"image\": \"%s\", \"width\": %d, \"height\": %d, \"quality\": %d, "
                 "\"turbojpeg_mps\": %.2f, \"i420_1t_mps\": %.2f, \"nv12_1t_mps\": %.2f, "
                 "\"i420_2t_mps\": %.2f, \"nv12_2t_mps\": %.2f, \"ratio_i420_1t\": %.3f, "
                 "\"ratio_nv12_1t\": %.3f, \"ratio_i420_2t\": %.3f, \"ratio_nv12_2t\": %.3f, "
                 "\"turbojpeg_bytes\": %zu, \"framekit_bytes\": %zu, \"predicted_bytes\": %zu, "
                 "\"turbojpeg_psnr\": %.3f, \"framekit_psnr\": %.3f}%s\n",
                 r.image.c_str(), r.width, r.height, r.quality, r.tj_mps, r.fk_mps[0][0],
                 r.fk_mps[1][0], r.fk_mps[0][1], r.fk_mps[1][1], r.fk_mps[0][0] / r.tj_mps,
                 r.fk_mps[1][0] / r.tj_mps, r.fk_mps[0][1] / r.tj_mps, r.fk_mps[1][1] / r.tj_mps,
                 r.tj_bytes, r.fk_bytes, r.fk_predicted, r.tj_psnr, r.fk_psnr,
                 i + 1 < results.size() ? "," : "");
  }
  std::fprintf(out, "]\n");
}

}  // namespace framekit::jpeg::bench
