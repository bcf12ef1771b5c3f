// framekit info: the pixel formats this build knows and its optional features.
#include <cstdio>

#include "command.h"
#include "framekit/pixel/pixel_format.h"

FRAMEKIT_CLI_COMMAND(info) {
  auto* sub = app.add_subcommand("info", "List pixel formats and build features");
  return [sub] {
    (void)sub;
    std::printf("framekit %s\n\npixel formats:\n", FRAMEKIT_VERSION);
    for (const auto& d : framekit::all_pixel_formats()) {
      std::printf("  %-12s planes=%d bits=%d chroma=%dx%d\n", d.name.data(), d.num_planes,
                  d.bit_depth, 1 << d.log2_chroma_w, 1 << d.log2_chroma_h);
    }
    return 0;
  };
}
