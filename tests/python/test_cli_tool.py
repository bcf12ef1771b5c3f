"""The CLI as a tool (issue 18): each bad case of the issue reproduced and now correct,
inputs of every kind (folders, @lists, stdin, videos with frame selection checked against
ffprobe), --keep-going and --report over the mate photos, thumbnails, EXIF orientation,
exit codes. Runs the built CLI (FRAMEKIT_CLI); never skips."""
import io
import json
import os
import pathlib
import pty
import re
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

from conftest import CLI

MATE = pathlib.Path("/usr/share/backgrounds/mate/nature")


def fk(*args, cwd=None, stdin=None, text=True):
    return subprocess.run([str(CLI), *map(str, args)], cwd=cwd, input=stdin, capture_output=True,
                          text=text, timeout=120)


def listing(folder):
    folder = pathlib.Path(folder)
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-v", "error", "-y", *map(str, args)], check=True)


def gradient(w=64, h=48):
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 255 // w, y * 255 // h, (x + y) * 255 // (w + h)], -1).astype(np.uint8)


def write_png(path, rgb):
    Image.fromarray(rgb).save(path)


def decode(path_or_bytes):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else pathlib.Path(path_or_bytes).read_bytes()
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """H.264 MP4 and VP9 WebM, 64x48, 4 s at 10 fps, a keyframe every 10 frames; frame N
    a flat gray of luma 16 + 5 N (so any frame is recognised by its mean)."""
    folder = tmp_path_factory.mktemp("clips")
    src = "nullsrc=s=64x48:r=10:d=4,format=yuv420p,geq=lum='16+5*N':cb=128:cr=128"
    made = {}
    for name, codec in (("clip.mp4", ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "10",
                                      "-keyint_min", "10", "-sc_threshold", "0", "-qp", "0"]),
                        ("clip.webm", ["-c:v", "libvpx-vp9", "-g", "10", "-lossless", "1",
                                       "-pix_fmt", "yuv420p"])):
        ffmpeg("-f", "lavfi", "-i", src, *codec, folder / name)
        made[name] = folder / name
    return made


def probe_frames(path):
    """(pts_time, key_frame) of every frame, as ffprobe says."""
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "frame=pts_time,best_effort_timestamp_time,key_frame", "-of", "json", str(path)],
                         capture_output=True, check=True, text=True).stdout
    frames = []
    for f in json.loads(out)["frames"]:
        t = f.get("pts_time", f.get("best_effort_timestamp_time"))
        frames.append((float(t), int(f["key_frame"])))
    return sorted(frames)


def frame_numbers(folder):
    """The source frame index of each JPEG in a folder, by its gray level: limited-range
    luma 16 + 5 N, full range in the JPEG."""
    out = []
    for name in sorted(os.listdir(folder)):
        luma = np.asarray(decode(pathlib.Path(folder) / name).convert("L"), np.float64).mean()
        out.append(int(round((luma * 219 / 255) / 5)))
    return out


# --- Exit codes --------------------------------------------------------------------------

def test_argument_errors_exit_2_and_failures_exit_1(tmp_path):
    write_png(tmp_path / "a.png", gradient())
    for args in (["encode", "a.png"],                      # -o missing (CLI11)
                 ["encode", "a.png", "-o", "b.jpg", "--bogus"],
                 ["encode", "a.png", "-o", "b.jpg", "-q", "abc"],
                 ["encode", "a.png", "-o", "b.jpg", "-q", "0"],
                 ["convert", "a.png", "-o", "b.png", "--format", "nv13"],
                 ["encode", "a.png", "-o", "b.jpg", "--size", "0x5"],
                 ["encode", "a.png", "-o", "b.jpg", "--filter", "sharpest"],
                 ["nosuchcommand"]):
        r = fk(*args, cwd=tmp_path)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        assert r.stderr.strip(), args
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    r = fk("encode", "bad.png", "-o", "b.jpg", cwd=tmp_path)
    assert r.returncode == 1 and "bad.png" in r.stderr
    assert fk("encode", "--help").returncode == 0
    assert listing(tmp_path) == ["a.png", "bad.png"]


# --- The bad cases -----------------------------------------------------------------

def test_mp4_given_as_raw_is_refused_and_read_as_video_without_raw_options(tmp_path, clips):
    mp4 = clips["clip.mp4"]
    r = fk("encode", mp4, "--size", "64x48", "--format", "nv12", "-o", tmp_path / "x.jpg")
    assert r.returncode == 1 and "MP4" in r.stderr and "not raw planes" in r.stderr, r.stderr
    assert listing(tmp_path) == []
    r = fk("encode", mp4, "--frames", "3", "-o", tmp_path / "v/")
    assert r.returncode == 0, r.stderr
    assert listing(tmp_path / "v") == ["clip_00000.jpg", "clip_00001.jpg", "clip_00002.jpg"]
    assert frame_numbers(tmp_path / "v") == [0, 1, 2]


@pytest.mark.parametrize("command", ["encode", "convert"])
@pytest.mark.parametrize("name", ["out.webp", "out.tif", "out.bmp"])
def test_unknown_output_extension_is_an_error_before_any_work(tmp_path, command, name):
    write_png(tmp_path / "a.png", gradient())
    r = fk(command, "a.png", "-o", name, cwd=tmp_path)
    assert r.returncode == 2 and name in r.stderr and "extension" in r.stderr, r.stderr
    assert listing(tmp_path) == ["a.png"]


def test_same_name_from_different_folders_and_same_file_twice(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        write_png(tmp_path / d / "img.png", gradient() // (2 if d == "a" else 1))
    r = fk("encode", "a/img.png", "b/img.png", "-o", "out/", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert listing(tmp_path / "out") == ["a/img.jpg", "b/img.jpg"]
    a, b = (np.asarray(decode(tmp_path / "out" / d / "img.jpg")) for d in ("a", "b"))
    assert abs(a.mean() * 2 - b.mean()) < 4  # each from its own input
    r = fk("encode", "a/img.png", "a/img.png", "-o", "twice/", cwd=tmp_path)
    assert r.returncode == 2 and "would both be written" in r.stderr, r.stderr
    assert not (tmp_path / "twice").exists()


def test_one_file_name_with_many_pictures(tmp_path, clips):
    write_png(tmp_path / "a.png", gradient())
    write_png(tmp_path / "b.png", gradient())
    r = fk("encode", "a.png", "b.png", "-o", "x.jpg", cwd=tmp_path)
    assert r.returncode == 2 and "names one file" in r.stderr and "%05d" in r.stderr, r.stderr
    r = fk("encode", clips["clip.mp4"], "-o", "x.jpg", cwd=tmp_path)
    assert r.returncode == 1 and "more than one picture" in r.stderr, r.stderr
    assert listing(tmp_path) == ["a.png", "b.png"]  # no folder named x.jpg, no file
    r = fk("encode", clips["clip.mp4"], "--ss", "1", "--frames", "1", "-o", "x.jpg", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    luma = np.asarray(decode(tmp_path / "x.jpg").convert("L"), float).mean()
    assert round(luma * 219 / 255 / 5) == 10  # the frame at 1 s


def test_pattern_of_a_raw_file_gives_each_frame_its_name(tmp_path):
    w, h = 32, 16
    frames = [bytes([40 + 60 * i]) * (w * h) + bytes([128]) * (w * h // 2) for i in range(3)]
    (tmp_path / "in.yuv").write_bytes(b"".join(frames))
    r = fk("encode", "in.yuv", "--size", f"{w}x{h}", "--format", "nv12", "-o", "frame_%05d.jpg",
           cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert listing(tmp_path) == ["frame_00000.jpg", "frame_00001.jpg", "frame_00002.jpg", "in.yuv"]
    for i in range(3):
        luma = np.asarray(decode(tmp_path / f"frame_{i:05d}.jpg").convert("L"), float).mean()
        assert abs(luma - (40 + 60 * i - 16) * 255 / 219) < 2, (i, luma)


def test_truncated_y4m_over_an_existing_output_leaves_it_alone(tmp_path):
    w, h = 16, 8
    frame = b"FRAME\n" + bytes(w * h * 3 // 2)
    clip = b"YUV4MPEG2 W16 H8 F25:1 Ip A1:1 C420jpeg\n" + frame * 3
    (tmp_path / "trunc.y4m").write_bytes(clip[:-20])
    (tmp_path / "keep.y4m").write_bytes(b"the older clip")
    for extra in ([], ["-y"], ["-n"]):
        r = fk("convert", "trunc.y4m", "-o", "keep.y4m", *extra, cwd=tmp_path)
        assert (tmp_path / "keep.y4m").read_bytes() == b"the older clip", extra
        assert listing(tmp_path) == ["keep.y4m", "trunc.y4m"], extra  # no temporary left
        if extra == ["-n"]:
            assert r.returncode == 0, r.stderr  # kept, nothing done
        else:
            assert r.returncode == 1 and ("exists" if not extra else "trunc.y4m") in r.stderr, r.stderr


def test_unwritable_output_folder(tmp_path):
    write_png(tmp_path / "a.png", gradient())
    for out, message in (("/proc/framekit_no/x.jpg", "does not exist"),
                         ("/proc/framekit_no/", "cannot create the output folder"),
                         ("/proc/framekit_%03d.jpg", "cannot create '/proc/framekit_000.jpg'"),
                         ("a.png/x.jpg", "does not exist")):
        r = fk("encode", "a.png", "-o", out, cwd=tmp_path)
        assert r.returncode == 1 and message in r.stderr, (out, r.stderr)
    assert listing(tmp_path) == ["a.png"]


def test_overwrite_and_no_clobber(tmp_path):
    write_png(tmp_path / "a.png", gradient())
    write_png(tmp_path / "b.png", gradient()[::-1].copy())
    assert fk("encode", "a.png", "b.png", "-o", "out/", cwd=tmp_path).returncode == 0
    before = (tmp_path / "out" / "a.jpg").read_bytes()
    (tmp_path / "out" / "a.jpg").write_bytes(b"mine")
    r = fk("encode", "a.png", "b.png", "-o", "out/", cwd=tmp_path)
    assert r.returncode == 1 and "a.jpg' exists" in r.stderr and "-y" in r.stderr
    assert (tmp_path / "out" / "a.jpg").read_bytes() == b"mine"
    r = fk("encode", "a.png", "b.png", "-o", "out/", "-n", "--report", "r.jsonl", cwd=tmp_path)
    assert r.returncode == 0 and (tmp_path / "out" / "a.jpg").read_bytes() == b"mine"
    lines = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert lines[0]["kept"] == [str(pathlib.Path("out") / "a.jpg")] and lines[0]["outputs"] == []
    r = fk("encode", "a.png", "b.png", "-o", "out/", "-y", cwd=tmp_path)
    assert r.returncode == 0 and (tmp_path / "out" / "a.jpg").read_bytes() == before
    assert fk("encode", "a.png", "-o", "x.jpg", "-y", "-n", cwd=tmp_path).returncode == 2


# --- Inputs ----------------------------------------------------------------------------------

def test_folders_recursion_and_manifests(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    write_png(tmp_path / "in" / "one.png", gradient())
    write_png(tmp_path / "in" / "sub" / "two.png", gradient())
    (tmp_path / "in" / ".hidden.png").write_bytes(b"not read")
    r = fk("encode", "in", "-o", "flat/", cwd=tmp_path)
    assert r.returncode == 0 and listing(tmp_path / "flat") == ["one.jpg"], r.stderr
    r = fk("encode", "in", "-r", "-o", "deep/", cwd=tmp_path)
    assert r.returncode == 0 and listing(tmp_path / "deep") == ["one.jpg", "sub/two.jpg"], r.stderr
    (tmp_path / "list.txt").write_text("# pictures\nin/one.png\n\n  in/sub/two.png\n")
    r = fk("encode", "@list.txt", "-o", "listed/", cwd=tmp_path)
    assert r.returncode == 0 and listing(tmp_path / "listed") == ["one.jpg", "sub/two.jpg"], r.stderr
    (tmp_path / "empty.txt").write_text("# nothing\n")
    assert fk("encode", "@empty.txt", "-o", "e/", cwd=tmp_path).returncode == 2


def test_stdin_to_stdout_is_sniffed(tmp_path):
    photo = (MATE / "Aqua.jpg").read_bytes()
    r = subprocess.run(f"cat {MATE / 'Aqua.jpg'} | '{CLI}' convert - -o - --size 320x > t.png",
                       shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    im = decode(tmp_path / "t.png")
    assert im.format == "PNG" and im.size[0] == 320
    ref = Image.open(io.BytesIO(photo)).convert("RGB").resize(im.size, Image.BOX)
    assert np.abs(np.asarray(im, float) - np.asarray(ref, float)).mean() < 3
    r = fk("encode", "-", "-o", "-", "-q", "90", stdin=photo, text=False)
    assert r.returncode == 0 and decode(r.stdout).size == Image.open(io.BytesIO(photo)).size
    # Raw from stdin needs its size and format.
    raw = bytes(np.full(16 * 8 * 3 // 2, 128, np.uint8))
    r = fk("encode", "-", "-o", "-", stdin=raw, text=False)
    assert r.returncode == 1 and b"--in-size" in r.stderr
    r = fk("encode", "-", "--in-size", "16x8", "--in-format", "nv12", "-o", "-", stdin=raw, text=False)
    assert r.returncode == 0 and decode(r.stdout).size == (16, 8)


@pytest.mark.parametrize("name", ["clip.mp4", "clip.webm"])
def test_video_frame_selection_matches_ffprobe(tmp_path, clips, name):
    clip = clips[name]
    frames = probe_frames(clip)
    times = [t for t, _ in frames]
    assert len(times) == 40

    def run(*args):
        out = tmp_path / ("o%d" % len(list(tmp_path.iterdir())))
        r = fk("encode", clip, *args, "-o", f"{out}/")
        assert r.returncode == 0, (args, r.stderr)
        return frame_numbers(out)

    expect = [i for i, t in enumerate(times) if 1.0 <= t < 2.5]
    assert run("--ss", "1", "--to", "2.5") == expect
    assert run("--ss", "1", "-t", "1.5") == expect
    assert run("--ss", "0:01.5", "--frames", "4") == [i for i, t in enumerate(times) if t >= 1.5][:4]
    assert run("--every", "7") == list(range(0, 40, 7))
    assert run("--keyframes") == [i for i, (_, key) in enumerate(frames) if key]
    # --fps 2: the fps filter's slots, each the last frame at or before it.
    got = run("--fps", "2")
    t0 = times[0]
    slots = {}
    for i, t in enumerate(times):
        slots[int(np.floor((t - t0) * 2 + 0.5))] = i
    expect_fps = [max(i for s, i in slots.items() if s <= k) for k in range(max(slots) + 1)]
    assert got == expect_fps


# --- encode's options ------------------------------------------------------------------------

def test_encode_scales_and_converts_deep_formats(tmp_path):
    img16 = (gradient().astype(np.uint16) * 257)
    Image.fromarray(img16[..., 0]).save(tmp_path / "g16.png")   # 16-bit gray
    with open(tmp_path / "rgb48.ppm", "wb") as f:
        f.write(b"P6\n64 48\n65535\n" + img16.astype(">u2").tobytes())
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48", "-frames:v", "2", "-pix_fmt", "yuv420p10le",
           "-strict", "-1", tmp_path / "p10.y4m")
    for name in ("g16.png", "rgb48.ppm", "p10.y4m"):
        r = fk("encode", name, "--size", "32x", "-o", "out/", cwd=tmp_path)
        assert r.returncode == 0, (name, r.stderr)
    assert listing(tmp_path / "out") == ["g16.jpg", "p10_00000.jpg", "p10_00001.jpg", "rgb48.jpg"]
    assert decode(tmp_path / "out" / "rgb48.jpg").size == (32, 24)
    ref = Image.fromarray(gradient()).resize((32, 24), Image.BOX)
    got = decode(tmp_path / "out" / "rgb48.jpg").convert("RGB")
    assert np.abs(np.asarray(got, float) - np.asarray(ref, float)).mean() < 4
    r = fk("encode", "rgb48.ppm", "--size", "x12", "--filter", "nearest", "-o", "n.jpg", cwd=tmp_path)
    assert r.returncode == 0 and decode(tmp_path / "n.jpg").size == (16, 12), r.stderr


def exif_with_orientation(value):
    ex = Image.Exif()
    ex[0x0112] = value
    return ex.tobytes()


def test_orientation_6_comes_out_upright_and_metadata_is_kept(tmp_path):
    stored = gradient(64, 32)  # landscape as stored; orientation 6 shows it portrait
    Image.fromarray(stored).save(tmp_path / "phone.jpg", quality=95, exif=exif_with_orientation(6))
    r = fk("encode", "phone.jpg", "-o", "up.jpg", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    up = decode(tmp_path / "up.jpg")
    assert up.size == (32, 64)
    assert up.getexif().get(0x0112) == 1  # kept, and says upright now
    upright = np.rot90(stored, -1)  # orientation 6: turn 90 degrees clockwise
    assert np.abs(np.asarray(up.convert("RGB"), float) - upright).mean() < 6
    r = fk("encode", "phone.jpg", "-o", "raw.jpg", "--no-auto-orient", "--strip", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    raw = decode(tmp_path / "raw.jpg")
    assert raw.size == (64, 32) and not raw.getexif()
    r = fk("encode", "phone.jpg", "-o", "o.jpg", "-q", "50", "--subsampling", "444", "--optimize",
           "--progressive", "--restart", "2", "--comment", "hello", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    o = decode(tmp_path / "o.jpg")
    assert o.info.get("progressive") and o.info.get("comment") == b"hello"
    assert o.layer[0][1:3] == o.layer[1][1:3] == (1, 1)  # 4:4:4


def test_convert_many_inputs_with_jpeg_options(tmp_path):
    write_png(tmp_path / "a.png", gradient())
    write_png(tmp_path / "b.png", gradient()[::-1].copy())
    r = fk("convert", "a.png", "b.png", "-o", "j/", "--ext", ".jpg", "-q", "95", "--subsampling",
           "444", "--progressive", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert listing(tmp_path / "j") == ["a.jpg", "b.jpg"]
    a = decode(tmp_path / "j" / "a.jpg")
    assert a.info.get("progressive") and a.layer[0][1:3] == (1, 1)
    r95 = (tmp_path / "j" / "a.jpg").stat().st_size
    assert fk("convert", "a.png", "-o", "q30.jpg", "-q", "30", cwd=tmp_path).returncode == 0
    assert (tmp_path / "q30.jpg").stat().st_size < r95


# --- Many inputs -----------------------------------------------------------------------------

def test_keep_going_and_report_over_the_mate_photos(tmp_path):
    photos = tmp_path / "photos"
    shutil.copytree(MATE, photos)
    good = sorted(p.name for p in photos.iterdir())
    assert len(good) >= 10
    (photos / "0broken.jpg").write_bytes((MATE / good[0]).read_bytes()[:3000])
    r = fk("encode", photos, "--size", "160x", "-o", tmp_path / "out/", "--keep-going",
           "--report", tmp_path / "r.jsonl")
    assert r.returncode == 1, r.stderr
    assert "0broken.jpg" in r.stderr and r.stderr.count("error:") == 1
    assert listing(tmp_path / "out") == sorted(n.replace(".jpg", ".jpg") for n in good)
    assert f"{len(good)} pictures from {len(good) + 1} input(s)" in r.stdout and "1 failed" in r.stdout
    lines = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [pathlib.Path(x["input"]).name for x in lines] == sorted(good + ["0broken.jpg"])
    for x in lines:
        if x["input"].endswith("0broken.jpg"):
            assert x["status"] == "failed" and x["outputs"] == [] and "0broken.jpg" in x["error"]
        else:
            assert x["status"] == "ok" and x["error"] is None and len(x["outputs"]) == 1
            assert x["bytes"] == pathlib.Path(x["outputs"][0]).stat().st_size > 0
            assert x["seconds"] >= 0 and decode(x["outputs"][0]).size[0] == 160
    # Without --keep-going: stops at the first failure (0broken.jpg sorts first).
    r = fk("encode", photos, "--size", "160x", "-o", tmp_path / "stop/")
    assert r.returncode == 1 and "stopped at the first failure" in r.stdout
    assert not (tmp_path / "stop").exists() or listing(tmp_path / "stop") == []


# --- thumbnail -------------------------------------------------------------------------------

def test_thumbnail_images_and_videos(tmp_path, clips):
    r = fk("thumbnail", MATE / "Aqua.jpg", MATE / "Dune.jpg", "-s", "200", "-o", tmp_path / "t/",
           "--ext", ".png")
    assert r.returncode == 0, r.stderr
    for name in ("Aqua.jpg", "Dune.jpg"):
        th = decode(tmp_path / "t" / name.replace(".jpg", ".png"))
        full = Image.open(MATE / name)
        assert max(th.size) == 200
        assert abs(th.size[0] / th.size[1] - full.size[0] / full.size[1]) < 0.02
        # Pillow's pipeline, which thumbnail() follows: TurboJPEG's decode at the DCT
        # scale that leaves the filter a factor of 2 (djpeg -scale k/8), then LANCZOS.
        k = min(k for k in range(1, 9) if -(-full.size[0] * k // 8) >= 2 * th.size[0]
                and -(-full.size[1] * k // 8) >= 2 * th.size[1])
        scaled = subprocess.run(["djpeg", "-scale", f"{k}/8", "-ppm", str(MATE / name)],
                                stdout=subprocess.PIPE, check=True).stdout
        ref = Image.open(io.BytesIO(scaled)).resize(th.size, Image.LANCZOS, reducing_gap=None)
        diff = np.abs(np.asarray(th.convert("RGB"), int) - np.asarray(ref, int))
        assert diff.max() <= 1, (name, k, diff.max(), diff.mean())
    r = fk("thumbnail", MATE / "Aqua.jpg", "-s", "200", "-o", tmp_path / "aqua.jpg")
    assert r.returncode == 0 and decode(tmp_path / "aqua.jpg").size == (200, 125), r.stderr
    # The kind follows the file's own extension, not the folder default (.jpg).
    r = fk("thumbnail", MATE / "Aqua.jpg", "-s", "200", "-o", tmp_path / "aqua.png")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "aqua.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = fk("thumbnail", MATE / "Aqua.jpg", "-s", "100x40", "-o", tmp_path / "box.png")
    assert r.returncode == 0 and decode(tmp_path / "box.png").size[1] == 40, r.stderr
    clip = clips["clip.mp4"]
    times = [t for t, _ in probe_frames(clip)]
    r = fk("thumbnail", clip, "--interval", "1", "-s", "32", "-o", tmp_path / "i/")
    assert r.returncode == 0, r.stderr
    assert frame_numbers(tmp_path / "i") == [0, 10, 20, 30, 39][:len(listing(tmp_path / "i"))]
    assert decode(tmp_path / "i" / "clip_00000.jpg").size == (32, 24)
    r = fk("thumbnail", clip, "--count", "4", "-o", tmp_path / "c/")
    assert r.returncode == 0, r.stderr
    got = frame_numbers(tmp_path / "c")
    assert len(got) == 4 and got == sorted(got)
    for k, i in enumerate(got):  # the middles of four equal parts
        assert abs(times[i] - 4 * (k + 0.5) / 4) <= 0.1 + 1e-9, (k, i)
    r = fk("thumbnail", clip, "--keyframes", "-o", tmp_path / "k_%02d.jpg")
    assert r.returncode == 0, r.stderr
    r = fk("thumbnail", clip, "--count", "2", "-s", "32", "-o", tmp_path / "p_%02d.png")
    assert r.returncode == 0, r.stderr
    for f in ("p_00.png", "p_01.png"):
        assert (tmp_path / f).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.glob("k_*.jpg")) == ["k_00.jpg", "k_01.jpg", "k_02.jpg", "k_03.jpg"]


# --- Feedback --------------------------------------------------------------------------------

@pytest.mark.parametrize("command,options", [
    ("encode", ["-q", "--size", "--filter", "--subsampling", "--optimize", "--progressive",
                "--restart", "--comment", "--strip", "--no-auto-orient", "--exif", "--icc",
                "--density", "--channels"]),
    ("convert", ["-q", "--size", "--filter", "--format", "--subsampling", "--progressive",
                 "--strip", "--ext"]),
    ("thumbnail", ["-s", "--interval", "--count", "--keyframes", "-q", "--ext"]),
])
def test_help_of_every_subcommand_is_complete(command, options):
    r = fk(command, "--help")
    assert r.returncode == 0
    common = ["-o", "-r", "--overwrite", "--no-clobber", "--keep-going", "--report", "--ss",
              "--to", "--duration", "--every", "--fps", "--frames", "--in-size", "--in-format",
              "--max-pixels"]
    for option in options + common:
        assert re.search(r"(^|[ ,])%s[ ,=]" % re.escape(option), r.stdout, flags=re.M), (command, option)
    for kind in ("JPEG", "PNG", "Y4M", "MP4", "@list.txt", "stdin"):
        assert kind in r.stdout, (command, kind)


def test_progress_bar_on_a_terminal_only(tmp_path):
    for i in range(3):
        write_png(tmp_path / f"p{i}.png", gradient())
    master, slave = pty.openpty()
    try:
        p = subprocess.run([str(CLI), "encode", "p0.png", "p1.png", "p2.png", "-o", "tty/"],
                           cwd=tmp_path, stdout=subprocess.PIPE, stderr=slave, timeout=60)
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    assert p.returncode == 0
    assert b"3/3 inputs" in shown and b"[###" in shown, shown
    assert b"encoded 3 pictures from 3 input(s)" in p.stdout and b"0 failed" in p.stdout
    r = fk("encode", "p0.png", "p1.png", "-o", "pipe/", cwd=tmp_path)
    assert r.returncode == 0 and "inputs" not in r.stderr  # not a terminal: no bar


def test_video_on_stdin_and_icc_kept(tmp_path, clips):
    r = fk("encode", "-", "--frames", "2", "-o", tmp_path / "v/", stdin=clips["clip.mp4"].read_bytes(),
           text=False)
    assert r.returncode == 0, r.stderr
    assert listing(tmp_path / "v") == ["stdin_00000.jpg", "stdin_00001.jpg"]
    assert frame_numbers(tmp_path / "v") == [0, 1]
    assert not list(pathlib.Path(os.environ.get("TMPDIR", "/tmp")).glob("framekit-stdin-*"))
    profile = bytearray(3000)
    profile[0:4] = (3000).to_bytes(4, "big")
    profile[36:40] = b"acsp"
    Image.fromarray(gradient()).save(tmp_path / "icc.jpg", icc_profile=bytes(profile))
    for command, out in (("encode", "e.jpg"), ("convert", "c.jpg"), ("thumbnail", "t.jpg"),
                         ("convert", "c.png")):
        r = fk(command, "icc.jpg", "-o", out, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert decode(tmp_path / out).info.get("icc_profile") == bytes(profile), (command, out)
    r = fk("encode", "icc.jpg", "-o", "s.jpg", "--strip", cwd=tmp_path)
    assert r.returncode == 0 and "icc_profile" not in decode(tmp_path / "s.jpg").info


def test_frame_selection_of_a_y4m_sequence(tmp_path):
    w, h = 16, 8
    frames = [bytes([16 + 5 * i]) * (w * h) + bytes([128]) * (w * h // 2) for i in range(20)]
    (tmp_path / "s.y4m").write_bytes(b"YUV4MPEG2 W16 H8 F10:1 Ip A1:1 C420mpeg2\n"
                                     + b"".join(b"FRAME\n" + f for f in frames))
    r = fk("encode", "s.y4m", "--ss", "0.5", "--to", "1.2", "-o", "a/", cwd=tmp_path)
    assert r.returncode == 0 and frame_numbers(tmp_path / "a") == [5, 6, 7, 8, 9, 10, 11], r.stderr
    r = fk("encode", "s.y4m", "--every", "6", "--frames", "3", "-o", "b/", cwd=tmp_path)
    assert r.returncode == 0 and frame_numbers(tmp_path / "b") == [0, 6, 12], r.stderr
    r = fk("thumbnail", "s.y4m", "--interval", "0.7", "-o", "c/", cwd=tmp_path)
    assert r.returncode == 0 and frame_numbers(tmp_path / "c") == [0, 7, 14], r.stderr
    for args in (["encode", "--fps", "2"], ["encode", "--keyframes"], ["thumbnail", "--count", "2"]):
        r = fk(args[0], "s.y4m", *args[1:], "-o", "d/", cwd=tmp_path)
        assert r.returncode == 2 and "apply to videos" in r.stderr, (args, r.stderr)


def test_bench_cli_script_races_the_other_tools(tmp_path):
    """scripts/bench_cli.py (the README's whole-process figures) runs and prints ratios."""
    script = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "bench_cli.py"
    r = subprocess.run(["/usr/bin/python3", str(script), "--cli", str(CLI), "--rounds", "1",
                        "--only", "photos", "--work", str(tmp_path)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    assert r.returncode == 0, r.stdout
    assert re.search(r"vipsthumbnail / framekit \d+\.\d+x", r.stdout), r.stdout
    assert re.search(r"mogrify / framekit \d+\.\d+x", r.stdout), r.stdout
