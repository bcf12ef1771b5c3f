// The engine's bytes depend only on the frame and the parameters: a big picture borrows
// however many workers happen to be idle, yet 200 encodes of it, while other channels
// keep the workers busy at random, give one byte string, the single-thread core's, with
// no restart markers.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/engine.h"
#include "testing/jpege_test_util.h"

namespace framekit::jpege {
namespace {

using jpege_test::attr_for;
using jpege_test::raw_frame;
using jpege_test::TestPicture;

bool has_restart_marker(const std::vector<uint8_t>& jpg) {
  for (size_t i = 0; i + 1 < jpg.size(); ++i) {
    if (jpg[i] == 0xFF && (jpg[i + 1] == 0xDD || (jpg[i + 1] >= 0xD0 && jpg[i + 1] <= 0xD7))) {
      return true;
    }
  }
  return false;
}

TEST(JpegeDeterminism, SameFrameUnderLoadGivesOneByteString) {
  Engine engine({.workers = 3, .queue_depth = 8});
  constexpr int kBig = 40, kBusy[] = {41, 42};
  engine.create_channel(kBig, attr_for(1920, 1088, 16 << 20));
  engine.start_channel(kBig);
  for (int c : kBusy) {
    engine.create_channel(c, attr_for(640, 480, 8 << 20));
    engine.start_channel(c);
  }
  // Other channels busy at random: each loader keeps a few frames in flight, with
  // pauses, so the big picture finds 0, 1 or 2 idle workers.
  std::atomic<bool> stop{false};
  std::vector<std::thread> loaders;
  for (int c : kBusy) {
    loaders.emplace_back([&engine, &stop, c] {
      TestPicture pic(PF_NV12, 640, 480, static_cast<uint32_t>(c));
      std::mt19937 rng(static_cast<uint32_t>(c));
      while (!stop.load()) {
        const int burst = 1 + static_cast<int>(rng() % 4);
        for (int i = 0; i < burst; ++i) engine.send_frame(c, raw_frame(pic.view), -1);
        for (int i = 0; i < burst; ++i) engine.release_stream(c, engine.get_stream(c, 20000));
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % 3000));
      }
    });
  }
  TestPicture pic(PF_NV12, 1920, 1088, 21);
  std::set<std::vector<uint8_t>> outputs;
  for (int i = 0; i < 200; ++i) {
    engine.send_frame(kBig, raw_frame(pic.view, static_cast<uint64_t>(i)), -1);
    const Stream s = engine.get_stream(kBig, 20000);
    outputs.emplace(s.pack.data, s.pack.data + s.pack.len);
    engine.release_stream(kBig, s);
  }
  stop = true;
  for (auto& t : loaders) t.join();
  for (int c : kBusy) engine.stop_channel(c);
  engine.stop_channel(kBig);

  ASSERT_EQ(outputs.size(), 1u);
  const std::vector<uint8_t>& jpg = *outputs.begin();
  EXPECT_FALSE(has_restart_marker(jpg));
  jpeg::EncodeParams one;
  one.quality = 100;  // the engine's default qfactor
  one.raw = true;
  EXPECT_TRUE(jpg == jpeg::encode(pic.view, one));
}

}  // namespace
}  // namespace framekit::jpege
