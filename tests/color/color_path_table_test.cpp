// The color path table against the choice recorded from the hand-ordered if/else
// chain it replaced (tests/color/data/color_paths_before_table.txt).
//
// The record holds, for every (src, dst) pair of the formats `framekit info` lists and
// a set of space/range variants, the path color_conversion_path() named before the
// table existed. To write it again from the code under test:
//   FRAMEKIT_DUMP_COLOR_PATHS=/path/to/file ./test_color --gtest_filter='ColorPathRecord.*'
// (the comparison still runs against the committed record).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "framekit/color/color.h"
#include "framekit/core/error.h"
#include "testing/color_reference.h"

namespace framekit {
namespace {

using color_ref::OwnedImage;

// The space/range variants the old chain tells apart: same model or not (copy,
// repack), diagonal matrix or not (table path), whether the fixed-point kernels fit
// (another matrix or range), and a side inheriting the other side's space.
struct LabelVariant {
  ColorSpace src_space;
  ColorRange src_range;
  ColorSpace dst_space;
  ColorRange dst_range;
};
const LabelVariant kVariants[] = {
    {CS_UNSPECIFIED, CR_UNSPECIFIED, CS_UNSPECIFIED, CR_UNSPECIFIED},
    {CS_BT709, CR_UNSPECIFIED, CS_UNSPECIFIED, CR_UNSPECIFIED},
    {CS_UNSPECIFIED, CR_UNSPECIFIED, CS_BT709, CR_UNSPECIFIED},
    {CS_BT709, CR_MPEG, CS_BT2020_NCL, CR_JPEG},
    {CS_UNSPECIFIED, CR_JPEG, CS_UNSPECIFIED, CR_MPEG},
    {CS_UNSPECIFIED, CR_MPEG, CS_UNSPECIFIED, CR_JPEG},
    {CS_BT709, CR_JPEG, CS_BT709, CR_JPEG},
    {CS_SMPTE240M, CR_UNSPECIFIED, CS_YCGCO, CR_MPEG},
    {CS_FCC, CR_MPEG, CS_BT470BG, CR_MPEG},
};
constexpr int kWidth = 16, kHeight = 8;

std::string record_path() {
  return std::string(FRAMEKIT_SOURCE_DIR) + "/tests/color/data/color_paths_before_table.txt";
}

// "error:<code>" when the pair is refused, so refusals are recorded too.
std::string path_of_views(const PixelInfo& src, const PixelInfo& dst) {
  OwnedImage s(src, kWidth, kHeight), d(dst, kWidth, kHeight);
  try {
    return color_conversion_path(s.view, d.view);
  } catch (const Error& e) {
    return "error:" + std::to_string(static_cast<int>(e.code()));
  }
}

// One line per (src, dst): the two format names, then the path of each variant.
std::vector<std::string> current_lines() {
  std::vector<std::string> lines;
  for (const auto& s : all_pixel_formats()) {
    for (const auto& d : all_pixel_formats()) {
      std::string line = std::string(s.name) + " " + std::string(d.name);
      for (const auto& v : kVariants) {
        line += " " + path_of_views(PixelInfo(s.format, v.src_space, v.src_range),
                                    PixelInfo(d.format, v.dst_space, v.dst_range));
      }
      lines.push_back(line);
    }
  }
  return lines;
}

std::vector<std::string> recorded_lines() {
  std::ifstream in(record_path());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  return lines;
}

// Writes the current choice as a record when FRAMEKIT_DUMP_COLOR_PATHS names a file.
void dump_if_asked(const std::vector<std::string>& lines) {
  const char* out = std::getenv("FRAMEKIT_DUMP_COLOR_PATHS");
  if (out == nullptr) return;
  std::ofstream f(out);
  f << "# color_conversion_path() per (src, dst) format pair, " << kWidth << "x" << kHeight
    << ", default options.\n# Columns after the two formats: the variants of "
       "tests/color/color_path_table_test.cpp (kVariants), in order.\n";
  for (const auto& line : lines) f << line << "\n";
  ASSERT_TRUE(f.good()) << out;
}

TEST(ColorPathRecord, EveryPairTakesTheRecordedPath) {
  const auto recorded = recorded_lines();
  const auto now = current_lines();
  dump_if_asked(now);
  ASSERT_EQ(recorded.size(), now.size()) << "the record lists another set of formats: "
                                         << record_path();
  int differ = 0;
  for (size_t i = 0; i < now.size(); ++i) {
    if (recorded[i] != now[i] && ++differ <= 10)
      ADD_FAILURE() << "recorded: " << recorded[i] << "\n     now: " << now[i];
  }
  EXPECT_EQ(differ, 0);
}

}  // namespace
}  // namespace framekit
