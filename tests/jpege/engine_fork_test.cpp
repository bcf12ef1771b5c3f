// The JPEGE engine after fork(): the engine has no threads of its own (it runs on the
// runtime, which regrows its workers in the child), and its locks are held across
// fork(), so a child can encode with an engine its parent used, or with a new one.
// Before, the engine's own worker threads did not exist in the child and its frames
// were never encoded: the child hung.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/engine.h"
#include "testing/fork_child.h"
#include "testing/jpege_test_util.h"

namespace framekit::jpege {
namespace {

using jpege_test::TestPicture;
using testing::run_in_child;

ChannelAttr attr_for(uint32_t w, uint32_t h) { return jpege_test::attr_for(w, h, 4 * 1024 * 1024); }

// One frame through channel `chn` of `engine` (created and destroyed here).
std::vector<uint8_t> encode_on(Engine& engine, int chn, const TestPicture& pic) {
  engine.create_channel(chn, attr_for(static_cast<uint32_t>(pic.width),
                                      static_cast<uint32_t>(pic.height)));
  engine.start_channel(chn, -1);
  InputFrame f;
  f.view = pic.view;
  f.raw = true;
  engine.send_frame(chn, f, 10000);
  const Stream s = engine.get_stream(chn, 20000);
  std::vector<uint8_t> out(s.pack.data, s.pack.data + s.pack.len);
  engine.release_stream(chn, s);
  engine.stop_channel(chn);
  engine.destroy_channel(chn);
  return out;
}

std::vector<uint8_t> direct(const TestPicture& pic) {
  jpeg::EncodeParams p;
  p.quality = 100;
  p.raw = true;
  return jpeg::encode(pic.view, p);
}

// Two byte strings in one: length of the first, then both.
std::vector<uint8_t> join(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  std::vector<uint8_t> out(8);
  const uint64_t n = a.size();
  std::memcpy(out.data(), &n, 8);
  out.insert(out.end(), a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

std::pair<std::vector<uint8_t>, std::vector<uint8_t>> split(const std::vector<uint8_t>& v) {
  uint64_t n = 0;
  if (v.size() < 8) return {};
  std::memcpy(&n, v.data(), 8);
  if (v.size() < 8 + n) return {};
  return {std::vector<uint8_t>(v.begin() + 8, v.begin() + 8 + static_cast<ptrdiff_t>(n)),
          std::vector<uint8_t>(v.begin() + 8 + static_cast<ptrdiff_t>(n), v.end())};
}

TEST(EngineFork, ChildEncodesWithTheParentsEngineAndANewOne) {
  const TestPicture pic(PF_NV12, 640, 480, 5);
  const auto expected = direct(pic);
  Engine engine({.workers = 2});
  ASSERT_EQ(encode_on(engine, 0, pic), expected);  // the parent used the engine
  const auto r = run_in_child([&] {
    auto same = encode_on(engine, 1, pic);
    Engine fresh({.workers = 2});
    return join(same, encode_on(fresh, 0, pic));
  });
  ASSERT_TRUE(r.finished) << r.problem;
  ASSERT_EQ(r.exit_code, 0) << r.problem;
  const auto [same, fresh] = split(r.output);
  EXPECT_EQ(same, expected);
  EXPECT_EQ(fresh, expected);
}

// Another thread keeps channel 0 of the engine encoding while the main thread forks:
// the child encodes on another channel of the same engine (a channel mid-frame at the
// moment of fork is the parent's; see EngineOptions).
TEST(EngineFork, ForkWhileAnotherThreadEncodes) {
  const TestPicture busy_pic(PF_YUV420P, 1280, 720, 9);
  const TestPicture pic(PF_NV12, 320, 240, 3);
  const auto expected = direct(pic);
  Engine engine({.workers = 2});
  engine.create_channel(0, attr_for(1280, 720));
  engine.start_channel(0, -1);
  std::atomic<bool> stop{false};
  std::atomic<int> encoded{0};
  std::thread busy([&] {
    InputFrame f;
    f.view = busy_pic.view;
    f.raw = true;
    while (!stop) {
      engine.send_frame(0, f, 10000);
      const Stream s = engine.get_stream(0, 20000);
      engine.release_stream(0, s);
      ++encoded;
    }
  });
  for (int i = 0; i < 8; ++i) {
    const auto r = run_in_child([&] { return encode_on(engine, 1, pic); }, 30000);
    EXPECT_TRUE(r.finished && r.exit_code == 0) << "fork " << i << ": " << r.problem;
    EXPECT_EQ(r.output, expected) << "fork " << i;
  }
  stop = true;
  busy.join();
  EXPECT_GT(encoded.load(), 0);
  engine.stop_channel(0);
  engine.destroy_channel(0);
}

}  // namespace
}  // namespace framekit::jpege
