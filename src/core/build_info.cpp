#include "framekit/core/build_info.h"

#include <hwy/highway.h>
#include <hwy/targets.h>

namespace framekit {

std::string version() { return FRAMEKIT_VERSION; }

std::vector<std::string> simd_targets() {
  std::vector<std::string> out;
  for (int64_t t : hwy::SupportedAndGeneratedTargets()) out.emplace_back(hwy::TargetName(t));
  return out;
}

std::string active_simd_target() {
  const auto targets = hwy::SupportedAndGeneratedTargets();
  return targets.empty() ? "none" : hwy::TargetName(targets.front());
}

}  // namespace framekit
