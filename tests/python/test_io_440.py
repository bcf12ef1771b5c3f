"""4:4:0 JPEGs in framekit.io: their own yuv440p planes (the luma equal to djpeg's), all
eight EXIF orientations applied to the planes (a quarter turn makes 4:4:0 into 4:2:2),
and the format's names in Python."""
import struct
import subprocess

import numpy as np
import pytest

import framekit as mp
from framekit import io


def _tiff_orientation(value):
    head = b"II" + struct.pack("<HI", 42, 8)
    return head + struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, value, 0) + \
        struct.pack("<I", 0)


def _with_exif(jpg, orientation):
    payload = b"Exif\0\0" + _tiff_orientation(orientation)
    return jpg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpg[2:]


def _cjpeg_440(tmp_path, h, w):
    rng = np.random.default_rng(11)
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.stack([x * 255 // w, y * 255 // h, rng.integers(0, 256, (h, w))], -1).astype(np.uint8)
    ppm = tmp_path / "in.ppm"
    ppm.write_bytes(b"P6\n%d %d\n255\n" % (w, h) + rgb.tobytes())
    return subprocess.run(["cjpeg", "-quality", "90", "-sample", "1x2", str(ppm)],
                          check=True, capture_output=True).stdout


def _planes(frame):
    return [frame.plane(p).numpy()[..., 0].copy() for p in range(frame.nplanes())]


# How EXIF orientation o maps the stored picture to the upright one (numpy arrays).
ORIENT = {1: lambda a: a, 2: np.fliplr, 3: lambda a: np.rot90(a, 2), 4: np.flipud,
          5: lambda a: a.T, 6: lambda a: np.rot90(a, -1), 7: lambda a: np.rot90(a, 2).T,
          8: lambda a: np.rot90(a, 1)}


def test_names():
    assert mp.kPF_YUV440P.name == "kPF_YUV440P"
    assert mp.PixelInfo(mp.kPF_YUV440P).format == mp.kPF_YUV440P


@pytest.mark.parametrize("h,w", [(45, 67), (48, 64)])
def test_own_planes_and_all_orientations(tmp_path, h, w):
    jpg = _cjpeg_440(tmp_path, h, w)
    stored = io.decode_jpeg(jpg)
    assert stored.format().name == "kPF_YUV440P"
    y, u, v = _planes(stored)
    assert y.shape == (h, w) and u.shape == v.shape == ((h + 1) // 2, w)
    djpeg_luma = subprocess.run(["djpeg", "-grayscale", "-pnm"], input=jpg, check=True,
                                capture_output=True).stdout
    assert djpeg_luma.endswith(y.tobytes())
    for o in range(1, 9):
        upright = io.decode_jpeg(_with_exif(jpg, o))
        turned = o >= 5
        assert upright.format().name == ("kPF_YUV422P" if turned else "kPF_YUV440P"), o
        got = _planes(upright)
        for ours, ref in zip(got, (y, u, v)):
            assert np.array_equal(ours, ORIENT[o](ref)), o
        assert upright.orientation == 1
