// Every misuse of the engine gets its own hardware error code, and nothing crashes.
#include <gtest/gtest.h>

#include <functional>
#include <limits>

#include "framekit/jpege/device_memory.h"
#include "framekit/jpege/engine.h"
#include "testing/jpege_test_util.h"

namespace framekit::jpege {
namespace {

using jpege_test::TestPicture;

// Runs f and returns the hardware code it threw (0 if it did not throw).
int32_t code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const JpegeError& e) {
    EXPECT_NE(std::string(e.what()).find("0xa00"), std::string::npos) << e.what();
    return e.hi_code();
  }
  return 0;
}

ChannelAttr attr(uint32_t w, uint32_t h, uint32_t buf) {
  ChannelAttr a;
  a.max_pic_width = a.pic_width = w;
  a.max_pic_height = a.pic_height = h;
  a.buf_size = buf;
  return a;
}

InputFrame frame_of(const ImageView& v) {
  InputFrame f;
  f.view = v;
  f.raw = true;
  return f;
}

class JpegeErrors : public ::testing::Test {
 protected:
  // Declared first, destroyed last: queued frames must outlive the engine.
  TestPicture pic{PF_NV12, 64, 64, 1};
  Engine engine{{.workers = 1, .queue_depth = 2}};
};

TEST(JpegeErrorCodes, HaveTheHardwareValuesAndNames) {
  EXPECT_EQ(static_cast<uint32_t>(kErrVencIllegalParam), 0xA0088003u);
  EXPECT_EQ(static_cast<uint32_t>(kErrVencUnexist), 0xA0088005u);
  EXPECT_EQ(static_cast<uint32_t>(kErrVencNotPerm), 0xA0088009u);
  EXPECT_EQ(static_cast<uint32_t>(kErrVencNoBuf), 0xA008800Du);
  EXPECT_EQ(static_cast<uint32_t>(kErrVencBufEmpty), 0xA008800Eu);
  EXPECT_EQ(static_cast<uint32_t>(kErrVencBufFull), 0xA008800Fu);
  EXPECT_EQ(static_cast<uint32_t>(kErrVencSysNotReady), 0xA0088010u);
  EXPECT_EQ(static_cast<uint32_t>(kErrVencBadAddr), 0xA0088011u);
  EXPECT_EQ(static_cast<uint32_t>(kErrSysIllegalParam), 0xA0028003u);
  EXPECT_EQ(hi_error_name(kErrVencBufFull), "HI_ERR_VENC_BUF_FULL");
  EXPECT_EQ(hi_error_name(kErrVencSysNotReady), "HI_ERR_VENC_SYS_NOT_READY");
  EXPECT_EQ(hi_error_name(kErrSysNullPtr), "HI_ERR_SYS_NULL_PTR");
  EXPECT_EQ(hi_error_name(0), "HI_SUCCESS");
  EXPECT_EQ(hi_error_name(12345), "unknown");
  // A JpegeError is a framekit::Error of the matching kind (how Python classifies it).
  EXPECT_EQ(JpegeError(kErrVencBufEmpty, "x").code(), ErrorCode::kTimeout);
  EXPECT_EQ(JpegeError(kErrVencIllegalParam, "x").code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(JpegeError(kErrVencNotSupport, "x").code(), ErrorCode::kUnsupported);
  EXPECT_EQ(JpegeError(kErrVencSizeNotEnough, "x").code(), ErrorCode::kBufferTooSmall);
}

TEST_F(JpegeErrors, ChannelIds) {
  EXPECT_EQ(code_of([&] { engine.create_channel(-1, attr(64, 64, 0)); }), kErrVencInvalidChnId);
  EXPECT_EQ(code_of([&] { engine.create_channel(256, attr(64, 64, 0)); }), kErrVencInvalidChnId);
  EXPECT_EQ(code_of([&] { engine.query_status(1000); }), kErrVencInvalidChnId);
  EXPECT_EQ(code_of([&] { engine.start_channel(7); }), kErrVencUnexist);
  EXPECT_EQ(code_of([&] { engine.get_fd(7); }), kErrVencUnexist);
  EXPECT_EQ(code_of([&] { engine.destroy_channel(7); }), kErrVencUnexist);
  engine.create_channel(7, attr(64, 64, 0));
  EXPECT_EQ(code_of([&] { engine.create_channel(7, attr(64, 64, 0)); }), kErrVencExist);
  engine.destroy_channel(7);
  EXPECT_EQ(code_of([&] { engine.get_stream(7, 0); }), kErrVencUnexist);
  EXPECT_EQ(code_of([&] { engine.create_channel(255, attr(64, 64, 0)); }), 0);
}

TEST_F(JpegeErrors, ChannelAttributes) {
  ChannelAttr a = attr(64, 64, 0);
  a.type = 96;  // H.264
  EXPECT_EQ(code_of([&] { engine.create_channel(0, a); }), kErrVencNotSupport);
  EXPECT_EQ(code_of([&] { engine.create_channel(0, attr(0, 64, 0)); }), kErrVencIllegalParam);
  EXPECT_EQ(code_of([&] { engine.create_channel(0, attr(70000, 64, 0)); }), kErrVencIllegalParam);
  a = attr(64, 64, 0);
  a.pic_width = 65;  // larger than the max
  EXPECT_EQ(code_of([&] { engine.create_channel(0, a); }), kErrVencIllegalParam);
  EXPECT_EQ(code_of([&] { engine.create_channel(0, attr(64, 64, 100)); }), kErrVencIllegalParam);
  a = attr(64, 64, 0);
  a.profile = 1;
  EXPECT_EQ(code_of([&] { engine.create_channel(0, a); }), kErrVencIllegalParam);

  engine.create_channel(0, attr(64, 64, 0));
  a = attr(64, 64, 0);
  a.pic_width = 32;
  EXPECT_EQ(code_of([&] { engine.set_channel_attr(0, a); }), 0);
  EXPECT_EQ(engine.get_channel_attr(0).pic_width, 32u);
  a.pic_width = 128;
  EXPECT_EQ(code_of([&] { engine.set_channel_attr(0, a); }), kErrVencIllegalParam);
  a = attr(64, 64, 8192);  // the buffer size is fixed at creation
  EXPECT_EQ(code_of([&] { engine.set_channel_attr(0, a); }), kErrVencNotPerm);
}

TEST_F(JpegeErrors, JpegParameters) {
  engine.create_channel(0, attr(64, 64, 1 << 20));
  JpegParam p = engine.get_jpeg_param(0);
  p.qfactor = 0;
  EXPECT_EQ(code_of([&] { engine.set_jpeg_param(0, p); }), kErrVencIllegalParam);
  p.qfactor = 101;
  EXPECT_EQ(code_of([&] { engine.set_jpeg_param(0, p); }), kErrVencIllegalParam);
  p.qfactor = kQfactorCustom;
  p.y_qt.fill(8);
  p.cb_qt.fill(9);
  p.cr_qt.fill(9);
  p.cr_qt[17] = 0;
  EXPECT_EQ(code_of([&] { engine.set_jpeg_param(0, p); }), kErrVencIllegalParam);
  p.cr_qt[17] = 9;
  p.mcu_per_ecs = 70000;
  EXPECT_EQ(code_of([&] { engine.set_jpeg_param(0, p); }), kErrVencIllegalParam);
  // A failed set leaves the old parameters.
  EXPECT_EQ(engine.get_jpeg_param(0).qfactor, 100u);

  EXPECT_EQ(code_of([&] { engine.compact_jpeg_tables(0, 1, true); }), kErrVencIllegalParam);

  HuffmanParam h = engine.get_huffman_param(0);
  HuffmanParam bad = h;
  bad.ac_tables[2].values[0] ^= 1;  // Cr differs from Cb
  EXPECT_EQ(code_of([&] { engine.set_huffman_param(0, bad); }), kErrVencIllegalParam);
  bad = h;
  bad.dc_tables[0].bits[1] -= 1;  // one DC category without a code
  EXPECT_EQ(code_of([&] { engine.set_huffman_param(0, bad); }), kErrVencIllegalParam);
  bad = h;
  bad.dc_tables[0].values[3] = bad.dc_tables[0].values[4];  // a repeated symbol
  EXPECT_EQ(code_of([&] { engine.set_huffman_param(0, bad); }), kErrVencIllegalParam);
  bad = h;
  bad.ac_tables[0].bits[0] = 3;  // three 1-bit codes cannot exist
  bad.ac_tables[0].bits[15] -= 3;
  EXPECT_EQ(code_of([&] { engine.set_huffman_param(0, bad); }), kErrVencIllegalParam);
  EXPECT_EQ(code_of([&] { engine.set_huffman_param(0, h); }), 0);
}

TEST_F(JpegeErrors, StartStopDestroy) {
  engine.create_channel(0, attr(64, 64, 1 << 20));
  EXPECT_EQ(code_of([&] { engine.start_channel(0, 0); }), kErrVencIllegalParam);
  EXPECT_EQ(code_of([&] { engine.start_channel(0, -2); }), kErrVencIllegalParam);
  EXPECT_EQ(code_of([&] { engine.send_frame(0, frame_of(pic.view), 0); }), kErrVencNotPerm);
  engine.start_channel(0);
  EXPECT_EQ(code_of([&] { engine.destroy_channel(0); }), kErrVencNotPerm);
  engine.stop_channel(0);
  EXPECT_EQ(code_of([&] { engine.send_frame(0, frame_of(pic.view), 0); }), kErrVencNotPerm);
  EXPECT_EQ(code_of([&] { engine.destroy_channel(0); }), 0);
}

TEST_F(JpegeErrors, SendingFrames) {
  engine.create_channel(0, attr(64, 64, 1 << 20));
  engine.create_channel(1, attr(64, 64, 0));
  engine.start_channel(0);
  engine.start_channel(1);
  alignas(16) static uint8_t out[1 << 16];
  // Each mode takes its own call.
  EXPECT_EQ(code_of([&] { engine.send_jpege_frame(0, frame_of(pic.view), out, sizeof out, 0); }),
            kErrVencNotSupport);
  EXPECT_EQ(code_of([&] { engine.send_frame(1, frame_of(pic.view), 0); }), kErrVencNotSupport);
  EXPECT_EQ(code_of([&] { engine.send_jpege_frame(1, frame_of(pic.view), nullptr, 100, 0); }),
            kErrVencNullPtr);
  EXPECT_EQ(code_of([&] { engine.send_jpege_frame(1, frame_of(pic.view), out + 1, 100, 0); }),
            kErrVencBadAddr);
  EXPECT_EQ(code_of([&] { engine.send_jpege_frame(1, frame_of(pic.view), out, 0, 0); }),
            kErrVencIllegalParam);
  EXPECT_EQ(code_of([&] { engine.send_frame(0, frame_of(pic.view), -5); }), kErrVencIllegalParam);

  TestPicture big(PF_NV12, 96, 64, 2);  // wider than the channel
  EXPECT_EQ(code_of([&] { engine.send_frame(0, frame_of(big.view), 0); }), kErrVencIllegalParam);
  TestPicture p010(PF_P010LE, 64, 64, 3);
  EXPECT_EQ(code_of([&] { engine.send_frame(0, frame_of(p010.view), 0); }), kErrVencNotSupport);
  InputFrame f = frame_of(pic.view);
  f.view.planes[1].data = nullptr;
  EXPECT_EQ(code_of([&] { engine.send_frame(0, f, 0); }), kErrVencNullPtr);
  f = frame_of(pic.view);
  f.view.planes[0].stride = 32;  // shorter than a row
  EXPECT_EQ(code_of([&] { engine.send_frame(0, f, 0); }), kErrVencIllegalParam);
  f = frame_of(pic.view);
  f.view.info = PixelInfo(PF_NONE);
  EXPECT_EQ(code_of([&] { engine.send_frame(0, f, 0); }), kErrVencNotSupport);

  // Device memory too short for the frame, or for the output buffer.
  auto* dev = static_cast<uint8_t*>(device_malloc(64 * 64));  // luma only
  f = frame_of(pic.view);
  f.view.planes[0].data = dev;
  f.view.planes[1].data = dev + 64 * 48;  // chroma runs 1 KiB past the block
  EXPECT_EQ(code_of([&] { engine.send_frame(0, f, 0); }), kErrVencBadAddr);
  EXPECT_EQ(code_of([&] { engine.send_jpege_frame(1, frame_of(pic.view), dev, 64 * 64 + 1, 0); }),
            kErrVencBadAddr);
  device_free(dev);
  EXPECT_EQ(engine.query_status(0).left_enc_pics, 0u);  // nothing was queued
}

// A stride whose product with the rows wraps size_t made a tiny "extent" that passed
// the range check; the encoder then read at the wrapped addresses.
TEST_F(JpegeErrors, StrideThatOverflowsTheExtentIsRefused) {
  engine.create_channel(0, attr(64, 64, 1 << 20));
  engine.start_channel(0);
  auto* dev = static_cast<uint8_t*>(device_malloc(64 * 64 * 3 / 2));
  InputFrame f = frame_of(pic.view);
  f.view.planes[0].data = dev;
  f.view.planes[1].data = dev + 64 * 64;
  // 63 rows of this stride wrap to 0 in 64-bit arithmetic: extent = 0 + 64 bytes.
  f.view.planes[0].stride = static_cast<ptrdiff_t>((~size_t{0} / 63) + 1);
  EXPECT_EQ(code_of([&] { engine.send_frame(0, f, 0); }), kErrVencIllegalParam);
  f.view.planes[0].stride = std::numeric_limits<ptrdiff_t>::max();
  EXPECT_EQ(code_of([&] { engine.send_frame(0, f, 0); }), kErrVencIllegalParam);
  f.view.planes[0].stride = -64;
  EXPECT_EQ(code_of([&] { engine.send_frame(0, f, 0); }), kErrVencIllegalParam);
  device_free(dev);
  EXPECT_EQ(engine.query_status(0).left_enc_pics, 0u);
}

TEST_F(JpegeErrors, StreamsAndTimeouts) {
  engine.create_channel(0, attr(64, 64, 1 << 20));
  EXPECT_EQ(code_of([&] { engine.get_stream(0, 0); }), kErrVencBufEmpty);
  EXPECT_EQ(code_of([&] { engine.get_stream(0, 20); }), kErrVencBufEmpty);
  EXPECT_EQ(code_of([&] { engine.get_stream(0, -3); }), kErrVencIllegalParam);
  EXPECT_FALSE(engine.try_get_stream(0, 0).has_value());
  EXPECT_EQ(code_of([&] { engine.release_stream(0, Stream{}); }), kErrVencIllegalParam);

  engine.start_channel(0);
  for (int i = 0; i < 3; ++i) engine.send_frame(0, frame_of(pic.view), -1);
  const Stream a = engine.get_stream(0, 5000);
  const Stream b = engine.get_stream(0, 5000);
  EXPECT_EQ(code_of([&] { engine.release_stream(0, b); }), kErrVencIllegalParam);  // order
  Stream forged = a;
  forged.seq = 77;
  EXPECT_EQ(code_of([&] { engine.release_stream(0, forged); }), kErrVencIllegalParam);
  EXPECT_EQ(code_of([&] { engine.release_stream(0, a); }), 0);
  EXPECT_EQ(code_of([&] { engine.release_stream(0, a); }), kErrVencIllegalParam);  // twice
  EXPECT_EQ(code_of([&] { engine.release_stream(0, b); }), 0);
  engine.release_stream(0, engine.get_stream(0, 5000));
}

TEST_F(JpegeErrors, QueueFullTimesOutWithBufFull) {
  // Caller-buffer mode counts unfetched pictures: queue_depth 2 → the third waits.
  engine.create_channel(0, attr(64, 64, 0));
  engine.start_channel(0);
  alignas(16) static uint8_t out[3][1 << 15];
  engine.send_jpege_frame(0, frame_of(pic.view), out[0], sizeof out[0], 0);
  engine.send_jpege_frame(0, frame_of(pic.view), out[1], sizeof out[1], 0);
  EXPECT_EQ(
      code_of([&] { engine.send_jpege_frame(0, frame_of(pic.view), out[2], sizeof out[2], 50); }),
      kErrVencBufFull);
  engine.release_stream(0, engine.get_stream(0, 5000));
  EXPECT_EQ(
      code_of([&] { engine.send_jpege_frame(0, frame_of(pic.view), out[2], sizeof out[2], 5000); }),
      0);
}

TEST(JpegeEngineOptions, AreChecked) {
  EXPECT_EQ(code_of([] { Engine e({.workers = -1}); }), kErrVencIllegalParam);
  EXPECT_EQ(code_of([] { Engine e({.workers = 1, .queue_depth = 0}); }), kErrVencIllegalParam);
  Engine e({.workers = 3});
  EXPECT_EQ(e.num_workers(), 3);
}

TEST(JpegeDeviceMemory, FreeingWhatWasNotAllocatedIsAnErrorNotACrash) {
  const size_t before = live_device_blocks();
  EXPECT_EQ(code_of([] { device_malloc(0); }), kErrSysIllegalParam);
  EXPECT_EQ(code_of([] { device_free(nullptr); }), kErrSysNullPtr);
  int on_stack = 0;
  EXPECT_EQ(code_of([&] { device_free(&on_stack); }), kErrSysIllegalParam);
  auto* p = static_cast<uint8_t*>(device_malloc(1000));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % kDeviceMemAlign, 0u);
  EXPECT_EQ(live_device_blocks(), before + 1);
  EXPECT_EQ(code_of([&] { device_free(p + 8); }), kErrSysIllegalParam);  // not the start
  EXPECT_EQ(code_of([&] { device_free(p, MemKind::kHost); }), kErrSysIllegalParam);
  EXPECT_EQ(check_range(p, 1000), RangeCheck::kInside);
  EXPECT_EQ(check_range(p + 999, 1), RangeCheck::kInside);
  EXPECT_EQ(check_range(p + 500, 501), RangeCheck::kOverflow);
  EXPECT_EQ(check_range(&on_stack, 4), RangeCheck::kUntracked);
  device_free(p);
  EXPECT_EQ(code_of([&] { device_free(p); }), kErrSysIllegalParam);  // twice
  EXPECT_EQ(live_device_blocks(), before);
}

TEST(JpegeDeviceMemory, PinnedBlocksOutliveTheirFree) {
  const size_t before = live_device_blocks();
  auto* p = static_cast<uint8_t*>(device_malloc(256));
  {
    MemoryPins pins;
    EXPECT_EQ(pins.add(p + 16, 100), RangeCheck::kInside);
    EXPECT_EQ(pins.add(p + 16, 1000), RangeCheck::kOverflow);
    device_free(p);  // succeeds; the memory stays until the pin goes
    EXPECT_EQ(live_device_blocks(), before);
    p[20] = 1;  // still valid memory (ASan would complain otherwise)
    EXPECT_EQ(code_of([&] { device_free(p); }), kErrSysIllegalParam);
  }
  EXPECT_EQ(live_device_blocks(), before);
}

}  // namespace
}  // namespace framekit::jpege
