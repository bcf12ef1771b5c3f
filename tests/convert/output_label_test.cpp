// The output label rules (framekit/pixel/color_label.h), as reformat(), convert() and
// raw outputs apply them: each case states the documented outcome by hand.
#include <gtest/gtest.h>

#include "framekit/color/color.h"
#include "framekit/color/reformat.h"
#include "framekit/convert/convert.h"
#include "framekit/pixel/color_label.h"

namespace framekit {
namespace {

PixelInfo info(PixelFormat f, ColorSpace cs = CS_UNSPECIFIED, ColorRange cr = CR_UNSPECIFIED) {
  return PixelInfo(f, cs, cr);
}

// The label the whole frame paths give, next to what the rule function says.
PixelInfo reformatted(const PixelInfo& src, const PixelInfo& requested) {
  return reformat(Frame(32, 16, src), requested).pix_info();
}
PixelInfo converted(const PixelInfo& src, const MediaDesc& d) {
  return convert(VideoFrame(Frame(32, 16, src)), MediaDesc{}, d).frame().pix_info();
}

TEST(OutputLabel, ConversionSpaceTakesTheOtherSidesExplicitYuvMatrix) {
  EXPECT_EQ(conversion_space(info(PF_YUV420P), info(PF_NV12, CS_BT709)), CS_BT709);
  EXPECT_EQ(conversion_space(info(PF_GRAY8), info(PF_NV12, CS_BT2020_NCL)), CS_BT2020_NCL);
  // An RGB frame tagged with a matrix, as the seed does, lends it to YUV …
  EXPECT_EQ(conversion_space(info(PF_NV12), info(PF_RGB24, CS_BT709)), CS_BT709);
  // … but RGB itself always keeps its own label, and CS_RGB is no YUV matrix.
  EXPECT_EQ(conversion_space(info(PF_RGB24), info(PF_NV12, CS_BT709)), CS_RGB);
  EXPECT_EQ(conversion_space(info(PF_NV12), info(PF_RGB24, CS_RGB)), CS_BT470BG);
  // A side's own matrix wins; nothing said anywhere is BT.601.
  EXPECT_EQ(conversion_space(info(PF_NV12, CS_FCC), info(PF_NV12, CS_BT709)), CS_FCC);
  EXPECT_EQ(conversion_space(info(PF_NV12), info(PF_YUV420P)), CS_BT470BG);
  EXPECT_EQ(conversion_space(info(PF_NV12, CS_RESERVED), info(PF_NV12, CS_BT709)), CS_BT709);
}

TEST(OutputLabel, ReformatWritesDownAnInheritedMatrix) {
  const PixelInfo nv12_709(PF_NV12, CS_BT709, CR_MPEG);
  EXPECT_EQ(resolve_output_label(nv12_709, info(PF_YUV420P)), info(PF_YUV420P, CS_BT709));
  EXPECT_EQ(reformatted(nv12_709, info(PF_YUV420P)), info(PF_YUV420P, CS_BT709));
  // The default matrix needs no writing down, and the range stays the request's.
  EXPECT_EQ(reformatted(info(PF_NV12, CS_BT470BG, CR_JPEG), info(PF_YUV420P)), info(PF_YUV420P));
  // RGB outputs carry no matrix of the source.
  EXPECT_EQ(reformatted(nv12_709, info(PF_RGB24)), info(PF_RGB24));
  EXPECT_EQ(reformatted(info(PF_RGB24, CS_BT709), info(PF_NV12)), info(PF_NV12, CS_BT709));
  // What the request names stays.
  EXPECT_EQ(reformatted(nv12_709, info(PF_YUV420P, CS_BT2020_NCL, CR_JPEG)),
            info(PF_YUV420P, CS_BT2020_NCL, CR_JPEG));
}

TEST(OutputLabel, ConvertKeepsTheSourceWithinAFamily) {
  const PixelInfo nv12(PF_NV12, CS_BT709, CR_JPEG, CP_BT709, CTC_BT709);
  const PixelInfo same_family(PF_YUV420P, CS_BT709, CR_JPEG, CP_BT709, CTC_BT709);
  const OutputLabelRules keep{OutputLabelMode::kKeepSource};
  EXPECT_EQ(resolve_output_label(nv12, info(PF_YUV420P), keep), same_family);
  EXPECT_EQ(converted(nv12, MediaDesc().pixel_format(PF_YUV420P)), same_family);
  // A YUVJ target is full range by itself: its range is not inherited.
  EXPECT_EQ(converted(info(PF_NV12, CS_BT709, CR_MPEG), MediaDesc().pixel_format(PF_YUVJ420P)),
            info(PF_YUVJ420P, CS_BT709));
  // Across families only primaries and transfer carry over.
  EXPECT_EQ(converted(nv12, MediaDesc().pixel_format(PF_RGB24)),
            PixelInfo(PF_RGB24, CS_UNSPECIFIED, CR_UNSPECIFIED, CP_BT709, CTC_BT709));
  EXPECT_EQ(converted(info(PF_RGB24, CS_BT709), MediaDesc().pixel_format(PF_NV12)), info(PF_NV12));
  // Explicit requests win.
  EXPECT_EQ(converted(nv12, MediaDesc().pixel_format(PF_YUV420P).color_range(CR_MPEG)),
            PixelInfo(PF_YUV420P, CS_BT709, CR_MPEG, CP_BT709, CTC_BT709));
}

TEST(OutputLabel, AnUnstoredRangeIsTheFormatsUsualOne) {
  const OutputLabelRules raw{OutputLabelMode::kKeepSource, true};
  const PixelInfo full_nv12(PF_NV12, CS_BT709, CR_JPEG);
  // Limited for YUV even from a full-range source, full for YUVJ, RGB and gray.
  EXPECT_EQ(resolve_output_label(full_nv12, info(PF_YUV420P), raw).range(), CR_MPEG);
  EXPECT_EQ(resolve_output_label(full_nv12, info(PF_YUVJ420P), raw).range(), CR_JPEG);
  EXPECT_EQ(resolve_output_label(info(PF_NV12, CS_BT709, CR_MPEG), info(PF_RGB24), raw).range(),
            CR_JPEG);
  EXPECT_EQ(resolve_output_label(full_nv12, info(PF_YUV420P, CS_UNSPECIFIED, CR_JPEG), raw).range(),
            CR_JPEG);
  // The matrix is still kept within the family.
  EXPECT_EQ(resolve_output_label(full_nv12, info(PF_YUV420P), raw).space(), CS_BT709);
}

TEST(OutputLabel, ResolveConversionUsesTheSameMatrixRule) {
  const PixelInfo srcs[] = {info(PF_NV12, CS_BT709), info(PF_RGB24, CS_BT709), info(PF_GRAY8),
                            info(PF_NV12), info(PF_YUV420P10LE, CS_BT2020_NCL, CR_JPEG)};
  const PixelInfo dsts[] = {info(PF_YUV420P), info(PF_RGB24), info(PF_GRAY8, CS_FCC),
                            info(PF_NV12, CS_SMPTE240M, CR_MPEG)};
  for (const auto& s : srcs) {
    for (const auto& d : dsts) {
      const ResolvedConversion r = resolve_conversion(s, d);
      EXPECT_EQ(r.src.space(), conversion_space(s, d)) << s.str() << " -> " << d.str();
      EXPECT_EQ(r.dst.space(), conversion_space(d, s)) << s.str() << " -> " << d.str();
      EXPECT_EQ(r.dst.range(), d.infer_range());
    }
  }
}

}  // namespace
}  // namespace framekit
