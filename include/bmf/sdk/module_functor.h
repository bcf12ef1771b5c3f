// <bmf/sdk/module_functor.h> (BMF's path): a stand-in for BMF's module runtime that
// offers exactly one module, "c_ffmpeg_decoder", as BMF's SDK tests use it:
//
//   JsonParam option;
//   option.parse("{\"input_path\": \"clip.mp4\"}");
//   auto decoder = make_sync_func<std::tuple<>, std::tuple<VideoFrame>>(
//       ModuleInfo("c_ffmpeg_decoder"), option);
//   VideoFrame vf;
//   std::tie(vf) = decoder();   // the next frame, zero-copy from the decoder
//
// The decoder is framekit::io::VideoReader: frames in the decoder's pixel format with
// pts, time base and the stream's color labels. After the last frame a call throws
// framekit::Error (kOutOfRange). framekit has no module graph: any other module name,
// or other input/output types, is an Error (or does not compile), never a silent
// fallback. `option` is anything with BMF JsonParam's has_key(name) and
// get<T>(name) (bmf/sdk/json_param.h's JsonParam is one).
#pragma once

#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "framekit/compat/bmf.h"
#include "framekit/core/error.h"
#include "framekit/io/video_reader.h"

namespace bmf_sdk {

// Which module to run. Only the name matters here (BMF also takes a type, a path and an
// entry for modules loaded from files; framekit loads none).
struct ModuleInfo {
  std::string module_name;
  std::string module_type;
  std::string module_path;
  std::string module_entry;

  explicit ModuleInfo(std::string name, std::string type = "", std::string path = "",
                      std::string entry = "")
      : module_name(std::move(name)),
        module_type(std::move(type)),
        module_path(std::move(path)),
        module_entry(std::move(entry)) {}
};

inline constexpr const char* kFfmpegDecoderModule = "c_ffmpeg_decoder";

// A module called like a function: no inputs, one VideoFrame out per call. Copies share
// the one decoder.
class FfmpegDecoderFunc {
 public:
  explicit FfmpegDecoderFunc(const std::string& input_path)
      : reader_(std::make_shared<framekit::io::VideoReader>(input_path)) {}

  std::tuple<VideoFrame> operator()() {
    framekit::VideoFrame vf = reader_->next();
    FK_CHECK(vf.defined(), framekit::ErrorCode::kOutOfRange,
             "c_ffmpeg_decoder: no more frames (end of the input)");
    return std::tuple<VideoFrame>(VideoFrame(std::move(vf)));
  }

 private:
  std::shared_ptr<framekit::io::VideoReader> reader_;
};

// BMF's make_sync_func<Inputs, Outputs>(module, option): here only
// <std::tuple<>, std::tuple<VideoFrame>> of "c_ffmpeg_decoder" with option "input_path".
template <typename Inputs, typename Outputs, typename Option>
FfmpegDecoderFunc make_sync_func(const ModuleInfo& info, const Option& option) {
  static_assert(
      std::is_same_v<Inputs, std::tuple<>> && std::is_same_v<Outputs, std::tuple<VideoFrame>>,
      "framekit's make_sync_func has only c_ffmpeg_decoder: no inputs, one "
      "VideoFrame out");
  FK_CHECK(info.module_name == kFfmpegDecoderModule, framekit::ErrorCode::kUnsupported,
           "make_sync_func: framekit has no module '", info.module_name, "' (only ",
           kFfmpegDecoderModule, ")");
  Option copy = option;  // BMF's JsonParam::has_key is not const
  FK_CHECK_ARG(copy.has_key("input_path"), kFfmpegDecoderModule,
               ": the option has no \"input_path\"");
  return FfmpegDecoderFunc(copy.template get<std::string>("input_path"));
}

}  // namespace bmf_sdk
