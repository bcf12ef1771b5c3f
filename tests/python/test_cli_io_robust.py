"""The CLI's file readers and writers and `framekit convert` against hostile or broken
files (issue 23, findings 4, 6, 7, 8, 9, 10, 11, 12): refused quickly and clearly, with
the input and any existing output left as they were."""
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import zlib

import numpy as np
import pytest

from conftest import CLI  # FRAMEKIT_CLI, else the CLI built next to the package


@pytest.fixture(autouse=True)
def _cli_is_built():
    """A missing CLI fails these tests: a skipped test proves nothing."""
    assert CLI.exists(), f"the framekit CLI is not built at {CLI} (build framekit_cli or set FRAMEKIT_CLI)"


def run(*args, check=True, timeout=120):
    p = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError(f"framekit {' '.join(map(str, args))} failed: {p.stderr}")
    return p


def run_measured(*args, timeout=20):
    """Runs the CLI and returns (exit code, stderr, seconds, peak RSS in MB) of that one
    child (os.wait4), killing it when it runs past `timeout`."""
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen([str(CLI), *map(str, args)], stdout=subprocess.DEVNULL, stderr=err)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                os.kill(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                proc.returncode = -9  # reaped here: keep Popen from waiting again
                raise AssertionError(f"framekit {' '.join(map(str, args))} ran over {timeout} s")
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return (proc.returncode, err.read().decode(errors="replace"), time.monotonic() - start,
                usage.ru_maxrss / 1024)


_RSS_BUDGET = []


def rss_budget_mb():
    """Peak RSS a refused input may cost: 150 MB over `framekit --version` measured the
    same way. Linux charges a child the parent's RSS at exec (the old mm's high-water
    mark), so from a pytest process that loaded torch every child shows ~250 MB."""
    if not _RSS_BUDGET:
        rc, _, _, base = run_measured("--version")
        assert rc == 0
        _RSS_BUDGET.append(base + 150)
    return _RSS_BUDGET[0]


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png(w, h, rows, color_type=2, depth=8):
    """A PNG written here (filter 0 rows), independent of framekit's libspng code."""
    raw = b"".join(b"\x00" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, 0))
            + png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b""))


def smooth_rgb(h, w):
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 255 // w, y * 255 // h, (x * y) % 256], -1).astype(np.uint8)


def write_ppm(path, img):
    h, w, _ = img.shape
    path.write_bytes(b"P6\n%d %d\n255\n" % (w, h) + img.tobytes())


def cjpeg(ppm_or_pgm, out, *opts):
    data = subprocess.run(["cjpeg", *opts, str(ppm_or_pgm)], capture_output=True, check=True).stdout
    out.write_bytes(data)
    return data


def patch_sof_size(jpeg, w, h):
    i = jpeg.find(b"\xff\xc0")
    assert i > 0
    d = bytearray(jpeg)
    d[i + 5:i + 7] = h.to_bytes(2, "big")
    d[i + 7:i + 9] = w.to_bytes(2, "big")
    return bytes(d)


def small_jpeg(tmp_path):
    write_ppm(tmp_path / "small.ppm", smooth_rgb(16, 16))
    return cjpeg(tmp_path / "small.ppm", tmp_path / "small.jpg", "-quality", "75")


def y4m_clip(w=16, h=8, frames=3, tags="F25:1 Ip A1:1 C420jpeg"):
    size = w * h * 3 // 2
    return (b"YUV4MPEG2 W%d H%d " % (w, h) + tags.encode() + b"\n"
            + b"".join(b"FRAME\n" + bytes((i * 37 + k) % 256 for k in range(size)) for i in range(frames)))


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


# ---- finding 4: pixel limits and the JPEG bomb ------------------------------------------


def test_jpeg_bomb_is_refused_quickly_without_memory(tmp_path):
    """A ~700-byte real JPEG whose SOF says 65500x65500 (the bomb took 257 s and 6.3 GB)."""
    bomb = tmp_path / "bomb.jpg"
    bomb.write_bytes(patch_sof_size(small_jpeg(tmp_path), 65500, 65500))
    assert bomb.stat().st_size < 2048
    rc, err, seconds, rss_mb = run_measured("convert", bomb, "-o", tmp_path / "out.y4m")
    assert rc == 1, err
    assert "bomb.jpg" in err and "65500x65500" in err and "--max-pixels" in err
    assert seconds < 20 and rss_mb < rss_budget_mb(), (seconds, rss_mb)
    assert not (tmp_path / "out.y4m").exists()
    # Past the pixel limit the data-size bound still refuses it, before allocating.
    for w, h in ((65500, 65500), (16000, 16000)):
        bomb.write_bytes(patch_sof_size(small_jpeg(tmp_path), w, h))
        rc, err, seconds, rss_mb = run_measured("convert", bomb, "-o", tmp_path / "out.y4m",
                                                "--max-pixels", "5000000000")
        assert rc == 1 and "cannot code that many pixels" in err and "bomb.jpg" in err, err
        assert seconds < 20 and rss_mb < rss_budget_mb(), (w, seconds, rss_mb)
        rc, err, seconds, rss_mb = run_measured("encode", bomb, "-o", tmp_path / "out.jpg",
                                                "--max-pixels", "5000000000")
        assert rc == 1 and "cannot code that many pixels" in err, err
        assert rss_mb < rss_budget_mb() and not (tmp_path / "out.jpg").exists()


def test_png_ppm_y4m_raw_headers_are_limited(tmp_path):
    out = tmp_path / "out.y4m"
    # PNG: a 16000x16000 1-bit header over a few bytes of IDAT (under the pixel limit).
    png = tmp_path / "bomb.png"
    png.write_bytes(make_png(16000, 16000, [bytes(2000)] * 4, color_type=0, depth=1))
    rc, err, seconds, rss_mb = run_measured("convert", png, "-o", out)
    assert rc == 1 and "bomb.png" in err and "cannot hold that many pixels" in err, err
    assert rss_mb < rss_budget_mb(), rss_mb
    png.write_bytes(make_png(65500, 65500, [bytes(2000)] * 4, color_type=0, depth=1))
    rc, err, _, rss_mb = run_measured("convert", png, "-o", out)
    assert rc == 1 and "more than the limit" in err and rss_mb < rss_budget_mb(), err
    # PPM and Y4M headers claiming more than the limit, and a raw --in-size.
    ppm = tmp_path / "big.ppm"
    ppm.write_bytes(b"P6\n20000 20000\n255\n" + bytes(1000))
    rc, err, _, rss_mb = run_measured("convert", ppm, "-o", tmp_path / "o.png")
    assert rc == 1 and "big.ppm" in err and "more than the limit" in err and rss_mb < rss_budget_mb(), err
    # Under the limit but far longer than the file: refused before allocating too.
    ppm.write_bytes(b"P6\n16000 16000\n255\n" + bytes(1000))
    rc, err, _, rss_mb = run_measured("convert", ppm, "-o", tmp_path / "o.png")
    assert rc == 1 and "truncated" in err and rss_mb < rss_budget_mb(), err
    y4m = tmp_path / "big.y4m"
    y4m.write_bytes(b"YUV4MPEG2 W60000 H60000 F25:1 Ip C420jpeg\nFRAME\n" + bytes(1000))
    rc, err, _, rss_mb = run_measured("convert", y4m, "-o", out)
    assert rc == 1 and "big.y4m" in err and "more than the limit" in err and rss_mb < rss_budget_mb(), err
    y4m.write_bytes(b"YUV4MPEG2 W16000 H16000 F25:1 Ip C420jpeg\nFRAME\n" + bytes(1000))
    rc, err, _, rss_mb = run_measured("convert", y4m, "-o", out)
    assert rc == 1 and "ends inside frame 0" in err and rss_mb < rss_budget_mb(), err
    raw = tmp_path / "in.yuv"
    raw.write_bytes(bytes(96))
    rc, err, _, _ = run_measured("convert", raw, "--in-size", "70000x70000", "--in-format", "gray",
                                 "-o", tmp_path / "o.gray")
    assert rc == 1 and "more than the limit" in err, err


def test_max_pixels_option(tmp_path):
    small_jpeg(tmp_path)  # 16x16 = 256 pixels
    write_ppm(tmp_path / "a.ppm", smooth_rgb(16, 16))
    (tmp_path / "a.png").write_bytes(make_png(16, 16, [smooth_rgb(16, 16)[i].tobytes() for i in range(16)]))
    (tmp_path / "a.y4m").write_bytes(y4m_clip(16, 16, 2))
    (tmp_path / "a.gray").write_bytes(bytes(256))
    inputs = {"small.jpg": [], "a.ppm": [], "a.png": [], "a.y4m": [],
              "a.gray": ["--in-size", "16x16", "--in-format", "gray"]}
    for name, extra in inputs.items():
        run("convert", tmp_path / name, *extra, "-o", tmp_path / "ok.y4m", "-y", "--max-pixels", "256")
        p = run("convert", tmp_path / name, *extra, "-o", tmp_path / "no.y4m", "--max-pixels", "255",
                check=False)
        assert p.returncode == 1 and name in p.stderr and "256 pixels" in p.stderr, p.stderr
        assert "limit of 255" in p.stderr
    run("encode", tmp_path / "small.jpg", "-o", tmp_path / "e.jpg", "--max-pixels", "256")
    p = run("encode", tmp_path / "small.jpg", "-o", tmp_path / "f.jpg", "--max-pixels", "255", check=False)
    assert p.returncode == 1 and "limit of 255" in p.stderr
    for bad in ("0", "-1"):
        p = run("convert", tmp_path / "a.ppm", "-o", tmp_path / "g.png", "--max-pixels", bad, check=False)
        assert p.returncode != 0 and "--max-pixels" in p.stderr


def test_output_size_is_limited_too(tmp_path):
    """--size is bounded by the same limit: 100000x100000 must not allocate 30 GB first."""
    write_ppm(tmp_path / "a.ppm", smooth_rgb(16, 16))
    p = run("convert", tmp_path / "a.ppm", "-o", tmp_path / "big.ppm", "--size", "100000x100000",
            check=False)
    assert p.returncode == 1 and "100000x100000" in p.stderr and "--max-pixels" in p.stderr, p.stderr
    assert not (tmp_path / "big.ppm").exists()
    # One side given: the other follows the aspect ratio, and the product is checked.
    p = run("convert", tmp_path / "a.ppm", "-o", tmp_path / "big.ppm", "--size", "17x",
            "--max-pixels", "288", check=False)
    assert p.returncode == 1 and "17x17" in p.stderr, p.stderr
    run("convert", tmp_path / "a.ppm", "-o", tmp_path / "ok.ppm", "--size", "17x", "--max-pixels", "289")
    data = (tmp_path / "ok.ppm").read_bytes()
    assert data.startswith(b"P6\n17 17\n255\n") and len(data) == len(b"P6\n17 17\n255\n") + 17 * 17 * 3


@pytest.fixture(scope="module")
def flat_8k(tmp_path_factory):
    """Flat 7680x4320 pictures, the most compressible real input there is."""
    d = tmp_path_factory.mktemp("flat8k")
    w, h = 7680, 4320
    (d / "flat.pgm").write_bytes(b"P5\n%d %d\n255\n" % (w, h) + bytes([90]) * (w * h))
    (d / "flat.ppm").write_bytes(b"P6\n%d %d\n255\n" % (w, h) + bytes([200, 40, 90]) * (w * h))
    (d / "dc_only.scans").write_text("0: 0 0 0 0;\n")
    return d


def entropy_bits_per_block(jpeg, w, h, blocks_per_8x8=1.0):
    """Bits from the first SOS on, per 8x8 block of the smallest component."""
    scan = jpeg.find(b"\xff\xda")
    return (len(jpeg) - scan) * 8 / (((w + 7) // 8) * ((h + 7) // 8) * blocks_per_8x8)


def test_real_highly_compressible_jpegs_pass_the_data_bound(flat_8k, tmp_path):
    """The compressed-size check must not refuse real pictures: flat 8K pictures coded by
    cjpeg (baseline, optimized, progressive, a DC-only progressive scan) and FFmpeg at
    qualities 1..100 all decode."""
    w, h = 7680, 4320
    cases = []
    for q in ("1", "50", "100"):
        cases.append(("pgm", ["-quality", q], 1.0))
        cases.append(("ppm", ["-quality", q], 0.25))
    cases += [("pgm", ["-quality", "1", "-optimize"], 1.0), ("pgm", ["-progressive"], 1.0),
              ("pgm", ["-quality", "1", "-scans", str(flat_8k / "dc_only.scans")], 1.0),
              ("ppm", ["-quality", "1", "-optimize"], 0.25), ("ppm", ["-quality", "5", "-progressive"], 0.25),
              ("ppm", ["-quality", "1", "-sample", "1x1", "-optimize"], 1.0)]
    tightest = 1e9
    for i, (src, opts, blocks) in enumerate(cases):
        jpg = tmp_path / f"c{i}.jpg"
        data = cjpeg(flat_8k / f"flat.{src}", jpg, *opts)
        tightest = min(tightest, entropy_bits_per_block(data, w, h, blocks))
        p = run("convert", jpg, "-y", "-o", tmp_path / "out.gray" if src == "pgm" else tmp_path / "out.yuv")
        assert "converted" in p.stderr and "->" in p.stderr, (opts, p.stderr)
    for q in ("1", "31"):
        for pix in ("yuvj420p", "yuvj444p", "gray"):
            jpg = tmp_path / f"ff{q}{pix}.jpg"
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"color=c=0x3366aa:s={w}x{h}",
                            "-frames:v", "1", "-pix_fmt", pix, "-q:v", q, str(jpg)], check=True)
            run("convert", jpg, "-y", "-o", tmp_path / "out.raw")
    # The DC-only progressive scan codes about one bit per block: the bound (one bit per
    # block) is met with little room, so it is as tight as it can be.
    assert tightest < 1.2, tightest


# ---- finding 6: output == input ----------------------------------------------------------


def test_output_that_is_the_input_is_refused(tmp_path):
    src = tmp_path / "same.y4m"
    src.write_bytes(y4m_clip(frames=3))
    before = src.read_bytes()
    (tmp_path / "link.y4m").symlink_to(src)
    os.link(src, tmp_path / "hard.y4m")
    for out in (src, tmp_path / "link.y4m", tmp_path / "hard.y4m", "./same.y4m", tmp_path / "sub" / ".." / "same.y4m"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        p = subprocess.run([str(CLI), "convert", "same.y4m", "-o", str(out)], capture_output=True,
                           text=True, cwd=tmp_path, timeout=60)
        assert p.returncode == 1 and "is the input" in p.stderr, (out, p.stderr)
        assert src.read_bytes() == before
    assert sorted(listing(tmp_path)) == ["hard.y4m", "link.y4m", "same.y4m", "sub"]


# ---- finding 7: write errors -------------------------------------------------------------


def test_write_errors_are_reported(tmp_path):
    write_ppm(tmp_path / "in.ppm", smooth_rgb(64, 64))
    (tmp_path / "in.y4m").write_bytes(y4m_clip(64, 64, 2))
    for name, src, extra in (("full.ppm", "in.ppm", []), ("full.png", "in.ppm", []),
                             ("full.jpg", "in.ppm", []), ("full.y4m", "in.y4m", []),
                             ("full.nv12", "in.y4m", ["--format", "nv12"])):
        (tmp_path / name).symlink_to("/dev/full")
        p = run("convert", tmp_path / src, "-o", tmp_path / name, *extra, check=False)
        assert p.returncode == 1, (name, p.stderr)
        assert name in p.stderr and "converted" not in p.stderr, p.stderr


# ---- finding 8: an existing output survives any failure ------------------------------------


def test_failures_leave_existing_output_intact(tmp_path):
    (tmp_path / "in.png").write_bytes(make_png(32, 16, [smooth_rgb(16, 32)[i].tobytes() for i in range(16)]))
    clip = y4m_clip(16, 8, 3)
    (tmp_path / "cut.y4m").write_bytes(clip[:-50])  # ends inside frame 2
    bad_header = bytearray(clip)
    second = bad_header.find(b"FRAME\n", bad_header.find(b"FRAME\n") + 1)
    bad_header[second:second + 5] = b"FRAMX"
    (tmp_path / "badframe.y4m").write_bytes(bytes(bad_header))
    (tmp_path / "odd.nv12").write_bytes(bytes(192 * 2 + 50))  # 16x8 nv12 is 192 bytes
    good = make_png(8, 8, [bytes(24)] * 8)
    bad_crc = bytearray(good)
    bad_crc[bad_crc.find(b"IDAT") + 6] ^= 0x01
    (tmp_path / "badcrc.png").write_bytes(bytes(bad_crc))
    inputs = set(listing(tmp_path))
    cases = [
        ("keep.ppm", ["in.png", "--format", "nv12"], "PPM/PGM output needs"),
        ("keep.png", ["in.png", "--format", "yuv420p"], "PNG output needs"),
        ("keep.y4m", ["in.png", "--format", "nv12"], "Y4M output cannot hold"),
        ("keep.y4m", ["cut.y4m"], "ends inside frame 2"),
        ("keep.nv12", ["badframe.y4m", "--format", "nv12"], "frame 1 has no FRAME header"),
        ("keep.yuv", ["odd.nv12", "--in-size", "16x8", "--in-format", "nv12"], "not a whole number"),
        ("keep.ppm", ["badcrc.png"], "CRC"),
        ("keep.y4m", ["cut.y4m", "--size", "8x4", "--filter", "sharpest"], "sharpest"),
        ("keep.y4m", ["cut.y4m", "--frames", "-1"], "--frames"),
    ]
    usage_errors = ("sharpest", "--frames")  # exit 2, before any work
    for out, args, message in cases:
        target = tmp_path / out
        target.write_bytes(b"precious " + out.encode())
        p = run("convert", tmp_path / args[0], "-o", target, "-y", *args[1:], check=False)
        assert p.returncode == (2 if message in usage_errors else 1), (args, p.stderr)
        assert message in p.stderr, (args, p.stderr)
        assert target.read_bytes() == b"precious " + out.encode(), args
        assert set(listing(tmp_path)) == inputs | {out}, (args, listing(tmp_path))
        target.unlink()
    # And on success the output is replaced whole, with nothing left beside it.
    (tmp_path / "keep.y4m").write_bytes(b"old")
    run("convert", tmp_path / "badframe.y4m", "-o", tmp_path / "keep.y4m", "-y", "--frames", "1")
    assert (tmp_path / "keep.y4m").read_bytes().count(b"FRAME\n") == 1
    assert set(listing(tmp_path)) == inputs | {"keep.y4m"}


# ---- finding 9: raw files that are not whole frames ----------------------------------------


def test_raw_input_must_be_whole_frames(tmp_path):
    raw = tmp_path / "r.nv12"
    raw.write_bytes(bytes(range(192)) * 1 + bytes(96))  # 1.5 frames of 16x8 nv12
    p = run("encode", raw, "--size", "16x8", "--format", "nv12", "-o", tmp_path / "r.jpg", check=False)
    assert p.returncode == 1 and "288 bytes" in p.stderr and "192 bytes each" in p.stderr, p.stderr
    assert "r.nv12" in p.stderr and not (tmp_path / "r.jpg").exists()
    p = run("convert", raw, "--in-size", "16x8", "--in-format", "nv12", "-o", tmp_path / "o.yuv",
            check=False)
    assert p.returncode == 1 and "288 bytes" in p.stderr
    empty = tmp_path / "empty.yuv"
    empty.write_bytes(b"")
    for cmd in (["convert", empty, "--in-size", "16x8", "--in-format", "nv12", "-o", tmp_path / "o.yuv"],
                ["encode", empty, "--size", "16x8", "--format", "nv12", "-o", tmp_path / "outdir",
                 "--channels", "2", "--no-progress"]):
        p = run(*cmd, check=False)
        assert p.returncode == 1 and "empty.yuv' holds no frame" in p.stderr, p.stderr
        assert "encoded 0" not in p.stdout


# ---- finding 10: PNG CRCs and damaged data --------------------------------------------------


def test_png_crc_and_damage_are_refused(tmp_path):
    img = smooth_rgb(24, 40)
    good = make_png(40, 24, [img[i].tobytes() for i in range(24)])
    idat = good.find(b"IDAT")

    def case(name, data):
        (tmp_path / name).write_bytes(bytes(data))
        return run("convert", tmp_path / name, "-o", tmp_path / "out.ppm", check=False)

    bad = bytearray(good)
    bad[29] ^= 0xFF  # IHDR's CRC (8 signature + 8 + 13 data bytes → bytes 29..32)
    p = case("ihdr_crc.png", bad)
    assert p.returncode == 1 and "ihdr_crc.png" in p.stderr and "CRC" in p.stderr, p.stderr
    bad = bytearray(good)
    bad[idat + 10] ^= 0x10  # a compressed byte; the chunk CRC no longer matches
    p = case("idat_crc.png", bad)
    assert p.returncode == 1 and "idat_crc.png" in p.stderr and "CRC" in p.stderr, p.stderr
    # Damaged zlib data under a correct CRC: the inflate or its Adler-32 fails.
    length = struct.unpack(">I", good[idat - 4:idat])[0]
    payload = bytearray(good[idat + 4:idat + 4 + length])
    payload[len(payload) // 2] ^= 0x55
    damaged = good[:idat - 4] + png_chunk(b"IDAT", bytes(payload)) + good[idat + 8 + length:]
    p = case("zlib.png", damaged)
    assert p.returncode == 1 and "zlib.png" in p.stderr, p.stderr
    p = case("short.png", good[:idat + 4 + length // 2])
    assert p.returncode == 1 and "short.png" in p.stderr, p.stderr
    assert not (tmp_path / "out.ppm").exists()


def test_png_pixels_match_ffmpeg(tmp_path):
    """A good PNG with every filter type (FFmpeg's mixed prediction) decodes to FFmpeg's
    pixels (Pillow is not a dependency; FFmpeg's PNG decoder is independent of libspng)."""
    w, h = 53, 31
    img = smooth_rgb(h, w)
    img[5:20, 10:30] = 255 - img[5:20, 10:30]
    (tmp_path / "in.rgb").write_bytes(img.tobytes())
    for pix, comps in (("rgb24", 3), ("rgba", 4), ("gray", 1), ("rgb48be", 3)):
        png = tmp_path / f"{pix}.png"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}",
                        "-i", str(tmp_path / "in.rgb"), "-pix_fmt", pix, "-pred", "mixed", str(png)], check=True)
        ref_fmt = {"rgb24": "rgb24", "rgba": "rgba", "gray": "gray", "rgb48be": "rgb48le"}[pix]
        ref = subprocess.run(["ffmpeg", "-v", "error", "-i", str(png), "-f", "rawvideo", "-pix_fmt", ref_fmt, "-"],
                             capture_output=True, check=True).stdout
        out = tmp_path / f"{pix}.raw"
        run("convert", png, "-o", out)  # raw output keeps the decoded format
        assert out.read_bytes() == ref, pix


# ---- finding 11: unclear or unchecked inputs ---------------------------------------------


def test_empty_pictures_name_the_file(tmp_path):
    (tmp_path / "soi.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "w0.ppm").write_bytes(b"P6\n0 5\n255\n")
    (tmp_path / "h0.pgm").write_bytes(b"P5\n7 0\n255\n")
    sof0 = patch_sof_size(small_jpeg(tmp_path), 0, 16)
    (tmp_path / "zero.jpg").write_bytes(sof0)
    for name in ("soi.jpg", "w0.ppm", "h0.pgm", "zero.jpg"):
        p = run("convert", tmp_path / name, "-o", tmp_path / "o.png", check=False)
        assert p.returncode == 1 and name in p.stderr and "Frame:" not in p.stderr, p.stderr


def test_interlaced_y4m_is_refused(tmp_path):
    for tag, words in (("It", "top field first"), ("Ib", "bottom field first"), ("Im", "mixed")):
        src = tmp_path / f"{tag}.y4m"
        src.write_bytes(y4m_clip(tags=f"F25:1 {tag} A1:1 C420jpeg"))
        p = run("convert", src, "-o", tmp_path / "o.y4m", check=False)
        assert p.returncode == 1 and f"{tag}.y4m" in p.stderr and "interlaced" in p.stderr, p.stderr
        assert words in p.stderr
    src = tmp_path / "p.y4m"
    src.write_bytes(y4m_clip(tags="F25:1 Ip A1:1 C420jpeg"))
    run("convert", src, "-o", tmp_path / "o.y4m")


def test_y4m_header_is_parsed_strictly(tmp_path):
    for tags, message in (("W-16 H8 F25:1", "'W-16'"), ("W16x H8 F25:1", "'W16x'"),
                          ("W16 H8 F25:0", "frame rate 'F25:0'"), ("W16 H8 F25", "frame rate 'F25'")):
        src = tmp_path / "bad.y4m"
        src.write_bytes(b"YUV4MPEG2 " + tags.encode() + b" Ip C420jpeg\nFRAME\n" + bytes(192))
        p = run("convert", src, "-o", tmp_path / "o.y4m", check=False)
        assert p.returncode == 1 and "bad.y4m" in p.stderr and message in p.stderr, (tags, p.stderr)
    # F0:0 is Y4M's "unknown rate": read, and written back with the default.
    src.write_bytes(b"YUV4MPEG2 W16 H8 F0:0 Ip C420jpeg\nFRAME\n" + bytes(192))
    run("convert", src, "-o", tmp_path / "o.y4m")
    assert b" F25:1 " in (tmp_path / "o.y4m").read_bytes().split(b"\n", 1)[0]


def test_frames_option(tmp_path):
    src = tmp_path / "in.y4m"
    src.write_bytes(y4m_clip(frames=3))
    for bad in ("-5", "0"):
        p = run("convert", src, "-o", tmp_path / "o.y4m", "--frames", bad, check=False)
        assert p.returncode == 2 and "--frames" in p.stderr, p.stderr
    assert not (tmp_path / "o.y4m").exists()
    run("convert", src, "-o", tmp_path / "o.y4m", "--frames", "2")
    assert (tmp_path / "o.y4m").read_bytes().count(b"FRAME\n") == 2
    run("convert", src, "-o", tmp_path / "o.y4m", "-y")
    assert (tmp_path / "o.y4m").read_bytes().count(b"FRAME\n") == 3


# ---- finding 12: range of raw outputs ------------------------------------------------------


def test_raw_output_gets_the_formats_usual_range(tmp_path):
    w, h = 64, 48
    src = tmp_path / "x.yuvj420p"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={w}x{h}", "-frames:v", "1",
                    "-pix_fmt", "yuvj420p", "-f", "rawvideo", str(src)], check=True)

    def ffmpeg_to(pix, in_pix="yuvj420p", extra=()):
        return np.frombuffer(subprocess.run(
            ["ffmpeg", "-v", "error", "-f", "rawvideo", "-pix_fmt", in_pix, "-s", f"{w}x{h}", "-i", str(src),
             *extra, "-f", "rawvideo", "-pix_fmt", pix, "-"], capture_output=True, check=True).stdout, np.uint8)

    out = tmp_path / "out.nv12"
    run("convert", src, "--in-size", f"{w}x{h}", "--in-format", "yuvj420p", "-o", out, "--format", "nv12")
    ours = np.frombuffer(out.read_bytes(), np.uint8).astype(int)
    ref = ffmpeg_to("nv12").astype(int)
    assert ours.shape == ref.shape
    assert np.abs(ours - ref).max() <= 2, np.abs(ours - ref).max()
    # Luma really was squeezed into 16..235.
    assert ours[:w * h].min() >= 16 and ours[:w * h].max() <= 235
    # --range asks otherwise: full range kept (the luma plane is the input's).
    run("convert", src, "--in-size", f"{w}x{h}", "--in-format", "yuvj420p", "-o", out, "-y", "--format", "nv12",
        "--range", "pc")
    assert out.read_bytes()[:w * h] == src.read_bytes()[:w * h]
    # Y4M says XCOLORRANGE=FULL, which FFmpeg reads: full range may stay there.
    y4m = tmp_path / "out.y4m"
    run("convert", src, "--in-size", f"{w}x{h}", "--in-format", "yuvj420p", "-o", y4m, "--format", "yuv420p")
    assert b"XCOLORRANGE=FULL" in y4m.read_bytes().split(b"\n", 1)[0]
    back = np.frombuffer(subprocess.run(["ffmpeg", "-v", "error", "-i", str(y4m), "-f", "rawvideo",
                                         "-pix_fmt", "yuvj420p", "-"], capture_output=True, check=True).stdout,
                         np.uint8).astype(int)
    assert np.abs(back - np.frombuffer(src.read_bytes(), np.uint8).astype(int)).max() <= 2
