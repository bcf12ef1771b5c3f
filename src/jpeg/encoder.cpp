// The encoder's driver: tables from parameters, MCU rows cut into chunks (transform
// all blocks of a chunk, then Huffman-code it while they are in L1), bands of MCUs on
// several threads joined at bit level (band_join.h) or, when the caller asked for
// restart markers, whole restart segments per thread; output into a growing or a fixed
// buffer. The bytes never depend on the thread count.
#include "framekit/jpeg/encoder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <functional>
#include <utility>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/core/parallel.h"
#include "framekit/frame/frame.h"
#include "framekit/pixel/color_matrix.h"
#include "jpeg/band_join.h"
#include "jpeg/kernels.h"
#include "jpeg/layout.h"
#include "jpeg/markers.h"
#include "jpeg/progressive.h"
#include "jpeg/scan.h"
#include "jpeg/sink.h"
#include "jpeg/tables.h"

namespace framekit::jpeg {
namespace {

using detail::ColorMode;
using detail::count_range;
using detail::DerivedHuffman;
using detail::encode_range;
using detail::Job;
using detail::Layout;
using detail::QuantDivisors;
using detail::Sink;
using detail::SymbolCounts;

// Limited range → full range: Y' = (Y - 16) * 255/219, C' - 128 = (C - 128) * 255/224.
constexpr SampleRange kLimitedLuma = luma_range(8, false);
constexpr double kLumaScale = 255.0 / kLimitedLuma.span;
constexpr double kChromaScale = 255.0 / chroma_range(8, false).span;
// The luma offset in DCT units: Y' - 128 = s * (Y - 128 + 128 - 16 - 128 / s), and
// the FDCT's DC is 64x the mean sample.
const int kLumaDcBias =
    static_cast<int>(std::lround(64.0 * ((128.0 - kLimitedLuma.black) - 128.0 / kLumaScale)));

int resolve_threads(int threads) {
  return threads == 0 ? get_num_threads() : threads;
}

// Bands of a marker-free scan for `threads` threads: MCU ranges, on MCU-row boundaries
// when there are enough rows (a band then converts and transforms whole rows).
std::vector<std::pair<int64_t, int64_t>> split_bands(const Layout& l, int threads) {
  const int64_t total = l.total_mcus();
  const int64_t bands = std::min<int64_t>(total, int64_t{threads} * 4);
  std::vector<std::pair<int64_t, int64_t>> parts;
  const bool by_rows = l.mcus_y >= bands;
  const int64_t units = by_rows ? l.mcus_y : total;
  const int64_t unit = by_rows ? l.mcus_x : 1;
  for (int64_t t = 0; t < bands; ++t) {
    parts.emplace_back(units * t / bands * unit, units * (t + 1) / bands * unit);
  }
  return parts;
}

}  // namespace

// ---------------------------------------------------------------- Encoder::Impl
struct Encoder::Impl {
  EncodeParams params;
  QuantTables quant;
  // By component (Y, Cb, Cr): exact ISLOW divisors, and with the limited-range
  // expansion folded in.
  QuantDivisors exact[3];
  QuantDivisors folded[3];
  HuffmanTables huffman;  // custom or standard (optimize_huffman builds its own per image)
  DerivedHuffman derived[2];
  int num_quant = 2;
  bool tables_complete = true;

  explicit Impl(const EncodeParams& p) : params(p) {
    FK_CHECK_ARG(p.restart_interval >= 0 && p.restart_interval <= 65535, "jpeg: restart_interval ",
                 p.restart_interval, " is out of range (0..65535)");
    FK_CHECK_ARG(p.threads >= 0, "jpeg: threads ", p.threads, " is negative (0 = default)");
    if (p.subsampling) detail::validate_subsampling(*p.subsampling);
    FK_CHECK_ARG(!(p.progressive && p.huffman),
                 "jpeg: progressive and custom huffman tables conflict (progressive JPEG codes "
                 "every scan with its own optimal tables, as libjpeg does)");
    detail::validate_segments(p);
    FK_CHECK_ARG(!p.chroma_quality || (*p.chroma_quality >= 1 && *p.chroma_quality <= 100),
                 "jpeg: chroma_quality ", p.chroma_quality.value_or(0),
                 " is out of range (expected 1..100)");
    if (p.quant) {
      detail::validate_quant_tables(*p.quant);
      quant = *p.quant;
    } else {
      quant = quality_quant_tables(p.quality);
      if (p.chroma_quality) {  // cjpeg -quality L,C: Annex K chroma scaled for C
        const QuantTables chroma = quality_quant_tables(*p.chroma_quality);
        quant.cb = chroma.cb;
        quant.cr = chroma.cr;
      }
    }
    num_quant = quant.cb == quant.cr ? 2 : 3;
    const std::array<uint16_t, 64>* tabs[3] = {&quant.y, &quant.cb, &quant.cr};
    for (int c = 0; c < 3; ++c) {
      detail::make_divisors(tabs[c]->data(), 1.0, 0, exact[c]);
      detail::make_divisors(tabs[c]->data(), c == 0 ? kLumaScale : kChromaScale,
                            c == 0 ? kLumaDcBias : 0, folded[c]);
    }
    if (p.huffman && !p.optimize_huffman) {
      detail::validate_huffman_table(p.huffman->dc_luma, false, "dc_luma");
      detail::validate_huffman_table(p.huffman->ac_luma, true, "ac_luma");
      detail::validate_huffman_table(p.huffman->dc_chroma, false, "dc_chroma");
      detail::validate_huffman_table(p.huffman->ac_chroma, true, "ac_chroma");
      huffman = *p.huffman;
    } else {
      huffman = standard_huffman_tables();
    }
    derive(huffman, derived);
    tables_complete = derived[0].dc_complete && derived[0].ac_complete && derived[1].dc_complete &&
                      derived[1].ac_complete;
  }

  static void derive(const HuffmanTables& h, DerivedHuffman (&out)[2]) {
    detail::derive_huffman(h.dc_luma, false, out[0]);
    detail::derive_huffman(h.ac_luma, true, out[0]);
    detail::derive_huffman(h.dc_chroma, false, out[1]);
    detail::derive_huffman(h.ac_chroma, true, out[1]);
  }

  Job make_job(const ImageView& src) const {
    Job job;
    job.src = &src;
    job.layout = detail::make_layout(src, params);
    Layout& l = job.layout;
    if (l.ncomp == 3 && num_quant == 3) l.comp[2].quant = 2;
    const bool fold = l.mode == ColorMode::kFoldRange;
    for (int c = 0; c < l.ncomp; ++c) job.divisors[c] = fold ? &folded[c] : &exact[c];
    job.tables[0] = &derived[0];
    job.tables[1] = &derived[1];
    job.restart_interval = params.restart_interval;
    return job;
  }

  // One task's MCUs each: contiguous runs of whole restart segments when there is a
  // restart interval, otherwise bands joined at bit level (split_bands).
  static std::vector<std::pair<int64_t, int64_t>> split(const Job& job, int threads) {
    const int64_t total = job.layout.total_mcus();
    const int ri = job.restart_interval;
    std::vector<std::pair<int64_t, int64_t>> parts;
    if (threads > 1 && ri == 0 && total > 1) return split_bands(job.layout, threads);
    if (threads <= 1 || ri == 0 || total <= ri) {
      parts.emplace_back(0, total);
      return parts;
    }
    const int64_t segments = (total + ri - 1) / ri;
    const int64_t tasks = std::min<int64_t>(segments, int64_t{threads} * 4);
    for (int64_t t = 0; t < tasks; ++t) {
      const int64_t s0 = segments * t / tasks, s1 = segments * (t + 1) / tasks;
      parts.emplace_back(s0 * ri, std::min(total, s1 * ri));
    }
    return parts;
  }

  void encode_to(const ImageView& src, Sink& sink) const {
    Job job = make_job(src);
    const int threads = resolve_threads(params.threads);
    if (params.progressive) {
      encode_progressive(job, threads, sink);
      return;
    }
    const auto parts = split(job, threads);
    // Marker-free bands start from the DC predictors of the band before them, which each
    // band finds itself (in its first pass) without waiting for that band.
    const bool banded = job.restart_interval == 0 && parts.size() > 1;
    std::vector<std::array<int, 3>> start_pred(parts.size(), std::array<int, 3>{0, 0, 0});
    bool preds_known = !banded;
    auto find_pred = [&](int64_t t) {
      if (preds_known || t == 0) return;
      int pred[3] = {0, 0, 0};
      detail::dc_after_mcu(job, parts[t].first - 1, pred);
      start_pred[t] = {pred[0], pred[1], pred[2]};
    };

    HuffmanTables optimal;
    DerivedHuffman optimal_derived[2];
    if (params.optimize_huffman || !tables_complete) {
      SymbolCounts dc[2] = {}, ac[2] = {};
      std::vector<std::array<SymbolCounts, 4>> counts(parts.size());
      parallel_chunks(
          static_cast<int64_t>(parts.size()),
          [&](int64_t t) {
            SymbolCounts d[2] = {}, a[2] = {};
            find_pred(t);
            int pred[3] = {start_pred[t][0], start_pred[t][1], start_pred[t][2]};
            count_range(job, parts[t].first, parts[t].second, d, a, pred);
            counts[t] = {d[0], d[1], a[0], a[1]};
          },
          threads);
      preds_known = true;
      for (const auto& c : counts) {
        for (int i = 0; i < 257; ++i) {
          dc[0][i] += c[0][i];
          dc[1][i] += c[1][i];
          ac[0][i] += c[2][i];
          ac[1][i] += c[3][i];
        }
      }
      if (params.optimize_huffman) {
        optimal.dc_luma = detail::optimal_huffman_table(dc[0]);
        optimal.ac_luma = detail::optimal_huffman_table(ac[0]);
        optimal.dc_chroma = detail::optimal_huffman_table(dc[1]);
        optimal.ac_chroma = detail::optimal_huffman_table(ac[1]);
        derive(optimal, optimal_derived);
        job.tables[0] = &optimal_derived[0];
        job.tables[1] = &optimal_derived[1];
      } else {
        check_symbols_present(dc, ac);
      }
    }
    const HuffmanTables& used = params.optimize_huffman ? optimal : huffman;

    std::vector<uint8_t> header;
    detail::HeaderTables ht;
    ht.quant = {&quant.y, &quant.cb, &quant.cr};
    ht.num_quant = job.layout.ncomp == 1 ? 1 : num_quant;
    ht.huffman = {&used.dc_luma, &used.ac_luma, &used.dc_chroma, &used.ac_chroma};
    detail::write_headers(header, job.layout, params, ht, job.restart_interval);
    sink.append(header.data(), header.size());

    if (parts.size() == 1) {
      encode_range(job, 0, job.layout.total_mcus(), sink);
    } else if (banded) {
      encode_bands(job, parts, start_pred, find_pred, threads, sink);
    } else {
      encode_segments(job, parts, threads, sink);
    }
    static const uint8_t kEoi[2] = {0xFF, 0xD9};
    sink.append(kEoi, 2);
  }

  // SOI .. SOF2 as for baseline (write_headers stops at the frame header), then the
  // scans with their own tables.
  void encode_progressive(const Job& job, int threads, Sink& sink) const {
    std::vector<uint8_t> header;
    detail::HeaderTables ht;
    ht.quant = {&quant.y, &quant.cb, &quant.cr};
    ht.num_quant = job.layout.ncomp == 1 ? 1 : num_quant;
    ht.huffman = {&huffman.dc_luma, &huffman.ac_luma, &huffman.dc_chroma, &huffman.ac_chroma};
    detail::write_headers(header, job.layout, params, ht, job.restart_interval);
    sink.append(header.data(), header.size());
    detail::encode_progressive_scans(job, params, threads, sink);
    static const uint8_t kEoi[2] = {0xFF, 0xD9};
    sink.append(kEoi, 2);
  }

  // Each part codes into a buffer kept by the calling thread across encodes (no page
  // faults or zero-filling per call); the parts are then copied in parallel.
  static std::vector<std::vector<uint8_t>>& part_buffers(size_t parts, int set) {
    thread_local std::vector<std::vector<uint8_t>> caller_buffers[2];
    std::vector<std::vector<uint8_t>>& buffers = caller_buffers[set];
    if (buffers.size() < parts) buffers.resize(parts);
    return buffers;
  }

  static void copy_parts(const std::vector<const uint8_t*>& data, const std::vector<size_t>& sizes,
                         int threads, size_t extra, Sink& sink, uint8_t*& tail) {
    std::vector<size_t> offsets(data.size() + 1, 0);
    for (size_t t = 0; t < data.size(); ++t) offsets[t + 1] = offsets[t] + sizes[t];
    uint8_t* dst = sink.reserve(offsets.back() + extra);
    parallel_chunks(
        static_cast<int64_t>(data.size()),
        [&](int64_t t) { std::memcpy(dst + offsets[t], data[t], sizes[t]); }, threads);
    tail = dst + offsets.back();
  }

  // Whole restart segments per part: the parts' bytes simply follow each other.
  static void encode_segments(const Job& job, const std::vector<std::pair<int64_t, int64_t>>& parts,
                              int threads, Sink& sink) {
    // A plain reference: inside the tasks the thread_local name would mean the worker's
    // own (empty) instance.
    std::vector<std::vector<uint8_t>>& buffers = part_buffers(parts.size(), 0);
    std::vector<size_t> sizes(parts.size());
    parallel_chunks(
        static_cast<int64_t>(parts.size()),
        [&](int64_t t) {
          Sink part(&buffers[t]);
          encode_range(job, parts[t].first, parts[t].second, part);
          sizes[t] = part.size();
        },
        threads);
    std::vector<const uint8_t*> data(parts.size());
    for (size_t t = 0; t < parts.size(); ++t) data[t] = buffers[t].data();
    uint8_t* end = nullptr;
    copy_parts(data, sizes, threads, 0, sink, end);
    sink.commit(end);
  }

  // Marker-free bands, coded in parallel and joined at bit level (band_join.h).
  static void encode_bands(const Job& job, const std::vector<std::pair<int64_t, int64_t>>& parts,
                           const std::vector<std::array<int, 3>>& start_pred,
                           const std::function<void(int64_t)>& find_pred, int threads,
                           Sink& sink) {
    std::vector<std::vector<uint8_t>>& coded = part_buffers(parts.size(), 0);
    std::vector<std::vector<uint8_t>>& shifted = part_buffers(parts.size(), 1);
    std::vector<detail::CodedBand> bands(parts.size());
    parallel_chunks(
        static_cast<int64_t>(parts.size()),
        [&](int64_t t) {
          Sink part(&coded[t]);
          find_pred(t);
          const int pred[3] = {start_pred[t][0], start_pred[t][1], start_pred[t][2]};
          bands[t].tail = detail::encode_band(job, parts[t].first, parts[t].second, pred, part);
          bands[t].bytes = coded[t].data();
          bands[t].size = part.size();
        },
        threads);
    const std::vector<detail::BitCarry> carries = detail::band_carries(bands);
    std::vector<const uint8_t*> data(parts.size());
    std::vector<size_t> sizes(parts.size());
    parallel_chunks(
        static_cast<int64_t>(parts.size()),
        [&](int64_t t) {
          const detail::CodedBand& b = bands[t];
          if (carries[t].count == 0) {
            // On a byte boundary: the band's whole bytes stand as they are; its leftover
            // bits travel in the next carry.
            data[t] = b.bytes;
            sizes[t] = b.size;
            return;
          }
          std::vector<uint8_t>& out = shifted[t];
          if (out.size() < detail::shifted_band_bound(b.size)) {
            out.resize(detail::shifted_band_bound(b.size));
          }
          data[t] = out.data();
          sizes[t] = static_cast<size_t>(detail::shift_band(b, carries[t], out.data()) - out.data());
        },
        threads);
    uint8_t* end = nullptr;
    copy_parts(data, sizes, threads, 2, sink, end);
    end += detail::pad_final_bits(carries.back(), end);
    sink.commit(end);
  }

  void check_symbols_present(const SymbolCounts (&dc)[2], const SymbolCounts (&ac)[2]) const {
    const char* names[2][2] = {{"dc_luma", "ac_luma"}, {"dc_chroma", "ac_chroma"}};
    for (int t = 0; t < 2; ++t) {
      for (int s = 0; s < 16; ++s) {
        FK_CHECK_ARG(dc[t][s] == 0 || derived[t].dc[s].len != 0, "jpeg: Huffman table ",
                     names[t][0], " has no code for DC size category ", s,
                     ", which this image needs");
      }
      for (int s = 0; s < 256; ++s) {
        FK_CHECK_ARG(ac[t][s] == 0 || derived[t].ac[s].len != 0, "jpeg: Huffman table ",
                     names[t][1], " has no code for AC symbol 0x", std::hex, s,
                     ", which this image needs");
      }
    }
  }

  size_t header_bound(const Layout& l, int restart_interval) const {
    size_t n = 2 + 18;  // SOI, JFIF
    n += detail::metadata_segments_size(params);  // EXIF, ICC
    for (const auto& s : params.app_segments) n += 4 + s.data.size();
    if (!params.comment.empty()) n += 4 + params.comment.size();
    n += 3 * 69 + 10 + 3 * l.ncomp;               // DQT, SOF0
    n += 2 * (4 + 17 + 12) + 2 * (4 + 17 + 162);  // DHT (largest possible)
    if (restart_interval) n += 6;
    n += 6 + 2 * l.ncomp + 2;  // SOS, EOI
    return n;
  }

  size_t max_size(int width, int height, PixelFormat format) const {
    const Subsampling s = detail::coded_subsampling(format, params.subsampling);
    const Layout l = detail::make_geometry(width, height, s);
    const int ri = params.restart_interval;
    if (params.progressive) {
      return header_bound(l, ri) + detail::progressive_scans_bound(l, ri) + 16;
    }
    const size_t total = static_cast<size_t>(l.total_mcus());
    const size_t restarts = ri ? total / ri + 1 : 0;
    return header_bound(l, ri) + total * l.blocks_per_mcu * detail::kMaxBlockBytes + restarts * 3 +
           16;
  }

  size_t predict(const ImageView& src) const {
    if (params.progressive) {
      // Every scan's tables depend on the whole image: the prediction is the encode.
      std::vector<uint8_t> out;
      Sink sink(&out);
      encode_to(src, sink);
      return sink.size();
    }
    Job job = make_job(src);
    const Layout& l = job.layout;
    // Code a spread of MCU rows (all of them for small images) and scale up.
    const int sample_rows = std::min(l.mcus_y, std::max(16, l.mcus_y / 8));
    std::vector<int> rows(sample_rows);
    for (int i = 0; i < sample_rows; ++i)
      rows[i] = static_cast<int>((2 * int64_t{i} + 1) * l.mcus_y / (2 * sample_rows));
    HuffmanTables optimal;
    DerivedHuffman optimal_derived[2];
    const HuffmanTables* used = &huffman;
    if (params.optimize_huffman) {
      SymbolCounts dc[2] = {}, ac[2] = {};
      const int no_pred[3] = {0, 0, 0};
      for (int r : rows) {
        count_range(job, int64_t{r} * l.mcus_x, int64_t{r + 1} * l.mcus_x, dc, ac, no_pred);
      }
      optimal.dc_luma = detail::optimal_huffman_table(dc[0]);
      optimal.ac_luma = detail::optimal_huffman_table(ac[0]);
      optimal.dc_chroma = detail::optimal_huffman_table(dc[1]);
      optimal.ac_chroma = detail::optimal_huffman_table(ac[1]);
      derive(optimal, optimal_derived);
      job.tables[0] = &optimal_derived[0];
      job.tables[1] = &optimal_derived[1];
      used = &optimal;
    } else if (!tables_complete) {
      // Symbols a partial table lacks would be an error when encoding; the estimate
      // still counts them, with the longest code.
      return max_size(src.width, src.height, src.format());
    }
    std::vector<uint8_t> scratch;
    size_t bytes = 0;
    if (sample_rows == l.mcus_y) {  // every row: code the scan as it will be (exact)
      Sink sink(&scratch);
      encode_range(job, 0, l.total_mcus(), sink);
      bytes += sink.size();
    } else {
      for (int r : rows) {
        Sink sink(&scratch);
        encode_range(job, int64_t{r} * l.mcus_x, int64_t{r + 1} * l.mcus_x, sink);
        bytes += sink.size();
      }
    }
    std::vector<uint8_t> header;
    detail::HeaderTables ht;
    ht.quant = {&quant.y, &quant.cb, &quant.cr};
    ht.num_quant = l.ncomp == 1 ? 1 : num_quant;
    ht.huffman = {&used->dc_luma, &used->ac_luma, &used->dc_chroma, &used->ac_chroma};
    detail::write_headers(header, l, params, ht, job.restart_interval);
    const double scaled = static_cast<double>(bytes) * l.mcus_y / sample_rows;
    return header.size() + static_cast<size_t>(scaled + 0.5) + 2;
  }
};

Encoder::Encoder(const EncodeParams& params) : impl_(std::make_unique<Impl>(params)) {}
Encoder::~Encoder() = default;
Encoder::Encoder(const Encoder& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Encoder& Encoder::operator=(const Encoder& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Encoder::Encoder(Encoder&&) noexcept = default;
Encoder& Encoder::operator=(Encoder&&) noexcept = default;

const EncodeParams& Encoder::params() const noexcept {
  return impl_->params;
}

std::vector<uint8_t> Encoder::encode(const ImageView& src) const {
  std::vector<uint8_t> out;
  if (src.width > 0 && src.height > 0) {
    out.resize(static_cast<size_t>(src.width) * src.height / 8 + 4096);  // grows if needed
  }
  Sink sink(&out);
  impl_->encode_to(src, sink);
  sink.finish();
  return out;
}

size_t Encoder::encode_into(const ImageView& src, uint8_t* out, size_t capacity) const {
  FK_CHECK_ARG(out != nullptr || capacity == 0, "jpeg: output buffer is a null pointer");
  Sink sink(out, capacity);
  impl_->encode_to(src, sink);
  FK_CHECK(!sink.overflowed(), ErrorCode::kBufferTooSmall, "jpeg: output buffer of ", capacity,
           " bytes is too small; this image needs ", sink.size(), " bytes");
  return sink.size();
}

size_t Encoder::predict_size(const ImageView& src) const {
  return impl_->predict(src);
}

std::vector<uint8_t> Encoder::encode(const Frame& src) const {
  return encode(src.view());
}
size_t Encoder::encode_into(const Frame& src, uint8_t* out, size_t capacity) const {
  return encode_into(src.view(), out, capacity);
}
size_t Encoder::predict_size(const Frame& src) const {
  return predict_size(src.view());
}

size_t Encoder::max_encoded_size(int width, int height, PixelFormat format) const {
  return impl_->max_size(width, height, format);
}

std::vector<uint8_t> encode(const ImageView& src, const EncodeParams& params) {
  return Encoder(params).encode(src);
}

size_t encode_into(const ImageView& src, const EncodeParams& params, uint8_t* out,
                   size_t capacity) {
  return Encoder(params).encode_into(src, out, capacity);
}

std::vector<uint8_t> encode(const Frame& src, const EncodeParams& params) {
  return Encoder(params).encode(src);
}

size_t encode_into(const Frame& src, const EncodeParams& params, uint8_t* out, size_t capacity) {
  return Encoder(params).encode_into(src, out, capacity);
}

size_t predict_size(const Frame& src, const EncodeParams& params) {
  return Encoder(params).predict_size(src);
}

size_t max_encoded_size(int width, int height, PixelFormat format, const EncodeParams& params) {
  return Encoder(params).max_encoded_size(width, height, format);
}

size_t predict_size(const ImageView& src, const EncodeParams& params) {
  return Encoder(params).predict_size(src);
}

}  // namespace framekit::jpeg
