// The Frame helpers and the seed's img:: API on tensors and plane lists, against
// OpenCV and against the ImageView functions they wrap.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "framekit/core/error.h"
#include "framekit/frame/frame.h"
#include "framekit/geometry/geometry.h"
#include "testing/geometry_test_util.h"

namespace framekit::test {
namespace {

Tensor random_tensor(const SizeArray& shape, ScalarType t, uint32_t seed) {
  Tensor x = Tensor::empty(shape, t);
  std::mt19937 rng(seed);
  auto* p = static_cast<uint8_t*>(x.unsafe_data());
  if (t == ScalarType::kFloat32) {
    auto* f = reinterpret_cast<float*>(p);
    for (int64_t i = 0; i < x.numel(); ++i) f[i] = static_cast<float>(rng() % 1000) / 999.f;
  } else {
    for (size_t i = 0; i < x.nbytes(); ++i) p[i] = static_cast<uint8_t>(rng());
  }
  return x;
}

// A (H, W, C) uint8 slice of a tensor as a cv::Mat (no copy; contiguous pixels).
cv::Mat hwc_mat(const Tensor& t, int type) {
  return cv::Mat(static_cast<int>(t.size(0)), static_cast<int>(t.size(1)), type, t.unsafe_data(),
                 static_cast<size_t>(t.stride(0) * t.itemsize()));
}

Frame random_frame(PixelFormat f, int w, int h, uint32_t seed) {
  Frame fr(w, h, PixelInfo(f));
  std::mt19937 rng(seed);
  for (const auto& p : fr.data()) {
    auto* b = static_cast<uint8_t*>(p.unsafe_data());
    for (size_t i = 0; i < p.nbytes(); ++i) b[i] = static_cast<uint8_t>(rng());
  }
  return fr;
}

bool same_frames(const Frame& a, const Frame& b) {
  if (a.width() != b.width() || a.height() != b.height() || a.format() != b.format()) return false;
  for (int p = 0; p < a.nplanes(); ++p) {
    const Tensor x = a.plane(p).contiguous(), y = b.plane(p).contiguous();
    if (x.nbytes() != y.nbytes() || std::memcmp(x.unsafe_data(), y.unsafe_data(), x.nbytes()) != 0)
      return false;
  }
  return true;
}

TEST(ImgTensor, ResizeNhwcMatchesOpenCV) {
  const Tensor src = random_tensor({45, 61, 3}, kUInt8, 1);
  for (auto mode : {img::ImageFilterMode::kBilinear, img::ImageFilterMode::kBicubic,
                    img::ImageFilterMode::kArea}) {
    const Tensor out = img::resize(src, 100, 30, mode, kNHWC);
    ASSERT_EQ(out.shape(), (SizeArray{30, 100, 3}));
    cv::Mat ref;
    const int interp = mode == img::ImageFilterMode::kBilinear  ? cv::INTER_LINEAR
                       : mode == img::ImageFilterMode::kBicubic ? cv::INTER_CUBIC
                                                                : cv::INTER_AREA;
    cv::resize(hwc_mat(src, CV_8UC3), ref, cv::Size(100, 30), 0, 0, interp);
    EXPECT_LE(max_abs_diff(hwc_mat(out, CV_8UC3), ref), 1.0) << resize_mode_name(mode);
  }
}

TEST(ImgTensor, ResizeNchwBatchPlaneByPlane) {
  // (N, C, H, W) float: every (n, c) plane resized like a one-channel image.
  const Tensor src = random_tensor({2, 3, 20, 30}, kFloat32, 2);
  Tensor dst = Tensor::empty({2, 3, 13, 47}, kFloat32);
  img::resize(dst, src, img::ImageFilterMode::kBicubic, kNCHW);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t c = 0; c < 3; ++c) {
      const Tensor one = src.select(0, n).select(0, c);
      cv::Mat ref;
      cv::resize(cv::Mat(20, 30, CV_32F, one.unsafe_data()), ref, cv::Size(47, 13), 0, 0,
                 cv::INTER_CUBIC);
      const Tensor got = dst.select(0, n).select(0, c);
      EXPECT_LT(cv::norm(cv::Mat(13, 47, CV_32F, got.unsafe_data()), ref, cv::NORM_INF), 1e-3);
    }
}

TEST(ImgTensor, NonContiguousSourceIsCopiedFirst) {
  // A CHW tensor permuted to HWC: columns are not adjacent, so it is copied first.
  const Tensor chw = random_tensor({3, 16, 24}, kUInt8, 3);
  const Tensor hwc_view = chw.permute({1, 2, 0});
  const Tensor a = img::resize(hwc_view, 12, 8, img::ImageFilterMode::kArea, kNHWC);
  const Tensor b = img::resize(hwc_view.contiguous(), 12, 8, img::ImageFilterMode::kArea, kNHWC);
  EXPECT_EQ(std::memcmp(a.unsafe_data(), b.unsafe_data(), a.nbytes()), 0);
}

TEST(ImgTensor, RotateMirrorMatchOpenCV) {
  for (ScalarType t : {kUInt8, kUInt16}) {
    const Tensor src = random_tensor({37, 53, 4}, t, 4);
    const int type = t == kUInt8 ? CV_8UC4 : CV_16UC4;
    cv::Mat ref;
    const Tensor r90 = img::rotate(src, img::ImageRotationMode::k90, kNHWC);
    ASSERT_EQ(r90.shape(), (SizeArray{53, 37, 4}));
    cv::rotate(hwc_mat(src, type), ref, cv::ROTATE_90_CLOCKWISE);
    EXPECT_EQ(cv::norm(hwc_mat(r90, type), ref, cv::NORM_INF), 0);
    const Tensor r270 = img::rotate(src, img::ImageRotationMode::k270, kNHWC);
    cv::rotate(hwc_mat(src, type), ref, cv::ROTATE_90_COUNTERCLOCKWISE);
    EXPECT_EQ(cv::norm(hwc_mat(r270, type), ref, cv::NORM_INF), 0);
    const Tensor m = img::mirror(src, img::ImageAxis::kHorizontal, kNHWC);
    cv::flip(hwc_mat(src, type), ref, 1);
    EXPECT_EQ(cv::norm(hwc_mat(m, type), ref, cv::NORM_INF), 0);
  }
  // NCHW: each channel plane rotates on its own.
  const Tensor chw = random_tensor({2, 19, 70}, kUInt8, 5);
  const Tensor r = img::rotate(chw, img::ImageRotationMode::k180, kNCHW);
  for (int64_t c = 0; c < 2; ++c) {
    cv::Mat ref;
    cv::rotate(cv::Mat(19, 70, CV_8U, chw.select(0, c).unsafe_data()), ref, cv::ROTATE_180);
    EXPECT_EQ(cv::norm(cv::Mat(19, 70, CV_8U, r.select(0, c).unsafe_data()), ref, cv::NORM_INF), 0);
  }
}

TEST(ImgTensor, CropIsAViewAndCropCopyCopies) {
  const Tensor src = random_tensor({20, 30, 3}, kUInt8, 6);
  const Tensor v = img::crop(src, 5, 4, 10, 6, kNHWC);
  ASSERT_EQ(v.shape(), (SizeArray{6, 10, 3}));
  EXPECT_EQ(v.buffer(), src.buffer());
  EXPECT_EQ(*static_cast<uint8_t*>(v.unsafe_data()),
            static_cast<uint8_t*>(src.unsafe_data())[(4 * 30 + 5) * 3]);
  Tensor dst = Tensor::empty({6, 10, 3}, kUInt8);
  img::crop(dst, src, 5, 4, kNHWC);
  EXPECT_EQ(
      cv::norm(hwc_mat(dst, CV_8UC3), hwc_mat(src, CV_8UC3)(cv::Rect(5, 4, 10, 6)), cv::NORM_INF),
      0);
  try {
    img::crop(src, 25, 0, 10, 6, kNHWC);
    ADD_FAILURE() << "crop outside did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kOutOfRange) << e.what();
  }
}

TEST(ImgTensor, BadTensorsGiveClearErrors) {
  const Tensor src = random_tensor({10, 10, 3}, kUInt8, 7);
  auto code_of = [](auto fn) {
    try {
      fn();
    } catch (const Error& e) {
      return e.code();
    }
    return ErrorCode::kRuntime;
  };
  Tensor f64 = Tensor::empty({10, 10, 3}, kFloat64);  // float16 is an image dtype now
  EXPECT_EQ(code_of([&] { img::resize(f64, 5, 5); }), ErrorCode::kUnsupported);
  Tensor f16 = Tensor::empty({10, 10, 3}, kFloat16);
  Tensor f16_dst = Tensor::empty({5, 5, 3}, kFloat32);
  EXPECT_EQ(code_of([&] { img::resize(f16_dst, f16, img::ImageFilterMode::kBilinear, kNHWC); }),
            ErrorCode::kTypeMismatch);
  Tensor other = Tensor::empty({5, 5, 3}, kUInt16);
  EXPECT_EQ(code_of([&] { img::resize(other, src, img::ImageFilterMode::kArea, kNHWC); }),
            ErrorCode::kTypeMismatch);
  Tensor channels = Tensor::empty({5, 5, 4}, kUInt8);
  EXPECT_EQ(code_of([&] { img::resize(channels, src, img::ImageFilterMode::kArea, kNHWC); }),
            ErrorCode::kInvalidArgument);
  Tensor wrong = Tensor::empty({10, 12, 3}, kUInt8);
  EXPECT_EQ(code_of([&] { img::rotate(wrong, src, img::ImageRotationMode::k90, kNHWC); }),
            ErrorCode::kInvalidArgument);
  Tensor one_d = Tensor::empty({10}, kUInt8);
  EXPECT_EQ(code_of([&] { img::mirror(one_d, img::ImageAxis::kBoth); }),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code_of([&] { img::resize(src, 0, 5); }), ErrorCode::kInvalidArgument);
  Tensor alias = src;
  EXPECT_EQ(code_of([&] { img::mirror(alias, src, img::ImageAxis::kBoth, kNHWC); }),
            ErrorCode::kInvalidArgument);
}

TEST(ImgPlanes, YuvFunctionsMatchTheImageViewPath) {
  const Frame src = random_frame(PF_NV12, 64, 36, 8);
  const PixelInfo nv12(PF_NV12);
  // resize
  Frame a(40, 22, nv12), b(40, 22, nv12);
  TensorList planes = a.data();
  img::yuv_resize(planes, src.data(), nv12, img::ImageFilterMode::kBicubic);
  resize(src.view(), b.view(), ResizeMode::kBicubic);
  EXPECT_TRUE(same_frames(a, b));
  // rotate
  Frame r(36, 64, nv12);
  TensorList rp = r.data();
  img::yuv_rotate(rp, src.data(), nv12, img::ImageRotationMode::k270);
  EXPECT_TRUE(same_frames(r, rotate(src, RotationMode::k270)));
  // mirror
  Frame m(64, 36, nv12);
  TensorList mp = m.data();
  img::yuv_mirror(mp, src.data(), nv12, img::ImageAxis::kVertical);
  EXPECT_TRUE(same_frames(m, mirror(src, MirrorAxis::kVertical)));
}

TEST(ImgPlanes, BatchedPlaneLists) {
  // Two I420 frames stacked on a leading batch dimension.
  const PixelInfo i420(PF_YUV420P);
  TensorList src = {random_tensor({2, 16, 20}, kUInt8, 9), random_tensor({2, 8, 10}, kUInt8, 10),
                    random_tensor({2, 8, 10}, kUInt8, 11)};
  TensorList dst = {Tensor::empty({2, 10, 30}, kUInt8), Tensor::empty({2, 5, 15}, kUInt8),
                    Tensor::empty({2, 5, 15}, kUInt8)};
  img::yuv_resize(dst, src, i420, img::ImageFilterMode::kBilinear);
  for (int64_t n = 0; n < 2; ++n) {
    const Frame one({src[0].select(0, n), src[1].select(0, n), src[2].select(0, n)}, i420);
    const Frame want = resize(one, 30, 10, ResizeMode::kBilinear);
    const Frame got({dst[0].select(0, n), dst[1].select(0, n), dst[2].select(0, n)}, i420);
    EXPECT_TRUE(same_frames(got, want)) << "batch item " << n;
  }
}

TEST(FrameGeometry, SeedSizesAndFormats) {
  // The seed's example sizes: 640x320 RGB24 and YUV420P scaled to 1920x960.
  for (PixelFormat f : {PF_RGB24, PF_YUV420P}) {
    const Frame src = random_frame(f, 640, 320, 12);
    const Frame up = resize(src, 1920, 960, ResizeMode::kBilinear);
    EXPECT_EQ(up.width(), 1920);
    EXPECT_EQ(up.height(), 960);
    EXPECT_EQ(up.format(), f);
    for (int p = 0; p < up.nplanes(); ++p) {
      const Tensor s = src.plane(p), u = up.plane(p);
      const int type = CV_8UC(static_cast<int>(s.size(2)));
      cv::Mat ref;
      cv::resize(hwc_mat(s, type), ref,
                 cv::Size(static_cast<int>(u.size(1)), static_cast<int>(u.size(0))), 0, 0,
                 cv::INTER_LINEAR);
      EXPECT_LE(max_abs_diff(hwc_mat(u, type), ref), 1.0) << pixel_format_name(f) << " plane " << p;
    }
  }
}

TEST(FrameGeometry, RotateAndMirrorFrames) {
  const Frame src = random_frame(PF_YUV420P, 33, 18, 13);
  const Frame r = rotate(src, RotationMode::k90);
  EXPECT_EQ(r.width(), 18);
  EXPECT_EQ(r.height(), 33);
  EXPECT_TRUE(same_frames(rotate(rotate(r, RotationMode::k90), RotationMode::k180), src));
  EXPECT_TRUE(same_frames(mirror(mirror(src, MirrorAxis::kBoth), MirrorAxis::kBoth), src));
  EXPECT_THROW(resize(Frame(), 4, 4), Error);
}

}  // namespace
}  // namespace framekit::test
