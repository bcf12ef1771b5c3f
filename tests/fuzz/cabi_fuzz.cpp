// The C ABI's frame descriptions: hi_video_frame over hi_mpi_dvpp_malloc blocks, with
// random formats, sizes, width/height strides (given, 0 = derived, huge), plane
// addresses (given, NULL = right after the previous plane, anywhere in a block or at
// its end; an address beyond a block's end would be a host pointer the test does not
// own, which the engine takes on trust as the SDK does) and block sizes (exact, short, roomy), sent
// through hi_mpi_venc_send_frame, hi_mpi_venc_send_jpege_frame (into a caller buffer that may be
// shorter than it claims) and hi_mpi_venc_get_jpege_predicted_size.
//
// Two oracles: ASan (the engine must never read outside the block, on any thread), and
// the layout the header documents: a call that succeeds must have described planes
// that lie inside the blocks the test allocated (docs/jpege.md: BAD_ADDR otherwise).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "framekit/compat/fk_jpege.h"
#include "framekit/compat/hi_dvpp.h"
#include "framekit/pixel/pixel_format.h"
#include "fuzz_input.h"

namespace {

using framekit::PixelFormat;
using framekit::fuzz::FuzzInput;

struct FormatChoice {
  hi_pixel_format hi;
  PixelFormat layout;  // the memory layout (PF_NV12's for formats the engine refuses)
};

constexpr FormatChoice kFormats[] = {
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, framekit::PF_NV12},
    {HI_PIXEL_FORMAT_YVU_SEMIPLANAR_420, framekit::PF_NV21},
    {HI_PIXEL_FORMAT_YUV_400, framekit::PF_GRAY8},
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_422, framekit::PF_NV16},
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_444, framekit::PF_NV24},
    {HI_PIXEL_FORMAT_YUYV_PACKED_422, framekit::PF_YUYV422},
    {HI_PIXEL_FORMAT_UYVY_PACKED_422, framekit::PF_UYVY422},
    {HI_PIXEL_FORMAT_YVYU_PACKED_422, framekit::PF_YVYU422},
    {HI_PIXEL_FORMAT_VYUY_PACKED_422, framekit::PF_VYUY422},
    {HI_PIXEL_FORMAT_RGB_888, framekit::PF_RGB24},
    {HI_PIXEL_FORMAT_BGR_888, framekit::PF_BGR24},
    {HI_PIXEL_FORMAT_RGBA_8888, framekit::PF_RGBA32},
    {HI_PIXEL_FORMAT_BGRA_8888, framekit::PF_BGRA32},
    {HI_PIXEL_FORMAT_YUV_PLANAR_420, framekit::PF_YUV420P},
    {HI_PIXEL_FORMAT_YVU_PLANAR_420, framekit::PF_YUV420P},
    {HI_PIXEL_FORMAT_YUV_PLANAR_422, framekit::PF_YUV422P},
    {HI_PIXEL_FORMAT_YVU_PLANAR_422, framekit::PF_YUV422P},
    {HI_PIXEL_FORMAT_YUV_PLANAR_444, framekit::PF_YUV444P},
    {HI_PIXEL_FORMAT_YVU_PLANAR_444, framekit::PF_YUV444P},
    {HI_PIXEL_FORMAT_YUV_SEMI_PLANNER_420_10BIT, framekit::PF_NV12},  // refused
    {HI_PIXEL_FORMAT_ARGB_1555, framekit::PF_NV12},                   // refused
};

struct Block {
  uint8_t* p = nullptr;
  uint64_t size = 0;
};

// The test's device memory for one input; freed at the end whatever happened.
struct Blocks {
  std::vector<Block> list;
  // An empty block when the size is more than the test wants to spend (the natural
  // layout of a huge frame): that input is skipped, it says nothing about the engine.
  Block make(uint64_t size, const FuzzInput& in) {
    size = std::max<uint64_t>(size, 1);
    if (size > (64u << 20)) return {};
    void* p = nullptr;
    if (hi_mpi_dvpp_malloc(0, &p, size) != HI_SUCCESS) std::abort();
    auto* b = static_cast<uint8_t*>(p);
    for (uint64_t i = 0; i < size; ++i) b[i] = in.fill_byte(i);
    list.push_back({b, size});
    return list.back();
  }
  bool holds(unsigned __int128 begin, unsigned __int128 end) const {
    for (const Block& b : list) {
      const auto lo = static_cast<unsigned __int128>(reinterpret_cast<uintptr_t>(b.p));
      if (begin >= lo && end <= lo + b.size) return true;
    }
    return false;
  }
  ~Blocks() {
    for (const Block& b : list)
      if (hi_mpi_dvpp_free(b.p) != HI_SUCCESS) std::abort();
  }
};

[[noreturn]] void fail(const char* what, hi_s32 ret) {
  std::fprintf(stderr, "cabi fuzz: %s (ret 0x%X, last error: %s)\n", what,
               static_cast<unsigned>(ret), fk_jpege_last_error());
  std::abort();
}

// Whether the frame, as the header documents its defaults, lies inside our blocks.
// 128-bit arithmetic: huge strides must not wrap here either.
bool described_inside(const hi_video_frame& f, const framekit::PixelFormatDesc& d,
                      const Blocks& blocks) {
  using u128 = unsigned __int128;
  if (f.width < 1 || f.height < 1 || f.width > 65535 || f.height > 65535) return false;
  const int width = static_cast<int>(f.width), height = static_cast<int>(f.height);
  u128 ws[3] = {}, hs[3] = {}, mem[3] = {};
  for (int p = 0; p < d.num_planes; ++p) {
    const auto& pd = d.planes[static_cast<size_t>(p)];
    const u128 row = d.plane_row_bytes(p, width);
    const u128 rows = static_cast<u128>(d.plane_height(p, height));
    ws[p] = f.width_stride[p] ? f.width_stride[p]
            : p == 0          ? row
                     : std::max(row, (ws[0] * pd.channels >> pd.log2_ssx) / d.planes[0].channels);
    hs[p] = f.height_stride[p] ? f.height_stride[p]
            : p == 0           ? static_cast<u128>(height)
                               : (hs[0] + (u128{1} << pd.log2_ssy) - 1) >> pd.log2_ssy;
    mem[p] = f.virt_addr[p] ? static_cast<u128>(reinterpret_cast<uintptr_t>(f.virt_addr[p]))
                            : mem[p - 1] + ws[p - 1] * hs[p - 1];
    if (ws[p] < row || hs[p] < rows) return false;
    if (!blocks.holds(mem[p], mem[p] + ws[p] * (rows - 1) + row)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("FRAMEKIT_JPEGE_WORKERS", "2", 0);
  if (hi_mpi_sys_init() != HI_SUCCESS) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzInput in(data, size);
  Blocks blocks;
  const FormatChoice& fc = in.pick(kFormats);
  const framekit::PixelFormatDesc& d = framekit::pixel_format_desc(fc.layout);
  hi_video_frame_info info;
  std::memset(&info, 0, sizeof info);
  hi_video_frame& f = info.v_frame;
  f.width = 1 + in.below(96);
  f.height = 1 + in.below(80);
  if (in.below(16) == 0) f.width = in.edgy_u32();
  if (in.below(16) == 0) f.height = in.edgy_u32();
  f.field = HI_VIDEO_FIELD_FRAME;
  f.pixel_format = fc.hi;
  f.color_gamut = static_cast<hi_color_gamut>(in.below(5));
  f.pts = in.u8();

  // The natural layout (what a correct program would pass) for the block sizes; the
  // description then departs from it plane by plane.
  const int w = static_cast<int>(std::min<hi_u32>(f.width, 2048));
  const int h = static_cast<int>(std::min<hi_u32>(f.height, 2048));
  uint64_t nat_stride[3] = {}, nat_rows[3] = {}, nat_offset[3] = {}, total = 0;
  for (int p = 0; p < d.num_planes; ++p) {
    nat_stride[p] = d.plane_row_bytes(p, w) + 16 * in.below(3);
    nat_rows[p] = static_cast<uint64_t>(d.plane_height(p, h));
    nat_offset[p] = total;
    total += nat_stride[p] * nat_rows[p];
  }
  switch (in.below(4)) {
    case 0:
      break;
    case 1:
      total = total > 1 ? total - 1 - in.below(std::min<uint64_t>(total - 1, 256)) : 1;
      break;
    case 2:
      total += in.below(256);
      break;
    default:
      total = 1 + in.u16();
  }
  const Block main = blocks.make(total, in);
  if (main.p == nullptr) return 0;
  for (int p = 0; p < d.num_planes; ++p) {
    const uint64_t row = d.plane_row_bytes(p, w);
    switch (in.below(6)) {
      case 0:
        f.width_stride[p] = static_cast<hi_u32>(nat_stride[p]);
        break;
      case 1:
        f.width_stride[p] = 0;
        break;
      case 2:
        f.width_stride[p] = static_cast<hi_u32>(nat_stride[p] + in.below(64));
        break;
      case 3:
        f.width_stride[p] = in.edgy_u32();
        break;
      case 4:
        f.width_stride[p] = static_cast<hi_u32>(row > 0 ? row - 1 : 0);
        break;
      default:
        f.width_stride[p] = static_cast<hi_u32>(nat_stride[p]);
    }
    switch (in.below(6)) {
      case 0:
        f.height_stride[p] = static_cast<hi_u32>(nat_rows[p]);
        break;
      case 1:
        f.height_stride[p] = 0;
        break;
      case 2:
        f.height_stride[p] = static_cast<hi_u32>(nat_rows[p] + in.below(16));
        break;
      case 3:
        f.height_stride[p] = in.edgy_u32();
        break;
      default:
        f.height_stride[p] = static_cast<hi_u32>(nat_rows[p]);
    }
    if (p == 0) {
      f.virt_addr[0] =
          in.below(16) == 0 ? main.p + in.below(static_cast<uint32_t>(main.size + 1)) : main.p;
      continue;
    }
    // Given addresses stay inside the block or at its end (a short block can end
    // before a plane's natural offset).
    const uint64_t offset = std::min<uint64_t>(nat_offset[p], main.size);
    switch (in.below(5)) {
      case 0:
        f.virt_addr[p] = main.p + offset;
        break;
      case 1:
        f.virt_addr[p] = nullptr;
        break;
      case 2:
        f.virt_addr[p] = main.p + in.u32() % (main.size + 1);
        break;
      case 3: {
        const Block own = blocks.make(nat_stride[p] * nat_rows[p] - in.below(2), in);
        if (own.p == nullptr) return 0;
        f.virt_addr[p] = own.p;
        break;
      }
      default:
        f.virt_addr[p] = main.p + offset;
    }
  }

  hi_venc_jpeg_param param;
  std::memset(&param, 0, sizeof param);
  param.qfactor = in.below(4) == 0 ? 0xFFFFFFFFu : 1 + in.below(100);
  for (int i = 0; i < HI_VENC_JPEG_QT_COEF_NUM; ++i) {
    param.y_qt[i] = static_cast<hi_u8>(1 + in.fill_byte(i) % 255);
    param.cb_qt[i] = param.cr_qt[i] = static_cast<hi_u8>(1 + in.fill_byte(i + 64) % 255);
  }
  param.mcu_per_ecs = in.below(4) == 0 ? in.below(20) : 0;

  const bool inside = described_inside(f, d, blocks);
  const uint32_t op = in.below(3);
  const bool verbose = std::getenv("FRAMEKIT_FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    std::fprintf(stderr, "cabi: format %d %ux%u, block %llu bytes, op %u, inside %d\n",
                 static_cast<int>(f.pixel_format), f.width, f.height,
                 static_cast<unsigned long long>(main.size), op, inside);
    for (int p = 0; p < d.num_planes; ++p)
      std::fprintf(stderr, "  plane %d: width_stride %u height_stride %u virt_addr block+%lld\n", p,
                   f.width_stride[p], f.height_stride[p],
                   f.virt_addr[p]
                       ? static_cast<long long>(static_cast<uint8_t*>(f.virt_addr[p]) - main.p)
                       : -1LL);
  }
  if (op == 2) {  // the size prediction reads the pixels too
    hi_u32 predicted = 0;
    const hi_s32 ret =
        hi_mpi_venc_get_jpege_predicted_size(&info, in.flag() ? &param : nullptr, &predicted);
    if (verbose)
      std::fprintf(stderr, "cabi: predicted_size ret 0x%X (%s)\n", static_cast<unsigned>(ret),
                   fk_jpege_last_error());
    if (ret == HI_SUCCESS && !inside)
      fail("predicted_size accepted a frame outside its block", ret);
    return 0;
  }

  const hi_venc_chn chn = 0;
  hi_venc_chn_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.venc_attr.type = HI_PT_JPEG;
  attr.venc_attr.max_pic_width = attr.venc_attr.pic_width = 4096;
  attr.venc_attr.max_pic_height = attr.venc_attr.pic_height = 4096;
  attr.venc_attr.buf_size = op == 0 ? (in.below(4) == 0 ? 4096 : 4 << 20) : 0;
  attr.venc_attr.is_by_frame = HI_TRUE;
  if (hi_mpi_venc_create_chn(chn, &attr) != HI_SUCCESS) fail("create_chn", 0);
  hi_venc_start_param start{-1};
  if (hi_mpi_venc_start_chn(chn, &start) != HI_SUCCESS) fail("start_chn", 0);
  if (in.flag()) hi_mpi_venc_set_jpeg_param(chn, &param);  // may be refused: fine

  hi_s32 ret;
  bool output_inside = true;
  if (op == 0) {
    ret = hi_mpi_venc_send_frame(chn, &info, 1000);
  } else {
    // A caller buffer, sometimes shorter than the length it claims.
    const uint64_t cap = in.below(3) == 0 ? 64 + in.below(4096) : 64 + 4 * total;
    const Block out = blocks.make(cap, in);
    if (out.p == nullptr) {
      hi_mpi_venc_stop_chn(chn);
      hi_mpi_venc_destroy_chn(chn);
      return 0;
    }
    hi_img_stream s;
    std::memset(&s, 0, sizeof s);
    s.type = HI_PT_JPEG;
    s.addr = out.p;
    s.len = static_cast<hi_u32>(in.below(4) == 0 ? cap + in.below(4096) : cap);
    output_inside = s.len <= cap;
    ret = hi_mpi_venc_send_jpege_frame(chn, &info, &s, 1000);
  }
  if (verbose)
    std::fprintf(stderr, "cabi: send ret 0x%X (%s)\n", static_cast<unsigned>(ret),
                 fk_jpege_last_error());
  if (ret == HI_SUCCESS) {
    if (!inside) fail("send accepted a frame outside its block", ret);
    if (!output_inside) fail("send_jpege_frame accepted an output buffer past its block", ret);
    hi_venc_pack pack;
    hi_venc_stream stream;
    std::memset(&stream, 0, sizeof stream);
    stream.pack = &pack;
    stream.pack_cnt = 1;
    const hi_s32 got = hi_mpi_venc_get_stream(chn, &stream, 20000);
    if (got == HI_SUCCESS) {
      if (hi_mpi_venc_release_stream(chn, &stream) != HI_SUCCESS) fail("release_stream", 0);
    } else if (static_cast<hi_u32>(got) == HI_ERR_VENC_BUF_EMPTY) {
      fail("a sent frame produced no stream in 20 s", got);
    }
  }
  if (hi_mpi_venc_stop_chn(chn) != HI_SUCCESS) fail("stop_chn", 0);
  if (hi_mpi_venc_destroy_chn(chn) != HI_SUCCESS) fail("destroy_chn", 0);
  return 0;
}
