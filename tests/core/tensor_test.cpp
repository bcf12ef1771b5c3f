#include <gtest/gtest.h>

#include <cstring>
#include <numeric>

#include "framekit/core/error.h"
#include "framekit/core/tensor.h"

using namespace framekit;

namespace {
Tensor iota_u8(const SizeArray& shape) {
  Tensor t = Tensor::empty(shape, kUInt8);
  auto* p = t.data<uint8_t>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<uint8_t>(i);
  return t;
}
uint8_t at3(const Tensor& t, int64_t i, int64_t j, int64_t k) {
  const auto* base = static_cast<const uint8_t*>(t.unsafe_data());
  return base[i * t.stride(0) + j * t.stride(1) + k * t.stride(2)];
}
}  // namespace

TEST(Tensor, EmptyZerosShapeStrides) {
  Tensor t = Tensor::zeros({2, 3, 4}, kFloat32);
  EXPECT_TRUE(t.defined());
  EXPECT_EQ(t.numel(), 24);
  EXPECT_EQ(t.nbytes(), 96u);
  EXPECT_EQ(t.strides(), (SizeArray{12, 4, 1}));
  EXPECT_TRUE(t.is_contiguous());
  for (int i = 0; i < 24; ++i) EXPECT_EQ(t.data<float>()[i], 0.f);
  EXPECT_EQ(t.size(-1), 4);
  EXPECT_THROW(t.size(3), Error);
  EXPECT_THROW(t.data<uint8_t>(), Error);  // dtype mismatch named
  EXPECT_EQ(Tensor::empty({0, 5}).numel(), 0);
}

TEST(Tensor, BadShapesAreClearErrors) {
  EXPECT_THROW(Tensor::empty({-1, 3}), Error);
  EXPECT_THROW(Tensor::empty({int64_t{1} << 40, int64_t{1} << 40}), Error);  // overflow
  Tensor undefined;
  EXPECT_FALSE(undefined.defined());
  EXPECT_THROW(undefined.clone(), Error);
  EXPECT_THROW(undefined.unsafe_data(), Error);
}

TEST(Tensor, SliceSelectPermuteAreViews) {
  Tensor t = iota_u8({4, 5, 3});
  Tensor s = t.slice(1, 1, 4);
  EXPECT_EQ(s.shape(), (SizeArray{4, 3, 3}));
  EXPECT_EQ(s.unsafe_data(), static_cast<uint8_t*>(t.unsafe_data()) + 3);
  EXPECT_FALSE(s.is_contiguous());
  EXPECT_EQ(at3(s, 2, 1, 2), at3(t, 2, 2, 2));
  Tensor stepped = t.slice(0, 0, 4, 2);
  EXPECT_EQ(stepped.size(0), 2);
  EXPECT_EQ(at3(stepped, 1, 0, 0), at3(t, 2, 0, 0));
  Tensor sel = t.select(2, 1);
  EXPECT_EQ(sel.shape(), (SizeArray{4, 5}));
  EXPECT_EQ(static_cast<uint8_t*>(sel.unsafe_data())[sel.stride(0) * 3 + sel.stride(1) * 4],
            at3(t, 3, 4, 1));
  Tensor chw = t.permute({2, 0, 1});
  EXPECT_EQ(chw.shape(), (SizeArray{3, 4, 5}));
  EXPECT_EQ(at3(chw, 2, 3, 1), at3(t, 3, 1, 2));
  // A write through a view is seen by the base tensor.
  static_cast<uint8_t*>(sel.unsafe_data())[0] = 222;
  EXPECT_EQ(at3(t, 0, 0, 1), 222);
  EXPECT_THROW(t.select(0, 4), Error);
  EXPECT_THROW(t.permute({0, 0, 1}), Error);
  EXPECT_THROW(t.slice(0, 0, 2, 0), Error);
}

TEST(Tensor, ViewReshapeContiguousClone) {
  Tensor t = iota_u8({2, 3, 4});
  Tensor v = t.view({6, -1});
  EXPECT_EQ(v.shape(), (SizeArray{6, 4}));
  EXPECT_EQ(v.unsafe_data(), t.unsafe_data());
  Tensor p = t.permute({2, 0, 1});
  EXPECT_THROW(p.view({24}), Error);  // not viewable: needs a copy
  Tensor r = p.reshape({24});
  EXPECT_NE(r.unsafe_data(), t.unsafe_data());
  EXPECT_EQ(r.data<uint8_t>()[1], static_cast<const uint8_t*>(t.unsafe_data())[4]);
  Tensor c = p.contiguous();
  EXPECT_TRUE(c.is_contiguous());
  for (int ch = 0; ch < 4; ++ch)
    for (int h = 0; h < 2; ++h)
      for (int w = 0; w < 3; ++w) EXPECT_EQ(at3(c, ch, h, w), at3(t, h, w, ch));
  EXPECT_EQ(t.contiguous().unsafe_data(), t.unsafe_data());
  Tensor k = t.clone();
  EXPECT_NE(k.unsafe_data(), t.unsafe_data());
  EXPECT_EQ(std::memcmp(k.unsafe_data(), t.unsafe_data(), 24), 0);
  // A slice whose rows are split can still view its leading dims.
  Tensor rows = iota_u8({4, 6}).slice(1, 0, 3);
  EXPECT_EQ(rows.view({2, 2, 3}).strides(), (SizeArray{12, 6, 1}));
  EXPECT_THROW(t.view({5, 5}), Error);
  EXPECT_THROW(t.view({-1, -1}), Error);
  EXPECT_EQ(t.unsqueeze(0).shape(), (SizeArray{1, 2, 3, 4}));
  EXPECT_EQ(t.unsqueeze(0).squeeze(0).shape(), t.shape());
  EXPECT_THROW(t.squeeze(0), Error);
}

TEST(Tensor, DtypeConversionTruncatesLikeNumpyOrSaturates) {
  Tensor f = Tensor::empty({6}, kFloat32);
  const float vals[] = {-3.7f, 0.49f, 0.5f, 1.5f, 254.6f, 1000.f};
  std::memcpy(f.unsafe_data(), vals, sizeof(vals));
  // to(): truncation toward zero, then the low 8 bits (NumPy's astype).
  Tensor u = f.to(kUInt8);
  for (int i = 0; i < 6; ++i) {
    const auto truncated = static_cast<int32_t>(vals[i]);
    EXPECT_EQ(u.data<uint8_t>()[i], static_cast<uint8_t>(truncated & 0xFF)) << i;
  }
  // to_saturated(): the image operations' rounding (nearest even) and saturation.
  Tensor s = f.to_saturated(kUInt8);
  const uint8_t expect[] = {0, 0, 0, 2, 255, 255};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(s.data<uint8_t>()[i], expect[i]) << i;
  Tensor h = f.to(kFloat16).to(kFloat32);
  EXPECT_FLOAT_EQ(h.data<float>()[3], 1.5f);
  EXPECT_EQ(f.to(kInt16).data<int16_t>()[0], -3);
  EXPECT_EQ(f.to_saturated(kInt16).data<int16_t>()[0], -4);
  EXPECT_EQ(f.to(kFloat32).unsafe_data(), f.unsafe_data());  // same dtype: no copy
}

TEST(Tensor, CopyBetweenStridedLayouts) {
  Tensor src = iota_u8({3, 4, 2});
  Tensor dst = Tensor::zeros({2, 3, 4}, kUInt16).permute({1, 2, 0});  // strided, other dtype
  dst.copy_(src);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < 2; ++k) {
        const auto* base = static_cast<const uint16_t*>(dst.unsafe_data());
        EXPECT_EQ(base[i * dst.stride(0) + j * dst.stride(1) + k * dst.stride(2)], at3(src, i, j, k));
      }
  EXPECT_THROW(dst.copy_(iota_u8({3, 4, 3})), Error);
  Tensor filled = Tensor::empty({2, 2}, kFloat64).fill_(2.5);
  EXPECT_EQ(filled.data<double>()[3], 2.5);
}

TEST(Tensor, FromBlobReleasesOnceAndChecksStrides) {
  std::vector<uint8_t> mem(100, 7);
  int released = 0;
  {
    Tensor t = Tensor::from_blob(mem.data(), {10, 5}, {10, 1}, kUInt8, Device(),
                                 [&] { ++released; });
    Tensor view = t.slice(0, 2, 4);
    t = Tensor();
    EXPECT_EQ(released, 0);  // the view still holds the memory
    EXPECT_EQ(view.data<uint8_t>()[0], 7);
  }
  EXPECT_EQ(released, 1);
  int released2 = 0;
  EXPECT_THROW(Tensor::from_blob(mem.data(), {10, 5}, {-10, 1}, kUInt8, Device(),
                                 [&] { ++released2; }),
               Error);
  EXPECT_EQ(released2, 1);  // ownership honoured even when the wrap fails
  EXPECT_THROW(Tensor::from_blob(nullptr, {2}, {}, kUInt8), Error);
  auto buf = Buffer::allocate(16);
  EXPECT_THROW(Tensor::from_buffer(buf, 8, {4, 4}, {}, kUInt8), Error);  // does not fit
  EXPECT_NO_THROW(Tensor::from_buffer(buf, 8, {2, 4}, {}, kUInt8));
}

TEST(Tensor, DeviceMovesNeedAPresentDevice) {
  Tensor t = iota_u8({4});
  EXPECT_EQ(t.to(Device("cpu")).unsafe_data(), t.unsafe_data());
  try {
    t.to(Device("cuda:0"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kDeviceUnavailable);
  }
  EXPECT_NE(t.repr().find("uint8"), std::string::npos);
}

TEST(Tensor, TensorInfoBufferRefcountCountsTheBuffersHolders) {
  Tensor t = Tensor::empty({4, 4}, kUInt8);
  EXPECT_EQ(t.tensorInfo()->buffer().refcount(), 1);
  {
    const Tensor view = t.slice(0, 1, 3);
    const Tensor copy = t;
    EXPECT_EQ(t.tensorInfo()->buffer().refcount(), 3);
    EXPECT_EQ(view.tensorInfo()->buffer().refcount(), 3);
    EXPECT_EQ(copy.buffer().use_count(), 3);
  }
  EXPECT_EQ(t.tensorInfo()->buffer().refcount(), 1);
  // A clone has a buffer of its own.
  const Tensor other = t.clone();
  EXPECT_EQ(other.tensorInfo()->buffer().refcount(), 1);
  EXPECT_EQ(t.tensorInfo()->buffer().refcount(), 1);
}
