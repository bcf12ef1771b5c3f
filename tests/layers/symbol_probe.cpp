// Compiled as frame's own sources are, but never part of libframekit: it calls color's
// reformat (declared by hand, since frame cannot include color's headers), which is the
// kind of upward reference layers.objects_check_catches_a_violation must see.
#include "framekit/frame/frame.h"

namespace framekit {

Frame reformat(const Frame& src, const PixelInfo& info);

Frame layer_symbol_probe(const Frame& f) { return reformat(f, PixelInfo(PF_RGB24)); }

}  // namespace framekit
