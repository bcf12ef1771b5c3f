// Seed-compatible header: BMF's name for part of framekit/compat/bmf.h.
#pragma once

#include <hmp/format.h>

#include <bmf/sdk/config.h>

#include "framekit/compat/bmf.h"
