"""The framekit CLI, driven as a user would: files in, files out, exit codes."""
import json
import struct
import subprocess
import zlib

import numpy as np
import pytest

from conftest import CLI  # FRAMEKIT_CLI, else the CLI built next to the package


@pytest.fixture(autouse=True)
def _cli_is_built():
    """A missing CLI fails these tests: a skipped test proves nothing."""
    assert CLI.exists(), f"the framekit CLI is not built at {CLI} (build framekit_cli or set FRAMEKIT_CLI)"


def run(*args, check=True):
    p = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError(f"framekit {' '.join(map(str, args))} failed: {p.stderr}")
    return p


def write_png(path, img):
    """A minimal PNG writer (RGB8), independent of framekit's libspng code."""
    h, w, _ = img.shape
    raw = b"".join(b"\x00" + img[i].tobytes() for i in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def read_ppm(path):
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6"
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(parts[4][: w * h * 3], dtype=np.uint8).reshape(h, w, 3)


def smooth_image(h=96, w=128):
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 255 // w, y * 255 // h, (x + y) * 255 // (w + h)], -1).astype(np.uint8)


def test_version_and_info():
    assert run("--version").stdout.startswith("framekit ")
    out = run("info").stdout
    for name in ("nv12", "yuv420p", "p010le", "rgb24", "gbrpf32le", "vyuy422"):
        assert f"\n  {name} " in out


def test_convert_round_trip_png_y4m_ppm(tmp_path):
    img = smooth_image()
    write_png(tmp_path / "in.png", img)
    run("convert", tmp_path / "in.png", "-o", tmp_path / "mid.y4m", "--format", "yuv444p")
    header = (tmp_path / "mid.y4m").read_bytes().split(b"\n", 1)[0]
    assert header.startswith(b"YUV4MPEG2 W128 H96") and b"C444" in header
    run("convert", tmp_path / "mid.y4m", "-o", tmp_path / "out.ppm")
    back = read_ppm(tmp_path / "out.ppm")
    # 8-bit limited-range YUV 4:4:4 and back: within a few levels.
    assert np.abs(back.astype(int) - img.astype(int)).max() <= 3


def test_convert_y4m_keeps_frame_rate(tmp_path):
    w, h = 16, 8
    frame = bytes(range(w * h)) + bytes([128]) * (w * h // 2)
    src = tmp_path / "in.y4m"
    src.write_bytes(b"YUV4MPEG2 W16 H8 F30000:1001 Ip A1:1 C420jpeg\n"
                    + (b"FRAME\n" + frame) * 3)
    run("convert", src, "-o", tmp_path / "out.y4m", "--size", "8x4")
    data = (tmp_path / "out.y4m").read_bytes()
    header = data.split(b"\n", 1)[0]
    assert b" F30000:1001 " in header and b"W8 H4" in header
    assert data.count(b"FRAME\n") == 3
    # A source without a frame rate (PNG) gets the Y4M default of 25 fps.
    write_png(tmp_path / "in.png", smooth_image(8, 8))
    run("convert", tmp_path / "in.png", "-o", tmp_path / "png.y4m")
    assert b" F25:1 " in (tmp_path / "png.y4m").read_bytes().split(b"\n", 1)[0]


def test_convert_raw_with_size_and_aspect(tmp_path):
    img = smooth_image(96, 128)
    write_png(tmp_path / "in.png", img)
    run("convert", tmp_path / "in.png", "-o", tmp_path / "out.nv12", "--format", "nv12",
        "--size", "64x")
    assert (tmp_path / "out.nv12").stat().st_size == 64 * 48 * 3 // 2
    run("convert", tmp_path / "out.nv12", "--in-size", "64x48", "--in-format", "nv12",
        "-o", tmp_path / "big.ppm", "--size", "128x96", "--filter", "bicubic")
    back = read_ppm(tmp_path / "big.ppm")
    assert back.shape == (96, 128, 3)
    assert np.abs(back.astype(int) - img.astype(int)).mean() < 4


def test_convert_errors_are_clear_and_leave_output_alone(tmp_path):
    write_png(tmp_path / "in.png", smooth_image())
    out = tmp_path / "keep.png"
    out.write_bytes(b"precious")
    p = run("convert", tmp_path / "in.png", "-o", out, "--format", "nv13", check=False)
    assert p.returncode != 0 and "unknown pixel format 'nv13'" in p.stderr
    assert out.read_bytes() == b"precious"
    p = run("convert", tmp_path / "missing.png", "-o", tmp_path / "x.png", check=False)
    assert p.returncode == 2 and "does not exist" in p.stderr
    p = run("convert", tmp_path / "in.png", "-o", tmp_path / "x.png", "--size", "0x5", check=False)
    assert p.returncode != 0 and "--size" in p.stderr
    raw = tmp_path / "a.yuv"
    raw.write_bytes(bytes(100))
    p = run("convert", raw, "-o", tmp_path / "x.png", check=False)
    assert p.returncode == 1 and "Raw planes need --in-size and --in-format" in p.stderr
    p = run("convert", raw, "--in-size", "8x8", "--in-format", "nv12", "-o", tmp_path / "x.png",
            check=False)
    assert p.returncode != 0 and "ends inside frame" in p.stderr


def test_convert_reads_and_writes_jpeg(tmp_path):
    """JPEG in (TurboJPEG planes) and out (framekit's encoder), checked with djpeg."""
    img = smooth_image(64, 80)
    write_png(tmp_path / "in.png", img)
    run("convert", tmp_path / "in.png", "-o", tmp_path / "a.jpg")
    djpeg = subprocess.run(["djpeg", "-pnm", str(tmp_path / "a.jpg")], capture_output=True,
                           check=True).stdout
    (tmp_path / "ref.ppm").write_bytes(djpeg)
    ref = read_ppm(tmp_path / "ref.ppm")
    assert np.abs(ref.astype(int) - img.astype(int)).mean() < 3  # q75 of a smooth image
    run("convert", tmp_path / "a.jpg", "-o", tmp_path / "b.ppm")
    ours = read_ppm(tmp_path / "b.ppm")
    assert ours.shape == ref.shape
    # djpeg upsamples chroma its own way; both decodes of the same JPEG stay close.
    assert np.abs(ours.astype(int) - ref.astype(int)).mean() < 2


# framekit bench convert: the color and geometry benchmark against libyuv, swscale and OpenCV.
# --quick --filter keeps each run to a few seconds.

BENCH_TABLE_COLUMNS = ("framekit", "fk-nn", "floor", "x floor", "libyuv", "x yuv", "swscale",
                       "x sws", "opencv", "x cv")


def bench_table(*args):
    """Runs `bench convert` (table mode) and returns {(op, size): {column: float or None}}."""
    p = run("bench", "convert", *args)
    assert p.returncode == 0
    lines = p.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("op "))
    rows = {}
    for line in lines[header + 1:]:
        name, *cells = [part.strip() for part in line.split("|")]
        op, size = name.rsplit(None, 1)
        values = " ".join(cells).split()
        assert len(values) == len(BENCH_TABLE_COLUMNS), line
        rows[(op, size)] = {col: None if v == "n/a" else float(v.rstrip("x"))
                            for col, v in zip(BENCH_TABLE_COLUMNS, values)}
    return p.stdout, rows


def close(ratio, theirs, ours, digits_ms=3):
    """A printed ratio against the printed times (ms to `digits_ms` places, ratio to 2)."""
    slack = 0.5 * 10 ** -digits_ms
    lo, hi = (theirs - slack) / (ours + slack), (theirs + slack) / max(ours - slack, 1e-9)
    return lo - 0.006 <= ratio <= hi + 0.006


def test_bench_convert_quick_table():
    out, rows = bench_table("--quick", "--filter", "NV12")
    assert "1 thread" in out
    built = {lib: f"{lib} yes" in out for lib in ("libyuv", "swscale", "OpenCV")}
    # --quick: 1080p only; the NV12 filter keeps these four operations.
    assert set(rows) == {("NV12->RGB24", "1080p"), ("NV12->ARGB", "1080p"),
                         ("ARGB->NV12", "1080p"), ("NV12 bilinear", "1080p->720p")}
    for (op, size), r in rows.items():
        assert r["framekit"] > 0 and r["floor"] > 0, op
        assert close(r["x floor"], r["floor"], r["framekit"]), (op, r)
        # YUV->RGB also times nearest chroma, which libyuv and OpenCV are compared with.
        nearest = op.startswith("NV12->")
        assert (r["fk-nn"] is not None) == nearest, op
        base = r["fk-nn"] if nearest else r["framekit"]
        for lib, col, ratio in (("libyuv", "libyuv", "x yuv"), ("OpenCV", "opencv", "x cv")):
            if r[col] is None:
                assert r[ratio] is None
                continue
            assert r[col] > 0 and close(r[ratio], r[col], base), (op, lib, r)
        if r["swscale"] is not None:
            assert close(r["x sws"], r["swscale"], r["framekit"]), (op, r)
        assert (r["libyuv"] is not None) == built["libyuv"], op
        assert (r["swscale"] is not None) == built["swscale"], op
    # OpenCV has no RGB->NV12: n/a even when it is built in.
    assert rows[("ARGB->NV12", "1080p")]["opencv"] is None
    if built["OpenCV"]:
        assert rows[("NV12->RGB24", "1080p")]["opencv"] > 0


def test_bench_convert_json():
    p = run("bench", "convert", "--quick", "--json", "--filter", "I420")
    rows = json.loads(p.stdout)
    ops = {(r["kind"], r["op"], r["size"]) for r in rows}
    assert ops == {("color", "I420->RGB24", "1080p"), ("color", "RGB24->I420", "1080p"),
                   ("color", "ARGB->I420", "1080p"),
                   ("geometry", "I420 bilinear", "1080p->720p"),
                   ("geometry", "I420 bilinear", "720p->1080p"),
                   ("geometry", "I420 rotate 90", "1080p")}
    contenders = {"framekit", "framekit_nearest", "libyuv", "libyuv_bilinear", "swscale",
                  "opencv", "floor"}
    for r in rows:
        assert set(r["ms"]) == contenders
        assert set(r["ratio"]) == set(r["ratio_of"]) == contenders - {"framekit",
                                                                      "framekit_nearest"}
        assert r["src_bytes"] > 0 and r["dst_bytes"] > 0
        assert r["ms"]["framekit"] > 0 and r["ms"]["floor"] > 0
        for lib, ratio in r["ratio"].items():
            base = r["ms"][r["ratio_of"][lib]]
            if r["ms"][lib] is None:
                assert ratio is None
            else:
                assert r["ms"][lib] > 0 and ratio == pytest.approx(r["ms"][lib] / base, rel=1e-4)
    by_op = {(r["op"], r["size"]): r for r in rows}
    rot = by_op[("I420 rotate 90", "1080p")]
    assert (rot["src_width"], rot["src_height"], rot["dst_width"], rot["dst_height"]) == \
        (1920, 1080, 1080, 1920)
    assert rot["ms"]["swscale"] is None  # swscale does not rotate
    i420_rgb = by_op[("I420->RGB24", "1080p")]
    assert i420_rgb["ms"]["framekit_nearest"] > 0
    assert i420_rgb["src_bytes"] == 1920 * 1080 * 3 // 2 and i420_rgb["dst_bytes"] == 1920 * 1080 * 3


def test_bench_convert_custom_size():
    rows = json.loads(run("bench", "convert", "--size", "320x180", "--filter", "rotate",
                          "--json").stdout)
    assert [(r["op"], r["size"], r["dst_width"], r["dst_height"]) for r in rows] == \
        [("I420 rotate 90", "320x180", 180, 320)]


def test_bench_convert_bad_options():
    for size in ("0x5", "1920x-2", "abc", "1920", "1920x1080x"):
        p = run("bench", "convert", "--quick", "--size", size, check=False)
        assert p.returncode != 0, size
        assert "--size" in p.stderr and f"'{size}'" in p.stderr, p.stderr
        assert p.stdout == ""  # fails before any timing
    p = run("bench", "convert", "--quick", "--filter", "no-such-op", check=False)
    assert p.returncode != 0 and "--filter 'no-such-op' matches no operation" in p.stderr
