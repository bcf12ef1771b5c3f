// The hi_mpi_* C ABI: frame layouts of every pixel format the SDK names, the
// system lifecycle, the epoll wrappers, and every error code it returns.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "framekit/compat/hi_dvpp.h"
#include "framekit/jpeg/encoder.h"
#include "testing/compat_test_util.h"
#include "testing/jpege_test_util.h"

namespace framekit {
namespace {

using jpege_test::TestPicture;
using namespace compat_test;

// Starts the system for one test and stops it after.
class CompatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    blocks_ = fk_dvpp_live_blocks();
    ASSERT_EQ(hi_mpi_sys_init(), HI_SUCCESS);
  }
  void TearDown() override {
    EXPECT_EQ(hi_mpi_sys_exit(), HI_SUCCESS);
    EXPECT_EQ(fk_dvpp_live_blocks(), blocks_);
  }
  // Sends one frame on a fresh managed channel and returns the JPEG bytes.
  std::vector<uint8_t> encode_managed(const hi_video_frame_info& f, hi_s32* ret) {
    const hi_venc_chn_attr a = chn_attr(f.v_frame.width, f.v_frame.height, 4 << 20);
    EXPECT_EQ(hi_mpi_venc_create_chn(40, &a), HI_SUCCESS);
    hi_venc_start_param sp{-1};
    EXPECT_EQ(hi_mpi_venc_start_chn(40, &sp), HI_SUCCESS);
    std::vector<uint8_t> out;
    *ret = hi_mpi_venc_send_frame(40, &f, -1);
    if (*ret == HI_SUCCESS) {
      hi_venc_pack pack;
      hi_venc_stream s{};
      s.pack = &pack;
      s.pack_cnt = 1;
      *ret = hi_mpi_venc_get_stream(40, &s, 10000);
      if (*ret == HI_SUCCESS) {
        out.assign(pack.addr, pack.addr + pack.len);
        EXPECT_EQ(hi_mpi_venc_release_stream(40, &s), HI_SUCCESS);
      }
    }
    EXPECT_EQ(hi_mpi_venc_stop_chn(40), HI_SUCCESS);
    EXPECT_EQ(hi_mpi_venc_destroy_chn(40), HI_SUCCESS);
    return out;
  }
  size_t blocks_ = 0;
};

TEST(CompatLifecycle, NotReadyBeforeInitAndIdempotentInit) {
  hi_venc_chn_attr a = chn_attr(64, 64, 0);
  EXPECT_EQ(u(hi_mpi_venc_create_chn(0, &a)), HI_ERR_VENC_SYS_NOT_READY);
  EXPECT_EQ(u(hi_mpi_venc_get_fd(0)), HI_ERR_VENC_SYS_NOT_READY);
  EXPECT_NE(std::string(fk_jpege_last_error()).find("hi_mpi_sys_init"), std::string::npos);
  EXPECT_EQ(u(hi_mpi_sys_exit()), HI_ERR_SYS_NOT_READY);
  EXPECT_EQ(hi_mpi_sys_init(), HI_SUCCESS);
  EXPECT_EQ(hi_mpi_sys_init(), HI_SUCCESS);
  EXPECT_STREQ(fk_jpege_last_error(), "");
  EXPECT_EQ(hi_mpi_venc_create_chn(0, &a), HI_SUCCESS);
  EXPECT_EQ(hi_mpi_sys_exit(), HI_SUCCESS);  // destroys channel 0 too
  EXPECT_EQ(u(hi_mpi_venc_query_status(0, nullptr)), HI_ERR_VENC_SYS_NOT_READY);
  EXPECT_EQ(u(fk_jpege_configure(-1, 4)), HI_ERR_SYS_ILLEGAL_PARAM);
}

TEST_F(CompatTest, EveryPixelFormatMatchesTheCoreOnTheSameSamples) {
  for (const SdkFormat& c : kSdkFormats) {
    SCOPED_TRACE(static_cast<int>(c.hi));
    // Strides with padding; planes given explicitly.
    TestPicture pic(c.pf, 96, 64, static_cast<uint32_t>(c.hi), 16);
    hi_video_frame_info f = frame_info(c.hi, 96, 64);
    for (int p = 0; p < pic.info.desc().num_planes; ++p) {
      const int mem = c.swap_uv && p > 0 ? 3 - p : p;  // memory order: Y, V, U
      f.v_frame.virt_addr[mem] = pic.view.planes[p].data;
      f.v_frame.width_stride[mem] = static_cast<hi_u32>(pic.view.planes[p].stride);
    }
    hi_s32 ret = 0;
    EXPECT_EQ(encode_managed(f, &ret), direct_raw(pic.view));
    EXPECT_EQ(ret, HI_SUCCESS) << fk_jpege_last_error();
  }
}

TEST_F(CompatTest, AbsentChromaAddressesFollowTheSdkLayout) {
  // NV12 with width_stride 128 and height_stride 80 (aligned), chroma address absent.
  const hi_u32 w = 120, h = 70, ws = 128, hs = 80;
  std::vector<uint8_t> mem(ws * hs * 3 / 2);
  TestPicture pic(PF_NV12, 120, 70, 5);
  for (hi_u32 y = 0; y < h; ++y) std::memcpy(&mem[y * ws], pic.view.planes[0].row(y), w);
  for (hi_u32 y = 0; y < h / 2; ++y) {
    std::memcpy(&mem[ws * hs + y * ws], pic.view.planes[1].row(static_cast<int>(y)), w);
  }
  hi_video_frame_info f = frame_info(HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, w, h);
  f.v_frame.virt_addr[0] = mem.data();
  f.v_frame.width_stride[0] = ws;
  f.v_frame.height_stride[0] = hs;
  hi_s32 ret = 0;
  EXPECT_EQ(encode_managed(f, &ret), direct_raw(pic.view));

  // Planar 4:2:0, no strides at all: tight planes one after another.
  TestPicture i420(PF_YUV420P, 63, 41, 6);
  hi_video_frame_info g = frame_info(HI_PIXEL_FORMAT_YUV_PLANAR_420, 63, 41);
  g.v_frame.virt_addr[0] = i420.view.planes[0].data;
  EXPECT_EQ(encode_managed(g, &ret), direct_raw(i420.view));
}

TEST_F(CompatTest, FrameErrors) {
  TestPicture pic(PF_NV12, 64, 64, 1);
  hi_video_frame_info f = frame_info(HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, 64, 64);
  f.v_frame.virt_addr[0] = pic.view.planes[0].data;
  hi_s32 ret = 0;
  hi_video_frame_info g = f;
  g.v_frame.pixel_format = HI_PIXEL_FORMAT_ARGB_1555;
  encode_managed(g, &ret);
  EXPECT_EQ(u(ret), HI_ERR_VENC_NOT_SUPPORT);
  g = f;
  g.v_frame.compress_mode = HI_COMPRESS_MODE_SEG;
  encode_managed(g, &ret);
  EXPECT_EQ(u(ret), HI_ERR_VENC_NOT_SUPPORT);
  g = f;
  g.v_frame.video_format = HI_VIDEO_FORMAT_TILE_64x16;
  encode_managed(g, &ret);
  EXPECT_EQ(u(ret), HI_ERR_VENC_NOT_SUPPORT);
  g = f;
  g.v_frame.field = HI_VIDEO_FIELD_TOP;
  encode_managed(g, &ret);
  EXPECT_EQ(u(ret), HI_ERR_VENC_NOT_SUPPORT);
  g = f;
  g.v_frame.virt_addr[0] = nullptr;
  encode_managed(g, &ret);
  EXPECT_EQ(u(ret), HI_ERR_VENC_NULL_PTR);
  g = f;
  g.v_frame.height_stride[0] = 32;  // fewer rows than the picture
  encode_managed(g, &ret);
  EXPECT_EQ(u(ret), HI_ERR_VENC_ILLEGAL_PARAM);
  g = f;
  g.v_frame.width_stride[0] = 32;  // shorter than a row
  encode_managed(g, &ret);
  EXPECT_EQ(u(ret), HI_ERR_VENC_ILLEGAL_PARAM);
  // The message of the failing call names the problem (until the next call).
  const hi_venc_chn_attr a = chn_attr(64, 64, 1 << 20);
  ASSERT_EQ(hi_mpi_venc_create_chn(41, &a), HI_SUCCESS);
  hi_venc_start_param sp{-1};
  ASSERT_EQ(hi_mpi_venc_start_chn(41, &sp), HI_SUCCESS);
  EXPECT_EQ(u(hi_mpi_venc_send_frame(41, &g, 0)), HI_ERR_VENC_ILLEGAL_PARAM);
  EXPECT_NE(std::string(fk_jpege_last_error()).find("stride 32"), std::string::npos)
      << fk_jpege_last_error();
  EXPECT_EQ(hi_mpi_venc_stop_chn(41), HI_SUCCESS);
  EXPECT_STREQ(fk_jpege_last_error(), "");
  EXPECT_EQ(hi_mpi_venc_destroy_chn(41), HI_SUCCESS);

  hi_u32 size = 0;
  g = f;
  g.v_frame.width = 0;
  EXPECT_EQ(u(hi_mpi_venc_get_jpege_predicted_size(&g, nullptr, &size)), HI_ERR_VENC_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_venc_get_jpege_predicted_size(nullptr, nullptr, &size)), HI_ERR_VENC_NULL_PTR);
  EXPECT_EQ(u(hi_mpi_venc_get_jpege_predicted_size(&f, nullptr, nullptr)), HI_ERR_VENC_NULL_PTR);
  EXPECT_EQ(hi_mpi_venc_get_jpege_predicted_size(&f, nullptr, &size), HI_SUCCESS);
  EXPECT_GT(size, 1000u);
}

TEST_F(CompatTest, ChannelErrors) {
  hi_venc_chn_attr a = chn_attr(64, 64, 1 << 20);
  EXPECT_EQ(u(hi_mpi_venc_create_chn(0, nullptr)), HI_ERR_VENC_NULL_PTR);
  EXPECT_EQ(u(hi_mpi_venc_create_chn(256, &a)), HI_ERR_VENC_INVALID_CHN_ID);
  EXPECT_EQ(u(hi_mpi_venc_create_chn(-1, &a)), HI_ERR_VENC_INVALID_CHN_ID);
  a.venc_attr.type = HI_PT_H264;
  EXPECT_EQ(u(hi_mpi_venc_create_chn(0, &a)), HI_ERR_VENC_NOT_SUPPORT);
  a = chn_attr(64, 64, 1 << 20);
  EXPECT_EQ(hi_mpi_venc_create_chn(0, &a), HI_SUCCESS);
  EXPECT_EQ(u(hi_mpi_venc_create_chn(0, &a)), HI_ERR_VENC_EXIST);
  EXPECT_LT(hi_mpi_venc_get_fd(1), 0);
  EXPECT_EQ(u(hi_mpi_venc_get_fd(1)), HI_ERR_VENC_UNEXIST);
  EXPECT_GE(hi_mpi_venc_get_fd(0), 0);
  EXPECT_EQ(hi_mpi_venc_close_fd(0), HI_SUCCESS);
  EXPECT_EQ(u(hi_mpi_venc_close_fd(1)), HI_ERR_VENC_UNEXIST);

  hi_venc_chn_attr got;
  EXPECT_EQ(hi_mpi_venc_get_chn_attr(0, &got), HI_SUCCESS);
  EXPECT_EQ(got.venc_attr.buf_size, 1u << 20);
  got.venc_attr.pic_width = 32;
  EXPECT_EQ(hi_mpi_venc_set_chn_attr(0, &got), HI_SUCCESS);
  EXPECT_EQ(u(hi_mpi_venc_get_chn_attr(0, nullptr)), HI_ERR_VENC_NULL_PTR);

  EXPECT_EQ(u(hi_mpi_venc_start_chn(0, nullptr)), HI_ERR_VENC_NULL_PTR);
  hi_venc_start_param sp{0};
  EXPECT_EQ(u(hi_mpi_venc_start_chn(0, &sp)), HI_ERR_VENC_ILLEGAL_PARAM);
  hi_venc_jpeg_param jp;
  EXPECT_EQ(hi_mpi_venc_get_jpeg_param(0, &jp), HI_SUCCESS);
  EXPECT_EQ(jp.qfactor, 100u);
  jp.qfactor = 0;
  EXPECT_EQ(u(hi_mpi_venc_set_jpeg_param(0, &jp)), HI_ERR_VENC_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_venc_set_jpeg_param(0, nullptr)), HI_ERR_VENC_NULL_PTR);
  hi_venc_jpeg_huffman_param hp;
  EXPECT_EQ(hi_mpi_venc_get_jpeg_huffman_param(0, &hp), HI_SUCCESS);
  EXPECT_EQ(hp.dc_tables[0].dc_bits[1], 1);  // Annex K.3: one 2-bit DC luma code
  EXPECT_EQ(hi_mpi_venc_set_jpeg_huffman_param(0, &hp), HI_SUCCESS);
  hp.ac_tables[2].ac_value[0] ^= 1;
  EXPECT_EQ(u(hi_mpi_venc_set_jpeg_huffman_param(0, &hp)), HI_ERR_VENC_ILLEGAL_PARAM);
  EXPECT_EQ(hi_mpi_venc_compact_jpeg_tables(0, 0, HI_TRUE), HI_SUCCESS);
  EXPECT_EQ(u(hi_mpi_venc_compact_jpeg_tables(0, 2, HI_TRUE)), HI_ERR_VENC_ILLEGAL_PARAM);

  hi_venc_stream s{};
  hi_venc_pack pack;
  EXPECT_EQ(u(hi_mpi_venc_get_stream(0, nullptr, 0)), HI_ERR_VENC_NULL_PTR);
  EXPECT_EQ(u(hi_mpi_venc_get_stream(0, &s, 0)), HI_ERR_VENC_NULL_PTR);  // s.pack NULL
  s.pack = &pack;
  s.pack_cnt = 0;
  EXPECT_EQ(u(hi_mpi_venc_get_stream(0, &s, 0)), HI_ERR_VENC_ILLEGAL_PARAM);
  s.pack_cnt = 1;
  EXPECT_EQ(u(hi_mpi_venc_get_stream(0, &s, 0)), HI_ERR_VENC_BUF_EMPTY);
  EXPECT_EQ(u(hi_mpi_venc_get_stream(0, &s, -2)), HI_ERR_VENC_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_venc_release_stream(0, &s)), HI_ERR_VENC_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_venc_release_stream(0, nullptr)), HI_ERR_VENC_NULL_PTR);
  hi_venc_chn_status st;
  EXPECT_EQ(hi_mpi_venc_query_status(0, &st), HI_SUCCESS);
  EXPECT_EQ(u(hi_mpi_venc_query_status(0, nullptr)), HI_ERR_VENC_NULL_PTR);
  EXPECT_EQ(u(hi_mpi_venc_query_status(9, &st)), HI_ERR_VENC_UNEXIST);

  TestPicture pic(PF_NV12, 32, 64, 1);
  hi_video_frame_info f = frame_info(HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, 32, 64);
  f.v_frame.virt_addr[0] = pic.view.planes[0].data;
  EXPECT_EQ(u(hi_mpi_venc_send_frame(0, &f, 0)), HI_ERR_VENC_NOT_PERM);  // not started
  EXPECT_EQ(u(hi_mpi_venc_send_frame(0, nullptr, 0)), HI_ERR_VENC_NULL_PTR);
  hi_img_stream out{};
  EXPECT_EQ(u(hi_mpi_venc_send_jpege_frame(0, &f, nullptr, 0)), HI_ERR_VENC_NULL_PTR);
  EXPECT_EQ(u(hi_mpi_venc_send_jpege_frame(0, &f, &out, 0)), HI_ERR_VENC_BAD_ADDR);
  EXPECT_EQ(u(hi_mpi_venc_destroy_chn(3)), HI_ERR_VENC_UNEXIST);
}

TEST_F(CompatTest, TooSmallCallerBufferThroughTheCAbi) {
  hi_venc_chn_attr a = chn_attr(64, 64, 0);
  ASSERT_EQ(hi_mpi_venc_create_chn(2, &a), HI_SUCCESS);
  hi_venc_start_param sp{-1};
  ASSERT_EQ(hi_mpi_venc_start_chn(2, &sp), HI_SUCCESS);
  TestPicture pic(PF_NV12, 64, 64, 2);
  hi_video_frame_info f = frame_info(HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, 64, 64);
  f.v_frame.virt_addr[0] = pic.view.planes[0].data;
  void* out = nullptr;
  ASSERT_EQ(hi_mpi_dvpp_malloc(0, &out, 300), HI_SUCCESS);
  hi_img_stream img{};
  img.addr = static_cast<hi_u8*>(out);
  img.len = 300;
  ASSERT_EQ(hi_mpi_venc_send_jpege_frame(2, &f, &img, -1), HI_SUCCESS);
  hi_venc_pack pack;
  hi_venc_stream s{};
  s.pack = &pack;
  s.pack_cnt = 1;
  EXPECT_EQ(u(hi_mpi_venc_get_stream(2, &s, 10000)), HI_ERR_VENC_SIZE_NOT_ENOUGH);
  EXPECT_EQ(s.pack_cnt, 0u);
  EXPECT_GT(pack.len, 300u);  // what it needs
  EXPECT_EQ(pack.input_addr, reinterpret_cast<hi_u64>(pic.view.planes[0].data));
  EXPECT_EQ(hi_mpi_dvpp_free(out), HI_SUCCESS);
}

TEST_F(CompatTest, SysExitWakesABlockedGetStream) {
  hi_venc_chn_attr a = chn_attr(64, 64, 1 << 20);
  ASSERT_EQ(hi_mpi_venc_create_chn(1, &a), HI_SUCCESS);
  hi_venc_start_param sp{-1};
  ASSERT_EQ(hi_mpi_venc_start_chn(1, &sp), HI_SUCCESS);
  std::atomic<hi_s32> ret{0};
  std::thread waiter([&] {
    hi_venc_pack pack;
    hi_venc_stream s{};
    s.pack = &pack;
    s.pack_cnt = 1;
    ret = hi_mpi_venc_get_stream(1, &s, -1);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(hi_mpi_sys_exit(), HI_SUCCESS);
  waiter.join();
  EXPECT_EQ(u(ret.load()), HI_ERR_VENC_UNEXIST);
  ASSERT_EQ(hi_mpi_sys_init(), HI_SUCCESS);  // for TearDown
}

TEST(CompatEpoll, WrappersAndTheirErrors) {
  hi_s32 ep = -1;
  EXPECT_EQ(u(hi_mpi_sys_create_epoll(0, &ep)), HI_ERR_SYS_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_sys_create_epoll(10, nullptr)), HI_ERR_SYS_NULL_PTR);
  ASSERT_EQ(hi_mpi_sys_create_epoll(10, &ep), HI_SUCCESS);
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  hi_dvpp_epoll_event ev{HI_DVPP_EPOLL_IN, &pipe_fds};
  EXPECT_EQ(u(hi_mpi_sys_ctl_epoll(ep + 1000, HI_DVPP_EPOLL_CTL_ADD, pipe_fds[0], &ev)),
            HI_ERR_SYS_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_sys_ctl_epoll(ep, 9, pipe_fds[0], &ev)), HI_ERR_SYS_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_sys_ctl_epoll(ep, HI_DVPP_EPOLL_CTL_ADD, pipe_fds[0], nullptr)),
            HI_ERR_SYS_NULL_PTR);
  EXPECT_EQ(u(hi_mpi_sys_ctl_epoll(ep, HI_DVPP_EPOLL_CTL_DEL, pipe_fds[0], nullptr)),
            HI_ERR_SYS_UNEXIST);
  ASSERT_EQ(hi_mpi_sys_ctl_epoll(ep, HI_DVPP_EPOLL_CTL_ADD, pipe_fds[0], &ev), HI_SUCCESS);
  EXPECT_EQ(u(hi_mpi_sys_ctl_epoll(ep, HI_DVPP_EPOLL_CTL_ADD, pipe_fds[0], &ev)), HI_ERR_SYS_EXIST);
  hi_dvpp_epoll_event got[2];
  hi_s32 n = -1;
  EXPECT_EQ(u(hi_mpi_sys_wait_epoll(ep, got, 0, 0, &n)), HI_ERR_SYS_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_sys_wait_epoll(ep, got, 2, -7, &n)), HI_ERR_SYS_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_sys_wait_epoll(ep, nullptr, 2, 0, &n)), HI_ERR_SYS_NULL_PTR);
  EXPECT_EQ(hi_mpi_sys_wait_epoll(ep, got, 2, 10, &n), HI_SUCCESS);  // timeout: 0 events
  EXPECT_EQ(n, 0);
  ASSERT_EQ(::write(pipe_fds[1], "x", 1), 1);
  EXPECT_EQ(hi_mpi_sys_wait_epoll(ep, got, 2, 1000, &n), HI_SUCCESS);
  ASSERT_EQ(n, 1);
  EXPECT_EQ(got[0].data, &pipe_fds);
  EXPECT_EQ(got[0].events & HI_DVPP_EPOLL_IN, HI_DVPP_EPOLL_IN);
  ev.events = HI_DVPP_EPOLL_IN | HI_DVPP_EPOLL_ET;
  EXPECT_EQ(hi_mpi_sys_ctl_epoll(ep, HI_DVPP_EPOLL_CTL_MOD, pipe_fds[0], &ev), HI_SUCCESS);
  EXPECT_EQ(hi_mpi_sys_ctl_epoll(ep, HI_DVPP_EPOLL_CTL_DEL, pipe_fds[0], nullptr), HI_SUCCESS);
  EXPECT_EQ(hi_mpi_sys_close_epoll(ep), HI_SUCCESS);
  EXPECT_EQ(u(hi_mpi_sys_close_epoll(ep)), HI_ERR_SYS_ILLEGAL_PARAM);
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
}

TEST(CompatDeviceMemory, MallocAndFreeErrors) {
  const hi_u64 before = fk_dvpp_live_blocks();
  void* p = nullptr;
  EXPECT_EQ(u(hi_mpi_dvpp_malloc(1, &p, 100)), HI_ERR_SYS_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_dvpp_malloc(0, nullptr, 100)), HI_ERR_SYS_NULL_PTR);
  EXPECT_EQ(u(hi_mpi_dvpp_malloc(0, &p, 0)), HI_ERR_SYS_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_dvpp_malloc(0, &p, hi_u64{1} << 50)), HI_ERR_SYS_NO_MEM);
  ASSERT_EQ(hi_mpi_dvpp_malloc(0, &p, 100), HI_SUCCESS);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 128, 0u);
  int x = 0;
  EXPECT_EQ(u(hi_mpi_dvpp_free(&x)), HI_ERR_SYS_ILLEGAL_PARAM);
  EXPECT_EQ(u(hi_mpi_dvpp_free(nullptr)), HI_ERR_SYS_NULL_PTR);
  EXPECT_EQ(hi_mpi_dvpp_free(p), HI_SUCCESS);
  EXPECT_EQ(u(hi_mpi_dvpp_free(p)), HI_ERR_SYS_ILLEGAL_PARAM);
  EXPECT_EQ(fk_dvpp_live_blocks(), before);
  hi_s32 a = 0, b = 0, c = 0;
  EXPECT_EQ(hi_mpi_dvpp_get_version(&a, &b, &c), HI_SUCCESS);
  EXPECT_EQ(u(hi_mpi_dvpp_get_version(nullptr, &b, &c)), HI_ERR_SYS_NULL_PTR);
}

}  // namespace
}  // namespace framekit
