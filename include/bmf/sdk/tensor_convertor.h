// Seed-compatible header (BMF's <bmf/sdk/tensor_convertor.h>). The kTensor convertor
// is built into framekit; private_attach<hmp::Tensor>(new hmp::Tensor(...)) takes
// ownership of the pointer.
#pragma once

#include <bmf/sdk/config.h>

#include "framekit/compat/bmf.h"
