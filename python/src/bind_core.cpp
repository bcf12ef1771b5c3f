// Device, ScalarType, the thread pool knobs, the argument converters shared by the
// other binding files, and hmp's execution-context names (current_device, streams,
// timers) in their CPU-only form.
#include <chrono>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <pybind11/stl.h>

#include "common.h"
#include "framekit/core/error.h"
#include "framekit/core/parallel.h"
#include "framekit/core/simd.h"

namespace framekit::py_bind {

using namespace pybind11::literals;

int to_int_size(int64_t value, const char* what) {
  FK_CHECK_ARG(value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max(),
               what, " ", value, " does not fit in a 32-bit int");
  return static_cast<int>(value);
}

namespace {

// obj.__index__() (ints, numpy integers …); `fits` tells whether it fits in int64.
py::object index_of(py::handle obj, const char* what, int64_t& value, bool& fits) {
  FK_CHECK(PyIndex_Check(obj.ptr()), ErrorCode::kTypeMismatch, what, ": expected an int, got ",
           std::string(py::str(py::type::of(obj).attr("__name__"))));
  auto index = py::reinterpret_steal<py::object>(PyNumber_Index(obj.ptr()));
  if (!index) throw py::error_already_set();
  int overflow = 0;
  value = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
  if (value == -1 && PyErr_Occurred()) throw py::error_already_set();
  fits = overflow == 0;
  return index;
}

}  // namespace

int64_t to_int64(py::handle obj, const char* what) {
  int64_t v = 0;
  bool fits = false;
  const py::object index = index_of(obj, what, v, fits);
  FK_CHECK_ARG(fits, what, ": ", std::string(py::str(index)), " does not fit in a 64-bit int");
  return v;
}

int64_t to_int_in(py::handle obj, const char* what, int64_t lo, int64_t hi) {
  int64_t v = 0;
  bool fits = false;
  const py::object index = index_of(obj, what, v, fits);
  FK_CHECK_ARG(fits && v >= lo && v <= hi, what, ": ", std::string(py::str(index)),
               " is out of range (expected ", lo, " to ", hi, ")");
  return v;
}

Device to_device(py::handle obj) {
  if (py::isinstance<Device>(obj)) return obj.cast<Device>();
  if (py::isinstance<py::str>(obj)) return Device(obj.cast<std::string>());
  if (py::isinstance<Device::Type>(obj)) return Device(obj.cast<Device::Type>());
  FK_THROW(ErrorCode::kTypeMismatch,
           "expected a framekit.Device or a device string such as "
           "'cpu' or 'cuda:0', got ",
           std::string(py::str(py::type::of(obj).attr("__name__"))));
}

namespace {

// Python enums take any int (mp.ScalarType(99)); such a value has no size, and kernels
// that divide by the item size would crash on it.
ScalarType checked(ScalarType t) {
  FK_CHECK_ARG(scalar_size(t) != 0, "invalid ScalarType value ", static_cast<int>(t),
               " (expected kUInt8 … kFloat64, 0 to ", static_cast<int>(kFloat64), ")");
  return t;
}

}  // namespace

py::dtype numpy_dtype(ScalarType t) {
  return py::dtype(std::string(scalar_name(checked(t))));
}

ScalarType scalar_type_from_numpy(const py::dtype& dt) {
  const char kind = dt.kind();
  const auto size = dt.itemsize();
  const char order = dt.attr("byteorder").cast<std::string>()[0];
  // '>' only: '<' is native on x86-64, '=' native, '|' not applicable.
  FK_CHECK(order != '>', ErrorCode::kTypeMismatch, "numpy dtype ",
           std::string(py::str(py::handle(dt))),
           " is big-endian; framekit needs native byte order "
           "(use arr.astype(arr.dtype.newbyteorder('=')))");
  if (kind == 'u' && size == 1) return kUInt8;
  if (kind == 'u' && size == 2) return kUInt16;
  if (kind == 'i' && size == 1) return kInt8;
  if (kind == 'i' && size == 2) return kInt16;
  if (kind == 'i' && size == 4) return kInt32;
  if (kind == 'i' && size == 8) return kInt64;
  if (kind == 'f' && size == 2) return kFloat16;
  if (kind == 'f' && size == 4) return kFloat32;
  if (kind == 'f' && size == 8) return kFloat64;
  FK_THROW(ErrorCode::kTypeMismatch, "numpy dtype ", std::string(py::str(py::handle(dt))),
           " is not supported (expected uint8, int8, uint16, int16, int32, int64, float16, "
           "float32 or float64)");
}

ScalarType to_scalar_type(py::handle obj) {
  if (py::isinstance<ScalarType>(obj)) return checked(obj.cast<ScalarType>());
  if (py::isinstance<py::str>(obj)) {
    std::string name = obj.cast<std::string>();
    if (name.rfind("torch.", 0) == 0) name = name.substr(6);
    return parse_scalar_type(name);
  }
  if (py::isinstance<py::dtype>(obj)) return scalar_type_from_numpy(obj.cast<py::dtype>());
  // torch dtypes print as "torch.float32"; numpy scalar types (np.float32) are types.
  const std::string type_name = py::str(py::type::of(obj).attr("__name__"));
  const std::string module_name = py::str(py::type::of(obj).attr("__module__"));
  if (module_name == "torch") return to_scalar_type(py::str(obj));
  if (PyType_Check(obj.ptr())) {
    return scalar_type_from_numpy(py::dtype::from_args(py::reinterpret_borrow<py::object>(obj)));
  }
  FK_THROW(ErrorCode::kTypeMismatch,
           "expected a framekit.ScalarType, a dtype name or a numpy "
           "dtype, got ",
           type_name);
}

namespace {

// Owns one reference; the GIL is taken only if the interpreter still runs (at exit the
// reference is leaked rather than touched without a GIL).
struct PyRef {
  PyObject* obj;
  explicit PyRef(py::object o) : obj(o.release().ptr()) {}
  PyRef(const PyRef&) = delete;
  PyRef& operator=(const PyRef&) = delete;
  ~PyRef() {
    if (obj == nullptr || !Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    Py_DECREF(obj);
  }
};

}  // namespace

Buffer::Release keep_alive_release(py::object owner) {
  auto ref = std::make_shared<PyRef>(std::move(owner));
  // Buffer::Release must be copyable: copies share the one reference.
  return [ref]() {};
}

namespace {

// hmp's execution context, as framekit has it: every framekit operation has finished
// when it returns, so the CPU has exactly one stream, always idle, and nothing to
// synchronize. CUDA streams and timers do not exist in framekit; asking for them names
// the reason (no device, or no asynchronous CUDA work) instead of pretending.
struct Stream {
  Device device;
};

Device::Type device_type_of(py::handle obj) {
  return to_device(obj).type();
}

void require_cpu_context(Device::Type type, const char* what) {
  if (type == Device::Type::kCPU) return;
  Device(type).check_available();  // DeviceUnavailable: the usual case
  FK_THROW(ErrorCode::kUnsupported, "no ", what,
           " on cuda: framekit runs CUDA work synchronously (use the cpu ones)");
}

// The device `with mp.Device(...)` selected on this thread (BMF's DeviceGuard); the CPU
// has one device, so only CUDA indices are kept.
thread_local std::vector<int> t_cuda_device_stack;

Device current_device_of(Device::Type type) {
  if (type == Device::Type::kCPU) return Device();
  Device(type).check_available();
  return Device(type, t_cuda_device_stack.empty() ? 0 : t_cuda_device_stack.back());
}

// A wall-clock interval timer with hmp's states: not started, running, stopped.
class Timer {
 public:
  void start() {
    begin_ = Clock::now();
    state_ = State::kRunning;
  }
  void stop() {
    FK_CHECK(state_ == State::kRunning, ErrorCode::kRuntime,
             "Timer.stop(): the timer is not running (call start() first)");
    end_ = Clock::now();
    state_ = State::kStopped;
  }
  // Seconds from start() to stop(), or to now while running.
  double elapsed() const {
    FK_CHECK(state_ != State::kNotStarted, ErrorCode::kRuntime,
             "Timer.elapsed(): the timer was never started");
    const auto end = state_ == State::kRunning ? Clock::now() : end_;
    return std::chrono::duration<double>(end - begin_).count();
  }
  bool is_stopped() const { return state_ != State::kRunning; }

 private:
  using Clock = std::chrono::steady_clock;
  enum class State { kNotStarted, kRunning, kStopped };
  Clock::time_point begin_, end_;
  State state_ = State::kNotStarted;
};

Stream stream_of(const DeviceLike& type) {
  const Device::Type t = device_type_of(type);
  require_cpu_context(t, "streams");
  return Stream{Device(t)};
}

void bind_execution_context(py::module_& m) {
  auto device = py::reinterpret_borrow<py::class_<Device>>(m.attr("Device"));
  device
      .def(
          "__enter__",
          [](const Device& d) {
            d.check_available();
            if (d.type() == Device::Type::kCUDA) t_cuda_device_stack.push_back(d.index());
            return d;
          },
          "Makes this the current device of its type inside the `with` block "
          "(see current_device); a device this build lacks raises DeviceUnavailable.")
      .def(
          "__exit__",
          [](const Device& d, const py::object&, const py::object&, const py::object&) {
            if (d.type() == Device::Type::kCUDA && !t_cuda_device_stack.empty())
              t_cuda_device_stack.pop_back();
          },
          "exc_type"_a, "exc"_a, "traceback"_a);

  m.def(
      "current_device",
      [](const DeviceLike& type) { return current_device_of(device_type_of(type)); },
      "device_type"_a,
      "The current device of a type: cpu for kCPU; for kCUDA the one of the innermost "
      "`with mp.Device(...)` (DeviceUnavailable when this build has no CUDA device).");

  py::class_<Stream>(m, "Stream",
                     "An execution stream. framekit's operations have finished when they "
                     "return, so the one CPU stream is always idle.")
      .def(
          "query", [](const Stream&) { return true; }, "True: no work is pending.")
      .def(
          "synchronize", [](const Stream&) {}, "Returns at once: no work is pending.")
      .def("device", [](const Stream& s) { return s.device; })
      .def(
          "handle", [](const Stream&) { return 0; }, "0, the default stream's handle.")
      .def("__enter__", [](const Obj<Stream>& self) { return self; })
      .def(
          "__exit__", [](const Stream&, const py::object&, const py::object&, const py::object&) {},
          "exc_type"_a, "exc"_a, "traceback"_a)
      .def("__eq__",
           [](const Stream& a, const py::object& b) {
             return py::isinstance<Stream>(b) && a.device == b.cast<const Stream&>().device;
           })
      .def("__hash__", [](const Stream& s) { return py::hash(py::str(s.device.str())); })
      .def("__repr__", [](const Stream& s) { return "Stream(" + s.device.str() + ", 0)"; });
  m.def(
      "create_stream", [](const DeviceLike& type, int /*flags*/) { return stream_of(type); },
      "device_type"_a, "flags"_a = 0,
      "A stream to run on: on cpu the one synchronous stream (equal to "
      "current_stream(kCPU)); framekit has no CUDA streams.");
  m.def("current_stream", &stream_of, "device_type"_a, "The current stream of a device type.");

  py::class_<Timer>(m, "Timer", "Measures wall-clock seconds between start() and stop().")
      .def("start", &Timer::start)
      .def("stop", &Timer::stop, "Raises framekit.Runtime (a RuntimeError) if not running.")
      .def("elapsed", &Timer::elapsed,
           "Seconds from start() to stop() (to now while running); framekit.Runtime if "
           "never started.")
      .def("is_stopped", &Timer::is_stopped, "True before start() and after stop().")
      .def("device", [](const Timer&) { return Device(); })
      .def("__repr__", [](const Timer& t) {
        return std::string("Timer(cpu, ") + (t.is_stopped() ? "stopped" : "running") + ")";
      });
  m.def(
      "create_timer",
      [](const DeviceLike& type) {
        require_cpu_context(device_type_of(type), "timers");
        return Timer();
      },
      "device_type"_a = Device::Type::kCPU,
      "A wall-clock timer (cpu only: framekit's work is synchronous).");
}

}  // namespace

void bind_core(py::module_& m) {
  py::enum_<Device::Type>(m, "DeviceType")
      .value("kCPU", Device::Type::kCPU)
      .value("kCUDA", Device::Type::kCUDA)
      .export_values();

  py::class_<Device>(m, "Device",
                     "Where memory lives: Device('cpu'), Device('cuda:1'), "
                     "Device('gpu') (alias of cuda:0).")
      .def(py::init([](const std::string& spec) { return Device(spec); }), "spec"_a = "cpu")
      .def(py::init([](Device::Type t, int index) { return Device(t, index); }), "type"_a,
           "index"_a = 0)
      .def("type", &Device::type)
      .def("index", &Device::index)
      .def("is_cpu", &Device::is_cpu)
      .def("available", &Device::available)
      .def("check_available", &Device::check_available,
           "Raises framekit.DeviceUnavailable if the device is not present.")
      .def("__eq__",
           [](const Device& a, const py::object& b) {
             if (py::isinstance<Device>(b)) return a == b.cast<Device>();
             if (py::isinstance<py::str>(b)) {
               try {
                 return a == Device(b.cast<std::string>());
               } catch (const Error&) {
                 return false;
               }
             }
             return false;
           })
      .def("__hash__",
           [](const Device& d) {
             return py::hash(py::make_tuple(static_cast<int>(d.type()), d.index()));
           })
      .def("__str__", &Device::str)
      .def("__repr__", [](const Device& d) { return "Device('" + d.str() + "')"; })
      .def(py::pickle([](const Device& d) { return d.str(); },
                      [](const std::string& s) { return Device(s); }));

  m.def("device_count", &device_count, "type"_a,
        "Number of devices of a type this build can use (cpu: 1).");

  py::enum_<ScalarType>(m, "ScalarType")
      .value("kUInt8", kUInt8)
      .value("kInt8", kInt8)
      .value("kUInt16", kUInt16)
      .value("kInt16", kInt16)
      .value("kInt32", kInt32)
      .value("kInt64", kInt64)
      .value("kFloat16", kFloat16)
      .value("kFloat32", kFloat32)
      .value("kFloat64", kFloat64)
      .export_values()
      .def_property_readonly("itemsize", [](ScalarType t) { return scalar_size(t); })
      .def_property_readonly("is_floating_point", [](ScalarType t) { return is_floating(t); })
      .def_property_readonly("numpy_dtype", &numpy_dtype);

  m.def(
      "to_numpy_dtype", [](const DTypeLike& t) { return numpy_dtype(to_scalar_type(t)); },
      "dtype"_a, "The numpy dtype of a framekit dtype.");
  m.def(
      "scalar_type", [](const DTypeLike& t) { return to_scalar_type(t); }, "dtype"_a,
      "framekit.ScalarType from a ScalarType, a name ('float32'), a numpy dtype or type, "
      "or a torch dtype.");

  m.attr("MAX_NUM_THREADS") = kMaxNumThreads;
  m.def("get_num_threads", &get_num_threads, "Threads used by framekit's parallel kernels.");
  m.def(
      "set_num_threads",
      [](const IntLike& n) {
        set_num_threads(static_cast<int>(to_int_in(n, "set_num_threads", 1, kMaxNumThreads)));
      },
      "n"_a,
      "Sets the threads used by framekit's parallel kernels (1 to MAX_NUM_THREADS; 1 = run "
      "inline). Other values raise framekit.InvalidArgument (a ValueError).");

  m.def(
      "set_simd_target", [](const std::string& target) { set_simd_target(target); }, "target"_a,
      "Forces the SIMD kernels of every conversion, resize and encode, process-wide: 'auto' "
      "(the best this CPU has, the default), 'scalar' (the plain scalar twins, same bytes) or "
      "a name from available_simd_targets() such as 'avx2'. Other names raise "
      "framekit.InvalidArgument (a ValueError). The environment variable FRAMEKIT_SIMD sets "
      "the same at start-up. Switch between operations, not while they run.");
  m.def("simd_target", &simd_target,
        "The kernels that run now: 'scalar' or the SIMD target's name, e.g. 'avx2'.");
  m.def("available_simd_targets", &available_simd_targets,
        "What set_simd_target accepts besides 'auto': the SIMD targets of this build and CPU, "
        "best first, then 'scalar'.");

  bind_execution_context(m);
}

}  // namespace framekit::py_bind
