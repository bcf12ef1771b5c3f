// One fuzz case: bytes → encoder parameters, image format, size, strides and pixels.
// Shared by the randomized gtest driver (runs in CI) and the libFuzzer target
// (tests/fuzz/jpeg_encoder_fuzz.cpp). Every outcome must be either a JPEG that
// TurboJPEG decodes at the right size, or a framekit::Error for invalid parameters —
// never a crash or a write outside the caller's buffer.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "framekit/core/error.h"
#include "testing/jpeg_test_util.h"

namespace framekit::jpeg::testing {

class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint32_t next(uint32_t range) {  // 0..range-1 (0 when out of bytes)
    uint32_t v = 0;
    for (int i = 0; i < 3; ++i) v = v << 8 | (pos_ < size_ ? data_[pos_++] : 0);
    return range ? v % range : 0;
  }
  uint8_t byte(size_t i) const { return size_ ? data_[i % size_] : static_cast<uint8_t>(i * 31); }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

[[noreturn]] inline void fuzz_fail(const std::string& what) {
  std::fprintf(stderr, "jpeg fuzz: %s\n", what.c_str());
  std::abort();
}

inline void fuzz_one(const uint8_t* data, size_t size) {
  static const PixelFormat kFormats[] = {
      PF_NV12,    PF_NV21,    PF_YUV420P, PF_YUVJ420P, PF_YUV422P, PF_NV16,  PF_YUYV422,
      PF_UYVY422, PF_YVYU422, PF_VYUY422, PF_YUV444P,  PF_NV24,    PF_GRAY8, PF_RGB24,
      PF_BGR24,   PF_RGBA32,  PF_BGRA32,  PF_P010LE,   PF_GRAY16,  PF_ARGB32};
  static const ColorSpace kSpaces[] = {CS_UNSPECIFIED, CS_BT470BG,   CS_BT709,
                                       CS_BT2020_NCL,  CS_SMPTE240M, CS_YCGCO};
  ByteReader in(data, size);
  const PixelFormat format = kFormats[in.next(sizeof(kFormats) / sizeof(kFormats[0]))];
  const ColorSpace space = kSpaces[in.next(6)];
  const ColorRange range = static_cast<ColorRange>(in.next(3));
  const int width = 1 + static_cast<int>(in.next(90));
  const int height = 1 + static_cast<int>(in.next(70));
  const int pad = static_cast<int>(in.next(9));
  EncodeParams p;
  p.quality = static_cast<int>(in.next(103));  // 0 and 101, 102 are invalid
  p.restart_interval = in.next(4) == 0 ? static_cast<int>(in.next(12)) : 0;
  p.optimize_huffman = in.next(4) == 0;
  // Any subsampling for any input (5 = unset): YUV and gray input take only some.
  const uint32_t sub_choice = in.next(6);
  if (sub_choice < 5) p.subsampling = static_cast<Subsampling>(sub_choice);
  p.raw = in.next(5) == 0;
  p.threads = static_cast<int>(in.next(4));
  if (in.next(8) == 0) p.comment = "fuzz";
  if (in.next(8) == 0) p.app_segments.push_back({static_cast<int>(in.next(17)), {1, 2, 3}});
  const size_t capacity_choice = in.next(4);
  if (in.next(8) == 0) p.chroma_quality = static_cast<int>(in.next(103));
  if (in.next(8) == 0) p.exif = {'I', 'I', '*', 0, 8, 0, 0, 0};
  if (in.next(8) == 0) p.icc_profile.assign(in.next(70000), 0x5A);
  if (in.next(8) == 0) p.density = {Density::Unit::kDpi, 300, 300};

  const auto& d = pixel_format_desc(format);
  OwnedImage img;
  img.view.info = PixelInfo(format, space, range);
  img.view.width = width;
  img.view.height = height;
  img.planes.resize(d.num_planes);
  size_t k = 0;
  for (int pl = 0; pl < d.num_planes; ++pl) {
    const size_t stride = d.plane_row_bytes(pl, width) + pad;
    img.planes[pl].resize(stride * d.plane_height(pl, height));
    for (auto& b : img.planes[pl]) b = in.byte(k++ * 7 + 3);
    img.view.planes[pl] = PlaneView{img.planes[pl].data(), static_cast<ptrdiff_t>(stride)};
  }

  std::vector<uint8_t> jpg;
  try {
    const Encoder enc(p);
    jpg = enc.encode(img.view);
    const size_t bound = enc.max_encoded_size(width, height, format);
    if (jpg.size() > bound) fuzz_fail("output above max_encoded_size");
    if (enc.predict_size(img.view) == 0) fuzz_fail("zero prediction");
    // A caller's buffer: exact, too small by a random amount, or roomy.
    size_t cap = capacity_choice == 0   ? jpg.size()
                 : capacity_choice == 1 ? jpg.size() / 2
                 : capacity_choice == 2 ? (jpg.size() ? jpg.size() - 1 : 0)
                                        : bound;
    std::vector<uint8_t> buf(cap + 32, 0xC3);
    try {
      const size_t n = enc.encode_into(img.view, buf.data(), cap);
      if (n != jpg.size() || !std::equal(jpg.begin(), jpg.end(), buf.begin()))
        fuzz_fail("encode_into differs from encode");
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kBufferTooSmall || cap >= jpg.size())
        fuzz_fail(std::string("encode_into: ") + e.what());
    }
    for (size_t i = cap; i < buf.size(); ++i)
      if (buf[i] != 0xC3) fuzz_fail("wrote past capacity");
  } catch (const Error& e) {
    // Only these inputs may fail: bad quality, unsupported format or matrix, bad APPn.
    const bool bad_quality = p.quality < 1 || p.quality > 100;
    const bool unsupported = format == PF_P010LE || format == PF_GRAY16 || format == PF_ARGB32 ||
                             (space == CS_YCGCO && d.is_yuv() && !p.raw);
    const bool bad_app = !p.app_segments.empty() && p.app_segments[0].n > 15;
    const bool bad_chroma_quality =
        p.chroma_quality && (*p.chroma_quality < 1 || *p.chroma_quality > 100);
    // YUV input is coded at its own subsampling or as gray, gray input as gray.
    const Subsampling own = d.is_gray()              ? Subsampling::kGray
                            : d.log2_chroma_w == 0   ? Subsampling::k444
                            : d.log2_chroma_h == 0   ? Subsampling::k422
                                                     : Subsampling::k420;
    const bool bad_subsampling = p.subsampling && !d.is_rgb() && *p.subsampling != own &&
                                 *p.subsampling != Subsampling::kGray;
    const bool other_error = bad_quality || bad_app || bad_chroma_quality ||
                             format == PF_P010LE || format == PF_GRAY16 || format == PF_ARGB32;
    if (bad_subsampling && !other_error &&
        std::string(e.what()).find(std::string(d.name) + " input") == std::string::npos)
      fuzz_fail(std::string("subsampling error without the input format: ") + e.what());
    if (!bad_quality && !unsupported && !bad_app && !bad_chroma_quality && !bad_subsampling)
      fuzz_fail(std::string("unexpected error: ") + e.what());
    return;
  }
  try {
    const bool gray = format == PF_GRAY8 || p.subsampling == Subsampling::kGray;
    const Decoded dec = tj_decode(jpg, gray);
    if (dec.width != width || dec.height != height) fuzz_fail("decoded size differs");
  } catch (const std::exception& e) {
    fuzz_fail(std::string("TurboJPEG cannot decode: ") + e.what());
  }
}

}  // namespace framekit::jpeg::testing
