// The registry of convertors by media type. Built-ins (kVideoFrame, kTensor) are
// registered on first use; adapters add theirs from their own libraries.
#include <array>
#include <mutex>
#include <sstream>

#include "convert/builtin_convertors.h"
#include "framekit/convert/convertor.h"
#include "framekit/core/fork_safe.h"

namespace framekit {
namespace {

struct Registry {
  ProcessMutex mutex;
  std::array<std::shared_ptr<const Convertor>, kMediaTypeCount> slots;

  Registry() {
    slots[static_cast<int>(MediaType::kVideoFrame)] = detail::make_video_frame_convertor();
    slots[static_cast<int>(MediaType::kTensor)] = detail::make_tensor_convertor();
  }
};

Registry& registry() {
  static Registry* r = new Registry();  // leaked: fork hooks use its lock
  return *r;
}

bool valid_type(MediaType t) noexcept {
  const int i = static_cast<int>(t);
  return i >= 0 && i < kMediaTypeCount;
}

std::string_view provider_hint(MediaType t) {
  switch (t) {
    case MediaType::kAVFrame:
      return "include <framekit/convert/ffmpeg.h> and link framekit_ffmpeg (built when "
             "libavutil-dev is installed)";
    case MediaType::kCVMat:
      return "include <framekit/convert/opencv.h> and link framekit_opencv (built when "
             "libopencv-dev is installed)";
    case MediaType::kATTensor:
      return "include <framekit/convert/torch.h> and link framekit_torch (built when "
             "libtorch-dev is installed)";
    default:
      return "it is not a media type framekit knows";
  }
}

}  // namespace

void register_convertor(std::shared_ptr<const Convertor> convertor) {
  FK_CHECK_ARG(convertor != nullptr, "register_convertor: convertor is null");
  const MediaType t = convertor->media_type();
  FK_CHECK_ARG(valid_type(t), "register_convertor: media type ", static_cast<int>(t),
               " is out of range (0..", kMediaTypeCount - 1, ")");
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.slots[static_cast<int>(t)] = std::move(convertor);
}

void unregister_convertor(MediaType type) {
  FK_CHECK_ARG(valid_type(type), "unregister_convertor: media type ", static_cast<int>(type),
               " is out of range");
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.slots[static_cast<int>(type)].reset();
}

bool has_convertor(MediaType type) noexcept {
  if (!valid_type(type)) return false;
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  return r.slots[static_cast<int>(type)] != nullptr;
}

std::vector<MediaType> registered_media_types() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<MediaType> out;
  for (int i = 0; i < kMediaTypeCount; ++i)
    if (r.slots[i]) out.push_back(static_cast<MediaType>(i));
  return out;
}

std::shared_ptr<const Convertor> get_convertor(MediaType type) {
  if (valid_type(type)) {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    if (auto c = r.slots[static_cast<int>(type)]) return c;
  }
  std::ostringstream known;
  const char* sep = "";
  for (MediaType t : registered_media_types()) {
    known << sep << t;
    sep = ", ";
  }
  FK_THROW(ErrorCode::kUnsupported, "no convertor is registered for media type ", type,
           " (registered: ", known.str(), "); ", provider_hint(type));
}

}  // namespace framekit
