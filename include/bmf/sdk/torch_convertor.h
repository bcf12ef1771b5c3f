// Seed-compatible header (BMF's <bmf/sdk/torch_convertor.h>): registers the
// at::Tensor convertor (link framekit_torch). private_attach<at::Tensor>(new
// at::Tensor(...)) takes ownership of the pointer.
#pragma once

#include <bmf/sdk/config.h>

#include "framekit/compat/bmf.h"
#include "framekit/convert/torch.h"
