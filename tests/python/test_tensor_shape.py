"""Tensor factories, shape operations, joining and file I/O against NumPy."""
import numpy as np
import pytest

import framekit as mp


def same(got, expected):
    assert got.dtype == expected.dtype
    assert got.shape == expected.shape
    assert np.array_equal(got, expected)


def test_properties_take_hmp_shape():
    t = mp.empty((2, 3, 4), mp.kInt16)
    assert t.dim == t.ndim == 3
    assert t.is_contiguous is True
    assert t.slice(1, 0, 3, 2).is_contiguous is False
    assert t.device_type == mp.kCPU


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.int64,
                                   np.float16, np.float32, np.float64])
def test_arange(dtype):
    for args in ((2, 12), (2, 12, 3), (0, 1000, 7)):
        same(mp.arange(*args, dtype=dtype).numpy(), np.arange(*args).astype(dtype))
    same(mp.arange(5).numpy(), np.arange(5, dtype=np.int64))  # int64 by default
    for bad in ((2, 2), (2, 0), (2, 10, -1), (2, 10, 0)):
        with pytest.raises(ValueError):
            mp.arange(*bad, dtype=dtype)


def test_like_factories_and_ones():
    a = mp.zeros((2, 3), mp.kFloat32)
    for fn, value in ((mp.zeros_like, 0), (mp.ones_like, 1)):
        b = fn(a)
        assert b.shape == a.shape and b.dtype == a.dtype and b.device == a.device
        same(b.numpy(), np.full((2, 3), value, np.float32))
    c = mp.empty_like(a, dtype=mp.kUInt8, device="cpu")
    assert c.shape == (2, 3) and c.dtype == mp.kUInt8
    same(mp.ones((2, 2), mp.kInt16).numpy(), np.ones((2, 2), np.int16))
    assert mp.empty((2,)).dtype == mp.kUInt8  # framekit's default stays


def test_squeeze_unsqueeze_in_place_change_the_object():
    ref = np.arange(12).reshape(3, 1, 4, 1)
    t = mp.from_numpy(ref)
    same(t.squeeze().numpy(), ref.squeeze())
    same(t.squeeze(1).numpy(), ref.squeeze(1))
    assert t.squeeze_() is t
    assert t.shape == (3, 4)
    assert t.unsqueeze_(0) is t and t.shape == (1, 3, 4)
    assert t.unsqueeze().shape == (1, 1, 3, 4)


def test_flatten_alias_view_reshape():
    a = np.arange(12).reshape(3, 4)
    t = mp.from_numpy(a)
    same(t.flatten().numpy(), a.flatten())
    same(t.slice(0, 0, 3, 2).flatten().numpy(), a[::2].flatten())
    b = t.alias()
    b.slice(0, 1, 2).fill_(-1)
    assert (a[1] == -1).all()
    assert b.shape == t.shape and b.data_ptr() == t.data_ptr()
    with pytest.raises(ValueError):
        t.slice(0, 0, 3, 2).view((4, 2))


def test_as_strided_keeps_offset_or_takes_elements():
    a = np.arange(10, dtype=np.int32)
    t = mp.from_numpy(a)[2:]
    same(t.as_strided([2, 3], [0, 1]).numpy(),
         np.lib.stride_tricks.as_strided(a[2:], (2, 3), (0, 4)))
    same(t.as_strided([3], [2], 1).numpy(), a[1:7:2])
    same(t.as_strided([3], [2], byte_offset=4).numpy(), a[1:7:2])
    u = mp.from_numpy(a)
    assert u.as_strided_([2, 5], [0, 1]) is u and u.shape == (2, 5)
    same(u.numpy(), np.stack([a[:5], a[:5]]))


def test_concat_stack_vstack_hstack():
    a = np.arange(4).reshape(2, 2)
    b = np.array([[5, 6]])
    ta, tb = mp.from_numpy(a), mp.from_numpy(b)
    same(mp.concat([ta, tb], 0).numpy(), np.concatenate([a, b], 0))
    same(mp.concat((ta, tb.transpose(0, 1)), axis=-1).numpy(), np.concatenate([a, b.T], 1))
    out = mp.empty((2, 3), mp.kInt64)
    assert mp.concat(out, [ta, tb.transpose(0, 1)], axis=1) is out
    same(out.numpy(), np.concatenate([a, b.T], 1))
    with pytest.raises(ValueError):
        mp.concat([ta, tb], axis=1)
    parts = [np.random.default_rng(i).normal(size=(3, 4)) for i in range(4)]
    ts = [mp.from_numpy(p) for p in parts]
    for axis in (0, 1, 2, -1):
        same(mp.stack(ts, axis=axis).numpy(), np.stack(parts, axis=axis))
    with pytest.raises(ValueError):
        mp.stack([mp.arange(4).reshape(2, 2), mp.arange(6).reshape(2, 3)])
    for x, y in ((np.array([1, 2, 3]), np.array([2, 3, 4])),
                 (np.array([[1], [2], [3]]), np.array([[2], [3], [4]]))):
        same(mp.vstack([mp.from_numpy(x), mp.from_numpy(y)]).numpy(), np.vstack([x, y]))
        same(mp.hstack([mp.from_numpy(x), mp.from_numpy(y)]).numpy(), np.hstack([x, y]))


def test_tofile_fromfile(tmp_path):
    ref = np.arange(5000, dtype=np.float32) * 0.5
    path = str(tmp_path / "t.f32")
    mp.from_numpy(ref).slice(0, 0, 5000, 1).tofile(path)
    same(np.fromfile(path, np.float32), ref)
    same(mp.fromfile(path, mp.kFloat32).numpy(), ref)
    same(mp.fromfile(path, dtype=mp.kFloat32, count=100, offset=1024).numpy(), ref[1024:1124])
    mp.tofile(mp.from_numpy(ref.reshape(50, 100)).transpose(0, 1), path)  # C order of the view
    same(np.fromfile(path, np.float32), ref.reshape(50, 100).T.flatten())
    with pytest.raises(IndexError):
        mp.fromfile(path, mp.kFloat32, count=10, offset=4999)


def test_to_numpy_of_lists():
    arrays = [np.arange(3), np.ones((2, 2))]
    got = mp.to_numpy(mp.from_numpy(arrays))
    for g, a in zip(got, arrays):
        same(g, a)
