"""mp.VideoFrame: the frame, timing, metadata, and property propagation."""
from fractions import Fraction

import numpy as np
import pytest

import framekit as mp
from conftest import collect


def make_vf(info, w=32, h=16):
    vf = mp.VideoFrame.make(w, h, info, device="cpu")
    vf.pts = 1234
    vf.time_base = Fraction(1, 90000)
    vf.duration = 3003
    vf.metadata["rotate"] = "90"
    vf.metadata["title"] = "cat"
    return vf


def assert_props(vf):
    assert vf.pts == 1234
    assert vf.time_base == Fraction(1, 90000)
    assert vf.duration == 3003
    assert dict(vf.metadata.items()) == {"rotate": "90", "title": "cat"}


def test_wrap_frame_and_accessors(nv12):
    frame = mp.Frame(32, 16, nv12)
    vf = mp.VideoFrame(frame)
    assert vf.width == 32 and vf.height == 16
    assert vf.device == mp.Device("cpu")
    assert vf.dtype == frame.dtype() == mp.kUInt8
    assert vf.frame().pix_info() == nv12
    assert vf.frame().plane(0).data_ptr() == frame.plane(0).data_ptr()  # shares pixels
    assert vf.defined() and bool(vf)
    assert not mp.VideoFrame()


def test_make(nv12):
    vf = mp.VideoFrame.make(17, 9, nv12)
    assert (vf.width, vf.height) == (17, 9)
    assert vf.frame().plane(1).shape == (5, 9, 2)
    assert mp.VideoFrame.make(4, 4, "rgb24").frame().format() == mp.kPF_RGB24
    with pytest.raises(mp.DeviceUnavailable):
        mp.VideoFrame.make(4, 4, nv12, device="cuda")


def test_timing_defaults_and_setters(nv12):
    vf = mp.VideoFrame.make(4, 4, nv12)
    assert vf.pts is None  # unset
    assert vf.time_base == 0  # unknown
    assert vf.duration == 0
    vf.set_pts(42)
    assert vf.pts == 42
    vf.pts = -7
    assert vf.pts == -7
    vf.pts = None
    assert vf.pts is None
    vf.set_time_base(1001, 30000)
    assert vf.time_base == Fraction(1001, 30000)
    vf.time_base = (1, 25)
    assert vf.time_base == Fraction(1, 25) and isinstance(vf.time_base, Fraction)
    vf.set_duration(5)
    assert vf.duration == 5
    assert "pts" not in repr(vf) and "time_base=1/25" in repr(vf)


@pytest.mark.parametrize("bad,error", [((1, 0), mp.InvalidArgument), ((1, -25), mp.InvalidArgument),
                                       ((1, 2, 3), mp.InvalidArgument), ("1/25", mp.TypeMismatch),
                                       ((1, 1 << 40), mp.InvalidArgument)])
def test_time_base_bad(nv12, bad, error):
    vf = mp.VideoFrame.make(4, 4, nv12)
    with pytest.raises(error):
        vf.time_base = bad
    assert vf.time_base == 0  # unchanged


def test_metadata_is_a_live_mapping(nv12):
    vf = mp.VideoFrame.make(4, 4, nv12)
    md = vf.metadata
    assert len(md) == 0 and "k" not in md
    md["k"] = "v"
    assert vf.metadata["k"] == "v" and "k" in vf.metadata and len(vf.metadata) == 1
    md.update({"a": "1", "b": "2"})
    assert sorted(md) == ["a", "b", "k"]
    assert sorted(md.keys()) == ["a", "b", "k"] and sorted(md.values()) == ["1", "2", "v"]
    assert md.get("a") == "1" and md.get("zz") is None and md.get("zz", "d") == "d"
    assert md == {"a": "1", "b": "2", "k": "v"} and md.copy() == {"a": "1", "b": "2", "k": "v"}
    del md["a"]
    assert "a" not in vf.metadata
    with pytest.raises(KeyError):
        md["missing"]
    with pytest.raises(KeyError):
        del md["missing"]
    with pytest.raises(TypeError):
        md["n"] = 5  # str -> str only
    vf.metadata = {"only": "this"}
    assert dict(vf.metadata.items()) == {"only": "this"}
    md.clear()
    assert len(vf.metadata) == 0
    # The view keeps its VideoFrame alive.
    view = mp.VideoFrame.make(4, 4, nv12).metadata
    collect()
    view["x"] = "y"
    assert view["x"] == "y" and "x" in repr(view)


def test_properties_survive_every_operation(nv12):
    vf = make_vf(nv12)
    derived = {
        "clone": vf.clone(),
        "crop": vf.crop(2, 2, 10, 6),
        "cpu": vf.cpu(),
        "to": vf.to("cpu"),
        "reformat_same": vf.reformat(nv12),
        "with_frame": vf.with_frame(mp.Frame(8, 8, nv12)),
    }
    for name, out in derived.items():
        assert_props(out)
    assert derived["crop"].width == 10 and derived["crop"].height == 6
    assert derived["with_frame"].width == 8
    # Metadata is copied, not shared: editing one does not change the other.
    derived["clone"].metadata["title"] = "dog"
    assert vf.metadata["title"] == "cat"
    other = mp.VideoFrame.make(4, 4, nv12)
    other.copy_props(vf)
    assert_props(other)


def test_clone_copies_pixels_crop_shares_them(nv12):
    vf = make_vf(nv12)
    vf.frame().plane(0).fill_(50)
    clone = vf.clone()
    crop = vf.crop(0, 0, 8, 8)
    vf.frame().plane(0).fill_(60)
    assert (clone.frame().plane(0).numpy() == 50).all()
    assert (crop.frame().plane(0).numpy() == 60).all()


def test_cuda_raises_clearly_here(nv12):
    vf = make_vf(nv12)
    with pytest.raises(mp.DeviceUnavailable) as info:
        vf.cuda()
    assert isinstance(info.value, RuntimeError)
    assert "cuda" in str(info.value) and "not available" in str(info.value)
    with pytest.raises(mp.DeviceUnavailable):
        vf.to("cuda:0")


def test_reformat_other_format_keeps_props_or_says_unsupported(nv12):
    vf = make_vf(nv12)
    out = vf.reformat(mp.PixelInfo(mp.kPF_RGB24))
    assert out.frame().format() == mp.kPF_RGB24
    assert_props(out)


def test_video_frame_numpy_roundtrip(rgb, rng):
    arr = rng.integers(0, 255, size=(12, 20, 3), dtype=np.uint8)
    vf = mp.VideoFrame(mp.Frame(mp.from_numpy(arr), rgb))
    out = vf.frame().plane(0).numpy()
    assert out.ctypes.data == arr.ctypes.data and np.array_equal(out, arr)
    assert repr(vf) == "VideoFrame(20x12, rgb24 unspecified unspecified, cpu)"
