// Helpers shared by the C ABI tests: SDK structs filled the way SDK samples fill them.
#pragma once

#include <cstring>
#include <vector>

#include "framekit/compat/hi_dvpp.h"
#include "framekit/jpeg/encoder.h"

namespace framekit::compat_test {

// The SDK's codes are unsigned in its headers and signed in its return values.
inline hi_u32 u(hi_s32 code) {
  return static_cast<hi_u32>(code);
}

inline hi_venc_chn_attr chn_attr(hi_u32 w, hi_u32 h, hi_u32 buf) {
  hi_venc_chn_attr a;
  std::memset(&a, 0, sizeof a);
  a.venc_attr.type = HI_PT_JPEG;
  a.venc_attr.max_pic_width = a.venc_attr.pic_width = w;
  a.venc_attr.max_pic_height = a.venc_attr.pic_height = h;
  a.venc_attr.buf_size = buf;
  a.venc_attr.is_by_frame = HI_TRUE;
  return a;
}

// A progressive, linear, uncompressed frame of `fmt` with no planes yet.
inline hi_video_frame_info frame_info(hi_pixel_format fmt, hi_u32 w, hi_u32 h) {
  hi_video_frame_info f;
  std::memset(&f, 0, sizeof f);
  f.v_frame.width = w;
  f.v_frame.height = h;
  f.v_frame.field = HI_VIDEO_FIELD_FRAME;
  f.v_frame.pixel_format = fmt;
  f.v_frame.video_format = HI_VIDEO_FORMAT_LINEAR;
  f.v_frame.compress_mode = HI_COMPRESS_MODE_NONE;
  return f;
}

// Every pixel format the C ABI encodes, and the framekit format of its samples: the
// tests' own table, written from the SDK's documentation, not taken from the library.
struct SdkFormat {
  hi_pixel_format hi;
  PixelFormat pf;
  bool swap_uv;  // YVU planar: V before U in memory
};
inline constexpr SdkFormat kSdkFormats[] = {
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, PF_NV12, false},
    {HI_PIXEL_FORMAT_YVU_SEMIPLANAR_420, PF_NV21, false},
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_422, PF_NV16, false},
    {HI_PIXEL_FORMAT_YUV_SEMIPLANAR_444, PF_NV24, false},
    {HI_PIXEL_FORMAT_YUV_PLANAR_420, PF_YUV420P, false},
    {HI_PIXEL_FORMAT_YVU_PLANAR_420, PF_YUV420P, true},
    {HI_PIXEL_FORMAT_YUV_PLANAR_422, PF_YUV422P, false},
    {HI_PIXEL_FORMAT_YVU_PLANAR_422, PF_YUV422P, true},
    {HI_PIXEL_FORMAT_YUV_PLANAR_444, PF_YUV444P, false},
    {HI_PIXEL_FORMAT_YVU_PLANAR_444, PF_YUV444P, true},
    {HI_PIXEL_FORMAT_YUYV_PACKED_422, PF_YUYV422, false},
    {HI_PIXEL_FORMAT_UYVY_PACKED_422, PF_UYVY422, false},
    {HI_PIXEL_FORMAT_YVYU_PACKED_422, PF_YVYU422, false},
    {HI_PIXEL_FORMAT_VYUY_PACKED_422, PF_VYUY422, false},
    {HI_PIXEL_FORMAT_RGB_888, PF_RGB24, false},
    {HI_PIXEL_FORMAT_BGR_888, PF_BGR24, false},
    {HI_PIXEL_FORMAT_RGBA_8888, PF_RGBA32, false},
    {HI_PIXEL_FORMAT_BGRA_8888, PF_BGRA32, false},
    {HI_PIXEL_FORMAT_YUV_400, PF_GRAY8, false},
};

// What the C ABI must produce for a view: the core encoder, samples coded as they are
// (the C ABI sets raw), quality 100 (the channels' default).
inline std::vector<uint8_t> direct_raw(const ImageView& v) {
  jpeg::EncodeParams p;
  p.quality = 100;
  p.raw = true;
  return jpeg::encode(v, p);
}

}  // namespace framekit::compat_test
