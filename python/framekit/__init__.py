"""framekit: video frame conversion and JPEG encoding.

Use it the way the BMF seed uses ``bmf.hml.hmp``::

    import framekit as mp
    nv12 = mp.PixelInfo(mp.PixelFormat.kPF_NV12, mp.ColorSpace.kCS_BT470BG, mp.ColorRange.kCR_MPEG)
    frame = mp.Frame(640, 480, nv12, device="cpu")

See docs/python.md for a tour.
"""
from ._framekit import *  # noqa: F401,F403
from ._framekit import __version__  # noqa: F401
from ._tensor_list import TensorList  # noqa: F401
