// The DLPack protocol (Tensor.__dlpack__ / __dlpack_device__, mp.from_dlpack) and the
// PyTorch helpers built on it. Capsules follow the protocol: named "dltensor" while
// unconsumed, renamed "used_dltensor" by the consumer, which then owns the tensor; the
// capsule's destructor frees only unconsumed tensors, so every deleter runs once.
#include <dlpack/dlpack.h>

#include <memory>

#include "common.h"
#include "framekit/core/dlpack.h"
#include "framekit/core/error.h"

namespace framekit::py_bind {

using namespace pybind11::literals;

namespace {

constexpr const char* kCapsuleName = "dltensor";
constexpr const char* kUsedCapsuleName = "used_dltensor";

void capsule_destructor(PyObject* capsule) {
  if (!PyCapsule_IsValid(capsule, kCapsuleName)) return;  // consumed (or not ours)
  // A destructor may run while an exception is being raised: keep it intact.
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  auto* managed = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule, kCapsuleName));
  if (managed != nullptr && managed->deleter != nullptr) managed->deleter(managed);
  PyErr_Restore(type, value, traceback);
}

py::object make_capsule(const Tensor& t) {
  DLManagedTensor* managed = to_dlpack(t);
  PyObject* capsule = PyCapsule_New(managed, kCapsuleName, &capsule_destructor);
  if (capsule == nullptr) {
    managed->deleter(managed);
    throw py::error_already_set();
  }
  return py::reinterpret_steal<py::object>(capsule);
}

// Producers' deleters may touch Python objects (NumPy's drops a reference to the
// array), but framekit may drop its last view on a thread without the GIL. This
// wrapper takes the GIL around the producer's deleter.
struct GilGuardedTensor {
  DLManagedTensor outer{};
  DLManagedTensor* inner = nullptr;
};

void gil_guarded_deleter(DLManagedTensor* self) {
  std::unique_ptr<GilGuardedTensor> owner(static_cast<GilGuardedTensor*>(self->manager_ctx));
  DLManagedTensor* inner = owner->inner;
  if (inner == nullptr || inner->deleter == nullptr) return;
  if (!Py_IsInitialized()) return;  // interpreter gone: leak rather than crash
  py::gil_scoped_acquire gil;
  inner->deleter(inner);
}

std::string type_name(py::handle obj) {
  return py::str(py::type::of(obj).attr("__name__"));
}

py::tuple dlpack_device(const Tensor& t) {
  FK_CHECK_ARG(t.defined(), "__dlpack_device__: the tensor is undefined");
  const Device& d = t.device();
  const int type = d.is_cpu() ? kDLCPU : kDLCUDA;
  return py::make_tuple(type, d.index());
}

py::object dlpack_export(const Tensor& t, py::handle stream, py::handle dl_device,
                         py::handle copy) {
  FK_CHECK_ARG(t.defined(), "__dlpack__: the tensor is undefined");
  if (t.device().is_cpu()) {
    // The array API asks CPU consumers for stream=None; -1 ("no sync") is harmless too.
    FK_CHECK_ARG(stream.is_none() || (py::isinstance<py::int_>(stream) && stream.cast<int>() == -1),
                 "__dlpack__: stream must be None for a cpu tensor, got ",
                 std::string(py::repr(stream)));
  }
  if (!dl_device.is_none()) {
    const auto want = dl_device.cast<std::pair<int, int>>();
    const auto have = dlpack_device(t).cast<std::pair<int, int>>();
    FK_CHECK(want == have, ErrorCode::kUnsupported, "__dlpack__: export to DLPack device (",
             want.first, ", ", want.second, ") is not supported; the tensor is on ",
             t.device().str());
  }
  if (!copy.is_none() && copy.cast<bool>()) return make_capsule(t.clone());
  return make_capsule(t);
}

}  // namespace

Tensor tensor_from_dlpack(py::handle obj) {
  py::object capsule;
  if (PyCapsule_CheckExact(obj.ptr())) {
    capsule = py::reinterpret_borrow<py::object>(obj);
  } else if (py::hasattr(obj, "__dlpack__")) {
    capsule = obj.attr("__dlpack__")();  // no stream: only CPU producers exist here
    FK_CHECK(PyCapsule_CheckExact(capsule.ptr()), ErrorCode::kTypeMismatch, type_name(obj),
             ".__dlpack__() returned a ", type_name(capsule), ", not a PyCapsule");
  } else {
    FK_THROW(ErrorCode::kTypeMismatch,
             "from_dlpack: expected an object with __dlpack__ or a "
             "DLPack capsule, got ",
             type_name(obj));
  }
  FK_CHECK_ARG(!PyCapsule_IsValid(capsule.ptr(), kUsedCapsuleName),
               "from_dlpack: the DLPack capsule was already consumed (a capsule can be "
               "imported once)");
  const char* name = PyCapsule_GetName(capsule.ptr());
  FK_CHECK(PyCapsule_IsValid(capsule.ptr(), kCapsuleName), ErrorCode::kTypeMismatch,
           "from_dlpack: capsule named '", name ? name : "(null)",
           "' is not a DLPack tensor "
           "(expected 'dltensor')");
  auto* inner = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule.ptr(), kCapsuleName));
  FK_CHECK_ARG(inner != nullptr, "from_dlpack: the DLPack capsule holds a null tensor");

  auto guarded = std::make_unique<GilGuardedTensor>();
  guarded->outer.dl_tensor = inner->dl_tensor;
  guarded->outer.deleter = &gil_guarded_deleter;
  guarded->inner = inner;
  guarded->outer.manager_ctx = guarded.get();
  // From here framekit::from_dlpack owns the tensor (its deleter runs once even if the
  // import throws), so the capsule must stop owning it first.
  if (PyCapsule_SetName(capsule.ptr(), kUsedCapsuleName) != 0) throw py::error_already_set();
  DLManagedTensor* managed = &guarded.release()->outer;
  return from_dlpack(managed);
}

void bind_dlpack(py::module_& m) {
  auto tensor = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  tensor
      .def(
          "__dlpack__",
          [](const Tensor& t, const DLPackStream& stream, const DLPackVersion& max_version,
             const DLPackDevice& dl_device, const OptionalBool& copy) {
            // max_version: newer consumers ask for versioned capsules; the protocol lets
            // a producer that only has the unversioned "dltensor" capsule return that.
            (void)max_version;
            return DLPackCapsule(dlpack_export(t, stream, dl_device, copy));
          },
          "stream"_a = py::none(), py::kw_only(), "max_version"_a = py::none(),
          "dl_device"_a = py::none(), "copy"_a = py::none(),
          "Exports a DLPack capsule (zero-copy unless copy=True); the consumer keeps the "
          "storage alive.")
      .def("__dlpack_device__",
           [](const Tensor& t) { return dlpack_device(t).cast<std::pair<int, int>>(); })
      .def(
          "torch",
          [](const py::object& self) {
            return TorchTensor(py::module_::import("torch").attr("from_dlpack")(self));
          },
          "Zero-copy torch.Tensor over this tensor (torch.from_dlpack).");

  m.def(
      "from_dlpack", [](const TensorLike& obj) { return tensor_from_dlpack(obj); }, "obj"_a,
      "Zero-copy Tensor from an object with __dlpack__ (numpy, torch …) or a DLPack "
      "capsule. The producer's deleter runs once, when the last framekit view is gone.");
  m.def(
      "to_dlpack", [](const Tensor& t) { return DLPackCapsule(make_capsule(t)); }, "tensor"_a,
      "A DLPack capsule over the tensor (prefer passing the Tensor itself to the consumer).");
  m.def(
      "from_torch",
      [](const TorchTensorArg& t) {
        // Tensors that require grad refuse __dlpack__; the data is the same after detach().
        py::object src = t;
        if (py::hasattr(src, "requires_grad") && src.attr("requires_grad").cast<bool>())
          src = src.attr("detach")();
        return tensor_from_dlpack(src);
      },
      "tensor"_a, "Zero-copy framekit Tensor over a torch.Tensor (via DLPack).");
}

}  // namespace framekit::py_bind
