// The one process-wide SIMD switch (framekit/core/simd.h): forcing the scalar twins or a
// target changes the table every kernel family of color, geometry and jpeg hands out,
// and outputs stay the same bytes whichever kernels run.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "color/color_kernels.h"
#include "color/general_kernels.h"
#include "color/grid_kernels.h"
#include "color/repack_kernels.h"
#include "color/sample_kernels.h"
#include "color/yuv_matrix.h"
#include "framekit/color/color.h"
#include "framekit/core/error.h"
#include "framekit/core/simd.h"
#include "framekit/geometry/geometry.h"
#include "framekit/jpeg/encoder.h"
#include "geometry/geometry_internal.h"
#include "jpeg/color_rows.h"
#include "jpeg/kernels.h"
#include "testing/color_reference.h"
#include "testing/simd_targets.h"

namespace framekit {
namespace {

// Each family: its name, the table its accessor hands out now, and its scalar twins'.
struct Family {
  const char* name;
  std::function<const char*()> target;
  std::function<const void*()> table;
  const void* scalar;
};

template <class Table>
Family family(const char* name, const Table& (*accessor)(), const Table& scalar) {
  return {name, [accessor] { return accessor().target; },
          [accessor] { return static_cast<const void*>(&accessor()); }, &scalar};
}

std::vector<Family> all_families() {
  using namespace color_detail;
  using namespace geometry_detail;
  using namespace jpeg::detail;
  return {
      family("color", &color_kernels, color_scalar_kernels()),
      family("general", &general_kernels, general_scalar_kernels()),
      family("grid", &grid_kernels, grid_scalar_kernels()),
      family("repack", &repack_kernels, repack_scalar_kernels()),
      family("sample", &sample_kernels, sample_scalar_kernels()),
      family("yuv_matrix", &yuv_matrix_kernels, yuv_matrix_scalar_kernels()),
      family("resize_u8", &resize_kernels_u8, resize_kernels_u8_scalar()),
      family("resize_float", &resize_float_kernels, resize_float_kernels_scalar()),
      family("rotate", &rotate_kernels, rotate_kernels_scalar()),
      family("fdct", &fdct_kernels, fdct_scalar_kernels()),
      family("huffman", &huffman_kernels, huffman_scalar_kernels()),
      family("jpeg_color_rows", &color_row_kernels, color_row_scalar_kernels()),
  };
}

TEST(SimdSwitch, ListsTheTargetsOfThisCpuThenScalar) {
  const auto targets = available_simd_targets();
  ASSERT_GE(targets.size(), 2U);
  EXPECT_EQ(targets.back(), "scalar");
  for (const std::string& t : targets) {
    EXPECT_FALSE(t.empty());
    for (char c : t) EXPECT_FALSE(c >= 'A' && c <= 'Z') << t;  // one spelling: lower case
  }
}

TEST(SimdSwitch, EveryFamilyHandsOutTheForcedTable) {
  const auto families = all_families();
  for (const std::string& t : available_simd_targets()) {
    test::ScopedSimdTarget forced(t);
    EXPECT_EQ(simd_target(), t);
    for (const Family& f : families) {
      EXPECT_EQ(std::string(f.target()), t) << f.name;
      if (t == "scalar") {
        EXPECT_EQ(f.table(), f.scalar) << f.name;
      } else {
        EXPECT_NE(f.table(), f.scalar) << f.name << " on " << t;
      }
    }
  }
  // "auto" is the best target this CPU has.
  set_simd_target("auto");
  EXPECT_EQ(simd_target(), available_simd_targets().front());
  for (const Family& f : families) EXPECT_EQ(std::string(f.target()), simd_target()) << f.name;
}

TEST(SimdSwitch, DifferentTargetsHandOutDifferentTables) {
  // Two SIMD targets run different code: their tables are different objects.
  const auto targets = available_simd_targets();
  ASSERT_GE(targets.size(), 3U) << "this machine should have two SIMD targets";
  for (const Family& f : all_families()) {
    const void* first = test::kernels_for(targets[0], f.table);
    const void* second = test::kernels_for(targets[1], f.table);
    EXPECT_NE(first, second) << f.name;
  }
}

TEST(SimdSwitch, NamesAreCaseInsensitiveAndUnknownOnesAreRefused) {
  const std::string best = available_simd_targets().front();
  std::string upper = best;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  {
    test::ScopedSimdTarget forced(upper);
    EXPECT_EQ(simd_target(), best);
  }
  for (const char* bad : {"avx9", "neon", "", "scalar "}) {
    const std::string before = simd_target();
    try {
      set_simd_target(bad);
      FAIL() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      const std::string what = e.what();
      EXPECT_NE(what.find(std::string("'") + bad + "'"), std::string::npos) << what;
      EXPECT_NE(what.find("scalar"), std::string::npos) << what;  // the choices are listed
    }
    EXPECT_EQ(simd_target(), before) << "a refused name must change nothing";
  }
}

// Whole operations of each module: the same bytes with the scalar twins and with every
// target, so the switch changes which kernels run and nothing else.
TEST(SimdSwitch, OperationsGiveTheSameBytesOnEveryTarget) {
  color_ref::OwnedImage src(PixelInfo(PF_NV12), 131, 37);
  color_ref::fill(src.view, 5);
  struct Outputs {
    std::vector<uint8_t> rgb, yuv, resized, jpeg;
  };
  const auto run = [&] {
    Outputs o;
    color_ref::OwnedImage rgb(PixelInfo(PF_BGRA32), 131, 37), yuv(PixelInfo(PF_YUV444P), 131, 37);
    color_ref::OwnedImage resized(PixelInfo(PF_NV12), 64, 20);
    convert_color(src.view, rgb.view);
    convert_color(rgb.view, yuv.view);
    resize(src.view, resized.view, ResizeMode::kBicubic);
    o.rgb = rgb.bytes;
    o.yuv = yuv.bytes;
    o.resized = resized.bytes;
    o.jpeg = jpeg::encode(src.view);
    return o;
  };
  Outputs want;
  test::with_simd_target("scalar", [&] { want = run(); });
  int targets = 0;
  test::for_each_target([&](const char* target) {
    const Outputs got = run();
    EXPECT_TRUE(got.rgb == want.rgb) << target;
    EXPECT_TRUE(got.yuv == want.yuv) << target;
    EXPECT_TRUE(got.resized == want.resized) << target;
    EXPECT_TRUE(got.jpeg == want.jpeg) << target;
    ++targets;
  });
  EXPECT_GE(targets, 2);
}

}  // namespace
}  // namespace framekit
