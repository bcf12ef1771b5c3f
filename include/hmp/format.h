// hmp/format.h (framekit's BMF compatibility): fmt (Debian's libfmt-dev, the library
// BMF formats with), used header-only so that code built against these headers links
// with framekit alone, and hmp's stringfy for framekit's types.
#pragma once

#ifndef FMT_HEADER_ONLY
#define FMT_HEADER_ONLY
#endif
#include <fmt/format.h>

#include <string>

#include <hmp/config.h>

#include "framekit/compat/bmf_hmp.h"

namespace hmp {

inline std::string stringfy(const Tensor& t) { return t.repr(); }
inline std::string stringfy(const Device& d) { return d.str(); }
inline std::string stringfy(PixelFormat f) { return std::string(framekit::pixel_format_name(f)); }
inline std::string stringfy(const PixelInfo& info) { return info.str(); }
inline std::string stringfy(ScalarType t) { return std::string(framekit::scalar_name(t)); }

}  // namespace hmp
