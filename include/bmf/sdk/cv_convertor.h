// Seed-compatible alias of <bmf/sdk/ocv_convertor.h>.
#pragma once

#include "bmf/sdk/ocv_convertor.h"
