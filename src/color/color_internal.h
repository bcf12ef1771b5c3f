// Internal pieces of the color converter shared by its source files: the color
// model of each side of a conversion, the affine map between them, and the general
// row engine's reader/writer interfaces.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

#include "framekit/color/color.h"
#include "framekit/pixel/image_view.h"

namespace framekit::color_detail {

// How one side of a conversion stores color: family, matrix, and per-channel
// normalisation (normalised = raw * scale + offset, raw being the significant sample
// value, e.g. a P010 sample shifted down by 6).
struct ColorModel {
  ColorFamily family = ColorFamily::kRGB;
  ColorSpace space = CS_RGB;  // the YUV matrix (YUV/gray) — unused for RGB
  std::array<double, 3> scale{1, 1, 1};
  std::array<double, 3> offset{0, 0, 0};
  double max_code = 255;  // largest raw value (1 for floats)
  bool is_float = false;
  bool has_alpha = false;
};

// The model of a resolved PixelInfo (space/range already filled in).
ColorModel color_model(const PixelInfo& resolved);
// The model of a float or integer RGB tensor holding `range` (full: raw = v).
ColorModel tensor_model(ColorRange range, bool gray);

// dst_raw[k] = sum_j m[k][j] * src_raw[j] + m[k][3]. For gray sources only column 0
// is non-zero; for gray destinations only row 0 is meaningful.
struct Affine {
  double m[3][4] = {};
};
Affine conversion_affine(const ColorModel& src, const ColorModel& dst);

// Throws Error(kUnsupported) unless `cs` is a matrix the converter implements.
void check_supported_space(ColorSpace cs, const char* side);

// ---------------------------------------------------------------------------------
// The general engine: any reader → affine → any writer, row by row in float.

// Reads one side of a conversion as float rows of raw sample values.
class RowReader {
 public:
  virtual ~RowReader() = default;
  virtual int width() const = 0;
  virtual int height() const = 0;
  // Chroma subsampling (YUV) — 0 for non-YUV.
  virtual int ssx() const { return 0; }
  virtual int ssy() const { return 0; }
  // Full-resolution main channels of row y: Y (YUV, gray) or R, G, B; c1/c2 unused for
  // YUV and gray. `a` receives alpha if has_alpha().
  virtual void read_main(int y, float* c0, float* c1, float* c2, float* a) const = 0;
  // Chroma row r on the native chroma grid (YUV only): ceil(width / 2^ssx) samples.
  virtual void read_chroma(int r, float* u, float* v) const {}
};

class RowWriter {
 public:
  virtual ~RowWriter() = default;
  virtual int ssx() const { return 0; }
  virtual int ssy() const { return 0; }
  // Row y of the main channels (Y or R, G, B; alpha if the format has it), as raw
  // values before rounding.
  virtual void write_main(int y, const float* c0, const float* c1, const float* c2,
                          const float* a) = 0;
  // Chroma row r on the native chroma grid (YUV only).
  virtual void write_chroma(int r, const float* u, const float* v) {}
};

// Their row kernels are the general family's table the SIMD switch selects.
std::unique_ptr<RowReader> make_image_reader(const ImageView& v);
std::unique_ptr<RowWriter> make_image_writer(const ImageView& v,
                                             Rounding rounding = Rounding::kNearest);

struct GeneralPlan {
  const RowReader* reader = nullptr;
  RowWriter* writer = nullptr;
  ColorModel src;
  ColorModel dst;
  ChromaUpsample upsample = ChromaUpsample::kBilinear;
  int width = 0;
  int height = 0;
};
// Runs the general engine over all rows (row bands in parallel).
void run_general(const GeneralPlan& plan);

// One tensor element as float (float16 decoded) / stored from float (integers round
// to nearest, or truncate, and saturate).
float load_tensor_value(ScalarType dtype, const uint8_t* p);
void store_tensor_value(ScalarType dtype, uint8_t* p, float v,
                        Rounding rounding = Rounding::kNearest);

// Rows per parallel band so a band holds about `pixels` pixels; even so 4:2:0
// chroma rows never straddle two bands.
int64_t band_rows(int width, int height, int64_t pixels = 1 << 16);

// Copies rows [r0, r1) of `row_bytes` bytes: one block copy when both planes are
// gap-free there (stride == row_bytes), which is faster than row-by-row copies.
inline void copy_rows(const PlaneView& src, const PlaneView& dst, size_t row_bytes, int r0,
                      int r1) {
  const auto rb = static_cast<ptrdiff_t>(row_bytes);
  if (src.stride == rb && dst.stride == rb) {
    std::memcpy(dst.row(r0), src.row(r0), row_bytes * static_cast<size_t>(r1 - r0));
    return;
  }
  for (int y = r0; y < r1; ++y) std::memcpy(dst.row(y), src.row(y), row_bytes);
}

}  // namespace framekit::color_detail
