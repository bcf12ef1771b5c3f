"""Runs every `framekit` command line of the ```sh blocks of README.md and docs/*.md,
each in a fresh folder holding the files the examples name, through bash (so globs,
pipes and redirections work as documented), and checks what it promises: exit 0, the
files it writes decode (JPEG, PNG, PPM with Pillow), a --size W or -s N shows in their
width. `framekit bench` lines are left to test_cli.py's bench tests (they run for
minutes); everything else runs."""
import io
import os
import pathlib
import re
import shlex
import shutil
import struct
import subprocess

import numpy as np
import pytest
from PIL import Image

from conftest import CLI

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
MATE = pathlib.Path("/usr/share/backgrounds/mate/nature")


def examples():
    found = []
    for doc in DOCS:
        for block in re.findall(r"```sh\n(.*?)```", doc.read_text(), flags=re.S):
            for line in block.splitlines():
                code = line.strip()
                if re.match(r"^(cat \S+ \| )?framekit ", code) and not code.startswith("framekit bench"):
                    found.append((doc.name, code))
    return found


EXAMPLES = examples()


def test_the_docs_have_cli_examples():
    docs = {doc for doc, _ in EXAMPLES}
    assert {"README.md", "jpeg.md", "jpege.md"} <= docs, docs
    assert any("thumbnail" in line for _, line in EXAMPLES)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    d = tmp_path_factory.mktemp("docs_template")
    y, x = np.mgrid[0:64, 0:96]
    rgb = np.stack([x * 2, y * 3, x + y], -1).astype(np.uint8)
    Image.fromarray(rgb).save(d / "photo.png")
    shutil.copy(MATE / "Aqua.jpg", d / "photo.jpg")
    (d / "photos").mkdir()
    for name in ("Aqua.jpg", "Dune.jpg"):
        shutil.copy(MATE / name, d / "photos" / name)
    (d / "shots").mkdir()
    Image.fromarray(rgb).save(d / "shots" / "a.png")
    Image.fromarray(rgb[::-1].copy()).save(d / "shots" / "b.png")
    (d / "list.txt").write_text("photo.png\nshots/a.png\n")
    frame = bytes(np.full(96 * 64 * 3 // 2, 90, np.uint8))
    header = b"YUV4MPEG2 W96 H64 F25:1 Ip A1:1 C420jpeg\n"
    (d / "clip.y4m").write_bytes(header + (b"FRAME\n" + frame) * 3)
    (d / "still.y4m").write_bytes(header + b"FRAME\n" + frame)
    nv12 = np.full(1920 * 1080 * 3 // 2, 128, np.uint8)
    nv12[:1920 * 1080] = np.tile(np.arange(1920) % 220 + 16, 1080).astype(np.uint8)
    (d / "in.yuv").write_bytes(nv12.tobytes())
    (d / "cam.nv12").write_bytes(nv12.tobytes())
    (d / "in_720p.yuyv").write_bytes(np.full(1280 * 720 * 2, 128, np.uint8).tobytes())
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=96x64:rate=10",
                    "-t", "4", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(d / "clip.mp4")], check=True)
    (d / "photo.exif").write_bytes(b"II*\0" + struct.pack("<IH", 8, 0) + b"\0" * 4)
    profile = bytearray(2000)
    profile[0:4] = struct.pack(">I", len(profile))
    profile[36:40] = b"acsp"
    (d / "profile.icc").write_bytes(bytes(profile))
    (d / "tables.txt").write_text(" ".join(["12"] * 64) + "\n" + " ".join(["20"] * 64) + "\n")
    bindir = d.parent / (d.name + "_bin")
    bindir.mkdir()
    (bindir / "framekit").symlink_to(CLI.resolve())
    return d, bindir


def files(folder):
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("doc,line", EXAMPLES, ids=[f"{d}:{i}" for i, (d, _) in enumerate(EXAMPLES)])
def test_doc_cli_example(template, tmp_path, doc, line):
    src, bindir = template
    work = tmp_path / "w"
    shutil.copytree(src, work, copy_function=os.link)  # inputs are only read
    before = files(work)
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}")
    r = subprocess.run(["bash", "-c", "set -o pipefail; " + line], cwd=work, env=env,
                       capture_output=True, timeout=120)
    assert r.returncode == 0, f"{doc}: {line}\n{r.stderr.decode(errors='replace')}"
    words = shlex.split(line, comments=True)
    if words[1] in ("info", "--version"):
        assert r.stdout.strip(), line
        return
    after = files(work)
    written = sorted(p for p, t in after.items() if before.get(p) != t)
    assert written, f"{line}: wrote nothing"
    width = None
    for flag in ("--size", "-s"):
        if flag in words and "--format" not in words:
            value = words[words.index(flag) + 1]
            width = int(value.split("x")[0]) if value.split("x")[0] else None
    for name in written:
        path = work / name
        if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".ppm"):
            im = Image.open(io.BytesIO(path.read_bytes()))
            im.load()
            if width and words[1] != "thumbnail":
                assert im.size[0] == width, (line, name, im.size)
            if width and words[1] == "thumbnail":
                assert max(im.size) <= width, (line, name, im.size)
        else:
            assert path.stat().st_size > 0, (line, name)
