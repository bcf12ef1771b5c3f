// framekit::Error → Python. framekit.Error is the base of every framekit exception and
// a RuntimeError, as BMF raises everywhere; each subclass also derives from the builtin
// a Python user would catch (ValueError, TypeError …), so `except ValueError`,
// `except RuntimeError` and `except framekit.Error` all work.
#include <array>

#include "common.h"
#include "framekit/core/error.h"

namespace framekit::py_bind {
namespace {

struct ErrorClass {
  ErrorCode code;
  const char* name;
  PyObject* builtin;
  const char* doc;
};

// Index = ErrorCode value; slot 0 is the base class.
std::array<PyObject*, 10> g_error_types{};

PyObject* type_for(ErrorCode code) {
  const auto i = static_cast<size_t>(code);
  if (i > 0 && i < g_error_types.size() && g_error_types[i] != nullptr) return g_error_types[i];
  return g_error_types[0];
}

void raise_framekit_error(const Error& e) {
  PyObject* type = type_for(e.code());
  // The instance carries the numeric code so callers can branch without parsing text.
  py::object exc = py::reinterpret_steal<py::object>(PyObject_CallFunction(type, "s", e.what()));
  if (!exc) return;  // the constructor failed: its exception is already set
  if (PyObject_SetAttrString(exc.ptr(), "code", py::cast(e.code()).ptr()) != 0) PyErr_Clear();
  PyErr_SetObject(type, exc.ptr());
}

}  // namespace

void bind_errors(py::module_& m) {
  py::enum_<ErrorCode>(m, "ErrorCode", "Numeric codes of framekit errors (also the C ABI's).")
      .value("kInvalidArgument", ErrorCode::kInvalidArgument)
      .value("kTypeMismatch", ErrorCode::kTypeMismatch)
      .value("kOutOfRange", ErrorCode::kOutOfRange)
      .value("kUnsupported", ErrorCode::kUnsupported)
      .value("kDeviceUnavailable", ErrorCode::kDeviceUnavailable)
      .value("kOutOfMemory", ErrorCode::kOutOfMemory)
      .value("kBufferTooSmall", ErrorCode::kBufferTooSmall)
      .value("kRuntime", ErrorCode::kRuntime)
      .value("kTimeout", ErrorCode::kTimeout);

  // Module-owned references: the types live as long as the module (never unloaded).
  PyObject* base = PyErr_NewExceptionWithDoc(
      "framekit.Error", "Base class of every framekit exception (a RuntimeError).",
      PyExc_RuntimeError, nullptr);
  if (base == nullptr) throw py::error_already_set();
  g_error_types[0] = base;
  m.add_object("Error", py::reinterpret_borrow<py::object>(base));

  const ErrorClass classes[] = {
      {ErrorCode::kInvalidArgument, "InvalidArgument", PyExc_ValueError,
       "A value is out of range or malformed."},
      {ErrorCode::kTypeMismatch, "TypeMismatch", PyExc_TypeError,
       "Wrong dtype, pixel format or object type."},
      {ErrorCode::kOutOfRange, "OutOfRange", PyExc_IndexError, "An index or size beyond a bound."},
      {ErrorCode::kUnsupported, "Unsupported", PyExc_NotImplementedError,
       "A valid request framekit cannot do."},
      {ErrorCode::kDeviceUnavailable, "DeviceUnavailable", PyExc_RuntimeError,
       "A device that is not present in this build or on this machine."},
      {ErrorCode::kOutOfMemory, "OutOfMemory", PyExc_MemoryError, "An allocation failed."},
      {ErrorCode::kBufferTooSmall, "BufferTooSmall", PyExc_ValueError,
       "The caller's buffer cannot hold the result."},
      {ErrorCode::kRuntime, "Runtime", PyExc_RuntimeError, "Any other failure at run time."},
      {ErrorCode::kTimeout, "Timeout", PyExc_TimeoutError, "A wait ran out."},
  };
  for (const auto& c : classes) {
    const std::string qualified = std::string("framekit.") + c.name;
    // RuntimeError is already the base's base: naming it again would add nothing.
    py::tuple bases = c.builtin == PyExc_RuntimeError
                          ? py::make_tuple(py::handle(base))
                          : py::make_tuple(py::handle(base), py::handle(c.builtin));
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), c.doc, bases.ptr(), nullptr);
    if (type == nullptr) throw py::error_already_set();
    g_error_types[static_cast<size_t>(c.code)] = type;
    m.add_object(c.name, py::reinterpret_borrow<py::object>(type));
  }

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      raise_framekit_error(e);
    }
  });
}

}  // namespace framekit::py_bind
