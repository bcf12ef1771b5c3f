// The rules that say which color space and range an output is labelled with, and
// which matrix each side of a conversion works in. reformat(), convert() and the CLI
// all ask here, so the rules live in one place.
#pragma once

#include <cstdint>

#include "framekit/pixel/pixel_info.h"

namespace framekit {

// The matrix one side of a conversion works in: its own when it names one (an RGB
// format always uses its own label); a YUV or gray side that names none takes the
// other side's explicit YUV matrix (NV12 bt709 → I420 stays bt709; an RGB frame
// tagged bt709, as in the seed, converts to unspecified YUV with the BT.709 matrix);
// otherwise the default of PixelInfo::infer_space().
ColorSpace conversion_space(const PixelInfo& side, const PixelInfo& other);

enum class OutputLabelMode : uint8_t {
  // reformat(): the request as given, and the matrix the conversion took over from the
  // source written down when the request names none (and it is not the format's
  // default anyway), so the output still says what it holds when read on its own.
  kAsRequested,
  // convert(): what the request leaves unset is the source's: primaries and transfer
  // always; matrix and range within one color family, so a YUV → YUV repack touches
  // neither (a YUVJ target keeps its own full range).
  kKeepSource,
};

struct OutputLabelRules {
  OutputLabelMode mode = OutputLabelMode::kAsRequested;
  // The output cannot store its range (raw planes): an unset range becomes the
  // format's usual one, which is what every reader of the file will assume.
  bool range_not_stored = false;
};

// The label of an output converted from `src` when the caller asked for `requested`
// (a format, and whatever space, range, primaries and transfer it names).
PixelInfo resolve_output_label(const PixelInfo& src, const PixelInfo& requested,
                               const OutputLabelRules& rules = {});

}  // namespace framekit
