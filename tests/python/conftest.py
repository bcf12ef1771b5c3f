"""Shared helpers for the framekit Python tests.

Run from the repository root:
    PYTHONPATH=$PWD/build/release/python /usr/bin/python3 -m pytest -q tests/python
or against an installed framekit, with FRAMEKIT_CLI naming its CLI (e.g. the `framekit`
console entry point of the virtualenv).
"""
import ctypes
import gc
import os
import pathlib

import numpy as np
import pytest

import framekit as mp


def _cli_path():
    """The CLI the tests run: FRAMEKIT_CLI, else the one built next to the imported
    package (build/<preset>/tools/framekit for build/<preset>/python/framekit)."""
    if os.environ.get("FRAMEKIT_CLI"):
        return pathlib.Path(os.environ["FRAMEKIT_CLI"])
    return pathlib.Path(mp.__file__).resolve().parents[2] / "tools" / "framekit"


# The CLI tests assert that it exists: missing, they fail instead of skipping.
CLI = _cli_path()


# Every pixel format, in enum order, by the seed-style name (mp.kPF_<name>).
ALL_FORMATS = [
    "YUV420P", "YUVJ420P", "YUV422P", "YUV444P", "NV12", "NV21", "NV16", "NV24", "YUYV422",
    "UYVY422", "YVYU422", "VYUY422", "GRAY8", "P010LE", "P016LE", "YUV420P10LE", "YUV422P10LE",
    "YUV444P10LE", "YUV420P12LE", "YUV422P12LE", "YUV444P12LE", "YUV420P16LE", "YUV444P16LE",
    "GRAY16", "RGB24", "BGR24", "RGBA32", "BGRA32", "ARGB32", "ABGR32", "RGB48", "BGR48",
    "RGBA64", "GBRP", "GBRPF32", "YUVA420P", "YUVA444P",
    "YUV440P",
]


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def collect():
    """Runs the cyclic collector twice so that every dead object is really gone."""
    gc.collect()
    gc.collect()


# --- A hand-made DLPack producer (ctypes), to count deleter calls exactly. -----------
# Layout of dlpack.h 0.6 (the Debian libdlpack-dev version framekit builds against).

class DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]


class DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class DLTensor(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.c_void_p),
        ("device", DLDevice),
        ("ndim", ctypes.c_int32),
        ("dtype", DLDataType),
        ("shape", ctypes.POINTER(ctypes.c_int64)),
        ("strides", ctypes.POINTER(ctypes.c_int64)),
        ("byte_offset", ctypes.c_uint64),
    ]


class DLManagedTensor(ctypes.Structure):
    pass


DELETER = ctypes.CFUNCTYPE(None, ctypes.POINTER(DLManagedTensor))
DLManagedTensor._fields_ = [
    ("dl_tensor", DLTensor),
    ("manager_ctx", ctypes.c_void_p),
    ("deleter", DELETER),
]

_PyCapsule_New = ctypes.pythonapi.PyCapsule_New
_PyCapsule_New.restype = ctypes.py_object
_PyCapsule_New.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
_PyCapsule_GetName = ctypes.pythonapi.PyCapsule_GetName
_PyCapsule_GetName.restype = ctypes.c_char_p
_PyCapsule_GetName.argtypes = [ctypes.py_object]

KDL_CPU = 1
KDL_INT, KDL_UINT, KDL_FLOAT, KDL_COMPLEX = 0, 1, 2, 5
_CAPSULE_NAME = ctypes.create_string_buffer(b"dltensor")  # must outlive every capsule


class CountingProducer:
    """Builds DLPack capsules over a numpy array's memory; counts deleter calls.

    The capsule has no destructor of its own, as a consumer must take it (and rename
    it "used_dltensor"); `calls` tells how often the consumer ran the deleter.
    """

    def __init__(self, array, shape=None, strides=None, byte_offset=0, dtype=None,
                 device_type=KDL_CPU):
        self.array = array  # the memory stays valid for the test's duration
        self.calls = 0
        shape = array.shape if shape is None else shape
        self._shape = (ctypes.c_int64 * len(shape))(*shape)
        self._strides = None
        if strides is not None:
            self._strides = (ctypes.c_int64 * len(strides))(*strides)
        code, bits = dtype if dtype is not None else _dl_dtype(array.dtype)
        self._deleter = DELETER(self._on_delete)
        self.managed = DLManagedTensor()
        t = self.managed.dl_tensor
        t.data = array.ctypes.data
        t.device = DLDevice(device_type, 0)
        t.ndim = len(shape)
        t.dtype = DLDataType(code, bits, 1)
        t.shape = self._shape
        t.strides = self._strides
        t.byte_offset = byte_offset
        self.managed.deleter = self._deleter

    def _on_delete(self, _ptr):
        self.calls += 1

    def capsule(self):
        return _PyCapsule_New(ctypes.addressof(self.managed), _CAPSULE_NAME, None)


def capsule_name(capsule):
    return _PyCapsule_GetName(capsule).decode()


def _dl_dtype(dt):
    kind = {"u": KDL_UINT, "i": KDL_INT, "f": KDL_FLOAT}[dt.kind]
    return kind, dt.itemsize * 8


@pytest.fixture
def nv12():
    return mp.PixelInfo(mp.PixelFormat.kPF_NV12, mp.ColorSpace.kCS_BT470BG, mp.ColorRange.kCR_MPEG)


@pytest.fixture
def rgb():
    return mp.PixelInfo(mp.kPF_RGB24)
