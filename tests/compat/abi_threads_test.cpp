// The C ABI from many threads at once, for the TSan job (and every other test run):
// senders (managed channels and caller buffers), getters/releasers (blocking, polling
// and through epoll on the channel fds), a creator/destroyer of channels, and one
// thread cycling hi_mpi_sys_exit / hi_mpi_sys_init under all of them. Channels vanish
// and reappear under the callers' feet, so most calls fail; each must fail with one of
// the documented codes, never crash, hang or race, and everything must be freed at the
// end. Runs for FRAMEKIT_ABI_THREADS_SECONDS (default 2) and stops by itself.
#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <set>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "framekit/compat/hi_dvpp.h"

namespace framekit {
namespace {

using Clock = std::chrono::steady_clock;

constexpr hi_venc_chn kManaged[] = {0, 1, 2};
constexpr hi_venc_chn kCallerBuffer[] = {3, 4};
constexpr hi_u32 kWidth = 48, kHeight = 32;

double budget_seconds() {
  const char* env = std::getenv("FRAMEKIT_ABI_THREADS_SECONDS");
  return env ? std::atof(env) : 2.0;
}

// Every code a call may return while channels and the system come and go.
bool documented(hi_s32 ret) {
  static const std::set<hi_u32> kCodes = {HI_SUCCESS,
                                          HI_ERR_VENC_INVALID_CHN_ID,
                                          HI_ERR_VENC_ILLEGAL_PARAM,
                                          HI_ERR_VENC_EXIST,
                                          HI_ERR_VENC_UNEXIST,
                                          HI_ERR_VENC_NULL_PTR,
                                          HI_ERR_VENC_NOT_PERM,
                                          HI_ERR_VENC_NOT_SUPPORT,
                                          HI_ERR_VENC_NO_BUF,
                                          HI_ERR_VENC_BUF_EMPTY,
                                          HI_ERR_VENC_BUF_FULL,
                                          HI_ERR_VENC_SYS_NOT_READY,
                                          HI_ERR_VENC_SIZE_NOT_ENOUGH,
                                          HI_ERR_VENC_BUSY,
                                          HI_ERR_SYS_NOT_READY,
                                          HI_ERR_SYS_EXIST};
  return kCodes.count(static_cast<hi_u32>(ret)) > 0;
}

hi_venc_chn_attr attr_for(bool managed) {
  hi_venc_chn_attr a;
  std::memset(&a, 0, sizeof a);
  a.venc_attr.type = HI_PT_JPEG;
  a.venc_attr.max_pic_width = a.venc_attr.pic_width = kWidth;
  a.venc_attr.max_pic_height = a.venc_attr.pic_height = kHeight;
  a.venc_attr.buf_size = managed ? 64 * 1024 : 0;
  a.venc_attr.is_by_frame = HI_TRUE;
  return a;
}

// A channel's fd is valid until the channel is destroyed (hi_mpi_venc.h), so a correct
// program does not wait on it while another thread destroys the channel or exits the
// system: epoll users hold this shared, destroy_chn and sys_exit exclusively. Sends,
// gets and releases need no such care and race the destroys freely.
std::shared_mutex fd_mu;

struct Counters {
  std::atomic<long> calls{0}, sent{0}, fetched{0}, released{0}, created{0}, destroyed{0}, cycles{0},
      undocumented{0};
  std::atomic<hi_s32> last_undocumented{0};
  void record(hi_s32 ret) {
    ++calls;
    if (!documented(ret)) {
      ++undocumented;
      last_undocumented = ret;
    }
  }
};

// Caller output buffers: one per picture in flight (the engine writes a picture into
// its buffer until the stream is fetched, so a buffer is never reused before that).
// The getter frees a buffer once its stream is fetched; buffers whose pictures died
// with a destroyed channel are freed at the end.
class OutputBuffers {
 public:
  static constexpr hi_u32 kBytes = 16 * 1024;
  void* take() {
    std::lock_guard<std::mutex> lock(mu_);
    if (live_.size() >= 256) return nullptr;
    void* p = nullptr;
    EXPECT_EQ(hi_mpi_dvpp_malloc(0, &p, kBytes), HI_SUCCESS);
    live_.insert(p);
    return p;
  }
  bool owns(void* p) {
    std::lock_guard<std::mutex> lock(mu_);
    return live_.count(p) > 0;
  }
  void give_back(void* p) {
    std::lock_guard<std::mutex> lock(mu_);
    if (live_.erase(p)) {
      EXPECT_EQ(hi_mpi_dvpp_free(p), HI_SUCCESS);
    }
  }
  void free_all() {
    std::lock_guard<std::mutex> lock(mu_);
    for (void* p : live_) EXPECT_EQ(hi_mpi_dvpp_free(p), HI_SUCCESS);
    live_.clear();
  }
  ~OutputBuffers() { free_all(); }

 private:
  std::mutex mu_;
  std::set<void*> live_;
};

// One NV12 frame in its own device memory block, owned by one sender thread for the
// whole test (the engine only reads it).
struct FrameMemory {
  void* input = nullptr;
  hi_video_frame_info info;
  FrameMemory() {
    const size_t bytes = kWidth * kHeight * 3 / 2;
    EXPECT_EQ(hi_mpi_dvpp_malloc(0, &input, bytes), HI_SUCCESS);
    auto* p = static_cast<uint8_t*>(input);
    for (size_t i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(i * 7 + i / kWidth);
    std::memset(&info, 0, sizeof info);
    hi_video_frame& f = info.v_frame;
    f.width = kWidth;
    f.height = kHeight;
    f.field = HI_VIDEO_FIELD_FRAME;
    f.pixel_format = HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420;
    f.width_stride[0] = f.width_stride[1] = kWidth;
    f.height_stride[0] = kHeight;
    f.height_stride[1] = kHeight / 2;
    f.virt_addr[0] = input;
    f.virt_addr[1] = p + kWidth * kHeight;
  }
  ~FrameMemory() { EXPECT_EQ(hi_mpi_dvpp_free(input), HI_SUCCESS); }
};

void sender(int id, Clock::time_point end, Counters& c, OutputBuffers& outputs) {
  FrameMemory mem;
  std::mt19937 rng(static_cast<uint32_t>(1000 + id));
  while (Clock::now() < end) {
    hi_s32 ret;
    void* buffer = rng() % 3 == 0 ? outputs.take() : nullptr;
    if (buffer != nullptr) {
      hi_img_stream out;
      std::memset(&out, 0, sizeof out);
      out.type = HI_PT_JPEG;
      out.addr = static_cast<hi_u8*>(buffer);
      out.len = OutputBuffers::kBytes;
      ret = hi_mpi_venc_send_jpege_frame(kCallerBuffer[rng() % 2], &mem.info, &out,
                                         static_cast<hi_s32>(rng() % 20));
      if (ret != HI_SUCCESS) outputs.give_back(buffer);
    } else {
      ret = hi_mpi_venc_send_frame(kManaged[rng() % 3], &mem.info, static_cast<hi_s32>(rng() % 20));
    }
    c.record(ret);
    if (ret == HI_SUCCESS) ++c.sent;
  }
}

void getter(int id, Clock::time_point end, Counters& c, OutputBuffers& outputs) {
  std::mt19937 rng(static_cast<uint32_t>(2000 + id));
  while (Clock::now() < end) {
    const hi_venc_chn chn = rng() % 2 ? kManaged[rng() % 3] : kCallerBuffer[rng() % 2];
    if (rng() % 4 == 0) {  // wait on the channel's fd first
      std::shared_lock<std::shared_mutex> fd_lock(fd_mu);
      const hi_s32 fd = hi_mpi_venc_get_fd(chn);
      if (fd >= 0) {
        hi_s32 epfd = -1;
        if (hi_mpi_sys_create_epoll(4, &epfd) == HI_SUCCESS) {
          hi_dvpp_epoll_event ev{HI_DVPP_EPOLL_IN, nullptr};
          hi_dvpp_epoll_event got[1];
          hi_s32 n = 0;
          c.record(hi_mpi_sys_ctl_epoll(epfd, HI_DVPP_EPOLL_CTL_ADD, fd, &ev));
          c.record(hi_mpi_sys_wait_epoll(epfd, got, 1, 5, &n));
          c.record(hi_mpi_sys_close_epoll(epfd));
        }
      } else {
        c.record(fd);
      }
    }
    hi_venc_pack pack;
    hi_venc_stream s;
    std::memset(&s, 0, sizeof s);
    s.pack = &pack;
    s.pack_cnt = 1;
    const hi_s32 ret = hi_mpi_venc_get_stream(chn, &s, rng() % 3 == 0 ? 0 : 10);
    c.record(ret);
    if (ret != HI_SUCCESS) continue;
    ++c.fetched;
    if (pack.len == 0 || pack.addr == nullptr) ADD_FAILURE() << "a fetched stream is empty";
    // Only a caller buffer's bytes are ours to read here: a managed channel's stream
    // buffer goes with the channel, which another thread may destroy at any moment
    // (docs/jpege.md: destroy frees the stream buffer).
    if (pack.addr != nullptr && outputs.owns(pack.addr) &&
        (pack.addr[0] != 0xFF || pack.addr[1] != 0xD8))
      ADD_FAILURE() << "a fetched stream is not a JPEG (len " << pack.len << ")";
    const hi_s32 rel = hi_mpi_venc_release_stream(chn, &s);
    c.record(rel);
    if (rel == HI_SUCCESS) ++c.released;
    outputs.give_back(pack.addr);  // a caller buffer's picture is done with it
  }
}

void lifecycle(Clock::time_point end, Counters& c) {
  std::mt19937 rng(3000);
  while (Clock::now() < end) {
    const bool managed = rng() % 5 < 3;
    const hi_venc_chn chn = managed ? kManaged[rng() % 3] : kCallerBuffer[rng() % 2];
    switch (rng() % 6) {
      case 0: {
        const hi_venc_chn_attr a = attr_for(managed);
        const hi_s32 ret = hi_mpi_venc_create_chn(chn, &a);
        c.record(ret);
        if (ret == HI_SUCCESS) ++c.created;
        hi_venc_start_param sp{-1};
        c.record(hi_mpi_venc_start_chn(chn, &sp));
        break;
      }
      case 1: {
        std::unique_lock<std::shared_mutex> fd_lock(fd_mu);
        const hi_s32 ret = hi_mpi_venc_destroy_chn(chn);
        c.record(ret);
        if (ret == HI_SUCCESS) ++c.destroyed;
        break;
      }
      case 2:
        c.record(hi_mpi_venc_stop_chn(chn));
        break;
      case 3: {
        hi_venc_jpeg_param p;
        std::memset(&p, 0, sizeof p);
        p.qfactor = 1 + rng() % 100;
        c.record(hi_mpi_venc_set_jpeg_param(chn, &p));
        break;
      }
      case 4: {
        hi_venc_chn_status st;
        c.record(hi_mpi_venc_query_status(chn, &st));
        break;
      }
      default: {
        hi_venc_start_param sp{-1};
        c.record(hi_mpi_venc_start_chn(chn, &sp));
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 500));
  }
}

void sys_cycler(Clock::time_point end, Counters& c) {
  std::mt19937 rng(4000);
  while (Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 60));
    {
      std::unique_lock<std::shared_mutex> fd_lock(fd_mu);
      c.record(hi_mpi_sys_exit());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 5));
    c.record(hi_mpi_sys_init());
    ++c.cycles;
  }
}

TEST(CompatThreads, SendGetDestroyAndSysCyclingFromManyThreads) {
  const uint64_t blocks_before = fk_dvpp_live_blocks();
  ASSERT_EQ(hi_mpi_sys_init(), HI_SUCCESS);
  Counters c;
  OutputBuffers outputs;
  const auto start = Clock::now();
  const auto end = start + std::chrono::milliseconds(static_cast<long>(budget_seconds() * 1000));
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < 3; ++i)
      threads.emplace_back(sender, i, end, std::ref(c), std::ref(outputs));
    for (int i = 0; i < 2; ++i)
      threads.emplace_back(getter, i, end, std::ref(c), std::ref(outputs));
    threads.emplace_back(lifecycle, end, std::ref(c));
    threads.emplace_back(sys_cycler, end, std::ref(c));
    for (auto& t : threads) t.join();
  }
  // Every thread stopped by itself; none may have stayed blocked long past the end
  // (the longest wait any of them asks for is 20 ms, plus encoding one picture).
  const double overrun = std::chrono::duration<double>(Clock::now() - end).count();
  EXPECT_LT(overrun, 30.0) << "threads kept running " << overrun << " s past the deadline";
  EXPECT_EQ(c.undocumented.load(), 0)
      << "last undocumented code 0x" << std::hex << static_cast<hi_u32>(c.last_undocumented.load());
  // Tear down whatever state the last cycle left: exit may find the system already
  // stopped, which is fine.
  const hi_s32 exit_ret = hi_mpi_sys_exit();
  EXPECT_TRUE(exit_ret == HI_SUCCESS || static_cast<hi_u32>(exit_ret) == HI_ERR_SYS_NOT_READY);
  outputs.free_all();
  EXPECT_EQ(fk_dvpp_live_blocks(), blocks_before) << "device memory leaked";
  // The run must have done real work on every path, or it proves nothing.
  EXPECT_GT(c.created.load(), 0);
  EXPECT_GT(c.destroyed.load(), 0);
  EXPECT_GT(c.sent.load(), 0);
  EXPECT_GT(c.fetched.load(), 0);
  EXPECT_GT(c.cycles.load(), 0);
  RecordProperty("calls", static_cast<int>(c.calls.load()));
  std::printf(
      "abi threads: %.1f s, %ld calls, %ld sent, %ld fetched, %ld released, %ld created, "
      "%ld destroyed, %ld sys cycles\n",
      std::chrono::duration<double>(Clock::now() - start).count(), c.calls.load(), c.sent.load(),
      c.fetched.load(), c.released.load(), c.created.load(), c.destroyed.load(), c.cycles.load());
}

}  // namespace
}  // namespace framekit
