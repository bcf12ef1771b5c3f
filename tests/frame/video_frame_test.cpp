#include <gtest/gtest.h>

#include "framekit/core/error.h"
#include "framekit/frame/video_frame.h"

using namespace framekit;

namespace {
struct Tracked {
  static inline int alive = 0;
  int value;
  explicit Tracked(int v) : value(v) { ++alive; }
  ~Tracked() { --alive; }
};
}  // namespace

TEST(VideoFrame, MakeAndProps) {
  VideoFrame vf = VideoFrame::make(640, 320, PixelInfo(PF_RGB24));
  EXPECT_TRUE(static_cast<bool>(vf));
  EXPECT_EQ(vf.width(), 640);
  EXPECT_EQ(vf.height(), 320);
  EXPECT_EQ(vf.frame().format(), PF_RGB24);
  EXPECT_EQ(vf.pts(), kNoPts);
  vf.set_pts(1234);
  vf.set_time_base({1, 90000});
  vf.set_duration(3000);
  vf.metadata()["source"] = "camera-1";
  EXPECT_THROW(vf.set_time_base({1, 0}), Error);
  EXPECT_FALSE(static_cast<bool>(VideoFrame()));

  // Every operation that makes a new VideoFrame keeps the properties (BMF drops them).
  for (const VideoFrame& out : {vf.crop(0, 0, 10, 10), vf.clone(), vf.cpu(), vf.to(Device("cpu"))}) {
    EXPECT_EQ(out.pts(), 1234);
    EXPECT_EQ(out.time_base(), (Rational{1, 90000}));
    EXPECT_EQ(out.duration(), 3000);
    EXPECT_EQ(out.metadata().at("source"), "camera-1");
  }
  EXPECT_EQ(vf.crop(2, 4, 10, 10).width(), 10);
  EXPECT_NE(vf.clone().frame().plane_data(0), vf.frame().plane_data(0));
  EXPECT_THROW(vf.cuda(), Error);
}

TEST(VideoFrame, PrivateAttachmentsOwnedAndShared) {
  ASSERT_EQ(Tracked::alive, 0);
  {
    VideoFrame vf = VideoFrame::make(8, 8, PixelInfo(PF_NV12));
    EXPECT_EQ(vf.private_get<Tracked>(), nullptr);
    vf.private_attach<Tracked>(new Tracked(7));
    EXPECT_EQ(Tracked::alive, 1);
    EXPECT_EQ(vf.private_get<Tracked>()->value, 7);
    EXPECT_EQ(vf.private_get<int>(), nullptr);  // keyed by type
    VideoFrame copy = vf;
    vf.private_attach<Tracked>(new Tracked(8));  // copy keeps the old one
    EXPECT_EQ(copy.private_get<Tracked>()->value, 7);
    EXPECT_EQ(vf.private_get<Tracked>()->value, 8);
    EXPECT_EQ(Tracked::alive, 2);
    VideoFrame rewrapped = vf.with_frame(vf.frame().clone());
    EXPECT_EQ(rewrapped.private_get<Tracked>(), vf.private_get<Tracked>());
    auto shared = std::make_shared<Tracked>(9);
    copy.private_attach(shared);
    EXPECT_EQ(copy.private_get<Tracked>(), shared.get());
    EXPECT_EQ(Tracked::alive, 2);  // 7 was only held by `copy`, and is replaced
  }
  EXPECT_EQ(Tracked::alive, 0);
  VideoFrame only_attachment;
  only_attachment.private_attach<Tracked>(new Tracked(1));
  EXPECT_TRUE(static_cast<bool>(only_attachment));  // a foreign object alone is a valid frame
  only_attachment.private_clear();
  EXPECT_EQ(Tracked::alive, 0);
}
