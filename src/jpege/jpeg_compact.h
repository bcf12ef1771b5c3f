// compact_jpeg_tables: rewrites a baseline JPEG header so that identical quantisation
// and Huffman tables are stored once (components point at the shared table) and all
// tables of a kind sit in one DQT and one DHT segment. The entropy-coded data is not
// touched, so the decoded pixels are the same.
#pragma once

#include <cstddef>
#include <cstdint>

namespace framekit::jpege::detail {

// Rewrites data[0, len) in place and returns the new length (<= len). A stream it does
// not understand (not SOI-first, a table after the scan starts …) is left as is.
size_t compact_jpeg_tables(uint8_t* data, size_t len);

}  // namespace framekit::jpege::detail
