// BMF's hmp core names (Scalar, Half, HMP_FORALL_SCALAR_TYPES, RefPtr, devices,
// streams), used the way BMF code uses them. References: bit patterns compared with
// memcmp, framekit's own half conversion, and counts computed from the test's loops.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include <hmp/core/allocator.h>
#include <hmp/core/device.h>
#include <hmp/core/ref_ptr.h>
#include <hmp/core/scalar.h>
#include <hmp/core/stream.h>
#include <hmp/cuda/allocator.h>
#include <hmp/tensor.h>

namespace {

template <typename T>
void expect_bit_exact_round_trip(uint64_t bits) {
  T v;
  std::memcpy(static_cast<void*>(&v), &bits, sizeof(T));  // T is trivially copyable
  const T back = hmp::Scalar(v).to<T>();
  EXPECT_EQ(std::memcmp(&v, &back, sizeof(T)), 0) << sizeof(T) << "-byte type";
}

}  // namespace

TEST(HmpScalar, EveryListedTypeRoundTripsBitExactly) {
  int listed = 0;
  for (uint64_t bits : {0x0123456789abcdefull, 0xfedcba9876543210ull, 0x3ff0000000000001ull}) {
    using hmp::Half;  // the list names hmp's Half unqualified, as BMF code sees it
#define FRAMEKIT_ROUND_TRIP(type, name) \
  expect_bit_exact_round_trip<type>(bits); \
  ++listed;
    HMP_FORALL_SCALAR_TYPES(FRAMEKIT_ROUND_TRIP)
#undef FRAMEKIT_ROUND_TRIP
  }
  EXPECT_EQ(listed, 3 * 9);
}

TEST(HmpScalar, NamesMatchFramekitScalarTypes) {
  std::vector<hmp::ScalarType> types;
  std::vector<size_t> sizes;
#define FRAMEKIT_NAME(type, name) \
  types.push_back(hmp::k##name);  \
  sizes.push_back(sizeof(type));
  using hmp::Half;
  HMP_FORALL_SCALAR_TYPES(FRAMEKIT_NAME)
#undef FRAMEKIT_NAME
  ASSERT_EQ(types.size(), 9u);
  for (size_t i = 0; i < types.size(); ++i) EXPECT_EQ(framekit::scalar_size(types[i]), sizes[i]);
  EXPECT_EQ(hmp::kHalf, framekit::kFloat16);
}

TEST(HmpScalar, ConvertsLikeStaticCastAndKeepsItsKind) {
  const hmp::Scalar f(-2.75);
  EXPECT_TRUE(f.is_floating_point());
  EXPECT_EQ(f.to<int>(), static_cast<int>(-2.75));
  EXPECT_EQ(f.to<float>(), -2.75f);
  const hmp::Scalar i(int64_t{1} << 40);
  EXPECT_TRUE(i.is_integral(false));
  EXPECT_EQ(i.to<double>(), static_cast<double>(int64_t{1} << 40));
  const hmp::Scalar b(true);
  EXPECT_TRUE(b.is_boolean());
  EXPECT_FALSE(b.is_integral(false));
  EXPECT_TRUE(b.is_integral(true));
  EXPECT_EQ(b.to<int>(), 1);
  EXPECT_EQ(hmp::Scalar().to<int64_t>(), 0);
}

TEST(HmpHalf, UsesFramekitsBinary16Conversion) {
  for (float v : {0.0f, 1.0f, -1.7333984375f, 65504.0f, 0.1f, 3.14159f}) {
    const hmp::Half h(v);
    EXPECT_EQ(h.bits, framekit::float_to_half_bits(v)) << v;
    EXPECT_EQ(static_cast<float>(h), framekit::half_bits_to_float(h.bits)) << v;
  }
  EXPECT_EQ(sizeof(hmp::Half), 2u);
}

namespace {

struct Counted : hmp::RefObject {
  explicit Counted(std::atomic<int>* live) : live(live) { ++*live; }
  ~Counted() override { --*live; }
  std::atomic<int>* live;
  std::atomic<int> touches{0};
};
struct Derived : Counted {
  using Counted::Counted;
};

}  // namespace

TEST(HmpRefPtr, CountsOwnersAcrossThreadsAndFreesAtZero) {
  std::atomic<int> live{0};
  {
    auto obj = hmp::makeRefPtr<Counted>(&live);
    EXPECT_EQ(obj.refcount(), 1);
    EXPECT_TRUE(obj.unique());
    constexpr int kThreads = 4;
    constexpr int kCopies = 2000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        std::vector<hmp::RefPtr<Counted>> copies(kCopies, obj);
        std::vector<hmp::RefPtr<Counted>> moved;
        for (auto& c : copies) {
          c->touches += 1;
          moved.push_back(std::move(c));
          EXPECT_FALSE(c);
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(obj.refcount(), 1);
    EXPECT_EQ(obj->touches.load(), kThreads * kCopies);
    EXPECT_EQ(live.load(), 1);
    auto second = obj;
    EXPECT_EQ(obj.refcount(), 2);
    second.reset();
    EXPECT_EQ(obj.refcount(), 1);
    EXPECT_EQ(second.refcount(), 0);
  }
  EXPECT_EQ(live.load(), 0);
}

TEST(HmpRefPtr, ConvertsCastsAndReleases) {
  std::atomic<int> live{0};
  hmp::RefPtr<Counted> base = hmp::makeRefPtr<Derived>(&live);
  EXPECT_EQ(base.refcount(), 1);
  hmp::RefPtr<Derived> down = base.cast<Derived>();
  EXPECT_EQ(base.refcount(), 2);
  EXPECT_EQ(down.get(), base.get());
  struct Other : Counted {
    using Counted::Counted;
  };
  EXPECT_FALSE(base.cast<Other>());
  Counted* raw = base.release();
  EXPECT_FALSE(base);
  auto back = hmp::RefPtr<Counted>::take(raw);
  EXPECT_EQ(back.refcount(), 2);
  down.reset();
  back.reset();
  EXPECT_EQ(live.load(), 0);
}

TEST(HmpDevice, TypesCompareWithDevicesUnderBothSpellings) {
  const hmp::Device cpu("cpu");
  EXPECT_EQ(cpu.type(), hmp::Device::Type::CPU);
  EXPECT_EQ(hmp::Device::Type::CPU, hmp::Device::Type::kCPU);
  EXPECT_EQ(hmp::Device::Type::CUDA, hmp::Device::Type::kCUDA);
  EXPECT_TRUE(cpu == hmp::kCPU);
  EXPECT_FALSE(cpu == hmp::kCUDA);
  EXPECT_EQ(hmp::device_count(hmp::kCPU), 1);
  EXPECT_EQ(hmp::device_count(hmp::kCUDA), framekit::device_count(framekit::Device::kCUDA));
}

TEST(HmpStream, CpuStreamIsAlwaysReadyAndOtherDevicesAreRefused) {
  auto stream = hmp::create_stream(hmp::kCPU);
  EXPECT_TRUE(stream.query());
  EXPECT_TRUE(stream == hmp::current_stream(hmp::kCPU));
  {
    hmp::StreamGuard guard(stream);
    EXPECT_TRUE(guard.original() == stream);
  }
  // framekit has no device streams even where CUDA memory is available.
  EXPECT_THROW(hmp::create_stream(hmp::kCUDA), framekit::Error);
}

TEST(HmpAllocator, IsFramekitsPerDeviceAllocator) {
  hmp::Allocator& a = hmp::get_allocator(hmp::kCPU);
  EXPECT_EQ(&a, &framekit::get_allocator(framekit::Device::kCPU));
  void* p = a.allocate(100, 64, 0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u);
  a.deallocate(p, 0);
}
