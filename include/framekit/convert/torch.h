// libtorch at::Tensor ↔ framekit Frame (library framekit_torch). Including this header
// registers the kATTensor convertor.
//
// Layouts (framekit/convert/tensor.h): packed formats are HWC (H, W, C) tensors —
// RGB24 uint8 (H, W, 3), GRAY8 (H, W, 1) … — and planar RGB is CHW (3, H, W) in R, G,
// B order: GBRP uint8, GBRPF32 float. A CHW view of a packed frame is a permuted
// (non-contiguous) tensor over the same memory.
//
// Memory is shared both ways: a tensor made from a frame is at::from_blob with a
// deleter holding the framekit buffer; a frame made from a tensor holds the
// at::Tensor. Either may outlive the other. Copies happen only where the strides
// cannot describe the other side (a GBRP frame laid out G, B, R as CHW; a transposed
// tensor as HWC); `copied` reports them.
#pragma once

#include <ATen/core/Tensor.h>

#include "framekit/convert/convertor.h"
#include "framekit/convert/tensor.h"
#include "framekit/frame/video_frame.h"

namespace framekit::aten {

// Frame → at::Tensor (CPU). uint8 and float formats; 16-bit formats throw
// Error(kUnsupported): libtorch 1.13 has no uint16 dtype.
at::Tensor to_tensor(const Frame& frame, std::optional<ChannelFormat> layout = std::nullopt,
                     bool* copied = nullptr);

// at::Tensor → Frame. `info` names the format; when it is PF_NONE the format is
// inferred as tensor_to_frame() does (HWC uint8 3 channels → RGB24, CHW uint8 →
// GBRP, float → GBRPF32 …). CPU tensors of uint8 or float32 only.
Frame from_tensor(const at::Tensor& tensor, const PixelInfo& info = PixelInfo(),
                  std::optional<ChannelFormat> layout = std::nullopt, bool* copied = nullptr);

// Registers the kATTensor convertor (idempotent); run when this header is included.
bool register_attensor_convertor();

namespace detail {
inline const bool kATTensorConvertorRegistered = register_attensor_convertor();
}  // namespace detail

}  // namespace framekit::aten
