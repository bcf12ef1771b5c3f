// convert() with random source formats, sizes, color models and strides, and random
// targets (size, format, space, range, Tensor or VideoFrame). Each source plane is its
// own allocation of exactly the bytes its stride implies (stride * (rows - 1) + one
// row), so a kernel that reads past a plane, even into the last row's padding that
// is not there, is an ASan report. Every outcome is a frame of the asked size and
// format, or a framekit::Error.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "framekit/convert/convert.h"
#include "framekit/core/error.h"
#include "framekit/core/parallel.h"
#include "fuzz_input.h"

namespace {

using namespace framekit;

constexpr ColorSpace kSpaces[] = {CS_UNSPECIFIED, CS_BT709,      CS_BT470BG,   CS_SMPTE170M,
                                  CS_SMPTE240M,   CS_BT2020_NCL, CS_BT2020_CL, CS_RGB,
                                  CS_YCGCO,       CS_FCC,        CS_ICTCP,     CS_RESERVED};
constexpr ColorRange kRanges[] = {CR_UNSPECIFIED, CR_MPEG, CR_JPEG};

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "convert fuzz: %s\n", what);
  std::abort();
}

PixelFormat any_format(fuzz::FuzzInput& in) {
  return static_cast<PixelFormat>(in.below(kPixelFormatCount));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Two threads: row bands run in parallel (the engine's real path), on a 2-core CI.
  framekit::set_num_threads(2);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzInput in(data, size);
  const PixelFormat src_format = any_format(in);
  const PixelInfo src_info(src_format, in.pick(kSpaces), in.pick(kRanges));
  const int width = 1 + static_cast<int>(in.below(72));
  const int height = 1 + static_cast<int>(in.below(72));
  const PixelFormatDesc& d = pixel_format_desc(src_format);

  // Source planes: exact allocations, strides with padding of whole samples or, now
  // and then, of any byte count.
  ImageView view;
  view.info = src_info;
  view.width = width;
  view.height = height;
  std::vector<std::unique_ptr<uint8_t[]>> planes;
  size_t fill = 0;
  for (int p = 0; p < d.num_planes; ++p) {
    const size_t row = d.plane_row_bytes(p, width);
    const int rows = d.plane_height(p, height);
    const size_t pad =
        in.below(6) == 0 ? in.below(70) : in.below(40) * d.sample_size() * d.planes[p].channels;
    const size_t stride = row + pad;
    const size_t bytes = stride * static_cast<size_t>(rows - 1) + row;
    planes.emplace_back(new uint8_t[bytes]);
    for (size_t i = 0; i < bytes; ++i) planes.back()[i] = in.fill_byte(fill++);
    view.planes[static_cast<size_t>(p)] =
        PlaneView{planes.back().get(), static_cast<ptrdiff_t>(stride)};
  }

  MediaDesc src_desc;
  if (in.below(4) == 0) src_desc.color_space(in.pick(kSpaces));
  if (in.below(4) == 0) src_desc.color_range(in.pick(kRanges));

  MediaDesc dst;
  const int dst_w = 1 + static_cast<int>(in.below(96));
  const int dst_h = 1 + static_cast<int>(in.below(96));
  switch (in.below(4)) {
    case 0:
      break;  // keep the size
    case 1:
      dst.width(dst_w);
      break;
    case 2:
      dst.height(dst_h);
      break;
    default:
      dst.width(dst_w).height(dst_h);
  }
  if (in.below(8) != 0) dst.pixel_format(any_format(in));
  if (in.below(3) == 0) dst.color_space(in.pick(kSpaces));
  if (in.below(3) == 0) dst.color_range(in.pick(kRanges));
  const bool tensor = in.below(5) == 0;
  if (tensor) dst.media_type(MediaType::kTensor);

  try {
    Frame frame = Frame::wrap(view);
    const VideoFrame out = convert(VideoFrame(frame), src_desc, dst);
    if (!out.defined()) fail("convert returned an undefined frame");
    if (!tensor) {
      const auto [want_w, want_h] = target_size(width, height, dst);
      if (out.width() != want_w || out.height() != want_h)
        fail("output size differs from target_size");
      if (dst.pixel_format.has_value() && out.frame().format() != dst.pixel_format())
        fail("output format differs from the one asked for");
    }
  } catch (const Error&) {
    // Unsupported combinations and invalid descriptions are refused: fine.
  }
  return 0;
}
