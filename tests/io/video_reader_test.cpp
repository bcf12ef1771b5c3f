// VideoReader against ffprobe and ffmpeg's own decode of the same files: stream info,
// frame counts, pts, pixels (equal in the decoder's format, within 1 in RGB), zero copy
// from the decoder's AVFrame, and the color labels.
#include <gtest/gtest.h>

extern "C" {
#include <libavutil/frame.h>
}

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "framekit/color/reformat.h"
#include "framekit/io/video_reader.h"
#include "io/video_test_util.h"

namespace framekit::io {
namespace {

using testing::make_video;
using testing::probe_frames;
using testing::probe_stream;
using testing::ScratchDir;
using testing::VideoCase;

// All planes of a frame as tight rows, in plane order (what -f rawvideo writes).
std::vector<uint8_t> tight_planes(const Frame& frame) {
  const ImageView v = frame.view();
  const auto& d = v.desc();
  std::vector<uint8_t> out;
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, v.width);
    for (int y = 0; y < d.plane_height(p, v.height); ++y) {
      out.insert(out.end(), v.planes[p].row(y), v.planes[p].row(y) + row);
    }
  }
  return out;
}

std::vector<VideoFrame> read_all(VideoReader& reader) {
  std::vector<VideoFrame> frames;
  while (VideoFrame vf = reader.next()) frames.push_back(std::move(vf));
  return frames;
}

class VideoCodecTest : public ::testing::TestWithParam<VideoCase> {};

TEST_P(VideoCodecTest, InfoMatchesFfprobe) {
  ScratchDir dir;
  const auto& c = GetParam();
  const std::string path = make_video(dir, c.name + c.extension, c.encode);
  const auto probed = probe_stream(path);
  VideoReader reader(path);
  const VideoInfo& info = reader.info();
  EXPECT_EQ(std::to_string(info.width), probed.at("width"));
  EXPECT_EQ(std::to_string(info.height), probed.at("height"));
  EXPECT_EQ(info.codec, probed.at("codec_name"));
  EXPECT_EQ(info.pixel_format, probed.at("pix_fmt"));
  EXPECT_EQ(std::to_string(info.fps.num) + "/" + std::to_string(info.fps.den),
            probed.at("avg_frame_rate"));
  EXPECT_EQ(std::to_string(info.time_base.num) + "/" + std::to_string(info.time_base.den),
            probed.at("time_base"));
  if (probed.at("nb_frames") == "N/A") {
    EXPECT_FALSE(info.frame_count.has_value());
  } else {
    ASSERT_TRUE(info.frame_count.has_value());
    EXPECT_EQ(std::to_string(*info.frame_count), probed.at("nb_frames"));
  }
  ASSERT_TRUE(info.duration.has_value());
  EXPECT_NEAR(*info.duration, 2.0, 0.05);
}

TEST_P(VideoCodecTest, FramesAndPixelsMatchFfmpeg) {
  ScratchDir dir;
  const auto& c = GetParam();
  const std::string path = make_video(dir, c.name + c.extension, c.encode);
  const auto probed = probe_frames(path);
  VideoReader reader(path, VideoReadOptions{.threads = 2});
  const std::string pix_fmt = reader.info().pixel_format;
  const auto frames = read_all(reader);
  ASSERT_EQ(frames.size(), probed.size());
  EXPECT_EQ(reader.skipped_packets(), 0);

  // ffmpeg's own decode in the decoder's format, every frame as decoded (no dup/drop).
  const auto raw =
      testing::run_command("ffmpeg -nostdin -v error -i " + path +
                           " -fps_mode passthrough -f rawvideo -pix_fmt " + pix_fmt + " -");
  size_t offset = 0;
  for (size_t i = 0; i < frames.size(); ++i) {
    const VideoFrame& vf = frames[i];
    EXPECT_EQ(vf.pts(), probed[i].pts) << "frame " << i;
    EXPECT_EQ(vf.time_base(), reader.info().time_base);
    EXPECT_EQ(pixel_format_name(vf.frame().format()), pix_fmt);
    const auto planes = tight_planes(vf.frame());
    ASSERT_LE(offset + planes.size(), raw.size());
    EXPECT_TRUE(
        std::equal(planes.begin(), planes.end(), raw.begin() + static_cast<ptrdiff_t>(offset)))
        << "frame " << i << " differs from ffmpeg's decode";
    offset += planes.size();
  }
  EXPECT_EQ(offset, raw.size());
}

// RGB within 1 of ffmpeg's (swscale with accurate rounding). 4:4:4 streams, so that
// only the matrix is compared: for 4:2:0 framekit's centre-sited bilinear chroma
// upsampling (docs/convert.md) and swscale's left-sited filter differ by design at
// the sharp color edges of testsrc2.
TEST(VideoRgb, WithinOneOfFfmpeg) {
  ScratchDir dir;
  for (const auto& [name, encode] :
       {std::pair{"h264_444.mp4", "-c:v libx264 -preset ultrafast -pix_fmt yuv444p"},
        std::pair{"mjpeg_444.avi", "-c:v mjpeg -q:v 3 -pix_fmt yuvj444p"}}) {
    const std::string path = make_video(dir, name, encode, "320x240", 25, 0.4);
    VideoReader reader(path);
    const auto frames = read_all(reader);
    ASSERT_GE(frames.size(), 8u);
    const auto rgb = testing::run_command(
        "ffmpeg -nostdin -v error -i " + path +
        " -fps_mode passthrough -sws_flags accurate_rnd+full_chroma_int+bitexact"
        " -f rawvideo -pix_fmt rgb24 -");
    ASSERT_EQ(rgb.size(), frames.size() * 320 * 240 * 3) << name;
    int worst = 0;
    size_t offset = 0;
    for (const auto& vf : frames) {
      const auto ours = testing::tight_pixels(reformat(vf.frame(), PixelInfo(PF_RGB24)));
      for (size_t k = 0; k < ours.size(); ++k) {
        worst = std::max(worst, std::abs(int(ours[k]) - int(rgb[offset + k])));
      }
      offset += ours.size();
    }
    EXPECT_LE(worst, 1) << name;
  }
}

TEST_P(VideoCodecTest, FramesShareTheDecodersMemory) {
  ScratchDir dir;
  const auto& c = GetParam();
  const std::string path = make_video(dir, c.name + c.extension, c.encode, "320x240", 25, 0.4);
  VideoReader reader(path);
  std::vector<VideoFrame> kept;
  while (VideoFrame vf = reader.next()) {
    const AVFrame* avf = vf.private_get<AVFrame>();
    ASSERT_NE(avf, nullptr);
    for (int p = 0; p < vf.frame().nplanes(); ++p) {
      EXPECT_EQ(vf.frame().view().planes[p].data, avf->data[p]) << "plane " << p;
      EXPECT_EQ(vf.frame().view().planes[p].stride, avf->linesize[p]);
    }
    kept.push_back(std::move(vf));
  }
  ASSERT_GE(kept.size(), 8u);
  // Frames kept past later decodes still own distinct, intact pictures.
  EXPECT_NE(kept[0].frame().view().planes[0].data, kept[1].frame().view().planes[0].data);
}

INSTANTIATE_TEST_SUITE_P(Codecs, VideoCodecTest, ::testing::ValuesIn(testing::video_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(VideoColor, StreamLabelsAreCarried) {
  ScratchDir dir;
  const std::string path = make_video(
      dir, "tagged.mp4", "-c:v libx264 -preset ultrafast -pix_fmt yuv420p", "320x240", 25, 0.4,
      "-colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range pc");
  VideoReader reader(path);
  EXPECT_EQ(reader.info().stream_color.space(), CS_BT709);
  EXPECT_EQ(reader.info().stream_color.range(), CR_JPEG);
  const VideoFrame vf = reader.next();
  ASSERT_TRUE(vf.defined());
  EXPECT_EQ(vf.frame().pix_info().space(), CS_BT709);
  EXPECT_EQ(vf.frame().pix_info().range(), CR_JPEG);
  EXPECT_EQ(vf.frame().pix_info().primaries(), CP_BT709);
  EXPECT_EQ(vf.frame().pix_info().transfer(), CTC_BT709);
}

TEST(VideoColor, UnspecifiedMatrixFollowsTheHeight) {
  ScratchDir dir;
  for (const auto& [size, height, expected] :
       {std::tuple{"320x240", 240, CS_SMPTE170M}, std::tuple{"640x718", 718, CS_SMPTE170M},
        std::tuple{"1280x720", 720, CS_BT709}}) {
    const std::string path =
        make_video(dir, std::string("untagged_") + size + ".mp4",
                   "-c:v libx264 -preset ultrafast -pix_fmt yuv420p", size, 25, 0.12);
    ASSERT_EQ(probe_stream(path).count("color_space"), 1u);
    EXPECT_EQ(probe_stream(path).at("color_space"), "unknown") << size;
    VideoReader reader(path);
    EXPECT_EQ(reader.info().stream_color.space(), CS_UNSPECIFIED);
    EXPECT_EQ(reader.info().color.space(), expected) << size;
    const VideoFrame vf = reader.next();
    ASSERT_TRUE(vf.defined());
    EXPECT_EQ(vf.height(), height);
    EXPECT_EQ(vf.frame().pix_info().space(), expected) << size;
  }
  EXPECT_EQ(default_video_color_space(CS_BT2020_NCL, 240), CS_BT2020_NCL);
  EXPECT_EQ(default_video_color_space(CS_UNSPECIFIED, 719), CS_SMPTE170M);
  EXPECT_EQ(default_video_color_space(CS_UNSPECIFIED, 2160), CS_BT709);
}

}  // namespace
}  // namespace framekit::io
