// The process-wide SIMD switch (simd.h) and the kernel families' view of it
// (simd_dispatch.h).
//
// "scalar" is a flag the families read when they hand out a table. A Highway target is
// forced through Highway's own chosen-target state, so every HWY_DYNAMIC_DISPATCH of
// the library (each family's table getter) resolves to that target; "auto" restores
// the CPU's best.
#include "framekit/core/simd.h"

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <string>

#include <hwy/highway.h>
#include <hwy/targets.h>

#include "framekit/core/error.h"
#include "framekit/core/simd_dispatch.h"

namespace framekit {
namespace {

constexpr int kModeUnset = -1;
constexpr int kModeHighway = 0;
constexpr int kModeScalar = 1;

// kModeUnset until FRAMEKIT_SIMD or set_simd_target has been applied.
std::atomic<int> g_mode{kModeUnset};
// The forced Highway target bit, or 0 for the CPU's best.
std::atomic<int64_t> g_forced_target{0};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The Highway targets compiled in that this CPU supports, best first.
std::vector<int64_t> supported_targets() { return hwy::SupportedAndGeneratedTargets(); }

std::string choices() {
  std::string out = "auto";
  for (const std::string& t : available_simd_targets()) out += ", " + t;
  return out;
}

struct Choice {
  int mode = kModeHighway;
  int64_t target = 0;
};

Choice parse(std::string_view name, std::string_view what) {
  const std::string want = lower(name);
  if (want == "auto") return {};
  if (want == "scalar") return {kModeScalar, 0};
  for (int64_t t : supported_targets())
    if (want == simd_detail::target_name(t)) return {kModeHighway, t};
  FK_THROW(ErrorCode::kInvalidArgument, what, "'", std::string(name),
           "' is not a SIMD target of this build on this CPU (expected one of: ", choices(), ")");
}

void apply(const Choice& c) {
  g_forced_target.store(c.target, std::memory_order_relaxed);
  hwy::GetChosenTarget().Update(c.target != 0 ? c.target : hwy::SupportedTargets());
  g_mode.store(c.mode, std::memory_order_release);
}

// The mode, after applying FRAMEKIT_SIMD if nothing has been applied yet. Without a lock:
// racing first users compute and apply the same choice.
int current_mode() {
  const int mode = g_mode.load(std::memory_order_acquire);
  if (mode != kModeUnset) return mode;
  const char* env = std::getenv("FRAMEKIT_SIMD");
  const Choice c = env != nullptr && *env != '\0' ? parse(env, "FRAMEKIT_SIMD=") : Choice{};
  apply(c);
  return c.mode;
}

}  // namespace

namespace simd_detail {

bool scalar_forced() { return current_mode() == kModeScalar; }

const char* target_name(int64_t target) {
  // Highway's names, lower case; one string per target bit, made once.
  static const auto names = [] {
    std::vector<std::string> out(64);
    for (int bit = 0; bit < 64; ++bit) out[bit] = lower(hwy::TargetName(int64_t{1} << bit));
    // "scalar" means the scalar twins; Highway's one-lane target gets another name.
    out[static_cast<size_t>(__builtin_ctzll(HWY_SCALAR))] = "hwy_scalar";
    return out;
  }();
  return names[static_cast<size_t>(__builtin_ctzll(static_cast<uint64_t>(target)))].c_str();
}

}  // namespace simd_detail

void set_simd_target(std::string_view target) {
  current_mode();  // FRAMEKIT_SIMD first, so that this call is what stays in force
  apply(parse(target, "set_simd_target: "));
}

std::string simd_target() {
  if (current_mode() == kModeScalar) return "scalar";
  const int64_t forced = g_forced_target.load(std::memory_order_relaxed);
  if (forced != 0) return simd_detail::target_name(forced);
  const auto targets = supported_targets();
  return targets.empty() ? "scalar" : simd_detail::target_name(targets.front());
}

std::vector<std::string> available_simd_targets() {
  std::vector<std::string> out;
  for (int64_t t : supported_targets()) out.emplace_back(simd_detail::target_name(t));
  out.emplace_back("scalar");
  return out;
}

}  // namespace framekit
