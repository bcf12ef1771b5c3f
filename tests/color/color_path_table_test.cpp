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

#include <set>

#include "color/color_paths.h"
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

std::string path_of_infos(const PixelInfo& src, const PixelInfo& dst) {
  try {
    return color_conversion_path(src, dst);
  } catch (const Error& e) {
    return "error:" + std::to_string(static_cast<int>(e.code()));
  }
}

// One line per (src, dst): the two format names, then the path of each variant.
std::vector<std::string> current_lines(bool buffer_free = false) {
  std::vector<std::string> lines;
  for (const auto& s : all_pixel_formats()) {
    for (const auto& d : all_pixel_formats()) {
      std::string line = std::string(s.name) + " " + std::string(d.name);
      for (const auto& v : kVariants) {
        const PixelInfo si(s.format, v.src_space, v.src_range),
            di(d.format, v.dst_space, v.dst_range);
        line += " " + (buffer_free ? path_of_infos(si, di) : path_of_views(si, di));
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
  ASSERT_EQ(recorded.size(), now.size())
      << "the record lists another set of formats: " << record_path();
  int differ = 0;
  for (size_t i = 0; i < now.size(); ++i) {
    if (recorded[i] != now[i] && ++differ <= 10)
      ADD_FAILURE() << "recorded: " << recorded[i] << "\n     now: " << now[i];
  }
  EXPECT_EQ(differ, 0);
}

TEST(ColorPathRecord, TheBufferFreeQueryAgreesForEveryPair) {
  const auto recorded = recorded_lines();
  const auto now = current_lines(/*buffer_free=*/true);
  ASSERT_EQ(recorded.size(), now.size());
  int differ = 0;
  for (size_t i = 0; i < now.size(); ++i) {
    if (recorded[i] != now[i] && ++differ <= 10)
      ADD_FAILURE() << "recorded: " << recorded[i] << "\n     now: " << now[i];
  }
  EXPECT_EQ(differ, 0);
}

std::set<std::string> path_names() {
  std::set<std::string> names;
  for (const auto& p : color_paths()) names.insert(p.name);
  return names;
}

TEST(ColorPathTable, ListsEachPathOnceWithADescriptionAndGeneralLast) {
  const auto paths = color_paths();
  ASSERT_FALSE(paths.empty());
  EXPECT_EQ(path_names().size(), paths.size()) << "a name is listed twice";
  for (const auto& p : paths) {
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_EQ(p.description.find('\n'), std::string::npos) << p.name;
  }
  EXPECT_EQ(paths.back().name, "general");
  // The public list is the table the choice walks, in its order.
  const auto table = color_detail::color_path_table();
  ASSERT_EQ(table.size(), paths.size());
  for (size_t i = 0; i < paths.size(); ++i) EXPECT_EQ(table[i].name, paths[i].name);
}

// Every pair of the formats `framekit info` lists gets a listed path, with any labels,
// and without fast paths the general engine takes every pair.
TEST(ColorPathTable, AnswersForEveryFormatPair) {
  const auto names = path_names();
  ColorConvertOptions general_only;
  general_only.use_fast_paths = false;
  int pairs = 0;
  for (const auto& s : all_pixel_formats()) {
    for (const auto& d : all_pixel_formats()) {
      for (const auto& v : kVariants) {
        const PixelInfo si(s.format, v.src_space, v.src_range),
            di(d.format, v.dst_space, v.dst_range);
        std::string path;
        ASSERT_NO_THROW(path = color_conversion_path(si, di)) << si.str() << " -> " << di.str();
        EXPECT_TRUE(names.count(path)) << path;
        EXPECT_EQ(color_conversion_path(si, di, general_only), "general");
        ++pairs;
      }
    }
  }
  EXPECT_EQ(pairs, static_cast<int>(all_pixel_formats().size() * all_pixel_formats().size() *
                                    std::size(kVariants)));
  // Spaces without a matrix are refused like convert_color refuses them.
  EXPECT_THROW(color_conversion_path(PixelInfo(PF_NV12, CS_BT2020_CL), PixelInfo(PF_RGB24)), Error);
  EXPECT_THROW(color_conversion_path(PixelInfo(PF_NONE), PixelInfo(PF_RGB24)), Error);
}

uint64_t total_runs() {
  uint64_t n = 0;
  for (const auto& p : color_paths()) n += color_detail::color_path_runs(p.name);
  return n;
}

// The path that runs is the one color_conversion_path() names: per-path run counters
// over every format pair, in two label variants.
TEST(ColorPathTable, ThePathThatRunsIsTheOneNamed) {
  std::set<std::string> seen;
  for (const auto& s : all_pixel_formats()) {
    for (const auto& d : all_pixel_formats()) {
      for (const int vi : {0, 3}) {
        const auto& v = kVariants[vi];
        OwnedImage src(PixelInfo(s.format, v.src_space, v.src_range), kWidth, kHeight);
        OwnedImage dst(PixelInfo(d.format, v.dst_space, v.dst_range), kWidth, kHeight);
        const std::string named = color_conversion_path(src.view, dst.view);
        const uint64_t before = color_detail::color_path_runs(named), all_before = total_runs();
        convert_color(src.view, dst.view);
        EXPECT_EQ(color_detail::color_path_runs(named), before + 1)
            << s.name << " -> " << d.name << " named " << named;
        EXPECT_EQ(total_runs(), all_before + 1) << s.name << " -> " << d.name;
        seen.insert(named);
      }
    }
  }
  // Every image path is taken by some pair.
  for (const auto& p : color_paths()) {
    if (p.name.rfind("tensor:", 0) != 0 && p.name != "fused:yuv8_to_tensor") {
      EXPECT_TRUE(seen.count(p.name)) << p.name << " never ran";
    }
  }
}

struct TensorCase {
  ScalarType dtype;
  ChannelFormat layout;
  PixelFormat order;
  bool normalized;
};

TEST(ColorPathTable, TensorConversionsRunTheNamedPath) {
  const TensorCase cases[] = {
      {ScalarType::kUInt8, kNHWC, PF_RGB24, false},
      {ScalarType::kUInt8, kNCHW, PF_BGR24, false},
      {ScalarType::kUInt8, kNCHW, PF_RGBA32, false},
      {ScalarType::kUInt8, kNHWC, PF_GRAY8, false},
      {ScalarType::kFloat32, kNCHW, PF_RGB24, true},
      {ScalarType::kFloat32, kNHWC, PF_BGR24, false},
      {ScalarType::kFloat16, kNCHW, PF_RGBA32, true},
      {ScalarType::kUInt16, kNHWC, PF_RGB24, false},
      {ScalarType::kUInt8, kNHWC, PF_RGB24, true},
  };
  const PixelFormat images[] = {PF_NV12,  PF_YUV420P, PF_YUVA420P, PF_YUV420P10LE, PF_P010LE,
                                PF_RGB24, PF_GBRP,    PF_GRAY8,    PF_YUYV422};
  std::set<std::string> seen;
  for (const auto& c : cases) {
    for (const PixelFormat f : images) {
      const int ch = pixel_format_desc(c.order).planes[0].channels;
      std::vector<uint8_t> storage(static_cast<size_t>(kWidth) * kHeight * ch * 4, 0);
      const auto t =
          ImageTensorView::contiguous(storage.data(), c.dtype, c.layout, ch, kHeight, kWidth);
      TensorConvertOptions o;
      o.channel_order = c.order;
      if (c.normalized) {
        o.normalize.mean = {0.5F, 0.4F, 0.3F, 0.0F};
        o.normalize.std = {0.2F, 0.3F, 0.4F, 1.0F};
      }
      OwnedImage img(PixelInfo(f), kWidth, kHeight);
      for (const bool to_tensor : {true, false}) {
        const std::string named = to_tensor ? color_conversion_path(img.view, t, o)
                                            : color_conversion_path(t, img.view, o);
        const uint64_t before = color_detail::color_path_runs(named), all_before = total_runs();
        if (to_tensor)
          convert_to_tensor(img.view, t, o);
        else
          convert_from_tensor(t, img.view, o);
        const std::string what = std::string(pixel_format_name(f)) + (to_tensor ? " -> " : " <- ") +
                                 std::string(pixel_format_name(c.order)) + " tensor";
        EXPECT_EQ(color_detail::color_path_runs(named), before + 1) << what << " named " << named;
        // A tensor seen as an image runs one image path as well.
        EXPECT_EQ(total_runs(), all_before + (named == "tensor:as_image" ? 2 : 1)) << what;
        seen.insert(named);
        // What the documented rules say the path must be.
        const bool plain = c.dtype == ScalarType::kUInt8 && !c.normalized &&
                           (c.layout == kNHWC || ch == 3 || ch == 1);
        const auto& d = pixel_format_desc(f);
        if (plain && (c.layout == kNHWC || ch == 3))
          EXPECT_EQ(named, "tensor:as_image") << what;
        else if (to_tensor && d.is_yuv() && d.dtype == ScalarType::kUInt8)
          EXPECT_EQ(named, "fused:yuv8_to_tensor") << what;
        else
          EXPECT_EQ(named, "general") << what;
      }
    }
  }
  EXPECT_TRUE(seen.count("tensor:as_image"));
  EXPECT_TRUE(seen.count("fused:yuv8_to_tensor"));
  EXPECT_TRUE(seen.count("general"));
}

}  // namespace
}  // namespace framekit
