"""bmf.lib: BMF's native modules, _hmp (hmp itself) and _bmf (the SDK classes)."""
import sys as _sys

from .. import hmp as _hmp

# BMF's bmf.hmp re-exports bmf.lib._hmp; here both names are the one module.
_sys.modules[__name__ + "._hmp"] = _hmp

from . import _bmf  # noqa: E402,F401
