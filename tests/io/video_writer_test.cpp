// VideoWriter against FFmpeg's own tools: frames from ffmpeg's testsrc2 (raw planes) are
// written, then ffprobe reads the stream back (codec, size, pix_fmt, frame count, rate,
// color labels) and ffmpeg decodes it: equal bytes for lossless encodes (x264 qp 0,
// FFV1), PSNR for a default one. Plus determinism and every error the writer names.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "framekit/core/error.h"
#include "framekit/io/video_writer.h"
#include "framekit/pixel/image_view.h"
#include "io/video_test_util.h"

namespace framekit::io {
namespace {

using testing::probe_frames;
using testing::probe_stream;
using testing::read_file;
using testing::run_command;
using testing::ScratchDir;

constexpr int kWidth = 96;
constexpr int kHeight = 64;
constexpr int kFrames = 6;

// kFrames of testsrc2 as raw planes in `pix_fmt`, the bytes ffmpeg made and the Frames
// over them (the bytes outlive the frames: both live in this struct).
struct SourceClip {
  PixelInfo info;
  std::vector<uint8_t> bytes;
  size_t frame_bytes = 0;
  std::vector<Frame> frames;

  SourceClip(const std::string& pix_fmt, const PixelInfo& pixel_info) : info(pixel_info) {
    bytes =
        run_command("ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=" + std::to_string(kWidth) +
                    "x" + std::to_string(kHeight) + ":rate=25 -frames:v " +
                    std::to_string(kFrames) + " -pix_fmt " + pix_fmt + " -f rawvideo -");
    frame_bytes = bytes.size() / kFrames;
    for (int i = 0; i < kFrames; ++i) {
      frames.push_back(Frame::wrap(
          make_image_view(info, kWidth, kHeight, bytes.data() + i * frame_bytes, frame_bytes)));
    }
  }
};

// What ffmpeg decodes from `path`, as raw planes in `pix_fmt`.
std::vector<uint8_t> ffmpeg_decode(const std::string& path, const std::string& pix_fmt) {
  return run_command("ffmpeg -nostdin -v error -i " + path + " -f rawvideo -pix_fmt " + pix_fmt +
                     " -");
}

double psnr(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
  return 10 * std::log10(255.0 * 255.0 * a.size() / std::max(sum, 1e-9));
}

void write_all(VideoWriter& writer, const std::vector<Frame>& frames) {
  for (const Frame& f : frames) writer.write(f);
  writer.close();
}

struct LosslessCase {
  std::string pix_fmt;
  PixelFormat format;
  std::string codec;
  std::string extension;
  std::vector<std::pair<std::string, std::string>> options;
};

class VideoWriterLossless : public ::testing::TestWithParam<LosslessCase> {};

TEST_P(VideoWriterLossless, FfmpegDecodesTheSameBytes) {
  const LosslessCase& c = GetParam();
  ScratchDir dir;
  const SourceClip clip(c.pix_fmt, PixelInfo(c.format, CS_BT709, CR_MPEG));
  const std::string path = dir.file("out" + c.extension);
  VideoWriteOptions options;
  options.codec = c.codec;
  options.fps = Rational{25, 1};
  options.codec_options = c.options;
  VideoWriter writer(path, kWidth, kHeight, clip.info, options);
  write_all(writer, clip.frames);
  EXPECT_EQ(writer.frames_written(), kFrames);
  EXPECT_FALSE(writer.is_open());

  const auto stream = probe_stream(path);
  EXPECT_EQ(stream.at("width"), std::to_string(kWidth));
  EXPECT_EQ(stream.at("height"), std::to_string(kHeight));
  EXPECT_EQ(stream.at("pix_fmt"), c.pix_fmt);
  EXPECT_EQ(stream.at("avg_frame_rate"), "25/1");
  EXPECT_EQ(stream.at("color_space"), "bt709");
  EXPECT_EQ(stream.at("color_range"), "tv");
  EXPECT_EQ(probe_frames(path).size(), size_t{kFrames});
  EXPECT_TRUE(ffmpeg_decode(path, c.pix_fmt) == clip.bytes);
}

INSTANTIATE_TEST_SUITE_P(
    Codecs, VideoWriterLossless,
    ::testing::Values(
        LosslessCase{
            "yuv420p", PF_YUV420P, "libx264", ".mp4", {{"qp", "0"}, {"preset", "ultrafast"}}},
        LosslessCase{
            "yuv422p", PF_YUV422P, "libx264", ".mp4", {{"qp", "0"}, {"preset", "ultrafast"}}},
        LosslessCase{
            "yuv444p", PF_YUV444P, "libx264", ".mkv", {{"qp", "0"}, {"preset", "ultrafast"}}},
        LosslessCase{"gray16le", PF_GRAY16, "ffv1", ".mkv", {}}),
    [](const auto& info) { return info.param.pix_fmt + "_" + info.param.codec; });

TEST(VideoWriter, DefaultH264IsCloseAndDeterministic) {
  ScratchDir dir;
  const SourceClip clip("yuv420p", PixelInfo(PF_YUV420P, CS_BT709, CR_MPEG));
  for (const char* name : {"a.mp4", "b.mp4"}) {
    VideoWriter writer(dir.file(name), kWidth, kHeight, clip.info);
    write_all(writer, clip.frames);
  }
  EXPECT_EQ(probe_stream(dir.file("a.mp4")).at("codec_name"), "h264");
  EXPECT_TRUE(read_file(dir.file("a.mp4")) == read_file(dir.file("b.mp4")));
  const auto decoded = ffmpeg_decode(dir.file("a.mp4"), "yuv420p");
  ASSERT_EQ(decoded.size(), clip.bytes.size());
  EXPECT_GT(psnr(decoded, clip.bytes), 30.0);
}

TEST(VideoWriter, TakesStridedFramesAndFrameTimesFromItsOwnClock) {
  ScratchDir dir;
  const SourceClip clip("yuv420p", PixelInfo(PF_YUV420P));
  const std::string path = dir.file("strided.mkv");
  VideoWriteOptions options;
  options.fps = Rational{30000, 1001};
  options.codec_options = {{"qp", "0"}};
  VideoWriter writer(path, kWidth, kHeight, clip.info, options);
  for (const Frame& f : clip.frames) {
    // Rows 64-byte aligned: strides wider than the rows.
    VideoFrame vf(f.clone(64));
    vf.set_pts(1000);  // ignored: frame k is at k / fps
    writer.write(vf);
  }
  writer.close();
  writer.close();  // idempotent
  EXPECT_EQ(probe_stream(path).at("avg_frame_rate"), "30000/1001");
  EXPECT_TRUE(ffmpeg_decode(path, "yuv420p") == clip.bytes);
}

template <typename Fn>
std::string error_text(ErrorCode code, Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no Error";
  return {};
}

TEST(VideoWriter, OpenErrorsNameTheProblemAndLeaveNoFile) {
  ScratchDir dir;
  const PixelInfo yuv(PF_YUV420P);
  const std::string path = dir.file("x.mp4");
  auto open = [&](const std::string& p, const PixelInfo& info, VideoWriteOptions o = {}) {
    return [=] { VideoWriter w(p, kWidth, kHeight, info, o); };
  };
  EXPECT_NE(error_text(ErrorCode::kInvalidArgument, open(dir.file("no/x.mp4"), yuv))
                .find("does not exist"),
            std::string::npos);
  EXPECT_NE(
      error_text(ErrorCode::kInvalidArgument, open(dir.path.string(), yuv)).find("is a directory"),
      std::string::npos);
  EXPECT_NE(error_text(ErrorCode::kInvalidArgument, open(dir.file("x.notavideo"), yuv))
                .find("no container"),
            std::string::npos);
  VideoWriteOptions o;
  o.codec = "no_such_encoder";
  EXPECT_NE(error_text(ErrorCode::kUnsupported, open(path, yuv, o)).find("no encoder"),
            std::string::npos);
  // libx264 takes YUV and gray only; the message lists what it takes.
  const std::string rgb = error_text(ErrorCode::kUnsupported, open(path, PixelInfo(PF_RGB24)));
  EXPECT_NE(rgb.find("cannot take rgb24"), std::string::npos) << rgb;
  EXPECT_NE(rgb.find("yuv444p"), std::string::npos) << rgb;
  o = {};
  o.codec_options = {{"no_such_option", "1"}};
  EXPECT_NE(error_text(ErrorCode::kInvalidArgument, open(path, yuv, o)).find("no_such_option"),
            std::string::npos);
  o = {};
  o.fps = Rational{0, 1};
  error_text(ErrorCode::kInvalidArgument, open(path, yuv, o));
  error_text(ErrorCode::kInvalidArgument, [&] { VideoWriter w(path, 0, kHeight, yuv); });
  // An encoder that refuses to open: FFmpeg's reason is in the message. (Not an odd
  // 4:2:0 size: libx264 leaks its parameter strings when x264_encoder_open fails, which
  // LeakSanitizer would report against this test.)
  o = {};
  o.codec_options = {{"preset", "no_such_preset"}};
  const std::string refused = error_text(ErrorCode::kUnsupported, open(path, yuv, o));
  EXPECT_NE(refused.find("FFmpeg:"), std::string::npos) << refused;
  EXPECT_NE(refused.find("no_such_preset"), std::string::npos) << refused;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path));
  EXPECT_FALSE(encoder_pixel_formats("ffv1").empty());
}

TEST(VideoWriter, WriteErrorsNameTheFrame) {
  ScratchDir dir;
  const SourceClip clip("yuv420p", PixelInfo(PF_YUV420P));
  VideoWriter writer(dir.file("w.mp4"), kWidth, kHeight, clip.info);
  writer.write(clip.frames[0]);
  const std::string size = error_text(ErrorCode::kInvalidArgument,
                                      [&] { writer.write(Frame(kWidth / 2, kHeight, clip.info)); });
  EXPECT_NE(size.find("48x64"), std::string::npos) << size;
  const std::string format = error_text(
      ErrorCode::kTypeMismatch, [&] { writer.write(Frame(kWidth, kHeight, PixelInfo(PF_NV12))); });
  EXPECT_NE(format.find("nv12"), std::string::npos) << format;
  error_text(ErrorCode::kInvalidArgument, [&] { writer.write(Frame()); });
  EXPECT_EQ(writer.frames_written(), 1);
  writer.close();
  EXPECT_NE(
      error_text(ErrorCode::kRuntime, [&] { writer.write(clip.frames[1]); }).find("after close"),
      std::string::npos);
  EXPECT_EQ(probe_frames(dir.file("w.mp4")).size(), 1u);
}

TEST(VideoWriter, DestructorFinishesTheFile) {
  ScratchDir dir;
  const SourceClip clip("yuv420p", PixelInfo(PF_YUV420P));
  {
    VideoWriter writer(dir.file("d.mkv"), kWidth, kHeight, clip.info);
    for (const Frame& f : clip.frames) writer.write(f);
  }
  EXPECT_EQ(probe_frames(dir.file("d.mkv")).size(), size_t{kFrames});
}

}  // namespace
}  // namespace framekit::io
