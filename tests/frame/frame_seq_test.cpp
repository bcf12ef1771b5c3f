// FrameSeq and concat, checked sample by sample against the source frames read through
// their own byte strides (the plain reference: no tensor indexing involved).
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "framekit/core/error.h"
#include "framekit/frame/frame_seq.h"

using namespace framekit;

namespace {

// Sample (row, col, channel) of plane p of a frame, read through raw byte strides.
template <typename T>
T sample(const Frame& f, int p, int64_t y, int64_t x, int64_t c) {
  const Tensor& t = f.plane(p);
  const auto* base = static_cast<const uint8_t*>(t.unsafe_data());
  const int64_t off = (y * t.stride(0) + x * t.stride(1) + c * t.stride(2)) * int64_t(sizeof(T));
  T v;
  std::memcpy(&v, base + off, sizeof(T));
  return v;
}

// Sample (n, row, col, channel) of a sequence plane, read the same way.
template <typename T>
T seq_sample(const Tensor& t, int64_t n, int64_t y, int64_t x, int64_t c) {
  const auto* base = static_cast<const uint8_t*>(t.unsafe_data());
  const int64_t off =
      (n * t.stride(0) + y * t.stride(1) + x * t.stride(2) + c * t.stride(3)) * int64_t(sizeof(T));
  T v;
  std::memcpy(&v, base + off, sizeof(T));
  return v;
}

// A frame whose every sample differs from its neighbours and from other frames' (seed).
Frame patterned(int w, int h, PixelFormat fmt, int seed, int row_align = 1) {
  Frame f(w, h, PixelInfo(fmt), Device(), row_align);
  const auto& d = f.desc();
  for (int p = 0; p < f.nplanes(); ++p) {
    const Tensor& t = f.plane(p);
    for (int64_t y = 0; y < t.size(0); ++y) {
      for (int64_t x = 0; x < t.size(1); ++x) {
        for (int64_t c = 0; c < t.size(2); ++c) {
          const uint32_t v = uint32_t(seed * 131 + p * 71 + y * 17 + x * 5 + c * 3);
          auto* base = static_cast<uint8_t*>(t.unsafe_data());
          const int64_t off = (y * t.stride(0) + x * t.stride(1) + c * t.stride(2)) *
                              int64_t(d.sample_size());
          if (d.sample_size() == 1) {
            base[off] = uint8_t(v);
          } else {
            const uint16_t v16 = uint16_t(v * 37);
            std::memcpy(base + off, &v16, 2);
          }
        }
      }
    }
  }
  return f;
}

template <typename T>
void expect_seq_holds(const FrameSeq& seq, const std::vector<Frame>& frames, int64_t first = 0) {
  for (int64_t n = 0; n < seq.batch(); ++n) {
    const Frame& f = frames[first + n];
    for (int p = 0; p < f.nplanes(); ++p) {
      const Tensor& t = seq.plane(p);
      ASSERT_EQ(t.size(1), f.plane(p).size(0));
      ASSERT_EQ(t.size(2), f.plane(p).size(1));
      for (int64_t y = 0; y < t.size(1); ++y)
        for (int64_t x = 0; x < t.size(2); ++x)
          for (int64_t c = 0; c < t.size(3); ++c)
            ASSERT_EQ(seq_sample<T>(t, n, y, x, c), sample<T>(f, p, y, x, c))
                << "frame " << n << " plane " << p << " at " << y << "," << x << "," << c;
    }
  }
}

}  // namespace

TEST(FrameSeq, ConcatStacksEveryPlaneOfEveryFrame) {
  for (PixelFormat fmt : {PF_YUV420P, PF_NV12, PF_RGB24, PF_P010LE, PF_YUV444P}) {
    // Source frames with padded rows: concat must follow their strides.
    std::vector<Frame> frames;
    for (int i = 0; i < 3; ++i) frames.push_back(patterned(10, 6, fmt, i, 16));
    const FrameSeq seq = concat(frames);
    ASSERT_TRUE(seq.defined());
    EXPECT_EQ(seq.batch(), 3);
    EXPECT_EQ(seq.width(), 10);
    EXPECT_EQ(seq.height(), 6);
    EXPECT_EQ(seq.format(), fmt);
    EXPECT_EQ(seq.nplanes(), frames[0].nplanes());
    EXPECT_EQ(seq.dtype(), frames[0].dtype());
    EXPECT_TRUE(seq.device().is_cpu());
    for (int p = 0; p < seq.nplanes(); ++p) {
      EXPECT_EQ(seq.plane(p).dim(), 4);
      EXPECT_EQ(seq.plane(p).size(0), 3);
      EXPECT_EQ(seq.plane(p).size(3), frames[0].plane(p).size(2));
      EXPECT_TRUE(seq.plane(p).is_contiguous());
    }
    if (frames[0].dtype() == kUInt8) {
      expect_seq_holds<uint8_t>(seq, frames);
    } else {
      expect_seq_holds<uint16_t>(seq, frames);
    }
  }
}

TEST(FrameSeq, ConcatCopiesSoSourcesStayIndependent) {
  std::vector<Frame> frames{patterned(8, 4, PF_RGB24, 1), patterned(8, 4, PF_RGB24, 2)};
  const FrameSeq seq = concat(frames);
  const uint8_t before = sample<uint8_t>(frames[0], 0, 1, 1, 1);
  const_cast<Tensor&>(seq.plane(0)).fill_(0);
  EXPECT_EQ(sample<uint8_t>(frames[0], 0, 1, 1, 1), before);
}

TEST(FrameSeq, IndexIsAViewOfOneFrame) {
  std::vector<Frame> frames;
  for (int i = 0; i < 4; ++i) frames.push_back(patterned(6, 4, PF_YUV420P, i));
  const FrameSeq seq = concat(frames);
  for (int64_t i : {0, 2, 3, -1, -4}) {
    const Frame f = seq[i];
    const Frame& ref = frames[i < 0 ? i + 4 : i];
    EXPECT_EQ(f.width(), 6);
    EXPECT_EQ(f.height(), 4);
    EXPECT_EQ(f.format(), PF_YUV420P);
    for (int p = 0; p < 3; ++p)
      for (int64_t y = 0; y < f.plane(p).size(0); ++y)
        for (int64_t x = 0; x < f.plane(p).size(1); ++x)
          ASSERT_EQ(sample<uint8_t>(f, p, y, x, 0), sample<uint8_t>(ref, p, y, x, 0));
  }
  // A write through the frame view reaches the sequence.
  Frame second = seq[1];
  const_cast<Tensor&>(second.plane(2)).fill_(201);
  EXPECT_EQ(seq_sample<uint8_t>(seq.plane(2), 1, 1, 2, 0), 201);
  EXPECT_NE(seq_sample<uint8_t>(seq.plane(2), 0, 1, 2, 0), 201);
  EXPECT_THROW(seq[4], Error);
  EXPECT_THROW(seq[-5], Error);
}

TEST(FrameSeq, SliceSelectsFramesAsAView) {
  std::vector<Frame> frames;
  for (int i = 0; i < 5; ++i) frames.push_back(patterned(4, 2, PF_NV12, i));
  const FrameSeq seq = concat(frames);
  const FrameSeq mid = seq.slice(1, 3);
  EXPECT_EQ(mid.batch(), 2);
  expect_seq_holds<uint8_t>(mid, frames, 1);
  const FrameSeq tail = seq.slice(-2);
  EXPECT_EQ(tail.batch(), 2);
  expect_seq_holds<uint8_t>(tail, frames, 3);
  EXPECT_EQ(mid.plane(0).buffer(), seq.plane(0).buffer());
  EXPECT_THROW(seq.slice(3, 3), Error);
}

TEST(FrameSeq, CropMatchesFrameCropOfEachFrame) {
  for (PixelFormat fmt : {PF_YUV420P, PF_NV21, PF_RGB24, PF_YUV422P}) {
    std::vector<Frame> frames;
    for (int i = 0; i < 3; ++i) frames.push_back(patterned(20, 12, fmt, i));
    const FrameSeq seq = concat(frames);
    const FrameSeq cropped = seq.crop(4, 2, 9, 7);
    EXPECT_EQ(cropped.width(), 9);
    EXPECT_EQ(cropped.height(), 7);
    std::vector<Frame> refs;
    for (const auto& f : frames) refs.push_back(f.crop(4, 2, 9, 7));
    expect_seq_holds<uint8_t>(cropped, refs);
    if (fmt != PF_RGB24) {
      EXPECT_THROW(seq.crop(1, 1, 4, 4), Error) << "odd origin of subsampled chroma";
    }
    EXPECT_THROW(seq.crop(16, 0, 8, 4), Error);
  }
}

TEST(FrameSeq, ConcatOfSequencesJoinsTheBatches) {
  std::vector<Frame> frames;
  for (int i = 0; i < 5; ++i) frames.push_back(patterned(6, 4, PF_YUV420P, i));
  const FrameSeq a = concat(std::vector<Frame>(frames.begin(), frames.begin() + 2));
  const FrameSeq b = concat(std::vector<Frame>(frames.begin() + 2, frames.end()));
  const FrameSeq ab = concat(std::vector<FrameSeq>{a, b});
  EXPECT_EQ(ab.batch(), 5);
  expect_seq_holds<uint8_t>(ab, frames);
}

TEST(FrameSeq, CloneAndToKeepValuesInNewMemory) {
  std::vector<Frame> frames{patterned(6, 4, PF_YUV420P, 7), patterned(6, 4, PF_YUV420P, 8)};
  const FrameSeq seq = concat(frames).crop(2, 0, 4, 4);  // strided planes
  const FrameSeq copy = seq.clone();
  EXPECT_NE(copy.plane(0).buffer(), seq.plane(0).buffer());
  for (int p = 0; p < 3; ++p) EXPECT_TRUE(copy.plane(p).is_contiguous());
  std::vector<Frame> refs{frames[0].crop(2, 0, 4, 4), frames[1].crop(2, 0, 4, 4)};
  expect_seq_holds<uint8_t>(copy, refs);
  const FrameSeq same = seq.to(Device());
  EXPECT_EQ(same.plane(0).buffer(), seq.plane(0).buffer());
}

TEST(FrameSeq, RejectsMismatchedFrames) {
  EXPECT_THROW(concat(std::vector<Frame>{}), Error);
  const Frame a = patterned(6, 4, PF_YUV420P, 0);
  EXPECT_THROW(concat({a, patterned(6, 4, PF_NV12, 0)}), Error);
  EXPECT_THROW(concat({a, patterned(8, 4, PF_YUV420P, 0)}), Error);
  EXPECT_THROW(concat({a, Frame()}), Error);
  try {
    concat({a, a, patterned(6, 2, PF_YUV420P, 0)});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("frame 2"), std::string::npos) << e.what();
  }
}

TEST(FrameSeq, WrapsPlaneTensorsAndChecksThem) {
  // (batch, rows, cols) for one channel and (batch, rows, cols, 2) for NV12's chroma.
  Tensor y = Tensor::zeros({2, 4, 6}, kUInt8);
  Tensor uv = Tensor::zeros({2, 2, 3, 2}, kUInt8);
  const FrameSeq seq({y, uv}, PixelInfo(PF_NV12));
  EXPECT_EQ(seq.batch(), 2);
  EXPECT_EQ(seq.width(), 6);
  EXPECT_EQ(seq.height(), 4);
  EXPECT_EQ(seq.plane(0).dim(), 4);
  EXPECT_EQ(seq.plane(0).buffer(), y.buffer()) << "wrapping must not copy";
  EXPECT_THROW(FrameSeq({y}, PixelInfo(PF_NV12)), Error);                                   // plane count
  EXPECT_THROW(FrameSeq({y, Tensor::zeros({3, 2, 3, 2}, kUInt8)}, PixelInfo(PF_NV12)), Error);  // batch
  EXPECT_THROW(FrameSeq({y, Tensor::zeros({2, 2, 4, 2}, kUInt8)}, PixelInfo(PF_NV12)), Error);  // chroma size
  EXPECT_THROW(FrameSeq({y, Tensor::zeros({2, 2, 3, 2}, kUInt16)}, PixelInfo(PF_NV12)), Error);  // dtype
  EXPECT_FALSE(FrameSeq().defined());
}
