#include <gtest/gtest.h>

#include <vector>

#include "framekit/core/dlpack.h"
#include "framekit/core/error.h"

using namespace framekit;

namespace {
// A producer's DLManagedTensor over a plain array, whose deleter counts its calls.
struct Producer {
  std::vector<uint16_t> data = std::vector<uint16_t>(64);
  int64_t shape[2] = {4, 6};
  int64_t strides[2] = {16, 2};  // every other column of a 4x16 array
  int deleted = 0;
  DLManagedTensor managed{};

  DLManagedTensor* make(uint64_t byte_offset = 0) {
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint16_t>(i);
    managed.dl_tensor.data = data.data();
    managed.dl_tensor.byte_offset = byte_offset;
    managed.dl_tensor.device = {kDLCPU, 0};
    managed.dl_tensor.ndim = 2;
    managed.dl_tensor.dtype = {kDLUInt, 16, 1};
    managed.dl_tensor.shape = shape;
    managed.dl_tensor.strides = strides;
    managed.manager_ctx = this;
    managed.deleter = [](DLManagedTensor* self) {
      static_cast<Producer*>(self->manager_ctx)->deleted++;
    };
    return &managed;
  }
};
}  // namespace

TEST(DLPack, ImportHonoursOffsetStridesAndDeleterOnce) {
  Producer p;
  {
    Tensor t = from_dlpack(p.make(/*byte_offset=*/2 * sizeof(uint16_t)));
    EXPECT_EQ(t.shape(), (SizeArray{4, 6}));
    EXPECT_EQ(t.strides(), (SizeArray{16, 2}));
    EXPECT_EQ(t.dtype(), kUInt16);
    const auto* base = static_cast<const uint16_t*>(t.unsafe_data());
    EXPECT_EQ(base[0], 2);                         // byte_offset honoured
    EXPECT_EQ(base[1 * 16 + 3 * 2], 2 + 16 + 6);   // strides honoured
    Tensor copy = t.contiguous();
    EXPECT_EQ(copy.data<uint16_t>()[7], 2 + 16 + 2);
    Tensor view = t.select(0, 1);
    t = Tensor();
    EXPECT_EQ(p.deleted, 0);
  }
  EXPECT_EQ(p.deleted, 1);
}

TEST(DLPack, FailedImportStillCallsDeleterOnce) {
  Producer p;
  DLManagedTensor* m = p.make();
  m->dl_tensor.dtype = {kDLFloat, 8, 1};  // unsupported
  EXPECT_THROW(from_dlpack(m), Error);
  EXPECT_EQ(p.deleted, 1);
  Producer q;
  m = q.make();
  m->dl_tensor.device = {kDLOpenCL, 0};
  EXPECT_THROW(from_dlpack(m), Error);
  EXPECT_EQ(q.deleted, 1);
  EXPECT_THROW(from_dlpack(nullptr), Error);
}

TEST(DLPack, ExportKeepsStorageAliveUntilConsumerDeletes) {
  DLManagedTensor* m = nullptr;
  void* data = nullptr;
  {
    Tensor t = Tensor::empty({2, 3, 4}, kFloat32).permute({2, 0, 1});
    t.fill_(1.25);
    data = t.unsafe_data();
    m = to_dlpack(t);
  }
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->dl_tensor.data, data);
  EXPECT_EQ(m->dl_tensor.ndim, 3);
  EXPECT_EQ(m->dl_tensor.shape[0], 4);
  EXPECT_EQ(m->dl_tensor.strides[0], 1);
  EXPECT_EQ(m->dl_tensor.strides[1], 12);
  EXPECT_EQ(m->dl_tensor.dtype.code, kDLFloat);
  EXPECT_EQ(m->dl_tensor.device.device_type, kDLCPU);
  EXPECT_EQ(static_cast<float*>(m->dl_tensor.data)[5], 1.25f);  // still alive
  m->deleter(m);
}

TEST(DLPack, RoundTripSharesMemory) {
  Tensor t = Tensor::zeros({3, 5}, kInt32);
  Tensor back = from_dlpack(to_dlpack(t));
  EXPECT_EQ(back.unsafe_data(), t.unsafe_data());
  back.data<int32_t>()[4] = 99;
  EXPECT_EQ(t.data<int32_t>()[4], 99);
  for (auto st : {kUInt8, kInt8, kUInt16, kInt16, kInt32, kInt64, kFloat16, kFloat32, kFloat64})
    EXPECT_EQ(from_dl_dtype(to_dl_dtype(st)), st);
}
