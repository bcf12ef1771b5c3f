// The JPEGE parts of the native module: _framekit._jpege (the engine behind
// framekit.jpege) and _framekit._acl (the pyACL subset behind framekit.acl).
#pragma once

#include <pybind11/pybind11.h>

namespace framekit::py_bind {

void bind_jpege(pybind11::module_& m);      // bind_jpege.cpp
void bind_jpege_acl(pybind11::module_& m);  // bind_jpege_acl.cpp

}  // namespace framekit::py_bind
