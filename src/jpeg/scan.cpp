#include "jpeg/scan.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "jpeg/color_rows.h"

namespace framekit::jpeg::detail {
namespace {

struct Scratch {
  std::vector<CodedBlock> blocks;  // [component][block row][kChunkMcus * h]
  std::vector<uint8_t> edge;       // padded samples of partial or packed blocks
  ScratchPlanes planes;            // converted MCU row (ColorMode::kConvert)
  int converted_row = -1;
  CodedBlock* row[3][2] = {};

  explicit Scratch(const Layout& l) {
    size_t n = 0;
    for (int c = 0; c < l.ncomp; ++c) n += static_cast<size_t>(l.comp[c].h) * l.comp[c].v;
    blocks.resize(n * kChunkMcus);
    size_t at = 0;
    for (int c = 0; c < l.ncomp; ++c) {
      for (int yy = 0; yy < l.comp[c].v; ++yy) {
        row[c][yy] = blocks.data() + at;
        at += static_cast<size_t>(kChunkMcus) * l.comp[c].h;
      }
    }
    edge.resize(static_cast<size_t>(kChunkMcus) * 2 * 8 * 8);
  }
};

// A block that only pads an MCU: zero AC and the given DC.
void set_dummy(CodedBlock& b, int16_t dc) {
  std::memset(&b, 0, sizeof(b));
  b.vals[0] = dc;
}

// Block sources for component c of one MCU row.
struct RowSource {
  const uint8_t* ptr;  // sample (0, first row of the MCU row)
  ptrdiff_t stride;
  int step_bytes;
  int rows;   // valid rows from ptr
  int width;  // valid samples per row
  bool native;
  SampleStep step;
};

RowSource row_source(const Job& job, Scratch& s, int c, int mcu_row) {
  const Layout& l = job.layout;
  const ComponentLayout& cl = l.comp[c];
  const int y0 = mcu_row * cl.v * 8;
  if (l.mode == ColorMode::kConvert) {
    return {s.planes.plane[c], s.planes.stride[c], 1, s.planes.rows[c], s.planes.width[c], true,
            SampleStep::k1};
  }
  RowSource r;
  r.ptr = cl.base + y0 * cl.stride;
  r.stride = cl.stride;
  r.step_bytes = cl.step_bytes;
  r.rows = cl.plane_h - y0;
  r.width = cl.plane_w;
  // Kernels read planar rows and the even/odd bytes of 16-bit pairs directly; packed
  // 4:2:2 chroma (every 4th byte) is gathered first.
  r.native = cl.step_bytes <= 2;
  r.step = cl.step_bytes != 2 ? SampleStep::k1
           : cl.pair_offset   ? SampleStep::kOdd
                              : SampleStep::kEven;
  return r;
}

// Copies nblocks blocks starting at sample column x0 into a planar buffer, repeating the
// last column and row of the plane beyond its edge.
void gather_blocks(const RowSource& r, int row_off, int x0, int nblocks, uint8_t* out,
                   int out_stride) {
  const int cols = nblocks * 8;
  for (int y = 0; y < 8; ++y) {
    const uint8_t* row = r.ptr + std::min(row_off + y, r.rows - 1) * r.stride;
    uint8_t* o = out + y * out_stride;
    if (r.step_bytes == 1 && x0 + cols <= r.width) {
      std::memcpy(o, row + x0, cols);
      continue;
    }
    for (int x = 0; x < cols; ++x) o[x] = row[std::min(x0 + x, r.width - 1) * r.step_bytes];
  }
}

// Transforms the blocks of MCUs [mx0, mx0 + n) of MCU row `mcu_row`, including the
// dummy blocks that pad partial MCUs (zero AC, DC of the previous block, as libjpeg).
void transform_chunk(const Job& job, Scratch& s, int mcu_row, int mx0, int n, McuRun& run,
                     ForwardBlocksFn forward_blocks) {
  const Layout& l = job.layout;
  run.ncomp = l.ncomp;
  for (int c = 0; c < l.ncomp; ++c) {
    const ComponentLayout& cl = l.comp[c];
    run.h[c] = cl.h;
    run.v[c] = cl.v;
    run.table[c] = cl.table;
    const RowSource src = row_source(job, s, c, mcu_row);
    const QuantDivisors& q = *job.divisors[c];
    const int nb = n * cl.h;
    const int bx0 = mx0 * cl.h;
    for (int yy = 0; yy < cl.v; ++yy) {
      CodedBlock* out = s.row[c][yy];
      run.blocks[c][yy] = out;
      const int by = mcu_row * cl.v + yy;
      if (by >= cl.height_in_blocks) {  // a dummy row below the image
        for (int m = 0; m < n; ++m) {
          const int16_t dc = s.row[c][yy - 1][m * cl.h + cl.h - 1].vals[0];
          for (int xx = 0; xx < cl.h; ++xx) set_dummy(out[m * cl.h + xx], dc);
        }
        continue;
      }
      const int real = std::min(nb, cl.width_in_blocks - bx0);
      const int row_off = yy * 8;
      const bool full_rows = src.rows - row_off >= 8;
      int done = 0;
      if (full_rows && src.native) {
        done = std::clamp(src.width / 8 - bx0, 0, real);
        if (done > 0) {
          const uint8_t* p =
              src.ptr + row_off * src.stride + static_cast<ptrdiff_t>(bx0) * 8 * src.step_bytes;
          if (src.step != SampleStep::k1) p -= (src.step == SampleStep::kOdd);
          forward_blocks(p, src.stride, src.step, done, q, out);
        }
      }
      if (done < real) {
        const int rem = real - done;
        const int stride = rem * 8;
        gather_blocks(src, row_off, (bx0 + done) * 8, rem, s.edge.data(), stride);
        forward_blocks(s.edge.data(), stride, SampleStep::k1, rem, q, out + done);
      }
      for (int b = std::max(real, 0); b < nb; ++b) {  // dummy blocks right of the image
        set_dummy(out[b], out[b - 1].vals[0]);
      }
    }
  }
}

size_t chunk_worst_bytes(const Layout& l, int n, int restart_interval) {
  const size_t restarts = restart_interval ? static_cast<size_t>(n) / restart_interval + 1 : 0;
  return static_cast<size_t>(n) * l.blocks_per_mcu * kMaxBlockBytes + restarts * 16 + 32;
}

}  // namespace

namespace {

// Writes the whole bytes of the pending bits (stuffed), keeping the last < 8 bits.
void flush_whole_bytes(BitWriter& w) {
  const int pending = 64 - w.free_bits;
  const int whole = pending / 8;
  if (whole == 0) return;
  const int keep = pending % 8;
  uint64_t x = (w.buf >> keep) << (64 - 8 * whole);  // the whole bytes, top-aligned
  for (int i = 0; i < whole; ++i) {
    const uint8_t byte = static_cast<uint8_t>(x >> 56);
    *w.out++ = byte;
    if (byte == 0xFF) *w.out++ = 0;
    x <<= 8;
  }
  w.buf &= (uint64_t{1} << keep) - 1;
  w.free_bits = 64 - keep;
}

// Converts (when the layout needs it) and transforms MCUs [begin, end) chunk by chunk,
// each chunk within one MCU row and at most kChunkMcus long, and hands each chunk's
// blocks to visit(first_mcu, count, run) while they are in L1.
template <class Visit>
void for_each_chunk(const Job& job, int64_t begin, int64_t end, Visit&& visit) {
  const Layout& l = job.layout;
  Scratch s(l);
  const ForwardBlocksFn forward_blocks = fdct_kernels().forward_blocks;
  for (int64_t m = begin; m < end;) {
    const int row = static_cast<int>(m / l.mcus_x);
    const int mx = static_cast<int>(m % l.mcus_x);
    const int n = static_cast<int>(std::min<int64_t>({kChunkMcus, l.mcus_x - mx, end - m}));
    if (l.mode == ColorMode::kConvert && s.converted_row != row) {
      convert_mcu_row(*job.src, l, row, s.planes);
      s.converted_row = row;
    }
    McuRun run;
    transform_chunk(job, s, row, mx, n, run, forward_blocks);
    visit(m, n, run);
    m += n;
  }
}

// Splits a chunk's n MCUs, the first of which is MCU number `first`, at restart
// boundaries: visit(restart_here, offset, count) for each run, restart_here when the
// run starts a restart interval (MCU 0 included).
template <class Visit>
void for_each_restart_run(int64_t first, int n, int restart_interval, Visit&& visit) {
  const int ri = restart_interval;
  for (int i = 0; i < n;) {
    const int64_t g = first + i;
    const int len = ri ? static_cast<int>(std::min<int64_t>(n - i, ri - g % ri)) : n - i;
    visit(ri != 0 && g % ri == 0, g, i, len);
    i += len;
  }
}

// Codes MCUs [begin, end) from the DC predictors `pred`. With `pad_end` the last byte
// is padded with ones; without it the last < 8 bits stay in the returned writer.
BitWriter code_mcus(const Job& job, int64_t begin, int64_t end, int (&pred)[3], bool pad_end,
                    Sink& sink) {
  const Layout& l = job.layout;
  BitWriter w;
  const int ri = job.restart_interval;
  const DerivedHuffman* const tables[2] = {job.tables[0], job.tables[1]};
  const EncodeMcusFn encode_mcus = huffman_kernels().encode_mcus;
  for_each_chunk(job, begin, end, [&](int64_t m, int n, const McuRun& run) {
    w.out = sink.reserve(chunk_worst_bytes(l, n, ri));
    for_each_restart_run(m, n, ri, [&](bool restart, int64_t g, int i, int len) {
      if (restart && g != 0) {
        flush_bits(w);
        *w.out++ = 0xFF;
        *w.out++ = static_cast<uint8_t>(0xD0 + ((g / ri - 1) & 7));
        pred[0] = pred[1] = pred[2] = 0;
      }
      encode_mcus(w, run, i, len, pred, tables);
    });
    if (m + n == end) {
      if (pad_end) {
        flush_bits(w);
      } else {
        flush_whole_bytes(w);
      }
    }
    sink.commit(w.out);
  });
  return w;
}

}  // namespace

void encode_range(const Job& job, int64_t begin, int64_t end, Sink& sink) {
  int pred[3] = {0, 0, 0};
  code_mcus(job, begin, end, pred, true, sink);
}

BandBits encode_band(const Job& job, int64_t begin, int64_t end, const int (&start_pred)[3],
                     Sink& sink) {
  int pred[3] = {start_pred[0], start_pred[1], start_pred[2]};
  const BitWriter w = code_mcus(job, begin, end, pred, false, sink);
  BandBits b;
  b.pending_bits = 64 - w.free_bits;
  b.pending = static_cast<uint32_t>(w.buf & ((uint64_t{1} << b.pending_bits) - 1));
  return b;
}

void dc_after_mcu(const Job& job, int64_t mcu, int (&pred)[3]) {
  const Layout& l = job.layout;
  Scratch s(l);
  const int row = static_cast<int>(mcu / l.mcus_x);
  const int mx = static_cast<int>(mcu % l.mcus_x);
  if (l.mode == ColorMode::kConvert) convert_mcu_row(*job.src, l, row, s.planes);
  McuRun run;
  transform_chunk(job, s, row, mx, 1, run, fdct_kernels().forward_blocks);
  for (int c = 0; c < l.ncomp; ++c) {
    pred[c] = run.blocks[c][run.v[c] - 1][run.h[c] - 1].vals[0];
  }
}

void count_range(const Job& job, int64_t begin, int64_t end, SymbolCounts (&dc)[2],
                 SymbolCounts (&ac)[2], const int (&start_pred)[3]) {
  int pred[3] = {start_pred[0], start_pred[1], start_pred[2]};
  const CountMcusFn count_mcus = huffman_kernels().count_mcus;
  for_each_chunk(job, begin, end, [&](int64_t m, int n, const McuRun& run) {
    for_each_restart_run(m, n, job.restart_interval, [&](bool restart, int64_t, int i, int len) {
      if (restart) pred[0] = pred[1] = pred[2] = 0;
      count_mcus(dc, ac, run, i, len, pred);
    });
  });
}

void transform_range(
    const Job& job, int64_t begin, int64_t end,
    const std::function<void(int64_t first, int count, const McuRun& run)>& visit) {
  for_each_chunk(job, begin, end, visit);
}

}  // namespace framekit::jpeg::detail
