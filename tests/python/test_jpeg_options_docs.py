"""Runs the `framekit encode` examples of docs/jpege.md's CLI section (the ```sh block
after "tests/python/test_jpeg_options_docs.py"), in a folder holding the files they
name, so the documented options stay true. Each command must succeed and every JPEG it
writes must decode, with the size of its input."""
import io
import pathlib
import re
import shlex
import struct
import subprocess

import numpy as np
import pytest
from PIL import Image

from conftest import CLI

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "jpege.md"
W, H = 96, 64


def commands():
    text = DOC.read_text()
    m = re.search(r"test_jpeg_options_docs\.py`:\n\n```sh\n(.*?)```", text, flags=re.S)
    assert m, "docs/jpege.md has no CLI options example"
    return [line for line in m.group(1).splitlines() if line.strip()]


def test_doc_lists_every_option():
    text = DOC.read_text()
    for flag in ("-q", "--chroma-quality", "--quant-tables", "--subsampling", "--optimize",
                 "--progressive", "--restart", "--comment", "--exif", "--icc", "--density",
                 "--threads", "--raw"):
        assert "`%s" % flag in text, flag
    for option in ("quality", "chroma_quality", "quant_tables", "subsampling", "optimize",
                   "progressive", "restart_interval", "comment", "exif", "icc_profile",
                   "density", "threads", "raw"):
        assert "| `%s` |" % option in text, option


@pytest.fixture
def folder(tmp_path):
    y, x = np.mgrid[0:H, 0:W]
    rgb = np.stack([x * 2, y * 3, (x + y)], -1).astype(np.uint8)
    Image.fromarray(rgb).save(tmp_path / "photo.png")
    (tmp_path / "photo.exif").write_bytes(b"II*\0" + struct.pack("<IH", 8, 0) + b"\0" * 4)
    profile = bytearray(2000)
    profile[0:4] = struct.pack(">I", len(profile))
    profile[36:40] = b"acsp"
    (tmp_path / "profile.icc").write_bytes(bytes(profile))
    (tmp_path / "tables.txt").write_text(
        "# luma\n" + " ".join(["12"] * 64) + "\n# chroma\n" + " ".join(["20"] * 64) + "\n")
    frame = bytes(np.full(W * H * 3 // 2, 90, np.uint8))
    (tmp_path / "clip.y4m").write_bytes(
        b"YUV4MPEG2 W%d H%d F25:1 Ip A1:1 C420jpeg\n" % (W, H)
        + (b"FRAME\n" + frame) * 3)
    return tmp_path


@pytest.mark.parametrize("index", range(len(commands())))
def test_doc_cli_example_runs(folder, index):
    line = commands()[index]
    args = shlex.split(line, comments=True)
    assert args[0] == "framekit"
    before = set(folder.iterdir())
    r = subprocess.run([str(CLI)] + args[1:], cwd=folder, capture_output=True, text=True)
    assert r.returncode == 0, "%s\n%s" % (line, r.stderr)
    written = sorted(p for p in set(folder.iterdir()) - before if p.suffix == ".jpg")
    assert written, line
    for p in written:
        im = Image.open(io.BytesIO(p.read_bytes()))
        im.load()
        assert im.size == (W, H)
