"""mp.Tensor: properties, views, copies, dtype/device moves, and the NumPy bridge."""
import gc
import sys
import weakref

import numpy as np
import pytest

import framekit as mp
from conftest import collect


def test_properties_match_numpy():
    arr = np.arange(2 * 3 * 4, dtype=np.int16).reshape(2, 3, 4)
    t = mp.from_numpy(arr)
    assert t.shape == (2, 3, 4)
    assert t.strides == (12, 4, 1)  # in elements
    assert t.dtype == mp.kInt16
    assert t.device == mp.Device("cpu")
    assert t.ndim == t.dim == 3
    assert t.numel() == 24 and len(t) == 2
    assert t.size(1) == 3 and t.size(-1) == 4 and t.stride(0) == 12
    assert t.itemsize == 2 and t.nbytes == 48
    assert t.is_contiguous
    assert t.defined and bool(t)
    assert repr(t) == "Tensor(shape=[2, 3, 4], strides=[12, 4, 1], dtype=int16, device=cpu)"
    assert not mp.Tensor().defined and not mp.Tensor()


def test_empty_and_zeros():
    z = mp.zeros((3, 5), mp.kFloat32)
    assert z.shape == (3, 5) and z.dtype == mp.kFloat32 and z.is_contiguous
    assert np.array_equal(z.numpy(), np.zeros((3, 5), np.float32))
    e = mp.empty([4], dtype="uint16", device="cpu")
    assert e.shape == (4,) and e.dtype == mp.kUInt16
    assert mp.zeros((0, 3)).numel() == 0
    with pytest.raises(mp.InvalidArgument, match="-3"):
        mp.empty((2, -3))
    with pytest.raises(ValueError):
        mp.empty((1 << 40, 1 << 40))  # byte count overflows
    with pytest.raises(mp.DeviceUnavailable):
        mp.empty((2, 2), device="cuda")
    with pytest.raises(mp.InvalidArgument, match="npu"):
        mp.empty((2, 2), device="npu")


def test_views_share_memory_and_match_numpy(rng):
    ref = rng.integers(0, 1000, size=(4, 5, 6)).astype(np.int32)
    t = mp.from_numpy(ref.copy())
    base = t.numpy()
    cases = [
        (t.slice(1, 1, 4), ref[:, 1:4]),
        (t.slice(2, 0, 6, 2), ref[:, :, 0:6:2]),
        (t.select(0, 2), ref[2]),
        (t.permute(2, 0, 1), ref.transpose(2, 0, 1)),
        (t.permute([1, 2, 0]), ref.transpose(1, 2, 0)),
        (t.transpose(0, 2), ref.swapaxes(0, 2)),
        (t.unsqueeze(1), ref[:, None]),
        (t.select(1, 0).unsqueeze(1).squeeze(1), ref[:, 0]),
        (t.view(20, 6), ref.reshape(20, 6)),
        (t.reshape((2, 60)), ref.reshape(2, 60)),
        (t[1], ref[1]),
        (t[-1, 1:3], ref[-1, 1:3]),
        (t[:, ::2, 1:], ref[:, ::2, 1:]),
        (t[..., 3], ref[..., 3]),
        (t[1, ..., 2:5], ref[1, ..., 2:5]),
        (t[3:1], ref[3:1]),
        (t.as_strided([2, 2], [6, 1], byte_offset=4 * 7), np.lib.stride_tricks.as_strided(
            ref.ravel()[7:], shape=(2, 2), strides=(24, 4))),
    ]
    for view, expected in cases:
        got = view.numpy()
        assert got.shape == expected.shape
        assert np.array_equal(got, expected)
        if view.numel():
            # A view, not a copy: its memory lies inside the base tensor's memory.
            assert base.ctypes.data <= view.data_ptr() < base.ctypes.data + base.nbytes
    # Writes through a view reach the base.
    t.select(0, 1).fill_(-7)
    assert (base[1] == -7).all() and (base[0] == ref[0]).all()


def test_reshape_copies_when_it_must():
    arr = np.arange(24, dtype=np.uint8).reshape(4, 6)
    t = mp.from_numpy(arr).transpose(0, 1)
    with pytest.raises(mp.InvalidArgument, match="reshape"):
        t.view(24)
    r = t.reshape(24)
    assert np.array_equal(r.numpy(), arr.T.reshape(24))
    assert r.data_ptr() != arr.ctypes.data


def test_index_errors():
    t = mp.zeros((2, 3))
    with pytest.raises(mp.OutOfRange):
        t[2]
    with pytest.raises(IndexError):
        t[0, 0, 0]
    with pytest.raises(mp.InvalidArgument, match="step"):
        t[::-1]
    with pytest.raises(mp.TypeMismatch):
        t["a"]
    with pytest.raises(mp.InvalidArgument):
        t[..., ...]
    with pytest.raises(mp.TypeMismatch):
        len(mp.zeros(()))


def test_copies_are_independent(rng):
    arr = rng.integers(0, 255, size=(8, 9, 3), dtype=np.uint8)
    t = mp.from_numpy(arr)
    for copy in (t.clone(), t.slice(1, 0, 9, 2).contiguous(), t.transpose(0, 1).contiguous()):
        assert copy.is_contiguous
        assert copy.data_ptr() != t.data_ptr()
    c = t.clone()
    c.fill_(0)
    assert arr.any()  # the source is untouched
    sl = t.slice(1, 0, 9, 2)
    assert not sl.is_contiguous
    assert np.array_equal(sl.contiguous().numpy(), arr[:, 0:9:2])
    assert t.contiguous().data_ptr() == t.data_ptr()  # already contiguous: self


def test_copy_and_fill(rng):
    dst = mp.zeros((4, 5), mp.kFloat32)
    src = rng.random((4, 5)).astype(np.float32)
    assert dst.copy_(src) is dst  # returns self; accepts numpy directly
    assert np.array_equal(dst.numpy(), src)
    dst.copy_(mp.from_numpy(np.full((4, 5), 3, np.int16)))  # dtype converted
    assert (dst.numpy() == 3).all()
    # Copy into a strided view.
    big = np.zeros((6, 10), np.float32)
    mp.from_numpy(big)[1:5, ::2].copy_(src)
    assert np.array_equal(big[1:5, ::2], src) and (big[:, 1::2] == 0).all()
    with pytest.raises(ValueError):
        dst.copy_(np.zeros((5, 4), np.float32))
    mp.from_numpy(big).fill_(2.5)
    assert (big == 2.5).all()


def test_dtype_conversion_truncates_and_wraps_like_numpy():
    values = np.array([-300.0, -1.6, -0.4, 0.4, 1.6, 127.4, 254.7, 400.0], np.float64)
    t = mp.from_numpy(values)
    for st in (mp.kUInt8, mp.kInt8, mp.kInt16):
        got = t.to(st).numpy()
        assert np.array_equal(got, values.astype(got.dtype)), st
    f16 = t.to(np.float16).numpy()
    assert np.array_equal(f16, values.astype(np.float16))
    assert t.to("float32").dtype == mp.kFloat32


def test_to_device():
    t = mp.zeros((2, 2))
    assert t.to("cpu").data_ptr() == t.data_ptr()  # already there: no copy
    assert t.to(mp.Device("cpu")).data_ptr() == t.data_ptr()
    assert t.cpu().data_ptr() == t.data_ptr()
    with pytest.raises(mp.DeviceUnavailable, match="cuda"):
        t.to("cuda:0")
    with pytest.raises(mp.DeviceUnavailable):
        t.cuda()
    with pytest.raises(mp.InvalidArgument, match="wibble"):
        t.to("wibble")


# --- NumPy zero-copy, both ways ------------------------------------------------------

def test_numpy_view_is_zero_copy_both_ways():
    t = mp.zeros((3, 4), mp.kUInt16)
    a = t.numpy()
    assert a.ctypes.data == t.data_ptr()
    assert a.__array_interface__["data"][0] == t.data_ptr()
    assert a.flags.writeable and not a.flags.owndata
    assert a.base is t  # the array holds the tensor, which holds the storage
    a[1, 2] = 4242
    assert t.numpy()[1, 2] == 4242
    t.fill_(9)
    assert (a == 9).all()
    assert np.asarray(t).ctypes.data == t.data_ptr()  # __array__
    assert np.asarray(t, dtype=np.float32).dtype == np.float32


def test_from_numpy_is_zero_copy_both_ways():
    arr = np.zeros((5, 7), np.float32)
    t = mp.from_numpy(arr)
    assert t.data_ptr() == arr.ctypes.data
    arr[2, 3] = 1.5
    assert t.numpy()[2, 3] == 1.5
    t.select(0, 4).fill_(-1)
    assert (arr[4] == -1).all()


def test_numpy_array_outlives_tensor():
    t = mp.from_numpy(np.arange(100, dtype=np.int64))
    a = t.numpy()
    del t
    collect()
    assert np.array_equal(a, np.arange(100))
    a[:] = 5  # still writable memory
    assert (a == 5).all()


def test_tensor_keeps_numpy_array_alive_and_releases_it_once():
    arr = np.arange(60, dtype=np.uint8).reshape(6, 10)
    expected = arr.copy()
    ref = weakref.ref(arr)
    base_count = sys.getrefcount(arr)
    t = mp.from_numpy(arr)
    views = [t.slice(0, 1, 3), t.transpose(0, 1), t.numpy()]
    assert sys.getrefcount(arr) == base_count + 1  # one reference, however many views
    del arr
    collect()
    assert ref() is not None  # the tensor holds the array
    assert np.array_equal(t.numpy(), expected)
    del t
    collect()
    assert ref() is not None  # the views still hold the storage
    assert np.array_equal(views[2], expected)
    del views
    collect()
    assert ref() is None  # and the reference was dropped when the last view went


def test_from_numpy_strided_inputs(rng):
    arr = rng.integers(0, 100, size=(6, 8, 3)).astype(np.int32)
    cases = [arr[::2], arr[:, 1::3], arr.transpose(2, 0, 1), arr[1:5, 2:7], arr[:, :, 1],
             np.asfortranarray(arr), arr[3:3], arr[:, None], np.broadcast_to(arr[:1], (6, 8, 3))]
    for view in cases:
        if not view.flags.writeable:
            # Broadcast views are read-only: refused rather than silently copied.
            with pytest.raises(mp.InvalidArgument, match="read-only"):
                mp.from_numpy(view)
            continue
        t = mp.from_numpy(view)
        assert t.shape == view.shape
        assert np.array_equal(t.numpy(), view)
        if view.size:
            assert t.data_ptr() == view.ctypes.data
            for d, n in enumerate(view.shape):
                if n > 1:
                    assert t.strides[d] * view.itemsize == view.strides[d]
        assert t.is_contiguous == (view.flags.c_contiguous or view.size == 0)


def test_from_numpy_refuses_negative_strides():
    arr = np.arange(12, dtype=np.uint8).reshape(3, 4)
    for view in (arr[::-1], arr[:, ::-1]):
        with pytest.raises(mp.InvalidArgument, match="negative") as info:
            mp.from_numpy(view)
        assert "ascontiguousarray" in str(info.value)  # says how to proceed
    t = mp.from_numpy(np.ascontiguousarray(arr[:, ::-1]))
    assert np.array_equal(t.numpy(), arr[:, ::-1])


def test_from_numpy_refuses_misaligned_strides():
    raw = np.zeros(64, np.uint8)
    odd = np.lib.stride_tricks.as_strided(raw[:60].view(np.uint16), shape=(3, 4), strides=(7, 2))
    with pytest.raises(mp.InvalidArgument, match="multiple of the item size"):
        mp.from_numpy(odd)


def test_from_numpy_bad_inputs():
    with pytest.raises(mp.TypeMismatch):
        mp.from_numpy([1, 2, 3])  # a list of non-arrays
    with pytest.raises(mp.TypeMismatch):
        mp.from_numpy("abc")
    with pytest.raises(mp.TypeMismatch, match="bool"):
        mp.from_numpy(np.zeros(3, bool))
    with pytest.raises(mp.InvalidArgument, match="read-only"):
        mp.from_numpy(np.frombuffer(b"abcd", np.uint8))


def test_from_numpy_list_gives_tensor_list():
    planes = [np.zeros((4, 4), np.uint8), np.ones((2, 2, 2), np.uint8)]
    ts = mp.from_numpy(planes)
    assert isinstance(ts, mp.TensorList) and isinstance(ts, list) and len(ts) == 2
    assert [t.shape for t in ts] == [(4, 4), (2, 2, 2)]
    arrays = ts.numpy()
    assert [a.ctypes.data for a in arrays] == [p.ctypes.data for p in planes]


def test_numpy_refcount_of_tensor_array_cycle():
    # The array's base is the tensor; no reference cycle keeps either alive.
    t = mp.zeros((4,))
    ref = weakref.ref(t)
    a = t.numpy()
    del t
    gc.collect()
    assert ref() is not None
    del a
    assert ref() is None  # freed by reference counting alone


def test_setitem_fills_and_copies():
    arr = np.zeros((3, 4), np.float32)
    t = mp.from_numpy(arr)
    t[1] = 2
    t[2, 1:3] = np.array([5, 6], np.float32)
    t[0, 0] = np.float64(1.5)
    t[..., 3] = mp.from_numpy(np.array([7, 8, 9], np.int16))  # dtype converted
    expected = np.array([[1.5, 0, 0, 7], [2, 2, 2, 8], [0, 5, 6, 9]], np.float32)
    assert np.array_equal(arr, expected)
    with pytest.raises(ValueError):
        t[0] = np.zeros(3, np.float32)  # shape mismatch
    with pytest.raises(mp.TypeMismatch):
        t[0] = "x"
