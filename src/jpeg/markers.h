// JPEG marker segments: everything before the entropy-coded data, and the restart and
// end markers. Layout follows libjpeg's (SOI, APP0 JFIF, APP1 EXIF, APP2 ICC, APPn,
// COM, DQT, SOF0, DHT, DRI, SOS, with the markers a libjpeg caller writes in this order) so files differ from its only where parameters differ.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "framekit/jpeg/params.h"
#include "jpeg/layout.h"

namespace framekit::jpeg::detail {

struct HeaderTables {
  std::array<const std::array<uint16_t, 64>*, 3> quant{};  // by table index
  int num_quant = 0;
  std::array<const HuffmanTable*, 4> huffman{};  // dc0, ac0, dc1, ac1
};

// Appends SOI .. SOS to out (SOI .. SOF2 for progressive: the scans write the rest).
void write_headers(std::vector<uint8_t>& out, const Layout& l, const EncodeParams& p,
                   const HeaderTables& t, int restart_interval);

// Throws Error naming the segment if an APPn, COM, EXIF or ICC segment or the JFIF
// density cannot be written.
void validate_segments(const EncodeParams& p);

// Bytes of the EXIF and ICC segments, markers included (0 without them).
size_t metadata_segments_size(const EncodeParams& p);

}  // namespace framekit::jpeg::detail
