// OpenCV cv::Mat ↔ framekit Frame/VideoFrame (library framekit_opencv). Including
// this header registers the kCVMat convertor.
//
// Layouts (OpenCV's own conventions):
//  - packed formats are HWC Mats over plane 0: RGB24/BGR24 CV_8UC3, RGBA32/BGRA32/
//    ARGB32/ABGR32 CV_8UC4, GRAY8 CV_8UC1, RGB48/BGR48 CV_16UC3, RGBA64 CV_16UC4,
//    GRAY16 CV_16UC1, YUYV422/UYVY422/YVYU422/VYUY422 CV_8UC2 (what cvtColor's
//    COLOR_YUV2BGR_YUYV … read);
//  - YUV420P/YUVJ420P as I420 and NV12/NV21 as one (h*3/2) x w CV_8UC1 Mat (what
//    cvtColor's COLOR_YUV2BGR_I420 / _NV12 / _NV21 read); even sizes only.
//
// Memory is shared both ways where the layout allows: a Mat made from a frame holds
// a reference to the framekit buffer (through its UMatData), and a frame made from a
// Mat holds a reference to the Mat's data. Either may outlive the other. ROI Mats
// (non-continuous, any step) are viewed in place; the one exception is an I420 ROI,
// whose chroma rows OpenCV packs two per Mat row, which is copied.
#pragma once

#include <opencv2/core/mat.hpp>

#include "framekit/convert/convertor.h"
#include "framekit/frame/video_frame.h"

namespace framekit::opencv {

// Frame → Mat. copy = true gives a Mat that owns a copy (OpenCV-allocated). Throws
// Error(kUnsupported) listing the formats above for any other, and for odd-sized
// YUV 4:2:0 (OpenCV's layouts cannot hold them).
cv::Mat to_mat(const Frame& frame, bool copy = false);

// Mat → Frame. `format` names what the Mat holds; PF_NONE infers it from OpenCV's
// conventions: 1 channel → GRAY8/GRAY16, 3 → BGR24/BGR48, 4 → BGRA32 (8-bit), and
// CV_32FC3 → GBRPF32 (copied). A Mat over memory it does not own (constructed from a
// user pointer) is viewed too: that memory must outlive the frame, as for the Mat.
Frame from_mat(const cv::Mat& mat, PixelFormat format = PF_NONE, bool* copied = nullptr);

// Registers the kCVMat convertor (idempotent); run when this header is included.
bool register_mat_convertor();

namespace detail {
inline const bool kMatConvertorRegistered = register_mat_convertor();
}  // namespace detail

}  // namespace framekit::opencv
