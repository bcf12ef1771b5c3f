// DLPack import/export. Exported tensors keep framekit's buffer alive until the
// consumer calls the DLManagedTensor deleter; imported tensors call the producer's
// deleter exactly once, when the last framekit view is gone.
#pragma once

#include <dlpack/dlpack.h>

#include "framekit/core/tensor.h"

namespace framekit {

// The caller (consumer) owns the result and must call result->deleter(result).
DLManagedTensor* to_dlpack(const Tensor& tensor);
// Takes ownership of `managed` (its deleter runs once, even if this throws).
// Honours byte_offset and strides (null strides = contiguous). Throws Error for
// unsupported dtypes/devices, naming them.
Tensor from_dlpack(DLManagedTensor* managed);

DLDataType to_dl_dtype(ScalarType t);
ScalarType from_dl_dtype(DLDataType t);  // throws for unsupported codes/bits/lanes

}  // namespace framekit
