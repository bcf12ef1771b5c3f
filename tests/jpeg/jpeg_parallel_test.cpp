// Parallel encoding changes nothing: for every thread count the file is byte-identical
// to single-thread TurboJPEG's (no restart markers; optimized tables for
// optimize_huffman). Contents stress the bit-level band joins: noise (long codes, many
// 0xFF bytes to stuff), flat images (bands shorter than a byte) and real photos.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "framekit/core/error.h"
#include "testing/jpeg_test_util.h"

namespace framekit::jpeg {
namespace {

using testing::make_image;
using testing::OwnedImage;
using testing::planar_info;

const int kThreadCounts[] = {1, 2, 3, 4, 7};

enum class Content { kNoise, kFlat };

const char* content_name(Content c) {
  return c == Content::kNoise ? "noise" : "flat";
}

void fill(OwnedImage& img, Content content, uint32_t seed) {
  std::mt19937 rng(seed);
  for (size_t p = 0; p < img.planes.size(); ++p) {
    for (auto& b : img.planes[p]) {
      b = content == Content::kNoise ? static_cast<uint8_t>(rng() >> 24)
                                     : static_cast<uint8_t>(90 + 40 * p);
    }
  }
}

// TurboJPEG's single-thread encoding of img (RGB24 or planar YUV/gray); this
// TurboJPEG API takes optimized Huffman coding (TJFLAG_OPTIMIZE in 3.x) from TJ_OPTIMIZE.
struct OptimizeEnv {
  explicit OptimizeEnv(bool on) : on(on) {
    if (on) setenv("TJ_OPTIMIZE", "1", 1);
  }
  ~OptimizeEnv() {
    if (on) unsetenv("TJ_OPTIMIZE");
  }
  bool on;
};

std::vector<uint8_t> reference(const OwnedImage& img, Subsampling s, int quality, bool optimize) {
  const OptimizeEnv env(optimize);
  const int flags = TJFLAG_ACCURATEDCT;
  const ImageView& v = img.view;
  if (v.format() == PF_RGB24) {
    testing::TjHandle tj(true);
    unsigned char* buf = nullptr;
    unsigned long len = 0;
    if (tjCompress2(tj.h, v.planes[0].data, v.width, static_cast<int>(v.planes[0].stride),
                    v.height, TJPF_RGB, &buf, &len, testing::tj_subsamp(s), quality, flags) != 0) {
      throw std::runtime_error(std::string("tjCompress2: ") + tjGetErrorStr2(tj.h));
    }
    std::vector<uint8_t> out(buf, buf + len);
    tjFree(buf);
    return out;
  }
  const uint8_t* planes[3] = {v.planes[0].data, v.planes[1].data, v.planes[2].data};
  const int strides[3] = {static_cast<int>(v.planes[0].stride),
                          static_cast<int>(v.planes[1].stride),
                          static_cast<int>(v.planes[2].stride)};
  return testing::tj_encode_planes(planes, strides, v.width, v.height, s, quality, flags);
}

bool has_marker(const std::vector<uint8_t>& jpg, uint8_t lo, uint8_t hi) {
  const auto scan = testing::scan_data(jpg);
  for (size_t i = 0; i + 1 < scan.size(); ++i) {
    if (scan[i] == 0xFF && scan[i + 1] >= lo && scan[i + 1] <= hi) return true;
  }
  return false;
}

// Every thread count gives TurboJPEG's bytes, through both sinks.
void expect_all_threads_match(const OwnedImage& img, Subsampling s, int quality, bool optimize,
                              const std::string& what) {
  const auto ref = reference(img, s, quality, optimize);
  for (int threads : kThreadCounts) {
    EncodeParams p;
    p.quality = quality;
    p.optimize_huffman = optimize;
    p.threads = threads;
    if (img.view.format() == PF_RGB24) p.subsampling = s;
    const auto ours = encode(img.view, p);
    ASSERT_EQ(ours.size(), ref.size()) << what << " threads " << threads;
    ASSERT_TRUE(ours == ref) << what << " threads " << threads;
    if (threads == 3) {
      std::vector<uint8_t> buf(ref.size());
      ASSERT_EQ(encode_into(img.view, p, buf.data(), buf.size()), ref.size()) << what;
      ASSERT_TRUE(buf == ref) << what << " (fixed buffer)";
    }
  }
  EXPECT_FALSE(has_marker(ref, 0xD0, 0xD7)) << what;
}

// The matrix: 20 sizes (1x1 .. 3840x2160), every subsampling, qualities 1, 50,
// 75, 95, 100, noise / flat / the mate photos, baseline and optimized, each for every
// thread count. Small sizes take the whole product; larger ones a slice of it (with 25
// cases each subsampling meets each quality; content, optimize and RGB or YUV input
// rotate), so the release run stays short. Under AddressSanitizer the same small cases run and the large sizes are
// thinned further.
#if defined(__SANITIZE_ADDRESS__)  // GCC
constexpr bool kSanitized = true;
#elif defined(__has_feature)  // Clang
constexpr bool kSanitized = __has_feature(address_sanitizer);
#else
constexpr bool kSanitized = false;
#endif

const Subsampling kSubsamplings[] = {Subsampling::k444, Subsampling::k422, Subsampling::k420,
                                     Subsampling::k440, Subsampling::kGray};
const int kQualities[] = {1, 50, 75, 95, 100};

const char* subsampling_name(Subsampling s) {
  switch (s) {
    case Subsampling::k444: return "444";
    case Subsampling::k422: return "422";
    case Subsampling::k420: return "420";
    case Subsampling::k440: return "440";
    case Subsampling::kGray: return "gray";
  }
  return "?";
}

std::string describe(const OwnedImage& img, const char* source, Subsampling s, int q, bool opt) {
  return std::string(img.view.format() == PF_RGB24 ? "RGB " : "YUV ") + source + " " +
         subsampling_name(s) + " " + std::to_string(img.view.width) + "x" +
         std::to_string(img.view.height) + " q" + std::to_string(q) + (opt ? " optimized" : "");
}

// framekit has no 4:4:0 pixel format: those come from RGB input.
OwnedImage content_image(Subsampling s, bool rgb, int w, int h, Content c, uint32_t seed) {
  OwnedImage img = make_image(rgb || s == Subsampling::k440 ? PixelInfo(PF_RGB24) : planar_info(s),
                              w, h, seed);
  fill(img, c, seed + 1);
  return img;
}

TEST(JpegParallel, SmallSizesFullMatrixMatchesTurboJpeg) {
  const int sizes[][2] = {{1, 1},  {7, 9},  {8, 8},  {17, 3}, {16, 16},
                          {33, 17}, {3, 70}, {64, 1}, {1, 64}, {100, 75}};
  for (const auto& sz : sizes) {
    for (Subsampling s : kSubsamplings) {
      for (int q : kQualities) {
        for (Content c : {Content::kNoise, Content::kFlat}) {
          for (bool opt : {false, true}) {
            for (bool rgb : {true, false}) {
              if (!rgb && s == Subsampling::k440) continue;
              const OwnedImage img = content_image(s, rgb, sz[0], sz[1], c, 5);
              expect_all_threads_match(img, s, q, opt, describe(img, content_name(c), s, q, opt));
            }
          }
        }
      }
    }
  }
}

// Case i of a size: subsampling i % 5 with quality (i / 5 + i + shift) % 5: 25 cases
// pair each subsampling with each quality.
void run_slice(int w, int h, int cases, int shift, uint32_t seed) {
  for (int i = 0; i < cases; ++i) {
    const Subsampling s = kSubsamplings[i % 5];
    const int q = kQualities[(i / 5 + i + shift) % 5];
    const Content c = (i + shift) % 2 ? Content::kNoise : Content::kFlat;
    const bool opt = (i / 2 + shift) % 2 == 1;
    const bool rgb = (i + shift) % 3 != 0;
    const OwnedImage img = content_image(s, rgb, w, h, c, seed + i);
    expect_all_threads_match(img, s, q, opt, describe(img, content_name(c), s, q, opt));
  }
}

TEST(JpegParallel, MediumSizesMatchTurboJpeg) {
  const int sizes[][2] = {{127, 129}, {255, 33}, {320, 240}, {641, 479}, {1000, 7}, {9, 1000}};
  int shift = 0;
  for (const auto& sz : sizes) {
    run_slice(sz[0], sz[1], kSanitized ? 5 : 25, shift++, 20);
  }
}

TEST(JpegParallel, LargeSizesMatchTurboJpeg) {
  // {width, height, cases in release, cases under ASan}
  const int sizes[][4] = {{1281, 719, 5, 2}, {1920, 1080, 5, 1}, {2560, 1440, 2, 1}, {3840, 2160, 2, 1}};
  int shift = 0;
  for (const auto& sz : sizes) {
    run_slice(sz[0], sz[1], kSanitized ? sz[3] : sz[2], shift++, 30);
  }
}

// The mate photos (mate-backgrounds), decoded with TurboJPEG: every subsampling of an odd
// crop of each, rotating quality and optimize, and two whole photos.
TEST(JpegParallel, PhotosMatchTurboJpeg) {
  const std::filesystem::path dir = "/usr/share/backgrounds/mate/nature";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir << " (scripts/install_deps.sh)";
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".jpg") paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  ASSERT_GE(paths.size(), 10u) << dir;
  int n = 0;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path;
    const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
    const testing::Decoded d = testing::tj_decode(file);
    const auto rgb_view = [&](int x0, int y0, int w, int h) {
      OwnedImage img;
      img.planes.emplace_back(static_cast<size_t>(w) * h * 3);
      for (int y = 0; y < h; ++y) {
        const uint8_t* row = d.pixels.data() + (static_cast<size_t>(y0 + y) * d.width + x0) * 3;
        std::copy(row, row + 3 * w, img.planes[0].data() + static_cast<size_t>(y) * w * 3);
      }
      img.view.info = PixelInfo(PF_RGB24);
      img.view.width = w;
      img.view.height = h;
      img.view.planes[0] = PlaneView{img.planes[0].data(), static_cast<ptrdiff_t>(w) * 3};
      return img;
    };
    const int w = std::min(d.width, 517), h = std::min(d.height, 389);
    const OwnedImage crop = rgb_view((d.width - w) / 2, (d.height - h) / 2, w, h);
    for (int i = 0; i < (kSanitized ? 1 : 5); ++i, ++n) {
      const Subsampling s = kSubsamplings[(i + n / 5) % 5];
      const int q = kQualities[n % 5];
      const bool opt = n % 2 == 1;
      expect_all_threads_match(crop, s, q, opt, path.string() + " " + describe(crop, "crop", s, q, opt));
    }
    if (!kSanitized && (path.filename() == "Aqua.jpg" || path.filename() == "GreenMeadow.jpg")) {
      const bool opt = path.filename() == "Aqua.jpg";
      const OwnedImage whole = rgb_view(0, 0, d.width, d.height);
      expect_all_threads_match(whole, Subsampling::k420, 75, opt,
                               path.string() + " " + describe(whole, "photo", Subsampling::k420, 75, opt));
    }
  }
}

TEST(JpegParallel, TooSmallFixedBufferUnderThreads) {
  auto img = make_image(PixelInfo(PF_YUVJ420P), 640, 480, 3);
  fill(img, Content::kNoise, 15);
  EncodeParams p;
  p.quality = 95;
  p.threads = 4;
  const auto whole = encode(img.view, p);
  for (size_t capacity : {size_t{0}, size_t{100}, whole.size() / 2, whole.size() - 1}) {
    std::vector<uint8_t> buf(capacity + 1, 0xA5);
    try {
      encode_into(img.view, p, buf.data(), capacity);
      ADD_FAILURE() << "capacity " << capacity << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kBufferTooSmall) << capacity;
      EXPECT_NE(std::string(e.what()).find(std::to_string(whole.size()) + " bytes"),
                std::string::npos)
          << e.what();
    }
    EXPECT_EQ(buf[capacity], 0xA5) << "written past capacity " << capacity;
  }
}

TEST(JpegParallel, RestartMarkersOnlyWhenAsked) {
  const auto img = make_image(PixelInfo(PF_YUVJ420P), 400, 300, 4);
  for (int threads : kThreadCounts) {
    EncodeParams p;
    p.threads = threads;
    EXPECT_FALSE(has_marker(encode(img.view, p), 0xD0, 0xD7)) << threads;
    p.restart_interval = 10;
    EXPECT_TRUE(has_marker(encode(img.view, p), 0xD0, 0xD7)) << threads;
  }
}

}  // namespace
}  // namespace framekit::jpeg
