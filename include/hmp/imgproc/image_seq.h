// hmp/imgproc/image_seq.h (framekit's BMF compatibility): FrameSeq and concat are
// framekit's (framekit/frame/frame_seq.h).
#pragma once

#include <hmp/imgproc/image.h>

#include "framekit/frame/frame_seq.h"

namespace hmp {

using framekit::FrameSeq;

// concat({f1, f2}) with hmp::Frame elements (the braced list converts to framekit's
// frame vector) and with FrameSeq elements.
inline FrameSeq concat(const std::vector<framekit::Frame>& frames) { return framekit::concat(frames); }
inline FrameSeq concat(const std::vector<FrameSeq>& seqs) { return framekit::concat(seqs); }

}  // namespace hmp
