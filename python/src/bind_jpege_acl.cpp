// _framekit._acl: pyACL's calling convention over framekit's C ABI. Structs are dicts
// with the SDK's field names, results come back as (value, ret), pointers are ints.
// What the calls mean (the runtime's bookkeeping, which fields a struct has, how a dict
// becomes an SDK struct) lives in compat (src/compat/acl_runtime.h, acl_structs.h); this
// file adapts Python objects to it and its results back to Python.
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bind_jpege.h"
#include "compat/acl_runtime.h"
#include "compat/acl_structs.h"
#include "framekit/compat/hi_dvpp.h"

namespace framekit::py_bind {
namespace {

namespace py = pybind11;
using namespace pybind11::literals;
namespace acl = framekit::compat::acl;

// A Python object as compat's struct readers see it.
class PyValue final : public acl::Value {
 public:
  explicit PyValue(py::handle h) : obj_(py::reinterpret_borrow<py::object>(h)) {}

  std::string type_name() const override { return py::str(py::type::of(obj_)); }
  std::optional<int64_t> to_int64() const override { return to<int64_t>(); }
  std::optional<uint64_t> to_uint64() const override { return to<uint64_t>(); }
  bool is_map() const override { return py::isinstance<py::dict>(obj_); }
  std::vector<std::string> keys() const override {
    std::vector<std::string> out;
    for (auto item : py::reinterpret_borrow<py::dict>(obj_)) out.emplace_back(py::str(item.first));
    return out;
  }
  std::unique_ptr<acl::Value> get(const std::string& key) const override {
    const auto d = py::reinterpret_borrow<py::dict>(obj_);
    if (!d.contains(key)) return nullptr;
    return std::make_unique<PyValue>(py::object(d[py::str(key)]));
  }
  bool is_list() const override { return py::isinstance<py::sequence>(obj_); }
  size_t size() const override { return py::len(obj_); }
  std::vector<std::unique_ptr<acl::Value>> items(size_t limit) const override {
    std::vector<std::unique_ptr<acl::Value>> out;
    for (auto item : obj_) {
      if (out.size() == limit) break;
      out.push_back(std::make_unique<PyValue>(item));
    }
    return out;
  }
  // pybind11's own cast, and its cast_error when the value is not one.
  uint64_t cast_unsigned(int bits) const override {
    return bits == 32 ? obj_.cast<uint32_t>() : obj_.cast<uint64_t>();
  }

 private:
  template <typename T>
  std::optional<T> to() const {
    try {
      return obj_.cast<T>();
    } catch (const py::cast_error&) {
      return std::nullopt;
    }
  }
  py::object obj_;
};

py::object to_python(const acl::Node& n) {
  return std::visit(
      [](const auto& x) -> py::object {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, acl::Node::List>) {
          py::list l;
          for (const auto& item : x) l.append(to_python(item));
          return l;
        } else if constexpr (std::is_same_v<T, acl::Node::Map>) {
          py::dict d;
          for (const auto& [key, item] : x) d[py::str(key)] = to_python(item);
          return d;
        } else {
          return py::int_(x);
        }
      },
      n.v);
}

// (value, ret): the value only when the call succeeded.
template <typename T>
py::tuple value_ret(hi_s32 ret, const T& value, acl::Node (*node)(const T&)) {
  return py::make_tuple(ret == HI_SUCCESS ? to_python(node(value)) : py::none(), ret);
}

py::tuple result(const acl::Result& r) {
  return py::make_tuple(r.value, r.ret);
}

}  // namespace

void bind_jpege_acl(py::module_& parent) {
  py::module_ m = parent.def_submodule("_acl", "pyACL subset over framekit's JPEGE engine");
  using Release = py::call_guard<py::gil_scoped_release>;
  py::register_local_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const acl::FieldError& e) {
      PyErr_SetString(e.kind() == acl::FieldError::Kind::kType ? PyExc_TypeError : PyExc_ValueError,
                      e.what());
    }
  });

  m.def(
      "constants",
      [] {
        py::dict d;
        for (const acl::Constant& c : acl::constants()) d[c.name] = c.value;
        return d;
      },
      "framekit.acl's constants {name: value}, as the C headers define them.");

  // acl.* and acl.rt.*
  m.def(
      "init", [](py::object) { return acl::init(); }, "config_path"_a = py::none());
  m.def("finalize", &acl::finalize);
  m.def("rt_get_run_mode", [] { return py::make_tuple(acl::rt_run_mode(), ACL_SUCCESS); });
  m.def("rt_set_device", &acl::rt_set_device);
  m.def("rt_reset_device", &acl::rt_reset_device);
  m.def("rt_create_context", [](int dev) { return result(acl::rt_create_context(dev)); });
  m.def("rt_destroy_context", &acl::rt_destroy_context);
  m.def("rt_memcpy", &acl::rt_memcpy, "dst"_a, "dest_max"_a, "src"_a, "count"_a, "kind"_a,
        Release());
  m.def(
      "rt_malloc",
      [](uint64_t size, int) { return result(acl::rt_malloc(size, jpege::MemKind::kDevice)); },
      "size"_a, "policy"_a = 0);
  m.def("rt_free", [](uint64_t p) { return acl::rt_free(p, jpege::MemKind::kDevice); });
  m.def("rt_malloc_host",
        [](uint64_t size) { return result(acl::rt_malloc(size, jpege::MemKind::kHost)); });
  m.def("rt_free_host", [](uint64_t p) { return acl::rt_free(p, jpege::MemKind::kHost); });

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
        const uint64_t address = reinterpret_cast<uintptr_t>(view.buf);
        PyBuffer_Release(&view);
        return address;
      },
      "data"_a, "Address of a C-contiguous bytes-like object's memory (keep the object alive).");
  m.def(
      "util_ptr_to_bytes",
      [](uint64_t ptr, uint64_t size) {
        const std::string why =
            acl::unreadable_reason(ptr, size, static_cast<uint64_t>(PY_SSIZE_T_MAX));
        if (!why.empty()) throw py::value_error(why);
        return py::bytes(reinterpret_cast<const char*>(static_cast<uintptr_t>(ptr)),
                         static_cast<py::ssize_t>(size));
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
        if (event.is_none()) return hi_mpi_sys_ctl_epoll(epfd, op, fd, nullptr);
        hi_dvpp_epoll_event ev = acl::read_epoll_event(PyValue(event));
        return hi_mpi_sys_ctl_epoll(epfd, op, fd, &ev);
      },
      "epoll_fd"_a, "operation"_a, "fd"_a, "event"_a = py::none());
  m.def("sys_wait_epoll", [](int epfd, int max_events, int timeout) {
    acl::EpollWait w;
    {
      py::gil_scoped_release release;
      w = acl::wait_epoll(epfd, max_events, timeout);
    }
    return py::make_tuple(to_python(w.events), w.count, w.ret);
  });
  m.def("sys_close_epoll", &hi_mpi_sys_close_epoll);

  m.def("dvpp_malloc", [](hi_u32 dev, uint64_t size) {
    void* p = nullptr;
    const hi_s32 ret = hi_mpi_dvpp_malloc(dev, &p, size);
    return py::make_tuple(reinterpret_cast<uintptr_t>(p), ret);
  });
  m.def("dvpp_free", [](uint64_t p) {
    return hi_mpi_dvpp_free(reinterpret_cast<void*>(static_cast<uintptr_t>(p)));
  });

  m.def("venc_create_chn", [](int chn, py::handle attr) {
    const hi_venc_chn_attr a = acl::read_chn_attr(PyValue(attr));
    return hi_mpi_venc_create_chn(chn, &a);
  });
  m.def("venc_destroy_chn", &hi_mpi_venc_destroy_chn, Release());
  m.def("venc_get_chn_attr", [](int chn) {
    hi_venc_chn_attr a;
    return value_ret(hi_mpi_venc_get_chn_attr(chn, &a), a, &acl::chn_attr_node);
  });
  m.def("venc_set_chn_attr", [](int chn, py::handle attr) {
    const hi_venc_chn_attr a = acl::read_chn_attr(PyValue(attr));
    return hi_mpi_venc_set_chn_attr(chn, &a);
  });
  m.def("venc_start_chn", [](int chn, py::handle param) {
    const hi_venc_start_param p = acl::read_start_param(PyValue(param));
    return hi_mpi_venc_start_chn(chn, &p);
  });
  m.def("venc_stop_chn", &hi_mpi_venc_stop_chn, Release());
  m.def("venc_query_status", [](int chn) {
    hi_venc_chn_status s;
    return value_ret(hi_mpi_venc_query_status(chn, &s), s, &acl::chn_status_node);
  });
  m.def("venc_get_jpeg_param", [](int chn) {
    hi_venc_jpeg_param p;
    return value_ret(hi_mpi_venc_get_jpeg_param(chn, &p), p, &acl::jpeg_param_node);
  });
  m.def("venc_set_jpeg_param", [](int chn, py::handle param) {
    const hi_venc_jpeg_param p = acl::read_jpeg_param(PyValue(param));
    return hi_mpi_venc_set_jpeg_param(chn, &p);
  });
  m.def("venc_get_jpeg_huffman_param", [](int chn) {
    hi_venc_jpeg_huffman_param h;
    return value_ret(hi_mpi_venc_get_jpeg_huffman_param(chn, &h), h, &acl::huffman_node);
  });
  m.def("venc_set_jpeg_huffman_param", [](int chn, py::handle param) {
    const hi_venc_jpeg_huffman_param h = acl::read_huffman(PyValue(param));
    return hi_mpi_venc_set_jpeg_huffman_param(chn, &h);
  });
  m.def("venc_compact_jpeg_tables", [](int chn, hi_u32 type, int enable) {
    return hi_mpi_venc_compact_jpeg_tables(chn, type, enable ? HI_TRUE : HI_FALSE);
  });
  m.def("venc_get_fd", &hi_mpi_venc_get_fd);
  m.def("venc_close_fd", &hi_mpi_venc_close_fd);
  m.def("venc_send_frame", [](int chn, py::handle frame, int milli_sec) {
    const hi_video_frame_info f = acl::read_frame(PyValue(frame));
    py::gil_scoped_release release;
    return hi_mpi_venc_send_frame(chn, &f, milli_sec);
  });
  m.def("venc_send_jpege_frame", [](int chn, py::handle frame, py::handle stream, int milli_sec) {
    const hi_video_frame_info f = acl::read_frame(PyValue(frame));
    const hi_img_stream s = acl::read_img_stream(PyValue(stream));
    py::gil_scoped_release release;
    return hi_mpi_venc_send_jpege_frame(chn, &f, &s, milli_sec);
  });
  m.def(
      "venc_get_jpege_predicted_size",
      [](py::handle frame, py::handle param) {
        const hi_video_frame_info f = acl::read_frame(PyValue(frame));
        std::optional<hi_venc_jpeg_param> p;
        if (!param.is_none()) p = acl::read_jpeg_param(PyValue(param));
        hi_u32 size = 0;
        const hi_s32 ret = hi_mpi_venc_get_jpege_predicted_size(&f, p ? &*p : nullptr, &size);
        return py::make_tuple(size, ret);
      },
      "frame"_a, "jpeg_param"_a = py::none());
  m.def("venc_get_stream", [](int chn, py::handle stream, int milli_sec) {
    const hi_u32 packs = acl::read_stream_request(PyValue(stream));
    acl::StreamResult r;
    {
      py::gil_scoped_release release;
      r = acl::get_stream(chn, packs, milli_sec);
    }
    return py::make_tuple(r.stream ? to_python(*r.stream) : py::none(), r.ret);
  });
  m.def("venc_release_stream", [](int chn, py::handle stream) {
    const acl::StreamRelease r = acl::read_stream_release(PyValue(stream));
    py::gil_scoped_release release;
    return acl::release_stream(chn, r);
  });
  m.def(
      "last_error", [] { return std::string(fk_jpege_last_error()); },
      "The message of this thread's last failing call (framekit extension).");
  m.def("configure", &fk_jpege_configure, "workers"_a, "queue_depth"_a);
}

}  // namespace framekit::py_bind
