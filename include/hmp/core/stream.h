// BMF's <hmp/core/stream.h> (framekit's BMF compatibility): Stream, create_stream, current_stream, StreamGuard (CPU), declared in
// framekit/compat/bmf_hmp_core.h over framekit's types; this path adds BMF's generated <hmp/config.h>.
#pragma once

#include <hmp/config.h>

#include "framekit/compat/bmf_hmp_core.h"
