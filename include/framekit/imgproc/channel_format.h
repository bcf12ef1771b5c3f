// Layout of image tensors handed to and from ML frameworks.
#pragma once

namespace framekit {
enum ChannelFormat { kNCHW = 0, kNHWC = 1 };
}  // namespace framekit
