// The seed's C++ snippets (003_56eb441d730cb445.txt), copied verbatim into test bodies,
// compiled through the BMF compatibility headers. Lines marked "harness" are not from
// the seed: they give a snippet the variables an earlier snippet defined, or check
// more than the seed does.
#include <gtest/gtest.h>

#include <framekit/compat/bmf.h>

using namespace bmf_sdk;  // harness: BMF's tests do the same

namespace bmf_sdk {
// The seed's declaration of the interface, verbatim: it must redeclare the very
// function the compatibility header defines.
/** @addtogroup bmf_backend_convert
 * @{
 * @arg src_vf: src VideoFrame
 * @arg src_dp: src MediaDesc that describe src_vf's attributes
 * @arg dst_dp: The desired MediaDesc of the converted VideoFrame.
 * @} */
BMF_API VideoFrame bmf_convert(VideoFrame& src_vf, const MediaDesc &src_dp, const MediaDesc &dst_dp);
}  // namespace bmf_sdk

// "VideoFrame scale 和 colorspace conversion"
TEST(BmfSeed, ScaleAndColorspaceConversion) {
    MediaDesc dp;
    dp.width(1920).pixel_format(hmp::PF_YUV420P);
    auto rgbformat = hmp::PixelInfo(hmp::PF_RGB24);
    auto src_vf = VideoFrame::make(640, 320, rgbformat);
    auto dst_vf = bmf_convert(src_vf, MediaDesc{},  dp);
    EXPECT_EQ(dst_vf.width(), 1920);
    EXPECT_EQ(dst_vf.height(), 960);
    EXPECT_EQ(dst_vf.frame().format(), hmp::PF_YUV420P);
}

// "设备内存传输"
TEST(BmfSeed, DeviceTransfer) {
  auto src_vf = VideoFrame::make(64, 32, hmp::PixelInfo(hmp::PF_RGB24));  // harness
  auto gpu_snippet = [&] {  // harness
    MediaDesc dp;
    dp.device(hmp::Device("gpu")); // or hmp::Device("cpu")
    auto dst_vf = bmf_convert(src_vf, MediaDesc{},  dp);
    return dst_vf;  // harness
  };
  if (hmp::Device("gpu").available()) {  // harness
    EXPECT_EQ(gpu_snippet().device().type(), hmp::Device::kCUDA);
  } else {
    // No CUDA here: a clear error naming the device, not a crash.
    try {
      gpu_snippet();
      ADD_FAILURE() << "expected framekit::Error";
    } catch (const framekit::Error& e) {
      EXPECT_EQ(e.code(), framekit::ErrorCode::kDeviceUnavailable);
      EXPECT_NE(std::string(e.what()).find("cuda"), std::string::npos) << e.what();
    }
  }
  {  // the "or hmp::Device("cpu")" variant
    MediaDesc dp;
    dp.device(hmp::Device("cpu"));
    auto dst_vf = bmf_convert(src_vf, MediaDesc{},  dp);
    EXPECT_EQ(dst_vf.frame().plane_data(0), src_vf.frame().plane_data(0));  // harness
  }
}

#ifdef FRAMEKIT_HAVE_FFMPEG_ADAPTER
    #include <bmf/sdk/av_convertor.h>

// "VideoFrame 转 ffmpeg AVFrame" followed by "AVFrame 转 VideoFrame", which uses the
// `frame` the first snippet got.
TEST(BmfSeed, VideoFrameToAVFrameAndBack) {
    MediaDesc dp;
    dp.width(1920).height(1080).pixel_format(hmp::PF_RGB24).media_type(MediaType::kAVFrame);
    auto yuvformat = hmp::PixelInfo(hmp::PF_YUV420P);
    auto src_vf = VideoFrame::make(640, 320, yuvformat);

    auto dst_vf = bmf_convert(src_vf, MediaDesc{}, dp);
    EXPECT_TRUE(static_cast<bool>(dst_vf));

    const AVFrame* frame = dst_vf.private_get<AVFrame>();
    EXPECT_EQ(frame->width, 1920);
    EXPECT_EQ(frame->height, 1080);
    EXPECT_EQ(frame->format, AV_PIX_FMT_RGB24);

    VideoFrame src_with_avf;
    src_with_avf.private_attach<AVFrame>(frame);
    MediaDesc src_dp;
    src_dp.pixel_format(hmp::PF_RGB24).media_type(MediaType::kAVFrame);
    VideoFrame vf = bmf_convert(src_with_avf, src_dp, MediaDesc{});

  // harness: the result is the AVFrame's pixels, shared, and outlives both sources.
  EXPECT_EQ(vf.width(), 1920);
  EXPECT_EQ(vf.height(), 1080);
  EXPECT_EQ(vf.frame().format(), hmp::PF_RGB24);
  EXPECT_EQ(vf.frame().plane_data(0), frame->data[0]);
  EXPECT_EQ(vf.frame().plane_data(0), dst_vf.frame().plane_data(0));
  // private_attach took its own reference: the snippet's `frame` still belongs to
  // dst_vf, and dropping either side is safe (ASan checks).
  EXPECT_NE(src_with_avf.private_get<AVFrame>(), frame);
  dst_vf = VideoFrame();
  src_with_avf = VideoFrame();
  EXPECT_EQ(vf.frame().clone().width(), 1920);
}
#endif
