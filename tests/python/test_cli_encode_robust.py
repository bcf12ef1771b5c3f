"""`framekit encode` under hostile or unlucky arguments (issue 23): the -o pattern is
parsed, never given to printf; failed writes end the run instead of hanging it; every
frame is encoded or the command fails; outputs never collide with each other or with an
input; an existing output survives a failed write.

Drives the CLI (FRAMEKIT_CLI, as test_cli.py does); pictures are checked with djpeg.
"""
import os
import pathlib
import re
import resource
import signal
import subprocess

import numpy as np
import pytest

from test_cli import CLI, smooth_image, write_png


@pytest.fixture(autouse=True)
def _cli_is_built():
    """A missing CLI fails these tests: a skipped test proves nothing."""
    assert CLI.exists(), f"the framekit CLI is not built at {CLI} (build framekit_cli or set FRAMEKIT_CLI)"

W, H = 32, 16


def encode(*args, cwd=None, timeout=60, preexec_fn=None):
    return subprocess.run([str(CLI), "encode", *map(str, args), "--no-progress"], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec_fn)


def lumas(n, w=W, h=H):
    """n distinct flat grey pictures: each output file tells which frame it holds."""
    return [np.full((h, w), 30 + 25 * i, np.uint8) for i in range(n)]


def write_y4m(path, frames):
    h, w = frames[0].shape
    with open(path, "wb") as f:
        f.write(b"YUV4MPEG2 W%d H%d F25:1 Ip A1:1 C420jpeg\n" % (w, h))
        for luma in frames:
            f.write(b"FRAME\n" + luma.tobytes() + bytes([128]) * (w * h // 2))


def write_nv12(path, frames):
    h, w = frames[0].shape
    path.write_bytes(b"".join(y.tobytes() + bytes([128]) * (w * h // 2) for y in frames))


def gray(path):
    """The luma of a JPEG file, decoded by libjpeg-turbo's djpeg."""
    out = subprocess.run(["djpeg", "-grayscale", "-pnm", str(path)], capture_output=True,
                         check=True).stdout
    magic, w, h, maxval, data = out.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    return np.frombuffer(data[: int(w) * int(h)], np.uint8).reshape(int(h), int(w))


def frame_of(path, frames):
    """Which of `frames` the JPEG at `path` holds. The frames are flat limited-range YUV,
    and JPEG is full range: level y decodes to (y - 16) * 255 / 219, within a level."""
    got = float(gray(path).mean())
    expected = [(float(f.mean()) - 16) * 255 / 219 for f in frames]
    best = min(range(len(frames)), key=lambda i: abs(expected[i] - got))
    assert abs(expected[best] - got) < 2, (path, got, expected[best])
    return best


def files(folder):
    return sorted(p.name for p in pathlib.Path(folder).iterdir())


def summary_count(stdout):
    m = re.search(r"encoded (\d+) pictures", stdout)
    assert m, stdout
    return int(m.group(1))


# --- Finding 1: the -o pattern ------------------------------------------------------

@pytest.mark.parametrize("pattern", [
    "out_%s.jpg", "out_%n.jpg", "out_%p.jpg", "out_%x.jpg", "pct_100%.jpg", "x_%d_%d.jpg",
    "x_%-5d.jpg", "x_%ld.jpg", "x_%", "x_%99999999999d.jpg", "x_%21d.jpg",
])
def test_pattern_other_than_one_integer_field_is_refused(tmp_path, pattern):
    write_y4m(tmp_path / "clip.y4m", lumas(3))
    r = encode("clip.y4m", "-o", pattern, cwd=tmp_path)
    # A usage error (exit 2, not a signal), naming the pattern, before anything is written.
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert f"-o '{pattern}'" in r.stderr and "%%" in r.stderr
    assert files(tmp_path) == ["clip.y4m"]


def test_pattern_fields_and_literal_percent(tmp_path):
    frames = lumas(3)
    write_y4m(tmp_path / "clip.y4m", frames)
    write_y4m(tmp_path / "one.y4m", frames[1:2])
    write_png(tmp_path / "pic.png", smooth_image())
    run = lambda *a: encode(*a, cwd=tmp_path)  # noqa: E731

    r = run("clip.y4m", "-o", "z_%08d.jpg")
    assert r.returncode == 0, r.stderr
    assert [frame_of(tmp_path / f"z_{i:08d}.jpg", frames) for i in range(3)] == [0, 1, 2]
    r = run("clip.y4m", "-o", "s_%3d_100%%.jpg")  # space padded, as printf would
    assert r.returncode == 0, r.stderr
    assert [frame_of(tmp_path / f"s_{i:3d}_100%.jpg", frames) for i in range(3)] == [0, 1, 2]
    # A single picture (the non-engine path) gets the pattern's first name too.
    r = run("pic.png", "-o", "p_%d.jpg")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "p_0.jpg").exists() and not (tmp_path / "p_%d.jpg").exists()
    # %% is a literal percent: one picture, one file with that name.
    r = run("one.y4m", "-o", "pct_100%%.jpg")
    assert r.returncode == 0, r.stderr
    assert frame_of(tmp_path / "pct_100%.jpg", frames) == 1
    # No field, several pictures: refused (they would all go to one name).
    before = files(tmp_path)
    r = run("clip.y4m", "-o", "many_100%%.jpg")
    assert r.returncode == 1 and "3 frames" in r.stderr and "%05d" in r.stderr, r.stderr
    assert files(tmp_path) == before


# --- Finding 3: a failed write ends the run (the engine path used to hang) ------------

def noise_nv12(path, w=1024, h=1024):
    """A 1 MP noise picture: at q100 its JPEG is ~2.5 MB, so some 50 unreleased streams
    fill a channel's 128 MB stream ring (which is what made the old code hang)."""
    rng = np.random.default_rng(7)
    path.write_bytes(rng.integers(0, 256, w * h * 3 // 2, dtype=np.uint8).tobytes())


@pytest.mark.parametrize("case", ["dev_full_links", "directories", "missing_folder"])
def test_failed_writes_end_the_run_instead_of_hanging(tmp_path, case):
    noise_nv12(tmp_path / "n.nv12")
    count, channels = 128, 2  # far more than the queue depth (8) times the channels
    out = tmp_path / "out"
    pattern = out / "f_%05d.jpg"
    if case == "missing_folder":
        pattern = tmp_path / "missing" / "sub" / "f_%05d.jpg"
    else:
        out.mkdir()
        for i in range(count):
            p = out / f"f_{i:05d}.jpg"
            p.symlink_to("/dev/full") if case == "dev_full_links" else p.mkdir()
    before = files(out) if out.exists() else []
    r = encode(*["n.nv12"] * count, "--size", "1024x1024", "--format", "nv12", "-q", "100",
               "--channels", channels, "-o", pattern, cwd=tmp_path, timeout=60)
    assert r.returncode == 1, r.stderr
    # One error, naming the first failure (which picture fails first depends on the
    # channel that finishes first).
    first = {"dev_full_links": r"out/f_0000\d\.jpg' failed .*No space",
             "directories": r"out/f_00000\.jpg' .*is a directory",
             "missing_folder": r"folder '.*missing/sub' .*does not exist"}[case]
    assert re.search(first, r.stderr) and r.stderr.count("error:") == 1, r.stderr
    # Nothing was written; no temporary file is left; the links still point to /dev/full.
    assert (files(out) if out.exists() else []) == before
    if case == "dev_full_links":
        assert all(os.readlink(out / n) == "/dev/full" for n in before)
    assert not (tmp_path / "missing").exists()


def test_one_output_a_directory_stops_and_counts_exactly(tmp_path):
    frames = lumas(8) * 4  # 32 pictures
    write_y4m(tmp_path / "clip.y4m", frames)
    out = tmp_path / "out"
    out.mkdir()
    (out / "f_00010.jpg").mkdir()
    r = encode("clip.y4m", "-o", out / "f_%05d.jpg", "--channels", 2, cwd=tmp_path)
    assert r.returncode == 1 and "f_00010.jpg" in r.stderr and "is a directory" in r.stderr
    # The pictures before the bad name are written, each the right frame; none after it.
    written = [n for n in files(out) if n != "f_00010.jpg"]
    assert written == [f"f_{i:05d}.jpg" for i in range(10)]
    assert [frame_of(out / n, frames) for n in written] == [i % 8 for i in range(10)]
    assert summary_count(r.stdout) == 10


def test_write_failure_mid_run_counts_exactly_the_files_written(tmp_path):
    frames = lumas(8) * 8  # 64 pictures
    write_y4m(tmp_path / "clip.y4m", frames)
    out = tmp_path / "out"
    out.mkdir()
    (out / "f_00020.jpg").symlink_to("/dev/full")
    r = encode("clip.y4m", "-o", out / "f_%05d.jpg", "--channels", 3, cwd=tmp_path)
    assert r.returncode == 1 and "f_00020.jpg" in r.stderr and "No space" in r.stderr
    written = [n for n in files(out) if n != "f_00020.jpg"]
    assert summary_count(r.stdout) == len(written) >= 1
    for n in written:  # every file left is complete, and the frame its name says
        assert frame_of(out / n, frames) == int(n[2:7]) % 8
    assert os.readlink(out / "f_00020.jpg") == "/dev/full"


# --- Finding 9: every frame is encoded, or the command fails -------------------------

def test_raw_frames_into_one_file_is_an_error(tmp_path):
    write_nv12(tmp_path / "raw_3frames.nv12", lumas(3))
    (tmp_path / "r.jpg").write_bytes(b"keep me")
    for extra in (["-y"], ["-y", "--channels", "2"]):
        r = encode("raw_3frames.nv12", "--size", f"{W}x{H}", "--format", "nv12", "-o", "r.jpg",
                   *extra, cwd=tmp_path)
        assert r.returncode == 1, r.stderr
        assert "raw_3frames.nv12' holds 3 frames" in r.stderr and "r_%05d.jpg" in r.stderr
        assert (tmp_path / "r.jpg").read_bytes() == b"keep me"
    # Without -y the existing file alone is the error, found before reading.
    r = encode("raw_3frames.nv12", "--size", f"{W}x{H}", "--format", "nv12", "-o", "r.jpg",
               cwd=tmp_path)
    assert r.returncode == 1 and "exists" in r.stderr and "--overwrite" in r.stderr, r.stderr
    assert (tmp_path / "r.jpg").read_bytes() == b"keep me"
    assert files(tmp_path) == ["r.jpg", "raw_3frames.nv12"]


def test_raw_frames_into_a_directory_or_pattern_are_all_encoded(tmp_path):
    frames = lumas(3)
    write_nv12(tmp_path / "raw_3frames.nv12", frames)
    raw = ["raw_3frames.nv12", "--size", f"{W}x{H}", "--format", "nv12"]
    r = encode(*raw, "-o", "rdir", cwd=tmp_path)
    assert r.returncode == 0 and summary_count(r.stdout) == 3, r.stderr
    names = files(tmp_path / "rdir")
    assert names == [f"raw_3frames_{i:05d}.jpg" for i in range(3)]
    assert [frame_of(tmp_path / "rdir" / n, frames) for n in names] == [0, 1, 2]
    r = encode(*raw, "-o", "p_%d.jpg", cwd=tmp_path)
    assert r.returncode == 0 and summary_count(r.stdout) == 3, r.stderr
    assert [frame_of(tmp_path / f"p_{i}.jpg", frames) for i in range(3)] == [0, 1, 2]


@pytest.mark.parametrize("extra", [["-o", "d", "--channels", "2"], ["-o", "e.jpg"],
                                   ["-o", "d"]])
def test_input_without_frames_is_an_error(tmp_path, extra):
    (tmp_path / "empty.yuv").write_bytes(b"")
    r = encode("empty.yuv", "--size", "16x8", "--format", "nv12", *extra, cwd=tmp_path)
    assert r.returncode == 1 and "empty.yuv" in r.stderr, r.stderr
    assert "encoded 0 pictures" not in r.stdout
    assert not (tmp_path / "e.jpg").exists() and not list(tmp_path.glob("d/*"))


def test_video_without_frames_is_an_error(tmp_path):
    write_y4m(tmp_path / "v.y4m", lumas(2))
    (tmp_path / "none.y4m").write_bytes(b"YUV4MPEG2 W32 H16 F25:1 Ip A1:1 C420jpeg\n")
    r = encode("v.y4m", "none.y4m", "-o", "d", "--channels", "2", cwd=tmp_path)
    assert r.returncode == 1 and "none.y4m" in r.stderr and "holds no frame" in r.stderr, r.stderr
    # What was encoded before the empty input is written, and counted.
    assert files(tmp_path / "d") == ["v_00000.jpg", "v_00001.jpg"]
    assert summary_count(r.stdout) == 2


@pytest.mark.parametrize("kind", ["png", "y4m"])
def test_inputs_from_different_folders_mirror_their_paths(tmp_path, kind):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        if kind == "png":
            write_png(tmp_path / d / "x.png", smooth_image())
        else:
            write_y4m(tmp_path / d / "x.y4m", lumas(2))
    r = encode(f"a/x.{kind}", f"b/x.{kind}", "-o", "outdir", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    names = ["x.jpg"] if kind == "png" else ["x_00000.jpg", "x_00001.jpg"]
    for d in ("a", "b"):
        assert files(tmp_path / "outdir" / d) == names
    # The same file twice would write the same outputs: a usage error, before any work.
    r = encode(f"a/x.{kind}", f"a/x.{kind}", "-o", "outdir2", cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    path = "outdir2/x.jpg"
    assert f"a/x.{kind}" in r.stderr and path in r.stderr and "would both be written" in r.stderr
    assert not (tmp_path / "outdir2").exists()  # refused before anything was made


def test_output_that_is_an_input_is_refused(tmp_path):
    write_png(tmp_path / "x.png", smooth_image())
    assert encode("x.png", "-o", "x.jpg", cwd=tmp_path).returncode == 0
    original = (tmp_path / "x.jpg").read_bytes()
    for args in (["x.jpg", "-o", "x.jpg"], ["x.jpg", "-o", "./x.jpg", "--channels", "1"],
                 ["x.jpg", "-o", ".", "-y"], ["x.jpg", "-o", "./", "-y"],
                 ["x.jpg", "-o", "x_%d.jpg", "-y"]):
        (tmp_path / "x_0.jpg").unlink(missing_ok=True)
        if "x_%d.jpg" in args:
            (tmp_path / "x_0.jpg").hardlink_to(tmp_path / "x.jpg")
        r = encode(*args, cwd=tmp_path)
        assert r.returncode == 1 and "is the input file" in r.stderr, (args, r.stderr)
        assert (tmp_path / "x.jpg").read_bytes() == original, args


# --- Finding 11: what -o names ------------------------------------------------------

def test_jpg_name_with_video_input(tmp_path):
    frames = lumas(3)
    write_y4m(tmp_path / "clip.y4m", frames)
    write_y4m(tmp_path / "one.y4m", frames[2:])
    r = encode("clip.y4m", "-o", "out.jpg", cwd=tmp_path)
    assert r.returncode == 1 and "holds 3 frames" in r.stderr and "out_%05d.jpg" in r.stderr
    assert not (tmp_path / "out.jpg").exists()  # no directory named out.jpg
    (tmp_path / "out.jpg").write_bytes(b"mine")
    r = encode("clip.y4m", "-o", "out.jpg", "-y", cwd=tmp_path)
    assert r.returncode == 1 and "holds 3 frames" in r.stderr
    assert "filesystem" not in r.stderr and (tmp_path / "out.jpg").read_bytes() == b"mine"
    # One frame to a .jpg name: that file.
    r = encode("one.y4m", "-o", "out.jpg", "-y", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert frame_of(tmp_path / "out.jpg", frames) == 2
    # A file where a directory is needed: a clear error, not a filesystem exception.
    (tmp_path / "plain").write_bytes(b"x")
    r = encode("clip.y4m", "-o", "plain/", cwd=tmp_path)
    assert r.returncode == 2 and "is an existing file" in r.stderr
    assert "filesystem" not in r.stderr


@pytest.mark.parametrize("option", [["--channels", "-1"], ["--channels", "257"],
                                    ["--workers", "-1"], ["--workers", "100000"],
                                    ["-q", "0"], ["-q", "101"], ["--restart", "-1"],
                                    ["--restart", "70000"], ["--threads", "-2"]])
@pytest.mark.parametrize("source", ["png", "y4m"])
def test_out_of_range_options_are_refused(tmp_path, option, source):
    if source == "png":
        write_png(tmp_path / "in.png", smooth_image())
    else:
        write_y4m(tmp_path / "in.y4m", lumas(2))
    r = encode(f"in.{source}", "-o", "out", *option, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert f"{option[0]} {option[1]} is out of range" in r.stderr
    assert files(tmp_path) == [f"in.{source}"]


# --- Finding 8: an existing output survives a failed write ---------------------------

def limit_file_size():
    # Writes past 64 KB fail with EFBIG (SIGXFSZ ignored) instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))


@pytest.mark.parametrize("extra", [[], ["--channels", "1"]])
def test_existing_output_kept_when_the_write_fails(tmp_path, extra):
    rng = np.random.default_rng(3)
    write_png(tmp_path / "noise.png", rng.integers(0, 256, (256, 256, 3), dtype=np.uint8))
    keep = b"an older picture\n" * 100
    (tmp_path / "keep.jpg").write_bytes(keep)
    r = encode("noise.png", "-o", "keep.jpg", "-q", "95", "-y", *extra, cwd=tmp_path,
               preexec_fn=limit_file_size)
    assert r.returncode == 1 and "keep.jpg" in r.stderr, r.stderr
    assert (tmp_path / "keep.jpg").read_bytes() == keep
    assert files(tmp_path) == ["keep.jpg", "noise.png"]  # no temporary file left


@pytest.mark.parametrize("extra", [[], ["--channels", "1"]])
def test_write_to_a_link_to_dev_full_fails(tmp_path, extra):
    write_png(tmp_path / "in.png", smooth_image())
    (tmp_path / "full.jpg").symlink_to("/dev/full")
    r = encode("in.png", "-o", "full.jpg", *extra, cwd=tmp_path)
    assert r.returncode == 1 and "full.jpg" in r.stderr and "No space" in r.stderr, r.stderr
    assert os.readlink(tmp_path / "full.jpg") == "/dev/full"


def test_missing_input_is_found_before_encoding(tmp_path):
    write_png(tmp_path / "a.png", smooth_image())
    (tmp_path / "sub").mkdir()
    for bad, why in (("missing.png", "does not exist"), ("sub", "holds no files")):
        r = encode("a.png", bad, "-o", "outdir", cwd=tmp_path)
        assert r.returncode == 2 and f"'{bad}' {why}" in r.stderr, r.stderr
        assert not (tmp_path / "outdir").exists()
