// Frame row alignment bound (issue 23, finding 11): Frame(16, 16, RGB, cpu, 1 << 30) used
// to reserve 16 GB of padding for 768 bytes of pixels.
#include <gtest/gtest.h>

#include <string>

#include "framekit/core/error.h"
#include "framekit/frame/frame.h"

using namespace framekit;

TEST(FrameLimits, RowAlignAboveAPageIsRefused) {
  for (int align : {1 << 30, 8192, kMaxRowAlign * 2, 0, -64, 3}) {
    try {
      Frame f(16, 16, PixelInfo(PF_RGB24), Device(), align);
      ADD_FAILURE() << "row_align " << align << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      const std::string msg = e.what();
      EXPECT_NE(msg.find(std::to_string(align)), std::string::npos) << msg;
      EXPECT_NE(msg.find(std::to_string(kMaxRowAlign)), std::string::npos) << msg;
    }
  }
  Frame src(16, 16, PixelInfo(PF_RGB24));
  EXPECT_THROW(src.clone(1 << 30), Error);
}

TEST(FrameLimits, PageAlignmentIsTheLargestAccepted) {
  EXPECT_EQ(kMaxRowAlign, 4096);
  Frame f(16, 16, PixelInfo(PF_NV12), Device(), kMaxRowAlign);
  for (int p = 0; p < f.nplanes(); ++p) EXPECT_EQ(f.plane_stride_bytes(p), kMaxRowAlign);
  Frame g = f.clone(kMaxRowAlign);
  EXPECT_EQ(g.plane_stride_bytes(0), kMaxRowAlign);
}
