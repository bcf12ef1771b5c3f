// Seed-compatible header (BMF's <bmf/sdk/ocv_convertor.h>): registers the cv::Mat
// convertor (link framekit_opencv). private_attach<cv::Mat>(new cv::Mat(...)) takes
// ownership of the pointer.
#pragma once

#include <bmf/sdk/config.h>

#include "framekit/compat/bmf.h"
#include "framekit/convert/opencv.h"
