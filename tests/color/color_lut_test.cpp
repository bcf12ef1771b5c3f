// The table path (repack:lut): the integer formula fitted to each table must give the
// table's codes for every input the rows can hold, the SIMD kernels must match their
// scalar twins on every target, and conversions must equal the general engine with
// the formula, with the table fallback, with and without SIMD.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "color/color_paths.h"
#include "color/sample_kernels.h"
#include "framekit/color/color.h"
#include "testing/color_reference.h"
#include "testing/simd_targets.h"

namespace framekit {
namespace {

using color_detail::SampleAffine;
using color_detail::SampleLanes;
using color_ref::OwnedImage;

// Every stored byte random: 10/12-bit samples in 16-bit words go past their maximum,
// MSB-aligned samples get noise in their low bits.
void fill_raw(const ImageView& v, uint32_t seed) {
  std::mt19937 rng(seed);
  const auto& d = v.desc();
  for (int p = 0; p < d.num_planes; ++p)
    for (int y = 0; y < v.plane_height(p); ++y) {
      uint8_t* r = v.planes[p].row(y);
      for (size_t i = 0; i < d.plane_row_bytes(p, v.width); ++i) r[i] = static_cast<uint8_t>(rng());
    }
}

bool same_rows(const ImageView& a, const ImageView& b) {
  const auto& d = a.desc();
  for (int p = 0; p < d.num_planes; ++p)
    for (int y = 0; y < a.plane_height(p); ++y)
      if (std::memcmp(a.planes[p].row(y), b.planes[p].row(y), d.plane_row_bytes(p, a.width)) != 0)
        return false;
  return true;
}

std::string name(const PixelInfo& i) {
  return std::string(pixel_format_name(i.format())) + (i.range() == CR_JPEG   ? "(full)"
                                                       : i.range() == CR_MPEG ? "(limited)"
                                                                              : "");
}

// RAII: the table path keeps its tables (no formula) while alive.
struct NoFit {
  NoFit() { color_detail::set_sample_fit_enabled(false); }
  ~NoFit() { color_detail::set_sample_fit_enabled(true); }
};

// One component of a table-path conversion, as run_sample_lut sees it.
struct Component {
  std::string what;
  float a, d;
  uint32_t smax, vmax, dmax;
};

// The components of every table-path conversion among YUV and gray formats of 8, 10,
// 12 and 16 bits (plain and MSB-aligned), both ranges on each side.
std::vector<Component> table_components() {
  const PixelFormat fmts[] = {PF_YUV420P, PF_NV12,        PF_YUV420P10LE, PF_P010LE, PF_YUV420P12LE,
                              PF_P016LE,  PF_YUV420P16LE, PF_GRAY8,       PF_GRAY16};
  std::vector<Component> out;
  for (PixelFormat s : fmts)
    for (PixelFormat d : fmts)
      for (ColorRange rs : {CR_MPEG, CR_JPEG})
        for (ColorRange rd : {CR_MPEG, CR_JPEG}) {
          const PixelInfo si(s, CS_BT709, rs), di(d, CS_BT709, rd);
          OwnedImage src(si, 4, 2), dst(di, 4, 2);
          const auto p = color_detail::plan_conversion(src.view, dst.view, {});
          if (p.path->name != "repack:lut") continue;
          const auto& sd = src.view.desc();
          const auto smax = static_cast<uint32_t>(p.src_model.max_code);
          const uint32_t vmax = sd.dtype == ScalarType::kUInt16 && !sd.msb_aligned ? 65535 : smax;
          const auto dmax = static_cast<uint32_t>(p.dst_model.max_code);
          const int comps = dst.view.desc().is_yuv() ? 3 : 1;
          for (int c = 0; c < comps; ++c)
            out.push_back({name(si) + " -> " + name(di) + " " + "YUV"[c],
                           static_cast<float>(p.affine.m[c][c]),
                           static_cast<float>(p.affine.m[c][3]), smax, vmax, dmax});
        }
  return out;
}

// The table is the general engine's expression (its writers round half up with
// std::trunc after clamping), and the fitted formula gives the table's code for every
// input: 0..smax from the table, past it (16-bit words of 10/12-bit data) from the
// same expression.
TEST(SampleLut, FormulaReproducesTheTableForEveryInput) {
  const auto comps = table_components();
  ASSERT_GT(comps.size(), 300u);
  int fitted = 0;
  std::string unfitted;
  for (const Component& c : comps) {
    SCOPED_TRACE(c.what);
    const auto table = color_detail::sample_table(c.a, c.d, c.smax, c.dmax);
    const float fmax = static_cast<float>(c.dmax);
    for (uint32_t v = 0; v <= c.smax; v += 1 + (c.smax >> 12)) {
      const float x = c.a * static_cast<float>(v) + c.d;
      ASSERT_EQ(table[v],
                static_cast<uint16_t>(std::trunc(std::min(std::max(x + 0.5F, 0.0F), fmax))))
          << v;
    }
    const auto f = color_detail::fit_sample_affine(c.a, c.d, c.vmax, c.dmax);
    if (!f) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "  %s (a=%.9g d=%.9g vmax=%u)\n", c.what.c_str(), c.a, c.d,
                    c.vmax);
      unfitted += buf;
      // Some tables are no floor of any line (float rounding at exact ties, or 16-bit
      // codes whose float steps are uneven), but 8-bit sides always fit.
      EXPECT_TRUE(c.smax > 255 && c.dmax > 255);
      continue;
    }
    ++fitted;
    EXPECT_TRUE(color_detail::sample_affine_valid(*f, c.dmax > 255));
    for (uint32_t v = 0; v <= c.vmax; ++v) {
      const uint32_t want =
          v <= c.smax ? table[v] : color_detail::sample_table_code(c.a, c.d, fmax, v);
      ASSERT_EQ(color_detail::sample_affine_code(*f, v), want) << "input " << v;
    }
  }
  std::printf("formula fitted for %d of %zu table components; tables kept for:\n%s", fitted,
              comps.size(), unfitted.c_str());
  EXPECT_GT(fitted, static_cast<int>(comps.size()) * 9 / 10);
}

// The common conversions get the 16-bit-lane forms (the fast kernels).
TEST(SampleLut, CommonConversionsGetSixteenBitLanes) {
  struct Case {
    float a, d;
    uint32_t vmax, dmax;
  };
  const Case cases[] = {{0.25F, 0.0F, 65535, 255},                     // I010 -> I420
                        {0.25F, 0.0F, 1023, 255},                      // P010 -> NV12
                        {255.0F / 219, -16.0F * 255 / 219, 255, 255},  // NV12 -> GRAY8
                        {219.0F / 255, 16.0F, 255, 255},               // J420 -> I420 Y
                        {4.0F, 0.0F, 255, 1023},                       // I420 -> I010
                        {257.0F, 0.0F, 255, 65535}};                   // GRAY8 -> GRAY16
  for (const Case& c : cases) {
    const auto f = color_detail::fit_sample_affine(c.a, c.d, c.vmax, c.dmax);
    ASSERT_TRUE(f.has_value()) << c.a << " " << c.d;
    EXPECT_LE(f->lanes, SampleLanes::kLow) << c.a << " " << c.d;
  }
}

// Parameters for the kernel tests: the fits of real tables (each in every lane form
// its numbers allow, with and without MSB-alignment shifts) and random ones.
std::vector<SampleAffine> kernel_params(bool in16, bool out16) {
  std::vector<SampleAffine> base;
  for (const Component& c : table_components()) {
    if ((c.smax > 255) != in16 || (c.dmax > 255) != out16) continue;
    if (auto f = color_detail::fit_sample_affine(c.a, c.d, c.vmax, c.dmax)) base.push_back(*f);
  }
  std::mt19937_64 rng(in16 * 2 + out16 + 1);
  for (int i = 0; i < 80; ++i) {
    SampleAffine f;
    f.shift = static_cast<int>(rng() % 47);
    f.vcap = static_cast<uint32_t>(in16 ? rng() % 65536 : rng() % 256);
    f.dmax = static_cast<uint32_t>(out16 ? 1 + rng() % 65535 : 1 + rng() % 255);
    f.mul = static_cast<int64_t>(rng() % (int64_t{1} << 46)) >> (rng() % 46);
    f.add = static_cast<int64_t>(rng() % (int64_t{1} << 62)) - (int64_t{1} << 61);
    f.add >>= rng() % 60;
    if (i % 3 == 0) f.add &= ~int64_t{0xFFFF};  // MulHigh and split forms
    if (i % 4 == 0) f.mul &= ~int64_t{0xFF};
    base.push_back(f);
    // Products that fit 16 bits (SampleLanes::kLow).
    f.shift = static_cast<int>(rng() % 16);
    f.mul = static_cast<int64_t>(rng() % (65535 / std::max<uint32_t>(f.vcap, 1) + 1));
    const int64_t room = 65535 - f.vcap * f.mul;
    f.add = static_cast<int64_t>(rng() % (2 * room + 1)) - room;
    base.push_back(f);
  }
  std::vector<SampleAffine> out;
  for (SampleAffine f : base) {
    for (int ss : {0, 6})
      for (int ds : {0, 6}) {
        if ((ss && !in16) || (ds && !out16)) continue;
        f.sshift = ss;
        f.dshift = ds;
        if (ds) f.dmax = std::min<uint32_t>(f.dmax, 65535 >> ds);
        color_detail::sample_affine_pick_lanes(f);
        for (SampleLanes lanes :
             {SampleLanes::kHigh, SampleLanes::kLow, SampleLanes::kWide, SampleLanes::kSplit}) {
          SampleAffine g = f;
          g.lanes = lanes;
          if (lanes != f.lanes) g.pre = 0;
          if (lanes == SampleLanes::kHigh)
            while (g.pre < 15 && (g.mul >> g.pre) > 65535) ++g.pre;
          if (color_detail::sample_affine_valid(g, out16)) out.push_back(g);
        }
      }
  }
  return out;
}

// SIMD kernels against their scalar twins: every target, every type pair and lane
// form, lengths 1..200, 16-bit rows at odd addresses, inputs 0, maximal and past vcap.
TEST(SampleLut, KernelsMatchScalarOnEveryTarget) {
  int checked[2][2][4] = {};
  for (bool in16 : {false, true})
    for (bool out16 : {false, true}) {
      const auto params = kernel_params(in16, out16);
      ASSERT_GT(params.size(), 50u);
      const size_t isz = in16 ? 2 : 1, osz = out16 ? 2 : 1;
      std::vector<uint8_t> in(200 * isz + 8), a(200 * osz + 16), b(a.size());
      std::mt19937 rng(7);
      const auto& scalar = test::kernels_for("scalar", color_detail::sample_kernels);
      ASSERT_STREQ(scalar.target, "scalar");
      test::for_each_target([&](const char* target) {
        const auto& simd = color_detail::sample_kernels();
        ASSERT_STREQ(simd.target, target);
        const auto pick = [&](const color_detail::SampleKernels& k) {
          return in16 ? (out16 ? k.u16_u16 : k.u16_u8) : (out16 ? k.u8_u16 : k.u8_u8);
        };
        for (size_t pi = 0; pi < params.size(); ++pi) {
          const SampleAffine& f = params[pi];
          for (int n = 1; n <= 200; n += (n < 70 ? 1 : 7)) {
            const int off = (n + static_cast<int>(pi)) % 2;  // odd addresses for 16-bit rows
            uint8_t* src = in.data() + off;
            for (size_t i = 0; i < n * isz; ++i) src[i] = static_cast<uint8_t>(rng());
            const uint32_t top = in16 ? 65535 : 255;
            const uint32_t extremes[] = {0, top, f.vcap, std::min(f.vcap + 1, top),
                                         f.vcap << f.sshift};
            for (int i = 0; i < std::min(n, 5); ++i) {
              const uint32_t v = std::min(extremes[(i + n) % 5], top);
              if (in16)
                std::memcpy(src + 2 * i, &v, 2);
              else
                src[i] = static_cast<uint8_t>(v);
            }
            std::fill(a.begin(), a.end(), 0xA5);
            std::fill(b.begin(), b.end(), 0xA5);
            pick(simd)(src, a.data() + off, n, f);
            pick(scalar)(src, b.data() + off, n, f);
            ASSERT_EQ(a, b) << "params " << pi << " n=" << n << " mul=" << f.mul << " add=" << f.add
                            << " shift=" << f.shift << " vcap=" << f.vcap
                            << " lanes=" << static_cast<int>(f.lanes);
            // The scalar twin is the formula.
            for (int i = 0; i < n; ++i) {
              uint32_t v = 0, o = 0;
              std::memcpy(&v, src + i * isz, isz);
              std::memcpy(&o, b.data() + off + i * osz, osz);
              ASSERT_EQ(o, color_detail::sample_affine_code(f, v));
            }
          }
          ++checked[in16][out16][static_cast<int>(f.lanes)];
        }
      });
    }
  for (int i = 0; i < 2; ++i)
    for (int o = 0; o < 2; ++o)
      for (int l = 0; l < 4; ++l) EXPECT_GT(checked[i][o][l], 0) << i << o << l;
}

// Conversions through convert_color equal the general engine: planar, semi-planar and
// mixed layouts (UV <-> VU too), gray, alpha, MSB-aligned and plain 16-bit words with
// out-of-range values, odd sizes and strides (rows at odd addresses), SIMD and scalar,
// with the formula and with the table fallback.
TEST(SampleLut, ConversionsMatchTheGeneralEngine) {
  const std::vector<std::pair<PixelInfo, PixelInfo>> pairs = {
      {PixelInfo(PF_YUV420P10LE), PixelInfo(PF_YUV420P)},
      {PixelInfo(PF_P010LE), PixelInfo(PF_NV12)},
      {PixelInfo(PF_P010LE), PixelInfo(PF_YUV420P)},
      {PixelInfo(PF_YUV420P10LE), PixelInfo(PF_NV12)},
      {PixelInfo(PF_NV12), PixelInfo(PF_NV21, CS_UNSPECIFIED, CR_JPEG)},
      {PixelInfo(PF_NV12), PixelInfo(PF_P010LE)},
      {PixelInfo(PF_YUV420P), PixelInfo(PF_P010LE)},
      {PixelInfo(PF_P010LE), PixelInfo(PF_P016LE)},
      {PixelInfo(PF_P016LE), PixelInfo(PF_YUV420P16LE, CS_UNSPECIFIED, CR_JPEG)},
      {PixelInfo(PF_YUV420P12LE, CS_BT709, CR_JPEG), PixelInfo(PF_YUV420P10LE)},
      {PixelInfo(PF_YUVJ420P), PixelInfo(PF_YUV420P)},
      {PixelInfo(PF_YUV420P), PixelInfo(PF_YUVJ420P)},
      {PixelInfo(PF_YUVJ420P), PixelInfo(PF_GRAY8)},
      {PixelInfo(PF_NV12), PixelInfo(PF_GRAY8)},
      {PixelInfo(PF_NV12, CS_BT709, CR_JPEG), PixelInfo(PF_GRAY8)},
      {PixelInfo(PF_P010LE), PixelInfo(PF_GRAY8)},
      {PixelInfo(PF_P016LE), PixelInfo(PF_GRAY8)},
      {PixelInfo(PF_YUV420P10LE), PixelInfo(PF_GRAY16)},
      {PixelInfo(PF_GRAY8), PixelInfo(PF_GRAY16)},
      {PixelInfo(PF_GRAY16), PixelInfo(PF_GRAY8)},
      {PixelInfo(PF_YUVA420P), PixelInfo(PF_YUVJ420P)},
      {PixelInfo(PF_YUV420P), PixelInfo(PF_YUVA420P, CS_UNSPECIFIED, CR_JPEG)},
      {PixelInfo(PF_NV16, CS_BT709, CR_JPEG), PixelInfo(PF_YUV422P, CS_BT709, CR_MPEG)},
      {PixelInfo(PF_YUV444P12LE), PixelInfo(PF_NV24)}};
  int checked = 0;
  for (const auto& [si, di] : pairs)
    for (auto [w, h] : {std::pair{1, 1}, std::pair{7, 3}, std::pair{67, 4}, std::pair{131, 5}})
      for (int pad : {0, 1})
        for (bool fit : {true, false})
          for (bool simd : {true, false}) {
            SCOPED_TRACE(name(si) + " -> " + name(di) + " " + std::to_string(w) + "x" +
                         std::to_string(h) + " pad " + std::to_string(pad) +
                         (fit ? " formula" : " table") + (simd ? " simd" : " scalar"));
            OwnedImage src(si, w, h, pad), a(di, w, h, pad), g(di, w, h);
            fill_raw(src.view, w * 31 + h + pad + si.format());
            ColorConvertOptions fast, general;
            general.use_fast_paths = false;
            ASSERT_EQ(color_conversion_path(src.view, a.view, fast), "repack:lut");
            {
              test::ScopedSimdTarget forced(simd ? "auto" : "scalar");
              std::unique_ptr<NoFit> no_fit;
              if (!fit) no_fit = std::make_unique<NoFit>();
              convert_color(src.view, a.view, fast);
            }
            convert_color(src.view, g.view, general);
            ASSERT_TRUE(same_rows(a.view, g.view));
            ++checked;
          }
  EXPECT_EQ(checked, static_cast<int>(pairs.size()) * 4 * 2 * 2 * 2);
}

}  // namespace
}  // namespace framekit
