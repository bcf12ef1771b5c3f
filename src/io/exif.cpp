// The EXIF orientation: found in IFD0 of the TIFF structure (either byte order), and
// applied with geometry's exact rotations and mirrors.
#include "framekit/core/error.h"
#include "framekit/geometry/geometry.h"
#include "io/io_internal.h"

namespace framekit::io::detail {

std::optional<ExifOrientation> find_exif_orientation(std::span<const uint8_t> exif) noexcept {
  if (exif.size() < 8) return std::nullopt;
  const bool big = exif[0] == 'M' && exif[1] == 'M';
  if (!big && !(exif[0] == 'I' && exif[1] == 'I')) return std::nullopt;
  auto u16 = [&](size_t at) -> uint32_t {
    return big ? uint32_t{exif[at]} << 8 | exif[at + 1] : uint32_t{exif[at + 1]} << 8 | exif[at];
  };
  auto u32 = [&](size_t at) -> uint64_t {
    return big ? uint64_t{u16(at)} << 16 | u16(at + 2) : uint64_t{u16(at + 2)} << 16 | u16(at);
  };
  if (u16(2) != 42) return std::nullopt;
  const uint64_t ifd = u32(4);
  if (ifd + 2 > exif.size()) return std::nullopt;
  const uint32_t entries = u16(ifd);
  for (uint32_t i = 0; i < entries; ++i) {
    const uint64_t e = ifd + 2 + uint64_t{i} * 12;
    if (e + 12 > exif.size()) return std::nullopt;
    // Tag 0x0112, type SHORT, one value: the value sits in the entry's first two bytes.
    if (u16(e) != 0x0112) continue;
    if (u16(e + 2) != 3 || u32(e + 4) != 1) return std::nullopt;
    const int value = static_cast<int>(u16(e + 8));
    if (value < 1 || value > 8) return std::nullopt;
    return ExifOrientation{value, static_cast<size_t>(e + 8), big};
  }
  return std::nullopt;
}

namespace {

// A quarter turn of 4:4:0 is 4:2:2 (the half-height chroma becomes half-width): each
// plane is turned on its own into a yuv422p frame, a rotation that geometry's
// same-format rotate cannot express.
Frame rotate_440_to_422(const Frame& frame, RotationMode mode) {
  const ImageView src = frame.view();
  Frame out(src.height, src.width, src.info.with_format(PF_YUV422P));
  const ImageView dst = out.view();
  for (int p = 0; p < 3; ++p) {
    ImageView s, d;
    s.info = d.info = PixelInfo(PF_GRAY8);
    s.width = src.plane_width(p);
    s.height = src.plane_height(p);
    d.width = dst.plane_width(p);
    d.height = dst.plane_height(p);
    s.planes[0] = src.planes[p];
    d.planes[0] = dst.planes[p];
    rotate(s, d, mode);
  }
  return out;
}

Frame turn(const Frame& frame, RotationMode mode) {
  return frame.pix_info().format() == PF_YUV440P ? rotate_440_to_422(frame, mode)
                                                 : rotate(frame, mode);
}

}  // namespace

Frame apply_orientation(const Frame& frame, int orientation) {
  // EXIF says how the stored rows are turned: 2 mirrored, 3 upside down, 4 flipped,
  // 5 transposed, 6 needs 90 degrees clockwise, 7 transversed, 8 needs 270.
  switch (orientation) {
    case 1:
      return frame;
    case 2:
      return mirror(frame, MirrorAxis::kHorizontal);
    case 3:
      return rotate(frame, RotationMode::k180);
    case 4:
      return mirror(frame, MirrorAxis::kVertical);
    case 5:
      return mirror(turn(frame, RotationMode::k90), MirrorAxis::kHorizontal);
    case 6:
      return turn(frame, RotationMode::k90);
    case 7:
      return mirror(turn(frame, RotationMode::k270), MirrorAxis::kHorizontal);
    case 8:
      return turn(frame, RotationMode::k270);
    default:
      FK_THROW(ErrorCode::kInvalidArgument, "EXIF orientation ", orientation,
               " is invalid (expected 1 to 8)");
  }
}

}  // namespace framekit::io::detail
