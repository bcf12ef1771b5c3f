// convert_color's contract: bad input gives a clear error and writes nothing outside
// the buffers; space/range resolution; which engine runs; the raw-buffer helper.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "framekit/color/color.h"
#include "framekit/core/error.h"
#include "framekit/core/parallel.h"
#include "testing/color_reference.h"

namespace framekit {
namespace {

using color_ref::OwnedImage;

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ColorApi, MismatchedSizeNamesBothSizes) {
  OwnedImage src(PixelInfo(PF_NV12), 64, 32), dst(PixelInfo(PF_RGB24), 64, 30);
  const std::string msg = error_of([&] { convert_color(src.view, dst.view); });
  EXPECT_NE(msg.find("64x30"), std::string::npos) << msg;
  EXPECT_NE(msg.find("64x32"), std::string::npos) << msg;
}

TEST(ColorApi, UnsupportedSpaceIsReported) {
  OwnedImage src(PixelInfo(PF_NV12, CS_BT2020_CL), 16, 16), dst(PixelInfo(PF_RGB24), 16, 16);
  try {
    convert_color(src.view, dst.view);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported);
    EXPECT_NE(std::string(e.what()).find("bt2020c"), std::string::npos) << e.what();
  }
  OwnedImage src2(PixelInfo(PF_RGB24), 16, 16), dst2(PixelInfo(PF_YUV420P, CS_ICTCP), 16, 16);
  EXPECT_THROW(convert_color(src2.view, dst2.view), Error);
}

// YUV -> YUV where only one side names a space: the other side inherits it, and the
// error must name the side the user gave the unsupported space to.
TEST(ColorApi, UnsupportedSpaceNamesTheSideThatGaveIt) {
  OwnedImage plain(PixelInfo(PF_NV12), 16, 16);
  OwnedImage ictcp(PixelInfo(PF_YUV420P, CS_ICTCP), 16, 16);
  const std::string to = error_of([&] { convert_color(plain.view, ictcp.view); });
  EXPECT_EQ(to.rfind("dst", 0), 0u) << to;
  EXPECT_NE(to.find("ictcp"), std::string::npos) << to;
  const std::string from = error_of([&] { convert_color(ictcp.view, plain.view); });
  EXPECT_EQ(from.rfind("src", 0), 0u) << from;
}

TEST(ColorApi, NullPlanesAndSmallStrides) {
  OwnedImage src(PixelInfo(PF_NV12), 32, 8), dst(PixelInfo(PF_RGB24), 32, 8);
  ImageView bad = src.view;
  bad.planes[1].data = nullptr;
  EXPECT_NE(error_of([&] { convert_color(bad, dst.view); }).find("null"), std::string::npos);
  bad = dst.view;
  bad.planes[0].stride = 32 * 3 - 1;
  EXPECT_NE(error_of([&] { convert_color(src.view, bad); }).find("stride"), std::string::npos);
  bad = src.view;
  bad.info = PixelInfo();
  EXPECT_FALSE(error_of([&] { convert_color(bad, dst.view); }).empty());
  bad = src.view;
  bad.width = 0;
  EXPECT_FALSE(error_of([&] { convert_color(bad, dst.view); }).empty());
  // The same memory as source and destination.
  ImageView alias = dst.view;
  alias.info = PixelInfo(PF_BGR24);
  EXPECT_NE(error_of([&] { convert_color(dst.view, alias); }).find("same memory"),
            std::string::npos);
}

TEST(ColorApi, NothingWrittenOutsideTheRows) {
  // Row padding of the destination keeps its guard bytes for every engine.
  for (PixelFormat d :
       {PF_RGB24, PF_BGRA32, PF_NV12, PF_YUV420P, PF_YUYV422, PF_P010LE, PF_GBRPF32})
    for (PixelFormat s : {PF_NV12, PF_RGB24, PF_BGRA32, PF_YUV444P10LE})
      for (int w : {1, 63, 130}) {
        OwnedImage src(PixelInfo(s), w, 5), dst(PixelInfo(d), w, 5, 7);
        color_ref::fill(src.view, 1);
        convert_color(src.view, dst.view);
        const auto& dd = dst.view.desc();
        for (int p = 0; p < dd.num_planes; ++p)
          for (int y = 0; y < dst.view.plane_height(p); ++y) {
            const uint8_t* row = dst.view.planes[p].row(y);
            const size_t used = dd.plane_row_bytes(p, w);
            for (size_t i = used; i < used + 7; ++i)
              ASSERT_EQ(row[i], 0xCD) << pixel_format_name(s) << " -> " << pixel_format_name(d)
                                      << " plane " << p << " w=" << w;
          }
      }
}

TEST(ColorApi, Resolution) {
  // Unspecified YUV destination space follows the source's explicit one.
  auto r = resolve_conversion(PixelInfo(PF_NV12, CS_BT709), PixelInfo(PF_YUV420P));
  EXPECT_EQ(r.dst.space(), CS_BT709);
  EXPECT_EQ(r.dst.range(), CR_MPEG);
  // An RGB frame tagged bt709 (the seed's example) decides the YUV matrix.
  r = resolve_conversion(PixelInfo(PF_RGB24, CS_BT709, CR_MPEG), PixelInfo(PF_NV12));
  EXPECT_EQ(r.dst.space(), CS_BT709);
  EXPECT_EQ(r.src.range(), CR_MPEG);  // limited-range RGB
  r = resolve_conversion(PixelInfo(PF_NV12), PixelInfo(PF_RGB24));
  EXPECT_EQ(r.src.space(), CS_BT470BG);
  EXPECT_EQ(r.src.range(), CR_MPEG);
  EXPECT_EQ(r.dst.range(), CR_JPEG);
  r = resolve_conversion(PixelInfo(PF_YUVJ420P), PixelInfo(PF_YUV420P));
  EXPECT_EQ(r.src.range(), CR_JPEG);
  EXPECT_EQ(r.dst.range(), CR_MPEG);
  // Explicit values are kept.
  r = resolve_conversion(PixelInfo(PF_NV12, CS_BT709, CR_JPEG),
                         PixelInfo(PF_NV12, CS_FCC, CR_MPEG));
  EXPECT_EQ(r.dst.space(), CS_FCC);
  EXPECT_EQ(r.src.range(), CR_JPEG);
}

TEST(ColorApi, RepackKeepsSamplesExactly) {
  // Same model and chroma grid: plane copies/re-lays only.
  OwnedImage nv12(PixelInfo(PF_NV12, CS_BT709), 33, 9), i420(PixelInfo(PF_YUV420P), 33, 9),
      nv21(PixelInfo(PF_NV21), 33, 9), back(PixelInfo(PF_NV12), 33, 9);
  color_ref::fill(nv12.view, 4);
  EXPECT_EQ(color_conversion_path(nv12.view, i420.view), "repack:yuv");
  convert_color(nv12.view, i420.view);
  convert_color(i420.view, nv21.view);
  convert_color(nv21.view, back.view);
  EXPECT_EQ(color_ref::max_diff(nv12.view, back.view), 0.0);
  OwnedImage p010(PixelInfo(PF_P010LE), 33, 9), i010(PixelInfo(PF_YUV420P10LE), 33, 9),
      p010b(PixelInfo(PF_P010LE), 33, 9);
  color_ref::fill(p010.view, 5);
  convert_color(p010.view, i010.view);
  convert_color(i010.view, p010b.view);
  EXPECT_EQ(color_ref::max_diff(p010.view, p010b.view), 0.0);
}

TEST(ColorApi, PathsChosen) {
  auto path = [](PixelFormat s, PixelFormat d, ColorConvertOptions o = {}) {
    OwnedImage a(PixelInfo(s), 8, 8), b(PixelInfo(d), 8, 8);
    return color_conversion_path(a.view, b.view, o);
  };
  EXPECT_EQ(path(PF_NV12, PF_RGB24), "fused:yuv8_to_rgb8");
  EXPECT_EQ(path(PF_YUYV422, PF_BGRA32), "fused:yuv8_to_rgb8");
  EXPECT_EQ(path(PF_BGRA32, PF_NV12), "fused:rgb8_to_yuv8");
  EXPECT_EQ(path(PF_RGB24, PF_BGRA32), "repack:rgb");
  EXPECT_EQ(path(PF_NV12, PF_NV12), "repack:copy");
  EXPECT_EQ(path(PF_P010LE, PF_RGB48), "general");
  ColorConvertOptions general;
  general.use_fast_paths = false;
  EXPECT_EQ(path(PF_NV12, PF_RGB24, general), "general");
}

TEST(ColorApi, PackedImageHelper) {
  EXPECT_EQ(packed_image_size(PF_NV12, 5, 3), 5u * 3 + 3u * 2 * 2);
  EXPECT_EQ(packed_image_size(PF_YUYV422, 5, 2), 6u * 2 * 2);
  EXPECT_THROW(packed_image_size(PF_NV12, 0, 3), Error);
  OwnedImage rgb(PixelInfo(PF_RGB24), 9, 4), nv12(PixelInfo(PF_NV12), 9, 4);
  color_ref::fill(rgb.view, 2);
  convert_color(rgb.view, nv12.view);
  std::vector<uint8_t> packed(packed_image_size(PF_RGB24, 9, 4));
  for (int y = 0; y < 4; ++y) std::memcpy(&packed[y * 27], rgb.view.planes[0].row(y), 27);
  const auto out = convert_packed_image(PixelInfo(PF_RGB24), 9, 4, packed.data(), packed.size(),
                                        PixelInfo(PF_NV12));
  ASSERT_EQ(out.size(), packed_image_size(PF_NV12, 9, 4));
  const ImageView ov =
      make_image_view(PixelInfo(PF_NV12), 9, 4, const_cast<uint8_t*>(out.data()), out.size());
  EXPECT_EQ(color_ref::max_diff(ov, nv12.view), 0.0);
  try {
    convert_packed_image(PixelInfo(PF_RGB24), 9, 4, packed.data(), packed.size() - 1,
                         PixelInfo(PF_NV12));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBufferTooSmall);
  }
}

// The seed's shapes: a 640x320 RGB24 frame to YUV420P and back, and RGB into NV12
// with BT.601 limited as in the seed's Python example.
TEST(ColorApi, SeedExamples) {
  OwnedImage rgb(PixelInfo(PF_RGB24, CS_BT709, CR_MPEG), 640, 320);
  color_ref::fill(rgb.view, 9, true);
  OwnedImage yuv(PixelInfo(PF_YUV420P), 640, 320);
  convert_color(rgb.view, yuv.view);
  OwnedImage nv12(PixelInfo(PF_NV12, CS_BT470BG, CR_MPEG), 640, 320);
  convert_color(rgb.view, nv12.view);
  OwnedImage ref(PixelInfo(PF_NV12, CS_BT470BG, CR_MPEG), 640, 320);
  const auto r = resolve_conversion(rgb.view.info, ref.view.info);
  ImageView rs = rgb.view, rd = ref.view;
  rs.info = r.src;
  rd.info = r.dst;
  color_ref::convert(rs, rd);
  EXPECT_LE(color_ref::max_diff(nv12.view, ref.view), 1.0);
}

}  // namespace
}  // namespace framekit

namespace framekit {
namespace {

// Row bands on several threads give the same bytes as one thread, for every engine.
TEST(ColorApi, ThreadsDoNotChangeResults) {
  const int w = 301, h = 517;  // several bands, odd sizes
  const std::pair<PixelFormat, PixelFormat> pairs[] = {
      {PF_NV12, PF_BGRA32}, {PF_BGR24, PF_YUV420P}, {PF_P010LE, PF_RGB48}, {PF_NV12, PF_YUV420P}};
  const int saved = get_num_threads();
  for (auto [s, d] : pairs) {
    OwnedImage src(PixelInfo(s), w, h), one(PixelInfo(d), w, h), many(PixelInfo(d), w, h);
    color_ref::fill(src.view, 12);
    set_num_threads(1);
    convert_color(src.view, one.view);
    set_num_threads(4);
    convert_color(src.view, many.view);
    EXPECT_EQ(color_ref::max_diff(one.view, many.view), 0.0) << pixel_format_name(s);
  }
  std::vector<float> t1(3 * w * h), t4(3 * w * h);
  OwnedImage nv12(PixelInfo(PF_NV12), w, h);
  color_ref::fill(nv12.view, 13);
  set_num_threads(1);
  convert_to_tensor(nv12.view, ImageTensorView::contiguous(t1.data(), kFloat32, kNCHW, 3, h, w));
  set_num_threads(4);
  convert_to_tensor(nv12.view, ImageTensorView::contiguous(t4.data(), kFloat32, kNCHW, 3, h, w));
  EXPECT_EQ(t1, t4);
  set_num_threads(saved);
}

}  // namespace
}  // namespace framekit
