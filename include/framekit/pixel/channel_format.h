// Layout of image tensors handed to and from ML frameworks. Unscoped so the seed's
// spelling `mp.kNHWC` / `kNHWC` works.
#pragma once

namespace framekit {
enum ChannelFormat : int { kNCHW = 0, kNHWC = 1 };
}  // namespace framekit
