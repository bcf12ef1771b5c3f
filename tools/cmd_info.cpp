// framekit info: the pixel formats this build knows and its optional features; with
// --paths the color path table, with --path SRC DST the path a pair of formats takes.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "framekit/color/color.h"
#include "framekit/core/build_info.h"
#include "framekit/core/simd.h"
#include "framekit/core/parallel.h"
#include "framekit/pixel/pixel_format.h"

namespace {

struct InfoArgs {
  bool paths = false;
  std::vector<std::string> path;  // SRC DST
};

void print_paths() {
  std::printf("color paths (tried in order; the first that takes a pair runs it):\n");
  for (const auto& p : framekit::color_paths())
    std::printf("  %-22s %s\n", p.name.c_str(), p.description.c_str());
}

void print_formats() {
  std::printf("framekit %s\n", framekit::version().c_str());
  std::string targets;
  for (const auto& t : framekit::available_simd_targets())
    targets += (targets.empty() ? "" : " ") + t;
  std::printf("simd targets (best first): %s; running: %s\n", targets.c_str(),
              framekit::simd_target().c_str());
  std::printf("threads: %d\n", framekit::get_num_threads());
  std::printf("\npixel formats:\n  %-12s %-7s %-6s %-5s %-7s %s\n", "name", "family", "planes",
              "bits", "chroma", "layout");
  for (const auto& d : framekit::all_pixel_formats()) {
    const char* family = d.is_yuv() ? "yuv" : d.is_rgb() ? "rgb" : "gray";
    std::string layout;
    for (int p = 0; p < d.num_planes; ++p)
      layout += (p ? " | " : "") + std::string(d.planes[p].components);
    std::printf("  %-12s %-7s %-6d %-5d %dx%-5d %s\n", std::string(d.name).c_str(), family,
                d.num_planes, d.bit_depth, 1 << d.log2_chroma_w, 1 << d.log2_chroma_h,
                layout.c_str());
  }
}

}  // namespace

FRAMEKIT_CLI_COMMAND(info) {
  auto args = std::make_shared<InfoArgs>();
  auto* sub = app.add_subcommand("info", "List pixel formats, build features and color paths");
  sub->add_flag("--paths", args->paths, "List the color paths, in the order they are tried");
  sub->add_option("--path", args->path,
                  "Print the color path a conversion from format SRC to format DST takes")
      ->expected(2)
      ->type_name("SRC DST");
  return [args] {
    if (!args->path.empty()) {
      const framekit::PixelInfo src(framekit::parse_pixel_format(args->path[0]));
      const framekit::PixelInfo dst(framekit::parse_pixel_format(args->path[1]));
      std::printf("%s\n", framekit::color_conversion_path(src, dst).c_str());
      return 0;
    }
    if (args->paths) {
      print_paths();
      return 0;
    }
    print_formats();
    return 0;
  };
}
