// The pixel format table, checked against FFmpeg's own descriptors (libavutil) where
// FFmpeg has the format, and against hand-computed geometry for odd sizes.
#include <gtest/gtest.h>

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

#include <set>
#include <string>

#include "framekit/core/error.h"
#include "framekit/pixel/image_view.h"
#include "framekit/pixel/pixel_format.h"
#include "framekit/pixel/pixel_info.h"

using namespace framekit;

TEST(PixelFormat, TableCoversEveryEnumValueInOrder) {
  auto all = all_pixel_formats();
  ASSERT_EQ(static_cast<int>(all.size()), static_cast<int>(kPixelFormatCount));
  std::set<std::string> names;
  for (int i = 0; i < kPixelFormatCount; ++i) {
    EXPECT_EQ(all[i].format, i);
    EXPECT_TRUE(names.insert(std::string(all[i].name)).second) << all[i].name;
    EXPECT_GE(all[i].num_planes, 1);
    EXPECT_LE(all[i].num_planes, 4);
  }
}

TEST(PixelFormat, ParsesFfmpegAndSeedNames) {
  for (const auto& d : all_pixel_formats()) EXPECT_EQ(parse_pixel_format(d.name), d.format);
  EXPECT_EQ(parse_pixel_format("kPF_NV12"), PF_NV12);
  EXPECT_EQ(parse_pixel_format("PF_YUV420P"), PF_YUV420P);
  EXPECT_EQ(parse_pixel_format("RGBA32"), PF_RGBA32);
  EXPECT_EQ(parse_pixel_format("i420"), PF_YUV420P);
  EXPECT_EQ(PixelFormat::PF_NV12, PF_NV12);  // the seed writes both spellings
}

TEST(PixelFormat, UnknownNamesAndValuesAreClearErrors) {
  try {
    parse_pixel_format("nv13");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("nv13"), std::string::npos);
  }
  EXPECT_THROW(pixel_format_desc(static_cast<PixelFormat>(999)), Error);
  EXPECT_THROW(pixel_format_desc(PF_NONE), Error);
  EXPECT_EQ(pixel_format_name(static_cast<PixelFormat>(-7)), "unknown");
}

// For every format FFmpeg also has, plane count, subsampling, depth and the byte size
// of every plane for many sizes (odd ones too) must agree with libavutil.
TEST(PixelFormat, GeometryMatchesFfmpeg) {
  const int sizes[][2] = {{1, 1}, {2, 2}, {3, 5}, {7, 3}, {15, 9}, {16, 16}, {33, 17}, {640, 480},
                          {641, 479}, {1921, 1081}};
  int checked = 0;
  for (const auto& d : all_pixel_formats()) {
    const AVPixelFormat av = av_get_pix_fmt(std::string(d.name).c_str());
    if (av == AV_PIX_FMT_NONE) {
      EXPECT_EQ(d.format, PF_VYUY422) << d.name << " should exist in FFmpeg";
      continue;
    }
    const AVPixFmtDescriptor* ad = av_pix_fmt_desc_get(av);
    ASSERT_NE(ad, nullptr);
    EXPECT_EQ(d.num_planes, av_pix_fmt_count_planes(av)) << d.name;
    EXPECT_EQ(d.log2_chroma_w, ad->log2_chroma_w) << d.name;
    EXPECT_EQ(d.log2_chroma_h, ad->log2_chroma_h) << d.name;
    EXPECT_EQ(d.bit_depth, ad->comp[0].depth) << d.name;
    EXPECT_EQ(d.has_alpha, (ad->flags & AV_PIX_FMT_FLAG_ALPHA) != 0) << d.name;
    EXPECT_EQ(d.is_rgb(), (ad->flags & AV_PIX_FMT_FLAG_RGB) != 0) << d.name;
    for (const auto& s : sizes) {
      const int w = s[0], h = s[1];
      int linesizes[4] = {};
      ASSERT_GE(av_image_fill_linesizes(linesizes, av, w), 0);
      for (int p = 0; p < d.num_planes; ++p) {
        EXPECT_EQ(static_cast<int>(d.plane_row_bytes(p, w)), linesizes[p])
            << d.name << " plane " << p << " width " << w;
        // FFmpeg's chroma height rounds up: -((-h) >> log2_chroma_h).
        const int av_h = (p == 1 || p == 2) ? -((-h) >> ad->log2_chroma_h) : h;
        EXPECT_EQ(d.plane_height(p, h), av_h) << d.name << " plane " << p << " height " << h;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 300);
}

TEST(PixelFormat, OddSizesKeepLastChromaColumnAndRow) {
  const auto& i420 = pixel_format_desc(PF_YUV420P);
  EXPECT_EQ(i420.plane_width(1, 5), 3);
  EXPECT_EQ(i420.plane_height(2, 7), 4);
  const auto& nv12 = pixel_format_desc(PF_NV12);
  EXPECT_EQ(nv12.plane_width(1, 5), 3);
  EXPECT_EQ(nv12.plane_row_bytes(1, 5), 6u);
  const auto& yuyv = pixel_format_desc(PF_YUYV422);
  EXPECT_EQ(yuyv.plane_width(0, 5), 6);  // a pixel pair holds the 5th pixel's chroma
  EXPECT_EQ(yuyv.plane_row_bytes(0, 5), 12u);
  const auto& p010 = pixel_format_desc(PF_P010LE);
  EXPECT_TRUE(p010.msb_aligned);
  EXPECT_EQ(p010.plane_row_bytes(1, 3), 8u);
}

TEST(PixelInfo, UnspecifiedResolvesByDocumentedRule) {
  EXPECT_EQ(PixelInfo(PF_YUVJ420P).infer_range(), CR_JPEG);
  EXPECT_EQ(PixelInfo(PF_YUV420P).infer_range(), CR_MPEG);
  EXPECT_EQ(PixelInfo(PF_NV12).infer_range(), CR_MPEG);
  EXPECT_EQ(PixelInfo(PF_RGB24).infer_range(), CR_JPEG);
  EXPECT_EQ(PixelInfo(PF_GRAY8).infer_range(), CR_JPEG);
  EXPECT_EQ(PixelInfo(PF_NV12).infer_space(), CS_BT470BG);
  EXPECT_EQ(PixelInfo(PF_RGB24).infer_space(), CS_RGB);
  EXPECT_EQ(PixelInfo(PF_NV12, CS_BT709, CR_JPEG).infer_space(), CS_BT709);
  EXPECT_EQ(PixelInfo(PF_NV12, CS_BT709, CR_JPEG).infer_range(), CR_JPEG);
  const PixelInfo r = PixelInfo(PF_YUV420P).resolved();
  EXPECT_EQ(r.space(), CS_BT470BG);
  EXPECT_EQ(r.range(), CR_MPEG);
}

TEST(PixelInfo, SeedConstructionAndValidation) {
  const PixelInfo nv12(PixelFormat::PF_NV12, ColorSpace::CS_BT470BG, ColorRange::CR_MPEG);
  EXPECT_EQ(nv12.format(), PF_NV12);
  EXPECT_TRUE(nv12.is_yuv());
  EXPECT_FALSE(nv12.is_rgbx());
  EXPECT_EQ(nv12.planes(), 2);
  EXPECT_TRUE(PixelInfo(PF_RGB24).is_rgbx());
  // BMF's is_rgbx: one plane, whatever the family.
  EXPECT_TRUE(PixelInfo(PF_GRAY8).is_rgbx());
  EXPECT_TRUE(PixelInfo(PF_YUYV422).is_rgbx());
  EXPECT_FALSE(PixelInfo(PF_GBRP).is_rgbx());
  EXPECT_FALSE(PixelInfo(PF_YUV420P).is_rgbx());
  EXPECT_THROW(PixelInfo(static_cast<PixelFormat>(200)), Error);
  EXPECT_THROW(PixelInfo(PF_NV12, static_cast<ColorSpace>(77)), Error);
  EXPECT_THROW(PixelInfo(PF_NV12, CS_BT709, static_cast<ColorRange>(3)), Error);
}

TEST(Color, NamesParseAndCoefficients) {
  EXPECT_EQ(parse_color_space("bt709"), CS_BT709);
  EXPECT_EQ(parse_color_space("BT601"), CS_BT470BG);
  EXPECT_EQ(parse_color_space("bt2020"), CS_BT2020_NCL);
  EXPECT_EQ(parse_color_range("full"), CR_JPEG);
  EXPECT_EQ(parse_color_range("tv"), CR_MPEG);
  EXPECT_THROW(parse_color_space("bt666"), Error);
  EXPECT_THROW(parse_color_range("medium"), Error);
  for (ColorSpace cs : {CS_BT709, CS_BT470BG, CS_SMPTE170M, CS_BT2020_NCL, CS_FCC, CS_SMPTE240M}) {
    const auto k = luma_coefficients(cs);
    EXPECT_GT(k.kr, 0.2);
    EXPECT_LT(k.kb, 0.12);
    EXPECT_EQ(parse_color_space(color_space_name(cs)), cs);
  }
  EXPECT_THROW(luma_coefficients(CS_YCGCO), Error);
}

TEST(ImageView, ValidateNamesTheProblem) {
  std::vector<uint8_t> buf(64 * 64 * 2);
  ImageView v = make_image_view(PixelInfo(PF_NV12), 64, 64, buf.data(), buf.size());
  EXPECT_NO_THROW(v.validate());
  EXPECT_EQ(v.planes[1].data - v.planes[0].data, 64 * 64);
  ImageView bad = v;
  bad.planes[1].stride = 63;
  try {
    bad.validate("src");
    FAIL();
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("src"), std::string::npos) << m;
    EXPECT_NE(m.find("stride 63"), std::string::npos) << m;
  }
  bad = v;
  bad.planes[0].data = nullptr;
  EXPECT_THROW(bad.validate(), Error);
  bad = v;
  bad.width = 0;
  EXPECT_THROW(bad.validate(), Error);
  EXPECT_THROW(make_image_view(PixelInfo(PF_NV12), 64, 64, buf.data(), 100), Error);
  EXPECT_THROW(make_image_view(PixelInfo(PF_NV12), -1, 64, buf.data(), buf.size()), Error);
}
