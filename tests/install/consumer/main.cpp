// An installed framekit's consumer: converts an NV12 frame to RGB24, encodes the RGB
// frame as a JPEG, and sends the NV12 frame through FFmpeg's AVFrame and back.
//   consumer OUT_DIR   writes OUT_DIR/out.jpg and OUT_DIR/rgb.raw (the RGB24 pixels,
//                      rows packed) for the test to compare; exit 0 = checks passed.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "framekit/convert/convert.h"
#include "framekit/convert/ffmpeg.h"
#include "framekit/frame/video_frame.h"
#include "framekit/jpeg/encoder.h"

using namespace framekit;

namespace {

constexpr int kWidth = 96;
constexpr int kHeight = 64;
int g_failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "consumer: check failed: %s\n", what.c_str());
    ++g_failures;
  }
}

// Smooth gradients, so that a JPEG of them decodes close to the input.
void fill_nv12(const Frame& f) {
  auto* y = static_cast<uint8_t*>(f.plane_data(0));
  auto* uv = static_cast<uint8_t*>(f.plane_data(1));
  const int64_t ys = f.plane_stride_bytes(0), uvs = f.plane_stride_bytes(1);
  for (int r = 0; r < kHeight; ++r)
    for (int c = 0; c < kWidth; ++c)
      y[r * ys + c] = static_cast<uint8_t>(40 + 150 * (r + c) / (kWidth + kHeight));
  for (int r = 0; r < kHeight / 2; ++r)
    for (int c = 0; c < kWidth / 2; ++c) {
      uv[r * uvs + 2 * c] = static_cast<uint8_t>(128 + 50 * std::sin(0.1 * c));
      uv[r * uvs + 2 * c + 1] = static_cast<uint8_t>(128 - 40 * std::cos(0.12 * r));
    }
}

bool same_pixels(const Frame& a, const Frame& b) {
  if (a.format() != b.format() || a.width() != b.width() || a.height() != b.height() ||
      a.nplanes() != b.nplanes())
    return false;
  for (int p = 0; p < a.nplanes(); ++p) {
    const int rows = p == 0 ? a.height() : a.height() / 2;
    for (int r = 0; r < rows; ++r)
      if (std::memcmp(static_cast<const uint8_t*>(a.plane_data(p)) + r * a.plane_stride_bytes(p),
                      static_cast<const uint8_t*>(b.plane_data(p)) + r * b.plane_stride_bytes(p),
                      a.width()) != 0)
        return false;
  }
  return true;
}

void write_file(const std::string& path, const uint8_t* data, size_t size) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  check(out.good(), "writing " + path);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer OUT_DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  VideoFrame nv12 = VideoFrame::make(kWidth, kHeight, PixelInfo(PF_NV12, CS_BT709, CR_MPEG));
  nv12.set_pts(1234);
  fill_nv12(nv12.frame());

  VideoFrame rgb = convert(nv12, MediaDesc{}, MediaDesc().pixel_format(PF_RGB24));
  check(rgb.width() == kWidth && rgb.height() == kHeight, "converted size");
  check(rgb.frame().format() == PF_RGB24, "converted format");
  check(rgb.pts() == 1234, "pts kept by convert()");
  std::vector<uint8_t> pixels;
  for (int r = 0; r < kHeight; ++r) {
    const auto* row = static_cast<const uint8_t*>(rgb.frame().plane_data(0)) +
                      r * rgb.frame().plane_stride_bytes(0);
    pixels.insert(pixels.end(), row, row + kWidth * 3);
  }
  write_file(dir + "/rgb.raw", pixels.data(), pixels.size());

  jpeg::EncodeParams params;
  params.quality = 95;
  params.subsampling = jpeg::Subsampling::k444;
  const std::vector<uint8_t> jpg = jpeg::encode(rgb.frame(), params);
  check(jpg.size() > 4 && jpg[0] == 0xFF && jpg[1] == 0xD8, "JPEG starts with SOI");
  write_file(dir + "/out.jpg", jpg.data(), jpg.size());

  ffmpeg::AVFramePtr av = ffmpeg::to_avframe(nv12);
  check(av->format == AV_PIX_FMT_NV12, "AVFrame format");
  check(av->width == kWidth && av->height == kHeight, "AVFrame size");
  check(av->pts == 1234, "AVFrame pts");
  VideoFrame back = ffmpeg::to_video_frame(av.get());
  av.reset();  // the imported frame holds its own references
  check(back.pts() == 1234, "pts back from AVFrame");
  check(same_pixels(back.frame(), nv12.frame()), "NV12 pixels through AVFrame and back");

  if (g_failures != 0) return 1;
  std::printf("consumer: ok, %dx%d NV12 -> RGB24, JPEG %zu bytes, AVFrame round trip\n", kWidth,
              kHeight, jpg.size());
  return 0;
}
