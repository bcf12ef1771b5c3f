// Every input format: layouts that carry the same samples code to the same JPEG; RGB
// input codes like TurboJPEG's tjCompress2; every output decodes with TurboJPEG,
// djpeg and ffmpeg; limited range and other matrices come out in the right colors.
#include <gtest/gtest.h>

#include <random>

#include "testing/jpeg_test_util.h"

namespace framekit::jpeg {
namespace {

using testing::Decoded;
using testing::from_planes;
using testing::make_image;

struct Planes {
  int w, h, cw, ch;
  std::vector<uint8_t> y, u, v;
};

Planes random_planes(int w, int h, int ssx, int ssy, uint32_t seed, int lo = 0, int hi = 255) {
  Planes p{w, h, (w + (1 << ssx) - 1) >> ssx, (h + (1 << ssy) - 1) >> ssy, {}, {}, {}};
  std::mt19937 rng(seed);
  const auto fill = [&](std::vector<uint8_t>& v, int pw, int ph, int c) {
    v.resize(static_cast<size_t>(pw) * ph);
    for (int y = 0; y < ph; ++y)
      for (int x = 0; x < pw; ++x) {
        const int s = testing::pattern_sample(c, x, y, seed);
        v[static_cast<size_t>(y) * pw + x] = static_cast<uint8_t>(lo + s * (hi - lo) / 255);
      }
    (void)rng;
  };
  fill(p.y, w, h, 0);
  fill(p.u, p.cw, p.ch, 1);
  fill(p.v, p.cw, p.ch, 2);
  return p;
}

TEST(JpegFormats, SameSamplesSameJpegInEveryLayout) {
  struct Group {
    int ssx, ssy;
    std::vector<PixelFormat> formats;
  };
  const Group groups[] = {
      {1, 1, {PF_YUV420P, PF_YUVJ420P, PF_NV12, PF_NV21}},
      {1, 0, {PF_YUV422P, PF_NV16, PF_YUYV422, PF_UYVY422, PF_YVYU422, PF_VYUY422}},
      {0, 0, {PF_YUV444P, PF_NV24}},
  };
  for (const auto& g : groups) {
    for (const auto& size :
         {std::pair{45, 31}, std::pair{64, 32}, std::pair{1, 1}, std::pair{3, 17}}) {
      const Planes p = random_planes(size.first, size.second, g.ssx, g.ssy, 9);
      for (ColorRange range : {CR_JPEG, CR_MPEG}) {
        std::vector<uint8_t> first;
        for (PixelFormat f : g.formats) {
          const auto img = from_planes(PixelInfo(f, CS_BT470BG, range), p.w, p.h, p.y, p.u, p.v, 3);
          const auto jpg = encode(img.view);
          if (first.empty()) {
            first = jpg;
          } else {
            EXPECT_TRUE(jpg == first)
                << pixel_format_name(f) << " " << p.w << "x" << p.h << " range " << range;
          }
        }
      }
    }
  }
}

TEST(JpegFormats, RgbMatchesTurboJpeg) {
  // The RGB path converts and downsamples exactly as libjpeg does, so the whole file
  // equals tjCompress2's (accurate DCT).
  struct Pf {
    PixelFormat ours;
    int tj;
  };
  const Pf formats[] = {
      {PF_RGB24, TJPF_RGB}, {PF_BGR24, TJPF_BGR}, {PF_RGBA32, TJPF_RGBA}, {PF_BGRA32, TJPF_BGRA}};
  const std::pair<Subsampling, int> subs[] = {{Subsampling::k420, TJSAMP_420},
                                              {Subsampling::k422, TJSAMP_422},
                                              {Subsampling::k444, TJSAMP_444},
                                              {Subsampling::k440, TJSAMP_440},
                                              {Subsampling::kGray, TJSAMP_GRAY}};
  testing::TjHandle tj(true);
  for (const auto& f : formats) {
    for (const auto& s : subs) {
      for (const auto& size :
           {std::pair{37, 23}, std::pair{64, 64}, std::pair{1, 1}, std::pair{18, 3},
            std::pair{5, 17}}) {
        const auto img = make_image(PixelInfo(f.ours), size.first, size.second, 4);
        EncodeParams p;
        p.quality = 87;
        p.subsampling = s.first;
        const auto ours = encode(img.view, p);
        unsigned char* buf = nullptr;
        unsigned long len = 0;
        ASSERT_EQ(tjCompress2(tj.h, img.view.planes[0].data, size.first,
                              static_cast<int>(img.view.planes[0].stride), size.second, f.tj, &buf,
                              &len, s.second, 87, TJFLAG_ACCURATEDCT),
                  0);
        const std::vector<uint8_t> ref(buf, buf + len);
        tjFree(buf);
        EXPECT_TRUE(ours == ref) << pixel_format_name(f.ours) << " subsampling "
                                 << static_cast<int>(s.first) << " " << size.first << "x"
                                 << size.second;
      }
    }
  }
}

// Decodes with all three decoders and checks they agree with each other and with the
// source (RGB or gray pixels of the same size).
void check_decoders(const std::vector<uint8_t>& jpg, const std::vector<uint8_t>& source_px, int w,
                    int h, bool gray, double min_psnr, const std::string& what) {
  const Decoded tj = testing::tj_decode(jpg, gray);
  ASSERT_EQ(tj.width, w) << what;
  ASSERT_EQ(tj.height, h) << what;
  const double p = testing::psnr(tj.pixels.data(), source_px.data(), source_px.size());
  EXPECT_GE(p, min_psnr) << what << " (TurboJPEG decode vs source)";
  const Decoded dj = testing::djpeg_decode(jpg);
  ASSERT_EQ(dj.width, w) << what;
  ASSERT_EQ(dj.pixels.size(), tj.pixels.size()) << what;
  EXPECT_GE(testing::psnr(dj.pixels.data(), tj.pixels.data(), tj.pixels.size()), 38)
      << what << " (djpeg)";
  const Decoded ff = testing::ffmpeg_decode(jpg, w, h, gray);
  ASSERT_EQ(ff.pixels.size(), tj.pixels.size()) << what;
  EXPECT_GE(testing::psnr(ff.pixels.data(), tj.pixels.data(), tj.pixels.size()), 30)
      << what << " (ffmpeg)";
}

// BT.601 full-range YCbCr → RGB in double precision, chroma taken at its co-sited
// sample (nearest): the reference the decoders' output is compared with.
std::vector<uint8_t> reference_rgb(const ImageView& v, LumaCoefficients k, bool limited) {
  const auto& d = v.desc();
  std::vector<uint8_t> rgb(static_cast<size_t>(v.width) * v.height * 3);
  const auto sample = [&](char c, int x, int y) -> double {
    for (int p = 0; p < d.num_planes; ++p) {
      const auto i = d.planes[p].components.find(c);
      if (i == std::string_view::npos) continue;
      if (d.packed422) {  // a pixel pair per 4 bytes: the pair's first or second Y
        const std::string_view comps = d.planes[0].components;
        const uint8_t* row = v.planes[0].row(y);
        const size_t at = c == 'Y' ? ((x & 1) ? comps.rfind('Y') : comps.find('Y')) : i;
        return row[4 * (x / 2) + static_cast<int>(at)];
      }
      const int sx = p == 0 ? x : x >> d.log2_chroma_w, sy = p == 0 ? y : y >> d.log2_chroma_h;
      return v.planes[p].row(sy)[sx * d.planes[p].channels + static_cast<int>(i)];
    }
    return 0;
  };
  for (int y = 0; y < v.height; ++y) {
    for (int x = 0; x < v.width; ++x) {
      double yy = sample('Y', x, y), cb = sample('U', x, y) - 128, cr = sample('V', x, y) - 128;
      if (limited) {
        yy = (yy - 16) * 255 / 219;
        cb *= 255.0 / 224;
        cr *= 255.0 / 224;
      }
      const double kg = 1 - k.kr - k.kb;
      const double r = yy + 2 * (1 - k.kr) * cr;
      const double b = yy + 2 * (1 - k.kb) * cb;
      const double g = (yy - k.kr * r - k.kb * b) / kg;
      const double c[3] = {r, g, b};
      for (int i = 0; i < 3; ++i)
        rgb[(static_cast<size_t>(y) * v.width + x) * 3 + i] =
            static_cast<uint8_t>(std::clamp(std::lround(c[i]), 0L, 255L));
    }
  }
  return rgb;
}

// Smooth content: decoders' chroma upsampling then differs little from nearest.
Planes smooth_planes(int w, int h, int ssx, int ssy, int lo, int hi) {
  Planes p{w, h, (w + (1 << ssx) - 1) >> ssx, (h + (1 << ssy) - 1) >> ssy, {}, {}, {}};
  const auto fill = [&](std::vector<uint8_t>& v, int pw, int ph, double fx, double fy, double ph0) {
    v.resize(static_cast<size_t>(pw) * ph);
    for (int y = 0; y < ph; ++y)
      for (int x = 0; x < pw; ++x) {
        const double s = 0.5 + 0.5 * std::sin(x * fx + y * fy + ph0);
        v[static_cast<size_t>(y) * pw + x] = static_cast<uint8_t>(lo + s * (hi - lo) + 0.5);
      }
  };
  fill(p.y, w, h, 0.07, 0.05, 0);
  fill(p.u, p.cw, p.ch, 0.04 * (1 << ssx), 0.03 * (1 << ssy), 1);
  fill(p.v, p.cw, p.ch, 0.03 * (1 << ssx), 0.05 * (1 << ssy), 2);
  return p;
}

TEST(JpegFormats, EveryFormatDecodesEverywhereWithTheRightColors) {
  const PixelFormat yuv[] = {PF_NV12,    PF_NV21,    PF_YUV420P, PF_YUVJ420P, PF_YUV422P, PF_NV16,
                             PF_YUYV422, PF_UYVY422, PF_YVYU422, PF_VYUY422,  PF_YUV444P, PF_NV24};
  for (PixelFormat f : yuv) {
    const auto& d = pixel_format_desc(f);
    for (ColorRange range : {CR_JPEG, CR_MPEG}) {
      const bool limited = range == CR_MPEG;
      const Planes p = smooth_planes(75, 42, d.log2_chroma_w, d.log2_chroma_h, limited ? 16 : 0,
                                     limited ? 235 : 255);
      const auto img = from_planes(PixelInfo(f, CS_BT470BG, range), p.w, p.h, p.y, p.u, p.v, 5);
      EncodeParams params;
      params.quality = 95;
      const auto jpg = encode(img.view, params);
      const auto ref = reference_rgb(img.view, {0.299, 0.114}, limited);
      check_decoders(jpg, ref, p.w, p.h, false, 33,
                     std::string(pixel_format_name(f)) + (limited ? " tv" : " pc"));
    }
  }
  // Gray, and RGB at each subsampling.
  const auto gray = make_image(PixelInfo(PF_GRAY8), 61, 35, 2);
  std::vector<uint8_t> gpx;
  for (int y = 0; y < 35; ++y)
    gpx.insert(gpx.end(), gray.view.planes[0].row(y), gray.view.planes[0].row(y) + 61);
  EncodeParams q95;
  q95.quality = 95;
  check_decoders(encode(gray.view, q95), gpx, 61, 35, true, 33, "gray");
  for (Subsampling s : {Subsampling::k444, Subsampling::k422, Subsampling::k420}) {
    const Planes p = smooth_planes(53, 29, 0, 0, 0, 255);
    std::vector<uint8_t> rgb(53 * 29 * 3);
    for (size_t i = 0; i < p.y.size(); ++i) {
      rgb[3 * i] = p.y[i];
      rgb[3 * i + 1] = p.u[i];
      rgb[3 * i + 2] = p.v[i];
    }
    ImageView v;
    v.info = PixelInfo(PF_RGB24);
    v.width = 53;
    v.height = 29;
    v.planes[0] = {rgb.data(), 53 * 3};
    EncodeParams ps = q95;
    ps.subsampling = s;
    check_decoders(encode(v, ps), rgb, 53, 29, false, 33, "rgb24 " + std::to_string(int(s)));
  }
}

TEST(JpegFormats, LimitedRangeFoldedIntoTheQuantiserIsAccurate) {
  // Limited-range planes coded directly (range expansion in the quantiser) against the
  // same planes expanded in double precision, rounded, and coded exactly: the decoded
  // results must be as close to the ideal expansion.
  for (auto sub : {std::pair{1, 1}, std::pair{0, 0}}) {
    const Planes p = random_planes(96, 64, sub.first, sub.second, 21, 16, 235);
    const PixelFormat f = sub.first ? PF_YUV420P : PF_YUV444P;
    const auto tv = from_planes(PixelInfo(f, CS_BT470BG, CR_MPEG), p.w, p.h, p.y, p.u, p.v);
    Planes full = p;
    std::vector<double> ideal_y(p.y.size()), ideal_u(p.u.size()), ideal_v(p.v.size());
    for (size_t i = 0; i < p.y.size(); ++i) {
      ideal_y[i] = (p.y[i] - 16) * 255.0 / 219;
      full.y[i] = static_cast<uint8_t>(std::clamp(std::lround(ideal_y[i]), 0L, 255L));
    }
    for (size_t i = 0; i < p.u.size(); ++i) {
      ideal_u[i] = 128 + (p.u[i] - 128) * 255.0 / 224;
      ideal_v[i] = 128 + (p.v[i] - 128) * 255.0 / 224;
      full.u[i] = static_cast<uint8_t>(std::clamp(std::lround(ideal_u[i]), 0L, 255L));
      full.v[i] = static_cast<uint8_t>(std::clamp(std::lround(ideal_v[i]), 0L, 255L));
    }
    const auto pc =
        from_planes(PixelInfo(f, CS_BT470BG, CR_JPEG), p.w, p.h, full.y, full.u, full.v);
    for (int q : {50, 90, 100}) {
      EncodeParams params;
      params.quality = q;
      const auto folded = encode(tv.view, params);
      const auto exact = encode(pc.view, params);
      // Decode both to planes and compare with the ideal expansion.
      const auto error = [&](const std::vector<uint8_t>& jpg) {
        testing::TjHandle d(false);
        std::vector<uint8_t> y(p.y.size()), u(p.u.size()), v(p.v.size());
        unsigned char* planes[3] = {y.data(), u.data(), v.data()};
        int strides[3] = {p.w, p.cw, p.cw};
        EXPECT_EQ(tjDecompressToYUVPlanes(d.h, jpg.data(), jpg.size(), planes, p.w, strides, p.h,
                                          TJFLAG_ACCURATEDCT),
                  0);
        double se = 0;
        for (size_t i = 0; i < y.size(); ++i) se += (y[i] - ideal_y[i]) * (y[i] - ideal_y[i]);
        for (size_t i = 0; i < u.size(); ++i) {
          se +=
              (u[i] - ideal_u[i]) * (u[i] - ideal_u[i]) + (v[i] - ideal_v[i]) * (v[i] - ideal_v[i]);
        }
        return se / static_cast<double>(y.size() + 2 * u.size());
      };
      const double mse_folded = error(folded), mse_exact = error(exact);
      // Folding skips the 8-bit rounding of the expanded samples, so it is no worse.
      EXPECT_LE(mse_folded, mse_exact * 1.05 + 0.02) << "q" << q << " sub " << sub.first;
      if (q == 100) {
        EXPECT_LT(mse_folded, 0.5);
      }
    }
  }
}

TEST(JpegFormats, Bt709AndBt2020AreConvertedForJfifDecoders) {
  for (ColorSpace cs : {CS_BT709, CS_BT2020_NCL}) {
    for (ColorRange range : {CR_MPEG, CR_JPEG}) {
      const bool limited = range == CR_MPEG;
      // Chroma near neutral keeps colors inside the RGB gamut of both matrices.
      Planes p = smooth_planes(80, 48, 0, 0, limited ? 16 : 0, limited ? 235 : 255);
      for (auto* c : {&p.u, &p.v})
        for (auto& s : *c) s = static_cast<uint8_t>(128 + (s - 128) / 3);
      const auto img = from_planes(PixelInfo(PF_YUV444P, cs, range), p.w, p.h, p.y, p.u, p.v);
      EncodeParams params;
      params.quality = 95;
      const auto jpg = encode(img.view, params);
      const auto truth = reference_rgb(img.view, luma_coefficients(cs), limited);
      const auto wrong = reference_rgb(img.view, {0.299, 0.114}, limited);  // as if BT.601
      const Decoded dec = testing::tj_decode(jpg);
      const double good = testing::psnr(dec.pixels.data(), truth.data(), truth.size());
      const double bad = testing::psnr(dec.pixels.data(), wrong.data(), wrong.size());
      EXPECT_GE(good, 36) << color_space_name(cs) << " " << color_range_name(range)
                          << " (as BT.601: " << bad << " dB)";
      EXPECT_GT(good, bad + 3) << "the matrix change must matter: " << color_space_name(cs);
    }
  }
}

}  // namespace
}  // namespace framekit::jpeg
