// Shared helpers of the Python bindings: argument conversion (devices, dtypes, pixel
// infos given as objects or strings), NumPy bridging and GIL-safe release callbacks.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

#include "framekit/core/buffer.h"
#include "framekit/core/device.h"
#include "framekit/core/scalar_type.h"
#include "framekit/core/tensor.h"
#include "framekit/pixel/pixel_info.h"
#include "typing.h"

namespace framekit::py_bind {

namespace py = pybind11;

// Module parts, each in its own bind_*.cpp; called in this order by module.cpp.
void bind_errors(py::module_& m);
void bind_core(py::module_& m);
void bind_pixel(py::module_& m);
void bind_tensor(py::module_& m);
void bind_dlpack(py::module_& m);
void bind_frame(py::module_& m);
void bind_video_frame(py::module_& m);
void bind_convert(py::module_& m);  // after bind_video_frame: adds to VideoFrame
void bind_img(py::module_& m);
void bind_io(py::module_& m);  // after bind_frame: adds to Frame
void bind_io_video(py::module_& m);

// Arguments accept framekit objects or their usual Python spellings. Bad values throw
// framekit::Error, so Python sees the same exception classes as for C++ errors.
Device to_device(py::handle obj);  // Device, "cpu", "cuda:1", "gpu"
ScalarType to_scalar_type(
    py::handle obj);  // ScalarType, "float32", np.float32, np.dtype, torch.float32
PixelInfo to_pixel_info(py::handle obj);      // PixelInfo, PixelFormat, "nv12"
PixelFormat to_pixel_format(py::handle obj);  // PixelFormat, "nv12", "kPF_NV12"
ColorSpace to_color_space(py::handle obj);
ColorRange to_color_range(py::handle obj);
int to_int_size(int64_t value, const char* what);  // checked narrowing for widths etc.

// A Python int (or any object with __index__) as int64_t: kTypeMismatch for other types,
// kInvalidArgument naming `what` and the value when it does not fit.
int64_t to_int64(py::handle obj, const char* what);
// As to_int64, and checked against [lo, hi]: "what: value is out of range (expected lo
// to hi)".
int64_t to_int_in(py::handle obj, const char* what, int64_t lo, int64_t hi);

// Runs fn(copy of obj) with the GIL released. Python threads change a VideoFrame's
// metadata and attachments (and could re-run __init__ on any handle) whenever they hold
// the GIL, so work done without it must not read the Python-owned object: it reads a
// copy taken while the GIL is held. Copies of Frame, VideoFrame and Tensor are handles
// (pixels shared), so the copy is cheap; a VideoFrame's metadata map is copied.
template <typename T, typename Fn>
auto without_gil(const T& obj, Fn&& fn) {
  const T snapshot = obj;
  py::gil_scoped_release release;  // destroyed first: snapshot goes with the GIL held
  return fn(snapshot);
}

py::dtype numpy_dtype(ScalarType t);
ScalarType scalar_type_from_numpy(const py::dtype& dt);  // throws kTypeMismatch

// A release callback that holds a reference to `owner` and drops it (taking the GIL)
// when the callback itself is destroyed, so the reference is dropped exactly once even
// if the callback is never called or is destroyed on a thread without the GIL.
Buffer::Release keep_alive_release(py::object owner);

// Zero-copy NumPy view of a CPU tensor; `base` (usually the Python Tensor) keeps the
// storage alive for as long as the array lives.
py::array tensor_to_numpy(const Tensor& t, py::handle base);
// Zero-copy tensor over a NumPy array (any non-negative strides); the tensor keeps the
// array alive. Read-only arrays, negative strides, strides that are not a multiple of
// the item size and unsupported dtypes throw framekit::Error.
Tensor tensor_from_numpy(const py::array& arr);
// Tensor, NumPy array, or any object with __dlpack__ (torch.Tensor …), without copying.
Tensor as_tensor(py::handle obj);
// DLPack import from a capsule or an object with __dlpack__ (defined in bind_dlpack.cpp).
Tensor tensor_from_dlpack(py::handle obj);

// Wraps a list of tensors in framekit._tensor_list.TensorList (a list with .numpy() and
// .torch(), the seed writes `vf.frame().data().torch()`).
PyTensorList make_tensor_list(const std::vector<Tensor>& tensors);

}  // namespace framekit::py_bind
