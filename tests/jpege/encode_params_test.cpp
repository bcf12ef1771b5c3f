// Engine::set_encode_params / get_encode_params: a channel with the full
// jpeg::EncodeParams gives jpeg::encode's bytes for the same parameters (whatever the
// engine lends the picture), and the hardware calls (set_jpeg_param, set_huffman_param,
// compact_jpeg_tables) are views of that one state.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "framekit/jpeg/encoder.h"
#include "framekit/jpege/engine.h"
#include "testing/jpege_test_util.h"

namespace framekit::jpege {
namespace {

using jpege_test::attr_for;
using jpege_test::count_segments;
using jpege_test::jpeg_segments;
using jpege_test::TestPicture;

std::vector<uint8_t> encode_on(Engine& engine, int chn, const InputFrame& f) {
  engine.send_frame(chn, f, -1);
  const Stream s = engine.get_stream(chn, 20000);
  std::vector<uint8_t> out(s.pack.data, s.pack.data + s.pack.len);
  engine.release_stream(chn, s);
  return out;
}

InputFrame frame_of(const ImageView& v, bool raw) {
  InputFrame f;
  f.view = v;
  f.raw = raw;
  return f;
}

std::vector<jpeg::EncodeParams> param_sets() {
  std::vector<jpeg::EncodeParams> sets;
  sets.emplace_back();  // jpeg::kDefaultQuality
  jpeg::EncodeParams p;
  p.quality = 92;
  p.subsampling = jpeg::Subsampling::k444;
  p.optimize_huffman = true;
  sets.push_back(p);
  p = {};
  p.quality = 50;
  p.restart_interval = 5;
  p.comment = "engine";
  p.compact_tables = true;
  sets.push_back(p);
  p = {};
  p.quality = 90;
  p.chroma_quality = 40;
  p.subsampling = jpeg::Subsampling::kGray;
  sets.push_back(p);
  p = {};
  jpeg::QuantTables q;
  for (size_t i = 0; i < 64; ++i) {
    q.y[i] = static_cast<uint16_t>(1 + i * 3 % 200);
    q.cb[i] = static_cast<uint16_t>(2 + i * 5 % 150);
    q.cr[i] = static_cast<uint16_t>(3 + i * 7 % 100);
  }
  p.quant = q;
  p.raw = true;
  sets.push_back(p);
  p = {};
  p.quality = 85;
  p.progressive = true;
  p.restart_interval = 9;
  p.density = {jpeg::Density::Unit::kDpi, 300, 300};
  p.exif = {'I', 'I', '*', 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  p.icc_profile.assign(70000, 0x5A);  // two APP2 segments
  sets.push_back(p);
  return sets;
}

TEST(EncodeParams, NewChannelKeepsTheSdkDefaultQfactor) {
  Engine engine({.workers = 1});
  engine.create_channel(0, attr_for(64, 64, 1 << 20));
  EXPECT_EQ(engine.get_encode_params(0).quality, 100);
  EXPECT_EQ(engine.get_jpeg_param(0).qfactor, 100u);
  EXPECT_FALSE(engine.get_encode_params(0).chroma_quality.has_value());
}

TEST(EncodeParams, ChannelBytesAreJpegEncodeBytes) {
  // 1024x1024 is big enough for the engine to lend idle workers; the bytes must not care.
  TestPicture nv12(PF_NV12, 1024, 1024, 7);
  TestPicture rgb(PF_RGB24, 333, 77, 8);
  Engine engine({.workers = 3});
  engine.create_channel(0, attr_for(1024, 1024, 16 << 20));
  engine.start_channel(0);
  for (const jpeg::EncodeParams& p : param_sets()) {
    engine.set_encode_params(0, p);
    for (const ImageView* v : {&nv12.view, &rgb.view}) {
      if (v->format() == PF_NV12 && p.subsampling && *p.subsampling == jpeg::Subsampling::k444) {
        continue;  // YUV input takes only its own subsampling or gray
      }
      for (bool raw : {false, true}) {
        jpeg::EncodeParams want = p;
        want.raw = p.raw || raw;
        const std::vector<uint8_t> ref = jpeg::encode(*v, want);
        for (int i = 0; i < 3; ++i) {
          EXPECT_EQ(encode_on(engine, 0, frame_of(*v, raw)), ref)
              << "quality " << p.quality << ", " << v->width << "x" << v->height << " raw "
              << raw << ", encode " << i;
        }
      }
    }
  }
}

TEST(EncodeParams, CallerBufferModeKeepsItsCommentUnlessGivenOne) {
  TestPicture pic(PF_NV12, 64, 48, 3);
  Engine engine({.workers = 1});
  engine.create_channel(0, attr_for(64, 48, 0));
  engine.start_channel(0);
  alignas(16) static uint8_t out[1 << 16];
  auto comments = [&] {
    engine.send_jpege_frame(0, frame_of(pic.view, true), out, sizeof out, -1);
    const Stream s = engine.get_stream(0, 10000);
    std::vector<std::string> found;
    for (const auto& seg : jpeg_segments(s.pack.data, s.pack.len)) {
      if (seg.marker == 0xFE) found.emplace_back(seg.payload.begin(), seg.payload.end());
    }
    engine.release_stream(0, s);
    return found;
  };
  jpeg::EncodeParams p;
  engine.set_encode_params(0, p);
  EXPECT_EQ(comments(), std::vector<std::string>{"framekit j"});
  EXPECT_EQ(engine.get_encode_params(0).comment, "");  // the mode's comment is not a parameter
  p.comment = "mine";
  engine.set_encode_params(0, p);
  EXPECT_EQ(comments(), std::vector<std::string>{"mine"});
}

TEST(EncodeParams, HardwareCallsAreViewsOfTheSameState) {
  Engine engine({.workers = 1});
  engine.create_channel(0, attr_for(64, 64, 1 << 20));
  jpeg::EncodeParams p;
  p.quality = 90;
  p.chroma_quality = 40;
  p.optimize_huffman = true;
  p.comment = "kept";
  engine.set_encode_params(0, p);

  // A chroma quality has no qfactor: the tables the encoder uses are reported instead.
  const JpegParam jp = engine.get_jpeg_param(0);
  EXPECT_EQ(jp.qfactor, kQfactorCustom);
  const jpeg::QuantTables luma = jpeg::quality_quant_tables(90);
  const jpeg::QuantTables chroma = jpeg::quality_quant_tables(40);
  for (size_t i = 0; i < 64; ++i) {
    EXPECT_EQ(jp.y_qt[i], luma.y[i]);
    EXPECT_EQ(jp.cb_qt[i], chroma.cb[i]);
    EXPECT_EQ(jp.cr_qt[i], chroma.cr[i]);
  }

  JpegParam hw = engine.get_jpeg_param(0);
  hw.qfactor = 80;
  hw.mcu_per_ecs = 3;
  engine.set_jpeg_param(0, hw);
  jpeg::EncodeParams now = engine.get_encode_params(0);
  EXPECT_EQ(now.quality, 80);
  EXPECT_FALSE(now.chroma_quality.has_value());  // the hardware struct sets every table
  EXPECT_FALSE(now.quant.has_value());
  EXPECT_EQ(now.restart_interval, 3);
  EXPECT_TRUE(now.optimize_huffman);  // untouched by set_jpeg_param
  EXPECT_EQ(now.comment, "kept");

  engine.compact_jpeg_tables(0, 0, true);
  EXPECT_TRUE(engine.get_encode_params(0).compact_tables);
  engine.set_huffman_param(0, default_huffman_param());
  ASSERT_TRUE(engine.get_encode_params(0).huffman.has_value());
  EXPECT_EQ(engine.get_encode_params(0).huffman->ac_luma.values,
            jpeg::standard_huffman_tables().ac_luma.values);
  const HuffmanParam back = engine.get_huffman_param(0);
  const HuffmanParam want = default_huffman_param();
  for (size_t c = 0; c < 3; ++c) {
    EXPECT_EQ(back.dc_tables[c].bits, want.dc_tables[c].bits);
    EXPECT_EQ(back.ac_tables[c].values, want.ac_tables[c].values);
  }
}

TEST(EncodeParams, BadParametersThrowIllegalParamAndChangeNothing) {
  Engine engine({.workers = 1});
  engine.create_channel(0, attr_for(64, 64, 1 << 20));
  jpeg::EncodeParams good;
  good.quality = 66;
  engine.set_encode_params(0, good);
  std::vector<jpeg::EncodeParams> bad(5, good);
  bad[0].quality = 0;
  bad[1].chroma_quality = 101;
  bad[2].restart_interval = 70000;
  jpeg::QuantTables q = jpeg::quality_quant_tables(50);
  q.cb[10] = 0;
  bad[3].quant = q;
  bad[4].comment.assign(70000, 'c');
  for (size_t i = 0; i < bad.size(); ++i) {
    try {
      engine.set_encode_params(0, bad[i]);
      ADD_FAILURE() << "case " << i << " was accepted";
    } catch (const JpegeError& e) {
      EXPECT_EQ(e.hi_code(), kErrVencIllegalParam) << e.what();
    }
    EXPECT_EQ(engine.get_encode_params(0).quality, 66) << "case " << i;
    EXPECT_EQ(engine.get_encode_params(0).restart_interval, 0) << "case " << i;
  }
}

TEST(EncodeParams, AFrameItsSubsamplingCannotTakeFailsAsIllegalParam) {
  TestPicture gray(PF_GRAY8, 32, 32, 1);
  TestPicture rgb(PF_RGB24, 32, 32, 2);
  Engine engine({.workers = 1});
  engine.create_channel(0, attr_for(32, 32, 1 << 20));
  engine.start_channel(0);
  jpeg::EncodeParams p;
  p.subsampling = jpeg::Subsampling::k420;
  engine.set_encode_params(0, p);
  engine.send_frame(0, frame_of(gray.view, false), -1);
  std::string error;
  const std::optional<Stream> s = engine.try_get_stream(0, 10000, &error);
  ASSERT_TRUE(s.has_value());
  if (s->ok()) engine.release_stream(0, *s);
  EXPECT_EQ(s->status, kErrVencIllegalParam);
  EXPECT_NE(error.find("gray"), std::string::npos) << error;
  // The channel goes on.
  const std::vector<uint8_t> jpg = encode_on(engine, 0, frame_of(rgb.view, false));
  EXPECT_EQ(jpg, jpeg::encode(rgb.view, p));
  EXPECT_EQ(count_segments(jpg.data(), jpg.size(), 0xC0), 1);
}

}  // namespace
}  // namespace framekit::jpege
