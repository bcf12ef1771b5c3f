"""`framekit encode` through the JPEGE engine: many inputs, Y4M video (one JPEG per
frame), raw multi-frame files, --channels, and the throughput summary.

Runs the CLI that conftest.CLI names: FRAMEKIT_CLI, else the one built next to the
Python package (build/<preset>/tools/framekit).
"""
import subprocess

import numpy as np
import pytest

from conftest import CLI
from test_acl import djpeg, gray_decode, psnr


@pytest.fixture(autouse=True)
def _cli_is_built():
    """A missing CLI fails these tests: a skipped test proves nothing."""
    assert CLI.exists(), f"the framekit CLI is not built at {CLI} (build framekit_cli or set FRAMEKIT_CLI)"


def write_y4m(path, frames):
    h, w = frames[0].shape
    with open(path, "wb") as f:
        f.write(b"YUV4MPEG2 W%d H%d F25:1 Ip A1:1 C420jpeg\n" % (w, h))
        for luma in frames:
            f.write(b"FRAME\n")
            f.write(luma.tobytes())
            f.write(bytes([128]) * (2 * ((w + 1) // 2) * ((h + 1) // 2)))


def test_video_and_raw_inputs_over_several_channels(tmp_path):
    y, x = np.mgrid[0:96, 0:128]
    frames = [(128 + 90 * np.sin(0.05 * x + 0.04 * y + i)).astype(np.uint8) for i in range(9)]
    write_y4m(tmp_path / "clip.y4m", frames)
    raw = b"".join(f.tobytes() for f in frames[:3])
    (tmp_path / "gray.raw").write_bytes(raw)
    out = tmp_path / "out"
    run = subprocess.run([str(CLI), "encode", str(tmp_path / "clip.y4m"),
                          str(tmp_path / "gray.raw"), "--size", "128x96", "--format", "gray8",
                          "-o", str(out), "--channels", "3", "-q", "95", "--raw"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "encoded 12 pictures from 2 input(s)" in run.stdout
    assert "3 channel(s)" in run.stdout and "pictures/s" in run.stdout
    for i, luma in enumerate(frames):
        data = (out / ("clip_%05d.jpg" % i)).read_bytes()
        assert psnr(gray_decode(data), luma) > 35  # each file is its own frame
    for i in range(3):
        assert psnr(djpeg((out / ("gray_%05d.jpg" % i)).read_bytes()), frames[i]) > 35


def test_pattern_output_and_bad_arguments(tmp_path):
    frames = [np.full((32, 48), 40 * i, np.uint8) for i in range(4)]
    write_y4m(tmp_path / "v.y4m", frames)
    run = subprocess.run([str(CLI), "encode", str(tmp_path / "v.y4m"), "-o",
                          str(tmp_path / "f_%02d.jpg"), "--no-progress"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.glob("f_*.jpg")) == ["f_00.jpg", "f_01.jpg",
                                                               "f_02.jpg", "f_03.jpg"]
    bad = subprocess.run([str(CLI), "encode", str(tmp_path / "v.y4m"), "-o", str(tmp_path / "o"),
                          "--channels", "300"], capture_output=True, text=True)
    assert bad.returncode != 0 and "--channels 300" in bad.stderr
