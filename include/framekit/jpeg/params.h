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

// Chroma subsampling of the JPEG (sampling factors of Y; Cb and Cr are 1x1):
// 4:4:4 = 1x1, 4:2:2 = 2x1, 4:2:0 = 2x2, 4:4:0 = 1x2, gray = one component.
enum class Subsampling { k444, k422, k420, kGray, k440 };

// The density fields of the JFIF APP0 segment.
struct Density {
  enum class Unit : uint8_t { kAspect = 0, kDpi = 1, kDpcm = 2 };  // kAspect: x:y is the pixel aspect
  Unit unit = Unit::kAspect;
  uint16_t x = 1, y = 1;  // 1..65535
};

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

// The one default quality of framekit's own APIs (C++, Python encode_jpeg / jpege, the
// CLI): libjpeg's and TurboJPEG's. The hardware-compatible APIs (C ABI, pyACL) keep the
// SDK's default qfactor of 100.
inline constexpr int kDefaultQuality = 75;

struct EncodeParams {
  // 1..100, the IJG scaling of the Annex K tables, entries clamped to 1..255. Scales the
  // luma table, and the chroma tables unless chroma_quality is set.
  int quality = kDefaultQuality;
  // 1..100: the quality of the chroma (Cb/Cr) table, as cjpeg's -quality L,C.
  std::optional<int> chroma_quality;
  // Overrides quality and chroma_quality.
  std::optional<QuantTables> quant;
  // MCUs per restart segment (DRI/RSTn); 0 = no restart markers.
  int restart_interval = 0;
  // Two passes: gather symbol statistics, then code with optimal tables.
  bool optimize_huffman = false;
  // Progressive JPEG (SOF2) with libjpeg's jpeg_simple_progression scan script and
  // optimal Huffman tables per scan (as libjpeg always does for progressive): the bytes
  // of TurboJPEG's TJFLAG_PROGRESSIVE.
  bool progressive = false;
  // Custom tables (validated); default: the Annex K.3 tables. Ignored with optimize_huffman.
  std::optional<HuffmanTables> huffman;
  // Chroma subsampling. Unset: 4:2:0 for RGB input, the input's own for YUV, gray for
  // gray. RGB input takes any; YUV input its own or kGray (its luma plane alone); gray
  // input only kGray. Anything else is an Error naming the input format.
  std::optional<Subsampling> subsampling;
  // Encode the samples as they are: no range expansion, no matrix change (what a
  // hardware encoder does with YUV input).
  bool raw = false;
  // A COM segment when non-empty (at most 65533 bytes).
  std::string comment;
  // EXIF metadata: an APP1 segment "Exif\0\0" + these bytes (the TIFF structure, "II*\0"
  // or "MM\0*"; a leading "Exif\0\0" is taken as already there). At most 65527 bytes.
  std::vector<uint8_t> exif;
  // An ICC profile, written as the ICC spec says: APP2 segments "ICC_PROFILE\0", sequence
  // number, count, then up to 65519 bytes of the profile each; at most 255 segments
  // (16,707,345 bytes).
  std::vector<uint8_t> icc_profile;
  // The JFIF APP0 density (default: aspect 1:1, as libjpeg).
  Density density;
  // Written after the JFIF APP0, EXIF and ICC segments, in this order. An APP0 here
  // replaces JFIF's.
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
