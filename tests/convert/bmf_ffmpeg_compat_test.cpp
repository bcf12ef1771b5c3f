// BMF's FFmpeg helpers as BMF code calls them: hmp::ffmpeg::to_video_frame /
// from_video_frame share memory (pointers equal, one storage reference per AVFrame, none
// left once every side is gone), hmp::ffmpeg's VideoReader/VideoWriter round trip,
// bmf_sdk::ffmpeg::reformat by FFmpeg's format names, and the c_ffmpeg_decoder stand-in
// of make_sync_func against ffprobe's view of the same file.
#ifdef FRAMEKIT_HAVE_FFMPEG_ADAPTER
#include <gtest/gtest.h>
#include <unistd.h>

#include <bmf/sdk/ffmpeg_helper.h>
#include <bmf/sdk/module_functor.h>
#include <hmp/ffmpeg/ff_helper.h>

#include <filesystem>
#include <map>
#include <string>

#include "testing/jpeg_test_util.h"

namespace {

using framekit::jpeg::testing::run_command;
using namespace bmf_sdk;  // as BMF code does

struct Scratch {
  std::filesystem::path path;
  Scratch() {
    char name[] = "/tmp/framekit_bmf_ff_XXXXXX";
    path = ::mkdtemp(name);
  }
  ~Scratch() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

// `frames` of testsrc2 at 64x48 in pix_fmt, lossless H.264.
std::string make_clip(const Scratch& dir, const std::string& pix_fmt, int frames) {
  const std::string path = dir.file("clip_" + pix_fmt + ".mp4");
  run_command("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=64x48:rate=25 -frames:v " +
              std::to_string(frames) + " -c:v libx264 -qp 0 -preset ultrafast -pix_fmt " + pix_fmt +
              " " + path);
  return path;
}

int ffprobe_frame_count(const std::string& path) {
  const auto out = run_command(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=nb_read_frames -of csv=p=0 " +
      path);
  return std::stoi(std::string(out.begin(), out.end()));
}

long storage_refs(const hmp::Frame& f) {
  return f.plane(0).buffer().use_count();
}

TEST(BmfFfHelper, FrameToAVFrameAndBackShareOneStorage) {
  const hmp::PixelInfo info(hmp::PF_YUV420P, hmp::CS_BT709, hmp::CR_MPEG, hmp::CP_BT709,
                            hmp::CTC_BT709);
  hmp::Frame f(64, 32, info);
  const long base = storage_refs(f);
  const framekit::ImageView planes = f.view();
  {
    AVFrame* avf = hmp::ffmpeg::to_video_frame(f);
    EXPECT_EQ(storage_refs(f), base + 1);  // one reference, whatever the plane count
    EXPECT_EQ(avf->colorspace, AVCOL_SPC_BT709);
    EXPECT_EQ(avf->color_range, AVCOL_RANGE_MPEG);
    EXPECT_EQ(avf->color_primaries, AVCOL_PRI_BT709);
    EXPECT_EQ(avf->color_trc, AVCOL_TRC_BT709);
    for (int p = 0; p < 3; ++p) EXPECT_EQ(avf->data[p], planes.planes[p].data);

    hmp::Frame back = hmp::ffmpeg::from_video_frame(avf);
    av_frame_free(&avf);
    EXPECT_EQ(storage_refs(f), base + 1);  // `back` holds the AVFrame's buffer
    EXPECT_EQ(back.pix_info(), info);
    for (int p = 0; p < 3; ++p) EXPECT_EQ(back.view().planes[p].data, planes.planes[p].data);

    AVFrame* second = hmp::ffmpeg::to_video_frame(f);
    AVFrame* clone = av_frame_clone(second);
    av_frame_free(&second);
    EXPECT_EQ(storage_refs(f), base + 2);  // a clone shares its source's reference
    av_frame_free(&clone);
    EXPECT_EQ(storage_refs(f), base + 1);
  }
  EXPECT_EQ(storage_refs(f), base);
}

TEST(BmfFfHelper, ReferenceFramePropertiesAreCopiedNotItsLabels) {
  hmp::Frame f(16, 16, hmp::PixelInfo(hmp::PF_NV12, hmp::CS_BT470BG, hmp::CR_JPEG));
  AVFrame* ref = av_frame_alloc();
  ref->pts = 77;
  ref->colorspace = AVCOL_SPC_BT2020_NCL;
  AVFrame* avf = hmp::ffmpeg::to_video_frame(f, ref);
  EXPECT_EQ(avf->pts, 77);
  EXPECT_EQ(avf->colorspace, AVCOL_SPC_BT470BG);
  EXPECT_EQ(avf->color_range, AVCOL_RANGE_JPEG);
  EXPECT_STREQ(hmp::ffmpeg::hmp_to_ffmpeg_format_str(hmp::PF_NV12), "nv12");
  av_frame_free(&avf);
  av_frame_free(&ref);
}

TEST(BmfFfHelper, HmpVideoReaderAndWriterRoundTrip) {
  Scratch dir;
  const std::string src = make_clip(dir, "yuv422p", 5);
  hmp::ffmpeg::VideoReader reader(src);
  auto frames = reader.read(3);
  const auto rest = reader.read(16);
  EXPECT_EQ(frames.size(), 3u);
  EXPECT_EQ(rest.size(), 2u);
  EXPECT_TRUE(reader.read(1).empty());
  frames.insert(frames.end(), rest.begin(), rest.end());
  ASSERT_EQ(frames[0].format(), hmp::PF_YUV422P);
  const std::string out = dir.file("out.mp4");
  {
    hmp::ffmpeg::VideoWriter writer(out, 64, 48, 30, frames[0].pix_info());
    writer.write(frames);
    EXPECT_THROW(writer.write({hmp::Frame(32, 48, frames[0].pix_info())}), framekit::Error);
  }  // finished here, as BMF's writer is
  EXPECT_EQ(ffprobe_frame_count(out), 5);
  hmp::ffmpeg::VideoReader again(out);
  const auto decoded = again.read(16);
  ASSERT_EQ(decoded.size(), 5u);
  EXPECT_EQ(decoded[0].format(), hmp::PF_YUV422P);
}

TEST(BmfFfmpegHelper, ReformatByFfmpegNames) {
  auto rgb = VideoFrame::make(64, 32, hmp::PixelInfo(hmp::PF_RGB24));
  const framekit::ImageView v = rgb.frame().view();
  for (int y = 0; y < 32; ++y)
    for (int x = 0; x < 64 * 3; ++x) v.planes[0].row(y)[x] = static_cast<uint8_t>(x + 5 * y);
  rgb.set_pts(1234);

  const std::map<std::string, hmp::PixelFormat> names = {{"gray", hmp::PF_GRAY8},
                                                         {"gray16", hmp::PF_GRAY16},
                                                         {"yuv420p", hmp::PF_YUV420P},
                                                         {"rgb24", hmp::PF_RGB24},
                                                         {"nv12", hmp::PF_NV12}};
  for (const auto& [name, format] : names) {
    const VideoFrame out = ffmpeg::reformat(rgb, name);
    EXPECT_EQ(out.frame().format(), format) << name;
    EXPECT_EQ(out.width(), 64);
    EXPECT_EQ(out.height(), 32);
    EXPECT_EQ(out.pts(), 1234);
    // Tight rows, in samples: 64 per row for gray and gray16, 192 for rgb24.
    EXPECT_EQ(out.frame().plane(0).stride(0), format == hmp::PF_RGB24 ? 192 : 64) << name;
    // framekit's converter with the labels FFmpeg gives a bare format change.
    const auto expected = ffmpeg::reformat_target(rgb.frame().pix_info(), format);
    EXPECT_EQ(out.frame().pix_info(), expected) << name;
    const framekit::Frame direct = framekit::reformat(rgb.frame(), expected);
    for (int p = 0; p < direct.nplanes(); ++p) {
      const auto& d = direct.pix_info().desc();
      for (int y = 0; y < d.plane_height(p, 32); ++y)
        EXPECT_EQ(0, std::memcmp(out.frame().view().planes[p].row(y),
                                 direct.view().planes[p].row(y), d.plane_row_bytes(p, 64)));
    }
  }
  // RGB becomes BT.601 limited YUV (swscale's default); YUV keeps its own labels.
  EXPECT_EQ(ffmpeg::reformat(rgb, "yuv420p").frame().pix_info().space(), hmp::CS_BT470BG);
  auto yuv = VideoFrame::make(64, 32, hmp::PixelInfo(hmp::PF_NV12, hmp::CS_BT709, hmp::CR_JPEG));
  const auto i420 = ffmpeg::reformat(yuv, AV_PIX_FMT_YUV420P).frame().pix_info();
  EXPECT_EQ(i420, hmp::PixelInfo(hmp::PF_YUV420P, hmp::CS_BT709, hmp::CR_JPEG));
  EXPECT_THROW(ffmpeg::reformat(rgb, "not_a_format"), framekit::Error);
}

TEST(BmfFfmpegHelper, VideoFrameAVFrameBridgeKeepsTheAttachment) {
  auto vf = VideoFrame::make(32, 16, hmp::PixelInfo(hmp::PF_YUV420P));
  vf.set_pts(42);
  EXPECT_THROW(ffmpeg::from_video_frame(vf), framekit::Error);  // no AVFrame attached
  AVFrame* plain = ffmpeg::from_video_frame(vf, false);
  EXPECT_EQ(plain->pts, 42);
  EXPECT_EQ(plain->data[0], vf.frame().view().planes[0].data);

  const VideoFrame back = ffmpeg::to_video_frame(plain);
  av_frame_free(&plain);
  ASSERT_NE(back.private_get<AVFrame>(), nullptr);  // its own reference
  EXPECT_EQ(back.pts(), 42);
  AVFrame* again = ffmpeg::from_video_frame(back);
  EXPECT_EQ(again->pts, 42);
  EXPECT_EQ(again->data[0], vf.frame().view().planes[0].data);
  av_frame_free(&again);
  EXPECT_EQ(ffmpeg::to_video_frame(back.private_get<AVFrame>(), false).private_get<AVFrame>(),
            nullptr);
}

// What make_sync_func reads from BMF's JsonParam: has_key and get<T>.
struct Options {
  std::map<std::string, std::string> values;
  bool has_key(const std::string& key) { return values.count(key) != 0; }
  template <typename T>
  T get(const std::string& key) const {
    return values.at(key);
  }
};

TEST(BmfModuleFunctor, FfmpegDecoderGivesEveryFrameThenThrows) {
  Scratch dir;
  const std::string src = make_clip(dir, "yuv420p", 3);
  auto decoder = make_sync_func<std::tuple<>, std::tuple<VideoFrame>>(
      ModuleInfo("c_ffmpeg_decoder"), Options{{{"input_path", src}}});
  int64_t last_pts = -1;
  for (int i = 0; i < ffprobe_frame_count(src); ++i) {
    VideoFrame vf;
    std::tie(vf) = decoder();
    EXPECT_EQ(vf.width(), 64);
    EXPECT_EQ(vf.height(), 48);
    EXPECT_EQ(vf.frame().format(), hmp::PF_YUV420P);
    EXPECT_GT(vf.pts(), last_pts);
    last_pts = vf.pts();
  }
  try {
    decoder();
    ADD_FAILURE() << "no Error after the last frame";
  } catch (const framekit::Error& e) {
    EXPECT_EQ(e.code(), framekit::ErrorCode::kOutOfRange);
  }
  EXPECT_THROW((make_sync_func<std::tuple<>, std::tuple<VideoFrame>>(
                   ModuleInfo("c_ffmpeg_encoder"), Options{{{"input_path", src}}})),
               framekit::Error);
  EXPECT_THROW((make_sync_func<std::tuple<>, std::tuple<VideoFrame>>(ModuleInfo("c_ffmpeg_decoder"),
                                                                     Options{})),
               framekit::Error);
  EXPECT_THROW((make_sync_func<std::tuple<>, std::tuple<VideoFrame>>(
                   ModuleInfo("c_ffmpeg_decoder"), Options{{{"input_path", dir.file("no.mp4")}}})),
               framekit::Error);
}

}  // namespace
#endif  // FRAMEKIT_HAVE_FFMPEG_ADAPTER
