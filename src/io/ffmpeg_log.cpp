#include "io/ffmpeg_log.h"

#include <atomic>
#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string_view>

extern "C" {
#include <libavutil/log.h>
}

#include "framekit/core/error.h"
#include "framekit/io/video_reader.h"

namespace framekit::io {
namespace {

// Messages kept per capture at most: a damaged stream can log one per macroblock.
constexpr size_t kMaxCapturedMessages = 64;

std::atomic<int> g_print_level{AV_LOG_QUIET};
thread_local std::vector<std::string>* t_sink = nullptr;

struct LevelName {
  std::string_view name;
  int level;
};
constexpr LevelName kLevelNames[] = {
    {"quiet", AV_LOG_QUIET},     {"panic", AV_LOG_PANIC},     {"fatal", AV_LOG_FATAL},
    {"error", AV_LOG_ERROR},     {"warning", AV_LOG_WARNING}, {"info", AV_LOG_INFO},
    {"verbose", AV_LOG_VERBOSE}, {"debug", AV_LOG_DEBUG},     {"trace", AV_LOG_TRACE}};

void log_callback(void* context, int level, const char* format, va_list args) {
  if (t_sink != nullptr && level <= AV_LOG_ERROR && t_sink->size() < kMaxCapturedMessages) {
    // "h264: error while decoding MB 1 1": the context's name without its address, so the
    // same damage gives the same words.
    char line[1024];
    int print_prefix = 0;
    va_list copy;
    va_copy(copy, args);
    av_log_format_line2(nullptr, level, format, copy, line, sizeof line, &print_prefix);
    va_end(copy);
    std::string text;
    const AVClass* const* cls = static_cast<const AVClass* const*>(context);
    if (cls != nullptr && *cls != nullptr && (*cls)->item_name != nullptr) {
      text = std::string((*cls)->item_name(context)) + ": ";
    }
    text += line;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    if (!text.empty()) t_sink->push_back(std::move(text));
  }
  if (level <= g_print_level.load(std::memory_order_relaxed)) {
    av_log_default_callback(context, level, format, args);
  }
}

void apply_level(int level) {
  g_print_level.store(level, std::memory_order_relaxed);
  // FFmpeg's own printer filters by its level too: let the chosen one through.
  if (level > av_log_get_level()) av_log_set_level(level);
}

}  // namespace

std::optional<int> parse_ffmpeg_log_level(std::string_view text) {
  for (const auto& n : kLevelNames)
    if (text == n.name) return n.level;
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const std::string s(text);
  const long value = std::strtol(s.c_str(), &end, 10);
  if (*end != '\0' || value < AV_LOG_QUIET || value > AV_LOG_TRACE) return std::nullopt;
  return static_cast<int>(value);
}

void set_ffmpeg_log_level(int level) {
  FK_CHECK_ARG(level >= AV_LOG_QUIET && level <= AV_LOG_TRACE, "FFmpeg log level ", level,
               " is out of range (", AV_LOG_QUIET, " quiet to ", AV_LOG_TRACE, " trace)");
  ffmpeg_log::install();
  apply_level(level);
}

int ffmpeg_log_level() noexcept {
  return g_print_level.load(std::memory_order_relaxed);
}

namespace ffmpeg_log {

void install() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (const char* env = std::getenv("FRAMEKIT_FFMPEG_LOG")) {
      if (const auto level = parse_ffmpeg_log_level(env)) {
        apply_level(*level);
      } else {
        std::fprintf(stderr,
                     "framekit: FRAMEKIT_FFMPEG_LOG='%s' is not a level (quiet, panic, fatal, "
                     "error, warning, info, verbose, debug, trace or a number); FFmpeg stays "
                     "quiet\n",
                     env);
      }
    }
    av_log_set_callback(log_callback);
  });
}

Capture::Capture(std::vector<std::string>& sink) noexcept : previous_(t_sink) {
  t_sink = &sink;
}

Capture::~Capture() {
  t_sink = previous_;
}

}  // namespace ffmpeg_log
}  // namespace framekit::io
