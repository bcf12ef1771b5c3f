// VideoReader's frame selection (start, end, max_frames, step, fps, keyframes_only)
// against ffprobe's list of the decoded frames: the expected frames are picked from
// ffprobe's pts by the documented rules.
#include <gtest/gtest.h>

extern "C" {
#include <libavutil/frame.h>
}

#include <cmath>
#include <optional>
#include <sstream>

#include "framekit/io/video_reader.h"
#include "io/video_test_util.h"

namespace framekit::io {
namespace {

using testing::make_video;
using testing::probe_frames;
using testing::ProbedFrame;
using testing::ScratchDir;

// The source pts of every frame returned: the decoder's AVFrame keeps it even where
// the fps resampler renumbers the frame.
std::vector<int64_t> source_pts(VideoReader& reader) {
  std::vector<int64_t> out;
  while (VideoFrame vf = reader.next()) {
    const AVFrame* avf = vf.private_get<AVFrame>();
    if (avf == nullptr) throw std::runtime_error("no AVFrame attached");
    out.push_back(avf->pts);
  }
  return out;
}

struct Clip {
  std::string path;
  std::vector<ProbedFrame> frames;
  double tick = 0;  // seconds per time-base unit
  int64_t tb_num = 0, tb_den = 1;
};

// One H.264 clip with B-frames and a keyframe every 12 frames, made once.
const Clip& h264_clip() {
  static ScratchDir dir;
  static const Clip clip = [] {
    Clip c;
    c.path = make_video(dir, "select.mp4",
                        "-c:v libx264 -preset ultrafast -g 12 -keyint_min 12 -sc_threshold 0 -bf 2 "
                        "-pix_fmt yuv420p");
    c.frames = probe_frames(c.path);
    VideoReader r(c.path);
    c.tb_num = r.info().time_base.num;
    c.tb_den = r.info().time_base.den;
    c.tick = double(c.tb_num) / c.tb_den;
    return c;
  }();
  return clip;
}

std::vector<int64_t> expected(const Clip& c, std::optional<double> start, std::optional<double> end,
                              int step = 1, int64_t max_frames = 0) {
  std::vector<int64_t> picked;
  int64_t index = 0;
  for (const auto& f : c.frames) {
    const double t = double(f.pts) * c.tick;
    if (end && t >= *end) break;
    if (start && t < *start) continue;
    if (index++ % step != 0) continue;
    picked.push_back(f.pts);
    if (max_frames && int64_t(picked.size()) == max_frames) break;
  }
  return picked;
}

TEST(VideoSelect, AllFramesInPresentationOrder) {
  const Clip& c = h264_clip();
  ASSERT_EQ(c.frames.size(), 50u);
  VideoReader reader(c.path);
  EXPECT_EQ(source_pts(reader), expected(c, {}, {}));
}

TEST(VideoSelect, StartSeeksAndIsFrameAccurate) {
  const Clip& c = h264_clip();
  // 1.0 is a frame time exactly (included); 0.9 falls between frames and after a
  // keyframe (0.48), so frames from there are decoded and dropped; 0.5 just after one;
  // 1.95 leaves the last frame only.
  for (double start : {0.0, 0.5, 0.9, 1.0, 1.95}) {
    VideoReader reader(c.path, {.start = start});
    const auto got = source_pts(reader);
    EXPECT_EQ(got, expected(c, start, {})) << "start " << start;
    ASSERT_FALSE(got.empty());
    EXPECT_GE(double(got.front()) * c.tick, start - 1e-9);
  }
  VideoReader past_end(c.path, {.start = 5.0});
  EXPECT_TRUE(source_pts(past_end).empty());
}

TEST(VideoSelect, EndMaxFramesAndStep) {
  const Clip& c = h264_clip();
  {
    VideoReader reader(c.path, {.end = 1.3});
    EXPECT_EQ(source_pts(reader), expected(c, {}, 1.3));
  }
  {
    VideoReader reader(c.path, {.max_frames = 7});
    EXPECT_EQ(source_pts(reader), expected(c, {}, {}, 1, 7));
  }
  for (int step : {2, 3, 7}) {
    VideoReader reader(c.path, {.step = step});
    EXPECT_EQ(source_pts(reader), expected(c, {}, {}, step)) << "step " << step;
  }
  {
    VideoReader reader(c.path, {.start = 0.5, .end = 1.7, .max_frames = 5, .step = 3});
    const auto want = expected(c, 0.5, 1.7, 3, 5);
    EXPECT_EQ(source_pts(reader), want);
    EXPECT_EQ(want.size(), 5u);
  }
}

TEST(VideoSelect, KeyframesOnlyMatchesFfprobeKeyFrames) {
  const Clip& c = h264_clip();
  std::vector<int64_t> keys;
  for (const auto& f : c.frames)
    if (f.key) keys.push_back(f.pts);
  ASSERT_EQ(keys.size(), 5u);  // one every 12 of 50 frames
  VideoReader reader(c.path, {.keyframes_only = true});
  EXPECT_EQ(source_pts(reader), keys);
  // ffprobe with the decoder told the same (skip_frame nokey) agrees.
  std::vector<int64_t> skipped;
  for (const auto& f : probe_frames(c.path, "-skip_frame nokey")) skipped.push_back(f.pts);
  EXPECT_EQ(keys, skipped);
}

// The fps rule: slot(f) = round((t - t0) * fps), halves up, in exact integers; slot k
// gets the last frame whose slot is at most k; the last frame fills its own slot.
std::vector<int64_t> fps_expected(const Clip& c, int64_t fps_num, int64_t fps_den) {
  std::vector<int64_t> out;
  const int64_t pts0 = c.frames.front().pts;
  int64_t next_slot = 0;
  int64_t held = c.frames.front().pts;
  for (size_t i = 1; i < c.frames.size(); ++i) {
    // (pts - pts0) * tb * fps = a / b; round half up = floor((2a + b) / 2b).
    const int64_t a = (c.frames[i].pts - pts0) * c.tb_num * fps_num;
    const int64_t b = c.tb_den * fps_den;
    const int64_t slot = (2 * a + b) / (2 * b);
    while (next_slot < slot) {
      out.push_back(held);
      ++next_slot;
    }
    held = c.frames[i].pts;
  }
  out.push_back(held);
  return out;
}

TEST(VideoSelect, FpsResamplesByPts) {
  const Clip& c = h264_clip();
  for (const auto& [fps_num, fps_den] :
       {std::pair<int64_t, int64_t>{10, 1}, {25, 2}, {25, 1}, {50, 1}, {30000, 1001}}) {
    const double fps = double(fps_num) / fps_den;
    VideoReader reader(c.path, {.fps = fps});
    std::vector<int64_t> got, slots;
    while (VideoFrame vf = reader.next()) {
      got.push_back(vf.private_get<AVFrame>()->pts);
      slots.push_back(vf.pts());
      EXPECT_EQ(vf.duration(), 1);
      EXPECT_NEAR(double(vf.time_base().num) / vf.time_base().den, 1.0 / fps, 1e-9);
    }
    const auto want = fps_expected(c, fps_num, fps_den);
    EXPECT_EQ(got, want) << "fps " << fps;
    for (size_t k = 0; k < slots.size(); ++k) EXPECT_EQ(slots[k], int64_t(k));
    // 2 s of video: about 2 * fps frames.
    EXPECT_NEAR(double(got.size()), 2 * fps, 1.0) << "fps " << fps;
  }
  // ffmpeg's fps filter keeps as many frames over the same span (its end rule may add
  // one more slot for the last frame's duration).
  const auto md5 =
      testing::run_command("ffmpeg -nostdin -v error -i " + c.path + " -vf fps=10 -f framemd5 -");
  std::stringstream text(std::string(md5.begin(), md5.end()));
  size_t lines = 0;
  for (std::string line; std::getline(text, line);) lines += !line.empty() && line[0] != '#';
  EXPECT_NEAR(double(lines), double(fps_expected(c, 10, 1).size()), 1.0);
}

// A frame picked at each mark (the first at or past it, marks `step` apart from the first
// frame), as the CLI's --interval picks them: its pts and its pixels.
struct Picked {
  std::vector<int64_t> pts;
  std::vector<std::vector<uint8_t>> pixels;
  int64_t frames_returned = 0;
};

Picked pick_at_marks(VideoReader& reader, double tick, double step, bool promise) {
  Picked out;
  std::optional<double> mark;
  while (VideoFrame vf = reader.next()) {
    ++out.frames_returned;
    const double t = double(vf.pts()) * tick;
    if (!mark) mark = t;
    if (t < *mark - 1e-9) continue;
    *mark += step * (std::floor((t - *mark) / step + 1e-9) + 1);
    if (promise) reader.discard_before(*mark);
    out.pts.push_back(vf.pts());
    out.pixels.push_back(testing::all_planes(vf.frame()));
  }
  return out;
}

TEST(VideoSelect, DiscardBeforeLeavesUnusedFramesUndecodedAndPickedOnesEqual) {
  const Clip& c = h264_clip();
  for (double step : {0.3, 0.5, 1.0}) {
    VideoReader all(c.path);
    VideoReader promised(c.path);
    const Picked want = pick_at_marks(all, c.tick, step, false);
    const Picked got = pick_at_marks(promised, c.tick, step, true);
    ASSERT_EQ(got.pts, want.pts) << "step " << step;
    for (size_t i = 0; i < want.pixels.size(); ++i) {
      EXPECT_TRUE(got.pixels[i] == want.pixels[i]) << "step " << step << " frame " << i;
    }
    // The clip's B-frames that no frame refers to, below a mark, were never decoded.
    EXPECT_EQ(all.packets_discardable(), 0);
    EXPECT_GT(promised.packets_discardable(), 0) << "step " << step;
    EXPECT_EQ(want.frames_returned, int64_t(c.frames.size()));
    EXPECT_LT(got.frames_returned, want.frames_returned) << "step " << step;
    EXPECT_EQ(promised.packets_decoded(), all.packets_decoded());
  }
  // start: frames before it that nothing refers to are not decoded either, and the
  // frames from start on are all there.
  VideoReader from_start(c.path, {.start = 0.9});
  EXPECT_EQ(source_pts(from_start), expected(c, 0.9, {}));
  VideoReader r(c.path);
  EXPECT_THROW(r.discard_before(std::nan("")), Error);
}

TEST(VideoSelect, BadOptionsAreRefused) {
  const Clip& c = h264_clip();
  EXPECT_THROW(VideoReader(c.path, {.step = 0}), Error);
  EXPECT_THROW(VideoReader(c.path, {.max_frames = -1}), Error);
  EXPECT_THROW(VideoReader(c.path, {.fps = 0.0}), Error);
  EXPECT_THROW(VideoReader(c.path, {.fps = -5.0}), Error);
  EXPECT_THROW(VideoReader(c.path, {.threads = -1}), Error);
}

}  // namespace
}  // namespace framekit::io
