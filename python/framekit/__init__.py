"""framekit: video frame conversion and JPEG encoding.

Use it the way the BMF seed uses ``bmf.hml.hmp``::

    import framekit as mp
    nv12 = mp.PixelInfo(mp.PixelFormat.kPF_NV12, mp.ColorSpace.kCS_BT470BG, mp.ColorRange.kCR_MPEG)
    frame = mp.Frame(640, 480, nv12, device="cpu")

One picture to JPEG bytes (every encoder option; the default quality is 75)::

    jpg = mp.encode_jpeg(rgb_array, 90, subsampling="444", progressive=True)

See docs/python.md for a tour.
"""
from ._framekit import *  # noqa: F401,F403
from ._framekit import __version__  # noqa: F401
from ._tensor_list import TensorList  # noqa: F401
from .jpege import DEFAULT_QUALITY as DEFAULT_QUALITY  # noqa: F401
from .jpege import encode_jpeg as encode_jpeg  # noqa: F401
