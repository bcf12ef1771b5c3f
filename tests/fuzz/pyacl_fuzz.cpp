// The pyACL layer (python/src/bind_jpege_acl.cpp) as Python calls it: the binding
// source is compiled into this program, which embeds the interpreter, registers the
// module, and calls its functions with values built from the fuzz bytes: nested dicts
// (channel attributes, JPEG parameters, Huffman tables, frame infos, stream dicts,
// epoll events) that start from what a correct program passes and, field by field,
// drop it, add unknown keys, or swap in any other value (ints of every size and
// sign, strings, bytes, lists, None, floats, dicts). Addresses point into, at the end
// of, or just past the process's device and host memory blocks.
//
// Python exceptions (TypeError, ValueError, OverflowError …) and error returns are
// fine; a crash, a sanitizer report, or a call that blocks is a bug.
#include <pybind11/embed.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "bind_jpege.h"
#include "framekit/compat/hi_dvpp.h"
#include "framekit/pixel/pixel_format.h"
#include "fuzz_input.h"

namespace py = pybind11;
using namespace pybind11::literals;
using framekit::fuzz::FuzzInput;

PYBIND11_EMBEDDED_MODULE(framekit_fuzz_acl, m) {
  framekit::py_bind::bind_jpege_acl(m);
}

namespace {

struct Block {
  uint64_t addr = 0;
  uint64_t size = 0;
};

struct Env {
  py::module_ acl;
  std::vector<Block> blocks;  // device blocks first, then one host block
};

Env* env = nullptr;

// Every key the parsers know, and a few they do not.
const char* const kKeys[] = {"venc_attr",
                             "jpeg_attr",
                             "rc_attr",
                             "gop_attr",
                             "type",
                             "profile",
                             "max_pic_width",
                             "max_pic_height",
                             "pic_width",
                             "pic_height",
                             "buf_size",
                             "is_by_frame",
                             "dcf_en",
                             "recv_mode",
                             "mpf_cfg",
                             "large_thumbnail_num",
                             "large_thumbnail_size",
                             "pool_id",
                             "mod_id",
                             "v_frame",
                             "width",
                             "height",
                             "field",
                             "pixel_format",
                             "video_format",
                             "compress_mode",
                             "dynamic_range",
                             "color_gamut",
                             "header_stride",
                             "width_stride",
                             "height_stride",
                             "header_phys_addr",
                             "phys_addr",
                             "header_virt_addr",
                             "virt_addr",
                             "time_ref",
                             "pts",
                             "user_data",
                             "frame_flag",
                             "supplement",
                             "qfactor",
                             "y_qt",
                             "cb_qt",
                             "cr_qt",
                             "mcu_per_ecs",
                             "ecs_output_en",
                             "dc_tables",
                             "ac_tables",
                             "dc_bits",
                             "dc_value",
                             "ac_bits",
                             "ac_value",
                             "reserved",
                             "recv_pic_num",
                             "pack",
                             "pack_cnt",
                             "seq",
                             "jpeg_info",
                             "addr",
                             "len",
                             "events",
                             "data",
                             "",
                             "\xc3\xa9",
                             "virt_addr ",
                             "WIDTH"};

struct FormatChoice {
  int hi;
  framekit::PixelFormat layout;
};
constexpr FormatChoice kFormats[] = {
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, framekit::PF_NV12},
    {HI_PIXEL_FORMAT_YVU_SEMIPLANAR_420, framekit::PF_NV21},
    {HI_PIXEL_FORMAT_YUV_400, framekit::PF_GRAY8},
    {HI_PIXEL_FORMAT_YUYV_PACKED_422, framekit::PF_YUYV422},
    {HI_PIXEL_FORMAT_RGB_888, framekit::PF_RGB24},
    {HI_PIXEL_FORMAT_YUV_PLANAR_420, framekit::PF_YUV420P},
    {HI_PIXEL_FORMAT_YVU_PLANAR_444, framekit::PF_YUV444P},
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_422, framekit::PF_NV16},
};

class Gen {
 public:
  explicit Gen(FuzzInput& in) : in_(in) {}

  // An address in or at the end of one of the blocks (never a wild one, nor one past
  // a block's end: pyACL takes host pointers on trust, as the real one does).
  uint64_t address(int block = -1) {
    const Block& b = env->blocks[block >= 0 ? static_cast<size_t>(block)
                                            : in_.below(static_cast<uint32_t>(env->blocks.size()))];
    switch (in_.below(6)) {
      case 0:
        return b.addr;
      case 1:
        return b.addr + in_.below(static_cast<uint32_t>(b.size));
      case 2:
        return b.addr + b.size;
      case 3:
        return b.addr + b.size - in_.below(static_cast<uint32_t>(std::min<uint64_t>(b.size, 64)));
      case 4:
        return 0;
      default:
        return b.addr + 16 * in_.below(static_cast<uint32_t>(b.size / 16));
    }
  }

  py::object integer() {
    switch (in_.below(10)) {
      case 0:
        return py::int_(in_.u8());
      case 1:
        return py::int_(-static_cast<int64_t>(in_.u8()) - 1);
      case 2:
        return py::int_(static_cast<uint64_t>(in_.edgy_u32()));
      case 3:
        return py::int_(in_.u64());
      case 4:
        return py::int_(static_cast<int64_t>(in_.u64()));
      case 5:
        return py::reinterpret_steal<py::object>(
            PyLong_FromString("340282366920938463463374607431768211457", nullptr, 10));
      case 6:
        return py::int_(address());
      case 7:
        return py::int_((uint64_t{1} << (in_.u8() % 64)) - in_.below(2));
      default:
        return py::int_(in_.u16());
    }
  }

  py::object any(int depth = 0) {
    const uint32_t kind = in_.below(depth > 3 ? 6 : 9);
    switch (kind) {
      case 0:
        return integer();
      case 1:
        return py::str(kKeys[in_.below(std::size(kKeys))]);
      case 2: {
        std::string s(in_.below(8), '\0');
        for (auto& c : s) c = static_cast<char>(in_.u8());
        return py::bytes(s);
      }
      case 3:
        return py::none();
      case 4:
        return py::float_(static_cast<double>(static_cast<int32_t>(in_.u32())) / 7.0);
      case 5:
        return py::bool_(in_.flag());
      case 6: {
        py::list l;
        const uint32_t n = in_.below(4) == 0 ? in_.below(300) : in_.below(5);
        for (uint32_t i = 0; i < n; ++i) l.append(i < 8 ? any(depth + 1) : integer());
        return l;
      }
      case 7:
        return py::make_tuple(any(depth + 1), any(depth + 1));
      default: {
        py::dict d;
        const uint32_t n = in_.below(5);
        for (uint32_t i = 0; i < n; ++i)
          d[py::str(kKeys[in_.below(std::size(kKeys))])] = any(depth + 1);
        return d;
      }
    }
  }

  // Sets d[key] to the valid value, or leaves it out, or puts anything there.
  void field(py::dict& d, const char* key, py::object valid) {
    switch (in_.below(16)) {
      case 13:
        return;  // left out
      case 14:
        d[key] = integer();
        return;
      case 15:
        d[key] = any(1);
        return;
      default:
        d[key] = std::move(valid);
    }
  }
  // Now and then an unknown key, or the whole dict swapped for anything.
  py::object finish(py::dict d) {
    const uint32_t c = in_.below(32);
    if (c == 30) d[py::str(kKeys[in_.below(std::size(kKeys))])] = any(1);
    if (c == 31) return any(0);
    return d;
  }

  template <typename T>
  py::list list_of(std::initializer_list<T> values) {
    py::list l;
    for (const T& v : values) l.append(v);
    return l;
  }

  py::object chn_attr() {
    py::dict venc;
    const uint32_t max = in_.below(4) == 0 ? in_.edgy_u32() : 4096;
    field(venc, "type", py::int_(static_cast<int>(HI_PT_JPEG)));
    field(venc, "max_pic_width", py::int_(max));
    field(venc, "max_pic_height", py::int_(max));
    field(venc, "pic_width", py::int_(max));
    field(venc, "pic_height", py::int_(max));
    field(venc, "buf_size", py::int_(in_.below(3) == 0 ? 0 : in_.flag() ? 4096 : 4 << 20));
    field(venc, "is_by_frame", py::int_(1));
    py::dict mpf;
    field(mpf, "large_thumbnail_num", py::int_(0));
    py::dict jpeg;
    field(jpeg, "dcf_en", py::int_(0));
    field(jpeg, "recv_mode", py::int_(0));
    field(jpeg, "mpf_cfg", finish(mpf));
    if (in_.flag()) field(venc, "jpeg_attr", finish(jpeg));
    py::dict a;
    field(a, "venc_attr", finish(venc));
    if (in_.below(4) == 0) field(a, "rc_attr", any(1));
    return finish(a);
  }

  py::object qt_list() {
    py::list l;
    const uint32_t n = in_.below(8) == 0 ? in_.below(70) : 64;
    for (uint32_t i = 0; i < n; ++i)
      l.append(in_.below(16) == 0 ? integer() : py::int_(1 + in_.u8() % 255));
    return l;
  }

  py::object jpeg_param() {
    py::dict p;
    field(p, "qfactor", py::int_(in_.below(4) == 0 ? 0xFFFFFFFFu : 1 + in_.below(100)));
    if (in_.flag()) field(p, "y_qt", qt_list());
    if (in_.flag()) field(p, "cb_qt", qt_list());
    if (in_.flag()) field(p, "cr_qt", qt_list());
    field(p, "mcu_per_ecs", py::int_(in_.below(4) == 0 ? in_.below(30) : 0));
    field(p, "ecs_output_en", py::int_(0));
    return finish(p);
  }

  py::object byte_list(uint32_t n) {
    py::list l;
    const uint32_t len = in_.below(8) == 0 ? in_.below(n + 3) : n;
    for (uint32_t i = 0; i < len; ++i)
      l.append(in_.below(32) == 0 ? integer() : py::int_(in_.u8()));
    return l;
  }

  py::object huffman() {
    py::dict h;
    py::list dc, ac;
    const uint32_t n = in_.below(8) == 0 ? in_.below(5) : 3;
    for (uint32_t i = 0; i < n; ++i) {
      py::dict d, a;
      field(d, "dc_bits", byte_list(16));
      field(d, "dc_value", byte_list(12));
      field(a, "ac_bits", byte_list(16));
      field(a, "ac_value", byte_list(162));
      dc.append(finish(d));
      ac.append(finish(a));
    }
    field(h, "dc_tables", std::move(dc));
    field(h, "ac_tables", std::move(ac));
    return finish(h);
  }

  // A frame laid out in one block: valid when the block is big enough and nothing was
  // mutated; everything else is for the binding and the engine to refuse.
  py::object frame() {
    const FormatChoice& fc = in_.pick(kFormats);
    const auto& d = framekit::pixel_format_desc(fc.layout);
    const int w = 1 + static_cast<int>(in_.below(64));
    const int h = 1 + static_cast<int>(in_.below(64));
    const uint64_t base =
        address(static_cast<int>(in_.below(static_cast<uint32_t>(env->blocks.size()))));
    py::list ws, hs, addrs;
    uint64_t offset = 0;
    for (int p = 0; p < d.num_planes; ++p) {
      const uint64_t stride = d.plane_row_bytes(p, w);
      const uint64_t rows = static_cast<uint64_t>(d.plane_height(p, h));
      ws.append(in_.below(8) == 0 ? py::int_(in_.edgy_u32()) : py::int_(stride));
      hs.append(in_.below(8) == 0 ? py::int_(in_.edgy_u32()) : py::int_(in_.flag() ? 0 : rows));
      addrs.append(p == 0 ? py::int_(base) : in_.flag() ? py::int_(0) : py::int_(base + offset));
      offset += stride * rows;
    }
    py::dict v;
    field(v, "width", py::int_(w));
    field(v, "height", py::int_(h));
    field(v, "pixel_format", py::int_(fc.hi));
    field(v, "field", py::int_(static_cast<int>(HI_VIDEO_FIELD_FRAME)));
    field(v, "video_format", py::int_(0));
    field(v, "compress_mode", py::int_(0));
    field(v, "color_gamut", py::int_(in_.below(4)));
    field(v, "width_stride", std::move(ws));
    field(v, "height_stride", std::move(hs));
    field(v, "virt_addr", std::move(addrs));
    field(v, "pts", py::int_(in_.u8()));
    if (in_.below(8) == 0) field(v, "phys_addr", list_of<uint64_t>({0, 0, 0}));
    if (in_.below(8) == 0) field(v, "user_data", list_of<uint64_t>({1, 2}));
    if (in_.below(8) == 0) field(v, "supplement", py::dict());
    py::dict f;
    field(f, "v_frame", finish(v));
    field(f, "pool_id", py::int_(0));
    field(f, "mod_id", py::int_(static_cast<int>(HI_ID_VENC)));
    return finish(f);
  }

  py::object img_stream() {
    py::dict s;
    field(s, "type", py::int_(static_cast<int>(HI_PT_JPEG)));
    field(s, "addr", py::int_(address()));
    field(s, "len", py::int_(in_.below(4) == 0 ? in_.edgy_u32() : 4096));
    field(s, "pts", py::int_(0));
    return finish(s);
  }

  py::object stream(bool with_pack) {
    py::dict s;
    field(s, "pack_cnt", py::int_(in_.below(8) == 0 ? in_.edgy_u32() : 1));
    field(s, "seq", py::int_(0));
    if (with_pack) {
      py::dict pack;
      field(pack, "addr", py::int_(address()));
      field(pack, "len", py::int_(in_.u16()));
      py::list packs;
      packs.append(finish(pack));
      field(s, "pack", std::move(packs));
    }
    return finish(s);
  }

  int channel() {
    static const int kIds[] = {0, 0, 0, 1, 255, -1, 256};
    return in_.pick(kIds);
  }
  int timeout() { return in_.below(4) == 0 ? 0 : 100; }

 private:
  FuzzInput& in_;
};

// Calls acl.<name>(args...) and ignores what it returns or raises.
template <typename... Args>
py::object call(const char* name, Args&&... args) {
  try {
    return env->acl.attr(name)(std::forward<Args>(args)...);
  } catch (const py::error_already_set&) {
    return py::none();
  }
}

// Whether [addr, addr + n) lies inside one of the blocks.
bool inside_block(uint64_t addr, uint64_t n) {
  for (const Block& b : env->blocks)
    if (addr >= b.addr && addr - b.addr <= b.size && n <= b.size - (addr - b.addr)) return true;
  return false;
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "pyacl fuzz: %s\n", what.c_str());
  std::abort();
}

int ret_of(const py::object& r) {
  if (py::isinstance<py::int_>(r)) return r.cast<int>();
  if (py::isinstance<py::tuple>(r) && py::len(r) >= 2)
    return r[py::int_(py::len(r) - 1)].cast<int>();
  return -1;
}

void encode_flow(Gen& g) {
  call("venc_create_chn", 0, g.chn_attr());
  call("venc_start_chn", 0, py::dict("recv_pic_num"_a = -1));
  const py::object r = call("venc_send_frame", 0, g.frame(), 1000);
  if (ret_of(r) == HI_SUCCESS) {
    const py::object got = call("venc_get_stream", 0, py::dict("pack_cnt"_a = 1), 20000);
    if (ret_of(got) == HI_SUCCESS) call("venc_release_stream", 0, got[py::int_(0)]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("FRAMEKIT_JPEGE_WORKERS", "2", 0);
  // Never finalised: the interpreter lives as long as the process. Static storage, so
  // LeakSanitizer sees no lost heap object either.
  alignas(py::scoped_interpreter) static unsigned char interpreter[sizeof(py::scoped_interpreter)];
  new (interpreter) py::scoped_interpreter();
  env = new Env();
  env->acl = py::module_::import("framekit_fuzz_acl").attr("_acl");
  env->acl.attr("sys_init")();
  for (uint64_t size : {4096u, 6144u, 65536u}) {
    const py::tuple r = env->acl.attr("dvpp_malloc")(0, size);
    env->blocks.push_back({r[0].cast<uint64_t>(), size});
  }
  const py::tuple host = env->acl.attr("rt_malloc_host")(4096);
  env->blocks.push_back({host[0].cast<uint64_t>(), 4096});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzInput in(data, size);
  Gen g(in);
  const uint32_t steps = 1 + in.below(6);
  for (uint32_t step = 0; step < steps; ++step) {
    switch (in.below(17)) {
      case 0:
        encode_flow(g);
        break;
      case 1:
        call("venc_create_chn", g.channel(), g.chn_attr());
        break;
      case 2:
        call("venc_set_chn_attr", g.channel(), g.chn_attr());
        break;
      case 3:
        call("venc_set_jpeg_param", g.channel(), g.jpeg_param());
        break;
      case 4:
        call("venc_set_jpeg_huffman_param", g.channel(), g.huffman());
        break;
      case 5: {
        py::dict p;
        g.field(p, "recv_pic_num", py::int_(-1));
        call("venc_start_chn", g.channel(), g.finish(p));
        break;
      }
      case 6:
        call("venc_send_frame", g.channel(), g.frame(), g.timeout());
        break;
      case 7:
        call("venc_send_jpege_frame", g.channel(), g.frame(), g.img_stream(), g.timeout());
        break;
      case 8:
        call("venc_get_jpege_predicted_size", g.frame(), in.flag() ? g.jpeg_param() : py::none());
        break;
      case 9:
        call("venc_get_stream", g.channel(), g.stream(false), g.timeout());
        break;
      case 10:
        call("venc_release_stream", g.channel(), g.stream(true));
        break;
      case 11: {
        // Memory outside every block must be refused (docs/jpege.md), not read.
        const uint64_t ptr = g.address();
        const uint64_t n = in.below(4) == 0 ? in.edgy_u32() : in.u16();
        const py::object r = call("util_ptr_to_bytes", ptr, n);
        if (py::isinstance<py::bytes>(r) && ptr != 0 && !inside_block(ptr, n))
          fail("util_ptr_to_bytes read " + std::to_string(n) + " bytes outside the blocks");
        break;
      }
      case 12: {
        const uint64_t dst = g.address(), dest_max = in.u16(), src = g.address(), count = in.u16();
        const py::object r =
            call("rt_memcpy", dst, dest_max, src, count, static_cast<int>(in.below(6)));
        if (ret_of(r) == 0 && count > 0 && (!inside_block(dst, count) || !inside_block(src, count)))
          fail("rt_memcpy copied " + std::to_string(count) + " bytes outside the blocks");
        break;
      }
      case 13: {
        const py::object r = call("sys_create_epoll", 8);
        if (ret_of(r) == HI_SUCCESS) {
          const int epfd = r[py::int_(0)].cast<int>();
          const py::object fd = call("venc_get_fd", g.channel());
          py::dict ev;
          g.field(ev, "events", py::int_(static_cast<int>(HI_DVPP_EPOLL_IN)));
          g.field(ev, "data", py::int_(in.u32()));
          call("sys_ctl_epoll", epfd, 1 + static_cast<int>(in.below(4)), fd, g.finish(ev));
          call("sys_close_epoll", epfd);
        }
        break;
      }
      case 14:
        call("venc_get_jpeg_huffman_param", g.channel());
        break;
      case 15:
        call("venc_stop_chn", g.channel());
        break;
      default:
        call("venc_query_status", g.channel());
        break;
    }
  }
  for (hi_venc_chn chn : {0, 1, 255}) {
    hi_mpi_venc_stop_chn(chn);
    hi_mpi_venc_destroy_chn(chn);
  }
  return 0;
}
