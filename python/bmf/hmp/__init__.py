"""bmf.hmp (also bmf.hml.hmp and bmf.lib._hmp) on framekit.

Every public framekit name, plus what hmp spells differently: the enum values of
ImageFilterMode, ImageRotationMode and ImageAxis at module level (mp.kNearest,
mp.kRotate90, mp.kHorizontal ...), numpy-like dtype names (mp.uint8, mp.float32 ...),
mp.kHalf for float16, empty/zeros/ones that default to float32 as hmp's do (framekit's
own default to uint8), mp.copy, mp.to_numpy, mp.__config__ and, when framekit has it,
mp.ffmpeg (VideoReader, VideoWriter).
"""
import importlib as _importlib
import importlib.util as _importlib_util
import types as _types

import framekit as _fk
from framekit import *  # noqa: F401,F403
from framekit import __version__  # noqa: F401

#: Tells this module from BMF's own hmp (which has no __backend__).
__backend__ = "framekit"

# hmp exports these enums' values at module level; framekit keeps them in their enums.
for _enum in (_fk.ImageFilterMode, _fk.ImageRotationMode, _fk.ImageAxis):
    globals().update(_enum.__members__)

# BMF's numbers where framekit's conventions differ (docs/bmf.md, "Cases that differ"):
# hmp's nearest is OpenCV's INTER_NEAREST (corner aligned), and its YUV -> RGB repeats
# each chroma sample and truncates. framekit offers both as options; hmp's names pass them.
kNearest = _fk.ImageFilterMode.kNearestFloor


def _yuv_to_rgb(*args, chroma_upsample=_fk.ChromaUpsample.kNearest,
                rounding=_fk.Rounding.kTruncate, **kwargs):
    return _fk.img.yuv_to_rgb(*args, chroma_upsample=chroma_upsample, rounding=rounding,
                              **kwargs)


_yuv_to_rgb.__name__ = _yuv_to_rgb.__qualname__ = "yuv_to_rgb"
_yuv_to_rgb.__doc__ = ("framekit.img.yuv_to_rgb with BMF's chroma repetition and truncation "
                       "by default (chroma_upsample=kNearest, rounding=kTruncate)")

#: framekit.img with hmp's yuv_to_rgb conventions; every other function is framekit's.
img = _types.ModuleType(__name__ + ".img", _fk.img.__doc__)
img.__dict__.update({k: v for k, v in vars(_fk.img).items() if not k.startswith("__")})
img.yuv_to_rgb = _yuv_to_rgb

kHalf = _fk.kFloat16
uint8, int8, uint16, int16 = _fk.kUInt8, _fk.kInt8, _fk.kUInt16, _fk.kInt16
int32, int64, float32, float64 = _fk.kInt32, _fk.kInt64, _fk.kFloat32, _fk.kFloat64

_HAS_FFMPEG = _importlib_util.find_spec("framekit._bmf_ffmpeg") is not None

#: What this build has, under hmp's keys. The Python package links no libtorch,
#: OpenCV, NPP or OpenMP (torch tensors travel through DLPack); CUDA counts when a
#: CUDA device is usable; FFmpeg when mp.ffmpeg exists.
__config__ = {
    "HMP_ENABLE_CUDA": int(_fk.device_count(_fk.kCUDA) > 0),
    "HMP_ENABLE_FFMPEG": int(_HAS_FFMPEG),
    "HMP_ENABLE_OPENCV": 0,
    "HMP_ENABLE_NPP": 0,
    "HMP_ENABLE_OPENMP": 0,
    "HMP_ENABLE_TORCH": 0,
}


def _factory(make, name):
    def factory(shape, *, dtype=_fk.kFloat32, device="cpu", pinned_memory=False):
        if pinned_memory:
            raise _fk.Unsupported(f"{name}(pinned_memory=True): page-locked memory only "
                                  "speeds up CUDA copies, and framekit has no CUDA streams")
        return make(shape, dtype, device)

    factory.__name__ = factory.__qualname__ = name
    factory.__doc__ = (f"{name}(shape, dtype=kFloat32, device='cpu'): as hmp's, whose "
                       "default dtype is float32 (framekit's own is uint8).")
    return factory


empty = _factory(_fk.empty, "empty")
zeros = _factory(_fk.zeros, "zeros")
if hasattr(_fk, "ones"):
    ones = _factory(_fk.ones, "ones")


def copy(dst, src):
    """Copies src into dst (same shape; the dtype is converted) and returns dst."""
    return dst.copy_(src)


def to_numpy(data):
    """A zero-copy numpy view of a Tensor, or a list of them for a list of Tensors."""
    if isinstance(data, _fk.Tensor):
        return data.numpy()
    return [t.numpy() for t in data]


def __getattr__(name):
    # Imported on first use: framekit's video I/O is not needed to load this module.
    if name == "ffmpeg" and _HAS_FFMPEG:
        module = _importlib.import_module("framekit._bmf_ffmpeg")
        globals()["ffmpeg"] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
