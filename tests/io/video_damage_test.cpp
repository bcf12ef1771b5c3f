// VideoReader on bad input: cut and corrupted files end cleanly or with a clear Error,
// never hang (each read runs under a deadline) and never touch memory they should not
// (the ASan build runs these too); paths that are no video are refused by name.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>

#include "framekit/io/video_reader.h"
#include "io/video_test_util.h"

namespace framekit::io {
namespace {

using testing::make_video;
using testing::read_file;
using testing::ScratchDir;
using testing::write_file;

struct Outcome {
  size_t frames = 0;
  int64_t skipped = 0;
  std::string error;  // empty: ended without an Error
};

// Reads everything; a read that takes over a minute fails the test (and ends the
// process: a hung decoder thread cannot be stopped).
Outcome read_with_deadline(const std::string& path) {
  auto job = std::async(std::launch::async, [path] {
    Outcome o;
    try {
      VideoReader reader(path);
      while (reader.next()) ++o.frames;
      o.skipped = reader.skipped_packets();
    } catch (const Error& e) {
      o.error = e.what();
    }
    return o;
  });
  if (job.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    ADD_FAILURE() << path << ": reading did not end within 60 s";
    std::_Exit(1);
  }
  return job.get();
}

TEST(VideoDamage, TruncatedFilesEndCleanly) {
  ScratchDir dir;
  for (const auto& c : testing::video_cases()) {
    // faststart puts an MP4's index first, so a cut keeps it and only loses frames.
    const std::string path = make_video(dir, c.name + c.extension, c.encode, "320x240", 25, 2,
                                        c.extension == ".mp4" ? "-movflags +faststart" : "");
    auto bytes = read_file(path);
    bytes.resize(bytes.size() / 2);
    const std::string cut = dir.file("cut_" + c.name + c.extension);
    write_file(cut, bytes);
    const Outcome o = read_with_deadline(cut);
    EXPECT_EQ(o.error, "") << c.name;
    EXPECT_GT(o.frames, 5u) << c.name;
    EXPECT_LT(o.frames, 50u) << c.name;
  }
}

TEST(VideoDamage, CutMp4WithoutItsIndexIsAClearError) {
  ScratchDir dir;
  const std::string path = make_video(dir, "tail_index.mp4", testing::video_cases()[0].encode);
  auto bytes = read_file(path);
  bytes.resize(bytes.size() / 2);  // the moov box was at the end
  const std::string cut = dir.file("cut.mp4");
  write_file(cut, bytes);
  const Outcome o = read_with_deadline(cut);
  EXPECT_NE(o.error.find(cut), std::string::npos) << o.error;
  EXPECT_NE(o.error.find("not a video FFmpeg can read"), std::string::npos) << o.error;
}

TEST(VideoDamage, FlippedBytesAreSkippedOrReported) {
  ScratchDir dir;
  for (const auto& c : testing::video_cases()) {
    const std::string path = make_video(dir, c.name + c.extension, c.encode, "320x240", 25, 2,
                                        c.extension == ".mp4" ? "-movflags +faststart" : "");
    auto bytes = read_file(path);
    // Flip a run of bytes in the middle (inside the coded frames).
    for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 3000 && i < bytes.size(); i += 3) {
      bytes[i] ^= 0xA5;
    }
    const std::string bad = dir.file("flipped_" + c.name + c.extension);
    write_file(bad, bytes);
    const Outcome o = read_with_deadline(bad);
    if (o.error.empty()) {
      EXPECT_GT(o.frames, 20u) << c.name;  // the frames before the damage at least
    } else {
      EXPECT_NE(o.error.find(bad), std::string::npos) << c.name << ": " << o.error;
    }
  }
}

TEST(VideoDamage, ConsecutiveFailuresAreBounded) {
  ScratchDir dir;
  // A stream whose every packet after the first keyframe is garbage: the reader skips
  // and counts them, and gives up with an Error after kMaxConsecutiveErrors in a row,
  // or ends; it never loops.
  const std::string path = make_video(dir, "garbage.avi", "-c:v mjpeg -q:v 4 -pix_fmt yuvj420p");
  auto bytes = read_file(path);
  for (size_t i = bytes.size() / 4; i < bytes.size() * 3 / 4; ++i) bytes[i] = uint8_t(i * 131);
  const std::string bad = dir.file("garbage_bad.avi");
  write_file(bad, bytes);
  const Outcome o = read_with_deadline(bad);
  EXPECT_TRUE(!o.error.empty() || o.skipped > 0 || o.frames < 50u);
  if (!o.error.empty()) {
    EXPECT_NE(o.error.find(bad), std::string::npos) << o.error;
  }
}

TEST(VideoDamage, PathsThatAreNoVideo) {
  ScratchDir dir;
  auto message = [](const std::string& path) -> std::string {
    try {
      VideoReader reader(path);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  const std::string missing = dir.file("missing.mp4");
  EXPECT_NE(message(missing).find(missing + ": no such file"), std::string::npos);
  EXPECT_NE(message(dir.path.string()).find("is a directory"), std::string::npos);
  const std::string empty = dir.file("empty.mp4");
  write_file(empty, {});
  EXPECT_NE(message(empty).find("empty (0 bytes)"), std::string::npos);
  const std::string text = dir.file("notes.mp4");
  const std::string words = "these are words, not a video\n";
  write_file(text, std::vector<uint8_t>(words.begin(), words.end()));
  EXPECT_NE(message(text).find(text + ": not a video FFmpeg can read"), std::string::npos)
      << message(text);
  const std::string wav = dir.file("sound.wav");
  testing::run_command("ffmpeg -nostdin -v error -f lavfi -i sine=duration=0.2 " + wav);
  EXPECT_NE(message(wav).find("has no video stream"), std::string::npos) << message(wav);
}

}  // namespace
}  // namespace framekit::io
