// Per-row chroma input of the fused YUV kernels: picks the cheapest ChromaMode
// for a source layout and upsampling mode, and runs the vertical filter when needed.
#pragma once

#include <cstdint>
#include <vector>

#include "color/color_kernels.h"
#include "framekit/color/color.h"

namespace framekit::color_detail {

class ChromaRows {
 public:
  // v: an 8-bit YUV image (planar, semi-planar or packed 4:2:2), or a 10/12-bit one
  // (planar or semi-planar; chroma then comes as filtered rows or words).
  ChromaRows(const ImageView& v, ChromaUpsample up, const ColorKernels& k);

  ChromaMode mode() const { return mode_; }
  // True when the row delivers (V, U) in the (u, v) slots: swap the coefficients.
  bool swapped() const { return swapped_; }
  // Fills `c` for luma row y and returns the luma row to use.
  const uint8_t* prepare(int y, ChromaRow* c);

 private:
  ImageView v_;
  const PixelFormatDesc& d_;
  ChromaUpsample up_;
  const ColorKernels& k_;
  ChromaMode mode_ = ChromaMode::kFiltered;
  bool swapped_ = false;
  bool semi_swap_ = false;  // semi-planar VU order
  bool is16_ = false;       // 10/12-bit samples in uint16
  Chroma16 p16_;
  int cw_ = 0, ch_ = 0;
  int ypos_[2] = {0, 2}, upos_ = 1, vpos_ = 3;
  std::vector<uint16_t> ubuf_, vbuf_;
  std::vector<uint8_t> ytmp_, utmp_, vtmp_;
};

}  // namespace framekit::color_detail
