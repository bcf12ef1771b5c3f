// Helpers for the geometry tests: owning images with padded strides, random content,
// OpenCV views of planes, and a loop over every SIMD target the machine runs.
#pragma once

#include <gtest/gtest.h>
#include <hwy/targets.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <vector>

#include <opencv2/core.hpp>

#include "framekit/geometry/geometry.h"
#include "framekit/pixel/image_view.h"
#include "geometry/geometry_internal.h"
#include "testing/simd_targets.h"

namespace framekit::test {

// An image that owns its planes. Rows have `pad` spare bytes so strides differ from
// row sizes; the pad bytes hold a canary that must survive every operation.
struct TestImage {
  PixelInfo info;
  int width = 0, height = 0;
  int pad = 0;
  std::vector<std::vector<uint8_t>> mem;
  ImageView v;

  static constexpr uint8_t kCanary = 0xA5;

  TestImage(PixelFormat f, int w, int h, int pad_bytes = 8)
      : info(f), width(w), height(h), pad(pad_bytes) {
    v.info = info;
    v.width = w;
    v.height = h;
    const auto& d = info.desc();
    mem.resize(d.num_planes);
    for (int p = 0; p < d.num_planes; ++p) {
      const size_t row = d.plane_row_bytes(p, w) + pad;
      mem[p].assign(row * d.plane_height(p, h), kCanary);
      v.planes[p] = PlaneView{mem[p].data(), static_cast<ptrdiff_t>(row)};
    }
  }
  const PixelFormatDesc& desc() const { return info.desc(); }
  size_t row_bytes(int p) const { return desc().plane_row_bytes(p, width); }
  int plane_w(int p) const { return desc().plane_width(p, width); }
  int plane_h(int p) const { return desc().plane_height(p, height); }

  // Random samples; 16-bit samples respect the format's bit depth and MSB alignment.
  void fill_random(uint32_t seed) {
    std::mt19937 rng(seed);
    const auto& d = desc();
    for (int p = 0; p < d.num_planes; ++p) {
      for (int y = 0; y < plane_h(p); ++y) {
        uint8_t* r = v.planes[p].row(y);
        if (d.dtype == ScalarType::kUInt8) {
          for (size_t i = 0; i < row_bytes(p); ++i) r[i] = static_cast<uint8_t>(rng());
        } else if (d.dtype == ScalarType::kUInt16) {
          auto* s = reinterpret_cast<uint16_t*>(r);
          const int shift = d.msb_aligned ? 16 - d.bit_depth : 0;
          for (size_t i = 0; i < row_bytes(p) / 2; ++i)
            s[i] = static_cast<uint16_t>((rng() & ((1u << d.bit_depth) - 1)) << shift);
        } else {
          auto* s = reinterpret_cast<float*>(r);
          std::uniform_real_distribution<float> u(0.f, 1.f);
          for (size_t i = 0; i < row_bytes(p) / 4; ++i) s[i] = u(rng);
        }
      }
    }
  }

  // Smooth content (gradients plus a little noise), closer to photographs.
  void fill_smooth(uint32_t seed) {
    std::mt19937 rng(seed);
    const auto& d = desc();
    for (int p = 0; p < d.num_planes; ++p) {
      for (int y = 0; y < plane_h(p); ++y) {
        uint8_t* r = v.planes[p].row(y);
        for (size_t i = 0; i < row_bytes(p); ++i)
          r[i] = static_cast<uint8_t>((i * 7 + y * 5 + p * 40 + (rng() & 15)) & 0xFF);
      }
    }
  }

  bool canaries_intact() const {
    const auto& d = desc();
    for (int p = 0; p < d.num_planes; ++p)
      for (int y = 0; y < plane_h(p); ++y)
        for (int i = 0; i < pad; ++i)
          if (v.planes[p].row(y)[row_bytes(p) + i] != kCanary) return false;
    return true;
  }

  // The plane as a cv::Mat of `channels` samples per pixel (no copy).
  cv::Mat mat(int p) const {
    const auto& d = desc();
    const int depth = d.dtype == ScalarType::kUInt8    ? CV_8U
                      : d.dtype == ScalarType::kUInt16 ? CV_16U
                                                       : CV_32F;
    return cv::Mat(plane_h(p), plane_w(p), CV_MAKETYPE(depth, d.planes[p].channels),
                   v.planes[p].data, static_cast<size_t>(v.planes[p].stride));
  }

  bool same_pixels(const TestImage& o) const {
    for (int p = 0; p < desc().num_planes; ++p)
      for (int y = 0; y < plane_h(p); ++y)
        if (std::memcmp(v.planes[p].row(y), o.v.planes[p].row(y), row_bytes(p)) != 0) return false;
    return true;
  }
};

// Largest absolute difference of two 8-bit or 16-bit mats of the same shape.
inline double max_abs_diff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat d;
  cv::absdiff(a.reshape(1), b.reshape(1), d);
  double mx = 0;
  cv::minMaxLoc(d, nullptr, &mx);
  return mx;
}

// RAII: the scalar twins forced through the SIMD switch while alive.
struct ForceScalar : ScopedSimdTarget {
  ForceScalar() : ScopedSimdTarget("scalar") {}
};

// Packed 4:2:2 split into luma and 2-channel chroma mats (test-side reference code).
struct Split422 {
  cv::Mat y, c;  // luma W x H, chroma ceil(W/2) x H x 2 (memory order)
};

inline Split422 split_packed(const TestImage& im) {
  const std::string_view comps = im.desc().planes[0].components;
  const int yp0 = static_cast<int>(comps.find('Y')), yp1 = static_cast<int>(comps.rfind('Y'));
  int cp[2], n = 0;
  for (int i = 0; i < 4; ++i)
    if (comps[i] != 'Y') cp[n++] = i;
  const int W = im.width, H = im.height, pairs = (W + 1) / 2;
  Split422 s{cv::Mat(H, W, CV_8UC1), cv::Mat(H, pairs, CV_8UC2)};
  for (int y = 0; y < H; ++y) {
    const uint8_t* r = im.v.planes[0].row(y);
    for (int k = 0; k < pairs; ++k) {
      s.y.at<uint8_t>(y, 2 * k) = r[4 * k + yp0];
      if (2 * k + 1 < W) s.y.at<uint8_t>(y, 2 * k + 1) = r[4 * k + yp1];
      s.c.at<cv::Vec2b>(y, k) = cv::Vec2b(r[4 * k + cp[0]], r[4 * k + cp[1]]);
    }
  }
  return s;
}

inline const char* mode_name(ResizeMode m) {
  return resize_mode_name(m).data();
}

}  // namespace framekit::test
