#include "jpeg/progressive.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
const ScanSpec kColorScript[] = {{3, {0, 1, 2}, 0, 0, 0, 1}, {1, {0}, 1, 5, 0, 2},
                                 {1, {2}, 1, 63, 0, 1},      {1, {1}, 1, 63, 0, 1},
                                 {1, {0}, 6, 63, 0, 2},      {1, {0}, 1, 63, 2, 1},
                                 {3, {0, 1, 2}, 0, 0, 1, 0}, {1, {2}, 1, 63, 1, 0},
                                 {1, {1}, 1, 63, 1, 0},      {1, {0}, 1, 63, 1, 0}};
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
  // Not zero-filled: the transform writes every block, padding blocks included.
  std::array<std::unique_ptr<int16_t[]>, 3> data;
  std::array<int, 3> blocks_w{};

  const int16_t* block(int c, int bx, int by) const {
    return data[c].get() + (static_cast<size_t>(by) * blocks_w[c] + bx) * 64;
  }
  int16_t* block(int c, int bx, int by) {
    return data[c].get() + (static_cast<size_t>(by) * blocks_w[c] + bx) * 64;
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
        dst[0] = src.vals[0];
        // vals holds the value bits of the size category: below half its range the
        // coefficient was negative (branch-free, so the loop vectorises).
        for (int k = 1; k < 64; ++k) {
          const int full = (1 << (src.sizes[k] >> 4)) - 1;
          const int bits = src.vals[k];
          dst[k] = static_cast<int16_t>(bits > (full >> 1) ? bits : bits - full);
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

// A scan is walked once, recording what it codes as ops; the ops give the symbol
// statistics (for the scan's optimal tables) and are then written with those tables,
// as libjpeg's gather and output passes would. One op (32 bits): an optional symbol
// (table, value) followed by up to 16 raw bits, or a restart marker.
constexpr uint32_t kOpBitsShift = 16;  // bits 16..20: raw bit count; 0..15: raw bits
constexpr uint32_t kOpHasSymbol = 1u << 21;
constexpr uint32_t kOpTableShift = 22;     // bit 22: Huffman table
constexpr uint32_t kOpSymbolShift = 23;    // bits 23..30: symbol
constexpr uint32_t kOpRestart = 1u << 31;  // raw bits: the RSTn number

uint32_t symbol_op(int table, int symbol, uint32_t bits, int n) {
  return kOpHasSymbol | static_cast<uint32_t>(table) << kOpTableShift |
         static_cast<uint32_t>(symbol) << kOpSymbolShift |
         static_cast<uint32_t>(n) << kOpBitsShift | (bits & ((1u << n) - 1));
}
uint32_t bits_op(uint32_t bits, int n) {
  return static_cast<uint32_t>(n) << kOpBitsShift | (bits & ((1u << n) - 1));
}

// Correction bits waiting for the end of an EOB run, first bit most significant.
class BitList {
 public:
  void append(uint64_t bits, int n) {  // n <= 63
    if (n == 0) return;
    const int off = size_ & 63, i = size_ >> 6;
    if (off == 0) words_[i] = 0;
    if (off + n <= 64) {
      words_[i] |= bits << (64 - off - n);
    } else {
      const int first = 64 - off;
      words_[i] |= bits >> (n - first);
      words_[i + 1] = bits << (64 - (n - first));
    }
    size_ += n;
  }
  void emit(std::vector<uint32_t>& ops) {
    for (int pos = 0; pos < size_; pos += 16) {
      const int n = std::min(16, size_ - pos);
      const uint64_t w = words_[pos >> 6] >> (64 - (pos & 63) - n);
      ops.push_back(bits_op(static_cast<uint32_t>(w), n));
    }
    size_ = 0;
  }
  int size() const { return size_; }

 private:
  // libjpeg flushes the run before its correction bits exceed MAX_CORR_BITS (1000).
  std::array<uint64_t, 17> words_{};
  int size_ = 0;
};

// The coding of jcphuff (encode_mcu_DC_first, _DC_refine, _AC_first, _AC_refine),
// recorded as ops.
class ScanCoder {
 public:
  ScanCoder(const ScanSpec& scan, const std::array<int, 3>& table_of, std::vector<uint32_t>& ops,
            SymbolCounts (&counts)[2])
      : scan_(scan), table_of_(table_of), ops_(ops), counts_(counts) {
    ac_table_ = table_of_[scan_.comp[0]];
    for (int k = scan.ss; k <= scan.se; ++k) band_ |= uint64_t{1} << k;
  }

  void block(int i, const int16_t* b) {
    if (scan_.ss == 0) {
      if (scan_.ah == 0) {
        dc_first(i, b);
      } else {
        ops_.push_back(bits_op(static_cast<uint32_t>(b[0] >> scan_.al), 1));
      }
    } else if (scan_.ah == 0) {
      ac_first(b);
    } else {
      ac_refine(b);
    }
  }

  void restart(int number) {
    emit_eobrun();
    ops_.push_back(kOpRestart | static_cast<uint32_t>(number));
    last_dc_ = {0, 0, 0};
  }

  void finish() { emit_eobrun(); }

 private:
  // A symbol (counted for the scan's table) and its raw bits.
  void put_symbol(int table, int symbol, uint32_t bits, int n) {
    ++counts_[table][symbol];
    ops_.push_back(symbol_op(table, symbol, bits, n));
  }

  void dc_first(int i, const int16_t* b) {
    const int value = b[0] >> scan_.al;
    const int diff = value - last_dc_[i];
    last_dc_[i] = value;
    const int n = bit_length(static_cast<uint32_t>(diff < 0 ? -diff : diff));
    put_symbol(table_of_[scan_.comp[i]], n, static_cast<uint32_t>(diff < 0 ? diff - 1 : diff), n);
  }

  void emit_eobrun() {
    if (eobrun_ == 0) return;
    const int n = bit_length(eobrun_) - 1;
    put_symbol(ac_table_, n << 4, eobrun_, n);
    eobrun_ = 0;
    eob_bits_.emit(ops_);
  }

  // Bit k of the result: coefficient k's magnitude >> Al is non-zero (and, in `ones`,
  // is exactly 1), for k in the band.
  uint64_t nonzero_mask(const int16_t* b, uint64_t* ones) const {
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    const __m128i one = _mm_set1_epi16(1);
    const __m128i shift = _mm_cvtsi32_si128(scan_.al);
    uint64_t zeros = 0, one_bits = 0;
    for (int i = 0; i < 64; i += 16) {
      __m128i lo = _mm_load_si128(reinterpret_cast<const __m128i*>(b + i));
      __m128i hi = _mm_load_si128(reinterpret_cast<const __m128i*>(b + i + 8));
      lo = _mm_srl_epi16(_mm_max_epi16(lo, _mm_sub_epi16(zero, lo)), shift);
      hi = _mm_srl_epi16(_mm_max_epi16(hi, _mm_sub_epi16(zero, hi)), shift);
      const __m128i z = _mm_packs_epi16(_mm_cmpeq_epi16(lo, zero), _mm_cmpeq_epi16(hi, zero));
      const __m128i o = _mm_packs_epi16(_mm_cmpeq_epi16(lo, one), _mm_cmpeq_epi16(hi, one));
      zeros |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(z))) << i;
      one_bits |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(o))) << i;
    }
    if (ones) *ones = one_bits & band_;
    return ~zeros & band_;
#else
    uint64_t nz = 0, one = 0;
    for (int k = 0; k < 64; ++k) {
      const int m = (b[k] < 0 ? -b[k] : b[k]) >> scan_.al;
      nz |= static_cast<uint64_t>(m != 0) << k;
      one |= static_cast<uint64_t>(m == 1) << k;
    }
    if (ones) *ones = one & band_;
    return nz & band_;
#endif
  }

  void ac_first(const int16_t* b) {
    int last = scan_.ss - 1;
    for (uint64_t nz = nonzero_mask(b, nullptr); nz; nz &= nz - 1) {
      const int k = __builtin_ctzll(nz);
      int run = k - last - 1;
      last = k;
      emit_eobrun();
      for (; run > 15; run -= 16) put_symbol(ac_table_, 0xF0, 0, 0);
      const int t = b[k];
      const int magnitude = (t < 0 ? -t : t) >> scan_.al;
      const int n = bit_length(static_cast<uint32_t>(magnitude));
      put_symbol(ac_table_, (run << 4) + n, static_cast<uint32_t>(t < 0 ? ~magnitude : magnitude),
                 n);
    }
    if (last < scan_.se && ++eobrun_ == 0x7FFF) emit_eobrun();
  }

  void ac_refine(const int16_t* b) {
    uint64_t ones = 0;
    uint64_t nz = nonzero_mask(b, &ones);
    const int eob = ones ? 63 - __builtin_clzll(ones) : 0;  // last newly non-zero
    uint64_t pending = 0;  // this block's correction bits not yet sent
    int pending_count = 0;
    int run = 0;  // zeros since the last newly non-zero coefficient
    int last = scan_.ss - 1;
    auto send_pending = [&] {
      for (int n = pending_count; n > 0;) {
        const int chunk = std::min(16, n);
        n -= chunk;
        ops_.push_back(bits_op(static_cast<uint32_t>(pending >> n), chunk));
      }
      pending = 0;
      pending_count = 0;
    };
    for (; nz; nz &= nz - 1) {
      const int k = __builtin_ctzll(nz);
      run += k - last - 1;
      last = k;
      // ZRLs only up to the last newly non-zero coefficient; past it the EOB run covers
      // the zeros.
      while (run > 15 && k <= eob) {
        emit_eobrun();
        put_symbol(ac_table_, 0xF0, 0, 0);
        run -= 16;
        send_pending();
      }
      const int t = b[k];
      if (!((ones >> k) & 1)) {  // already non-zero: one correction bit, sent later
        pending = pending << 1 | (((t < 0 ? -t : t) >> scan_.al) & 1);
        ++pending_count;
        continue;
      }
      emit_eobrun();
      put_symbol(ac_table_, (run << 4) + 1, t < 0 ? 0 : 1, 1);
      send_pending();
      run = 0;
    }
    run += scan_.se - last;
    if (run > 0 || pending_count > 0) {
      ++eobrun_;
      eob_bits_.append(pending, pending_count);
      if (eobrun_ == 0x7FFF || eob_bits_.size() > 1000 - 64 + 1) emit_eobrun();
    }
  }

  const ScanSpec& scan_;
  const std::array<int, 3>& table_of_;
  std::vector<uint32_t>& ops_;
  SymbolCounts (&counts_)[2];
  int ac_table_ = 0;
  uint64_t band_ = 0;
  std::array<int, 3> last_dc_{};
  uint32_t eobrun_ = 0;
  BitList eob_bits_;  // correction bits of the blocks in the EOB run
};

// Writes recorded ops with the scan's codes, 0xFF stuffed, the end padded with ones.
// Returns one past the last byte; out must hold 8 bytes per op and 8 more.
uint8_t* write_ops(const std::vector<uint32_t>& ops, const Codes (&codes)[2], uint8_t* out) {
  uint64_t acc = 0;
  int count = 0;
  auto put_byte = [&](uint8_t byte) {
    *out++ = byte;
    if (byte == 0xFF) *out++ = 0;
  };
  auto put = [&](uint64_t value, int len) {  // len <= 32
    acc = (acc << len) | value;
    count += len;
    if (count >= 32) {  // four bytes at once unless one of them is 0xFF
      count -= 32;
      const uint32_t word = static_cast<uint32_t>(acc >> count);
      const uint32_t inv = ~word;
      if (((inv - 0x01010101u) & ~inv & 0x80808080u) == 0) {
        const uint32_t be = __builtin_bswap32(word);
        std::memcpy(out, &be, 4);
        out += 4;
      } else {
        for (int shift = 24; shift >= 0; shift -= 8) put_byte(static_cast<uint8_t>(word >> shift));
      }
    }
  };
  auto pad = [&] {
    while (count >= 8) {
      count -= 8;
      put_byte(static_cast<uint8_t>(acc >> count));
    }
    if (count > 0) {  // ones up to the byte boundary
      put_byte(static_cast<uint8_t>((acc << (8 - count)) | ((1u << (8 - count)) - 1)));
      count = 0;
    }
  };
  for (const uint32_t op : ops) {
    if (op & kOpRestart) {
      pad();
      *out++ = 0xFF;
      *out++ = static_cast<uint8_t>(0xD0 + (op & 7));
      continue;
    }
    const int n = static_cast<int>(op >> kOpBitsShift) & 31;
    uint64_t word = op & 0xFFFF;
    int len = n;
    if (op & kOpHasSymbol) {
      const Codes& c = codes[(op >> kOpTableShift) & 1];
      const int s = static_cast<int>(op >> kOpSymbolShift) & 0xFF;
      word |= static_cast<uint64_t>(c.code[s]) << n;
      len += c.len[s];
    }
    put(word, len);
  }
  pad();
  return out;
}

// The MCUs of a scan in order: interleaved scans walk the padded MCU grid, a
// one-component scan only that component's own blocks (one block per MCU).
void code_scan(const Coefficients& co, const Layout& l, const ScanSpec& s, int restart_interval,
               ScanCoder& coder) {
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

struct ScanBytes {
  std::vector<uint8_t> header;  // DHT, DRI, SOS
  std::unique_ptr<uint8_t[]> data;
  size_t size = 0;
};

// One whole scan: DHT segment(s) of its tables, DRI before the first scan, SOS, data.
ScanBytes code_whole_scan(const Coefficients& co, const Layout& l, const ScanSpec& s,
                          bool first_scan, const EncodeParams& params) {
  const int ri = params.restart_interval;
  std::array<int, 3> table_of{};
  for (int c = 0; c < l.ncomp; ++c) table_of[c] = l.comp[c].table;
  const bool dc = s.ss == 0;
  const bool needs_tables = !(dc && s.ah != 0);  // DC refinement codes raw bits only

  // Reserved generously: pages are only touched as ops are written.
  std::vector<uint32_t> ops;
  ops.reserve(static_cast<size_t>(l.total_mcus()) * l.blocks_per_mcu * (s.se - s.ss + 4));
  SymbolCounts counts[2] = {};
  ScanCoder coder(s, table_of, ops, counts);
  code_scan(co, l, s, ri, coder);

  std::vector<int> tables_used;  // Huffman table ids in order of first use
  Codes codes[2];
  std::vector<uint8_t> out;
  if (needs_tables) {
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

  ScanBytes result;
  result.header = std::move(out);
  // Not zero-filled: only the bytes written are touched.
  result.data.reset(new uint8_t[8 * ops.size() + 8]);
  result.size = static_cast<size_t>(write_ops(ops, codes, result.data.get()) - result.data.get());
  return result;
}

}  // namespace

void encode_progressive_scans(const Job& job, const EncodeParams& params, int threads, Sink& sink) {
  const Layout& l = job.layout;
  Coefficients co;
  for (int c = 0; c < l.ncomp; ++c) {
    co.blocks_w[c] = l.mcus_x * l.comp[c].h;
    co.data[c].reset(
        new int16_t[static_cast<size_t>(co.blocks_w[c]) * l.mcus_y * l.comp[c].v * 64]);
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
  // The big scans start first (the last luma refinement is the largest), so a long one
  // does not run alone at the end; the bytes are kept in script order.
  std::vector<int> order(script.count);
  for (int i = 0; i < script.count; ++i) order[i] = i;
  auto weight = [&](int i) {
    const ScanSpec& s = script.scans[i];
    int64_t blocks = 0;
    for (int k = 0; k < s.ncomp; ++k) {
      blocks += int64_t{l.comp[s.comp[k]].width_in_blocks} * l.comp[s.comp[k]].height_in_blocks;
    }
    return blocks * (s.se - s.ss + 1);
  };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return weight(a) > weight(b); });
  std::vector<ScanBytes> scans(script.count);
  parallel_chunks(
      script.count,
      [&](int64_t t) {
        const int i = order[t];
        scans[i] = code_whole_scan(co, l, script.scans[i], i == 0, params);
      },
      threads);
  for (const auto& s : scans) {
    sink.append(s.header.data(), s.header.size());
    sink.append(s.data.get(), s.size);
  }
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
