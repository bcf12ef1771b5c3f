// framekit info: the pixel formats this build knows and its optional features.
#include <cstdio>
#include <string>

#include "command.h"
#include "framekit/core/build_info.h"
#include "framekit/core/parallel.h"
#include "framekit/pixel/pixel_format.h"

FRAMEKIT_CLI_COMMAND(info) {
  auto* sub = app.add_subcommand("info", "List pixel formats and build features");
  return [sub] {
    (void)sub;
    std::printf("framekit %s\n", framekit::version().c_str());
    std::string targets;
    for (const auto& t : framekit::simd_targets()) targets += (targets.empty() ? "" : " ") + t;
    std::printf("simd targets (best first): %s\n", targets.c_str());
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
    return 0;
  };
}
