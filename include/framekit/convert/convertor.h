// The convertor registry: one Convertor per MediaType turns the foreign object
// attached to a VideoFrame into framekit's own frame (import) and back (export).
// Adapters register theirs when their header is included or their library loads
// (framekit/convert/ffmpeg.h …); kVideoFrame and kTensor are built in.
#pragma once

#include <memory>
#include <vector>

#include "framekit/convert/media_desc.h"
#include "framekit/frame/video_frame.h"

namespace framekit {

class Convertor {
 public:
  virtual ~Convertor() = default;
  virtual MediaType media_type() const noexcept = 0;

  // Makes a VideoFrame from the foreign object attached to `src` (src.private_get<…>).
  // `desc` says what the object holds when the object cannot say it itself (the pixel
  // format of a cv::Mat or a tensor); fields it gives are checked against the object.
  // The result shares memory with the object where the layout allows and keeps it
  // alive; it carries src's pts, time base and metadata. Throws Error when nothing
  // is attached or the object cannot be represented.
  virtual VideoFrame import_frame(const VideoFrame& src, const MediaDesc& desc) const = 0;

  // Throws Error(kUnsupported) naming the format when a width x height frame of `info`
  // on `device` cannot be exported. convert() asks before doing any work.
  virtual void check_exportable(const PixelInfo& info, int width, int height,
                                const Device& device) const = 0;

  // Returns `vf` (same frame, same properties) with the foreign object attached; the
  // object shares the frame's memory where the layout allows, and keeps it alive.
  virtual VideoFrame export_frame(const VideoFrame& vf, const MediaDesc& desc) const = 0;
};

// Registers (or replaces) the convertor of its media type. Thread-safe.
void register_convertor(std::shared_ptr<const Convertor> convertor);
// Removes the convertor of a type, so that convert() reports it as unregistered;
// for tests and plug-in unloading.
void unregister_convertor(MediaType type);
bool has_convertor(MediaType type) noexcept;
// Throws Error(kUnsupported) naming the media type, the registered ones and the
// header/target that provides it when none is registered.
std::shared_ptr<const Convertor> get_convertor(MediaType type);
std::vector<MediaType> registered_media_types();

// For importers: checks the width, height and pixel_format that `desc` gives against
// the imported frame (Error naming both when they differ) and applies its color
// fields (color_space, color_range, pixel_info) as a relabel — no pixel change.
Frame apply_source_desc(const Frame& imported, const MediaDesc& desc, MediaType type);

}  // namespace framekit
