#include "framekit/core/build_info.h"

namespace framekit {

std::string version() { return FRAMEKIT_VERSION; }

}  // namespace framekit
