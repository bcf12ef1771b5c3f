// The seed's JPEGE flow on the C++ engine: create, set params, fd + epoll/poll/select,
// start, send, wait, query, get, release, stop, destroy — in both memory modes. Outputs
// are compared byte for byte with the encoder core called directly and decoded with
// TurboJPEG.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <thread>

#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/device_memory.h"
#include "framekit/jpege/engine.h"
#include "testing/jpege_test_util.h"

namespace framekit::jpege {
namespace {

using jpege_test::count_segments;
using jpege_test::decoded_psnr;
using jpege_test::jpeg_segments;
using jpege_test::attr_for;
using jpege_test::raw_frame;
using jpege_test::TestPicture;

std::vector<uint8_t> direct(const ImageView& v, int quality, std::string comment = {},
                            bool raw = true) {
  jpeg::EncodeParams p;
  p.quality = quality;
  p.raw = raw;
  p.comment = std::move(comment);
  return jpeg::encode(v, p);
}

std::vector<uint8_t> bytes_of(const Stream& s) {
  return std::vector<uint8_t>(s.pack.data, s.pack.data + s.pack.len);
}

TEST(JpegeFlow, SeedFlowManagedBufferWithEpoll) {
  const size_t blocks_before = live_device_blocks();
  Engine engine({.workers = 2});
  const int chn = 0;
  engine.create_channel(chn, attr_for(128, 128, 2 * 1024 * 1024));
  JpegParam param = engine.get_jpeg_param(chn);
  EXPECT_EQ(param.qfactor, 100u);  // the SDK's default
  param.qfactor = 100;
  engine.set_jpeg_param(chn, param);

  const int fd = engine.get_fd(chn);
  ASSERT_GE(fd, 0);
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  ASSERT_EQ(::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), 0);
  engine.start_channel(chn, -1);

  TestPicture pic(PF_NV12, 128, 128, 1);
  engine.send_frame(chn, raw_frame(pic.view, 1234), 0);
  epoll_event got[3];
  ASSERT_EQ(::epoll_wait(ep, got, 3, 5000), 1);
  EXPECT_EQ(got[0].data.fd, fd);

  const ChannelStatus st = engine.query_status(chn);
  EXPECT_EQ(st.cur_packs, 1u);
  EXPECT_EQ(st.left_stream_frames, 1u);
  EXPECT_GT(st.left_stream_bytes, 0u);
  EXPECT_EQ(st.left_enc_pics, 0u);

  const Stream s = engine.get_stream(chn, 1000);
  EXPECT_EQ(s.pack.pts, 1234u);
  EXPECT_EQ(s.pack.input_addr, reinterpret_cast<uint64_t>(pic.view.planes[0].data));
  EXPECT_EQ(s.seq, 0u);
  EXPECT_EQ(s.qfactor, 100u);
  EXPECT_EQ(s.pack.len, st.left_stream_bytes);
  // The stream lives in the channel's buffer, which is device memory one can copy from.
  EXPECT_EQ(check_range(s.pack.data, s.pack.len), RangeCheck::kInside);
  EXPECT_EQ(bytes_of(s), direct(pic.view, 100));
  EXPECT_EQ(count_segments(s.pack.data, s.pack.len, 0xFE), 0);  // managed mode: no COM
  EXPECT_GT(decoded_psnr(s.pack.data, s.pack.len, pic.view), 40);
  // Nothing else ready: the fd is no longer readable.
  EXPECT_EQ(::epoll_wait(ep, got, 3, 0), 0);
  engine.release_stream(chn, s);

  engine.stop_channel(chn);
  ASSERT_EQ(::epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr), 0);
  engine.destroy_channel(chn);
  ::close(ep);
  EXPECT_EQ(live_device_blocks(), blocks_before);
}

TEST(JpegeFlow, SeedFlowCallerBufferWithBlockingGet) {
  const size_t blocks_before = live_device_blocks();
  Engine engine({.workers = 2});
  engine.create_channel(5, attr_for(128, 128, 0));
  engine.start_channel(5, -1);
  TestPicture pic(PF_NV12, 128, 128, 2);
  const InputFrame in = raw_frame(pic.view, 7);
  const uint32_t size = predicted_size(in, engine.get_jpeg_param(5));
  auto* out = static_cast<uint8_t*>(device_malloc(size));
  engine.send_jpege_frame(5, in, out, size, -1);
  const Stream s = engine.get_stream(5, -1);
  EXPECT_EQ(s.pack.data, out);
  EXPECT_LE(s.pack.len, size);
  EXPECT_EQ(s.pack.pts, 7u);
  // This mode's header carries a short COM segment (4..19 bytes), as the hardware's.
  int com_bytes = -1;
  for (const auto& seg : jpeg_segments(s.pack.data, s.pack.len)) {
    if (seg.marker == 0xFE) com_bytes = static_cast<int>(seg.payload.size()) + 4;
  }
  EXPECT_GE(com_bytes, 4);
  EXPECT_LE(com_bytes, 19);
  EXPECT_EQ(bytes_of(s), direct(pic.view, 100, "framekit j"));
  EXPECT_GT(decoded_psnr(s.pack.data, s.pack.len, pic.view), 40);
  engine.release_stream(5, s);
  engine.stop_channel(5);
  engine.destroy_channel(5);
  device_free(out);
  EXPECT_EQ(live_device_blocks(), blocks_before);
}

TEST(JpegeFlow, FdWorksWithPollAndSelect) {
  Engine engine({.workers = 1});
  engine.create_channel(1, attr_for(64, 64, 1 << 20));
  engine.start_channel(1);
  const int fd = engine.get_fd(1);
  pollfd pfd{fd, POLLIN, 0};
  EXPECT_EQ(::poll(&pfd, 1, 0), 0);  // nothing yet
  TestPicture pic(PF_YUYV422, 64, 64, 3);
  engine.send_frame(1, raw_frame(pic.view), -1);
  ASSERT_EQ(::poll(&pfd, 1, 5000), 1);
  EXPECT_TRUE(pfd.revents & POLLIN);
  fd_set set;
  FD_ZERO(&set);
  FD_SET(fd, &set);
  timeval tv{5, 0};
  ASSERT_EQ(::select(fd + 1, &set, nullptr, nullptr, &tv), 1);
  const Stream s = engine.get_stream(1, 0);
  EXPECT_GT(decoded_psnr(s.pack.data, s.pack.len, pic.view), 40);
  EXPECT_EQ(::poll(&pfd, 1, 0), 0);  // drained
  engine.release_stream(1, s);
  engine.stop_channel(1);
}

TEST(JpegeFlow, ManyFramesComeOutInSendOrderFromSeveralWorkers) {
  Engine engine({.workers = 3, .queue_depth = 32});
  engine.create_channel(9, attr_for(320, 240, 8 << 20));
  engine.start_channel(9);
  std::vector<TestPicture> pics;
  for (uint32_t i = 0; i < 24; ++i) pics.emplace_back(PF_NV12, 320 - 8 * (i % 5), 240, 100 + i);
  for (uint32_t i = 0; i < pics.size(); ++i) engine.send_frame(9, raw_frame(pics[i].view, i), -1);
  std::vector<Stream> held;
  for (uint32_t i = 0; i < pics.size(); ++i) {
    const Stream s = engine.get_stream(9, 5000);
    EXPECT_EQ(s.pack.pts, i);
    EXPECT_EQ(s.seq, i);
    EXPECT_EQ(bytes_of(s), direct(pics[i].view, 100));
    held.push_back(s);
  }
  EXPECT_EQ(engine.query_status(9).left_stream_frames, 0u);
  for (const Stream& s : held) engine.release_stream(9, s);  // FIFO
  engine.stop_channel(9);
}

TEST(JpegeFlow, RecvPicNumStopsAfterNFrames) {
  Engine engine({.workers = 2});
  engine.create_channel(2, attr_for(64, 64, 1 << 20));
  engine.start_channel(2, 3);
  EXPECT_EQ(engine.query_status(2).left_recv_pics, 3u);
  TestPicture pic(PF_NV21, 64, 64, 4);
  for (int i = 0; i < 3; ++i) engine.send_frame(2, raw_frame(pic.view, i), -1);
  EXPECT_EQ(engine.query_status(2).left_recv_pics, 0u);
  try {
    engine.send_frame(2, raw_frame(pic.view), 0);
    ADD_FAILURE() << "a 4th frame was accepted";
  } catch (const JpegeError& e) {
    EXPECT_EQ(e.hi_code(), kErrVencNotPerm);
  }
  for (int i = 0; i < 3; ++i) engine.release_stream(2, engine.get_stream(2, 5000));
  EXPECT_TRUE(engine.query_status(2).is_jpeg_snap_end);
  engine.start_channel(2, 1);  // re-arms
  engine.send_frame(2, raw_frame(pic.view), -1);
  engine.release_stream(2, engine.get_stream(2, 5000));
  engine.stop_channel(2);
}

TEST(JpegeFlow, StopKeepsReceivedFramesFetchable) {
  Engine engine({.workers = 1});
  engine.create_channel(3, attr_for(96, 64, 1 << 20));
  engine.start_channel(3);
  TestPicture pic(PF_UYVY422, 96, 64, 5);
  for (int i = 0; i < 4; ++i) engine.send_frame(3, raw_frame(pic.view, i), -1);
  engine.stop_channel(3);
  for (uint64_t i = 0; i < 4; ++i) {
    const Stream s = engine.get_stream(3, 5000);
    EXPECT_EQ(s.pack.pts, i);
    engine.release_stream(3, s);
  }
  engine.destroy_channel(3);
}

TEST(JpegeFlow, ParamsApplyToFramesSentAfterTheChange) {
  Engine engine({.workers = 2});
  engine.create_channel(4, attr_for(128, 96, 1 << 20));
  engine.start_channel(4);
  TestPicture pic(PF_NV12, 128, 96, 6);
  engine.send_frame(4, raw_frame(pic.view), -1);
  JpegParam p = engine.get_jpeg_param(4);
  p.qfactor = 50;
  engine.set_jpeg_param(4, p);
  engine.send_frame(4, raw_frame(pic.view), -1);
  const Stream a = engine.get_stream(4, 5000);
  const Stream b = engine.get_stream(4, 5000);
  EXPECT_EQ(bytes_of(a), direct(pic.view, 100));
  EXPECT_EQ(bytes_of(b), direct(pic.view, 50));
  EXPECT_EQ(b.qfactor, 50u);
  EXPECT_LT(b.pack.len, a.pack.len);
  engine.release_stream(4, a);
  engine.release_stream(4, b);
  engine.stop_channel(4);
}

TEST(JpegeFlow, EveryInputFormatMatchesTheCore) {
  Engine engine({.workers = 2});
  engine.create_channel(10, attr_for(80, 60, 1 << 20));
  engine.start_channel(10);
  const PixelFormat formats[] = {PF_NV12,    PF_NV21,    PF_YUYV422,  PF_UYVY422, PF_YVYU422,
                                 PF_VYUY422, PF_YUV420P, PF_YUVJ420P, PF_YUV422P, PF_YUV444P,
                                 PF_NV16,    PF_NV24,    PF_GRAY8,    PF_RGB24,   PF_BGR24,
                                 PF_RGBA32,  PF_BGRA32};
  for (PixelFormat f : formats) {
    SCOPED_TRACE(pixel_format_name(f));
    // Odd sizes and padded rows too.
    TestPicture pic(f, 77, 59, static_cast<uint32_t>(f), 13);
    for (bool raw : {true, false}) {
      InputFrame in = raw_frame(pic.view);
      in.raw = raw;
      engine.send_frame(10, in, -1);
      const Stream s = engine.get_stream(10, 5000);
      EXPECT_EQ(bytes_of(s), direct(pic.view, 100, {}, raw));
      // Raw samples decode to themselves (RGB input is converted either way).
      if (raw) {
        EXPECT_GT(decoded_psnr(s.pack.data, s.pack.len, pic.view), 30);
      }
      engine.release_stream(10, s);
    }
  }
  engine.stop_channel(10);
}

TEST(JpegeFlow, BigFrameUsesIdleWorkersAndStaysValid) {
  Engine engine({.workers = 2});
  engine.create_channel(11, attr_for(1920, 1088, 16 << 20));
  engine.start_channel(11);
  TestPicture pic(PF_NV12, 1920, 1088, 7);
  engine.send_frame(11, raw_frame(pic.view), -1);
  const Stream s = engine.get_stream(11, 20000);
  EXPECT_GT(decoded_psnr(s.pack.data, s.pack.len, pic.view), 40);
  engine.release_stream(11, s);
  engine.stop_channel(11);
}

TEST(JpegeFlow, FullStreamBufferMakesEncodingWaitAndSendTimeOut) {
  Engine engine({.workers = 2, .queue_depth = 4});
  TestPicture pic(PF_NV12, 128, 128, 8);
  const size_t one = direct(pic.view, 100).size();
  // Room for two pictures only.
  engine.create_channel(12, attr_for(128, 128, static_cast<uint32_t>(2 * one + 200)));
  engine.start_channel(12);
  int accepted = 0;
  try {
    for (int i = 0; i < 20; ++i) {
      engine.send_frame(12, raw_frame(pic.view, static_cast<uint64_t>(i)), 200);
      ++accepted;
    }
    ADD_FAILURE() << "the channel never filled up";
  } catch (const JpegeError& e) {
    EXPECT_EQ(e.hi_code(), kErrVencBufFull);
  }
  // Two in the stream buffer, queue_depth waiting for room.
  EXPECT_EQ(accepted, 2 + 4);
  EXPECT_EQ(engine.query_status(12).left_stream_frames, 2u);
  EXPECT_EQ(engine.query_status(12).left_enc_pics, 4u);
  // Fetching and releasing makes room; every frame comes out, in order.
  for (int i = 0; i < accepted; ++i) {
    const Stream s = engine.get_stream(12, 5000);
    EXPECT_EQ(s.pack.pts, static_cast<uint64_t>(i));
    EXPECT_EQ(bytes_of(s).size(), one);
    engine.release_stream(12, s);
  }
  engine.stop_channel(12);
}

TEST(JpegeFlow, PictureLargerThanTheStreamBufferIsReportedNotLost) {
  Engine engine({.workers = 1});
  engine.create_channel(13, attr_for(256, 256, kMinStreamBufSize));
  engine.start_channel(13);
  TestPicture big(PF_YUV444P, 256, 256, 9);
  TestPicture small(PF_GRAY8, 16, 16, 9);
  engine.send_frame(13, raw_frame(big.view, 1), -1);
  engine.send_frame(13, raw_frame(small.view, 2), -1);
  const auto bad = engine.try_get_stream(13, 5000);
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->status, kErrVencSizeNotEnough);
  EXPECT_GT(bad->needed_size, kMinStreamBufSize);
  EXPECT_EQ(bad->pack.pts, 1u);
  const Stream ok = engine.get_stream(13, 5000);  // the next picture is fine
  EXPECT_EQ(ok.pack.pts, 2u);
  engine.release_stream(13, ok);
  engine.stop_channel(13);
}

TEST(JpegeFlow, CallerBufferTooSmallSaysHowMuchIsNeeded) {
  Engine engine({.workers = 1});
  engine.create_channel(14, attr_for(128, 128, 0));
  engine.start_channel(14);
  TestPicture pic(PF_NV12, 128, 128, 10);
  std::vector<uint8_t> tiny(256 + 16);
  auto* aligned = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(tiny.data()) + 15) & ~15);
  engine.send_jpege_frame(14, raw_frame(pic.view, 3), aligned, 256, -1);
  try {
    engine.get_stream(14, 5000);
    ADD_FAILURE() << "a 256-byte buffer was enough";
  } catch (const JpegeError& e) {
    EXPECT_EQ(e.hi_code(), kErrVencSizeNotEnough);
  }
  // The failed picture needs no release; a big enough buffer works.
  const size_t need = direct(pic.view, 100, "framekit j").size();
  std::vector<uint8_t> big(need + 16);
  auto* a2 = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(big.data()) + 15) & ~15);
  engine.send_jpege_frame(14, raw_frame(pic.view, 4), a2, need, -1);
  const Stream s = engine.get_stream(14, 5000);
  EXPECT_EQ(s.pack.len, need);
  engine.release_stream(14, s);
  engine.stop_channel(14);
}

TEST(JpegeFlow, InputFreedEarlyIsKeptUntilEncoded) {
  const size_t blocks_before = live_device_blocks();
  Engine engine({.workers = 1});
  engine.create_channel(15, attr_for(640, 480, 4 << 20));
  engine.start_channel(15);
  TestPicture pic(PF_NV12, 640, 480, 11);
  std::vector<uint8_t> expected = direct(pic.view, 100);
  for (int i = 0; i < 4; ++i) {
    auto* dev = static_cast<uint8_t*>(device_malloc(pic.bytes.size()));
    std::memcpy(dev, pic.bytes.data(), pic.bytes.size());
    ImageView v = pic.view;
    for (int p = 0; p < 2; ++p)
      v.planes[p].data = dev + (pic.view.planes[p].data - pic.bytes.data());
    engine.send_frame(15, raw_frame(v), -1);
    device_free(dev);  // the hardware flow frees after get_stream; early is safe too
  }
  for (int i = 0; i < 4; ++i) {
    const Stream s = engine.get_stream(15, 10000);
    EXPECT_EQ(bytes_of(s), expected);
    engine.release_stream(15, s);
  }
  engine.stop_channel(15);
  engine.destroy_channel(15);
  EXPECT_EQ(live_device_blocks(), blocks_before);
}

TEST(JpegeFlow, RoundRobinKeepsAQuietChannelFromWaitingBehindABusyOne) {
  Engine engine({.workers = 1, .queue_depth = 16});
  engine.create_channel(20, attr_for(1920, 1080, 64 << 20));
  engine.create_channel(21, attr_for(1920, 1080, 64 << 20));
  engine.start_channel(20);
  engine.start_channel(21);
  TestPicture pic(PF_NV12, 1920, 1080, 12);
  for (int i = 0; i < 16; ++i) engine.send_frame(20, raw_frame(pic.view, i), -1);
  engine.send_frame(21, raw_frame(pic.view, 99), -1);
  const Stream quiet = engine.get_stream(21, 20000);
  // Channel 20 had 16 frames queued first, yet channel 21 waited for only a few (one
  // worker: 20's first frame, 20's second, then 21's).
  EXPECT_LE(engine.query_status(20).left_stream_frames, 5u);
  engine.release_stream(21, quiet);
  for (int i = 0; i < 16; ++i) engine.release_stream(20, engine.get_stream(20, 20000));
  engine.stop_channel(20);
  engine.stop_channel(21);
}

TEST(JpegeFlow, DestroyWakesBlockedCallersAndDropsEverything) {
  const size_t blocks_before = live_device_blocks();
  auto engine = std::make_unique<Engine>(EngineOptions{.workers = 1});
  engine->create_channel(30, attr_for(64, 64, 1 << 20));
  std::atomic<int32_t> code{0};
  std::thread waiter([&] {
    try {
      engine->get_stream(30, -1);
    } catch (const JpegeError& e) {
      code = e.hi_code();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  engine->destroy_channel(30);  // not started: allowed
  waiter.join();
  EXPECT_EQ(code.load(), kErrVencUnexist);

  // A channel with queued frames and unreleased streams goes away cleanly.
  engine->create_channel(31, attr_for(64, 64, 1 << 20));
  engine->start_channel(31);
  TestPicture pic(PF_NV12, 64, 64, 13);
  for (int i = 0; i < 8; ++i) engine->send_frame(31, raw_frame(pic.view), -1);
  engine->get_stream(31, 5000);  // fetched, never released
  engine->stop_channel(31);
  engine->destroy_channel(31);
  engine.reset();
  EXPECT_EQ(live_device_blocks(), blocks_before);
}

TEST(JpegeFlow, StopWakesABlockedSender) {
  Engine engine({.workers = 1, .queue_depth = 1});
  TestPicture pic(PF_NV12, 128, 128, 14);
  engine.create_channel(32, attr_for(128, 128, kMinStreamBufSize));
  engine.start_channel(32);
  // Tiny pictures fill the 4 KiB stream buffer (never released), then one more fills the
  // queue, and the next send blocks until stop.
  TestPicture tiny(PF_GRAY8, 8, 8, 1);
  engine.send_frame(32, raw_frame(tiny.view), -1);
  std::atomic<int32_t> code{0};
  std::thread sender([&] {
    try {
      for (int i = 0; i < 100; ++i) engine.send_frame(32, raw_frame(tiny.view), -1);
    } catch (const JpegeError& e) {
      code = e.hi_code();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  engine.stop_channel(32);
  sender.join();
  EXPECT_EQ(code.load(), kErrVencNotPerm);
  engine.destroy_channel(32);  // waits for a frame still being encoded (it reads `tiny`)
}

}  // namespace
}  // namespace framekit::jpege

namespace framekit::jpege {
namespace {

TEST(JpegeChannels, All256AtOnceEachWithItsOwnFd) {
  Engine engine({.workers = 2});
  std::set<int> fds;
  for (int chn = 0; chn < kMaxChannels; ++chn) {
    engine.create_channel(chn, attr_for(32, 32, chn % 2 ? kMinStreamBufSize : 0));
    fds.insert(engine.get_fd(chn));
  }
  EXPECT_EQ(fds.size(), static_cast<size_t>(kMaxChannels));
  TestPicture pic(PF_GRAY8, 32, 32, 1);
  for (int chn : {0, 1, 128, 255}) {
    engine.start_channel(chn);
    if (chn % 2) {
      engine.send_frame(chn, raw_frame(pic.view, static_cast<uint64_t>(chn)), -1);
      const Stream s = engine.get_stream(chn, 5000);
      EXPECT_EQ(s.pack.pts, static_cast<uint64_t>(chn));
      engine.release_stream(chn, s);
    }
    engine.stop_channel(chn);
  }
  engine.destroy_all_channels();
  EXPECT_THROW(engine.get_fd(255), JpegeError);
}

}  // namespace
}  // namespace framekit::jpege
