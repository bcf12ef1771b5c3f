// Helpers of the io tests: files in a scratch folder, references run as commands.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "framekit/io/image_io.h"
#include "testing/jpeg_test_util.h"

namespace framekit::io::testing {

using jpeg::testing::run_command;

// A fresh folder under /tmp, removed with everything in it.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    char name[] = "/tmp/framekit_io_XXXXXX";
    path = ::mkdtemp(name);
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

inline void write_file(const std::string& path, const std::vector<uint8_t>& data) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

// The pixels of a packed single-plane frame as tight rows.
inline std::vector<uint8_t> tight_pixels(const Frame& frame) {
  const ImageView v = frame.view();
  const size_t row = v.desc().plane_row_bytes(0, v.width);
  std::vector<uint8_t> out;
  for (int y = 0; y < v.height; ++y)
    out.insert(out.end(), v.planes[0].row(y), v.planes[0].row(y) + row);
  return out;
}

// All planes of a frame as tight rows (the layout of ffmpeg's rawvideo).
inline std::vector<uint8_t> all_planes(const Frame& f) {
  const ImageView v = f.view();
  std::vector<uint8_t> out;
  for (int p = 0; p < v.desc().num_planes; ++p) {
    const size_t row = v.desc().plane_row_bytes(p, v.width);
    for (int y = 0; y < v.plane_height(p); ++y)
      out.insert(out.end(), v.planes[p].row(y), v.planes[p].row(y) + row);
  }
  return out;
}

// The pixels after a binary PNM header ("P5"/"P6" w h maxval, one whitespace byte).
inline std::vector<uint8_t> pnm_pixels(const std::vector<uint8_t>& pnm, int* w = nullptr,
                                       int* h = nullptr) {
  int width = 0, height = 0, maxval = 0, consumed = 0;
  char magic[3] = {};
  std::string text(pnm.begin(), pnm.begin() + std::min<size_t>(pnm.size(), 64));
  if (std::sscanf(text.c_str(), "%2s %d %d %d%n", magic, &width, &height, &maxval, &consumed) != 4)
    throw std::runtime_error("bad PNM header");
  if (w) *w = width;
  if (h) *h = height;
  return std::vector<uint8_t>(pnm.begin() + consumed + 1, pnm.end());
}

// Photos of Debian's mate-backgrounds: a sequential 4:4:4, 4:2:2 and 4:2:0 one and two
// progressive ones (the large ones only in release builds).
inline std::vector<std::string> mate_photos() {
  std::vector<std::string> photos = {
      "/usr/share/backgrounds/mate/desktop/GreenTraditional.jpg",  // 4:4:4
      "/usr/share/backgrounds/mate/nature/Dune.jpg",               // 4:2:2
      "/usr/share/backgrounds/mate/nature/Aqua.jpg",               // 4:2:0
      "/usr/share/backgrounds/mate/nature/FreshFlower.jpg",        // progressive 4:2:0
  };
#if !defined(__SANITIZE_ADDRESS__)
  photos.push_back("/usr/share/backgrounds/mate/abstract/Elephants.jpg");  // progressive 4:4:4
  photos.push_back("/usr/share/backgrounds/mate/nature/Storm.jpg");
#endif
  for (const auto& p : photos)
    if (!std::filesystem::exists(p))
      throw std::runtime_error(p + " is missing: install mate-backgrounds");
  return photos;
}

}  // namespace framekit::io::testing
