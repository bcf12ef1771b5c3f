// VideoReader over a file in memory (the same frames as from the path, seeks included),
// and FFmpeg's log routed through framekit: quiet by default, its errors kept as the
// reader's warnings, printed when a level is chosen.
#include <gtest/gtest.h>

#include <algorithm>

#include "framekit/io/video_reader.h"
#include "io/video_test_util.h"

namespace framekit::io {
namespace {

using testing::make_video;
using testing::read_file;
using testing::ScratchDir;
using testing::tight_pixels;
using testing::write_file;

struct Decoded {
  std::vector<int64_t> pts;
  std::vector<std::vector<uint8_t>> pixels;
  std::vector<std::string> warnings;
  int64_t skipped = 0;
};

Decoded decode_all(VideoReader& reader) {
  Decoded d;
  for (VideoFrame vf = reader.next(); vf; vf = reader.next()) {
    d.pts.push_back(vf.pts());
    d.pixels.push_back(tight_pixels(vf.frame()));
  }
  d.warnings = reader.warnings();
  d.skipped = reader.skipped_packets();
  return d;
}

TEST(VideoMemory, SameFramesAsFromThePath) {
  ScratchDir dir;
  for (const auto& c : testing::video_cases()) {
    // MP4s keep their index at the end (no faststart): the demuxer must seek in memory.
    const std::string path = make_video(dir, c.name + c.extension, c.encode, "64x48", 25, 0.8);
    VideoReadOptions o;
    o.threads = 1;
    VideoReader from_file(path, o);
    const std::vector<uint8_t> bytes = read_file(path);
    VideoReader from_memory(bytes, o);
    EXPECT_EQ(from_memory.info().codec, from_file.info().codec) << c.name;
    EXPECT_EQ(from_memory.info().container, from_file.info().container) << c.name;
    EXPECT_EQ(from_memory.info().frame_count, from_file.info().frame_count) << c.name;
    const Decoded a = decode_all(from_file), b = decode_all(from_memory);
    EXPECT_EQ(a.pts.size(), 20u) << c.name;
    EXPECT_EQ(b.pts, a.pts) << c.name;
    EXPECT_TRUE(b.pixels == a.pixels) << c.name;
  }
}

TEST(VideoMemory, SeekingStartWorksInMemory) {
  ScratchDir dir;
  const testing::VideoCase c = testing::video_cases()[0];  // H.264, keyframe every 12 frames
  const std::string path = make_video(dir, "seek.mp4", c.encode, "64x48", 25, 2);
  VideoReadOptions o;
  o.start = 1.0;
  o.max_frames = 3;
  VideoReader from_file(path, o);
  VideoReader from_memory(read_file(path), o);
  const Decoded a = decode_all(from_file), b = decode_all(from_memory);
  ASSERT_EQ(a.pts.size(), 3u);
  EXPECT_EQ(b.pts, a.pts);
  EXPECT_TRUE(b.pixels == a.pixels);
}

TEST(VideoMemory, EmptyAndForeignBytesAreClearErrors) {
  auto message = [](const std::vector<uint8_t>& bytes) -> std::string {
    try {
      VideoReader reader(bytes);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message({}).find("<memory>: the buffer is empty"), std::string::npos);
  std::vector<uint8_t> text(4000);
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<uint8_t>('a' + i % 26);
  const std::string m = message(text);
  EXPECT_NE(m.find("<memory>"), std::string::npos) << m;
}

// An H.264 stream with a run of flipped bytes: FFmpeg's decoder logs errors about it.
std::vector<uint8_t> damaged_h264(const ScratchDir& dir) {
  const std::string path = make_video(dir, "damaged.mp4", testing::video_cases()[0].encode,
                                      "160x120", 25, 1, "-movflags +faststart");
  auto bytes = read_file(path);
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 600; i += 7) bytes[i] ^= 0x5A;
  return bytes;
}

TEST(VideoFfmpegLog, DamageIsQuietButReported) {
  ScratchDir dir;
  const auto bytes = damaged_h264(dir);
  ASSERT_EQ(ffmpeg_log_level(), -8) << "FRAMEKIT_FFMPEG_LOG must be unset for this test";
  ::testing::internal::CaptureStderr();
  Decoded d;
  {
    VideoReadOptions o;
    o.threads = 1;  // FFmpeg logs from the reading thread: every message is attributed
    VideoReader reader(bytes, o);
    d = decode_all(reader);
  }
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed, "");
  EXPECT_GT(d.pts.size(), 10u);
  // What FFmpeg said is among the reader's warnings (or a skipped packet's reason).
  const auto from_ffmpeg = std::count_if(d.warnings.begin(), d.warnings.end(),
                                         [](auto& w) { return w.rfind("FFmpeg: h264: ", 0) == 0; });
  EXPECT_GT(from_ffmpeg, 0);

  // A chosen level lets FFmpeg's messages through to stderr, in its own format.
  set_ffmpeg_log_level(16);  // AV_LOG_ERROR
  ::testing::internal::CaptureStderr();
  {
    VideoReadOptions o;
    o.threads = 1;
    VideoReader reader(bytes, o);
    decode_all(reader);
  }
  const std::string loud = ::testing::internal::GetCapturedStderr();
  set_ffmpeg_log_level(-8);
  EXPECT_NE(loud.find("[h264 @ "), std::string::npos) << loud;
}

TEST(VideoFfmpegLog, Levels) {
  EXPECT_EQ(parse_ffmpeg_log_level("quiet"), -8);
  EXPECT_EQ(parse_ffmpeg_log_level("error"), 16);
  EXPECT_EQ(parse_ffmpeg_log_level("warning"), 24);
  EXPECT_EQ(parse_ffmpeg_log_level("trace"), 56);
  EXPECT_EQ(parse_ffmpeg_log_level("32"), 32);
  EXPECT_FALSE(parse_ffmpeg_log_level("loud").has_value());
  EXPECT_FALSE(parse_ffmpeg_log_level("99").has_value());
  EXPECT_FALSE(parse_ffmpeg_log_level("").has_value());
  EXPECT_THROW(set_ffmpeg_log_level(99), Error);
  EXPECT_EQ(ffmpeg_log_level(), -8);
}

}  // namespace
}  // namespace framekit::io
