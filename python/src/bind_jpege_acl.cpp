// _framekit._acl: pyACL's calling convention over framekit's C ABI. Structs are dicts
// with the SDK's field names, results come back as (value, ret), pointers are ints.
// Unknown dict keys and wrong value types raise (a typo must not pass silently);
// everything the hardware would report comes back as `ret`.
#include <pybind11/stl.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "bind_jpege.h"
#include "compat/enum_field.h"
#include "framekit/compat/hi_dvpp.h"
#include "framekit/jpege/device_memory.h"
#include "framekit/jpege/errors.h"

namespace framekit::py_bind {
namespace {

namespace py = pybind11;
using namespace pybind11::literals;

// pyACL's return codes (acl_base.h).
constexpr int kAclSuccess = 0;
constexpr int kAclErrorInvalidParam = 100000;
constexpr int kAclErrorUninitialize = 100001;
constexpr int kAclErrorRepeatInitialize = 100002;
constexpr int kAclErrorBadAlloc = 200000;
// aclrtRunMode and aclrtMemcpyKind.
constexpr int kAclDevice = 0;
constexpr int kAclHost = 1;
constexpr int kMemcpyHostToHost = 0, kMemcpyHostToDevice = 1, kMemcpyDeviceToHost = 2,
              kMemcpyDeviceToDevice = 3, kMemcpyDefault = 4;

// Reads a dict field by field and rejects keys it was not asked about.
class DictReader {
 public:
  DictReader(py::handle obj, std::string what) : what_(std::move(what)) {
    if (!py::isinstance<py::dict>(obj)) {
      throw py::type_error(what_ + ": expected a dict, got " +
                           std::string(py::str(py::type::of(obj))));
    }
    dict_ = py::reinterpret_borrow<py::dict>(obj);
  }
  // Rejects keys that were not read (call after reading everything).
  void finish() const {
    for (auto item : dict_) {
      const std::string key = py::str(item.first);
      if (used_.count(key) == 0) {
        throw py::value_error(what_ + ": unknown key '" + key + "' (expected one of: " + known() +
                              ")");
      }
    }
  }
  bool has(const char* key) {
    used_.insert(key);
    return dict_.contains(key);
  }
  template <typename T>
  T get(const char* key, T fallback) {
    if (!has(key)) return fallback;
    try {
      return dict_[key].cast<T>();
    } catch (const py::cast_error&) {
      throw py::type_error(what_ + "['" + key + "']: expected a number, got " +
                           std::string(py::str(py::type::of(dict_[key]))));
    }
  }
  // An enum field of the C struct: any integer the field's type holds, stored as C
  // would (an unknown value is the C ABI's to refuse, with the SDK's error code).
  template <typename E>
  void get_enum(const char* key, E& field, int64_t fallback) {
    const int64_t value = get<int64_t>(key, fallback);
    if (!framekit::compat::set_enum(field, value)) {
      throw py::value_error(what_ + "['" + key + "']: " + std::to_string(value) +
                            " does not fit the enum field");
    }
  }
  // A list of up to N numbers (missing entries stay as they are).
  template <typename T, size_t N>
  void get_array(const char* key, T (&out)[N]) {
    if (!has(key)) return;
    py::handle v = dict_[key];
    if (!py::isinstance<py::sequence>(v) || py::len(v) > N) {
      throw py::type_error(what_ + "['" + key + "']: expected a list of at most " +
                           std::to_string(N) + " numbers");
    }
    size_t i = 0;
    for (auto item : v) {
      const std::string where = what_ + "['" + key + "'][" + std::to_string(i) + "]";
      uint64_t value = 0;
      try {
        value = item.cast<uint64_t>();
      } catch (const py::cast_error&) {
        throw py::type_error(where + ": expected a non-negative number");
      }
      // A value the field cannot hold must not be cut to its low bits (a huge stride
      // would become a small one).
      if (value > std::numeric_limits<T>::max()) {
        throw py::value_error(where + ": " + std::to_string(value) +
                              " does not fit the field (at most " +
                              std::to_string(std::numeric_limits<T>::max()) + ")");
      }
      out[i++] = static_cast<T>(value);
    }
  }
  py::handle sub(const char* key) { return has(key) ? py::handle(dict_[key]) : py::handle(); }

 private:
  std::string known() const {
    std::string s;
    for (const auto& k : used_) s += (s.empty() ? "" : ", ") + k;
    return s;
  }
  std::string what_;
  py::dict dict_;
  std::set<std::string> used_;
};

void* to_ptr(uint64_t v) {
  return reinterpret_cast<void*>(static_cast<uintptr_t>(v));
}
uint64_t from_ptr(const void* p) {
  return reinterpret_cast<uintptr_t>(p);
}

// --- hi_venc_chn_attr ---------------------------------------------------------------

void read_jpeg_attr(py::handle obj, hi_venc_jpeg_attr& j) {
  DictReader d(obj, "jpeg_attr");
  j.dcf_en = d.get<int>("dcf_en", 0) ? HI_TRUE : HI_FALSE;
  d.get_enum("recv_mode", j.recv_mode, 0);
  if (py::handle mpf = d.sub("mpf_cfg")) {
    DictReader m(mpf, "jpeg_attr['mpf_cfg']");
    j.mpf_cfg.large_thumbnail_num = static_cast<hi_u8>(m.get<int>("large_thumbnail_num", 0));
    m.sub("large_thumbnail_size");  // accepted, unused (no thumbnails)
    m.finish();
  }
  d.finish();
}

hi_venc_chn_attr read_chn_attr(py::handle obj) {
  hi_venc_chn_attr a;
  std::memset(&a, 0, sizeof a);
  DictReader d(obj, "hi_venc_chn_attr");
  py::handle venc = d.sub("venc_attr");
  if (!venc) throw py::value_error("hi_venc_chn_attr: 'venc_attr' is missing");
  {
    DictReader v(venc, "venc_attr");
    hi_venc_attr& va = a.venc_attr;
    v.get_enum("type", va.type, HI_PT_JPEG);
    va.profile = v.get<hi_u32>("profile", 0);
    va.max_pic_width = v.get<hi_u32>("max_pic_width", 0);
    va.max_pic_height = v.get<hi_u32>("max_pic_height", 0);
    va.pic_width = v.get<hi_u32>("pic_width", va.max_pic_width);
    va.pic_height = v.get<hi_u32>("pic_height", va.max_pic_height);
    va.buf_size = v.get<hi_u32>("buf_size", 0);
    va.is_by_frame = v.get<int>("is_by_frame", 1) ? HI_TRUE : HI_FALSE;
    if (py::handle j = v.sub("jpeg_attr")) read_jpeg_attr(j, va.jpeg_attr);
    v.finish();
  }
  // pyACL also accepts the union member next to venc_attr (the seed writes it there).
  if (py::handle j = d.sub("jpeg_attr")) read_jpeg_attr(j, a.venc_attr.jpeg_attr);
  d.sub("rc_attr");  // rate control and GOP do not apply to JPEG; accepted as given
  d.sub("gop_attr");
  d.finish();
  return a;
}

py::dict chn_attr_dict(const hi_venc_chn_attr& a) {
  const hi_venc_attr& v = a.venc_attr;
  py::dict jpeg("dcf_en"_a = framekit::compat::enum_value(v.jpeg_attr.dcf_en),
                "recv_mode"_a = framekit::compat::enum_value(v.jpeg_attr.recv_mode),
                "mpf_cfg"_a = py::dict("large_thumbnail_num"_a = 0));
  return py::dict("venc_attr"_a = py::dict(
                      "type"_a = framekit::compat::enum_value(v.type), "profile"_a = v.profile,
                      "max_pic_width"_a = v.max_pic_width, "max_pic_height"_a = v.max_pic_height,
                      "pic_width"_a = v.pic_width, "pic_height"_a = v.pic_height,
                      "buf_size"_a = v.buf_size, "is_by_frame"_a = framekit::compat::enum_value(v.is_by_frame)),
                  "jpeg_attr"_a = jpeg);
}

// --- hi_video_frame_info --------------------------------------------------------------

hi_video_frame_info read_frame(py::handle obj) {
  hi_video_frame_info f;
  std::memset(&f, 0, sizeof f);
  DictReader d(obj, "hi_video_frame_info");
  f.pool_id = d.get<hi_u32>("pool_id", 0);
  d.get_enum("mod_id", f.mod_id, HI_ID_VENC);
  py::handle vf = d.sub("v_frame");
  if (!vf) throw py::value_error("hi_video_frame_info: 'v_frame' is missing");
  DictReader v(vf, "v_frame");
  hi_video_frame& x = f.v_frame;
  x.width = v.get<hi_u32>("width", 0);
  x.height = v.get<hi_u32>("height", 0);
  v.get_enum("field", x.field, HI_VIDEO_FIELD_FRAME);
  v.get_enum("pixel_format", x.pixel_format, 0);
  v.get_enum("video_format", x.video_format, 0);
  v.get_enum("compress_mode", x.compress_mode, 0);
  v.get_enum("dynamic_range", x.dynamic_range, 0);
  v.get_enum("color_gamut", x.color_gamut, 0);
  v.get_array("header_stride", x.header_stride);
  v.get_array("width_stride", x.width_stride);
  v.get_array("height_stride", x.height_stride);
  v.get_array("header_phys_addr", x.header_phys_addr);
  v.get_array("phys_addr", x.phys_addr);
  uint64_t header_virt[3] = {0, 0, 0}, virt[3] = {0, 0, 0};
  v.get_array("header_virt_addr", header_virt);
  v.get_array("virt_addr", virt);
  for (int i = 0; i < 3; ++i) {
    x.header_virt_addr[i] = to_ptr(header_virt[i]);
    x.virt_addr[i] = to_ptr(virt[i]);
  }
  x.time_ref = v.get<hi_u32>("time_ref", 0);
  x.pts = v.get<uint64_t>("pts", 0);
  v.get_array("user_data", x.user_data);
  x.frame_flag = v.get<hi_u32>("frame_flag", 0);
  v.sub("supplement");  // not read by JPEGE
  v.finish();
  d.finish();
  return f;
}

// --- hi_venc_jpeg_param / huffman -------------------------------------------------------

hi_venc_jpeg_param read_jpeg_param(py::handle obj) {
  hi_venc_jpeg_param p;
  std::memset(&p, 0, sizeof p);
  DictReader d(obj, "hi_venc_jpeg_param");
  p.qfactor = static_cast<hi_u32>(d.get<int64_t>("qfactor", 100));
  d.get_array("y_qt", p.y_qt);
  d.get_array("cb_qt", p.cb_qt);
  d.get_array("cr_qt", p.cr_qt);
  p.mcu_per_ecs = d.get<hi_u32>("mcu_per_ecs", 0);
  p.ecs_output_en = d.get<int>("ecs_output_en", 0) ? HI_TRUE : HI_FALSE;
  d.finish();
  return p;
}

template <size_t N>
py::list to_list(const hi_u8 (&a)[N]) {
  py::list l;
  for (hi_u8 v : a) l.append(v);
  return l;
}

py::dict jpeg_param_dict(const hi_venc_jpeg_param& p) {
  return py::dict("qfactor"_a = p.qfactor, "y_qt"_a = to_list(p.y_qt), "cb_qt"_a = to_list(p.cb_qt),
                  "cr_qt"_a = to_list(p.cr_qt), "mcu_per_ecs"_a = p.mcu_per_ecs,
                  "ecs_output_en"_a = static_cast<int>(p.ecs_output_en));
}

hi_venc_jpeg_huffman_param read_huffman(py::handle obj) {
  hi_venc_jpeg_huffman_param h;
  std::memset(&h, 0, sizeof h);
  DictReader d(obj, "hi_venc_jpeg_huffman_param");
  auto tables = [&](const char* key, auto&& each) {
    py::handle list = d.sub(key);
    if (!list) return;
    if (!py::isinstance<py::sequence>(list) || py::len(list) != 3) {
      throw py::type_error(std::string("hi_venc_jpeg_huffman_param['") + key +
                           "']: expected a list of 3 dicts (Y, Cb, Cr)");
    }
    size_t i = 0;
    for (auto t : list) each(t, i++);
  };
  tables("dc_tables", [&](py::handle t, size_t i) {
    DictReader r(t, "dc_tables[" + std::to_string(i) + "]");
    r.get_array("dc_bits", h.dc_tables[i].dc_bits);
    r.get_array("dc_value", h.dc_tables[i].dc_value);
    r.finish();
  });
  tables("ac_tables", [&](py::handle t, size_t i) {
    DictReader r(t, "ac_tables[" + std::to_string(i) + "]");
    r.get_array("ac_bits", h.ac_tables[i].ac_bits);
    r.get_array("ac_value", h.ac_tables[i].ac_value);
    r.finish();
  });
  d.sub("reserved");
  d.finish();
  return h;
}

py::dict huffman_dict(const hi_venc_jpeg_huffman_param& h) {
  py::list dc, ac;
  for (int i = 0; i < 3; ++i) {
    dc.append(py::dict("dc_bits"_a = to_list(h.dc_tables[i].dc_bits),
                       "dc_value"_a = to_list(h.dc_tables[i].dc_value)));
    ac.append(py::dict("ac_bits"_a = to_list(h.ac_tables[i].ac_bits),
                       "ac_value"_a = to_list(h.ac_tables[i].ac_value)));
  }
  return py::dict("dc_tables"_a = dc, "ac_tables"_a = ac);
}

// --- hi_venc_stream -------------------------------------------------------------------

py::dict stream_dict(const hi_venc_stream& s, hi_u32 packs) {
  py::list pack_list;
  for (hi_u32 i = 0; i < packs; ++i) {
    const hi_venc_pack& p = s.pack[i];
    py::list info;
    for (const auto& pi : p.pack_info) {
      info.append(py::dict("pack_type"_a = framekit::compat::enum_value(pi.pack_type.jpeg_type),
                           "pack_offset"_a = pi.pack_offset, "pack_len"_a = pi.pack_len));
    }
    pack_list.append(py::dict(
        "phys_addr"_a = p.phys_addr, "input_addr"_a = p.input_addr, "addr"_a = from_ptr(p.addr),
        "len"_a = p.len, "pts"_a = p.pts, "is_frame_end"_a = framekit::compat::enum_value(p.is_frame_end),
        "data_type"_a = framekit::compat::enum_value(p.data_type.jpeg_type), "offset"_a = p.offset,
        "data_num"_a = p.data_num, "pack_info"_a = info));
  }
  return py::dict("pack"_a = pack_list, "pack_cnt"_a = s.pack_cnt, "seq"_a = s.seq,
                  "jpeg_info"_a = py::dict("pic_bytes"_a = s.jpeg_info.pic_bytes,
                                           "update_attr_cnt"_a = s.jpeg_info.update_attr_cnt,
                                           "qfactor"_a = s.jpeg_info.qfactor));
}

// --- acl.rt ---------------------------------------------------------------------------

struct RtState {
  std::mutex mu;
  bool initialized = false;
  std::set<int> devices;
  std::set<uint64_t> contexts;
  uint64_t next_context = 1;
};
RtState& rt() {
  static RtState* s = new RtState();
  return *s;
}

int run_mode() {
  // ACL_HOST by default: the program runs on the host and device memory is separate, so
  // copies must name the device side (framekit checks it). FRAMEKIT_ACL_RUN_MODE=device
  // makes every pointer device memory, as on the device's own CPU.
  const char* env = std::getenv("FRAMEKIT_ACL_RUN_MODE");
  return env && std::string(env) == "device" ? kAclDevice : kAclHost;
}

// Whether [p, p+n) may be used as `device` memory (or host memory).
bool usable(uint64_t p, size_t n, bool device, int mode, bool write) {
  if (p == 0) return false;
  jpege::MemKind kind{};
  const auto r = jpege::check_range(to_ptr(p), n, &kind);
  if (r == jpege::RangeCheck::kOverflow) return false;
  // An untracked address is the caller's memory only if the process has it mapped: a
  // wrong integer must come back as an error code, not end the interpreter.
  if (r == jpege::RangeCheck::kUntracked && !jpege::host_memory_accessible(to_ptr(p), n, write)) {
    return false;
  }
  if (mode == kAclDevice) return true;  // on the device every pointer is device memory
  const bool is_device = r == jpege::RangeCheck::kInside && kind != jpege::MemKind::kHost;
  return device ? is_device : !is_device;
}

int acl_memcpy(uint64_t dst, uint64_t dest_max, uint64_t src, uint64_t count, int kind) {
  if (count > dest_max || kind < kMemcpyHostToHost || kind > kMemcpyDefault) {
    return kAclErrorInvalidParam;
  }
  if (count == 0) return kAclSuccess;
  const int mode = run_mode();
  bool ok = false;
  switch (kind) {
    case kMemcpyHostToHost:
      ok = usable(dst, count, false, mode, true) && usable(src, count, false, mode, false);
      break;
    case kMemcpyHostToDevice:
      ok = usable(dst, count, true, mode, true) && usable(src, count, false, mode, false);
      break;
    case kMemcpyDeviceToHost:
      ok = usable(dst, count, false, mode, true) && usable(src, count, true, mode, false);
      break;
    case kMemcpyDeviceToDevice:
      ok = usable(dst, count, true, mode, true) && usable(src, count, true, mode, false);
      break;
    default:  // the runtime picks the direction: only the bounds matter
      ok = dst && src && jpege::check_range(to_ptr(dst), count) != jpege::RangeCheck::kOverflow &&
           jpege::check_range(to_ptr(src), count) != jpege::RangeCheck::kOverflow &&
           (jpege::check_range(to_ptr(dst), count) != jpege::RangeCheck::kUntracked ||
            jpege::host_memory_accessible(to_ptr(dst), count, true)) &&
           (jpege::check_range(to_ptr(src), count) != jpege::RangeCheck::kUntracked ||
            jpege::host_memory_accessible(to_ptr(src), count));
  }
  if (!ok) return kAclErrorInvalidParam;
  std::memmove(to_ptr(dst), to_ptr(src), count);
  return kAclSuccess;
}

py::tuple acl_malloc(uint64_t size, jpege::MemKind kind) {
  if (size == 0) return py::make_tuple(0, kAclErrorInvalidParam);
  try {
    return py::make_tuple(from_ptr(jpege::device_malloc(size, kind)), kAclSuccess);
  } catch (const jpege::JpegeError&) {
    return py::make_tuple(0, kAclErrorBadAlloc);
  }
}

int acl_free(uint64_t ptr, jpege::MemKind kind) {
  try {
    jpege::device_free(to_ptr(ptr), kind);
    return kAclSuccess;
  } catch (const jpege::JpegeError&) {
    return kAclErrorInvalidParam;
  }
}

}  // namespace

void bind_jpege_acl(py::module_& parent) {
  py::module_ m = parent.def_submodule("_acl", "pyACL subset over framekit's JPEGE engine");
  using Release = py::call_guard<py::gil_scoped_release>;

  // acl.* and acl.rt.*
  m.def(
      "init",
      [](py::object) {
        std::lock_guard<std::mutex> lock(rt().mu);
        if (rt().initialized) return kAclErrorRepeatInitialize;
        rt().initialized = true;
        return kAclSuccess;
      },
      "config_path"_a = py::none());
  m.def("finalize", [] {
    std::lock_guard<std::mutex> lock(rt().mu);
    if (!rt().initialized) return kAclErrorUninitialize;
    rt().initialized = false;
    rt().devices.clear();
    rt().contexts.clear();
    return kAclSuccess;
  });
  m.def("rt_get_run_mode", [] { return py::make_tuple(run_mode(), kAclSuccess); });
  m.def("rt_set_device", [](int dev) {
    std::lock_guard<std::mutex> lock(rt().mu);
    if (!rt().initialized) return kAclErrorUninitialize;
    if (dev != 0) return kAclErrorInvalidParam;
    rt().devices.insert(dev);
    return kAclSuccess;
  });
  m.def("rt_reset_device", [](int dev) {
    std::lock_guard<std::mutex> lock(rt().mu);
    return rt().devices.erase(dev) ? kAclSuccess : kAclErrorInvalidParam;
  });
  m.def("rt_create_context", [](int dev) {
    std::lock_guard<std::mutex> lock(rt().mu);
    if (rt().devices.count(dev) == 0) return py::make_tuple(0, kAclErrorInvalidParam);
    const uint64_t ctx = rt().next_context++;
    rt().contexts.insert(ctx);
    return py::make_tuple(ctx, kAclSuccess);
  });
  m.def("rt_destroy_context", [](uint64_t ctx) {
    std::lock_guard<std::mutex> lock(rt().mu);
    return rt().contexts.erase(ctx) ? kAclSuccess : kAclErrorInvalidParam;
  });
  m.def("rt_memcpy", &acl_memcpy, "dst"_a, "dest_max"_a, "src"_a, "count"_a, "kind"_a, Release());
  m.def(
      "rt_malloc", [](uint64_t size, int) { return acl_malloc(size, jpege::MemKind::kDevice); },
      "size"_a, "policy"_a = 0);
  m.def("rt_free", [](uint64_t p) { return acl_free(p, jpege::MemKind::kDevice); });
  m.def("rt_malloc_host", [](uint64_t size) { return acl_malloc(size, jpege::MemKind::kHost); });
  m.def("rt_free_host", [](uint64_t p) { return acl_free(p, jpege::MemKind::kHost); });

  // acl.util.*
  m.def(
      "util_bytes_to_ptr",
      [](py::handle data) {
        // Only a contiguous buffer has its len(data) bytes at the address (a reversed or
        // strided view's first element is not its lowest byte).
        Py_buffer view;
        if (PyObject_GetBuffer(data.ptr(), &view, PyBUF_C_CONTIGUOUS) != 0) {
          throw py::error_already_set();
        }
        const uint64_t address = from_ptr(view.buf);
        PyBuffer_Release(&view);
        return address;
      },
      "data"_a, "Address of a C-contiguous bytes-like object's memory (keep the object alive).");
  m.def(
      "util_ptr_to_bytes",
      [](uint64_t ptr, uint64_t size) {
        if (ptr == 0) throw py::value_error("ptr_to_bytes: NULL pointer");
        if (size > static_cast<uint64_t>(PY_SSIZE_T_MAX)) {
          throw py::value_error("ptr_to_bytes: size " + std::to_string(size) + " is too large");
        }
        const auto r = jpege::check_range(to_ptr(ptr), size);
        if (r == jpege::RangeCheck::kOverflow) {
          throw py::value_error("ptr_to_bytes: " + jpege::describe_range(to_ptr(ptr), size));
        }
        if (r == jpege::RangeCheck::kUntracked && !jpege::host_memory_accessible(to_ptr(ptr), size)) {
          throw py::value_error("ptr_to_bytes: " + std::to_string(size) + " bytes at " +
                                std::to_string(ptr) + " are not readable memory of this process");
        }
        return py::bytes(static_cast<const char*>(to_ptr(ptr)), size);
      },
      "ptr"_a, "size"_a);

  // acl.himpi.*
  m.def("sys_init", &hi_mpi_sys_init, Release());
  m.def("sys_exit", &hi_mpi_sys_exit, Release());
  m.def("sys_create_epoll", [](int size) {
    hi_s32 fd = -1;
    const hi_s32 ret = hi_mpi_sys_create_epoll(size, &fd);
    return py::make_tuple(fd, ret);
  });
  m.def(
      "sys_ctl_epoll",
      [](int epfd, int op, int fd, py::object event) {
        hi_dvpp_epoll_event ev{};
        hi_dvpp_epoll_event* p = nullptr;
        if (!event.is_none()) {
          DictReader d(event, "hi_dvpp_epoll_event");
          ev.events = d.get<hi_u32>("events", 0);
          ev.data = to_ptr(static_cast<uint64_t>(d.get<int64_t>("data", 0)));
          d.finish();
          p = &ev;
        }
        return hi_mpi_sys_ctl_epoll(epfd, op, fd, p);
      },
      "epoll_fd"_a, "operation"_a, "fd"_a, "event"_a = py::none());
  m.def("sys_wait_epoll", [](int epfd, int max_events, int timeout) {
    // The C ABI refuses more than 1024 events before writing any.
    std::vector<hi_dvpp_epoll_event> events(static_cast<size_t>(std::clamp(max_events, 1, 1024)));
    hi_s32 n = 0;
    hi_s32 ret = 0;
    {
      py::gil_scoped_release release;
      ret = hi_mpi_sys_wait_epoll(epfd, events.data(), max_events, timeout, &n);
    }
    py::list out;
    for (hi_s32 i = 0; ret == HI_SUCCESS && i < n; ++i) {
      out.append(
          py::dict("events"_a = events[static_cast<size_t>(i)].events,
                   "data"_a = static_cast<int64_t>(from_ptr(events[static_cast<size_t>(i)].data))));
    }
    return py::make_tuple(out, n, ret);
  });
  m.def("sys_close_epoll", &hi_mpi_sys_close_epoll);

  m.def("dvpp_malloc", [](hi_u32 dev, uint64_t size) {
    void* p = nullptr;
    const hi_s32 ret = hi_mpi_dvpp_malloc(dev, &p, size);
    return py::make_tuple(from_ptr(p), ret);
  });
  m.def("dvpp_free", [](uint64_t p) { return hi_mpi_dvpp_free(to_ptr(p)); });

  m.def("venc_create_chn", [](int chn, py::handle attr) {
    const hi_venc_chn_attr a = read_chn_attr(attr);
    return hi_mpi_venc_create_chn(chn, &a);
  });
  m.def("venc_destroy_chn", &hi_mpi_venc_destroy_chn, Release());
  m.def("venc_get_chn_attr", [](int chn) {
    hi_venc_chn_attr a;
    const hi_s32 ret = hi_mpi_venc_get_chn_attr(chn, &a);
    return py::make_tuple(ret == HI_SUCCESS ? py::object(chn_attr_dict(a)) : py::none(), ret);
  });
  m.def("venc_set_chn_attr", [](int chn, py::handle attr) {
    const hi_venc_chn_attr a = read_chn_attr(attr);
    return hi_mpi_venc_set_chn_attr(chn, &a);
  });
  m.def("venc_start_chn", [](int chn, py::handle param) {
    DictReader d(param, "hi_venc_start_param");
    const hi_venc_start_param p{d.get<hi_s32>("recv_pic_num", -1)};
    d.finish();
    return hi_mpi_venc_start_chn(chn, &p);
  });
  m.def("venc_stop_chn", &hi_mpi_venc_stop_chn, Release());
  m.def("venc_query_status", [](int chn) {
    hi_venc_chn_status s;
    const hi_s32 ret = hi_mpi_venc_query_status(chn, &s);
    if (ret != HI_SUCCESS) return py::make_tuple(py::none(), ret);
    return py::make_tuple(
        py::dict("left_pics"_a = s.left_pics, "left_stream_bytes"_a = s.left_stream_bytes,
                 "left_stream_frames"_a = s.left_stream_frames, "cur_packs"_a = s.cur_packs,
                 "left_recv_pics"_a = s.left_recv_pics, "left_enc_pics"_a = s.left_enc_pics,
                 "is_jpeg_snap_end"_a = framekit::compat::enum_value(s.is_jpeg_snap_end),
                 "release_pic_pts"_a = s.release_pic_pts,
                 "stream_info"_a = py::dict("pic_cnt"_a = s.stream_info.pic_cnt)),
        ret);
  });
  m.def("venc_get_jpeg_param", [](int chn) {
    hi_venc_jpeg_param p;
    const hi_s32 ret = hi_mpi_venc_get_jpeg_param(chn, &p);
    return py::make_tuple(ret == HI_SUCCESS ? py::object(jpeg_param_dict(p)) : py::none(), ret);
  });
  m.def("venc_set_jpeg_param", [](int chn, py::handle param) {
    const hi_venc_jpeg_param p = read_jpeg_param(param);
    return hi_mpi_venc_set_jpeg_param(chn, &p);
  });
  m.def("venc_get_jpeg_huffman_param", [](int chn) {
    hi_venc_jpeg_huffman_param h;
    const hi_s32 ret = hi_mpi_venc_get_jpeg_huffman_param(chn, &h);
    return py::make_tuple(ret == HI_SUCCESS ? py::object(huffman_dict(h)) : py::none(), ret);
  });
  m.def("venc_set_jpeg_huffman_param", [](int chn, py::handle param) {
    const hi_venc_jpeg_huffman_param h = read_huffman(param);
    return hi_mpi_venc_set_jpeg_huffman_param(chn, &h);
  });
  m.def("venc_compact_jpeg_tables", [](int chn, hi_u32 type, int enable) {
    return hi_mpi_venc_compact_jpeg_tables(chn, type, enable ? HI_TRUE : HI_FALSE);
  });
  m.def("venc_get_fd", &hi_mpi_venc_get_fd);
  m.def("venc_close_fd", &hi_mpi_venc_close_fd);
  m.def("venc_send_frame", [](int chn, py::handle frame, int milli_sec) {
    const hi_video_frame_info f = read_frame(frame);
    py::gil_scoped_release release;
    return hi_mpi_venc_send_frame(chn, &f, milli_sec);
  });
  m.def("venc_send_jpege_frame", [](int chn, py::handle frame, py::handle stream, int milli_sec) {
    const hi_video_frame_info f = read_frame(frame);
    hi_img_stream s;
    std::memset(&s, 0, sizeof s);
    {
      DictReader d(stream, "hi_img_stream");
      d.get_enum("type", s.type, HI_PT_JPEG);
      s.addr = static_cast<hi_u8*>(to_ptr(d.get<uint64_t>("addr", 0)));
      s.len = d.get<hi_u32>("len", 0);
      s.pts = d.get<uint64_t>("pts", 0);
      d.sub("reserved");
      d.finish();
    }
    py::gil_scoped_release release;
    return hi_mpi_venc_send_jpege_frame(chn, &f, &s, milli_sec);
  });
  m.def(
      "venc_get_jpege_predicted_size",
      [](py::handle frame, py::handle param) {
        const hi_video_frame_info f = read_frame(frame);
        hi_venc_jpeg_param p;
        const bool has_param = !param.is_none();
        if (has_param) p = read_jpeg_param(param);
        hi_u32 size = 0;
        const hi_s32 ret =
            hi_mpi_venc_get_jpege_predicted_size(&f, has_param ? &p : nullptr, &size);
        return py::make_tuple(size, ret);
      },
      "frame"_a, "jpeg_param"_a = py::none());
  m.def("venc_get_stream", [](int chn, py::handle stream, int milli_sec) {
    hi_u32 packs = 0;
    {
      DictReader d(stream, "hi_venc_stream");
      packs = d.get<hi_u32>("pack_cnt", 0);
      d.sub("pack");  // pyACL allocates the packs itself
      d.sub("seq");
      d.sub("jpeg_info");
      d.finish();
    }
    // A picture is one pack: a few spare ones are plenty, whatever pack_cnt says.
    constexpr hi_u32 kMaxPacks = 16;
    std::vector<hi_venc_pack> pack(std::clamp<hi_u32>(packs, 1, kMaxPacks));
    hi_venc_stream s;
    std::memset(&s, 0, sizeof s);
    s.pack = pack.data();
    s.pack_cnt = std::min(packs, kMaxPacks);
    hi_s32 ret = 0;
    {
      py::gil_scoped_release release;
      ret = hi_mpi_venc_get_stream(chn, &s, milli_sec);
    }
    // A picture that did not fit reports its input and the size it needed in pack[0].
    const bool report =
        ret == HI_SUCCESS || static_cast<hi_u32>(ret) == HI_ERR_VENC_SIZE_NOT_ENOUGH;
    if (!report) return py::make_tuple(py::none(), ret);
    return py::make_tuple(stream_dict(s, ret == HI_SUCCESS ? s.pack_cnt : 1), ret);
  });
  m.def("venc_release_stream", [](int chn, py::handle stream) {
    DictReader d(stream, "hi_venc_stream");
    hi_venc_pack pack;
    std::memset(&pack, 0, sizeof pack);
    hi_venc_stream s;
    std::memset(&s, 0, sizeof s);
    s.pack = &pack;
    s.pack_cnt = d.get<hi_u32>("pack_cnt", 0);
    s.seq = d.get<hi_u32>("seq", 0);
    d.sub("jpeg_info");
    py::handle packs = d.sub("pack");
    if (packs && py::isinstance<py::sequence>(packs) && py::len(packs) > 0) {
      py::handle p0 = packs[py::int_(0)];
      if (py::isinstance<py::dict>(p0)) {
        py::dict p = py::reinterpret_borrow<py::dict>(p0);
        if (p.contains("addr")) pack.addr = static_cast<hi_u8*>(to_ptr(p["addr"].cast<uint64_t>()));
        if (p.contains("len")) pack.len = p["len"].cast<hi_u32>();
      }
    }
    d.finish();
    py::gil_scoped_release release;
    return hi_mpi_venc_release_stream(chn, &s);
  });
  m.def(
      "last_error", [] { return std::string(fk_jpege_last_error()); },
      "The message of this thread's last failing call (framekit extension).");
  m.def("configure", &fk_jpege_configure, "workers"_a, "queue_depth"_a);
}

}  // namespace framekit::py_bind
