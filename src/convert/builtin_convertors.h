// Convertors that ship inside libframekit, and helpers the adapters' importers share.
#pragma once

#include <memory>

#include "framekit/convert/convertor.h"

namespace framekit::detail {

std::shared_ptr<const Convertor> make_video_frame_convertor();
std::shared_ptr<const Convertor> make_tensor_convertor();

}  // namespace framekit::detail
