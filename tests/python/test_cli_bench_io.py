"""`framekit bench io`: the image-reading benchmark as a CLI subcommand, run briefly on a
photo the test makes, checked for its ratio lines (times and ratios that agree)."""
import re
import subprocess

import numpy as np

from framekit import io
from conftest import CLI

# "  decode to RGB          framekit    17.32 ms   TurboJPEG tjDecompress2     16.84 ms
#  ratio 0.98x [0.97-0.98]"
RATIO_LINE = re.compile(r"^  (?P<case>.+?)\s+framekit\s+(?P<ours>[\d.]+) ms\s+(?P<ref>.+?)\s+"
                        r"(?P<theirs>[\d.]+) ms\s+ratio (?P<med>[\d.]+)x "
                        r"\[(?P<lo>[\d.]+)-(?P<hi>[\d.]+)\]$")


def photo(path, h=900, w=1400):
    """A textured 4:2:0 JPEG, big enough that DCT scaling applies to a 640-wide thumbnail."""
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.stack([(x * 255 // w), (y * 255 // h), ((x ^ y) & 255)], -1).astype(np.uint8)
    io.write_image(str(path), rgb, quality=85)
    return path


def bench_io(*args):
    p = subprocess.run([str(CLI), "bench", "io", *map(str, args)], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout


def parse(out):
    rows = {}
    for line in out.splitlines():
        m = RATIO_LINE.match(line)
        if m:
            rows[(m["case"], m["ref"])] = {k: float(m[k]) for k in ("ours", "theirs", "med", "lo", "hi")}
    return rows


def test_bench_io_prints_ratio_lines(tmp_path):
    assert CLI.exists(), f"the framekit CLI is not built at {CLI}"
    jpg = photo(tmp_path / "photo.jpg")
    out = bench_io("--rounds", 3, "--seconds", 0.2, jpg)
    assert out.startswith("framekit bench io: up to 3 rounds, 1 thread")
    assert f"{jpg} (1400x900)" in out
    rows = parse(out)
    expected = {("decode to RGB", "TurboJPEG tjDecompress2"),
                ("decode to YUV planes", "TurboJPEG ToYUV2"),
                ("640-wide thumbnail", "vipsthumbnail"),
                ("640-wide thumbnail", "convert -thumbnail")}
    assert expected <= set(rows), out
    for key, r in rows.items():
        assert r["ours"] > 0 and r["theirs"] > 0, (key, r)
        assert r["lo"] <= r["med"] <= r["hi"], (key, r)
    # In-process decodes: the median ratio is one round's ratio of the printed medians
    # only when all rounds agree, so check the order of magnitude: both decode one picture.
    for key in [k for k in expected if k[0].startswith("decode")]:
        assert 0.1 < rows[key]["med"] < 10, (key, rows[key])


def test_bench_io_decode_only_and_bad_input(tmp_path):
    jpg = photo(tmp_path / "small.jpg", 240, 320)
    rows = parse(bench_io("--rounds", 2, "--no-thumbnails", jpg))
    assert ("decode to RGB", "TurboJPEG tjDecompress2") in rows
    assert not any(case == "640-wide thumbnail" for case, _ in rows)
    not_jpeg = tmp_path / "not.jpg"
    not_jpeg.write_bytes(b"GIF89a" + bytes(100))
    p = subprocess.run([str(CLI), "bench", "io", "--rounds", "1", "--no-thumbnails", str(not_jpeg)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode != 0 and "not a readable JPEG" in p.stderr
    p = subprocess.run([str(CLI), "bench", "io", "--rounds", "0", str(jpg)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode != 0 and "--rounds" in p.stderr
