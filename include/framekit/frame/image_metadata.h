// ImageMetadata: what an image file says about its picture beyond the pixels, kept
// with the frame a reader made: the raw EXIF block, the ICC profile and the EXIF
// orientation. Immutable once made and shared by every copy of the frame (Frame and
// VideoFrame are handles), so carrying it costs one pointer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace framekit {

struct ImageMetadata {
  // The TIFF structure of the EXIF APP1 segment (starting "II*\0" or "MM\0*", without
  // the "Exif\0\0" prefix); empty when the file has none.
  std::vector<uint8_t> exif;
  // The ICC profile (JPEG: reassembled from its APP2 segments in sequence order; PNG:
  // the inflated iCCP chunk); empty when there is none.
  std::vector<uint8_t> icc_profile;
  // EXIF orientation of the pixels as they are in the frame, 1..8 (1: upright). A reader
  // that applied the file's orientation leaves 1 here and in `exif`.
  int orientation = 1;
  // What a reader noticed but let pass (e.g. a truncated JPEG decoded in part).
  std::vector<std::string> warnings;
};

}  // namespace framekit
