// Layout of image tensors handed to and from ML frameworks: the one enum for it, used
// by color's and geometry's tensor functions and by frame <-> tensor (convert/tensor.h,
// the OpenCV and libtorch adapters). kNHWC / kNCHW name a single image's (H, W, C) /
// (C, H, W) too, as in BMF. Unscoped so the seed's spelling `mp.kNHWC` / `kNHWC` works.
#pragma once

namespace framekit {
enum ChannelFormat : int { kNCHW = 0, kNHWC = 1 };
}  // namespace framekit
