// The encode step on framekit's JPEG encoder core (framekit/jpeg).
#include "jpege/encode_step.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <utility>

#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/errors.h"

namespace framekit::jpege {

HuffmanParam default_huffman_param() {
  const jpeg::HuffmanTables std = jpeg::standard_huffman_tables();
  HuffmanParam p;
  for (size_t c = 0; c < 3; ++c) {
    const jpeg::HuffmanTable& dc = c == 0 ? std.dc_luma : std.dc_chroma;
    const jpeg::HuffmanTable& ac = c == 0 ? std.ac_luma : std.ac_chroma;
    p.dc_tables[c].bits = dc.bits;
    std::copy(dc.values.begin(), dc.values.end(), p.dc_tables[c].values.begin());
    p.ac_tables[c].bits = ac.bits;
    std::copy(ac.values.begin(), ac.values.end(), p.ac_tables[c].values.begin());
  }
  return p;
}

namespace detail {
namespace {

constexpr size_t kMaxScratchBytes = size_t{64} << 20;

template <size_t N>
jpeg::HuffmanTable to_core_table(const std::array<uint8_t, 16>& bits,
                                 const std::array<uint8_t, N>& values, const char* name,
                                 bool is_ac) {
  size_t count = 0;
  for (uint8_t b : bits) count += b;
  // Every symbol a block may need must have a code, or some pictures could not be
  // encoded: 12 DC categories, 162 AC run/size symbols.
  JPEGE_CHECK(count == N, kErrVencIllegalParam, "Huffman table ", name, " has ", count,
              " codes (expected ", N, ": one for every baseline ", is_ac ? "AC" : "DC", " symbol)");
  jpeg::HuffmanTable t;
  t.bits = bits;
  t.values.assign(values.begin(), values.end());
  const std::set<uint8_t> distinct(t.values.begin(), t.values.end());
  JPEGE_CHECK(distinct.size() == N, kErrVencIllegalParam, "Huffman table ", name,
              " repeats a symbol");
  return t;
}

jpeg::HuffmanTables to_core_tables(const HuffmanParam& h) {
  JPEGE_CHECK(h.dc_tables[1].bits == h.dc_tables[2].bits &&
                  h.dc_tables[1].values == h.dc_tables[2].values &&
                  h.ac_tables[1].bits == h.ac_tables[2].bits &&
                  h.ac_tables[1].values == h.ac_tables[2].values,
              kErrVencIllegalParam,
              "Huffman tables: Cb and Cr must be equal (baseline JPEG has two tables per class)");
  jpeg::HuffmanTables t;
  t.dc_luma = to_core_table(h.dc_tables[0].bits, h.dc_tables[0].values, "dc_tables[0]", false);
  t.ac_luma = to_core_table(h.ac_tables[0].bits, h.ac_tables[0].values, "ac_tables[0]", true);
  t.dc_chroma = to_core_table(h.dc_tables[1].bits, h.dc_tables[1].values, "dc_tables[1]", false);
  t.ac_chroma = to_core_table(h.ac_tables[1].bits, h.ac_tables[1].values, "ac_tables[1]", true);
  return t;
}

template <size_t N>
void from_core_table(const jpeg::HuffmanTable& t, std::array<uint8_t, 16>& bits,
                     std::array<uint8_t, N>& values) {
  bits = t.bits;
  values.fill(0);
  std::copy_n(t.values.begin(), std::min(N, t.values.size()), values.begin());
}

}  // namespace

void apply_jpeg_param(const JpegParam& p, jpeg::EncodeParams& params) {
  JPEGE_CHECK(p.qfactor == kQfactorCustom || (p.qfactor >= 1 && p.qfactor <= 100),
              kErrVencIllegalParam, "qfactor ", p.qfactor,
              " (expected 1 to 100, or 0xFFFFFFFF for the y_qt/cb_qt/cr_qt tables)");
  JPEGE_CHECK(p.mcu_per_ecs <= 65535, kErrVencIllegalParam, "mcu_per_ecs ", p.mcu_per_ecs,
              " (a restart interval is at most 65535 MCUs)");
  std::optional<jpeg::QuantTables> quant;
  if (p.qfactor == kQfactorCustom) {
    jpeg::QuantTables q;
    const std::pair<const std::array<uint8_t, 64>*, const char*> tables[] = {
        {&p.y_qt, "y_qt"}, {&p.cb_qt, "cb_qt"}, {&p.cr_qt, "cr_qt"}};
    std::array<uint16_t, 64>* dst[] = {&q.y, &q.cb, &q.cr};
    for (int t = 0; t < 3; ++t) {
      for (int i = 0; i < 64; ++i) {
        const uint8_t v = (*tables[t].first)[static_cast<size_t>(i)];
        JPEGE_CHECK(v >= 1, kErrVencIllegalParam, tables[t].second, "[", i,
                    "] is 0 (entries are 1 to 255)");
        (*dst[t])[static_cast<size_t>(i)] = v;
      }
    }
    quant = q;
  } else {
    params.quality = static_cast<int>(p.qfactor);
  }
  // The hardware struct describes every table, so it replaces a chroma quality.
  params.quant = quant;
  params.chroma_quality.reset();
  params.restart_interval = static_cast<int>(p.mcu_per_ecs);
}

JpegParam jpeg_param_of(const jpeg::EncodeParams& params) {
  JpegParam p;
  jpeg::QuantTables q;
  if (params.quant) {
    q = *params.quant;
  } else {
    q = jpeg::quality_quant_tables(params.quality);
    if (params.chroma_quality) {
      const jpeg::QuantTables chroma = jpeg::quality_quant_tables(*params.chroma_quality);
      q.cb = chroma.cb;
      q.cr = chroma.cr;
    }
  }
  const bool custom = params.quant.has_value() || params.chroma_quality.has_value();
  p.qfactor = custom ? kQfactorCustom : static_cast<uint32_t>(params.quality);
  for (size_t i = 0; i < 64; ++i) {
    p.y_qt[i] = static_cast<uint8_t>(std::clamp<uint16_t>(q.y[i], 1, 255));
    p.cb_qt[i] = static_cast<uint8_t>(std::clamp<uint16_t>(q.cb[i], 1, 255));
    p.cr_qt[i] = static_cast<uint8_t>(std::clamp<uint16_t>(q.cr[i], 1, 255));
  }
  p.mcu_per_ecs = static_cast<uint32_t>(std::max(0, params.restart_interval));
  return p;
}

void apply_huffman_param(const HuffmanParam& huffman, jpeg::EncodeParams& params) {
  params.huffman = to_core_tables(huffman);
}

HuffmanParam huffman_param_of(const jpeg::EncodeParams& params) {
  if (!params.huffman) return default_huffman_param();
  const jpeg::HuffmanTables& h = *params.huffman;
  HuffmanParam p;
  for (size_t c = 0; c < 3; ++c) {
    from_core_table(c == 0 ? h.dc_luma : h.dc_chroma, p.dc_tables[c].bits, p.dc_tables[c].values);
    from_core_table(c == 0 ? h.ac_luma : h.ac_chroma, p.ac_tables[c].bits, p.ac_tables[c].values);
  }
  return p;
}

PictureEncoder::PictureEncoder(const Options& options)
    : base_(options.params) {
  JPEGE_CHECK(base_.quality >= 1 && base_.quality <= 100, kErrVencIllegalParam, "quality ",
              base_.quality, " (expected 1 to 100)");
  JPEGE_CHECK(!base_.chroma_quality || (*base_.chroma_quality >= 1 && *base_.chroma_quality <= 100),
              kErrVencIllegalParam, "chroma_quality ", base_.chroma_quality.value_or(0),
              " (expected 1 to 100)");
  JPEGE_CHECK(base_.restart_interval >= 0 && base_.restart_interval <= 65535, kErrVencIllegalParam,
              "restart_interval ", base_.restart_interval, " (expected 0 to 65535 MCUs)");
  if (options.comment && base_.comment.empty()) base_.comment = kJpegeComment;
  try {
    qfactor_ = jpeg_param_of(base_).qfactor;
  } catch (const Error& e) {
    JPEGE_THROW(kErrVencIllegalParam, e.what());
  }
  // Build the common one now, so bad parameters fail at set time.
  try {
    get(false, 1);
  } catch (const JpegeError&) {
    throw;
  } catch (const Error& e) {
    JPEGE_THROW(kErrVencIllegalParam, e.what());
  }
}

PictureEncoder::~PictureEncoder() = default;

size_t PictureEncoder::max_size(const InputFrame& f) const {
  const ImageView& v = f.view;
  return get(f.raw, 1).max_encoded_size(v.width, v.height, v.format());
}

size_t PictureEncoder::predict_size(const InputFrame& f) const {
  return get(f.raw, 1).predict_size(f.view);
}

size_t PictureEncoder::encode(const InputFrame& f, int threads, Scratch& out) const {
  const jpeg::Encoder& enc = get(f.raw, threads);
  // Encode straight into the reused buffer at the worst-case size, so no picture is
  // encoded twice (huge pictures, whose bound would be wasteful, grow a vector).
  const size_t bound = enc.max_encoded_size(f.view.width, f.view.height, f.view.format());
  if (bound <= kMaxScratchBytes) {
    out.ensure(bound);
    return enc.encode_into(f.view, out.data(), out.size());
  }
  const std::vector<uint8_t> v = enc.encode(f.view);
  out.ensure(v.size());
  std::memcpy(out.data(), v.data(), v.size());
  return v.size();
}

size_t PictureEncoder::encode_into(const InputFrame& f, int threads, uint8_t* dst, size_t capacity,
                                   size_t* needed) const {
  const jpeg::Encoder& enc = get(f.raw, threads);
  try {
    return enc.encode_into(f.view, dst, capacity);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kBufferTooSmall) throw;
    // The core says how much it needs in its message; encoding once more into a
    // growing buffer gives the exact figure.
    Scratch tmp;
    *needed = encode(f, threads, tmp);
    return 0;
  }
}

const jpeg::Encoder& PictureEncoder::get(bool raw, int threads) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = encoders_[{raw, threads}];
  if (!slot) {
    jpeg::EncodeParams e = base_;
    e.raw = raw || base_.raw;  // a frame's raw flag, or the channel's
    e.threads = threads;
    slot = std::make_unique<jpeg::Encoder>(e);
  }
  return *slot;
}

}  // namespace detail

uint32_t predicted_size(const InputFrame& frame, const JpegParam& param) {
  detail::PictureEncoder::Options o;
  o.params.huffman = jpeg::standard_huffman_tables();
  detail::apply_jpeg_param(param, o.params);
  o.comment = true;  // the caller-buffer mode this is for writes a COM segment
  const auto enc = std::make_unique<const detail::PictureEncoder>(o);
  const ImageView& v = frame.view;
  JPEGE_CHECK(jpeg::can_encode(v.info, frame.raw), kErrVencNotSupport,
              jpeg::cannot_encode_reason(v.info, frame.raw));
  JPEGE_CHECK(v.width >= 1 && v.height >= 1 && v.width <= 65535 && v.height <= 65535,
              kErrVencIllegalParam, "frame size ", v.width, "x", v.height);
  const size_t bound = enc->max_size(frame);
  bool have_pixels = true;
  for (int p = 0; p < v.desc().num_planes; ++p) {
    have_pixels = have_pixels && v.planes[static_cast<size_t>(p)].data != nullptr;
  }
  if (!have_pixels) return static_cast<uint32_t>(std::min<size_t>(bound, UINT32_MAX));
  size_t estimate = 0;
  try {
    estimate = enc->predict_size(frame);
  } catch (const Error& e) {
    JPEGE_THROW(kErrVencIllegalParam, e.what());
  }
  // A margin over the estimate keeps nearly every real picture inside; never more than
  // the guaranteed bound.
  const size_t margin = estimate / 4 + 4096;
  return static_cast<uint32_t>(std::min<size_t>({estimate + margin, bound, UINT32_MAX}));
}

}  // namespace framekit::jpege
