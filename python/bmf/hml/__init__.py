"""bmf.hml: holds hmp, as BMF's package does (``import bmf.hml.hmp as mp``)."""
import sys as _sys

from .. import hmp

# bmf.hml.hmp is the same module object as bmf.hmp, not a copy.
_sys.modules[__name__ + ".hmp"] = hmp
