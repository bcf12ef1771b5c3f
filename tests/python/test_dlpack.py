"""DLPack both ways, with NumPy, PyTorch and a hand-made producer that counts deleter
calls. Lifetimes: whoever holds a view keeps the memory alive; deleters run once."""
import sys
import weakref

import numpy as np
import pytest

import framekit as mp
from conftest import KDL_COMPLEX, KDL_UINT, CountingProducer, capsule_name, collect

import torch  # not importorskip: a missing torch is a failure


# --- export -----------------------------------------------------------------------

def test_dlpack_device():
    assert mp.zeros((2,)).__dlpack_device__() == (1, 0)  # (kDLCPU, 0)


def test_numpy_from_dlpack_zero_copy():
    t = mp.from_numpy(np.arange(12, dtype=np.float32).reshape(3, 4))
    a = np.from_dlpack(t)
    assert a.ctypes.data == t.data_ptr()
    assert np.array_equal(a, np.arange(12, dtype=np.float32).reshape(3, 4))
    # NumPy 1.24 marks DLPack imports read-only; writes through framekit are seen.
    t.fill_(2)
    assert (a == 2).all()


def test_numpy_from_dlpack_strided_view():
    base = np.arange(48, dtype=np.int16).reshape(6, 8)
    t = mp.from_numpy(base)[1:5, ::3]
    a = np.from_dlpack(t)
    assert np.array_equal(a, base[1:5, ::3])
    assert a.ctypes.data == base[1:5, ::3].ctypes.data


def test_torch_from_dlpack_plane_writes_and_lifetime(nv12):
    frame = mp.Frame(64, 48, nv12)
    frame.plane(0).fill_(16)
    frame.plane(1).fill_(128)
    y = torch.from_dlpack(frame.plane(0))
    uv = torch.from_dlpack(frame.plane(1))
    assert tuple(y.shape) == (48, 64, 1) and y.dtype == torch.uint8
    assert tuple(uv.shape) == (24, 32, 2)
    assert y.data_ptr() == frame.plane(0).data_ptr()
    # Writes both ways.
    y[3, 5, 0] = 200
    assert frame.plane(0).numpy()[3, 5, 0] == 200
    frame.plane(1).numpy()[0, 0] = (1, 2)
    assert uv[0, 0].tolist() == [1, 2]
    # The torch tensors outlive the frame.
    del frame
    collect()
    assert int(y[3, 5, 0]) == 200 and int(y.sum()) == 16 * 64 * 48 - 16 + 200
    assert uv[0, 0].tolist() == [1, 2] and int(uv[1:].float().mean()) == 128


def test_torch_via_method_and_strides():
    base = np.arange(5 * 6 * 3, dtype=np.uint8).reshape(5, 6, 3)
    t = mp.from_numpy(base).permute(2, 0, 1)  # CHW view of HWC memory
    tt = t.torch()
    assert tuple(tt.stride()) == t.strides and tuple(tt.shape) == t.shape
    assert np.array_equal(tt.numpy(), base.transpose(2, 0, 1))
    tt[1, 2, 3] = 0
    assert base[2, 3, 1] == 0


def test_export_keeps_numpy_source_alive_until_consumer_is_done():
    arr = np.arange(16, dtype=np.float32)
    ref = weakref.ref(arr)
    baseline = sys.getrefcount(arr)
    t = mp.from_numpy(arr)
    tt = torch.from_dlpack(t)
    del t, arr
    collect()
    assert ref() is not None
    assert torch.equal(tt, torch.arange(16, dtype=torch.float32))
    # framekit holds exactly one reference for all its views and exports.
    count = sys.getrefcount(ref())
    assert count == baseline  # (the local name is gone, framekit's reference replaced it)
    del tt
    collect()
    assert ref() is None


def test_unconsumed_capsule_frees_once():
    arr = np.zeros(8, np.uint8)
    baseline = sys.getrefcount(arr)
    t = mp.from_numpy(arr)
    caps = [t.__dlpack__() for _ in range(3)] + [mp.to_dlpack(t)]
    assert all(capsule_name(c) == "dltensor" for c in caps)
    del t, caps
    collect()
    assert sys.getrefcount(arr) == baseline  # every export released exactly once


def test_consumed_capsule_is_renamed_and_not_freed_twice():
    arr = np.arange(6, dtype=np.int32)
    baseline = sys.getrefcount(arr)
    cap = mp.from_numpy(arr).__dlpack__()
    tt = torch.utils.dlpack.from_dlpack(cap)
    assert capsule_name(cap) == "used_dltensor"
    del cap  # the capsule must not free what torch now owns
    collect()
    assert tt.tolist() == list(range(6))
    del tt
    collect()
    assert sys.getrefcount(arr) == baseline


def test_dlpack_export_arguments():
    t = mp.zeros((3,), mp.kUInt8)
    assert capsule_name(t.__dlpack__(stream=None)) == "dltensor"
    # DLPack 1.0 consumers ask for a version; an unversioned capsule is a valid answer.
    assert capsule_name(t.__dlpack__(max_version=(1, 0))) == "dltensor"
    with pytest.raises(mp.InvalidArgument, match="stream"):
        t.__dlpack__(stream=5)
    copied = np.from_dlpack(_Wrapper(t.__dlpack__(copy=True)))
    t.fill_(7)
    assert (copied == 0).all()  # copy=True exported a clone
    with pytest.raises(mp.Unsupported):
        t.__dlpack__(dl_device=(2, 0))
    with pytest.raises(mp.InvalidArgument):
        mp.Tensor().__dlpack__()


class _Wrapper:
    """Presents a capsule through __dlpack__, for consumers that need the protocol."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, stream=None):
        return self.capsule

    def __dlpack_device__(self):
        return (1, 0)


# --- import -----------------------------------------------------------------------

def test_from_dlpack_numpy_zero_copy_and_lifetime():
    arr = np.arange(20, dtype=np.float64).reshape(4, 5)
    ref = weakref.ref(arr)
    baseline = sys.getrefcount(arr)
    t = mp.from_dlpack(arr)
    assert t.data_ptr() == arr.ctypes.data and t.shape == (4, 5) and t.dtype == mp.kFloat64
    t.select(0, 0).fill_(-1)
    first_row_written = bool((arr[0] == -1).all())  # no temporaries kept by assert rewriting
    assert first_row_written
    del arr
    collect()
    assert ref() is not None
    assert np.array_equal(t.numpy()[1], np.arange(5, 10))
    count = sys.getrefcount(ref())  # outside the assert: pytest keeps its temporaries
    assert count == baseline  # NumPy's deleter holds one reference (the name's is gone)
    del t
    collect()
    assert ref() is None  # NumPy's deleter ran (once: a second run would over-release)


def test_from_dlpack_torch_writes_and_lifetime():
    src = torch.arange(24, dtype=torch.int32).reshape(2, 3, 4)
    t = mp.from_dlpack(src)
    assert t.shape == (2, 3, 4) and t.dtype == mp.kInt32 and t.data_ptr() == src.data_ptr()
    t.select(2, 1).fill_(0)
    assert src[:, :, 1].abs().sum().item() == 0
    src[1, 2, 3] = 99
    assert t.numpy()[1, 2, 3] == 99
    storage_ref = weakref.ref(src)
    del src
    collect()
    assert storage_ref() is None  # the Python tensor may go; the storage may not
    assert t.numpy()[1, 2, 3] == 99 and t.numpy()[0, 0, 2] == 2


def test_from_torch_handles_strides_and_grad():
    src = torch.arange(30, dtype=torch.float32).reshape(5, 6).t()[:, 1:4]
    t = mp.from_torch(src)
    assert t.shape == tuple(src.shape) and t.strides == tuple(src.stride())
    assert np.array_equal(t.numpy(), src.numpy())
    leaf = torch.ones(3, requires_grad=True)
    assert mp.from_torch(leaf).numpy().tolist() == [1.0, 1.0, 1.0]


def test_from_dlpack_counting_deleter_runs_once():
    arr = np.arange(12, dtype=np.uint8)
    producer = CountingProducer(arr)
    cap = producer.capsule()
    t = mp.from_dlpack(cap)
    assert capsule_name(cap) == "used_dltensor"
    views = [t.slice(0, 2, 5), t.numpy(), t.reshape(3, 4)]
    del t
    collect()
    assert producer.calls == 0  # views alive
    assert views[1].tolist() == list(range(12))
    del views
    collect()
    assert producer.calls == 1
    # A consumed capsule cannot be imported again, and the deleter is not run again.
    with pytest.raises(mp.InvalidArgument, match="consumed"):
        mp.from_dlpack(cap)
    del cap
    collect()
    assert producer.calls == 1


def test_from_dlpack_honours_byte_offset_and_strides():
    arr = np.arange(40, dtype=np.uint16)
    # A 3x4 view starting at element 5, rows 10 elements apart, every other column.
    producer = CountingProducer(arr, shape=(3, 4), strides=(10, 2), byte_offset=5 * 2)
    t = mp.from_dlpack(producer.capsule())
    expected = np.lib.stride_tricks.as_strided(arr[5:], shape=(3, 4), strides=(20, 4))
    assert np.array_equal(t.numpy(), expected)
    assert t.data_ptr() == arr.ctypes.data + 10
    del t
    collect()
    assert producer.calls == 1


def test_from_dlpack_null_strides_mean_contiguous():
    arr = np.arange(6, dtype=np.float32)
    producer = CountingProducer(arr, shape=(2, 3), strides=None)
    t = mp.from_dlpack(producer.capsule())
    assert t.strides == (3, 1) and np.array_equal(t.numpy(), arr.reshape(2, 3))


@pytest.mark.parametrize("kwargs,error", [
    (dict(dtype=(KDL_COMPLEX, 64)), mp.TypeMismatch),
    (dict(dtype=(KDL_UINT, 32)), mp.TypeMismatch),
    (dict(device_type=4), mp.Unsupported),  # kDLOpenCL
    (dict(shape=(2, 3), strides=(-3, 1)), mp.InvalidArgument),
])
def test_from_dlpack_rejects_but_still_deletes_once(kwargs, error):
    producer = CountingProducer(np.zeros(16, np.float32), **kwargs)
    cap = producer.capsule()
    with pytest.raises(error):
        mp.from_dlpack(cap)
    collect()
    assert producer.calls == 1
    assert capsule_name(cap) == "used_dltensor"


def test_from_dlpack_bad_objects():
    with pytest.raises(mp.TypeMismatch):
        mp.from_dlpack([1, 2, 3])
    with pytest.raises(mp.TypeMismatch, match="not a DLPack"):
        import ctypes
        other = ctypes.pythonapi.PyCapsule_New
        other.restype = ctypes.py_object
        other.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
        mp.from_dlpack(other(1, b"something_else", None))


def test_roundtrip_through_torch_and_back():
    arr = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    back = mp.from_torch(mp.from_numpy(arr).torch())
    assert back.data_ptr() == arr.ctypes.data
    back.fill_(1)
    assert (arr == 1).all()
