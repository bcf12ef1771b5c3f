#include <gtest/gtest.h>

#include "framekit/core/allocator.h"
#include "framekit/core/device.h"
#include "framekit/core/error.h"

using namespace framekit;

TEST(Device, ParsesSpecs) {
  EXPECT_EQ(Device("cpu"), Device());
  EXPECT_EQ(Device("cpu:0"), Device());
  EXPECT_EQ(Device("cuda").type(), Device::kCUDA);
  EXPECT_EQ(Device("cuda").index(), 0);
  EXPECT_EQ(Device("cuda:1").index(), 1);
  EXPECT_EQ(Device("gpu"), Device(Device::kCUDA, 0));  // the seed's alias
  EXPECT_EQ(Device("gpu:3"), Device(Device::kCUDA, 3));
  EXPECT_EQ(Device("cuda:2").str(), "cuda:2");
  EXPECT_EQ(Device("cpu").str(), "cpu");
  EXPECT_NE(Device("cuda:0"), Device("cuda:1"));
}

TEST(Device, MalformedStringsAreClearErrors) {
  for (const char* bad : {"", "tpu", "cuda:", "cuda:x", "cuda:-1", "cuda:1x", "cpu:1", "CPU", ":0",
                          "cuda:99999999999999"}) {
    try {
      Device d(bad);
      FAIL() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos)
          << e.what();
    }
  }
  EXPECT_THROW(Device(Device::kCUDA, -1), Error);
}

TEST(Device, AbsentDevicesAreReported) {
  EXPECT_TRUE(Device("cpu").available());
  EXPECT_NO_THROW(Device("cpu").check_available());
  const Device gpu("cuda:0");
  EXPECT_FALSE(gpu.available());  // no GPU in this build or machine
  try {
    gpu.check_available();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kDeviceUnavailable);
    EXPECT_NE(std::string(e.what()).find("cuda:0"), std::string::npos);
  }
}

namespace {
// A test allocator standing in for a device allocator: counts what goes through it.
struct CountingAllocator final : Allocator {
  int allocs = 0, frees = 0;
  void* allocate(size_t n, size_t a, int) override {
    ++allocs;
    return get_allocator(Device::kCPU).allocate(n, a, 0);
  }
  void deallocate(void* p, int) noexcept override {
    ++frees;
    get_allocator(Device::kCPU).deallocate(p, 0);
  }
};
}  // namespace

TEST(Allocator, RegistryPlugsInPerDeviceType) {
  EXPECT_THROW(get_allocator(Device::kCUDA), Error);
  CountingAllocator counting;
  register_allocator(Device::kCUDA, &counting);
  Allocator& a = get_allocator(Device::kCUDA);
  void* p = a.allocate(100, 64, 0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u);
  a.deallocate(p, 0);
  EXPECT_EQ(counting.allocs, 1);
  EXPECT_EQ(counting.frees, 1);
  register_allocator(Device::kCUDA, nullptr);
  EXPECT_THROW(get_allocator(Device::kCUDA), Error);
}

TEST(Allocator, CpuAlignmentAndBadAlignment) {
  Allocator& cpu = get_allocator(Device::kCPU);
  for (size_t align : {8, 16, 64, 4096}) {
    void* p = cpu.allocate(3, align, 0);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u);
    cpu.deallocate(p, 0);
  }
  EXPECT_THROW(cpu.allocate(10, 48, 0), Error);
  EXPECT_THROW(copy_bytes(nullptr, Device(), "x", Device(), 1), Error);
  char dst[4] = {};
  EXPECT_THROW(copy_bytes(dst, Device("cuda"), "abc", Device(), 3), Error);
  copy_bytes(dst, Device(), "abc", Device(), 3);
  EXPECT_STREQ(dst, "abc");
}
