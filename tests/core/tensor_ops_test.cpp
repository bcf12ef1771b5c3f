// Tensor arithmetic: every SIMD target gives the bytes of the scalar twins (the values
// themselves are checked against NumPy in tests/python/test_tensor_ops.py).
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "framekit/core/tensor.h"
#include "testing/simd_targets.h"

using namespace framekit;

namespace {

constexpr ScalarType kAllTypes[] = {kUInt8, kInt8,    kUInt16,  kInt16,  kInt32,
                                    kInt64, kFloat16, kFloat32, kFloat64};

// Random values of every dtype, with the edge values the kernels treat specially.
Tensor random_tensor(ScalarType dtype, const SizeArray& shape, uint32_t seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> dist(0.0, 60.0);
  Tensor f = Tensor::empty(shape, kFloat64);
  auto* p = f.data<double>();
  for (int64_t i = 0; i < f.numel(); ++i) p[i] = dist(gen) + (i % 7 == 0 ? 0.5 : 0.0);
  p[0] = 0.0;  // division by zero (integers give 0, floats inf/nan)
  if (f.numel() > 2) p[1] = -1.0;
  return f.to(dtype);
}

std::vector<uint8_t> bytes_of(const Tensor& t) {
  const Tensor c = t.contiguous();
  std::vector<uint8_t> out(c.nbytes());
  if (!out.empty()) std::memcpy(out.data(), c.unsafe_data(), out.size());
  return out;
}

// Every operation on one dtype: contiguous rows, broadcast rows, numbers on both sides,
// strided views and in-place forms, all in one list of results.
std::vector<std::vector<uint8_t>> run_all(ScalarType dtype) {
  const Tensor a = random_tensor(dtype, {3, 67}, 1);
  const Tensor b = random_tensor(dtype, {3, 67}, 2);
  const Tensor row = random_tensor(dtype, {67}, 3);
  const Tensor strided = a.slice(1, 0, 67, 2);
  std::vector<std::vector<uint8_t>> out;
  const std::vector<std::function<Tensor(const Tensor&, const Tensor&)>> binaries = {
      [](const Tensor& x, const Tensor& y) { return x + y; },
      [](const Tensor& x, const Tensor& y) { return x - y; },
      [](const Tensor& x, const Tensor& y) { return x * y; },
      [](const Tensor& x, const Tensor& y) { return x / y; }};
  for (const auto& op : binaries) {
    out.push_back(bytes_of(op(a, b)));
    out.push_back(bytes_of(op(a, row)));
    out.push_back(bytes_of(op(row, a)));
    out.push_back(bytes_of(op(strided, strided)));
  }
  out.push_back(bytes_of(a + 3));
  out.push_back(bytes_of(a - 2.5));
  out.push_back(bytes_of(5 - a));
  out.push_back(bytes_of(a * 3));
  out.push_back(bytes_of(a / 3));
  out.push_back(bytes_of(7 / a));
  out.push_back(bytes_of(a.round()));
  out.push_back(bytes_of(a.ceil()));
  out.push_back(bytes_of(a.floor()));
  out.push_back(bytes_of(a.abs()));
  out.push_back(bytes_of(a.clip(3, 30)));
  out.push_back(bytes_of(strided.clip(3, 30)));
  Tensor c = a.clone();
  c += b;
  c -= row;
  c *= 2;
  c /= b;
  c.clip_(2, 50).abs_().round_();
  out.push_back(bytes_of(c));
  return out;
}

}  // namespace

TEST(TensorOps, EverySimdTargetMatchesTheScalarTwins) {
  for (ScalarType dtype : kAllTypes) {
    SCOPED_TRACE(std::string(scalar_name(dtype)));
    std::vector<std::vector<uint8_t>> expected;
    test::with_simd_target("scalar", [&] { expected = run_all(dtype); });
    test::for_each_target([&](const char*) {
      const auto got = run_all(dtype);
      ASSERT_EQ(got.size(), expected.size());
      for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "result " << i;
    });
  }
}

TEST(TensorOps, ResultTypeIsSymmetricAndHoldsBoth) {
  for (ScalarType a : kAllTypes) {
    for (ScalarType b : kAllTypes) {
      const ScalarType r = result_type(a, b);
      EXPECT_EQ(r, result_type(b, a));
      EXPECT_GE(scalar_size(r), std::max(scalar_size(a), scalar_size(b)));
      EXPECT_EQ(is_floating(r), is_floating(a) || is_floating(b));
    }
  }
  EXPECT_EQ(result_type(kUInt8, kInt8), kInt16);
  EXPECT_EQ(result_type(kInt16, kFloat16), kFloat32);
  EXPECT_EQ(result_type(kInt32, kFloat32), kFloat64);
}

TEST(TensorOps, WrongShapesAndBoundsThrow) {
  EXPECT_THROW(Tensor::zeros({2, 3}) + Tensor::zeros({4}), Error);
  EXPECT_THROW(Tensor::zeros({3}).clip(10, 0), Error);
  EXPECT_THROW(arange(2, 2), Error);
  EXPECT_THROW(arange(0, 10, 0), Error);
  EXPECT_THROW(concat({Tensor::zeros({2, 2}), Tensor::zeros({1, 3})}, 0), Error);
  EXPECT_THROW(stack({Tensor::zeros({2}), Tensor::zeros({3})}), Error);
}
