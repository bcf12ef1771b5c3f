// Frame descriptions over dvpp_malloc blocks (issue 23, finding 2): every plane, given or
// derived, must lie inside its block. A description that runs exactly to a block's end
// is encoded (the same bytes as the same pixels anywhere else); one byte more is
// refused with HI_ERR_VENC_BAD_ADDR, by send_frame, send_jpege_frame and
// get_jpege_predicted_size alike. Built under ASan, these tests also prove that nothing
// reads past a block: the blocks are exactly as large as the frames.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "framekit/compat/hi_dvpp.h"
#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/device_memory.h"
#include "testing/compat_test_util.h"
#include "testing/jpege_test_util.h"

namespace framekit {
namespace {

using jpege_test::TestPicture;
using namespace compat_test;

// A dvpp_malloc block freed at scope exit.
struct DvppBlock {
  explicit DvppBlock(size_t n) : size(n) {
    EXPECT_EQ(hi_mpi_dvpp_malloc(0, &ptr, n), HI_SUCCESS);
    std::memset(ptr, 0, n);
  }
  ~DvppBlock() {
    if (ptr != nullptr) {
      EXPECT_EQ(hi_mpi_dvpp_free(ptr), HI_SUCCESS);
    }
  }
  DvppBlock(const DvppBlock&) = delete;
  DvppBlock& operator=(const DvppBlock&) = delete;
  uint8_t* bytes() const { return static_cast<uint8_t*>(ptr); }
  void* ptr = nullptr;
  size_t size = 0;
};

constexpr hi_venc_chn kManaged = 50;  // buf_size > 0: send_frame
constexpr hi_venc_chn kCaller = 51;   // buf_size 0: send_jpege_frame

class FrameBoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    blocks_ = fk_dvpp_live_blocks();
    ASSERT_EQ(hi_mpi_sys_init(), HI_SUCCESS);
    for (hi_venc_chn c : {kManaged, kCaller}) {
      hi_venc_chn_attr a;
      std::memset(&a, 0, sizeof a);
      a.venc_attr.type = HI_PT_JPEG;
      a.venc_attr.max_pic_width = a.venc_attr.pic_width = 2048;
      a.venc_attr.max_pic_height = a.venc_attr.pic_height = 2048;
      a.venc_attr.buf_size = c == kManaged ? 8u << 20 : 0;
      a.venc_attr.is_by_frame = HI_TRUE;
      ASSERT_EQ(hi_mpi_venc_create_chn(c, &a), HI_SUCCESS);
      hi_venc_start_param sp{-1};
      ASSERT_EQ(hi_mpi_venc_start_chn(c, &sp), HI_SUCCESS);
    }
  }
  void TearDown() override {
    for (hi_venc_chn c : {kManaged, kCaller}) {
      EXPECT_EQ(hi_mpi_venc_stop_chn(c), HI_SUCCESS);
      EXPECT_EQ(hi_mpi_venc_destroy_chn(c), HI_SUCCESS);
    }
    EXPECT_EQ(hi_mpi_sys_exit(), HI_SUCCESS);
    EXPECT_EQ(fk_dvpp_live_blocks(), blocks_);
  }

  // send_frame on the managed channel; the JPEG, or empty with *ret the error.
  static std::vector<uint8_t> encode(const hi_video_frame_info& f, hi_s32* ret) {
    std::vector<uint8_t> out;
    *ret = hi_mpi_venc_send_frame(kManaged, &f, -1);
    if (*ret != HI_SUCCESS) return out;
    hi_venc_pack pack;
    hi_venc_stream s{};
    s.pack = &pack;
    s.pack_cnt = 1;
    *ret = hi_mpi_venc_get_stream(kManaged, &s, 10000);
    if (*ret != HI_SUCCESS) return out;
    out.assign(pack.addr, pack.addr + pack.len);
    EXPECT_EQ(hi_mpi_venc_release_stream(kManaged, &s), HI_SUCCESS);
    return out;
  }

  // The same frame through all three entry points: one code (HI_SUCCESS or an error).
  // Returns the message of the last call (the output block's free clears it).
  static std::string expect_refused_everywhere(const hi_video_frame_info& f, hi_u32 code) {
    EXPECT_EQ(u(hi_mpi_venc_send_frame(kManaged, &f, 0)), code) << fk_jpege_last_error();
    DvppBlock out(1 << 16);
    hi_img_stream img{};
    img.addr = out.bytes();
    img.len = static_cast<hi_u32>(out.size);
    EXPECT_EQ(u(hi_mpi_venc_send_jpege_frame(kCaller, &f, &img, 0)), code) << fk_jpege_last_error();
    hi_u32 size = 0;
    EXPECT_EQ(u(hi_mpi_venc_get_jpege_predicted_size(&f, nullptr, &size)), code)
        << fk_jpege_last_error();
    return fk_jpege_last_error();
  }

  size_t blocks_ = 0;
};

// --- the reported cases ---------------------------------------------------------------

hi_video_frame_info nv12_64(void* luma) {
  hi_video_frame_info f = frame_info(HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, 64, 64);
  f.v_frame.width_stride[0] = 64;
  f.v_frame.virt_addr[0] = luma;
  return f;
}

// Untracked addresses are the caller's memory, but a wild one (an fd or a size passed
// as a pointer, an unmapped or PROT_NONE page) is a bad address, not a crash.
TEST_F(FrameBoundsTest, WildUntrackedAddressesAreBadAddresses) {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  void* none = ::mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(none, MAP_FAILED);
  ASSERT_EQ(::mprotect(none, page, PROT_NONE), 0);                      // first page unreadable
  void* gone = ::mmap(nullptr, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(gone, MAP_FAILED);
  ASSERT_EQ(::munmap(gone, page), 0);
  uint8_t* readable = static_cast<uint8_t*>(none) + page;              // second page: fine
  EXPECT_TRUE(jpege::host_memory_accessible(readable, page));
  EXPECT_TRUE(jpege::host_memory_accessible(readable, page, true));
  EXPECT_FALSE(jpege::host_memory_accessible(readable - 1, 2));          // touches PROT_NONE
  for (void* wild : {reinterpret_cast<void*>(0x3533), none, gone}) {
    hi_video_frame_info f = nv12_64(wild);
    const std::string why = expect_refused_everywhere(f, HI_ERR_VENC_BAD_ADDR);
    EXPECT_NE(why.find("not readable memory"), std::string::npos) << why;
  }
  // A chroma plane in a PROT_NONE page after a readable luma.
  std::vector<uint8_t> luma(64 * 64, 128);
  hi_video_frame_info f = nv12_64(luma.data());
  f.v_frame.virt_addr[1] = none;
  f.v_frame.width_stride[1] = 64;
  expect_refused_everywhere(f, HI_ERR_VENC_BAD_ADDR);
  // The caller-buffer output too: a read-only page is no place to write a JPEG.
  ASSERT_EQ(::mprotect(readable, page, PROT_READ), 0);
  DvppBlock in(6144);
  hi_video_frame_info ok = nv12_64(in.ptr);
  hi_img_stream img{};
  img.addr = readable;
  img.len = static_cast<hi_u32>(page);
  EXPECT_EQ(u(hi_mpi_venc_send_jpege_frame(kCaller, &ok, &img, 0)), HI_ERR_VENC_BAD_ADDR)
      << fk_jpege_last_error();
  ::munmap(none, 2 * page);
}

TEST_F(FrameBoundsTest, DerivedChromaAtTheBlockEndIsABadAddress) {
  DvppBlock block(6144);  // exactly one 64x64 NV12 picture
  hi_video_frame_info f = nv12_64(block.ptr);
  f.v_frame.height_stride[0] = 96;  // chroma derived to start at the block's end
  const std::string why = expect_refused_everywhere(f, HI_ERR_VENC_BAD_ADDR);
  EXPECT_NE(why.find("plane 1"), std::string::npos) << why;
  EXPECT_NE(why.find("end of the 6144-byte block"), std::string::npos) << why;

  f.v_frame.height_stride[0] = 64;  // the honest description is fine
  expect_refused_everywhere(f, HI_SUCCESS);
  hi_s32 ret = 0;
  EXPECT_FALSE(encode(f, &ret).empty());
  EXPECT_EQ(ret, HI_SUCCESS);
  f.v_frame.height_stride[0] = 65;  // one chroma row short of the block
  expect_refused_everywhere(f, HI_ERR_VENC_BAD_ADDR);
}

TEST_F(FrameBoundsTest, HugeHeightStrideIsRefusedNotWrapped) {
  DvppBlock block(6144);
  hi_video_frame_info f = nv12_64(block.ptr);
  f.v_frame.height_stride[0] = 0xFFFFFFFFu;  // used to put the chroma 256 GB away
  EXPECT_NE(expect_refused_everywhere(f, HI_ERR_VENC_ILLEGAL_PARAM).find("4294967295"),
            std::string::npos);
  // The same over the caller's own (untracked) memory: no block to check against, so
  // the limit on height_stride is what keeps the chroma address near the frame.
  std::vector<uint8_t> host(6144, 128);
  f.v_frame.virt_addr[0] = host.data();
  expect_refused_everywhere(f, HI_ERR_VENC_ILLEGAL_PARAM);
  f.v_frame.height_stride[0] = 65537;
  expect_refused_everywhere(f, HI_ERR_VENC_ILLEGAL_PARAM);
  // A chroma plane's height_stride too; and the widest stride over the most rows is a
  // frame far larger than its block (checked 64-bit arithmetic: a bad address, no wrap).
  f.v_frame.height_stride[0] = 0;
  f.v_frame.height_stride[1] = 0x80000000u;
  expect_refused_everywhere(f, HI_ERR_VENC_ILLEGAL_PARAM);
  f.v_frame.height_stride[1] = 0;
  f.v_frame.virt_addr[0] = block.ptr;
  f.v_frame.width_stride[0] = 0xFFFFFFFFu;
  f.v_frame.height_stride[0] = 65536;
  expect_refused_everywhere(f, HI_ERR_VENC_BAD_ADDR);
}

TEST_F(FrameBoundsTest, PredictedSizeOfALargeFrameOverASmallBlockIsABadAddress) {
  DvppBlock block(6144);
  hi_video_frame_info f = frame_info(HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, 1920, 1080);
  f.v_frame.width_stride[0] = 1920;
  f.v_frame.virt_addr[0] = block.ptr;
  hi_u32 size = 0;
  EXPECT_EQ(u(hi_mpi_venc_get_jpege_predicted_size(&f, nullptr, &size)), HI_ERR_VENC_BAD_ADDR);
  EXPECT_NE(std::string(fk_jpege_last_error()).find("plane 0"), std::string::npos);
  expect_refused_everywhere(f, HI_ERR_VENC_BAD_ADDR);
}

TEST_F(FrameBoundsTest, FreedBlocksAreBadAddresses) {
  void* p = nullptr;
  ASSERT_EQ(hi_mpi_dvpp_malloc(0, &p, 6144), HI_SUCCESS);
  ASSERT_EQ(hi_mpi_dvpp_free(p), HI_SUCCESS);
  EXPECT_NE(expect_refused_everywhere(nv12_64(p), HI_ERR_VENC_BAD_ADDR).find("freed"),
            std::string::npos);
  EXPECT_EQ(u(hi_mpi_dvpp_free(p)), HI_ERR_SYS_ILLEGAL_PARAM);  // still a double free
}

TEST_F(FrameBoundsTest, AnUntrackedPlaneMustNotRunIntoABlock) {
  DvppBlock block(6144);
  // Luma "in the caller's memory" just before the block, chroma derived into the block:
  // the frame claims memory that belongs to nobody and then to the block.
  hi_video_frame_info f = nv12_64(block.bytes() - 4096);
  expect_refused_everywhere(f, HI_ERR_VENC_BAD_ADDR);
  // A given output buffer at the block's end is refused the same way.
  DvppBlock src(6144);
  f = nv12_64(src.ptr);
  DvppBlock out(4096);
  hi_img_stream img{};
  img.addr = out.bytes() + 4096;
  img.len = 4096;
  EXPECT_EQ(u(hi_mpi_venc_send_jpege_frame(kCaller, &f, &img, 0)), HI_ERR_VENC_BAD_ADDR);
}

TEST(FrameBoundsDeviceMemory, AddressesAtAndAcrossBlockEdges) {
  using namespace jpege;
  auto* p = static_cast<uint8_t*>(device_malloc(4096));
  EXPECT_EQ(check_range(p, 4096), RangeCheck::kInside);
  EXPECT_EQ(check_range(p + 4096, 0), RangeCheck::kInside);  // an empty range at the end
  EXPECT_EQ(check_range(p + 4096, 1), RangeCheck::kOverflow);
  EXPECT_EQ(check_range(p + 4096, size_t{1} << 20), RangeCheck::kOverflow);
  EXPECT_EQ(check_range(p + 1, SIZE_MAX), RangeCheck::kOverflow);
  // The block's guard is its own: no other allocation can start there.
  EXPECT_EQ(check_range(p + 4096 + kBlockGuard - 1, 1), RangeCheck::kOverflow);
  EXPECT_NE(describe_range(p + 4100, 1).find("4 bytes past the end of the 4096-byte block"),
            std::string::npos)
      << describe_range(p + 4100, 1);
  // Just before the block: the caller's memory under glibc (the chunk header), another
  // block's guard where the allocator puts chunks back to back (TSan's).
  if (describe_range(p - 16, 16).empty()) {
    EXPECT_EQ(check_range(p - 16, 16), RangeCheck::kUntracked);
  }
  EXPECT_EQ(check_range(p - 16, 17), RangeCheck::kOverflow);  // reaches into the block
  EXPECT_EQ(check_range(p - 16, SIZE_MAX), RangeCheck::kOverflow);
  EXPECT_NE(describe_range(p + 4096, 8).find("start at the end of the 4096-byte block"),
            std::string::npos);
  EXPECT_EQ(describe_range(p, 8), "");
  {
    MemoryPins pins;
    EXPECT_EQ(pins.add(p + 4096, 1), RangeCheck::kOverflow);
    EXPECT_EQ(pins.add(p, 4096), RangeCheck::kInside);
    device_free(p);  // pinned: the memory stays, but nothing new may use it
    EXPECT_EQ(check_range(p, 1), RangeCheck::kOverflow);
    EXPECT_EQ(pins.add(p, 1), RangeCheck::kOverflow);  // refused, yet held
    p[0] = 1;                                          // (ASan: still valid memory)
  }
  EXPECT_EQ(check_range(p, 1), RangeCheck::kOverflow);  // freed, held back
  EXPECT_NE(describe_range(p, 1).find("freed"), std::string::npos);
}

// --- every plane layout, exactly to the block's end and one byte past ----------------


// Odd sizes: chroma rows and pixel pairs round up.
constexpr int kW = 46, kH = 29;

// One plane of a layout, in memory order.
struct PlaneLayout {
  size_t offset = 0;  // from the frame's first byte
  size_t stride = 0;  // width_stride
  size_t reserved_rows = 0;
  size_t rows = 0, row_bytes = 0;
  size_t extent() const { return (rows - 1) * stride + row_bytes; }  // what is read
};

// Copies the picture's samples of memory plane m to `at` (its first row).
void fill(uint8_t* at, const TestPicture& pic, const SdkFormat& c,
          const std::vector<PlaneLayout>& planes, size_t m) {
  const int p = c.swap_uv && m > 0 ? 3 - static_cast<int>(m) : static_cast<int>(m);
  for (size_t y = 0; y < planes[m].rows; ++y) {
    std::memcpy(at + y * planes[m].stride, pic.view.planes[p].row(static_cast<int>(y)),
                planes[m].row_bytes);
  }
}

// Memory-order planes: padded strides, reserved rows beyond the picture; each plane
// right after the previous one's reserved rows (the SDK's layout for derived planes).
std::vector<PlaneLayout> sdk_layout(const SdkFormat& c, bool tight) {
  const PixelFormatDesc& d = PixelInfo(c.pf).desc();
  std::vector<PlaneLayout> planes(static_cast<size_t>(d.num_planes));
  size_t offset = 0;
  for (int m = 0; m < d.num_planes; ++m) {
    PlaneLayout& l = planes[static_cast<size_t>(m)];
    l.row_bytes = d.plane_row_bytes(m, kW);
    l.rows = static_cast<size_t>(d.plane_height(m, kH));
    l.stride = tight ? l.row_bytes : l.row_bytes + 16 + 3 * static_cast<size_t>(m);
    l.reserved_rows = tight ? l.rows : l.rows + 2 + static_cast<size_t>(m);
    l.offset = offset;
    offset += l.stride * l.reserved_rows;
  }
  return planes;
}

TEST_F(FrameBoundsTest, GivenPlanesEachInAnExactBlock) {
  for (const SdkFormat& c : kSdkFormats) {
    SCOPED_TRACE(pixel_format_name(c.pf));
    const TestPicture pic(c.pf, kW, kH, static_cast<uint32_t>(c.hi) + 3);
    const std::vector<uint8_t> expected = direct_raw(pic.view);
    std::vector<PlaneLayout> planes = sdk_layout(c, false);
    // shift == -1: every plane ends exactly at its block's end; shift == m: plane m
    // starts one byte later, so its last byte is one past the block.
    for (int shift = -1; shift < static_cast<int>(planes.size()); ++shift) {
      SCOPED_TRACE(shift);
      std::vector<std::unique_ptr<DvppBlock>> blocks;
      hi_video_frame_info f = frame_info(c.hi, kW, kH);
      for (size_t m = 0; m < planes.size(); ++m) {
        PlaneLayout one = planes[m];
        one.offset = 0;
        blocks.push_back(std::make_unique<DvppBlock>(one.extent()));
        const size_t at = static_cast<int>(m) == shift ? 1 : 0;
        if (at == 0) fill(blocks.back()->bytes(), pic, c, planes, m);
        f.v_frame.virt_addr[m] = blocks.back()->bytes() + at;
        f.v_frame.width_stride[m] = static_cast<hi_u32>(one.stride);
        f.v_frame.height_stride[m] = static_cast<hi_u32>(one.reserved_rows);
      }
      if (shift >= 0) {
        const std::string why = expect_refused_everywhere(f, HI_ERR_VENC_BAD_ADDR);
        EXPECT_NE(why.find("plane " + std::to_string(shift)), std::string::npos) << why;
        continue;
      }
      hi_s32 ret = 0;
      EXPECT_EQ(encode(f, &ret), expected);
      EXPECT_EQ(ret, HI_SUCCESS) << fk_jpege_last_error();
      hi_u32 size = 0;
      EXPECT_EQ(hi_mpi_venc_get_jpege_predicted_size(&f, nullptr, &size), HI_SUCCESS);
      EXPECT_GE(size, expected.size());
    }
  }
}

TEST_F(FrameBoundsTest, DerivedPlanesInOneExactBlock) {
  for (const SdkFormat& c : kSdkFormats) {
    for (bool tight : {false, true}) {
      SCOPED_TRACE(std::string(pixel_format_name(c.pf)) + (tight ? " tight" : " padded"));
      const TestPicture pic(c.pf, kW, kH, static_cast<uint32_t>(c.hi) + 11);
      const std::vector<uint8_t> expected = direct_raw(pic.view);
      const std::vector<PlaneLayout> planes = sdk_layout(c, tight);
      const size_t exact = planes.back().offset + planes.back().extent();
      // The same description over a block of exactly its size, then one byte short.
      for (size_t block_size : {exact, exact - 1}) {
        SCOPED_TRACE(block_size);
        DvppBlock block(block_size);
        for (size_t m = 0; block_size == exact && m < planes.size(); ++m) {
          fill(block.bytes() + planes[m].offset, pic, c, planes, m);
        }
        hi_video_frame_info f = frame_info(c.hi, kW, kH);
        f.v_frame.virt_addr[0] = block.ptr;  // later planes: NULL, derived
        if (!tight) {                        // tight: strides 0 too, derived the SDK's way
          for (size_t m = 0; m < planes.size(); ++m) {
            f.v_frame.width_stride[m] = static_cast<hi_u32>(planes[m].stride);
            f.v_frame.height_stride[m] = static_cast<hi_u32>(planes[m].reserved_rows);
          }
        }
        if (block_size < exact) {
          const std::string why = expect_refused_everywhere(f, HI_ERR_VENC_BAD_ADDR);
          EXPECT_NE(why.find("plane " + std::to_string(planes.size() - 1)), std::string::npos)
              << why;
          continue;
        }
        hi_s32 ret = 0;
        EXPECT_EQ(encode(f, &ret), expected);
        EXPECT_EQ(ret, HI_SUCCESS) << fk_jpege_last_error();
        hi_u32 in_block = 0, fresh = 0;
        EXPECT_EQ(hi_mpi_venc_get_jpege_predicted_size(&f, nullptr, &in_block), HI_SUCCESS);
        // The same pixels in a fresh (untracked) buffer predict the same size.
        std::vector<uint8_t> host(block.bytes(), block.bytes() + exact);
        f.v_frame.virt_addr[0] = host.data();
        EXPECT_EQ(hi_mpi_venc_get_jpege_predicted_size(&f, nullptr, &fresh), HI_SUCCESS);
        EXPECT_EQ(in_block, fresh);
        EXPECT_EQ(encode(f, &ret), expected);
      }
    }
  }
}

}  // namespace
}  // namespace framekit
