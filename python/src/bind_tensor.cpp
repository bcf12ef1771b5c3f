// mp.Tensor and the NumPy bridge. Both directions are zero-copy: Tensor.numpy() is a
// view whose base keeps the storage alive, and mp.from_numpy(arr) wraps the array's
// memory and keeps the array alive until the last framekit view is gone.
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>

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

// A number operand: Python ints (and NumPy integers) stay exact, the rest is a float.
bool is_number(py::handle obj) {
  return !py::isinstance<Tensor>(obj) && !py::isinstance<py::array>(obj) &&
         !py::hasattr(obj, "__dlpack__") && PyNumber_Check(obj.ptr()) != 0;
}

Number to_number(py::handle obj) {
  if (PyBool_Check(obj.ptr()) || PyLong_Check(obj.ptr()) ||
      (PyIndex_Check(obj.ptr()) && !PyFloat_Check(obj.ptr()))) {
    return Number(to_int64(obj, "tensor operand"));
  }
  return Number(py::float_(py::reinterpret_borrow<py::object>(obj)).cast<double>());
}

bool is_operand(py::handle obj) {
  return py::isinstance<Tensor>(obj) || py::isinstance<py::array>(obj) ||
         py::hasattr(obj, "__dlpack__") || PyNumber_Check(obj.ptr()) != 0;
}

// t op other (and other op t when reversed): a Tensor result, or NotImplemented for an
// operand that is neither a number nor tensor-like, so Python tries the other side.
template <typename TensorFn, typename NumberFn>
py::object binary_op(const Tensor& t, py::handle other, TensorFn on_tensor, NumberFn on_number) {
  if (!is_operand(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
  if (is_number(other)) return py::cast(on_number(t, to_number(other)));
  return py::cast(on_tensor(t, as_tensor(other)));
}

// self op= other: changes self's memory and returns the same Python object.
template <typename TensorFn, typename NumberFn>
py::object inplace_op(const py::object& self, py::handle other, TensorFn on_tensor,
                      NumberFn on_number) {
  if (!is_operand(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
  auto& t = self.cast<Tensor&>();
  if (is_number(other)) {
    on_number(t, to_number(other));
  } else {
    on_tensor(t, as_tensor(other));
  }
  return self;
}

std::optional<ScalarType> optional_dtype(py::handle obj) {
  if (obj.is_none()) return std::nullopt;
  return to_scalar_type(obj);
}

std::optional<Device> optional_device(py::handle obj) {
  if (obj.is_none()) return std::nullopt;
  return to_device(obj);
}

TensorList tensor_list(const PlaneList& items) {
  TensorList out;
  for (const auto item : items) out.push_back(as_tensor(item));
  return out;
}

// hmp counts an as_strided offset in elements; None keeps the view's own offset.
Tensor& restride(Tensor& t, const SizeArray& shape, const SizeArray& strides,
                 const OptionalInt& offset, const OptionalInt& byte_offset) {
  FK_CHECK_ARG(offset.is_none() || byte_offset.is_none(),
               "as_strided: give offset (in elements) or byte_offset, not both");
  if (!offset.is_none()) {
    return t.as_strided_(shape, strides,
                         to_int64(offset, "offset") * static_cast<int64_t>(t.itemsize()));
  }
  if (!byte_offset.is_none()) return t.as_strided_(shape, strides, to_int64(byte_offset, "byte_offset"));
  return t.as_strided_(shape, strides);
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
      .def_property_readonly("device_type", [](const Tensor& t) { return t.device().type(); })
      .def_property_readonly("ndim", &Tensor::dim)
      .def_property_readonly("itemsize", &Tensor::itemsize)
      .def_property_readonly("nbytes", &Tensor::nbytes)
      .def_property_readonly("byte_offset", &Tensor::byte_offset)
      .def_property_readonly("dim", &Tensor::dim, "The number of dimensions (as ndim).")
      .def(
          "size", [](const Tensor& t, int64_t d) { return t.size(d); }, "dim"_a)
      .def(
          "stride", [](const Tensor& t, int64_t d) { return t.stride(d); }, "dim"_a)
      .def("numel", &Tensor::numel)
      .def_property_readonly("is_contiguous", &Tensor::is_contiguous)
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
      .def(
          "slice",
          [](const Tensor& t, int64_t d, int64_t start, const OptionalInt& end, int64_t step) {
            const int64_t stop = end.is_none() ? t.size(d) : to_int64(end, "end");
            return t.slice(d, start, stop, step);
          },
          "dim"_a, "start"_a, "end"_a = py::none(), "step"_a = 1)
      .def("select", &Tensor::select, "dim"_a, "index"_a)
      .def("transpose", &Tensor::transpose, "dim0"_a, "dim1"_a)
      .def(
          "unsqueeze", [](const Tensor& t, int64_t d) { return t.unsqueeze(d); }, "dim"_a = 0)
      .def(
          "unsqueeze_",
          [](const Obj<Tensor>& self, int64_t d) {
            self.cast<Tensor&>().unsqueeze_(d);
            return self;
          },
          "dim"_a = 0, "In place: this tensor object takes the new shape.")
      .def(
          "squeeze",
          [](const Tensor& t, const OptionalInt& d) {
            return d.is_none() ? t.squeeze() : t.squeeze(to_int64(d, "dim"));
          },
          "dim"_a = py::none(), "Drops dimension dim (of size 1), or every size-1 dimension.")
      .def(
          "squeeze_",
          [](const Obj<Tensor>& self, const OptionalInt& d) {
            auto& t = self.cast<Tensor&>();
            if (d.is_none()) {
              t.squeeze_();
            } else {
              t.squeeze_(to_int64(d, "dim"));
            }
            return self;
          },
          "dim"_a = py::none(), "In place: this tensor object takes the new shape.")
      .def("flatten", &Tensor::flatten, "reshape(-1): a view when the strides allow it.")
      .def("alias", &Tensor::alias, "A new view of the same memory and shape.")
      .def(
          "as_strided",
          [](const Tensor& t, const SizeArray& shape, const SizeArray& strides,
             const OptionalInt& offset, const OptionalInt& byte_offset) {
            Tensor v = t;
            return restride(v, shape, strides, offset, byte_offset);
          },
          "shape"_a, "strides"_a, "offset"_a = py::none(), py::kw_only(),
          "byte_offset"_a = py::none(),
          "A view with the given shape and strides (elements) over the same memory. The "
          "start is `offset` elements (or `byte_offset` bytes) into the storage; by default "
          "this view's own start.")
      .def(
          "as_strided_",
          [](const Obj<Tensor>& self, const SizeArray& shape, const SizeArray& strides,
             const OptionalInt& offset, const OptionalInt& byte_offset) {
            restride(self.cast<Tensor&>(), shape, strides, offset, byte_offset);
            return self;
          },
          "shape"_a, "strides"_a, "offset"_a = py::none(), py::kw_only(),
          "byte_offset"_a = py::none(), "as_strided, in place: this tensor object changes.")
      .def(
          "tofile", [](const Tensor& t, const std::string& path) { t.tofile(path); }, "fn"_a,
          "Writes the elements in C order, raw (as numpy.ndarray.tofile).")
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

  auto tensor = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  // Arithmetic (hmp's rules, see Tensor::add in tensor.h): numbers are cast to the
  // tensor's dtype; two tensors broadcast and promote as NumPy does.
#define FK_BIND_ARITH(name, op)                                                          \
  tensor                                                                                 \
      .def(                                                                              \
          "__" op "__",                                                                  \
          [](const Tensor& t, const TensorOperand& o) {                                  \
            return binary_op(                                                            \
                t, o, [](const Tensor& a, const Tensor& b) { return a.name(b); },        \
                [](const Tensor& a, Number b) { return a.name(b); });                   \
          },                                                                             \
          "other"_a)                                                                     \
      .def(                                                                              \
          "__i" op "__",                                                                 \
          [](const Obj<Tensor>& self, const TensorOperand& o) {                          \
            return inplace_op(                                                           \
                self, o, [](Tensor& a, const Tensor& b) { a.name##_(b); },              \
                [](Tensor& a, Number b) { a.name##_(b); });                             \
          },                                                                             \
          "other"_a)                                                                     \
      .def(                                                                              \
          #name,                                                                         \
          [](const Tensor& t, const TensorOperand& o) {                                  \
            return is_number(o) ? t.name(to_number(o)) : t.name(as_tensor(o));           \
          },                                                                             \
          "other"_a)                                                                     \
      .def(                                                                              \
          #name "_",                                                                     \
          [](const Obj<Tensor>& self, const TensorOperand& o) {                          \
            auto& t = self.cast<Tensor&>();                                              \
            if (is_number(o)) {                                                          \
              t.name##_(to_number(o));                                                   \
            } else {                                                                     \
              t.name##_(as_tensor(o));                                                   \
            }                                                                            \
            return self;                                                                 \
          },                                                                             \
          "other"_a)
  FK_BIND_ARITH(add, "add");
  FK_BIND_ARITH(sub, "sub");
  FK_BIND_ARITH(mul, "mul");
  FK_BIND_ARITH(div, "truediv");
#undef FK_BIND_ARITH
  // Reversed forms: number op tensor (a tensor on the left takes its own __op__).
  tensor
      .def(
          "__radd__",
          [](const Tensor& t, const TensorOperand& o) {
            return binary_op(
                t, o, [](const Tensor& a, const Tensor& b) { return b.add(a); },
                [](const Tensor& a, Number b) { return a.add(b); });
          },
          "other"_a)
      .def(
          "__rmul__",
          [](const Tensor& t, const TensorOperand& o) {
            return binary_op(
                t, o, [](const Tensor& a, const Tensor& b) { return b.mul(a); },
                [](const Tensor& a, Number b) { return a.mul(b); });
          },
          "other"_a)
      .def(
          "__rsub__",
          [](const Tensor& t, const TensorOperand& o) {
            return binary_op(
                t, o, [](const Tensor& a, const Tensor& b) { return b.sub(a); },
                [](const Tensor& a, Number b) { return a.rsub(b); });
          },
          "other"_a)
      .def(
          "__rtruediv__",
          [](const Tensor& t, const TensorOperand& o) {
            return binary_op(
                t, o, [](const Tensor& a, const Tensor& b) { return b.div(a); },
                [](const Tensor& a, Number b) { return a.rdiv(b); });
          },
          "other"_a);
#define FK_BIND_UNARY(name)                                                    \
  tensor.def(#name, [](const Tensor& t) { return t.name(); })                  \
      .def(#name "_", [](const Obj<Tensor>& self) {                            \
        self.cast<Tensor&>().name##_();                                        \
        return self;                                                           \
      })
  FK_BIND_UNARY(round);
  FK_BIND_UNARY(ceil);
  FK_BIND_UNARY(floor);
  FK_BIND_UNARY(abs);
#undef FK_BIND_UNARY
  tensor.def("__abs__", [](const Tensor& t) { return t.abs(); })
      .def(
          "clip",
          [](const Tensor& t, const TensorOperand& lo, const TensorOperand& hi) {
            return t.clip(to_number(lo), to_number(hi));
          },
          "min"_a, "max"_a, "Values limited to [min, max]; raises if min > max.")
      .def(
          "clip_",
          [](const Obj<Tensor>& self, const TensorOperand& lo, const TensorOperand& hi) {
            self.cast<Tensor&>().clip_(to_number(lo), to_number(hi));
            return self;
          },
          "min"_a, "max"_a);

  m.def(
      "ones",
      [](const SizeArray& shape, const DTypeLike& dtype, const DeviceLike& device) {
        return Tensor::ones(shape, to_scalar_type(dtype), to_device(device));
      },
      "shape"_a, "dtype"_a = kUInt8, "device"_a = "cpu");
  m.def(
      "empty_like",
      [](const Tensor& like, const OptionalDTypeLike& dtype, const OptionalDeviceLike& device) {
        return empty_like(like, optional_dtype(dtype), optional_device(device));
      },
      "tensor"_a, "dtype"_a = py::none(), "device"_a = py::none(),
      "A new tensor of like's shape; dtype and device default to like's.");
  m.def(
      "zeros_like",
      [](const Tensor& like, const OptionalDTypeLike& dtype, const OptionalDeviceLike& device) {
        return zeros_like(like, optional_dtype(dtype), optional_device(device));
      },
      "tensor"_a, "dtype"_a = py::none(), "device"_a = py::none());
  m.def(
      "ones_like",
      [](const Tensor& like, const OptionalDTypeLike& dtype, const OptionalDeviceLike& device) {
        return ones_like(like, optional_dtype(dtype), optional_device(device));
      },
      "tensor"_a, "dtype"_a = py::none(), "device"_a = py::none());
  m.def(
      "arange",
      [](int64_t start, const OptionalInt& end, int64_t step, const DTypeLike& dtype,
         const DeviceLike& device) {
        const int64_t lo = end.is_none() ? 0 : start;
        const int64_t hi = end.is_none() ? start : to_int64(end, "end");
        return arange(lo, hi, step, to_scalar_type(dtype), to_device(device));
      },
      "start"_a, "end"_a = py::none(), "step"_a = 1, "dtype"_a = kInt64, "device"_a = "cpu",
      "arange(end) or arange(start, end, step): int64 by default. Raises unless start < end "
      "and step > 0.");
  m.def(
      "fromfile",
      [](const std::string& path, const DTypeLike& dtype, int64_t count, int64_t offset) {
        return fromfile(path, to_scalar_type(dtype), count, offset);
      },
      "fn"_a, "dtype"_a, "count"_a = -1, "offset"_a = 0,
      "A 1-d tensor of `count` items (-1: all) read after skipping `offset` items.");
  m.def(
      "tofile", [](const Tensor& t, const std::string& path) { t.tofile(path); }, "data"_a,
      "fn"_a);
  m.def(
      "to_numpy",
      [](const py::object& t) -> py::object {
        if (py::isinstance<Tensor>(t)) return tensor_to_numpy(t.cast<const Tensor&>(), t);
        py::list out;
        for (const auto item : t) {
          out.append(tensor_to_numpy(item.cast<const Tensor&>(), item));
        }
        return out;
      },
      "tensors"_a, "numpy() of a Tensor, or a list of numpy() of a list of Tensors.");
#define FK_BIND_JOIN(name, doc)                                                             \
  m.def(                                                                                     \
      #name,                                                                                 \
      [](const PlaneList& tensors, int64_t axis) { return name(tensor_list(tensors), axis); }, \
      "tensors"_a, "axis"_a = 0, doc);                                                       \
  m.def(                                                                                     \
      #name,                                                                                 \
      [](const Obj<Tensor>& out, const PlaneList& tensors, int64_t axis) {                   \
        name(out.cast<Tensor&>(), tensor_list(tensors), axis);                              \
        return out;                                                                          \
      },                                                                                     \
      "out"_a, "tensors"_a, "axis"_a = 0)
  FK_BIND_JOIN(concat, "Joins tensors along an existing axis (a copy).");
  FK_BIND_JOIN(stack, "Joins equal-shaped tensors along a new axis (a copy).");
#undef FK_BIND_JOIN
#define FK_BIND_JOIN2(name, doc)                                                           \
  m.def(                                                                                    \
      #name, [](const PlaneList& tensors) { return name(tensor_list(tensors)); },           \
      "tensors"_a, doc);                                                                    \
  m.def(                                                                                    \
      #name,                                                                                \
      [](const Obj<Tensor>& out, const PlaneList& tensors) {                                \
        name(out.cast<Tensor&>(), tensor_list(tensors));                                   \
        return out;                                                                         \
      },                                                                                    \
      "out"_a, "tensors"_a)
  FK_BIND_JOIN2(vstack, "Joins along the first axis (1-d tensors as rows), as numpy.vstack.");
  FK_BIND_JOIN2(hstack, "Joins along the second axis (1-d: the first), as numpy.hstack.");
#undef FK_BIND_JOIN2
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
