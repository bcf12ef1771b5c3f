// Seed-compatible header (BMF's <bmf/sdk/av_convertor.h>): registers the AVFrame
// convertor (link framekit_ffmpeg) and makes private_attach<AVFrame>(const AVFrame*)
// take a new reference to the frame (av_frame_clone), as BMF does, so the caller's
// AVFrame stays the caller's.
#pragma once

#include <bmf/sdk/config.h>

#include "framekit/compat/bmf.h"
#include "framekit/convert/ffmpeg.h"

namespace bmf_sdk {

template <>
struct OpaqueDataInfo<AVFrame> {
  static std::shared_ptr<AVFrame> construct(const AVFrame* frame) {
    AVFrame* ref = av_frame_clone(frame);
    FK_CHECK(ref != nullptr, framekit::ErrorCode::kOutOfMemory,
             "private_attach<AVFrame>: av_frame_clone failed");
    return std::shared_ptr<AVFrame>(ref, framekit::PrivateRelease<AVFrame>());
  }
};

}  // namespace bmf_sdk
