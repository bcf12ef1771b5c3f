// hmp/tensor.h (framekit's BMF compatibility): hmp's Tensor is framekit::Tensor, with
// the element types, Scalar and devices of the hmp headers it includes.
#pragma once

#include <hmp/core/device.h>
#include <hmp/core/macros.h>
#include <hmp/core/ref_ptr.h>
#include <hmp/core/scalar.h>

#include "framekit/core/tensor.h"
#include "framekit/frame/frame.h"

namespace hmp {

using framekit::SizeArray;
using framekit::Tensor;
using framekit::TensorList;

}  // namespace hmp
