// Parameters of the baseline JPEG encoder: quality or quantisation tables, Huffman
// tables, restart interval, extra segments. Field names follow the hardware JPEGE
// encoders the seed describes (qfactor → quality, y_qt/cb_qt/cr_qt → quant).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace framekit::jpeg {

// Chroma subsampling of the JPEG. YUV input keeps its own; this picks it for RGB input.
enum class Subsampling { k444, k422, k420, kGray };

// Quantisation tables in natural (row-major) order, each entry 1..255 (baseline).
// When cb == cr only two tables are written (as libjpeg does).
struct QuantTables {
  std::array<uint16_t, 64> y{};
  std::array<uint16_t, 64> cb{};
  std::array<uint16_t, 64> cr{};
};

// A Huffman table as DHT stores it: bits[i] = number of codes of length i + 1, then
// the symbols in code order.
struct HuffmanTable {
  std::array<uint8_t, 16> bits{};
  std::vector<uint8_t> values;
};

struct HuffmanTables {
  HuffmanTable dc_luma, ac_luma, dc_chroma, ac_chroma;
};

// An APPn segment copied into the file as is (e.g. EXIF in APP1). At most 65533 bytes.
struct AppSegment {
  int n = 1;  // APPn, 0..15
  std::vector<uint8_t> data;
};

struct EncodeParams {
  // 1..100, the IJG scaling of the Annex K tables, entries clamped to 1..255.
  int quality = 75;
  // Overrides quality.
  std::optional<QuantTables> quant;
  // MCUs per restart segment (DRI/RSTn); 0 = no restart markers.
  int restart_interval = 0;
  // Two passes: gather symbol statistics, then code with optimal tables.
  bool optimize_huffman = false;
  // Custom tables (validated); default: the Annex K.3 tables. Ignored with optimize_huffman.
  std::optional<HuffmanTables> huffman;
  // Chroma subsampling for RGB input; kGray makes a one-component JPEG of the luma.
  Subsampling rgb_subsampling = Subsampling::k420;
  // Encode the samples as they are: no range expansion, no matrix change (what a
  // hardware encoder does with YUV input).
  bool raw = false;
  // A COM segment when non-empty (at most 65533 bytes).
  std::string comment;
  // Written after the JFIF APP0 segment in this order. An APP0 here replaces JFIF's.
  std::vector<AppSegment> app_segments;
  // Each distinct quantisation table once, all in one DQT segment, and each distinct
  // Huffman table once, all in one DHT segment (components share equal tables): a
  // smaller header, the same picture. Hardware encoders call this "compact JPEG tables".
  bool compact_tables = false;
  // 1: encode on the calling thread. >1: split the image into bands of MCUs and encode
  // them on that many threads of framekit's pool; 0: the pool's size. The output never
  // depends on it: the bands are joined at bit level into the bytes one thread writes
  // (restart markers appear only with a restart_interval).
  int threads = 1;
};

// The Annex K quantisation tables scaled for `quality` (1..100) the IJG way.
QuantTables quality_quant_tables(int quality);
// The Annex K.3 Huffman tables (what libjpeg writes by default).
HuffmanTables standard_huffman_tables();

}  // namespace framekit::jpeg
