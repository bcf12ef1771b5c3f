// Pieces of the AVFrame adapter shared by its conversions and its convertor: the import
// core lives in io (io/av_import.h), one implementation for the adapter and VideoReader.
#pragma once

#include "io/av_import.h"

namespace framekit::ffmpeg::detail {

using io::av::check_importable;
using io::av::copy_of;
using io::av::copy_props_from;
using io::av::shareable;
using io::av::view_of;

}  // namespace framekit::ffmpeg::detail
