// Colour handling for inputs that cannot be coded directly: RGB (→ JFIF YCbCr, BT.601
// full range, then chroma downsampling) and YUV in another matrix (→ BT.601). One MCU
// row at a time into scratch planes, so the block kernels read them like a plane.
#pragma once

#include <cstdint>
#include <vector>

#include "framekit/pixel/image_view.h"
#include "jpeg/layout.h"

namespace framekit::jpeg::detail {

struct ScratchPlanes {
  std::vector<uint8_t> storage;
  uint8_t* plane[3] = {};
  ptrdiff_t stride[3] = {};
  int rows[3] = {};   // valid rows in each plane for the current MCU row
  int width[3] = {};  // valid columns (beyond them the block reader repeats the last)
  std::vector<uint8_t> work;  // full-resolution chroma rows for downsampling
};

// Converts the MCU row `mcu_row` of src into out.plane[c] (row 0 = the MCU row's first
// row of component c), for a layout in ColourMode::kConvert.
void convert_mcu_row(const ImageView& src, const Layout& l, int mcu_row, ScratchPlanes& out);

}  // namespace framekit::jpeg::detail
