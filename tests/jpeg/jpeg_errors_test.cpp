// Bad input gets a clear framekit::Error (code + a message naming the value), never a
// crash or a write outside the caller's buffer.
#include <gtest/gtest.h>

#include <string>

#include "framekit/core/error.h"
#include "testing/jpeg_test_util.h"

namespace framekit::jpeg {
namespace {

using testing::make_image;

// Runs fn, expects Error with `code` whose message contains `needle`.
template <class Fn>
void expect_error(Fn&& fn, ErrorCode code, const std::string& needle) {
  try {
    fn();
    ADD_FAILURE() << "no error; expected one mentioning '" << needle << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
        << "message '" << e.what() << "' lacks '" << needle << "'";
  }
}

TEST(JpegErrors, QualityOutOfRange) {
  for (int q : {0, 101, -5}) {
    EncodeParams p;
    p.quality = q;
    expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "quality " + std::to_string(q));
  }
}

TEST(JpegErrors, ZeroAndOversizedQuantiser) {
  EncodeParams p;
  p.quant = quality_quant_tables(50);
  p.quant->cb[9] = 0;
  expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "cb entry 9");
  p.quant = quality_quant_tables(50);
  p.quant->y[63] = 256;
  expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "is 256");
}

TEST(JpegErrors, InvalidHuffmanTables) {
  const HuffmanTables good = standard_huffman_tables();
  {
    EncodeParams p;
    p.huffman = good;
    p.huffman->ac_luma.values.pop_back();  // counts no longer match
    expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "ac_luma counts 162");
  }
  {
    EncodeParams p;
    p.huffman = good;
    p.huffman->dc_luma.bits = {3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // 3 codes of 1 bit
    p.huffman->dc_luma.values = {0, 1, 2};
    expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "too many codes");
  }
  {
    EncodeParams p;
    p.huffman = good;
    p.huffman->dc_chroma.bits = {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // uses "1"
    p.huffman->dc_chroma.values = {0, 1};
    expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "too many codes");
  }
  {
    EncodeParams p;
    p.huffman = good;
    p.huffman->dc_luma.values[3] = 12;
    expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "DC symbol 12");
  }
  {
    EncodeParams p;
    p.huffman = good;
    p.huffman->ac_chroma.values[0] = 0x0B;  // size 11 does not exist for AC
    expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "AC symbol 0xb");
  }
  {
    EncodeParams p;
    p.huffman = good;
    p.huffman->ac_luma.values[1] = p.huffman->ac_luma.values[0];
    expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "twice");
  }
  {
    // Valid but incomplete: no code for most AC symbols. Encoding an image that needs
    // one fails with a message naming the symbol.
    EncodeParams p;
    p.huffman = good;
    p.huffman->ac_luma.bits = {0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    p.huffman->ac_luma.values = {0x00, 0x01};
    const Encoder enc(p);
    const auto img = make_image(PixelInfo(PF_GRAY8), 16, 16);
    expect_error([&] { enc.encode(img.view); }, ErrorCode::kInvalidArgument,
                 "no code for AC symbol");
  }
}

TEST(JpegErrors, OtherParameters) {
  EncodeParams p;
  p.restart_interval = -1;
  expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "restart_interval -1");
  p = {};
  p.restart_interval = 65536;
  expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "restart_interval 65536");
  p = {};
  p.threads = -2;
  expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "threads -2");
  p = {};
  p.app_segments.push_back({16, {1, 2}});
  expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "APP16");
  p = {};
  p.app_segments.push_back({1, std::vector<uint8_t>(65534)});
  expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "65534 bytes");
  p = {};
  p.comment.assign(70000, 'x');
  expect_error([&] { Encoder{p}; }, ErrorCode::kInvalidArgument, "comment has 70000");
}

TEST(JpegErrors, BadImages) {
  const Encoder enc;
  auto img = make_image(PixelInfo(PF_NV12), 16, 16);
  ImageView v = img.view;
  v.width = 0;
  expect_error([&] { enc.encode(v); }, ErrorCode::kInvalidArgument, "0x16");
  v = img.view;
  v.height = -3;
  expect_error([&] { enc.encode(v); }, ErrorCode::kInvalidArgument, "16x-3");
  v = img.view;
  v.planes[1].data = nullptr;
  expect_error([&] { enc.encode(v); }, ErrorCode::kInvalidArgument, "plane 1");
  v = img.view;
  v.planes[0].stride = 15;
  expect_error([&] { enc.encode(v); }, ErrorCode::kInvalidArgument, "stride 15");
  v = img.view;
  v.info = PixelInfo();
  expect_error([&] { enc.encode(v); }, ErrorCode::kInvalidArgument, "not set");

  auto p010 = make_image(PixelInfo(PF_GRAY8), 16, 16);
  ImageView pv = p010.view;
  pv.info = PixelInfo(PF_GRAY16);
  pv.planes[0].stride = 32;
  expect_error([&] { enc.encode(pv); }, ErrorCode::kUnsupported, "gray16le");
  pv.info = PixelInfo(PF_ARGB32);
  pv.planes[0].stride = 64;
  expect_error([&] { enc.encode(pv); }, ErrorCode::kUnsupported, "argb");

  // A YUV matrix that is not Kr/Kb (YCgCo) cannot be converted for JFIF.
  ImageView yv = img.view;
  yv.info = PixelInfo(PF_NV12, CS_YCGCO, CR_JPEG);
  expect_error([&] { enc.encode(yv); }, ErrorCode::kUnsupported, "ycgco");

  std::vector<uint8_t> wide(70000);
  ImageView big;
  big.info = PixelInfo(PF_GRAY8);
  big.width = 65536;
  big.height = 1;
  big.planes[0] = {wide.data(), 70000};
  expect_error([&] { enc.encode(big); }, ErrorCode::kInvalidArgument, "65536x1");
  expect_error([&] { enc.max_encoded_size(0, 5, PF_NV12); }, ErrorCode::kInvalidArgument, "0x5");
}

TEST(JpegErrors, BufferTooSmallNamesTheSizeAndStaysInside) {
  const auto img = make_image(PixelInfo(PF_YUVJ420P), 64, 48);
  const Encoder enc;
  const auto full = enc.encode(img.view);
  for (size_t cap : {size_t{0}, size_t{10}, size_t{300}, full.size() - 1}) {
    std::vector<uint8_t> buf(full.size() + 64, 0xA5);
    try {
      enc.encode_into(img.view, buf.data(), cap);
      ADD_FAILURE() << "capacity " << cap << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kBufferTooSmall);
      EXPECT_NE(std::string(e.what()).find("needs " + std::to_string(full.size()) + " bytes"),
                std::string::npos)
          << e.what();
    }
    for (size_t i = cap; i < buf.size(); ++i) ASSERT_EQ(buf[i], 0xA5) << "wrote byte " << i;
  }
  std::vector<uint8_t> exact(full.size());
  EXPECT_EQ(enc.encode_into(img.view, exact.data(), exact.size()), full.size());
  EXPECT_EQ(exact, full);
  expect_error([&] { enc.encode_into(img.view, nullptr, 100); }, ErrorCode::kInvalidArgument,
               "null pointer");
}

}  // namespace
}  // namespace framekit::jpeg
