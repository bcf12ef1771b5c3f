"""bmf.lib._bmf: holds sdk, BMF's SDK classes."""
from . import sdk  # noqa: F401
