// The native module framekit._framekit; python/framekit/__init__.py re-exports it.
#include "bind_jpege.h"
#include "common.h"

#ifndef FRAMEKIT_VERSION
#define FRAMEKIT_VERSION "0.0.0"
#endif

PYBIND11_MODULE(_framekit, m) {
  namespace fk = framekit::py_bind;
  m.doc() = "framekit native module";
  m.attr("__version__") = FRAMEKIT_VERSION;
  // Order matters: later parts use the types (Tensor, PixelInfo …) bound earlier.
  fk::bind_errors(m);
  fk::bind_core(m);
  fk::bind_pixel(m);
  fk::bind_tensor(m);
  fk::bind_dlpack(m);
  fk::bind_frame(m);
  fk::bind_video_frame(m);
  fk::bind_convert(m);
  fk::bind_img(m);
  fk::bind_jpege(m);
  fk::bind_io(m);
  fk::bind_io_video(m);
}
