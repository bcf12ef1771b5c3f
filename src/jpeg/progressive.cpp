#include "jpeg/progressive.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/core/parallel.h"
#include "jpeg/tables.h"

namespace framekit::jpeg::detail {
namespace {

// One scan of the script: components (indices into the layout), spectral band Ss..Se,
// successive approximation bits Ah (0 = first pass) and Al.
struct ScanSpec {
  int ncomp;
  std::array<int, 3> comp;
  int ss, se, ah, al;
};

// jpeg_simple_progression: for YCbCr, DC first, a quick low band of luma, chroma, the
// rest of luma, then the refinements, the big luma refinement last; for one component
// the generic script.
const ScanSpec kColorScript[] = {
    {3, {0, 1, 2}, 0, 0, 0, 1}, {1, {0}, 1, 5, 0, 2},  {1, {2}, 1, 63, 0, 1},
    {1, {1}, 1, 63, 0, 1},      {1, {0}, 6, 63, 0, 2}, {1, {0}, 1, 63, 2, 1},
    {3, {0, 1, 2}, 0, 0, 1, 0}, {1, {2}, 1, 63, 1, 0}, {1, {1}, 1, 63, 1, 0},
    {1, {0}, 1, 63, 1, 0}};
const ScanSpec kGrayScript[] = {{1, {0}, 0, 0, 0, 1},  {1, {0}, 1, 5, 0, 2}, {1, {0}, 6, 63, 0, 2},
                                {1, {0}, 1, 63, 2, 1}, {1, {0}, 0, 0, 1, 0}, {1, {0}, 1, 63, 1, 0}};

struct Script {
  const ScanSpec* scans;
  int count;
};

Script script_for(const Layout& l) {
  if (l.ncomp == 1) return {kGrayScript, static_cast<int>(std::size(kGrayScript))};
  return {kColorScript, static_cast<int>(std::size(kColorScript))};
}

// Longest output of one block in the whole script, in bits. Per block and scan: DC first
// ≤ 16 (code) + 11 (value) bits, DC refinement 1 bit. An AC scan of band length L: each
// coefficient at most one code and its value (16 + 10) — a correction bit (1) or a new
// coefficient's code and sign (16 + 1) in a refinement; at most 3 ZRLs (63 / 16) of 16
// bits; the block ends at most one EOB run (each run holds at least one block), whose
// code and length bits take ≤ 16 + 14. The busiest component (luma, or the one gray
// component) is visited at 5 + 58 + 63 + 63 = 189 coefficients in 4 AC scans.
constexpr size_t kMaxBlockBits = (16 + 11) + 1 + 189 * (16 + 10) + 4 * (3 * 16 + 16 + 14);
// Every byte may be 0xFF and stuffed.
constexpr size_t kMaxBlockBytesProgressive = 2 * (kMaxBlockBits / 8 + 1);
// Per scan: at most two DHT segments (marker, length, class/id, 16 counts, ≤ 256
// symbols), DRI, SOS with three components, the final padded byte (stuffed).
constexpr size_t kMaxScanHeaderBytes = 2 * (4 + 1 + 16 + 256) + 6 + 14 + 2;

// The quantised coefficients of the whole image in zigzag order, per component on the
// grid of the padded MCUs (the dummy blocks the interleaved scans code included).
struct Coefficients {
  std::array<std::vector<int16_t>, 3> data;
  std::array<int, 3> blocks_w{};

  const int16_t* block(int c, int bx, int by) const {
    return data[c].data() + (static_cast<size_t>(by) * blocks_w[c] + bx) * 64;
  }
  int16_t* block(int c, int bx, int by) {
    return data[c].data() + (static_cast<size_t>(by) * blocks_w[c] + bx) * 64;
  }
};

void store_chunk(const Layout& l, int64_t first, int count, const McuRun& run, Coefficients& out) {
  const int row = static_cast<int>(first / l.mcus_x);
  const int mx0 = static_cast<int>(first % l.mcus_x);
  for (int c = 0; c < l.ncomp; ++c) {
    const int h = l.comp[c].h, v = l.comp[c].v;
    for (int yy = 0; yy < v; ++yy) {
      for (int b = 0; b < count * h; ++b) {
        const CodedBlock& src = run.blocks[c][yy][b];
        int16_t* dst = out.block(c, mx0 * h + b, row * v + yy);
        std::memset(dst, 0, 64 * sizeof(int16_t));
        dst[0] = src.vals[0];
        for (uint64_t m = src.mask & ~uint64_t{1}; m; m &= m - 1) {
          const int k = __builtin_ctzll(m);
          dst[k] = static_cast<int16_t>(coefficient(src, k));
        }
      }
    }
  }
}

// Canonical codes of a DHT table, by symbol.
struct Codes {
  std::array<uint16_t, 256> code{};
  std::array<uint8_t, 256> len{};
};

Codes canonical_codes(const HuffmanTable& t) {
  Codes c;
  uint32_t code = 0;
  size_t k = 0;
  for (int length = 1; length <= 16; ++length) {
    for (int i = 0; i < t.bits[length - 1]; ++i) {
      const uint8_t symbol = t.values[k++];
      c.code[symbol] = static_cast<uint16_t>(code++);
      c.len[symbol] = static_cast<uint8_t>(length);
    }
    code <<= 1;
  }
  return c;
}

int bit_length(uint32_t a) {
  return a == 0 ? 0 : 32 - __builtin_clz(a);
}

// Bytes of one scan's entropy-coded data, 0xFF stuffed.
class BitOut {
 public:
  explicit BitOut(std::vector<uint8_t>& out) : out_(out) {}
  // len <= 16, value < 2^len
  void put(uint32_t value, int len) {
    acc_ = (acc_ << len) | value;
    count_ += len;
    while (count_ >= 8) {
      count_ -= 8;
      const uint8_t byte = static_cast<uint8_t>(acc_ >> count_);
      out_.push_back(byte);
      if (byte == 0xFF) out_.push_back(0);
    }
  }
  // Pads with ones to a byte (libjpeg's flush_bits).
  void pad() {
    if (count_ > 0) put((1u << (8 - count_)) - 1, 8 - count_);
    acc_ = 0;
  }
  void marker(uint8_t m) {
    out_.push_back(0xFF);
    out_.push_back(m);
  }

 private:
  std::vector<uint8_t>& out_;
  uint64_t acc_ = 0;
  int count_ = 0;
};

// libjpeg's jcphuff: the same code gathers the symbol statistics (kGather) and then
// writes the scan with the tables built from them.
template <bool kGather>
class ScanCoder {
 public:
  ScanCoder(const ScanSpec& scan, const std::array<int, 3>& table_of, SymbolCounts* counts,
            const Codes* codes, BitOut* out)
      : scan_(scan), table_of_(table_of), counts_(counts), codes_(codes), out_(out) {}

  void block(int i, const int16_t* b) {
    if (scan_.ss == 0) {
      if (scan_.ah == 0) {
        dc_first(i, b);
      } else {
        bits(static_cast<uint32_t>(b[0] >> scan_.al) & 1, 1);
      }
    } else if (scan_.ah == 0) {
      ac_first(b);
    } else {
      ac_refine(b);
    }
  }

  void restart(int number) {
    emit_eobrun();
    if constexpr (!kGather) {
      out_->pad();
      out_->marker(static_cast<uint8_t>(0xD0 + number));
    }
    last_dc_ = {0, 0, 0};
  }

  void finish() {
    emit_eobrun();
    if constexpr (!kGather) out_->pad();
  }

 private:
  void symbol(int table, int s) {
    if constexpr (kGather) {
      ++counts_[table][s];
    } else {
      out_->put(codes_[table].code[s], codes_[table].len[s]);
    }
  }
  void bits(uint32_t value, int n) {
    if constexpr (!kGather) out_->put(value & ((1u << n) - 1), n);
  }
  int ac_table() const { return table_of_[scan_.comp[0]]; }

  void dc_first(int i, const int16_t* b) {
    const int value = b[0] >> scan_.al;
    const int diff = value - last_dc_[i];
    last_dc_[i] = value;
    const int n = bit_length(static_cast<uint32_t>(diff < 0 ? -diff : diff));
    symbol(table_of_[scan_.comp[i]], n);
    if (n) bits(static_cast<uint32_t>(diff < 0 ? diff - 1 : diff), n);
  }

  void emit_eobrun() {
    if (eobrun_ == 0) return;
    const int n = bit_length(eobrun_) - 1;
    symbol(ac_table(), n << 4);
    if (n) bits(eobrun_, n);
    eobrun_ = 0;
    for (uint8_t bit : eob_bits_) bits(bit, 1);
    eob_bits_.clear();
  }

  void ac_first(const int16_t* b) {
    const int table = ac_table();
    int run = 0;
    for (int k = scan_.ss; k <= scan_.se; ++k) {
      const int t = b[k];
      const int magnitude = (t < 0 ? -t : t) >> scan_.al;
      if (magnitude == 0) {
        ++run;
        continue;
      }
      emit_eobrun();
      for (; run > 15; run -= 16) symbol(table, 0xF0);
      const int n = bit_length(static_cast<uint32_t>(magnitude));
      symbol(table, (run << 4) + n);
      bits(static_cast<uint32_t>(t < 0 ? ~magnitude : magnitude), n);
      run = 0;
    }
    if (run > 0 && ++eobrun_ == 0x7FFF) emit_eobrun();
  }

  void ac_refine(const int16_t* b) {
    const int table = ac_table();
    int magnitude[64];
    int eob = 0;
    for (int k = scan_.ss; k <= scan_.se; ++k) {
      const int t = b[k];
      magnitude[k] = (t < 0 ? -t : t) >> scan_.al;
      if (magnitude[k] == 1) eob = k;
    }
    int run = 0;
    block_bits_.clear();
    for (int k = scan_.ss; k <= scan_.se; ++k) {
      const int m = magnitude[k];
      if (m == 0) {
        ++run;
        continue;
      }
      // ZRLs only up to the last newly non-zero coefficient; beyond it the EOB run
      // covers the zeros.
      while (run > 15 && k <= eob) {
        emit_eobrun();
        symbol(table, 0xF0);
        run -= 16;
        emit_block_bits();
      }
      if (m > 1) {  // already non-zero: one correction bit, sent later
        block_bits_.push_back(static_cast<uint8_t>(m & 1));
        continue;
      }
      emit_eobrun();
      symbol(table, (run << 4) + 1);
      bits(b[k] < 0 ? 0 : 1, 1);
      emit_block_bits();
      run = 0;
    }
    if (run > 0 || !block_bits_.empty()) {
      ++eobrun_;
      eob_bits_.insert(eob_bits_.end(), block_bits_.begin(), block_bits_.end());
      block_bits_.clear();
      // libjpeg's MAX_CORR_BITS (1000) less one block's worth.
      if (eobrun_ == 0x7FFF || eob_bits_.size() > 1000 - 64 + 1) emit_eobrun();
    }
  }

  void emit_block_bits() {
    for (uint8_t bit : block_bits_) bits(bit, 1);
    block_bits_.clear();
  }

  const ScanSpec& scan_;
  const std::array<int, 3>& table_of_;
  SymbolCounts* counts_;
  const Codes* codes_;
  BitOut* out_;
  std::array<int, 3> last_dc_{};
  uint32_t eobrun_ = 0;
  std::vector<uint8_t> eob_bits_;    // correction bits of the blocks in the EOB run
  std::vector<uint8_t> block_bits_;  // correction bits of this block not yet sent
};

// The MCUs of a scan in order: interleaved scans walk the padded MCU grid, a
// one-component scan only that component's own blocks (one block per MCU).
template <bool kGather>
void code_scan(const Coefficients& co, const Layout& l, const ScanSpec& s, int restart_interval,
               ScanCoder<kGather>& coder) {
  int64_t mcu = 0;
  auto next_mcu = [&] {
    if (restart_interval && mcu != 0 && mcu % restart_interval == 0) {
      coder.restart(static_cast<int>((mcu / restart_interval - 1) & 7));
    }
    ++mcu;
  };
  if (s.ncomp > 1) {
    for (int my = 0; my < l.mcus_y; ++my) {
      for (int mx = 0; mx < l.mcus_x; ++mx) {
        next_mcu();
        for (int i = 0; i < s.ncomp; ++i) {
          const int c = s.comp[i];
          const int h = l.comp[c].h, v = l.comp[c].v;
          for (int yy = 0; yy < v; ++yy) {
            for (int xx = 0; xx < h; ++xx) coder.block(i, co.block(c, mx * h + xx, my * v + yy));
          }
        }
      }
    }
  } else {
    const int c = s.comp[0];
    for (int by = 0; by < l.comp[c].height_in_blocks; ++by) {
      for (int bx = 0; bx < l.comp[c].width_in_blocks; ++bx) {
        next_mcu();
        coder.block(0, co.block(c, bx, by));
      }
    }
  }
  coder.finish();
}

void put16(std::vector<uint8_t>& out, size_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

// One whole scan: DHT segment(s) of its tables, DRI before the first scan, SOS, data.
std::vector<uint8_t> code_whole_scan(const Coefficients& co, const Layout& l, const ScanSpec& s,
                                     bool first_scan, const EncodeParams& params) {
  const int ri = params.restart_interval;
  std::array<int, 3> table_of{};
  for (int c = 0; c < l.ncomp; ++c) table_of[c] = l.comp[c].table;
  const bool dc = s.ss == 0;
  const bool needs_tables = !(dc && s.ah != 0);  // DC refinement codes raw bits only

  std::vector<int> tables_used;  // Huffman table ids in order of first use
  Codes codes[2];
  std::vector<uint8_t> out;
  if (needs_tables) {
    SymbolCounts counts[2] = {};
    ScanCoder<true> gather(s, table_of, counts, nullptr, nullptr);
    code_scan(co, l, s, ri, gather);
    for (int i = 0; i < s.ncomp; ++i) {
      const int t = table_of[s.comp[i]];
      if (std::find(tables_used.begin(), tables_used.end(), t) == tables_used.end()) {
        tables_used.push_back(t);
      }
    }
    std::vector<HuffmanTable> tables;
    size_t payload = 0;
    for (int t : tables_used) {
      tables.push_back(optimal_huffman_table(counts[t]));
      codes[t] = canonical_codes(tables.back());
      payload += 17 + tables.back().values.size();
    }
    // libjpeg writes a DHT segment per table; compact_tables puts the scan's in one.
    for (size_t i = 0; i < tables.size(); ++i) {
      if (!params.compact_tables || i == 0) {
        out.push_back(0xFF);
        out.push_back(0xC4);
        put16(out, 2 + (params.compact_tables ? payload : 17 + tables[i].values.size()));
      }
      out.push_back(static_cast<uint8_t>((dc ? 0x00 : 0x10) | tables_used[i]));
      out.insert(out.end(), tables[i].bits.begin(), tables[i].bits.end());
      out.insert(out.end(), tables[i].values.begin(), tables[i].values.end());
    }
  }
  if (first_scan && ri > 0) {
    out.insert(out.end(), {0xFF, 0xDD, 0, 4});
    put16(out, static_cast<size_t>(ri));
  }
  out.insert(out.end(), {0xFF, 0xDA});
  put16(out, 6 + 2 * static_cast<size_t>(s.ncomp));
  out.push_back(static_cast<uint8_t>(s.ncomp));
  for (int i = 0; i < s.ncomp; ++i) {
    const int c = s.comp[i];
    out.push_back(static_cast<uint8_t>(c + 1));
    // Unused selectors are 0 (as libjpeg writes them): DC scans name no AC table, a DC
    // refinement no table at all, AC scans no DC table.
    const int td = dc && s.ah == 0 ? table_of[c] : 0;
    const int ta = dc ? 0 : table_of[c];
    out.push_back(static_cast<uint8_t>(td << 4 | ta));
  }
  out.push_back(static_cast<uint8_t>(s.ss));
  out.push_back(static_cast<uint8_t>(s.se));
  out.push_back(static_cast<uint8_t>(s.ah << 4 | s.al));

  BitOut bits(out);
  ScanCoder<false> coder(s, table_of, nullptr, codes, &bits);
  code_scan(co, l, s, ri, coder);
  return out;
}

}  // namespace

void encode_progressive_scans(const Job& job, const EncodeParams& params, int threads,
                              Sink& sink) {
  const Layout& l = job.layout;
  Coefficients co;
  for (int c = 0; c < l.ncomp; ++c) {
    co.blocks_w[c] = l.mcus_x * l.comp[c].h;
    co.data[c].resize(static_cast<size_t>(co.blocks_w[c]) * l.mcus_y * l.comp[c].v * 64);
  }
  // Transform and quantise in bands of whole MCU rows; each band writes its own blocks.
  const int64_t bands = threads > 1 ? std::min<int64_t>(l.mcus_y, int64_t{threads} * 4) : 1;
  parallel_chunks(
      bands,
      [&](int64_t b) {
        const int64_t row0 = l.mcus_y * b / bands, row1 = l.mcus_y * (b + 1) / bands;
        transform_range(job, row0 * l.mcus_x, row1 * l.mcus_x,
                        [&](int64_t first, int count, const McuRun& run) {
                          store_chunk(l, first, count, run, co);
                        });
      },
      threads);
  // Every scan has its own statistics and tables: the scans are independent tasks.
  const Script script = script_for(l);
  std::vector<std::vector<uint8_t>> scans(script.count);
  parallel_chunks(
      script.count,
      [&](int64_t i) { scans[i] = code_whole_scan(co, l, script.scans[i], i == 0, params); },
      threads);
  for (const auto& s : scans) sink.append(s.data(), s.size());
}

size_t progressive_scans_bound(const Layout& l, int restart_interval) {
  const Script script = script_for(l);
  const size_t blocks = static_cast<size_t>(l.total_mcus()) * l.blocks_per_mcu;
  // A scan has at most `blocks` MCUs; each restart adds a padded byte (stuffed) and RSTn.
  const size_t restarts = restart_interval ? blocks / restart_interval : 0;
  return static_cast<size_t>(script.count) * (kMaxScanHeaderBytes + restarts * 4) +
         blocks * kMaxBlockBytesProgressive;
}

}  // namespace framekit::jpeg::detail
