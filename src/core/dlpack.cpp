#include "framekit/core/dlpack.h"

#include <memory>
#include <vector>

namespace framekit {
namespace {

// What an exported DLManagedTensor owns: a Tensor view (keeps the buffer alive) and
// the shape/stride arrays the DLTensor points into.
struct ExportContext {
  Tensor tensor;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  DLManagedTensor managed{};
};

void delete_export(DLManagedTensor* self) {
  delete static_cast<ExportContext*>(self->manager_ctx);
}

}  // namespace

DLDataType to_dl_dtype(ScalarType t) {
  DLDataType d{};
  d.lanes = 1;
  d.bits = static_cast<uint8_t>(scalar_size(t) * 8);
  switch (t) {
    case ScalarType::kUInt8:
    case ScalarType::kUInt16: d.code = kDLUInt; break;
    case ScalarType::kInt8:
    case ScalarType::kInt16:
    case ScalarType::kInt32:
    case ScalarType::kInt64: d.code = kDLInt; break;
    case ScalarType::kFloat16:
    case ScalarType::kFloat32:
    case ScalarType::kFloat64: d.code = kDLFloat; break;
  }
  return d;
}

ScalarType from_dl_dtype(DLDataType t) {
  FK_CHECK(t.lanes == 1, ErrorCode::kTypeMismatch, "DLPack dtype with ", t.lanes,
           " lanes is not supported (expected 1)");
  if (t.code == kDLUInt && t.bits == 8) return ScalarType::kUInt8;
  if (t.code == kDLUInt && t.bits == 16) return ScalarType::kUInt16;
  if (t.code == kDLInt && t.bits == 8) return ScalarType::kInt8;
  if (t.code == kDLInt && t.bits == 16) return ScalarType::kInt16;
  if (t.code == kDLInt && t.bits == 32) return ScalarType::kInt32;
  if (t.code == kDLInt && t.bits == 64) return ScalarType::kInt64;
  if (t.code == kDLFloat && t.bits == 16) return ScalarType::kFloat16;
  if (t.code == kDLFloat && t.bits == 32) return ScalarType::kFloat32;
  if (t.code == kDLFloat && t.bits == 64) return ScalarType::kFloat64;
  FK_THROW(ErrorCode::kTypeMismatch, "DLPack dtype (code ", static_cast<int>(t.code), ", ",
           static_cast<int>(t.bits), " bits) is not supported (expected uint8/16, int8/16/32/64, "
           "float16/32/64)");
}

DLManagedTensor* to_dlpack(const Tensor& tensor) {
  FK_CHECK_ARG(tensor.defined(), "to_dlpack: tensor is undefined");
  auto ctx = std::make_unique<ExportContext>();
  ctx->tensor = tensor;
  ctx->shape = tensor.shape();
  ctx->strides = tensor.strides();
  DLTensor& dl = ctx->managed.dl_tensor;
  dl.data = tensor.unsafe_data();
  dl.byte_offset = 0;
  const Device& dev = tensor.device();
  dl.device.device_type = dev.is_cpu() ? kDLCPU : kDLCUDA;
  dl.device.device_id = dev.index();
  dl.ndim = static_cast<int32_t>(tensor.dim());
  dl.dtype = to_dl_dtype(tensor.dtype());
  dl.shape = ctx->shape.data();
  dl.strides = ctx->strides.data();
  ctx->managed.deleter = delete_export;
  ctx->managed.manager_ctx = ctx.get();
  return &ctx.release()->managed;
}

Tensor from_dlpack(DLManagedTensor* managed) {
  FK_CHECK_ARG(managed != nullptr, "from_dlpack: null DLManagedTensor");
  // From here on the producer's deleter must run exactly once: either when the
  // Tensor's buffer dies, or right away if the import fails.
  auto release = [managed] {
    if (managed->deleter) managed->deleter(managed);
  };
  const DLTensor& dl = managed->dl_tensor;
  Device device;
  ScalarType dtype;
  SizeArray shape;
  SizeArray strides;
  try {
    if (dl.device.device_type == kDLCPU || dl.device.device_type == kDLCUDAHost) {
      device = Device();
    } else if (dl.device.device_type == kDLCUDA) {
      device = Device(Device::kCUDA, dl.device.device_id);
    } else {
      FK_THROW(ErrorCode::kUnsupported, "DLPack device type ",
               static_cast<int>(dl.device.device_type), " is not supported (cpu or cuda)");
    }
    dtype = from_dl_dtype(dl.dtype);
    FK_CHECK_ARG(dl.ndim >= 0, "DLPack tensor has ndim ", dl.ndim);
    shape.assign(dl.shape, dl.shape + dl.ndim);
    if (dl.strides) strides.assign(dl.strides, dl.strides + dl.ndim);
  } catch (...) {
    release();
    throw;
  }
  void* data = static_cast<uint8_t*>(dl.data) + dl.byte_offset;
  return Tensor::from_blob(data, shape, strides, dtype, device, release);
}

}  // namespace framekit
