// mp.Tensor and the NumPy bridge. Both directions are zero-copy: Tensor.numpy() is a
// view whose base keeps the storage alive, and mp.from_numpy(arr) wraps the array's
// memory and keeps the array alive until the last framekit view is gone.
#include <pybind11/stl.h>

#include <cstdint>

#include "common.h"
#include "framekit/core/error.h"

namespace framekit::py_bind {

using namespace pybind11::literals;

py::array tensor_to_numpy(const Tensor& t, py::handle base) {
  FK_CHECK_ARG(t.defined(), "numpy(): the tensor is undefined");
  FK_CHECK(t.device().is_cpu(), ErrorCode::kUnsupported, "numpy(): the tensor is on ",
           t.device().str(), "; NumPy arrays live on the cpu, call .cpu() first");
  std::vector<py::ssize_t> shape(t.shape().begin(), t.shape().end());
  std::vector<py::ssize_t> strides;
  strides.reserve(shape.size());
  for (const int64_t s : t.strides()) strides.push_back(s * static_cast<int64_t>(t.itemsize()));
  // An empty view may have no storage pointer; NumPy then allocates its own (0 bytes).
  void* data = t.numel() == 0 ? nullptr : t.unsafe_data();
  return py::array(numpy_dtype(t.dtype()), shape, strides, data, base);
}

Tensor tensor_from_numpy(const py::array& arr) {
  const ScalarType dtype = scalar_type_from_numpy(arr.dtype());
  FK_CHECK_ARG(arr.writeable(),
               "from_numpy: the array is read-only, but framekit views are writable; pass a "
               "copy (arr.copy())");
  const auto nd = static_cast<size_t>(arr.ndim());
  const auto itemsize = static_cast<int64_t>(arr.itemsize());
  SizeArray shape(nd), strides(nd);
  for (size_t d = 0; d < nd; ++d) {
    shape[d] = arr.shape(d);
    const int64_t s = arr.strides(d);
    if (shape[d] <= 1) continue;  // stride of a size-1 dim is meaningless; set below
    // Negative strides are refused rather than copied, so from_numpy never copies
    // behind the caller's back (a write through the tensor must reach the array).
    FK_CHECK_ARG(s >= 0, "from_numpy: stride ", s, " bytes of dimension ", d,
                 " is negative (a reversed view such as arr[:, ::-1]); framekit views need "
                 "non-negative strides: pass np.ascontiguousarray(arr), which copies");
    FK_CHECK_ARG(s % itemsize == 0, "from_numpy: stride ", s, " bytes of dimension ", d,
                 " is not a multiple of the item size ", itemsize);
    strides[d] = s / itemsize;
  }
  int64_t next = 1;  // contiguous-style strides for size-0/1 dims keep is_contiguous right
  for (size_t d = nd; d-- > 0;) {
    if (shape[d] <= 1) strides[d] = next;
    next = strides[d] * std::max<int64_t>(shape[d], 1);
  }
  void* data = py::array(arr).mutable_data();
  return Tensor::from_blob(data, shape, strides, dtype, Device(),
                           keep_alive_release(py::reinterpret_borrow<py::object>(arr)));
}

Tensor as_tensor(py::handle obj) {
  if (py::isinstance<Tensor>(obj)) return obj.cast<Tensor>();
  if (py::isinstance<py::array>(obj)) return tensor_from_numpy(obj.cast<py::array>());
  if (py::hasattr(obj, "__dlpack__")) return tensor_from_dlpack(obj);
  FK_THROW(ErrorCode::kTypeMismatch,
           "expected a framekit.Tensor, a numpy.ndarray or an object "
           "with __dlpack__ (torch.Tensor …), got ",
           std::string(py::str(py::type::of(obj).attr("__name__"))));
}

PyTensorList make_tensor_list(const std::vector<Tensor>& tensors) {
  py::list items;
  for (const auto& t : tensors) items.append(py::cast(t));
  return py::module_::import("framekit._tensor_list").attr("TensorList")(items);
}

namespace {

// Accepts t.reshape(2, 3) and t.reshape((2, 3)), like torch.
SizeArray sizes_from_args(const py::args& args) {
  if (args.size() == 1 && py::isinstance<py::sequence>(args[0])) {
    return args[0].cast<SizeArray>();
  }
  return args.cast<SizeArray>();
}

// t[i], t[a:b:s], t[i, ..., a:b]: ints select (dropping a dimension), slices keep it.
Tensor index(const Tensor& t, const TensorIndex& key) {
  py::tuple keys =
      py::isinstance<py::tuple>(key) ? py::reinterpret_borrow<py::tuple>(key) : py::make_tuple(key);
  int64_t explicit_dims = 0, ellipses = 0;
  for (const auto k : keys) {
    if (k.is(py::ellipsis()))
      ++ellipses;
    else
      ++explicit_dims;
  }
  FK_CHECK_ARG(ellipses <= 1, "an index can only have a single ellipsis ('...')");
  FK_CHECK(explicit_dims <= t.dim(), ErrorCode::kOutOfRange, "too many indices (", explicit_dims,
           ") for a ", t.dim(), "-d tensor");
  Tensor out = t;
  int64_t d = 0;
  for (const auto k : keys) {
    if (k.is(py::ellipsis())) {
      d += t.dim() - explicit_dims;  // the skipped dimensions stay whole
    } else if (py::isinstance<py::slice>(k)) {
      py::ssize_t start = 0, stop = 0, step = 0, length = 0;
      if (!k.cast<py::slice>().compute(out.size(d), &start, &stop, &step, &length))
        throw py::error_already_set();
      FK_CHECK_ARG(step > 0, "slice step ", step,
                   " is not supported (framekit views need "
                   "positive steps)");
      out = out.slice(d, start, start + (length > 0 ? (length - 1) * step + 1 : 0), step);
      ++d;
    } else if (PyIndex_Check(k.ptr())) {
      int64_t i = to_int64(k, "tensor index");
      const int64_t n = out.size(d);
      FK_CHECK(i >= -n && i < n, ErrorCode::kOutOfRange, "index ", i,
               " is out of range for "
               "dimension ",
               d, " of size ", n);
      out = out.select(d, i < 0 ? i + n : i);
    } else {
      FK_THROW(ErrorCode::kTypeMismatch, "tensor indices must be ints, slices or ..., got ",
               std::string(py::str(py::type::of(k).attr("__name__"))));
    }
  }
  return out;
}

// Tensor.to(x): x is a device (Device, 'cpu', 'cuda:0') or a dtype (ScalarType,
// 'float32', numpy dtype, torch dtype). Strings are tried as dtypes first.
Tensor tensor_to(const Tensor& t, const DeviceOrDType& target) {
  if (py::isinstance<Device>(target) || py::isinstance<Device::Type>(target)) {
    const Device dev = to_device(target);
    return without_gil(t, [&](const Tensor& v) { return v.to(dev); });
  }
  if (py::isinstance<py::str>(target)) {
    const std::string s = target.cast<std::string>();
    if (s.rfind("cpu", 0) == 0 || s.rfind("cuda", 0) == 0 || s.rfind("gpu", 0) == 0) {
      const Device dev(s);
      return without_gil(t, [&](const Tensor& v) { return v.to(dev); });
    }
  }
  const ScalarType dtype = to_scalar_type(target);
  return without_gil(t, [&](const Tensor& v) { return v.to(dtype); });
}

}  // namespace

void bind_tensor(py::module_& m) {
  py::class_<Tensor>(m, "Tensor",
                     "A strided view over shared storage (strides in elements). Views share "
                     "memory; clone()/contiguous() copy.")
      .def(py::init<>())
      .def_property_readonly("defined", &Tensor::defined)
      .def("__bool__", &Tensor::defined)
      .def_property_readonly("shape",
                             [](const Tensor& t) { return py::tuple(py::cast(t.shape())); })
      .def_property_readonly("strides",
                             [](const Tensor& t) { return py::tuple(py::cast(t.strides())); })
      .def_property_readonly("dtype", &Tensor::dtype)
      .def_property_readonly("device", &Tensor::device)
      .def_property_readonly("ndim", &Tensor::dim)
      .def_property_readonly("itemsize", &Tensor::itemsize)
      .def_property_readonly("nbytes", &Tensor::nbytes)
      .def_property_readonly("byte_offset", &Tensor::byte_offset)
      .def("dim", &Tensor::dim)
      .def(
          "size", [](const Tensor& t, int64_t d) { return t.size(d); }, "dim"_a)
      .def(
          "stride", [](const Tensor& t, int64_t d) { return t.stride(d); }, "dim"_a)
      .def("numel", &Tensor::numel)
      .def("is_contiguous", &Tensor::is_contiguous)
      .def(
          "data_ptr", [](const Tensor& t) { return reinterpret_cast<uintptr_t>(t.unsafe_data()); },
          "Address of the first element (an int).")
      .def("__len__",
           [](const Tensor& t) {
             FK_CHECK(t.dim() > 0, ErrorCode::kTypeMismatch, "len() of a 0-d tensor");
             return t.size(0);
           })
      .def("__getitem__", &index, "key"_a)
      .def(
          "__setitem__",
          [](const Tensor& t, const TensorIndex& key, const TensorValue& value) {
            Tensor view = index(t, key);
            const bool array_like = py::isinstance<Tensor>(value) ||
                                    py::isinstance<py::array>(value) ||
                                    py::hasattr(value, "__dlpack__");
            if (!array_like && PyNumber_Check(value.ptr())) {
              view.fill_(py::float_(py::reinterpret_borrow<py::object>(value)).cast<double>());
            } else {
              view.copy_(as_tensor(value));  // same shape; dtype converted
            }
          },
          "key"_a, "value"_a, "t[key] = number fills; t[key] = tensor/array copies.")
      .def("slice", &Tensor::slice, "dim"_a, "start"_a, "end"_a, "step"_a = 1)
      .def("select", &Tensor::select, "dim"_a, "index"_a)
      .def("transpose", &Tensor::transpose, "dim0"_a, "dim1"_a)
      .def("unsqueeze", &Tensor::unsqueeze, "dim"_a)
      .def("squeeze", &Tensor::squeeze, "dim"_a)
      .def("as_strided", &Tensor::as_strided, "shape"_a, "strides"_a, "byte_offset"_a)
      .def("contiguous",
           [](const Tensor& t) {
             return without_gil(t, [](const Tensor& v) { return v.contiguous(); });
           })
      .def(
          "clone",
          [](const Tensor& t) { return without_gil(t, [](const Tensor& v) { return v.clone(); }); })
      .def("to", &tensor_to, "target"_a,
           "A copy on another device ('cpu', Device) or with another dtype (value "
           "conversion); self if nothing changes.")
      .def("cpu",
           [](const Tensor& t) {
             return without_gil(t, [](const Tensor& v) { return v.to(Device()); });
           })
      .def(
          "cuda",
          [](const Tensor& t, int index) {
            const Device dev(Device::kCUDA, index);
            return without_gil(t, [&](const Tensor& v) { return v.to(dev); });
          },
          "index"_a = 0)
      .def(
          "copy_",
          [](const Obj<Tensor>& self, const TensorLike& src) {
            const Tensor s = as_tensor(src);
            Tensor dst = self.cast<const Tensor&>();  // a handle: writes reach self's storage
            without_gil(s, [&](const Tensor& v) { return dst.copy_(v); });
            return self;
          },
          "src"_a,
          "Copies src (a Tensor, numpy array or DLPack object of the same shape) into self.")
      .def(
          "fill_",
          [](const Obj<Tensor>& self, double v) {
            self.cast<Tensor&>().fill_(v);
            return self;
          },
          "value"_a)
      .def(
          "numpy",
          [](const py::object& self) { return tensor_to_numpy(self.cast<const Tensor&>(), self); },
          "A zero-copy numpy view; it keeps the storage alive.")
      .def(
          "__array__",
          [](const py::object& self, const NumpyDTypeArg& dtype) -> py::array {
            py::array a = tensor_to_numpy(self.cast<const Tensor&>(), self);
            if (dtype.is_none()) return a;
            return a.attr("astype")(dtype);
          },
          "dtype"_a = py::none())
      .def("__repr__", &Tensor::repr);
  {
    // pybind11 writes a py::args parameter as a bare "*args"; these docstrings give stubgen
    // the element type instead (error messages still show pybind11's own signature).
    py::options options;
    options.disable_function_signatures();
    auto tensor = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
    tensor
        .def(
            "permute",
            [](const Tensor& t, const py::args& dims) { return t.permute(sizes_from_args(dims)); },
            "permute(self: framekit._framekit.Tensor, *dims: typing.Union[int, "
            "typing.Sequence[int]]) -> framekit._framekit.Tensor\n")
        .def(
            "view",
            [](const Tensor& t, const py::args& shape) { return t.view(sizes_from_args(shape)); },
            "view(self: framekit._framekit.Tensor, *shape: typing.Union[int, "
            "typing.Sequence[int]]) -> framekit._framekit.Tensor\n")
        .def(
            "reshape",
            [](const Tensor& t, const py::args& shape) {
              return t.reshape(sizes_from_args(shape));
            },
            "reshape(self: framekit._framekit.Tensor, *shape: typing.Union[int, "
            "typing.Sequence[int]]) -> framekit._framekit.Tensor\n");
  }

  m.def(
      "empty",
      [](const SizeArray& shape, const DTypeLike& dtype, const DeviceLike& device) {
        return Tensor::empty(shape, to_scalar_type(dtype), to_device(device));
      },
      "shape"_a, "dtype"_a = kUInt8, "device"_a = "cpu");
  m.def(
      "zeros",
      [](const SizeArray& shape, const DTypeLike& dtype, const DeviceLike& device) {
        return Tensor::zeros(shape, to_scalar_type(dtype), to_device(device));
      },
      "shape"_a, "dtype"_a = kUInt8, "device"_a = "cpu");
  m.def(
      "from_numpy",
      [](const ArrayList& obj) -> TensorOrList {
        if (py::isinstance<py::list>(obj) || py::isinstance<py::tuple>(obj)) {
          std::vector<Tensor> tensors;
          for (const auto item : obj) {
            FK_CHECK(py::isinstance<py::array>(item), ErrorCode::kTypeMismatch,
                     "from_numpy: list items must be numpy arrays, got ",
                     std::string(py::str(py::type::of(item).attr("__name__"))));
            tensors.push_back(tensor_from_numpy(item.cast<py::array>()));
          }
          return TensorOrList(make_tensor_list(tensors));
        }
        FK_CHECK(py::isinstance<py::array>(obj), ErrorCode::kTypeMismatch,
                 "from_numpy: expected a numpy.ndarray or a list of them, got ",
                 std::string(py::str(py::type::of(obj).attr("__name__"))));
        return TensorOrList(py::cast(tensor_from_numpy(obj.cast<py::array>())));
      },
      "array"_a,
      "Zero-copy Tensor over a numpy array (or a list of Tensors over a list of arrays). "
      "The tensor keeps the array alive. Negative strides and read-only arrays are refused "
      "(framekit.InvalidArgument, a ValueError).");
}

}  // namespace framekit::py_bind
