// Progressive JPEG: whole files byte-identical to TurboJPEG's
// tjCompress2(TJFLAG_PROGRESSIVE | TJFLAG_ACCURATEDCT) for every thread count, every
// subsampling, qualities 1..100, noise / flat / pattern / photo content, RGB-family and
// planar YUV input, restart intervals (TurboJPEG's TJ_RESTART), and the size bound.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

#include "framekit/core/error.h"
#include "testing/jpeg_test_util.h"

namespace framekit::jpeg {
namespace {

using testing::make_image;
using testing::OwnedImage;
using testing::planar_info;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

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

// TurboJPEG 2.1.5 takes a restart interval only from the environment: "<n>B" is n MCUs
// ("<n>" alone would be n MCU rows, which libjpeg converts per scan). Set only around
// the call.
struct RestartEnv {
  explicit RestartEnv(int blocks) : on(blocks > 0) {
    if (on) setenv("TJ_RESTART", (std::to_string(blocks) + "B").c_str(), 1);
  }
  ~RestartEnv() {
    if (on) unsetenv("TJ_RESTART");
  }
  bool on;
};

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
    default:
      return -1;
  }
}

std::vector<uint8_t> reference(const ImageView& v, Subsampling s, int quality,
                               int restart_interval = 0) {
  const RestartEnv env(restart_interval);
  const int flags = TJFLAG_ACCURATEDCT | TJFLAG_PROGRESSIVE;
  const int pf = tj_pixel_format(v.format());
  if (pf >= 0) {
    testing::TjHandle tj(true);
    unsigned char* buf = nullptr;
    unsigned long len = 0;
    if (tjCompress2(tj.h, v.planes[0].data, v.width, static_cast<int>(v.planes[0].stride), v.height,
                    pf, &buf, &len, testing::tj_subsamp(s), quality, flags) != 0) {
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

bool is_rgb_family(const ImageView& v) {
  return tj_pixel_format(v.format()) >= 0;
}

// The input for subsampling s: RGB-family input (any subsampling), or planar YUV / gray
// at its own subsampling (4:4:0 has no framekit pixel format: always RGB).
OwnedImage input_for(Subsampling s, bool rgb, int w, int h, uint32_t seed,
                     PixelFormat rgb_format = PF_RGB24) {
  if (s == Subsampling::k440) rgb = true;
  return make_image(rgb ? PixelInfo(rgb_format) : planar_info(s), w, h, seed);
}

EncodeParams progressive_params(const ImageView& v, Subsampling s, int quality, int threads,
                                int restart_interval = 0) {
  EncodeParams p;
  p.progressive = true;
  p.quality = quality;
  p.threads = threads;
  p.restart_interval = restart_interval;
  if (is_rgb_family(v)) p.subsampling = s;
  return p;
}

// Every listed thread count gives TurboJPEG's file, through both sinks; the file stays
// within max_encoded_size and predict_size is its size.
void expect_match(const ImageView& v, Subsampling s, int quality, const std::string& what,
                  const std::vector<int>& threads_list, int restart_interval = 0) {
  const auto ref = reference(v, s, quality, restart_interval);
  ASSERT_GE(ref.size(), 4u);
  ASSERT_TRUE(ref[2] == 0xFF && ref.end()[-2] == 0xFF) << what;
  for (int threads : threads_list) {
    const EncodeParams p = progressive_params(v, s, quality, threads, restart_interval);
    std::vector<uint8_t> ours;
    try {
      ours = encode(v, p);
    } catch (const Error& e) {
      FAIL() << what << " threads " << threads << ": " << e.what();
    }
    ASSERT_EQ(ours.size(), ref.size()) << what << " threads " << threads;
    ASSERT_TRUE(ours == ref) << what << " threads " << threads;
    if (threads == threads_list.back()) {
      std::vector<uint8_t> buf(ref.size());
      ASSERT_EQ(encode_into(v, p, buf.data(), buf.size()), ref.size()) << what;
      ASSERT_TRUE(buf == ref) << what << " (fixed buffer)";
      EXPECT_LE(ref.size(), max_encoded_size(v.width, v.height, v.format(), p)) << what;
      EXPECT_EQ(predict_size(v, p), ref.size()) << what;
    }
  }
}

const std::vector<int> kAllThreads(std::begin(kThreadCounts), std::end(kThreadCounts));
// The every-product matrix under the sanitizers: every case, fewer thread counts.
const std::vector<int> kMatrixThreads = kSanitized ? std::vector<int>{1, 3} : kAllThreads;

std::string describe(const ImageView& v, Subsampling s, int q, Content c) {
  return std::string(pixel_format_name(v.format())) + " subsampling " +
         std::to_string(static_cast<int>(s)) + " " + std::to_string(v.width) + "x" +
         std::to_string(v.height) + " q" + std::to_string(q) + " " + content_name(c);
}

const Subsampling kSubsamplings[] = {Subsampling::k444, Subsampling::k422, Subsampling::k420,
                                     Subsampling::k440, Subsampling::kGray};
const Content kContents[] = {Content::kPattern, Content::kNoise, Content::kFlat};

[[noreturn]] void libjpeg_failed(j_common_ptr cinfo) {
  char message[JMSG_LENGTH_MAX];
  (*cinfo->err->format_message)(cinfo, message);
  // libjpeg cannot be unwound through: a reference that fails ends the test binary.
  std::fprintf(stderr, "libjpeg reference failed: %s\n", message);
  std::abort();
}

// libjpeg's own progressive encoding (jpeg_simple_progression, ISLOW) of RGB24 or gray
// input with custom quantisation tables (three when cb != cr) and a restart interval in
// MCUs: what TurboJPEG cannot be asked for.
std::vector<uint8_t> libjpeg_progressive(const ImageView& v, Subsampling s, const QuantTables& q,
                                         int restart_interval) {
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr err{};
  cinfo.err = jpeg_std_error(&err);
  err.error_exit = libjpeg_failed;
  jpeg_create_compress(&cinfo);
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buf, &size);
  const bool gray_in = v.format() == PF_GRAY8;
  cinfo.image_width = static_cast<JDIMENSION>(v.width);
  cinfo.image_height = static_cast<JDIMENSION>(v.height);
  cinfo.input_components = gray_in ? 1 : 3;
  cinfo.in_color_space = gray_in ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&cinfo);
  if (s == Subsampling::kGray) jpeg_set_colorspace(&cinfo, JCS_GRAYSCALE);
  cinfo.dct_method = JDCT_ISLOW;
  if (s != Subsampling::kGray) {
    cinfo.comp_info[0].h_samp_factor = s == Subsampling::k422 || s == Subsampling::k420 ? 2 : 1;
    cinfo.comp_info[0].v_samp_factor = s == Subsampling::k420 || s == Subsampling::k440 ? 2 : 1;
  }
  const std::array<uint16_t, 64>* tables[3] = {&q.y, &q.cb, &q.cr};
  const int ntables = s == Subsampling::kGray ? 1 : q.cb == q.cr ? 2 : 3;
  for (int t = 0; t < ntables; ++t) {
    unsigned int basic[64];
    for (int i = 0; i < 64; ++i) basic[i] = (*tables[t])[i];
    jpeg_add_quant_table(&cinfo, t, basic, 100, TRUE);
  }
  if (ntables == 3) cinfo.comp_info[2].quant_tbl_no = 2;
  cinfo.restart_interval = static_cast<unsigned int>(restart_interval);
  jpeg_simple_progression(&cinfo);
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row =
        const_cast<JSAMPROW>(v.planes[0].data + cinfo.next_scanline * v.planes[0].stride);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::vector<uint8_t> out(buf, buf + size);
  std::free(buf);
  return out;
}

// The 20 sizes: the small ones with every product below, the large ones thinned.
const int kSmallSizes[][2] = {{1, 1},  {7, 9},  {8, 8},    {17, 3},   {16, 16},  {33, 17}, {3, 70},
                              {64, 1}, {1, 64}, {100, 75}, {129, 65}, {250, 31}, {37, 300}};
const int kLargeSizes[][2] = {{320, 240},  {511, 257},   {640, 480},  {1023, 767},
                              {1280, 720}, {1920, 1080}, {3840, 2160}};

TEST(JpegProgressive, SmallSizesEveryProductMatchesTurboJpeg) {
  for (const auto& sz : kSmallSizes) {
    for (Subsampling s : kSubsamplings) {
      for (int q : {1, 50, 75, 95, 100}) {
        for (Content c : kContents) {
          const bool rgb = (q + static_cast<int>(c) + sz[0]) % 2 == 0;
          auto img = input_for(s, rgb, sz[0], sz[1], 5);
          fill(img, c, 11);
          expect_match(img.view, s, q, describe(img.view, s, q, c), kMatrixThreads);
        }
      }
    }
  }
}

TEST(JpegProgressive, LargeSizesMatchTurboJpeg) {
  int i = 0;
  for (const auto& sz : kLargeSizes) {
    const bool huge = sz[0] >= 1920;
    for (Subsampling s : kSubsamplings) {
      ++i;
      // 1080p and 4K: a few cases (one under the sanitizers).
      if (huge && (i % (sz[0] == 3840 ? 4 : 2)) != 0) continue;
      if (kSanitized && huge && (sz[0] == 3840 || s != Subsampling::k420)) continue;
      const int q = std::array<int, 5>{1, 50, 75, 95, 100}[i % 5];
      const Content c = kContents[i % 3];
      auto img = input_for(s, i % 2 == 0, sz[0], sz[1], 6);
      fill(img, c, 12);
      expect_match(img.view, s, q, describe(img.view, s, q, c),
                   huge ? std::vector<int>{1, 3} : std::vector<int>{1, 2, 7});
    }
  }
}

TEST(JpegProgressive, EveryQualityMatchesTurboJpeg) {
  for (int q = 1; q <= 100; ++q) {
    const Subsampling s = kSubsamplings[q % 5];
    auto img = input_for(s, q % 3 == 0, 61, 45, static_cast<uint32_t>(q));
    expect_match(img.view, s, q, describe(img.view, s, q, Content::kPattern), {1, 2});
  }
}

TEST(JpegProgressive, EveryRgbFormatMatchesTurboJpeg) {
  for (PixelFormat f : {PF_RGB24, PF_BGR24, PF_RGBA32, PF_BGRA32}) {
    for (Subsampling s : kSubsamplings) {
      auto img = input_for(s, true, 45, 29, 3, f);
      expect_match(img.view, s, 85, describe(img.view, s, 85, Content::kPattern), {1, 4});
    }
  }
}

TEST(JpegProgressive, RestartIntervalsMatchTurboJpeg) {
  const int sizes[][2] = {{1, 1}, {17, 3}, {33, 17}, {250, 31}, {320, 240}};
  for (const auto& sz : sizes) {
    for (Subsampling s : kSubsamplings) {
      for (int ri : {1, 3, 7, 64}) {
        const int q = ri == 1 ? 100 : ri == 3 ? 1 : 75;
        const Content c = kContents[(ri + sz[0]) % 3];
        auto img = input_for(s, ri % 2 == 1, sz[0], sz[1], 7);
        fill(img, c, 13);
        expect_match(img.view, s, q, describe(img.view, s, q, c) + " restart " + std::to_string(ri),
                     kMatrixThreads, ri);
      }
    }
  }
}

TEST(JpegProgressive, PhotosMatchTurboJpeg) {
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
    const Subsampling s = photos == 0 ? Subsampling::k420 : Subsampling::k444;
    expect_match(img.view, s, photos == 0 ? 75 : 95, path.string(), {1, 2, 4});
    if (!kSanitized)
      expect_match(img.view, Subsampling::kGray, 50, path.string() + " gray", {1, 3});
    ++photos;
  }
  EXPECT_EQ(photos, 2);
}

// Quality tables given as custom tables code like the quality itself (the custom path
// reaches the same quantiser and DQT).
TEST(JpegProgressive, CustomQuantTablesEqualToQualityMatchTurboJpeg) {
  for (int q : {10, 90}) {
    auto img = input_for(Subsampling::k420, false, 77, 51, 9);
    EncodeParams p = progressive_params(img.view, Subsampling::k420, 50, 2);
    p.quant = quality_quant_tables(q);
    EXPECT_TRUE(encode(img.view, p) == reference(img.view, Subsampling::k420, q)) << q;
  }
}

QuantTables random_tables(uint32_t seed, int max_entry) {
  std::mt19937 rng(seed);
  QuantTables q;
  for (auto* t : {&q.y, &q.cb, &q.cr}) {
    for (auto& e : *t) e = static_cast<uint16_t>(1 + rng() % max_entry);
  }
  return q;
}

// Custom tables (three distinct ones, or cb == cr), with and without restarts, against
// libjpeg's own progressive encoder.
TEST(JpegProgressive, CustomQuantTablesMatchLibjpeg) {
  const int sizes[][2] = {{1, 1}, {17, 3}, {45, 61}, {200, 120}};
  int i = 0;
  for (const auto& sz : sizes) {
    for (Subsampling s : kSubsamplings) {
      for (int ri : {0, 5}) {
        ++i;
        QuantTables q = random_tables(static_cast<uint32_t>(i), i % 2 ? 255 : 12);
        if (i % 3 == 0) q.cr = q.cb;
        auto img = make_image(PixelInfo(s == Subsampling::kGray && i % 2 ? PF_GRAY8 : PF_RGB24),
                              sz[0], sz[1], static_cast<uint32_t>(i));
        fill(img, kContents[i % 3], static_cast<uint32_t>(i));
        const auto ref = libjpeg_progressive(img.view, s, q, ri);
        const std::string what = describe(img.view, s, 0, kContents[i % 3]) + " custom tables" +
                                 (q.cb == q.cr ? " (cb == cr)" : "") + " restart " +
                                 std::to_string(ri);
        for (int threads : {1, 3}) {
          EncodeParams p;
          p.progressive = true;
          p.quant = q;
          p.restart_interval = ri;
          p.threads = threads;
          if (img.view.format() == PF_RGB24) p.subsampling = s;
          std::vector<uint8_t> ours;
          try {
            ours = encode(img.view, p);
          } catch (const Error& e) {
            ADD_FAILURE() << what << ": " << e.what();
            break;
          }
          EXPECT_TRUE(ours == ref) << what << " threads " << threads;
        }
      }
    }
  }
}

// Noise at q100 is the largest output there is: it stays within the bound.
TEST(JpegProgressive, NoiseAtQ100StaysWithinBound) {
  for (Subsampling s : kSubsamplings) {
    auto img = input_for(s, s == Subsampling::k440, 257, 131, 21);
    fill(img, Content::kNoise, 22);
    EncodeParams p = progressive_params(img.view, s, 100, 2);
    for (int ri : {0, 1}) {
      p.restart_interval = ri;
      size_t bound = 0;
      std::vector<uint8_t> out;
      try {
        bound = max_encoded_size(img.view.width, img.view.height, img.view.format(), p);
        out = encode(img.view, p);
      } catch (const Error& e) {
        ADD_FAILURE() << static_cast<int>(s) << ": " << e.what();
        continue;
      }
      EXPECT_LE(out.size(), bound) << static_cast<int>(s) << " restart " << ri;
      std::vector<uint8_t> buf(bound);
      EXPECT_EQ(encode_into(img.view, p, buf.data(), buf.size()), out.size());
    }
  }
}

TEST(JpegProgressive, TooSmallBufferNamesTheSizeNeeded) {
  auto img = make_image(PixelInfo(PF_YUVJ420P), 200, 100, 3);
  fill(img, Content::kNoise, 15);
  EncodeParams p;
  p.progressive = true;
  p.threads = 3;
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

TEST(JpegProgressive, CustomHuffmanTablesAreAnError) {
  EncodeParams p;
  p.progressive = true;
  p.huffman = standard_huffman_tables();
  try {
    Encoder enc(p);
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    const std::string what = e.what();
    EXPECT_NE(what.find("progressive"), std::string::npos) << what;
    EXPECT_NE(what.find("huffman"), std::string::npos) << what;
  }
}

// Every layout of the same samples (planar, semi-planar, packed) codes to the same
// progressive file as the planar one, which TurboJPEG checks above.
TEST(JpegProgressive, YuvLayoutsCodeLikePlanar) {
  const int w = 75, h = 43;
  std::mt19937 rng(31);
  std::vector<uint8_t> y(static_cast<size_t>(w) * h), u(38 * 43), v(38 * 43);
  for (auto* plane : {&y, &u, &v}) {
    for (auto& b : *plane) b = static_cast<uint8_t>(16 + rng() % 220);
  }
  const PixelFormat groups[][3] = {{PF_YUV420P, PF_NV12, PF_NV21},
                                   {PF_YUV422P, PF_YUYV422, PF_UYVY422}};
  for (const auto& group : groups) {
    EncodeParams p;
    p.progressive = true;
    p.quality = 90;
    p.threads = 2;
    const auto planar = testing::from_planes(PixelInfo(group[0]), w, h, y, u, v);
    const auto expected = encode(planar.view, p);
    for (int i = 1; i < 3; ++i) {
      const auto other = testing::from_planes(PixelInfo(group[i]), w, h, y, u, v, 3);
      EXPECT_TRUE(encode(other.view, p) == expected) << pixel_format_name(group[i]);
    }
  }
}

// compact_tables: each scan's tables in one DHT segment (and the shared DQT): a smaller
// file that decodes to the same pixels.
TEST(JpegProgressive, CompactTablesDecodeTheSame) {
  for (Subsampling s : {Subsampling::k420, Subsampling::kGray}) {
    auto img = make_image(PixelInfo(PF_RGB24), 123, 77, 8);
    EncodeParams p = progressive_params(img.view, s, 80, 2);
    const auto plain = encode(img.view, p);
    p.compact_tables = true;
    const auto compact = encode(img.view, p);
    const bool gray = s == Subsampling::kGray;
    // Gray scans have one table each, and there is one DQT table: nothing to merge.
    if (gray) {
      EXPECT_EQ(compact.size(), plain.size());
    } else {
      EXPECT_LT(compact.size(), plain.size());
    }
    EXPECT_TRUE(testing::tj_decode(compact, gray).pixels == testing::tj_decode(plain, gray).pixels)
        << static_cast<int>(s);
  }
}

TEST(JpegProgressive, OptimizeHuffmanChangesNothing) {
  auto img = make_image(PixelInfo(PF_NV12), 90, 70, 4);
  EncodeParams p;
  p.progressive = true;
  const auto plain = encode(img.view, p);
  p.optimize_huffman = true;
  EXPECT_TRUE(encode(img.view, p) == plain);
}

}  // namespace
}  // namespace framekit::jpeg
