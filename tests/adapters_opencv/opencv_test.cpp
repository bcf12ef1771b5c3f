// The cv::Mat adapter: layouts checked by OpenCV's own cvtColor, zero-copy by pointer
// identity and writes, lifetimes both ways (ASan), ROI Mats, errors.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "framekit/convert/convert.h"
#include "framekit/convert/opencv.h"
#include "testing/convert_test_util.h"

using namespace framekit;
using namespace framekit::opencv;
using fk_test::expect_error;

namespace {

// A BGR test image with structure in every channel.
cv::Mat make_bgr(int w, int h) {
  cv::Mat m(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      m.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uint8_t>(x * 3 + y),
                                        static_cast<uint8_t>(y * 5), static_cast<uint8_t>(x ^ y));
  return m;
}

uint8_t at(const Frame& f, int p, int x, int y, int c = 0) {
  const int ch = f.desc().planes[p].channels;
  return static_cast<const uint8_t*>(f.plane_data(p))[y * f.plane_stride_bytes(p) + x * ch + c];
}

// Whether two Mats hold the same pixels.
bool same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

}  // namespace

TEST(OpenCVAdapter, PackedMatsAreSharedBothWays) {
  cv::Mat bgr = make_bgr(40, 30);
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  bool copied = true;
  Frame f = from_mat(rgb, PF_RGB24, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(f.plane_data(0), rgb.data);
  EXPECT_EQ(f.plane_stride_bytes(0), static_cast<int64_t>(rgb.step[0]));
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 40; ++x)
      for (int c = 0; c < 3; ++c) ASSERT_EQ(at(f, 0, x, y, c), bgr.at<cv::Vec3b>(y, x)[2 - c]);
  // OpenCV's convention without a format: 3 channels are BGR.
  EXPECT_EQ(from_mat(bgr).format(), PF_BGR24);

  cv::Mat back = to_mat(f);
  EXPECT_EQ(back.data, rgb.data);
  EXPECT_EQ(back.type(), CV_8UC3);
  cv::Mat bgr2;
  cv::cvtColor(back, bgr2, cv::COLOR_RGB2BGR);
  EXPECT_TRUE(same(bgr2, bgr));
  // Writes go both ways.
  back.at<cv::Vec3b>(3, 4)[1] = 250;
  EXPECT_EQ(at(f, 0, 4, 3, 1), 250);
  static_cast<uint8_t*>(f.plane_data(0))[0] = 7;
  EXPECT_EQ(rgb.data[0], 7);
  cv::Mat owned = to_mat(f, /*copy=*/true);
  EXPECT_NE(owned.data, rgb.data);
  EXPECT_TRUE(same(owned, rgb));
}

TEST(OpenCVAdapter, MatOutlivesFrameAndFrameOutlivesMat) {
  std::weak_ptr<Buffer> weak;
  cv::Mat m;
  {
    Frame f(33, 17, PixelInfo(PF_BGRA32));
    fk_test::fill_pattern(f, 4);
    weak = f.plane(0).buffer();
    m = to_mat(f);
    EXPECT_EQ(m.data, f.plane_data(0));
    EXPECT_EQ(m.cols, 33);
  }
  // The Mat holds the frame's memory: reading it all is fine under ASan.
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(m.at<cv::Vec4b>(16, 32)[3], fk_test::pattern_byte(0, 16, 32 * 4 + 3, 4));
  cv::Mat shared = m;  // refcount shared with the UMatData
  cv::Mat roi = m(cv::Rect(1, 1, 8, 8));
  m.release();
  shared.release();
  EXPECT_FALSE(weak.expired());  // the ROI still holds it
  EXPECT_DOUBLE_EQ(cv::sum(roi)[0] >= 0, true);
  roi.release();
  EXPECT_TRUE(weak.expired());

  Frame g;
  {
    cv::Mat src = make_bgr(16, 8);
    g = from_mat(src);
  }
  // The frame holds the Mat's data after the Mat is gone.
  const cv::Mat ref = make_bgr(16, 8);
  for (int x = 0; x < 16; ++x) EXPECT_EQ(at(g, 0, x, 7, 2), ref.at<cv::Vec3b>(7, x)[2]);
  // A Mat over reallocated storage is OpenCV's, not ours: create() must work.
  cv::Mat re = to_mat(g);
  re.create(4, 4, CV_8UC1);
  re.setTo(1);
  EXPECT_EQ(re.at<uint8_t>(3, 3), 1);
}

TEST(OpenCVAdapter, RoiMatsAreViewedWithTheirStep) {
  // The BMF test's pattern: a 1920x1080 RGB Mat, a ROI of it back into a frame.
  cv::Mat full = make_bgr(1920, 1080);
  cv::Mat roi = full(cv::Rect(100, 50, 1280, 720));
  EXPECT_FALSE(roi.isContinuous());
  bool copied = true;
  Frame f = from_mat(roi, PF_BGR24, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(f.width(), 1280);
  EXPECT_EQ(f.height(), 720);
  EXPECT_EQ(f.plane_data(0), roi.data);
  EXPECT_EQ(f.plane_stride_bytes(0), 1920 * 3);
  for (int y : {0, 1, 719})
    for (int x : {0, 7, 1279})
      for (int c = 0; c < 3; ++c)
        ASSERT_EQ(at(f, 0, x, y, c), full.at<cv::Vec3b>(50 + y, 100 + x)[c]);
  // Exported again, the Mat has the same step and pixels.
  cv::Mat back = to_mat(f);
  EXPECT_EQ(back.data, roi.data);
  EXPECT_EQ(back.step[0], roi.step[0]);
  EXPECT_TRUE(same(back, roi));
}

TEST(OpenCVAdapter, I420MatchesOpenCVsLayout) {
  cv::Mat bgr = make_bgr(64, 48);
  cv::Mat i420;
  cv::cvtColor(bgr, i420, cv::COLOR_BGR2YUV_I420);
  ASSERT_EQ(i420.rows, 72);
  bool copied = true;
  Frame f = from_mat(i420, PF_YUV420P, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(f.width(), 64);
  EXPECT_EQ(f.height(), 48);
  EXPECT_EQ(f.plane_data(0), i420.data);
  EXPECT_EQ(f.plane_data(1), i420.data + 64 * 48);
  EXPECT_EQ(f.plane_data(2), i420.data + 64 * 48 + 32 * 24);
  // Exported back, OpenCV decodes it exactly as it decodes its own.
  cv::Mat out = to_mat(f);
  EXPECT_EQ(out.data, i420.data);
  cv::Mat a, b;
  cv::cvtColor(i420, a, cv::COLOR_YUV2BGR_I420);
  cv::cvtColor(out, b, cv::COLOR_YUV2BGR_I420);
  EXPECT_TRUE(same(a, b));
  // A framekit-allocated I420 frame whose planes follow each other is shared too;
  // OpenCV reads the planes framekit wrote.
  Frame g(64, 48, PixelInfo(PF_YUV420P));
  g.copy_from(f);
  cv::Mat gm = to_mat(g);
  EXPECT_EQ(gm.data, g.plane_data(0));
  cv::cvtColor(gm, b, cv::COLOR_YUV2BGR_I420);
  EXPECT_TRUE(same(a, b));
}

TEST(OpenCVAdapter, Nv12AndNv21MatchOpenCVsLayout) {
  cv::Mat bgr = make_bgr(48, 32);
  cv::Mat i420, ref;
  cv::cvtColor(bgr, i420, cv::COLOR_BGR2YUV_I420);
  cv::cvtColor(i420, ref, cv::COLOR_YUV2BGR_I420);
  Frame planar = from_mat(i420, PF_YUV420P);
  for (PixelFormat fmt : {PF_NV12, PF_NV21}) {
    // Interleave the I420 chroma by hand into a framekit NV12/NV21 frame (planes at a
    // 64-byte boundary after 48*32 luma bytes: laid out as OpenCV expects).
    Frame nv(48, 32, PixelInfo(fmt));
    std::memcpy(nv.plane_data(0), planar.plane_data(0), 48 * 32);
    for (int y = 0; y < 16; ++y)
      for (int x = 0; x < 24; ++x) {
        auto* uv = static_cast<uint8_t*>(nv.plane_data(1)) + y * nv.plane_stride_bytes(1) + x * 2;
        const bool swap = fmt == PF_NV21;
        uv[swap ? 1 : 0] = at(planar, 1, x, y);
        uv[swap ? 0 : 1] = at(planar, 2, x, y);
      }
    cv::Mat m = to_mat(nv);
    EXPECT_EQ(m.data, nv.plane_data(0));
    cv::Mat dec;
    cv::cvtColor(m, dec, fmt == PF_NV12 ? cv::COLOR_YUV2BGR_NV12 : cv::COLOR_YUV2BGR_NV21);
    EXPECT_TRUE(same(dec, ref)) << pixel_format_name(fmt);
    // And a Mat in that layout reads back as the same planes, zero-copy.
    Frame back = from_mat(m, fmt);
    EXPECT_EQ(back.plane_data(1), nv.plane_data(1));
    EXPECT_EQ(fk_test::tight_bytes(back), fk_test::tight_bytes(nv));
  }
  // NV12 ROI Mats keep a single step: still viewed in place.
  cv::Mat big(72, 96, CV_8UC1);
  cv::randu(big, 0, 255);
  cv::Mat roi = big(cv::Rect(16, 0, 48, 72));
  bool copied = true;
  Frame r = from_mat(roi, PF_NV12, &copied);
  EXPECT_FALSE(copied);
  EXPECT_EQ(r.height(), 48);
  EXPECT_EQ(at(r, 1, 3, 5, 1), roi.at<uint8_t>(48 + 5, 7));
}

TEST(OpenCVAdapter, I420RoiIsGatheredLikeOpenCVReadsIt) {
  // A non-continuous I420 Mat: OpenCV reads chroma rows at alternating offsets. The
  // copy framekit makes must decode to the same picture.
  for (int h : {48, 44}) {  // h % 4 == 0 and == 2 (the V plane starts mid-row)
    SCOPED_TRACE(h);
    cv::Mat big(h * 3 / 2, 100, CV_8UC1);
    cv::randu(big, 16, 235);
    cv::Mat roi = big(cv::Rect(20, 0, 64, h * 3 / 2));
    bool copied = false;
    Frame f = from_mat(roi, PF_YUV420P, &copied);
    EXPECT_TRUE(copied);
    cv::Mat a, b;
    cv::cvtColor(roi, a, cv::COLOR_YUV2BGR_I420);
    cv::cvtColor(to_mat(f), b, cv::COLOR_YUV2BGR_I420);
    EXPECT_TRUE(same(a, b));
  }
}

TEST(OpenCVAdapter, SixteenBitFloatAndPacked422) {
  cv::Mat m16(10, 12, CV_16UC3);
  cv::randu(m16, 0, 65535);
  Frame f = from_mat(m16);
  EXPECT_EQ(f.format(), PF_BGR48);
  EXPECT_EQ(f.plane_data(0), m16.data);
  EXPECT_EQ(static_cast<const uint16_t*>(f.plane_data(0))[5 * 36 + 7], m16.at<cv::Vec3w>(5, 2)[1]);
  cv::Mat back = to_mat(Frame(f.data(), PixelInfo(PF_RGB48)));
  EXPECT_EQ(back.type(), CV_16UC3);
  EXPECT_TRUE(same(back, m16));
  cv::Mat g16(4, 4, CV_16UC1, cv::Scalar(1000));
  EXPECT_EQ(from_mat(g16).format(), PF_GRAY16);
  // Float BGR has no packed framekit twin: copied to planar float.
  cv::Mat mf(4, 6, CV_32FC3, cv::Scalar(0.25, 0.5, 0.75));
  bool copied = false;
  Frame ff = from_mat(mf, PF_NONE, &copied);
  EXPECT_TRUE(copied);
  EXPECT_EQ(ff.format(), PF_GBRPF32);
  // YUYV as OpenCV's CV_8UC2: decodes like OpenCV's own.
  cv::Mat yuyv(8, 16, CV_8UC2);
  cv::randu(yuyv, 16, 235);
  Frame fy = from_mat(yuyv, PF_YUYV422);
  EXPECT_EQ(fy.width(), 16);
  EXPECT_EQ(fy.plane_data(0), yuyv.data);
  cv::Mat a, b;
  cv::cvtColor(yuyv, a, cv::COLOR_YUV2BGR_YUYV);
  cv::cvtColor(to_mat(fy), b, cv::COLOR_YUV2BGR_YUYV);
  EXPECT_TRUE(same(a, b));
}

TEST(OpenCVAdapter, UnsupportedInputsAreClearErrors) {
  expect_error([] { from_mat(cv::Mat()); }, ErrorCode::kInvalidArgument, {"empty"});
  int sizes[] = {2, 3, 4};
  expect_error([&] { from_mat(cv::Mat(3, sizes, CV_8UC1)); }, ErrorCode::kInvalidArgument,
               {"3 dimensions"});
  expect_error([] { from_mat(cv::Mat(4, 4, CV_32SC1)); }, ErrorCode::kTypeMismatch, {"CV_32SC1"});
  expect_error([] { from_mat(cv::Mat(4, 4, CV_8UC2)); }, ErrorCode::kTypeMismatch,
               {"CV_8UC2", "pass one"});
  expect_error([] { from_mat(cv::Mat(4, 4, CV_8UC3), PF_RGBA32); }, ErrorCode::kInvalidArgument,
               {"rgba", "4 channel"});
  expect_error([] { from_mat(cv::Mat(10, 4, CV_8UC1), PF_YUV420P); }, ErrorCode::kInvalidArgument,
               {"yuv420p", "(h*3/2)"});
  expect_error([] { from_mat(cv::Mat(6, 4, CV_8UC3), PF_NV12); }, ErrorCode::kTypeMismatch,
               {"nv12", "CV_8UC1"});
  expect_error([] { to_mat(Frame(8, 8, PixelInfo(PF_YUV422P))); }, ErrorCode::kUnsupported,
               {"yuv422p", "supported"});
  expect_error([] { to_mat(Frame(7, 8, PixelInfo(PF_NV12))); }, ErrorCode::kUnsupported,
               {"7x8", "even"});
  expect_error([] { to_mat(Frame(8, 8, PixelInfo(PF_GBRPF32))); }, ErrorCode::kUnsupported,
               {"gbrpf32"});
}

TEST(OpenCVAdapter, ConvertBothWaysWithoutKernels) {
  VideoFrame vf = VideoFrame::make(64, 32, PixelInfo(PF_BGR24));
  fk_test::fill_pattern(vf.frame(), 2);
  vf.set_pts(77);
  VideoFrame out = convert(vf, MediaDesc{}, MediaDesc().media_type(MediaType::kCVMat));
  const cv::Mat* mat = out.private_get<cv::Mat>();
  ASSERT_NE(mat, nullptr);
  EXPECT_EQ(mat->data, vf.frame().plane_data(0));
  EXPECT_EQ(mat->size(), cv::Size(64, 32));
  // The BMF test's way back: a ROI copy of the Mat, attached and converted.
  VideoFrame src;
  src.private_attach<cv::Mat>(new cv::Mat((*mat)({0, 0, 40, 20})));
  out = VideoFrame();
  vf = VideoFrame();
  VideoFrame back =
      convert(src, MediaDesc().pixel_format(PF_BGR24).media_type(MediaType::kCVMat), MediaDesc{});
  EXPECT_EQ(back.width(), 40);
  EXPECT_EQ(back.height(), 20);
  EXPECT_EQ(back.frame().plane_data(0), src.private_get<cv::Mat>()->data);
  src = VideoFrame();
  EXPECT_EQ(at(back.frame(), 0, 39, 19, 2), fk_test::pattern_byte(0, 19, 39 * 3 + 2, 2));

  expect_error(
      [&] {
        convert(VideoFrame::make(8, 8, PixelInfo(PF_YUV444P)), MediaDesc{},
                MediaDesc().media_type(MediaType::kCVMat));
      },
      ErrorCode::kUnsupported, {"yuv444p", "cv::Mat"});
  expect_error(
      [&] {
        convert(VideoFrame::make(8, 8, PixelInfo(PF_RGB24)),
                MediaDesc().media_type(MediaType::kCVMat), MediaDesc{});
      },
      ErrorCode::kInvalidArgument, {"no cv::Mat is attached"});
}

// convert() end to end: a Mat in, a scaled Mat out, against cv::resize (±1).
TEST(OpenCVAdapter, ConvertScalesLikeCvResize) {
  cv::Mat big(60, 100, CV_8UC3);
  cv::randu(big, 0, 255);
  cv::GaussianBlur(big, big, cv::Size(5, 5), 1.5);  // natural-ish content
  cv::Mat roi = big(cv::Rect(10, 6, 64, 48));       // strided source
  VideoFrame src;
  src.private_attach(std::make_shared<cv::Mat>(roi));
  const MediaDesc from_mat = MediaDesc().media_type(MediaType::kCVMat);
  struct Case {
    int w, h;
    int interp;
  };
  // Only the width: the aspect ratio gives the height (64x48 → 128x96, → 32x24).
  for (Case c : {Case{128, 0, cv::INTER_LINEAR}, Case{32, 0, cv::INTER_AREA}}) {
    SCOPED_TRACE(c.w);
    VideoFrame out = convert(src, from_mat, MediaDesc().width(c.w).media_type(MediaType::kCVMat));
    const cv::Mat* m = out.private_get<cv::Mat>();
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->cols, c.w);
    EXPECT_EQ(m->rows, c.w * 48 / 64);
    cv::Mat ref;
    cv::resize(roi, ref, m->size(), 0, 0, c.interp);
    EXPECT_LE(cv::norm(*m, ref, cv::NORM_INF), 1.0);
  }
}

// convert() end to end with color conversion: an I420 Mat OpenCV made becomes a BGR
// Mat, compared with OpenCV's own decoding of it (BT.601 limited range; smooth content
// so that chroma upsampling filters agree within rounding).
TEST(OpenCVAdapter, ConvertColorLikeCvtColor) {
  cv::Mat bgr(96, 128, CV_8UC3);
  for (int y = 0; y < 96; ++y)
    for (int x = 0; x < 128; ++x)
      bgr.at<cv::Vec3b>(y, x) =
          cv::Vec3b(static_cast<uint8_t>(40 + x), static_cast<uint8_t>(30 + y * 2),
                    static_cast<uint8_t>(200 - x / 2 - y / 2));
  cv::Mat i420;
  cv::cvtColor(bgr, i420, cv::COLOR_BGR2YUV_I420);
  VideoFrame src;
  src.private_attach(std::make_shared<cv::Mat>(i420));
  VideoFrame out = convert(src, MediaDesc().pixel_format(PF_YUV420P).media_type(MediaType::kCVMat),
                           MediaDesc().pixel_format(PF_BGR24).media_type(MediaType::kCVMat));
  const cv::Mat* m = out.private_get<cv::Mat>();
  ASSERT_NE(m, nullptr);
  cv::Mat ref;
  cv::cvtColor(i420, ref, cv::COLOR_YUV2BGR_I420);
  EXPECT_LE(cv::norm(*m, ref, cv::NORM_INF), 2.0);
  // And the other way: BGR Mat → I420 Mat, decoded by OpenCV: as close to the original
  // as OpenCV's own encoding gets (framekit averages chroma, so it may be closer).
  VideoFrame src2;
  src2.private_attach(std::make_shared<cv::Mat>(bgr));
  VideoFrame yuv = convert(src2, MediaDesc().media_type(MediaType::kCVMat),
                           MediaDesc().pixel_format(PF_YUV420P).media_type(MediaType::kCVMat));
  cv::Mat dec;
  cv::cvtColor(*yuv.private_get<cv::Mat>(), dec, cv::COLOR_YUV2BGR_I420);
  cv::Mat ref2;
  cv::cvtColor(i420, ref2, cv::COLOR_YUV2BGR_I420);
  const double ours = cv::norm(dec, bgr, cv::NORM_INF);
  const double theirs = cv::norm(ref2, bgr, cv::NORM_INF);
  EXPECT_LE(ours, theirs + 1) << "framekit round trip " << ours << ", OpenCV's " << theirs;
}

// BMF's own cv::Mat test (test_convert_backend.cpp, convert_OCV) through the
// compatibility headers: scale + CSC to a Mat, ROIs of it back to frames.
#include <bmf/sdk/ocv_convertor.h>
TEST(OpenCVAdapter, BmfConvertOcv) {
  using bmf_sdk::bmf_convert;
  using bmf_sdk::MediaDesc;
  using bmf_sdk::VideoFrame;
  MediaDesc dp;
  dp.width(1920).height(1080).pixel_format(hmp::PF_RGB24).media_type(MediaType::kCVMat);
  auto yuvformat = hmp::PixelInfo(hmp::PF_YUV420P);
  auto src_vf = VideoFrame::make(640, 320, yuvformat);
  fk_test::fill_pattern(src_vf.frame());

  auto dst_vf = bmf_convert(src_vf, MediaDesc{}, dp);
  EXPECT_TRUE(static_cast<bool>(dst_vf));

  const cv::Mat* mat = dst_vf.private_get<cv::Mat>();
  EXPECT_TRUE(mat != NULL);
  EXPECT_EQ(mat->dims, 2);
  EXPECT_EQ(mat->size[0], 1080);
  EXPECT_EQ(mat->size[1], 1920);

  cv::Mat* roi_mat = new cv::Mat((*mat)({0, 0, 1280, 720}));
  VideoFrame src_with_ocv;
  src_with_ocv.private_attach<cv::Mat>(roi_mat);  // owned by src_with_ocv
  MediaDesc src_dp;
  src_dp.pixel_format(hmp::PF_RGB24).media_type(MediaType::kCVMat);
  auto vf = bmf_convert(src_with_ocv, src_dp, MediaDesc{});
  EXPECT_EQ(vf.width(), 1280);
  EXPECT_EQ(vf.height(), 720);
  EXPECT_EQ(vf.frame().format(), hmp::PF_RGB24);
  EXPECT_EQ(vf.frame().plane_data(0), mat->data);  // the ROI, not a copy

  cv::Mat* roi_mat2 = new cv::Mat((*mat)({0, 0, 1440, 720}));
  VideoFrame src_with_ocv2;
  src_with_ocv2.private_attach<cv::Mat>(roi_mat2);
  MediaDesc dst_dp;
  dst_dp.width(720).height(360).pixel_format(hmp::PF_YUV420P);
  auto vf2 = bmf_convert(src_with_ocv2, src_dp, dst_dp);
  EXPECT_EQ(vf2.width(), 720);
  EXPECT_EQ(vf2.height(), 360);
  EXPECT_EQ(vf2.frame().format(), hmp::PF_YUV420P);
}
