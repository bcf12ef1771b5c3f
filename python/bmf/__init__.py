"""framekit's ``bmf`` compatibility package: BMF's Python module names over framekit.

BMF code ports unchanged::

    from bmf import *                      # mp, VideoFrame, MediaDesc, bmf_convert ...
    import bmf.hml.hmp as mp               # or bmf.hmp, bmf.lib._hmp

It never shadows a real BMF: when another ``bmf`` package is on ``sys.path`` (before or
after this one), importing ``bmf`` loads that one instead. The environment variable
FRAMEKIT_BMF chooses: ``auto`` (the default: a real BMF wins), ``force`` (this package
even when a real BMF is installed, once this package is the one reached first on
sys.path) or ``0`` (never this package: without a real BMF, ``import bmf`` fails). Tell them apart with ``getattr(bmf, "__framekit__", False)`` or
``bmf.hmp.__backend__ == "framekit"``. See docs/bmf.md.
"""
import importlib.machinery as _machinery
import importlib.util as _util
import os as _os
import sys as _sys

_MODES = {"": "auto", "auto": "auto", "1": "auto", "force": "force", "0": "off", "off": "off"}


def _mode():
    given = _os.environ.get("FRAMEKIT_BMF", "")
    if given.lower() not in _MODES:
        raise ImportError(f"FRAMEKIT_BMF={given!r}: expected auto, force or 0")
    return _MODES[given.lower()]


def _is_framekit_shim(spec):
    """True for a copy of this package (the build tree and an installed wheel can both
    be on sys.path): it carries this marker module."""
    folder = _os.path.dirname(spec.origin)
    return _os.path.exists(_os.path.join(folder, "_framekit_shim.py"))


def _find_real_bmf():
    """The spec of another, real `bmf` package anywhere on sys.path, or None."""
    here = _os.path.realpath(_os.path.dirname(_os.path.dirname(__file__)))
    for entry in _sys.path:
        if not isinstance(entry, str) or _os.path.realpath(entry or _os.getcwd()) == here:
            continue
        spec = _machinery.PathFinder.find_spec(__name__, [entry])
        # A directory named bmf without __init__.py (a namespace portion) is no BMF.
        if spec is None or spec.origin is None or not spec.has_location:
            continue
        if not _is_framekit_shim(spec):
            return spec
    return None


def _load_instead(spec):
    """Runs the real BMF in place of this module: the import system returns whatever
    sys.modules holds for the name once this module's code has run."""
    module = _util.module_from_spec(spec)
    _sys.modules[__name__] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del _sys.modules[__name__]
        raise


_real = None if _mode() == "force" else _find_real_bmf()
if _real is not None:
    _load_instead(_real)
elif _mode() == "off":
    raise ImportError("bmf: no BMF installation found, and framekit's bmf compatibility "
                      "package is switched off (FRAMEKIT_BMF=0)")
else:
    #: Present only in framekit's package, never in BMF's.
    __framekit__ = True

    from . import hmp  # noqa: E402
    from . import hmp as mp  # noqa: E402
    from . import hml, lib  # noqa: E402,F401
    from .lib._bmf.sdk import (AudioFrame, BMFAVPacket, MediaDesc, MediaType,  # noqa: E402
                               Packet, VideoFrame, bmf_convert)

    __version__ = hmp.__version__
    __all__ = ["mp", "hmp", "VideoFrame", "AudioFrame", "Packet", "BMFAVPacket", "MediaDesc",
               "MediaType", "bmf_convert"]
