// Parallel encoding changes nothing: for every thread count the file is byte-identical
// to single-thread TurboJPEG's (no restart markers; optimized tables for
// optimize_huffman). Contents stress the bit-level band joins: noise (long codes, many
// 0xFF bytes to stuff), flat images (bands shorter than a byte), a gradient pattern and
// a real photo.
#include <gtest/gtest.h>

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

enum class Content { kPattern, kNoise, kFlat };

const char* content_name(Content c) {
  return c == Content::kPattern ? "pattern" : c == Content::kNoise ? "noise" : "flat";
}

void fill(OwnedImage& img, Content content, uint32_t seed) {
  if (content == Content::kPattern) return;  // make_image's pattern
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
                              const std::string& what, bool all_counts = true) {
  const auto ref = reference(img, s, quality, optimize);
  for (int threads : kThreadCounts) {
    if (!all_counts && threads != 1 && threads != 2 && threads != 7) continue;
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

std::string describe(const char* input, Subsampling s, int w, int h, int q, Content c, bool opt) {
  return std::string(input) + " subsampling " + std::to_string(static_cast<int>(s)) + " " +
         std::to_string(w) + "x" + std::to_string(h) + " q" + std::to_string(q) + " " +
         content_name(c) + (opt ? " optimized" : "");
}

const Subsampling kSubsamplings[] = {Subsampling::k444, Subsampling::k422, Subsampling::k420,
                                     Subsampling::kGray};
const Content kContents[] = {Content::kPattern, Content::kNoise, Content::kFlat};

TEST(JpegParallel, SmallSizesEveryQualityMatchTurboJpeg) {
  const int sizes[][2] = {{1, 1}, {7, 9}, {8, 8}, {17, 3}, {16, 16}, {33, 17}, {3, 70}};
  for (const auto& sz : sizes) {
    for (Subsampling s : kSubsamplings) {
      for (int q : {1, 50, 75, 95, 100}) {
        for (Content c : kContents) {
          for (bool opt : {false, true}) {
            for (bool rgb : {false, true}) {
              auto img = make_image(rgb ? PixelInfo(PF_RGB24) : planar_info(s), sz[0], sz[1], 5);
              fill(img, c, 11);
              expect_all_threads_match(
                  img, s, q, opt, describe(rgb ? "RGB" : "YUV", s, sz[0], sz[1], q, c, opt));
            }
          }
        }
      }
    }
  }
}

TEST(JpegParallel, VgaEveryQualityMatchesTurboJpeg) {
  for (Subsampling s : kSubsamplings) {
    for (int q : {1, 50, 75, 95, 100}) {
      for (Content c : kContents) {
        for (bool opt : {false, true}) {
          const bool rgb = (q + static_cast<int>(c)) % 2 == 0;
          auto img = make_image(rgb ? PixelInfo(PF_RGB24) : planar_info(s), 640, 480, 6);
          fill(img, c, 12);
          expect_all_threads_match(img, s, q, opt,
                                   describe(rgb ? "RGB" : "YUV", s, 640, 480, q, c, opt));
        }
      }
    }
  }
}

TEST(JpegParallel, FullHdMatchesTurboJpeg) {
  for (Subsampling s : kSubsamplings) {
    for (int q : {75, 95}) {
      for (Content c : {Content::kPattern, Content::kNoise}) {
        const bool opt = (q == 95) == (c == Content::kNoise);
        const bool rgb = s == Subsampling::k420 || s == Subsampling::kGray ? q == 75 : q == 95;
        auto img = make_image(rgb ? PixelInfo(PF_RGB24) : planar_info(s), 1920, 1080, 7);
        fill(img, c, 13);
        expect_all_threads_match(img, s, q, opt,
                                 describe(rgb ? "RGB" : "YUV", s, 1920, 1080, q, c, opt), false);
      }
    }
  }
}

TEST(JpegParallel, UltraHdMatchesTurboJpeg) {
  auto yuv = make_image(planar_info(Subsampling::k420), 3840, 2160, 8);
  fill(yuv, Content::kNoise, 14);
  expect_all_threads_match(yuv, Subsampling::k420, 85, false, "4K YUV 4:2:0 noise q85", false);
  auto rgb = make_image(PixelInfo(PF_RGB24), 3840, 2160, 9);
  expect_all_threads_match(rgb, Subsampling::k444, 90, true, "4K RGB 4:4:4 pattern q90 optimized",
                           false);
}

TEST(JpegParallel, PhotosMatchTurboJpeg) {
  const std::filesystem::path dir = "/usr/share/backgrounds/mate/nature";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir << " (scripts/install_deps.sh)";
  int photos = 0;
  for (const char* name : {"Aqua.jpg", "GreenMeadow.jpg"}) {
    const auto path = dir / name;
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path;
    const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
    const testing::Decoded d = testing::tj_decode(file);
    OwnedImage img;
    img.planes.push_back(d.pixels);
    img.view.info = PixelInfo(PF_RGB24);
    img.view.width = d.width;
    img.view.height = d.height;
    img.view.planes[0] = PlaneView{img.planes[0].data(), static_cast<ptrdiff_t>(d.width) * 3};
    expect_all_threads_match(img, Subsampling::k420, 75, photos == 0, path.string(), false);
    ++photos;
  }
  EXPECT_EQ(photos, 2);
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
