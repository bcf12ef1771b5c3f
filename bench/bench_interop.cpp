// Media interop cost: µs per 1920x1080 frame for every conversion between framekit
// frames and AVFrame / cv::Mat / at::Tensor / framekit::Tensor, each marked zero-copy
// or copy, next to the foreign library's own way of doing the same (sharing a
// reference, or copying the bytes) timed in the same run. Single-threaded.
//
//   bench_interop [--quick]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "framekit/color/reformat.h"
#include "framekit/convert/convert.h"
#include "framekit/convert/tensor.h"
#include "framekit/core/parallel.h"
#include "framekit/geometry/geometry.h"

#ifdef FRAMEKIT_HAVE_FFMPEG_ADAPTER
#include "framekit/convert/ffmpeg.h"
extern "C" {
#include <libavutil/imgutils.h>
}
#endif
#ifdef FRAMEKIT_HAVE_FFMPEG
extern "C" {
#include <libswscale/swscale.h>
}
#endif
#ifdef FRAMEKIT_HAVE_OPENCV_ADAPTER
#include "framekit/convert/opencv.h"
#endif
#ifdef FRAMEKIT_HAVE_TORCH_ADAPTER
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "framekit/convert/torch.h"
#endif

namespace {

using namespace framekit;
constexpr int kW = 1920, kH = 1080;
bool g_quick = false;

// Seconds per call of each function: best of several batches, taking turns so that
// a busy machine slows both alike.
std::vector<double> race(const std::vector<std::function<void()>>& fns) {
  using clock = std::chrono::steady_clock;
  std::vector<double> best(fns.size(), 1e30);
  for (const auto& fn : fns) fn();
  const int reps = g_quick ? 3 : 7;
  const double batch = g_quick ? 0.01 : 0.04;
  for (int r = 0; r < reps; ++r)
    for (size_t i = 0; i < fns.size(); ++i) {
      int n = 0;
      const auto t0 = clock::now();
      double el = 0;
      do {
        fns[i]();
        ++n;
        el = std::chrono::duration<double>(clock::now() - t0).count();
      } while (el < batch);
      best[i] = std::min(best[i], el / n);
    }
  return best;
}

void header() {
  std::printf("%-54s %-9s %10s   %-34s %10s %8s\n", "conversion (1920x1080)", "mode", "ours us",
              "reference", "ref us", "ours/ref");
}

void row(const char* what, bool zero_copy, const std::function<void()>& ours, const char* ref_name,
         const std::function<void()>& ref) {
  const auto t = race({ours, ref});
  std::printf("%-54s %-9s %10.3f   %-34s %10.3f %8.2f\n", what, zero_copy ? "zero-copy" : "copy",
              t[0] * 1e6, ref_name, t[1] * 1e6, t[0] / t[1]);
  std::fflush(stdout);
}

template <typename T>
void keep(const T& v) {
  asm volatile("" : : "g"(&v) : "memory");
}

Frame patterned(PixelFormat f) {
  Frame fr(kW, kH, PixelInfo(f));
  const ImageView v = fr.view();
  for (int p = 0; p < fr.nplanes(); ++p)
    for (int y = 0; y < v.plane_height(p); ++y)
      std::memset(v.planes[p].row(y), (y * 7 + p) & 0xff, fr.desc().plane_row_bytes(p, kW));
  return fr;
}

void bench_tensor() {
  const VideoFrame rgb(patterned(PF_RGB24));
  row(
      "VideoFrame rgb24 -> framekit::Tensor (convert)", true,
      [&] { keep(convert(rgb, MediaDesc{}, MediaDesc().media_type(MediaType::kTensor))); },
      "Tensor view of plane 0", [&] { keep(rgb.frame().plane(0).slice(0, 0, kH)); });
  VideoFrame holder;
  holder.private_attach(std::make_shared<Tensor>(rgb.frame().plane(0)));
  const MediaDesc src = MediaDesc().pixel_format(PF_RGB24).media_type(MediaType::kTensor);
  row(
      "framekit::Tensor -> VideoFrame rgb24 (convert)", true,
      [&] { keep(convert(holder, src, MediaDesc{})); }, "Frame(tensor, rgb24)",
      [&] { keep(Frame(rgb.frame().plane(0), PixelInfo(PF_RGB24))); });
  const Frame gbrp = patterned(PF_GBRP);
  const Tensor chw_src = Tensor::zeros({3, kH, kW});
  row(
      "Frame gbrp -> Tensor CHW (planes G,B,R)", false, [&] { keep(frame_to_tensor(gbrp)); },
      "Tensor::clone (3,H,W) uint8", [&] { keep(chw_src.clone()); });
}

#ifdef FRAMEKIT_HAVE_FFMPEG_ADAPTER
void bench_ffmpeg() {
  using namespace framekit::ffmpeg;
  const Frame yuv = patterned(PF_YUV420P);
  AVFramePtr avf(av_frame_alloc());
  avf->format = AV_PIX_FMT_YUV420P;
  avf->width = kW;
  avf->height = kH;
  av_frame_get_buffer(avf.get(), 64);
  av_frame_make_writable(avf.get());
  auto av_ref = [&] {
    AVFramePtr c(av_frame_clone(avf.get()));
    keep(c);
  };
  auto av_copy = [&] {
    AVFramePtr c(av_frame_alloc());
    c->format = avf->format;
    c->width = kW;
    c->height = kH;
    av_frame_get_buffer(c.get(), 64);
    av_frame_copy(c.get(), avf.get());
    keep(c);
  };
  row(
      "Frame yuv420p -> AVFrame", true, [&] { keep(to_avframe(yuv)); }, "av_frame_clone", av_ref);
  row(
      "AVFrame yuv420p -> Frame", true, [&] { keep(to_frame(avf.get())); }, "av_frame_clone",
      av_ref);
  row(
      "Frame yuv420p -> AVFrame (copy=true)", false, [&] { keep(to_avframe(yuv, true)); },
      "av_frame_get_buffer+av_frame_copy", av_copy);
  AVFramePtr flipped(av_frame_clone(avf.get()));
  for (int p = 0; p < 3; ++p) {
    const int rows = p ? kH / 2 : kH;
    flipped->data[p] += static_cast<ptrdiff_t>(flipped->linesize[p]) * (rows - 1);
    flipped->linesize[p] = -flipped->linesize[p];
  }
  row(
      "AVFrame yuv420p bottom-up -> Frame", false, [&] { keep(to_frame(flipped.get())); },
      "av_frame_get_buffer+av_frame_copy", av_copy);
  const VideoFrame vf(yuv);
  row(
      "VideoFrame -> AVFrame (convert)", true,
      [&] { keep(convert(vf, MediaDesc{}, MediaDesc().media_type(MediaType::kAVFrame))); },
      "av_frame_clone", av_ref);
  VideoFrame with_avf;
  with_avf.private_attach<AVFrame>(av_frame_clone(avf.get()));
  row(
      "AVFrame -> VideoFrame (convert)", true,
      [&] { keep(convert(with_avf, MediaDesc().media_type(MediaType::kAVFrame), MediaDesc{})); },
      "av_frame_clone", av_ref);
}
#endif

#ifdef FRAMEKIT_HAVE_OPENCV_ADAPTER
void bench_opencv() {
  using namespace framekit::opencv;
  const Frame rgb = patterned(PF_RGB24);
  cv::Mat mat(kH, kW, CV_8UC3, cv::Scalar(1, 2, 3));
  auto header_ref = [&] { keep(cv::Mat(kH, kW, CV_8UC3, mat.data, mat.step[0])); };
  row(
      "Frame rgb24 -> cv::Mat", true, [&] { keep(to_mat(rgb)); }, "cv::Mat header over data",
      header_ref);
  row(
      "cv::Mat CV_8UC3 -> Frame bgr24", true, [&] { keep(from_mat(mat)); },
      "cv::Mat header over data", header_ref);
  row(
      "Frame rgb24 -> cv::Mat (copy=true)", false, [&] { keep(to_mat(rgb, true)); },
      "cv::Mat::clone", [&] { keep(mat.clone()); });
  const Frame i420 = patterned(PF_YUV420P);
  cv::Mat i420_mat(kH * 3 / 2, kW, CV_8UC1, cv::Scalar(7));
  row(
      "Frame yuv420p -> cv::Mat I420", true, [&] { keep(to_mat(i420)); },
      "cv::Mat header over data", [&] { keep(cv::Mat(kH * 3 / 2, kW, CV_8UC1, i420_mat.data)); });
  row(
      "cv::Mat I420 -> Frame yuv420p", true, [&] { keep(from_mat(i420_mat, PF_YUV420P)); },
      "cv::Mat header over data", [&] { keep(cv::Mat(kH * 3 / 2, kW, CV_8UC1, i420_mat.data)); });
  cv::Mat wide(kH * 3 / 2, kW + 64, CV_8UC1, cv::Scalar(9));
  cv::Mat roi = wide(cv::Rect(32, 0, kW, kH * 3 / 2));
  row(
      "cv::Mat I420 ROI -> Frame yuv420p", false, [&] { keep(from_mat(roi, PF_YUV420P)); },
      "cv::Mat::clone of the ROI", [&] { keep(roi.clone()); });
  const Frame nv12 = patterned(PF_NV12);
  row(
      "Frame nv12 -> cv::Mat NV12", true, [&] { keep(to_mat(nv12)); }, "cv::Mat header over data",
      [&] { keep(cv::Mat(kH * 3 / 2, kW, CV_8UC1, i420_mat.data)); });
  const VideoFrame vf(rgb);
  row(
      "VideoFrame -> cv::Mat (convert)", true,
      [&] { keep(convert(vf, MediaDesc{}, MediaDesc().media_type(MediaType::kCVMat))); },
      "cv::Mat header over data", header_ref);
}
#endif

#ifdef FRAMEKIT_HAVE_TORCH_ADAPTER
void bench_torch() {
  using namespace framekit::aten;
  const Frame rgb = patterned(PF_RGB24);
  at::Tensor hwc = at::zeros({kH, kW, 3}, at::kByte);
  auto blob_ref = [&] { keep(at::from_blob(hwc.data_ptr(), {kH, kW, 3}, at::kByte)); };
  row(
      "Frame rgb24 -> at::Tensor HWC", true, [&] { keep(to_tensor(rgb)); },
      "at::from_blob (no deleter)", blob_ref);
  row(
      "Frame rgb24 -> at::Tensor CHW view", true, [&] { keep(to_tensor(rgb, kNCHW)); },
      "at::from_blob (no deleter)", blob_ref);
  row(
      "at::Tensor HWC uint8 -> Frame rgb24", true, [&] { keep(from_tensor(hwc)); },
      "at::from_blob (no deleter)", blob_ref);
  at::Tensor chw = at::zeros({3, kH, kW});
  row(
      "at::Tensor CHW float -> Frame gbrpf32", true, [&] { keep(from_tensor(chw)); },
      "at::from_blob (no deleter)", blob_ref);
  const Frame gbrp = patterned(PF_GBRP);
  at::Tensor chw8 = at::zeros({3, kH, kW}, at::kByte);
  row(
      "Frame gbrp -> at::Tensor CHW", false, [&] { keep(to_tensor(gbrp)); },
      "at::Tensor::clone (3,H,W) uint8", [&] { keep(chw8.clone()); });
  at::Tensor tr = at::zeros({kW, kH, 3}, at::kByte).transpose(0, 1);
  row(
      "at::Tensor transposed HWC -> Frame rgb24", false, [&] { keep(from_tensor(tr)); },
      "at::Tensor::contiguous", [&] { keep(tr.contiguous()); });
  const VideoFrame vf(rgb);
  row(
      "VideoFrame -> at::Tensor (convert)", true,
      [&] { keep(convert(vf, MediaDesc{}, MediaDesc().media_type(MediaType::kATTensor))); },
      "at::from_blob (no deleter)", blob_ref);
}
#endif

// convert() with pixel work: the planned order against the other order done by hand,
// and against swscale doing the same scale + conversion in one call.
void bench_convert_plans() {
  struct Case {
    const char* name;
    PixelFormat from, to;
    int sw, sh, dw, dh;
  };
  for (const Case& c :
       {Case{"yuv420p 1080p -> rgb24 720p", PF_YUV420P, PF_RGB24, kW, kH, 1280, 720},
        Case{"yuv420p 640x360 -> rgb24 1080p", PF_YUV420P, PF_RGB24, 640, 360, kW, kH},
        Case{"rgb24 1080p -> nv12 720p", PF_RGB24, PF_NV12, kW, kH, 1280, 720}}) {
    VideoFrame vf = VideoFrame::make(c.sw, c.sh, PixelInfo(c.from));
    const MediaDesc dst = MediaDesc().width(c.dw).height(c.dh).pixel_format(c.to);
    const ConvertPlan plan = plan_convert(c.sw, c.sh, vf.frame().pix_info(), Device(), dst);
    const bool scale_first = plan.ops[0].step == ConvertPlan::Step::kScale;
    const ResizeMode mode = c.dw <= c.sw ? ResizeMode::kArea : ResizeMode::kBilinear;
    std::string what =
        std::string("convert ") + c.name + (scale_first ? " (scale first)" : " (csc first)");
    row(
        what.c_str(), false, [&] { keep(convert(vf, MediaDesc{}, dst)); },
        scale_first ? "other order: csc then scale" : "other order: scale then csc",
        [&] {
          if (scale_first) {
            keep(resize(reformat(vf.frame(), plan.dst_info), c.dw, c.dh, mode));
          } else {
            keep(reformat(resize(vf.frame(), c.dw, c.dh, mode), plan.dst_info));
          }
        });
#ifdef FRAMEKIT_HAVE_FFMPEG
    const AVPixelFormat sf = c.from == PF_RGB24 ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_YUV420P;
    const AVPixelFormat df = c.to == PF_RGB24 ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_NV12;
    SwsContext* sws = sws_getContext(c.sw, c.sh, sf, c.dw, c.dh, df,
                                     mode == ResizeMode::kArea ? SWS_AREA : SWS_BILINEAR, nullptr,
                                     nullptr, nullptr);
    const ImageView in = vf.frame().view();
    Frame out(c.dw, c.dh, PixelInfo(c.to));
    const ImageView o = out.view();
    const uint8_t* src_planes[4] = {in.planes[0].data, in.planes[1].data, in.planes[2].data,
                                    nullptr};
    int src_strides[4] = {static_cast<int>(in.planes[0].stride),
                          static_cast<int>(in.planes[1].stride),
                          static_cast<int>(in.planes[2].stride), 0};
    uint8_t* dst_planes[4] = {o.planes[0].data, o.planes[1].data, nullptr, nullptr};
    int dst_strides[4] = {static_cast<int>(o.planes[0].stride),
                          static_cast<int>(o.planes[1].stride), 0, 0};
    row(
        what.c_str(), false, [&] { keep(convert(vf, MediaDesc{}, dst)); }, "swscale (same op)",
        [&] { sws_scale(sws, src_planes, src_strides, 0, c.sh, dst_planes, dst_strides); });
    sws_freeContext(sws);
#endif
  }
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--quick") g_quick = true;
  framekit::set_num_threads(1);
#ifdef FRAMEKIT_HAVE_TORCH_ADAPTER
  at::set_num_threads(1);
#endif
  header();
  bench_tensor();
  bench_convert_plans();
#ifdef FRAMEKIT_HAVE_FFMPEG_ADAPTER
  bench_ffmpeg();
#endif
#ifdef FRAMEKIT_HAVE_OPENCV_ADAPTER
  bench_opencv();
#endif
#ifdef FRAMEKIT_HAVE_TORCH_ADAPTER
  bench_torch();
#endif
  return 0;
}
