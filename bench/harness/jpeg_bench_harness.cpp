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

const char* mode_name(int mode) {
  static const char* const kNames[kModes] = {"baseline", "optimize", "progressive"};
  return kNames[mode];
}

namespace {

double now(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

}  // namespace

Rounds time_rounds(const std::vector<std::function<void()>>& fns,
                   const std::vector<bool>& run_before, double min_seconds) {
  for (const auto& f : fns) f();  // warm up
  Rounds r;
  r.cpu.resize(fns.size());
  r.wall.resize(fns.size());
  const double start = now(CLOCK_MONOTONIC);
  do {
    for (size_t i = 0; i < fns.size(); ++i) {
      if (run_before[i]) fns[i]();
      const double c = now(CLOCK_THREAD_CPUTIME_ID), w = now(CLOCK_MONOTONIC);
      fns[i]();
      const double w2 = now(CLOCK_MONOTONIC), c2 = now(CLOCK_THREAD_CPUTIME_ID);
      r.cpu[i].push_back(c2 - c);
      r.wall[i].push_back(w2 - w);
    }
  } while (now(CLOCK_MONOTONIC) - start < min_seconds || r.cpu[0].size() < 5);
  return r;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
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

namespace {

// Round-by-round ratios ref ÷ fk: median, min, max.
void set_ratio(Figure& f, const std::vector<double>& ref, const std::vector<double>& fk) {
  std::vector<double> r(ref.size());
  for (size_t i = 0; i < ref.size(); ++i) r[i] = ref[i] / fk[i];
  f.ratio = median(r);
  f.ratio_min = *std::min_element(r.begin(), r.end());
  f.ratio_max = *std::max_element(r.begin(), r.end());
}

// TurboJPEG 2.1 reads TJ_OPTIMIZE at each compress call: set it around the call only.
struct ScopedEnv {
  const char* name;
  ScopedEnv(const char* n, bool on) : name(on ? n : nullptr) {
    if (name) setenv(name, "1", 1);
  }
  ~ScopedEnv() {
    if (name) unsetenv(name);
  }
};

}  // namespace

Result run_case(const TestImage& img, int quality, double min_seconds) {
  Result r;
  r.image = img.name;
  r.width = img.width;
  r.height = img.height;
  r.quality = quality;
  const double mp = img.width * double(img.height) / 1e6;
  const size_t cap = tjBufSize(img.width, img.height, TJSAMP_420) + 65536;
  // One handle per mode: settings such as TJ_OPTIMIZE stick to a handle once used.
  tjhandle tj[kModes];
  for (auto& h : tj) h = tjInitCompress();
  const int cw = (img.width + 1) / 2;
  const unsigned char* planes[3] = {img.y.data(), img.u.data(), img.v.data()};
  const int strides[3] = {img.ystride(), cw, cw};
  const ImageView i420 = img.i420(), nv12 = img.nv12();

  // Outputs: [mode][TurboJPEG, framekit 1 thread, framekit 2 threads], and NV12 1t/2t.
  std::vector<uint8_t> out[kModes][3], nv12_out[2];
  size_t size[kModes][3] = {}, nv12_size[2] = {};
  std::vector<std::function<void()>> calls;
  std::vector<bool> run_before;  // 2 threads: a frame of a stream
  std::vector<Encoder> encoders[kModes];
  for (int m = 0; m < kModes; ++m) {
    for (auto& o : out[m]) o.resize(cap);
    calls.push_back([&, m] {
      ScopedEnv optimize("TJ_OPTIMIZE", m == kOptimize);
      unsigned char* buf = out[m][0].data();
      unsigned long n = cap;
      const int flags = TJFLAG_ACCURATEDCT | TJFLAG_NOREALLOC |
                        (m == kProgressive ? TJFLAG_PROGRESSIVE : 0);
      tjCompressFromYUVPlanes(tj[m], planes, img.width, strides, img.height, TJSAMP_420, &buf, &n,
                              quality, flags);
      size[m][0] = n;
    });
    run_before.push_back(false);
    for (int t = 0; t < 2; ++t) {
      EncodeParams p;
      p.quality = quality;
      p.threads = t + 1;
      p.optimize_huffman = m == kOptimize;
      p.progressive = m == kProgressive;
      encoders[m].emplace_back(p);
    }
    for (int t = 0; t < 2; ++t) {
      calls.push_back([&, m, t] {
        size[m][1 + t] = encoders[m][t].encode_into(i420, out[m][1 + t].data(), cap);
      });
      run_before.push_back(t == 1);
    }
  }
  for (int t = 0; t < 2; ++t) {
    nv12_out[t].resize(cap);
    calls.push_back([&, t] {
      nv12_size[t] = encoders[kBaseline][t].encode_into(nv12, nv12_out[t].data(), cap);
    });
    run_before.push_back(t == 1);
  }
  const Rounds rounds = time_rounds(calls, run_before, min_seconds);
  // 1 thread on CPU time, 2 threads on wall time, each against TurboJPEG on the same clock.
  const auto& cpu = rounds.cpu;
  const auto& wall = rounds.wall;
  const auto same = [](const std::vector<uint8_t>& a, size_t na, const std::vector<uint8_t>& b,
                       size_t nb) { return na == nb && std::memcmp(a.data(), b.data(), na) == 0; };
  for (int m = 0; m < kModes; ++m) {
    const size_t tj_call = 3 * m;
    r.tj_mps[m] = mp / median(cpu[tj_call]);
    r.tj_bytes[m] = size[m][0];
    for (int t = 0; t < 2; ++t) {
      const auto& clock = t == 0 ? cpu : wall;
      Figure& f = r.fk[m][t];
      f.mps = mp / median(clock[tj_call + 1 + t]);
      set_ratio(f, clock[tj_call], clock[tj_call + 1 + t]);
      f.same_bytes = same(out[m][0], size[m][0], out[m][1 + t], size[m][1 + t]);
    }
    std::vector<double> speedup(wall[tj_call].size());
    for (size_t i = 0; i < speedup.size(); ++i)
      speedup[i] = wall[tj_call + 1][i] / wall[tj_call + 2][i];
    r.two_vs_one[m] = median(speedup);
  }
  for (int t = 0; t < 2; ++t) {
    const auto& clock = t == 0 ? cpu : wall;
    Figure& f = r.nv12[t];
    f.mps = mp / median(clock[3 * kModes + t]);
    set_ratio(f, clock[0], clock[3 * kModes + t]);
    f.same_bytes = same(out[kBaseline][0], size[kBaseline][0], nv12_out[t], nv12_size[t]);
  }
  r.tj_psnr = yuv_psnr(img, out[kBaseline][0].data(), size[kBaseline][0]);
  r.fk_psnr = yuv_psnr(img, out[kBaseline][1].data(), size[kBaseline][1]);
  r.fk_predicted = encoders[kBaseline][0].predict_size(i420);
  for (auto& h : tj) tjDestroy(h);
  return r;
}
#endif

double prediction_error(const Result& r) {
  const double real = double(r.tj_bytes[kBaseline]);
  return real ? 100.0 * (double(r.fk_predicted) - real) / real : 0;
}

namespace {

std::string figure_text(const Figure& f) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%5.2fx [%4.2f-%4.2f]%s", f.ratio, f.ratio_min, f.ratio_max,
                f.same_bytes ? "" : " DIFF");
  return buf;
}

}  // namespace

void print_table(const std::vector<Result>& results, FILE* out, bool header) {
  if (header) {
    std::fprintf(out,
                 "ratio = TurboJPEG time / framekit time per round: median [min-max]; 1 thread "
                 "on thread CPU time, 2 threads on the wall clock (TurboJPEG's too) for a "
                 "frame right after another (a stream); 2t/1t = framekit's wall times; "
                 "DIFF = bytes differ from TurboJPEG's\n");
    std::fprintf(out, "%-22s %3s | %7s %-20s %-20s %-20s %5s | %-20s | %7s %-20s %-20s | %7s "
                      "%-20s %-20s | %9s %6s %6s\n",
                 "image", "q", "TJ MP/s", "I420 1t", "I420 2t", "NV12 1t", "2t/1t", "NV12 2t",
                 "opt TJ", "optimize 1t", "optimize 2t", "prog TJ", "progressive 1t",
                 "progressive 2t", "bytes", "pred", "dB");
  }
  for (const auto& r : results) {
    std::fprintf(out,
                 "%-22s %3d | %7.1f %-20s %-20s %-20s %4.2fx | %-20s | %7.1f %-20s %-20s | %7.1f "
                 "%-20s %-20s | %9zu %+5.1f%% %6.2f\n",
                 r.image.c_str(), r.quality, r.tj_mps[kBaseline],
                 figure_text(r.fk[kBaseline][0]).c_str(), figure_text(r.fk[kBaseline][1]).c_str(),
                 figure_text(r.nv12[0]).c_str(), r.two_vs_one[kBaseline],
                 figure_text(r.nv12[1]).c_str(), r.tj_mps[kOptimize],
                 figure_text(r.fk[kOptimize][0]).c_str(), figure_text(r.fk[kOptimize][1]).c_str(),
                 r.tj_mps[kProgressive], figure_text(r.fk[kProgressive][0]).c_str(),
                 figure_text(r.fk[kProgressive][1]).c_str(), r.tj_bytes[kBaseline],
                 prediction_error(r), r.fk_psnr);
  }
}

void print_summary(const std::vector<Result>& results, FILE* out) {
  const auto group = [&](const char* name, auto&& pick) {
    // Columns: baseline 1t/2t, NV12 1t/2t, optimize 1t/2t, progressive 1t/2t, and the
    // 2t÷1t speed-up of baseline.
    const auto value = [](const Result& r, int i) {
      if (i < 2) return r.fk[kBaseline][i].ratio;
      if (i < 4) return r.nv12[i - 2].ratio;
      if (i < 6) return r.fk[kOptimize][i - 4].ratio;
      if (i < 8) return r.fk[kProgressive][i - 6].ratio;
      return r.two_vs_one[kBaseline];
    };
    constexpr int kCols = 9;
    double logs[kCols] = {}, worst[kCols];
    std::fill(worst, worst + kCols, 1e9);
    int n = 0;
    bool all_same = true;
    for (const auto& r : results) {
      if (!pick(r)) continue;
      ++n;
      for (int i = 0; i < kCols; ++i) {
        logs[i] += std::log(value(r, i));
        worst[i] = std::min(worst[i], value(r, i));
      }
      for (int m = 0; m < kModes; ++m)
        all_same = all_same && r.fk[m][0].same_bytes && r.fk[m][1].same_bytes;
      all_same = all_same && r.nv12[0].same_bytes && r.nv12[1].same_bytes;
    }
    if (!n) return;
    const auto g = [&](int i) { return std::exp(logs[i] / n); };
    std::fprintf(out,
                 "%s (%d cases) geomean (min) ratio vs TurboJPEG 1 thread:\n"
                 "  baseline  I420 1t %.2fx (%.2f)  2t %.2fx (%.2f)  2t/1t %.2fx (%.2f)  "
                 "NV12 1t %.2fx (%.2f)  2t %.2fx (%.2f)\n"
                 "  optimize  1t %.2fx (%.2f)  2t %.2fx (%.2f)\n"
                 "  progressive  1t %.2fx (%.2f)  2t %.2fx (%.2f)\n"
                 "  bytes: %s\n",
                 name, n, g(0), worst[0], g(1), worst[1], g(8), worst[8], g(2), worst[2], g(3),
                 worst[3], g(4), worst[4], g(5), worst[5], g(6), worst[6], g(7), worst[7],
                 all_same ? "every framekit file equals TurboJPEG's, 1 and 2 threads"
                          : "SOME FILES DIFFER from TurboJPEG's (DIFF above)");
  };
  const auto is_photo = [](const Result& r) { return r.image.rfind("synthetic", 0) != 0; };
  group("synthetic 1920x1080", [&](const Result& r) { return !is_photo(r) && r.width == 1920; });
  group("synthetic 3840x2160", [&](const Result& r) { return !is_photo(r) && r.width == 3840; });
  group("photos", is_photo);
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

bool all_same_bytes(const std::vector<Result>& results) {
  for (const auto& r : results) {
    for (int m = 0; m < kModes; ++m)
      if (!r.fk[m][0].same_bytes || !r.fk[m][1].same_bytes) return false;
    if (!r.nv12[0].same_bytes || !r.nv12[1].same_bytes) return false;
  }
  return true;
}

void print_json(const std::vector<Result>& results, FILE* out) {
  const auto fig = [&](const Figure& f) {
    std::fprintf(out,
                 "{\"mps\": %.2f, \"ratio\": %.3f, \"ratio_min\": %.3f, \"ratio_max\": %.3f, "
                 "\"same_bytes\": %s}",
                 f.mps, f.ratio, f.ratio_min, f.ratio_max, f.same_bytes ? "true" : "false");
  };
  std::fprintf(out, "[\n");
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    std::fprintf(out, "  {\"image\": \"%s\", \"width\": %d, \"height\": %d, \"quality\": %d",
                 r.image.c_str(), r.width, r.height, r.quality);
    for (int m = 0; m < kModes; ++m) {
      std::fprintf(out, ",\n   \"%s\": {\"turbojpeg_mps\": %.2f, \"turbojpeg_bytes\": %zu, "
                        "\"two_vs_one_thread\": %.3f, \"threads_1\": ",
                   mode_name(m), r.tj_mps[m], r.tj_bytes[m], r.two_vs_one[m]);
      fig(r.fk[m][0]);
      std::fprintf(out, ", \"threads_2\": ");
      fig(r.fk[m][1]);
      std::fprintf(out, "}");
    }
    std::fprintf(out, ",\n   \"nv12\": {\"threads_1\": ");
    fig(r.nv12[0]);
    std::fprintf(out, ", \"threads_2\": ");
    fig(r.nv12[1]);
    std::fprintf(out,
                 "},\n   \"predicted_bytes\": %zu, \"turbojpeg_psnr\": %.3f, "
                 "\"framekit_psnr\": %.3f}%s\n",
                 r.fk_predicted, r.tj_psnr, r.fk_psnr, i + 1 < results.size() ? "," : "");
  }
  std::fprintf(out, "]\n");
}

}  // namespace framekit::jpeg::bench
