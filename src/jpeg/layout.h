// How an input image maps onto JPEG components: sampling factors, block grids, where
// each component's samples come from and which color handling applies.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "framekit/jpeg/params.h"
#include "framekit/pixel/image_view.h"
#include "jpeg/kernels.h"

namespace framekit::jpeg::detail {

enum class ColorMode {
  kDirect,     // samples are coded as they are (full-range BT.601, gray, or raw)
  kFoldRange,  // limited-range BT.601: range expansion folded into the quantiser
  kConvert,    // RGB, or YUV in another matrix: converted per MCU row into scratch planes
};

struct ComponentLayout {
  int h = 1, v = 1;              // sampling factors
  int plane_w = 0, plane_h = 0;  // samples of this component
  int width_in_blocks = 0, height_in_blocks = 0;
  int quant = 0;  // quantisation table index in DQT/SOF
  int table = 0;  // Huffman table pair: 0 luma, 1 chroma
  // Where samples are in the source (kDirect / kFoldRange): sample (x, y) is
  // base[y * stride + x * step_bytes].
  const uint8_t* base = nullptr;
  ptrdiff_t stride = 0;
  int step_bytes = 1;
  int pair_offset = 0;  // for step_bytes == 2: 0 = low byte of each pair, 1 = high byte
};

struct Layout {
  int width = 0, height = 0;
  int ncomp = 0;
  std::array<ComponentLayout, 3> comp{};
  int hmax = 1, vmax = 1;
  int mcu_w = 8, mcu_h = 8;  // MCU size in pixels
  int mcus_x = 0, mcus_y = 0;
  int blocks_per_mcu = 0;
  ColorMode mode = ColorMode::kDirect;
  Subsampling subsampling = Subsampling::k420;

  int64_t total_mcus() const { return int64_t{mcus_x} * mcus_y; }
};

// The geometry of a width x height JPEG with this subsampling (no sources).
Layout make_geometry(int width, int height, Subsampling s);
// The subsampling a format is coded with for the `requested` one (EncodeParams::
// subsampling). Throws Error(kUnsupported) for formats the encoder does not take and
// Error(kInvalidArgument), naming the format, for a subsampling it cannot be coded at.
Subsampling coded_subsampling(PixelFormat format, std::optional<Subsampling> requested);
// "4:2:0", "gray", ... for messages.
const char* subsampling_name(Subsampling s);
// Throws Error(kInvalidArgument) unless s is one of the enum's values.
void validate_subsampling(Subsampling s);
// Validates the view and builds the full layout for it. Throws Error naming the
// problem (zero size, null plane, short stride, unsupported format or color space).
Layout make_layout(const ImageView& src, const EncodeParams& params);

}  // namespace framekit::jpeg::detail
