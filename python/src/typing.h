// Python type names for binding arguments that accept several kinds of object, and for
// results that are plain Python objects. pybind11 writes a py::object subclass into the
// signature (and so into the stubs stubgen makes from it) as
// handle_type_name<T>::name; a bare py::handle / py::object would read "handle" /
// "object". Each wrapper below accepts any object, exactly as the py::handle it
// replaces did, so dispatch and the converters' error messages stay the same: only the
// name changes. Names are dotted Python expressions that stubgen understands (no "|" or
// "..."): it imports their modules and strips this module's own prefix.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

namespace framekit::py_bind {

namespace typing_detail {
inline bool any_object(PyObject* /*obj*/) {
  return true;
}
}  // namespace typing_detail

#define FK_TYPED_OBJECT(Name)                                                    \
  struct Name : ::pybind11::object {                                             \
    PYBIND11_OBJECT_DEFAULT(Name, ::pybind11::object, typing_detail::any_object) \
  }

// The Python object of a bound C++ class T, e.g. `self` returned for chaining.
template <typename T>
struct Obj : ::pybind11::object {
  PYBIND11_OBJECT_DEFAULT(Obj, ::pybind11::object, typing_detail::any_object)
};

// Arguments (what the to_* converters in common.h accept).
FK_TYPED_OBJECT(DeviceLike);       // to_device
FK_TYPED_OBJECT(DTypeLike);        // to_scalar_type
FK_TYPED_OBJECT(PixelInfoLike);    // to_pixel_info
FK_TYPED_OBJECT(PixelFormatLike);  // to_pixel_format
FK_TYPED_OBJECT(ColorSpaceLike);   // to_color_space
FK_TYPED_OBJECT(ColorRangeLike);   // to_color_range
FK_TYPED_OBJECT(IntLike);          // to_int64 / to_int_in (anything with __index__)
FK_TYPED_OBJECT(TensorLike);       // as_tensor
FK_TYPED_OBJECT(PlanesLike);       // one tensor-like or a list/tuple of them
FK_TYPED_OBJECT(PlaneList);        // a list/tuple of tensor-likes
FK_TYPED_OBJECT(ArrayList);        // a numpy array or a list/tuple of them
FK_TYPED_OBJECT(TensorIndex);      // Tensor.__getitem__ keys
FK_TYPED_OBJECT(DeviceOrDType);  // Tensor.to
FK_TYPED_OBJECT(MediaTypeArg);   // checked by to_media_type, with its own message
FK_TYPED_OBJECT(TensorValue);   // Tensor.__setitem__ values
FK_TYPED_OBJECT(MetadataLike);  // a mapping of str to str
FK_TYPED_OBJECT(RationalLike);  // a (num, den) pair
FK_TYPED_OBJECT(OptionalInt);   // an int or None (also a result)
FK_TYPED_OBJECT(OptionalStr);   // a str or None (also a result)
FK_TYPED_OBJECT(OptionalType);  // a type or None
FK_TYPED_OBJECT(OptionalTensorLike);
FK_TYPED_OBJECT(DLPackStream);    // __dlpack__(stream=)
FK_TYPED_OBJECT(DLPackVersion);   // __dlpack__(max_version=)
FK_TYPED_OBJECT(DLPackDevice);    // __dlpack__(dl_device=)
FK_TYPED_OBJECT(OptionalBool);    // __dlpack__(copy=)
FK_TYPED_OBJECT(NumpyDTypeArg);   // __array__(dtype=)
FK_TYPED_OBJECT(TorchTensorArg);  // from_torch

// Results.
FK_TYPED_OBJECT(TorchTensor);
FK_TYPED_OBJECT(PyTensorList);   // framekit._tensor_list.TensorList
FK_TYPED_OBJECT(TensorOrList);   // from_numpy
FK_TYPED_OBJECT(PrivateTensor);  // VideoFrame.private_get
FK_TYPED_OBJECT(Fraction);       // VideoFrame.time_base
FK_TYPED_OBJECT(StrArg);         // checked by the binding itself, with its own message
FK_TYPED_OBJECT(StrIterator);
FK_TYPED_OBJECT(StrKeys);
FK_TYPED_OBJECT(StrValues);
FK_TYPED_OBJECT(StrItems);
FK_TYPED_OBJECT(DLPackCapsule);
FK_TYPED_OBJECT(OptionalDTypeLike);   // None or to_scalar_type
FK_TYPED_OBJECT(OptionalDeviceLike);  // None or to_device
FK_TYPED_OBJECT(TensorOperand);       // a number or a tensor-like (Tensor arithmetic)

#undef FK_TYPED_OBJECT

}  // namespace framekit::py_bind

namespace pybind11::detail {

#define FK_TYPE_NAME(Name, text)                     \
  template <>                                        \
  struct handle_type_name<framekit::py_bind::Name> { \
    static constexpr auto name = const_name(text);   \
  }

// "framekit._framekit." is stripped by stubgen (names of this module); the other
// modules (typing, numpy, torch, types) are imported by the stub.
#define FK_TENSOR_LIKE "framekit._framekit.Tensor, numpy.ndarray, torch.Tensor"

FK_TYPE_NAME(DeviceLike,
             "typing.Union[framekit._framekit.Device, str, framekit._framekit.DeviceType]");
FK_TYPE_NAME(DTypeLike,
             "typing.Union[framekit._framekit.ScalarType, str, numpy.dtype, "
             "typing.Type[numpy.generic], torch.dtype]");
FK_TYPE_NAME(PixelInfoLike,
             "typing.Union[framekit._framekit.PixelInfo, framekit._framekit.PixelFormat, str]");
FK_TYPE_NAME(PixelFormatLike, "typing.Union[framekit._framekit.PixelFormat, str]");
FK_TYPE_NAME(ColorSpaceLike, "typing.Union[framekit._framekit.ColorSpace, str]");
FK_TYPE_NAME(ColorRangeLike, "typing.Union[framekit._framekit.ColorRange, str]");
FK_TYPE_NAME(IntLike, "typing.SupportsIndex");
FK_TYPE_NAME(TensorLike, "typing.Union[" FK_TENSOR_LIKE "]");
FK_TYPE_NAME(PlanesLike,
             "typing.Union[" FK_TENSOR_LIKE ", typing.Sequence[typing.Union[" FK_TENSOR_LIKE "]]]");
FK_TYPE_NAME(PlaneList, "typing.Sequence[typing.Union[" FK_TENSOR_LIKE "]]");
FK_TYPE_NAME(ArrayList, "typing.Union[numpy.ndarray, typing.Sequence[numpy.ndarray]]");
// A tuple of those (stubgen cannot read "Tuple[X, ...]", so any tuple).
FK_TYPE_NAME(TensorIndex, "typing.Union[typing.SupportsIndex, slice, types.EllipsisType, tuple]");
FK_TYPE_NAME(MediaTypeArg, "framekit._framekit.MediaType");
FK_TYPE_NAME(
    DeviceOrDType,
    "typing.Union[framekit._framekit.Device, framekit._framekit.DeviceType, str, "
    "framekit._framekit.ScalarType, numpy.dtype, typing.Type[numpy.generic], torch.dtype]");
FK_TYPE_NAME(OptionalDTypeLike, "typing.Optional[typing.Union[framekit._framekit.ScalarType, str, "
                                "numpy.dtype, type]]");
FK_TYPE_NAME(OptionalDeviceLike,
             "typing.Optional[typing.Union[framekit._framekit.Device, "
             "framekit._framekit.DeviceType, str]]");
FK_TYPE_NAME(TensorOperand, "typing.Union[int, float, " FK_TENSOR_LIKE "]");
FK_TYPE_NAME(TensorValue, "typing.Union[float, " FK_TENSOR_LIKE "]");
FK_TYPE_NAME(MetadataLike, "typing.Mapping[str, str]");
FK_TYPE_NAME(RationalLike, "typing.Union[fractions.Fraction, typing.Tuple[int, int]]");
FK_TYPE_NAME(OptionalInt, "typing.Optional[int]");
FK_TYPE_NAME(OptionalStr, "typing.Optional[str]");
FK_TYPE_NAME(OptionalType, "typing.Optional[type]");
FK_TYPE_NAME(OptionalTensorLike, "typing.Optional[typing.Union[" FK_TENSOR_LIKE "]]");
FK_TYPE_NAME(DLPackStream, "typing.Optional[int]");
FK_TYPE_NAME(DLPackVersion, "typing.Optional[typing.Tuple[int, int]]");
FK_TYPE_NAME(DLPackDevice, "typing.Optional[typing.Tuple[int, int]]");
FK_TYPE_NAME(OptionalBool, "typing.Optional[bool]");
FK_TYPE_NAME(NumpyDTypeArg, "typing.Optional[numpy.dtype]");
FK_TYPE_NAME(TorchTensorArg, "torch.Tensor");
FK_TYPE_NAME(TorchTensor, "torch.Tensor");
FK_TYPE_NAME(PyTensorList, "framekit._tensor_list.TensorList");
FK_TYPE_NAME(TensorOrList,
             "typing.Union[framekit._framekit.Tensor, framekit._tensor_list.TensorList]");
FK_TYPE_NAME(PrivateTensor, "typing.Optional[typing.Union[" FK_TENSOR_LIKE "]]");
FK_TYPE_NAME(Fraction, "fractions.Fraction");
FK_TYPE_NAME(StrArg, "str");
FK_TYPE_NAME(StrIterator, "typing.Iterator[str]");
FK_TYPE_NAME(StrKeys, "typing.KeysView[str]");
FK_TYPE_NAME(StrValues, "typing.ValuesView[str]");
FK_TYPE_NAME(StrItems, "typing.ItemsView[str, str]");
// A PyCapsule: Python 3.11's typeshed has no name for its type.
FK_TYPE_NAME(DLPackCapsule, "typing.Any");

#undef FK_TENSOR_LIKE
#undef FK_TYPE_NAME

// numpy.h names py::dtype "dtype", which is not a name in the stub's scope.
template <>
struct handle_type_name<dtype> {
  static constexpr auto name = const_name("numpy.dtype");
};

template <typename T>
struct handle_type_name<framekit::py_bind::Obj<T>> {
  static constexpr auto name = make_caster<T>::name;
};

}  // namespace pybind11::detail
