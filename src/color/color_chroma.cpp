#include "color/color_chroma.h"

#include <algorithm>

namespace framekit::color_detail {

ChromaRows::ChromaRows(const ImageView& v, ChromaUpsample up, const ColorKernels& k)
    : v_(v), d_(v.desc()), up_(up), k_(k) {
  const bool bilinear = up == ChromaUpsample::kBilinear;
  const bool half = d_.log2_chroma_w == 1;
  // Packed 4:2:2 planes count pixels (rounded up to pairs); chroma has one per pair.
  cw_ = d_.packed422 ? v.plane_width(0) / 2 : v.plane_width(1);
  ch_ = d_.packed422 ? v.height : v.plane_height(1);
  if (d_.dtype == ScalarType::kUInt16) {
    is16_ = true;
    semi_swap_ = d_.planes[1].channels == 2 && d_.planes[1].components == "VU";
    mode_ = half && bilinear ? ChromaMode::kFiltered
            : half           ? ChromaMode::kWordsHalf
                             : ChromaMode::kWordsFull;
    p16_.sshift = d_.msb_aligned ? 16 - d_.bit_depth : 0;
    p16_.max = static_cast<uint16_t>((1 << d_.bit_depth) - 1);
    const bool words = mode_ != ChromaMode::kFiltered;
    p16_.lshift = (words ? 14 : 12) - d_.bit_depth;
    p16_.xor_mask = words ? 0x8000 : 0;
  } else if (d_.packed422) {
    ytmp_.resize(2 * cw_);
    utmp_.resize(cw_);
    vtmp_.resize(cw_);
    const auto c = d_.planes[0].components;
    int yi = 0;
    for (int i = 0; i < 4; ++i) {
      if (c[i] == 'Y') ypos_[yi++] = i;
      if (c[i] == 'U') upos_ = i;
      if (c[i] == 'V') vpos_ = i;
    }
    mode_ = bilinear ? ChromaMode::kFiltered : ChromaMode::kRawHalf;
  } else if (d_.planes[1].channels == 2) {
    semi_swap_ = d_.planes[1].components == "VU";
    if (!half)
      mode_ = ChromaMode::kWordsFull;
    else if (bilinear)
      mode_ = ChromaMode::kFiltered;
    else {
      mode_ = ChromaMode::kRawHalfPairs;
      swapped_ = semi_swap_;
    }
  } else {
    // Full-width chroma of half height (4:4:0) still blends rows when bilinear.
    const bool blend_rows = bilinear && d_.log2_chroma_h == 1;
    mode_ = !half      ? (blend_rows ? ChromaMode::kWordsFull : ChromaMode::kRawFull)
            : bilinear ? ChromaMode::kFiltered
                       : ChromaMode::kRawHalf;
  }
  if (mode_ == ChromaMode::kFiltered || mode_ == ChromaMode::kWordsFull ||
      mode_ == ChromaMode::kWordsHalf) {
    // One spare entry each side for the horizontal filter's edge copies.
    ubuf_.assign(cw_ + 2, 0);
    vbuf_.assign(cw_ + 2, 0);
  }
}

const uint8_t* ChromaRows::prepare(int y, ChromaRow* c) {
  const uint8_t* luma = v_.planes[0].row(y);
  const uint8_t* u_near = nullptr;
  const uint8_t* u_far = nullptr;
  const uint8_t* v_near = nullptr;
  const uint8_t* v_far = nullptr;
  if (d_.packed422) {
    const uint8_t* s = v_.planes[0].row(y);
    for (int j = 0; j < cw_; ++j) {
      ytmp_[2 * j] = s[4 * j + ypos_[0]];
      ytmp_[2 * j + 1] = s[4 * j + ypos_[1]];
      utmp_[j] = s[4 * j + upos_];
      vtmp_[j] = s[4 * j + vpos_];
    }
    luma = ytmp_.data();
    u_near = u_far = utmp_.data();
    v_near = v_far = vtmp_.data();
  } else {
    int near = y, far = y;
    if (d_.log2_chroma_h == 1) {
      near = y >> 1;
      far = up_ == ChromaUpsample::kBilinear ? std::clamp((y & 1) ? near + 1 : near - 1, 0, ch_ - 1)
                                             : near;
    }
    u_near = v_.planes[1].row(near);
    u_far = v_.planes[1].row(far);
    if (d_.planes[1].channels == 1) {
      v_near = v_.planes[2].row(near);
      v_far = v_.planes[2].row(far);
    }
  }
  *c = ChromaRow{};
  switch (mode_) {
    case ChromaMode::kRawHalf:
    case ChromaMode::kRawFull:
      c->raw_u = u_near;
      c->raw_v = v_near;
      return luma;
    case ChromaMode::kRawHalfPairs:
      c->raw_u = u_near;
      return luma;
    case ChromaMode::kFiltered:
    case ChromaMode::kWordsFull:
    case ChromaMode::kWordsHalf: {
      const ChromaPrep prep =
          mode_ == ChromaMode::kFiltered ? ChromaPrep::kFiltered : ChromaPrep::kWords;
      uint16_t* ub = ubuf_.data() + 1;
      uint16_t* vb = vbuf_.data() + 1;
      if (is16_ && v_near == nullptr) {
        k_.chroma_vertical16_pairs(u_near, u_far, cw_, p16_, semi_swap_ ? vb : ub,
                                   semi_swap_ ? ub : vb);
      } else if (is16_) {
        k_.chroma_vertical16(u_near, u_far, cw_, p16_, ub);
        k_.chroma_vertical16(v_near, v_far, cw_, p16_, vb);
      } else if (v_near == nullptr) {  // interleaved pairs
        k_.chroma_vertical_pairs(u_near, u_far, cw_, prep, semi_swap_ ? vb : ub,
                                 semi_swap_ ? ub : vb);
      } else {
        k_.chroma_vertical(u_near, u_far, cw_, prep, ub);
        k_.chroma_vertical(v_near, v_far, cw_, prep, vb);
      }
      ubuf_[0] = ubuf_[1];
      vbuf_[0] = vbuf_[1];
      ubuf_[cw_ + 1] = ubuf_[cw_];
      vbuf_[cw_ + 1] = vbuf_[cw_];
      c->u = ub;
      c->v = vb;
      return luma;
    }
  }
  return luma;
}

}  // namespace framekit::color_detail
