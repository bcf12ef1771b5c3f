// 8 channels x hundreds of frames of mixed sizes and formats, sent and fetched with
// random timing from several threads, half the channels with small stream buffers
// (so encoding waits for releases), half with caller buffers in device memory (some
// freed right after sending). Nothing may be lost, duplicated or reordered, and every
// picture must decode with TurboJPEG to the frame that was sent.
#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "framekit/jpege/device_memory.h"
#include "framekit/jpege/engine.h"
#include "testing/jpege_test_util.h"

namespace framekit::jpege {
namespace {

using jpege_test::decoded_psnr;
using jpege_test::TestPicture;

constexpr int kChannels = 8;
constexpr int kFramesPerChannel = 150;
constexpr int kChannelIds[kChannels] = {0, 7, 31, 64, 100, 128, 200, 255};
constexpr PixelFormat kFormats[] = {PF_NV12,    PF_NV21,    PF_YUYV422, PF_UYVY422, PF_YVYU422,
                                    PF_VYUY422, PF_YUV420P, PF_GRAY8,   PF_YUV444P, PF_RGB24};

struct FrameSpec {
  PixelFormat format;
  int width, height;
  uint32_t seed;
};

FrameSpec spec_for(int channel, int index) {
  std::mt19937 rng(static_cast<uint32_t>(channel * 100003 + index));
  FrameSpec s;
  s.format = kFormats[rng() % std::size(kFormats)];
  s.width = 16 + static_cast<int>(rng() % 170);
  s.height = 16 + static_cast<int>(rng() % 130);
  s.seed = static_cast<uint32_t>(channel * 1000 + index);
  return s;
}

// What a producer leaves for the consumer: the device memory it must free.
struct InFlight {
  uint8_t* input = nullptr;   // nullptr once the producer freed it early
  uint8_t* output = nullptr;  // caller-buffer channels
};

struct ChannelState {
  int id = 0;
  bool managed = false;
  std::mutex mu;
  std::map<int, InFlight> in_flight;  // by frame index
  int next_expected = 0;
  std::deque<Stream> unreleased;
  std::vector<std::string> failures;
};

TEST(JpegeStress, EightChannelsMixedFramesRandomTiming) {
  const size_t blocks_before = live_device_blocks();
  Engine engine({.workers = 0, .queue_depth = 6});
  std::vector<std::unique_ptr<ChannelState>> states;
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  for (int c = 0; c < kChannels; ++c) {
    auto st = std::make_unique<ChannelState>();
    st->id = kChannelIds[c];
    st->managed = c % 2 == 0;
    ChannelAttr a;
    a.max_pic_width = a.pic_width = 256;
    a.max_pic_height = a.pic_height = 160;
    a.buf_size = st->managed ? 96 * 1024 : 0;  // a few pictures: encoding must wait
    engine.create_channel(st->id, a);
    JpegParam p = engine.get_jpeg_param(st->id);
    p.qfactor = 70 + 5 * static_cast<uint32_t>(c % 4);
    p.mcu_per_ecs = c % 3 == 0 ? 2 : 0;
    engine.set_jpeg_param(st->id, p);
    engine.start_channel(st->id);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = st.get();
    ASSERT_EQ(::epoll_ctl(ep, EPOLL_CTL_ADD, engine.get_fd(st->id), &ev), 0);
    states.push_back(std::move(st));
  }

  std::atomic<int> received{0};
  const int total = kChannels * kFramesPerChannel;

  // One consumer for all channels, woken by epoll; it keeps a random number of streams
  // unreleased for a while (FIFO release), so the small stream buffers fill up.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::thread consumer([&] {
    std::mt19937 rng(99);
    epoll_event events[kChannels];
    while (received.load() < total && std::chrono::steady_clock::now() < deadline) {
      const int n = ::epoll_wait(ep, events, kChannels, 100);
      for (int i = 0; i < n; ++i) {
        auto* st = static_cast<ChannelState*>(events[i].data.ptr);
        for (;;) {
          auto s = engine.try_get_stream(st->id, 0);
          if (!s) break;
          std::lock_guard<std::mutex> lock(st->mu);
          const int index = static_cast<int>(s->pack.pts);
          if (index != st->next_expected) {
            st->failures.push_back("frame " + std::to_string(index) + " came when " +
                                   std::to_string(st->next_expected) + " was due");
          }
          st->next_expected = index + 1;
          if (!s->ok()) {
            st->failures.push_back("frame " + std::to_string(index) + " failed with status " +
                                   std::to_string(s->status));
          } else {
            const FrameSpec sp = spec_for(st->id, index);
            TestPicture ref(sp.format, sp.width, sp.height, sp.seed);
            const double q = decoded_psnr(s->pack.data, s->pack.len, ref.view);
            if (q < 25) {
              st->failures.push_back("frame " + std::to_string(index) + " decodes at " +
                                     std::to_string(q) + " dB");
            }
            st->unreleased.push_back(*s);
          }
          auto it = st->in_flight.find(index);
          if (it == st->in_flight.end()) {
            st->failures.push_back("frame " + std::to_string(index) + " was never sent");
          } else if (it->second.input) {
            device_free(it->second.input);
            it->second.input = nullptr;
            // The output buffer is freed after release (the stream points into it).
          }
          // Release all but a random few, oldest first.
          const size_t keep = rng() % 3;
          while (st->unreleased.size() > keep) {
            const Stream old = st->unreleased.front();
            st->unreleased.pop_front();
            engine.release_stream(st->id, old);
            auto fit = st->in_flight.find(static_cast<int>(old.pack.pts));
            if (fit != st->in_flight.end()) {
              if (fit->second.output) device_free(fit->second.output);
              st->in_flight.erase(fit);
            }
          }
          if (!s->ok()) st->in_flight.erase(index);
          received.fetch_add(1);
        }
      }
      // Release what is left when things go quiet (so no channel stays blocked) and at
      // the end.
      if (n == 0 || received.load() == total) {
        for (auto& st : states) {
          std::lock_guard<std::mutex> lock(st->mu);
          while (!st->unreleased.empty()) {
            const Stream old = st->unreleased.front();
            st->unreleased.pop_front();
            engine.release_stream(st->id, old);
            auto fit = st->in_flight.find(static_cast<int>(old.pack.pts));
            if (fit != st->in_flight.end()) {
              if (fit->second.output) device_free(fit->second.output);
              st->in_flight.erase(fit);
            }
          }
        }
      }
    }
  });

  std::vector<std::thread> producers;
  for (auto& stp : states) {
    producers.emplace_back([&engine, st = stp.get()] {
      std::mt19937 rng(static_cast<uint32_t>(st->id) + 7);
      for (int i = 0; i < kFramesPerChannel; ++i) {
        const FrameSpec sp = spec_for(st->id, i);
        TestPicture pic(sp.format, sp.width, sp.height, sp.seed);
        auto* dev = static_cast<uint8_t*>(device_malloc(pic.bytes.size()));
        std::memcpy(dev, pic.bytes.data(), pic.bytes.size());
        InputFrame in;
        in.view = pic.view;
        for (int p = 0; p < 4; ++p) {
          if (pic.view.planes[p].data) {
            in.view.planes[p].data = dev + (pic.view.planes[p].data - pic.bytes.data());
          }
        }
        in.pts = static_cast<uint64_t>(i);
        in.raw = true;
        InFlight fl{dev, nullptr};
        uint32_t out_size = 0;
        if (!st->managed) {
          out_size = predicted_size(in, engine.get_jpeg_param(st->id));
          fl.output = static_cast<uint8_t*>(device_malloc(out_size));
        }
        const bool free_early = rng() % 2 == 0;
        {
          std::lock_guard<std::mutex> lock(st->mu);
          st->in_flight[i] = InFlight{free_early ? nullptr : dev, fl.output};
        }
        // Random timeouts: retry on "buffer full" until the frame goes in.
        for (;;) {
          const int32_t timeout = static_cast<int32_t>(rng() % 3) - 1;  // -1, 0 or 1 ms
          try {
            if (st->managed) {
              engine.send_frame(st->id, in, timeout);
            } else {
              engine.send_jpege_frame(st->id, in, fl.output, out_size, timeout);
            }
            break;
          } catch (const JpegeError& e) {
            if (e.hi_code() != kErrVencBufFull) {
              std::lock_guard<std::mutex> lock(st->mu);
              st->failures.push_back(std::string("send: ") + e.what());
              return;
            }
          }
        }
        if (free_early) device_free(dev);  // pinned: freed when encoded
        if (rng() % 8 == 0) std::this_thread::sleep_for(std::chrono::microseconds(rng() % 2000));
      }
    });
  }
  consumer.join();
  EXPECT_EQ(received.load(), total) << "the consumer gave up waiting";
  if (received.load() < total) {
    for (auto& st : states) engine.stop_channel(st->id);  // wakes blocked producers
  }
  for (auto& t : producers) t.join();

  for (auto& st : states) {
    SCOPED_TRACE("channel " + std::to_string(st->id));
    for (const auto& f : st->failures) ADD_FAILURE() << f;
    EXPECT_EQ(st->next_expected, kFramesPerChannel);
    EXPECT_TRUE(st->in_flight.empty());
    EXPECT_TRUE(st->unreleased.empty());
    const ChannelStatus s = engine.query_status(st->id);
    EXPECT_EQ(s.left_enc_pics, 0u);
    EXPECT_EQ(s.left_stream_frames, 0u);
    engine.stop_channel(st->id);
    engine.destroy_channel(st->id);
    for (auto& [index, fl] : st->in_flight) {  // only after a failure
      if (fl.input) device_free(fl.input);
      if (fl.output) device_free(fl.output);
    }
  }
  ::close(ep);
  if (received.load() == total) {
    EXPECT_EQ(live_device_blocks(), blocks_before);
  }
}

}  // namespace
}  // namespace framekit::jpege
