"""mp.Frame: allocation for every format, wrapping numpy planes without copying, views,
copies, device moves, and bad input."""
import math
import weakref

import numpy as np
import pytest

import framekit as mp
from conftest import ALL_FORMATS, collect


def expected_plane_shapes(fmt, w, h):
    desc = mp.pixel_format_desc(fmt)
    return [(desc.plane_height(p, h), desc.plane_width(p, w), pl.channels)
            for p, pl in enumerate(desc.planes)]


@pytest.mark.parametrize("name", ALL_FORMATS)
def test_allocate_every_format_odd_size(name):
    fmt = getattr(mp, "kPF_" + name)
    info = mp.PixelInfo(fmt)
    frame = mp.Frame(37, 21, info, device="cpu")
    desc = mp.pixel_format_desc(fmt)
    assert frame.width() == 37 and frame.height() == 21
    assert frame.format() == fmt and frame.pix_info() == info
    assert frame.device() == mp.Device("cpu") and frame.dtype() == desc.dtype
    assert frame.nplanes() == desc.num_planes == len(frame.data())
    shapes = [frame.plane(i).shape for i in range(frame.nplanes())]
    assert shapes == expected_plane_shapes(fmt, 37, 21)
    if desc.log2_chroma_w and not desc.packed422:
        # Odd sizes round UP: 37 wide → 19 chroma columns (not 18).
        assert shapes[1][1] == math.ceil(37 / 2)
    for p in frame.data():
        assert p.dtype == desc.dtype
        a = p.numpy()
        assert a.shape == p.shape and a.dtype == desc.dtype.numpy_dtype


def test_row_alignment():
    frame = mp.Frame(33, 9, mp.PixelInfo(mp.kPF_YUV420P), row_align=64)
    for i in range(3):
        assert frame.plane_stride_bytes(i) % 64 == 0
        assert frame.plane(i).numpy().strides[0] == frame.plane_stride_bytes(i)
    tight = mp.Frame(33, 9, mp.PixelInfo(mp.kPF_YUV420P))
    assert [tight.plane_stride_bytes(i) for i in range(3)] == [33, 17, 17]
    with pytest.raises(mp.InvalidArgument, match="power of two"):
        mp.Frame(33, 9, mp.PixelInfo(mp.kPF_YUV420P), row_align=3)


def test_planes_share_one_storage(nv12):
    frame = mp.Frame(64, 48, nv12)
    y, uv = frame.plane(0), frame.plane(1)
    # One buffer: the UV plane starts after the Y plane, inside one allocation.
    assert uv.data_ptr() >= y.data_ptr() + 64 * 48
    assert uv.data_ptr() - y.data_ptr() < 64 * 48 + 128


def test_wrap_numpy_zero_copy_both_ways(rgb):
    arr = np.zeros((48, 64, 3), np.uint8)
    frame = mp.Frame(mp.from_numpy(arr), rgb)
    assert frame.width() == 64 and frame.height() == 48
    assert frame.plane(0).data_ptr() == arr.ctypes.data
    out = frame.numpy()
    assert out.__array_interface__["data"][0] == arr.__array_interface__["data"][0]
    arr[10, 20] = (1, 2, 3)  # write through the source array
    assert frame.plane(0).numpy()[10, 20].tolist() == [1, 2, 3]
    out[5, 6, 2] = 77  # write through the frame's view
    assert arr[5, 6, 2] == 77
    frame.plane(0).fill_(9)
    assert (arr == 9).all()


def test_wrap_numpy_directly_and_planar_lists():
    y = np.full((5, 7), 16, np.uint8)  # (rows, cols) accepted for one channel
    u = np.full((3, 4), 128, np.uint8)
    v = np.full((3, 4, 1), 129, np.uint8)
    info = mp.PixelInfo(mp.kPF_YUV420P)
    for frame in (mp.Frame([y, u, v], info), mp.Frame(mp.from_numpy([y, u, v]), info),
                  mp.Frame.from_numpy((y, u, v), info), mp.Frame([y, u, v], 7, 5, info)):
        assert (frame.width(), frame.height()) == (7, 5)
        assert [p.data_ptr() for p in frame.data()] == [a.ctypes.data for a in (y, u, v)]
        assert frame.plane(2).numpy()[2, 3, 0] == 129
    # A single array is a single-plane frame.
    g = np.arange(12, dtype=np.uint16).reshape(3, 4)
    gray = mp.Frame.from_numpy(g, mp.PixelInfo(mp.kPF_GRAY16))
    assert gray.numpy()[..., 0].tolist() == g.tolist()


def test_packed_422_odd_width_needs_explicit_size():
    info = mp.PixelInfo(mp.kPF_YUYV422)
    plane = np.zeros((4, 6, 2), np.uint8)  # 5 pixels wide → 3 pixel pairs = 6 "pixels"
    frame = mp.Frame([plane], 5, 4, info)
    assert frame.width() == 5 and frame.plane(0).shape == (4, 6, 2)


def test_wrap_strided_numpy_view(rng):
    big = rng.integers(0, 255, size=(40, 50, 3), dtype=np.uint8)
    window = big[5:25, 10:42]  # rows 150 bytes apart, 32 pixels wide
    frame = mp.Frame(window, mp.PixelInfo(mp.kPF_BGR24))
    assert (frame.width(), frame.height()) == (32, 20)
    assert frame.plane_stride_bytes(0) == 150
    assert frame.plane(0).data_ptr() == window.ctypes.data
    assert np.array_equal(frame.numpy(), window)
    assert np.array_equal(frame.clone().numpy(), window)  # the copy is tight and equal
    assert frame.clone().plane_stride_bytes(0) == 96


def test_frame_keeps_source_alive_and_views_outlive_frame(rgb):
    arr = np.arange(8 * 6 * 3, dtype=np.uint8).reshape(8, 6, 3)
    expected = arr.copy()
    ref = weakref.ref(arr)
    frame = mp.Frame(mp.from_numpy(arr), rgb)
    del arr
    collect()
    assert ref() is not None
    view = frame.plane(0).numpy()
    planes = frame.data()
    del frame
    collect()
    assert np.array_equal(view, expected) and np.array_equal(planes[0].numpy(), expected)
    del view, planes
    collect()
    assert ref() is None


def test_allocated_frame_outlives_in_numpy(nv12):
    frame = mp.Frame(16, 8, nv12)
    frame.plane(1).fill_(200)
    uv = frame.plane(1).numpy()
    del frame
    collect()
    assert (uv == 200).all() and uv.shape == (4, 8, 2)


def test_crop_is_a_view(nv12, rng):
    frame = mp.Frame(64, 48, nv12)
    y = rng.integers(0, 255, size=(48, 64, 1), dtype=np.uint8)
    uv = rng.integers(0, 255, size=(24, 32, 2), dtype=np.uint8)
    frame.plane(0).copy_(y)
    frame.plane(1).copy_(uv)
    c = frame.crop(10, 6, 21, 13)  # even origin, odd size
    assert (c.width(), c.height()) == (21, 13)
    assert np.array_equal(c.plane(0).numpy(), y[6:19, 10:31])
    assert np.array_equal(c.plane(1).numpy(), uv[3:10, 5:16])  # ceil(21/2)=11, ceil(13/2)=7
    assert c.pix_info() == frame.pix_info()
    c.plane(0).fill_(0)
    assert (frame.plane(0).numpy()[6:19, 10:31] == 0).all()
    assert frame.plane(0).numpy()[5, 10, 0] == y[5, 10, 0]


@pytest.mark.parametrize("args,error", [
    ((1, 0, 4, 4), mp.InvalidArgument),   # origin not on the chroma grid
    ((0, 0, 0, 4), mp.InvalidArgument),   # empty
    ((0, 0, 4, -1), mp.InvalidArgument),
    ((60, 0, 8, 4), mp.OutOfRange),       # outside
    ((-2, 0, 4, 4), mp.OutOfRange),
])
def test_crop_bad(nv12, args, error):
    with pytest.raises(error):
        mp.Frame(64, 48, nv12).crop(*args)


def test_clone_and_copy_from(rng):
    info = mp.PixelInfo(mp.kPF_YUV444P)
    src = mp.Frame(9, 7, info)
    for p in src.data():
        p.copy_(rng.integers(0, 255, size=p.shape, dtype=np.uint8))
    dup = src.clone()
    assert dup.pix_info() == src.pix_info()
    for a, b in zip(src.data(), dup.data()):
        assert np.array_equal(a.numpy(), b.numpy()) and a.data_ptr() != b.data_ptr()
    dst = mp.Frame(9, 7, info, row_align=32)
    assert dst.copy_from(src) is dst
    for a, b in zip(src.data(), dst.data()):
        assert np.array_equal(a.numpy(), b.numpy())
    with pytest.raises(mp.InvalidArgument, match="copy_from"):
        dst.copy_from(mp.Frame(9, 8, info))
    with pytest.raises(mp.InvalidArgument):
        dst.copy_from(mp.Frame(9, 7, mp.PixelInfo(mp.kPF_YUV420P)))


def test_device_moves(nv12):
    frame = mp.Frame(8, 8, nv12)
    assert frame.to("cpu").plane(0).data_ptr() == frame.plane(0).data_ptr()
    assert frame.cpu().plane(0).data_ptr() == frame.plane(0).data_ptr()
    assert frame.to(mp.Device("cpu")).device() == mp.Device("cpu")
    with pytest.raises(mp.DeviceUnavailable, match="cuda"):
        frame.to("cuda:1")
    with pytest.raises(RuntimeError):
        frame.cuda()
    with pytest.raises(mp.InvalidArgument, match="vulkan"):
        frame.to("vulkan")


def test_numpy_multi_plane_refused(nv12):
    with pytest.raises(mp.TypeMismatch, match="plane"):
        mp.Frame(8, 8, nv12).numpy()
    arrays = mp.Frame(8, 8, nv12).data().numpy()
    assert [a.shape for a in arrays] == [(8, 8, 1), (4, 4, 2)]


def test_with_pix_info_and_reformat_same_format(rng):
    arr = rng.integers(0, 255, size=(6, 4, 3), dtype=np.uint8)
    frame = mp.Frame(arr, mp.PixelInfo(mp.kPF_RGB24))
    tagged = frame.with_pix_info(mp.PixelInfo(mp.kPF_RGB24, mp.kCS_BT709, mp.kCR_JPEG))
    assert tagged.pix_info().space == mp.kCS_BT709
    assert tagged.plane(0).data_ptr() == frame.plane(0).data_ptr()
    with pytest.raises(mp.InvalidArgument):
        frame.with_pix_info(mp.PixelInfo(mp.kPF_BGR24))
    same = frame.reformat(mp.PixelInfo(mp.kPF_RGB24))  # same format: a copy
    assert np.array_equal(same.numpy(), arr) and same.plane(0).data_ptr() != arr.ctypes.data


def test_repr_and_defined(nv12):
    frame = mp.Frame(64, 48, nv12)
    assert repr(frame) == "Frame(64x48, nv12 bt470bg tv, cpu)"
    assert frame.defined() and bool(frame)
    empty = mp.Frame()
    assert not empty.defined() and not empty and repr(empty) == "Frame(undefined)"
    with pytest.raises(mp.InvalidArgument):
        empty.device()


@pytest.mark.parametrize("w,h", [(0, 10), (10, 0), (-1, 10), (10, -5), (1 << 21, 8),
                                 (1 << 40, 8)])
def test_bad_sizes(nv12, w, h):
    with pytest.raises(mp.InvalidArgument) as info:
        mp.Frame(w, h, nv12)
    assert str(w) in str(info.value) or str(h) in str(info.value)
    with pytest.raises(ValueError):
        mp.VideoFrame.make(w, h, nv12)


def test_bad_format_and_device():
    with pytest.raises(mp.InvalidArgument, match="PF_NONE"):
        mp.Frame(8, 8, mp.PixelInfo(mp.kPF_NONE))
    with pytest.raises(mp.InvalidArgument, match="yuv999"):
        mp.Frame(8, 8, "yuv999")
    with pytest.raises(mp.InvalidArgument, match="cuda:x"):
        mp.Frame(8, 8, mp.kPF_NV12, device="cuda:x")
    with pytest.raises(mp.DeviceUnavailable):
        mp.Frame(8, 8, mp.kPF_NV12, device="gpu")
    with pytest.raises(mp.TypeMismatch):
        mp.Frame(8, 8, mp.kPF_NV12, device=3.0)


def test_bad_planes():
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    with pytest.raises(mp.TypeMismatch, match="float32"):
        mp.Frame(np.zeros((4, 4, 3), np.float32), rgb)
    with pytest.raises(mp.InvalidArgument, match="shape"):
        mp.Frame(np.zeros((4, 4, 4), np.uint8), rgb)
    with pytest.raises(mp.InvalidArgument, match="2 plane"):
        mp.Frame([np.zeros((4, 4), np.uint8)], mp.PixelInfo(mp.kPF_NV12))
    with pytest.raises(mp.InvalidArgument, match="plane 1"):
        mp.Frame([np.zeros((4, 4), np.uint8), np.zeros((2, 3, 2), np.uint8)],
                 mp.PixelInfo(mp.kPF_NV12))
    with pytest.raises(mp.InvalidArgument, match="adjacent"):
        mp.Frame(np.zeros((4, 8, 3), np.uint8)[:, ::2], rgb)
    with pytest.raises(mp.TypeMismatch):
        mp.Frame("not a plane", rgb)
    with pytest.raises(mp.TypeMismatch):
        mp.Frame([np.zeros((4, 4), np.uint8)], 4, 4, 5)


def test_row_stride_smaller_than_row_refused():
    raw = np.zeros(1000, np.uint8)
    # Rows 10 bytes apart but 6 pixels x 3 channels = 18 bytes long: they would overlap.
    overlapping = np.lib.stride_tricks.as_strided(raw, shape=(4, 6, 3), strides=(10, 3, 1))
    with pytest.raises(mp.InvalidArgument, match="smaller than its row"):
        mp.Frame(overlapping, mp.PixelInfo(mp.kPF_RGB24))


def test_torch_planes_wrap_without_copy():
    import torch  # not importorskip: a missing torch is a failure
    y = torch.zeros((6, 8), dtype=torch.uint8)
    uv = torch.zeros((3, 4, 2), dtype=torch.uint8)
    frame = mp.Frame([y, uv], mp.PixelInfo(mp.kPF_NV12))
    frame.plane(1).fill_(128)
    assert int(uv.sum()) == 128 * 24 and frame.plane(0).data_ptr() == y.data_ptr()
