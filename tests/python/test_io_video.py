"""framekit.io.VideoReader against ffprobe (-show_frames / -show_streams, JSON) and
ffmpeg's own decode of videos made here with ffmpeg's lavfi test source: H.264 and
MPEG-4 Part 2 in MP4, VP9 in WebM, MJPEG in AVI, 10-bit H.264 in MKV."""
import json
import math
import os
import subprocess
import threading
from fractions import Fraction

import numpy as np
import pytest

import framekit
import framekit.io as fio

# Debian's ffmpeg has every encoder used here; a missing one fails (ffmpeg errors), it
# is never skipped.
CASES = {
    "h264_mp4": (".mp4", ["-c:v", "libx264", "-preset", "ultrafast", "-g", "12", "-bf", "2",
                          "-pix_fmt", "yuv420p"]),
    "mpeg4_mp4": (".mp4", ["-c:v", "mpeg4", "-g", "12", "-bf", "2", "-q:v", "4",
                           "-pix_fmt", "yuv420p"]),
    "vp9_webm": (".webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
                           "-g", "12", "-b:v", "300k", "-pix_fmt", "yuv420p"]),
    "mjpeg_avi": (".avi", ["-c:v", "mjpeg", "-q:v", "4", "-pix_fmt", "yuvj420p"]),
    # 10-bit samples and a container that does not count frames.
    "h264_10bit_mkv": (".mkv", ["-c:v", "libx264", "-preset", "ultrafast", "-g", "12",
                                "-pix_fmt", "yuv420p10le"]),
}


def make_video(path, encode, size="320x240", rate=25, seconds=2.0, extra=()):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size={size}:rate={rate}:duration={seconds}", *encode, *extra,
                    str(path)], check=True)
    return str(path)


def ffprobe(path, *args):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-of", "json",
                          *args, path], check=True, capture_output=True).stdout
    return json.loads(out)


def probe_frames(path, *options):
    return ffprobe(path, *options, "-show_frames")["frames"]


@pytest.fixture(scope="module")
def videos(tmp_path_factory):
    d = tmp_path_factory.mktemp("videos")
    return {name: make_video(d / (name + ext), enc) for name, (ext, enc) in CASES.items()}


def planes_bytes(frame):
    """All planes of a frame as tight rows (what ffmpeg -f rawvideo writes)."""
    return b"".join(np.ascontiguousarray(frame.plane(p).numpy()).tobytes()
                    for p in range(frame.nplanes()))


@pytest.mark.parametrize("name", sorted(CASES))
def test_info_matches_ffprobe(videos, name):
    path = videos[name]
    stream = ffprobe(path, "-show_streams")["streams"][0]
    with fio.VideoReader(path) as video:
        info = video.info
    assert (info.width, info.height) == (stream["width"], stream["height"])
    assert info.codec == stream["codec_name"]
    assert info.pixel_format == stream["pix_fmt"]
    assert info.fps == Fraction(stream["avg_frame_rate"])
    assert info.time_base == Fraction(stream["time_base"])
    if "nb_frames" in stream:
        assert info.frame_count == int(stream["nb_frames"])
    else:
        assert info.frame_count is None
    assert info.duration == pytest.approx(2.0, abs=0.05)
    tagged = stream.get("color_space", "unknown")
    if tagged == "unknown":  # untagged: BT.601 below 720 lines
        assert info.color.space == framekit.ColorSpace.kCS_SMPTE170M
        assert info.stream_color.space == framekit.ColorSpace.kCS_UNSPECIFIED
    else:
        assert info.color.space == getattr(framekit.ColorSpace, "kCS_" + tagged.upper())


@pytest.mark.parametrize("name", sorted(CASES))
def test_frames_and_pixels_match_ffmpeg(videos, name):
    path = videos[name]
    frames = probe_frames(path)
    with fio.VideoReader(path, threads=2) as video:
        pix_fmt = video.info.pixel_format
        got = list(video)
        assert video.skipped_packets == 0
    assert [vf.pts for vf in got] == [f["pts"] for f in frames]
    tb = Fraction(ffprobe(path, "-show_streams")["streams"][0]["time_base"])
    assert all(vf.time_base == tb for vf in got)
    raw = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-fps_mode",
                          "passthrough", "-f", "rawvideo", "-pix_fmt", pix_fmt, "-"],
                         check=True, capture_output=True).stdout
    ours = b"".join(planes_bytes(vf.frame()) for vf in got)
    assert ours == raw


def test_rgb_within_one_of_ffmpeg(tmp_path):
    # 4:4:4, so only the matrix is compared (4:2:0 against swscale with the same
    # chroma upsampling: test_io_video_420.py).
    path = make_video(tmp_path / "c444.mp4", ["-c:v", "libx264", "-preset", "ultrafast",
                                               "-pix_fmt", "yuv444p"], seconds=0.4)
    ref = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-fps_mode",
                          "passthrough", "-sws_flags", "accurate_rnd+full_chroma_int+bitexact",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         check=True, capture_output=True).stdout
    with fio.VideoReader(path) as video:
        rgb = [vf.reformat("rgb24").frame().numpy() for vf in video]
    ref_arr = np.frombuffer(ref, np.uint8).reshape(len(rgb), 240, 320, 3)
    assert np.abs(np.stack(rgb).astype(int) - ref_arr.astype(int)).max() <= 1


@pytest.fixture(scope="module")
def clip(videos):
    """The H.264 clip, its frames as ffprobe lists them, and seconds per pts unit."""
    path = videos["h264_mp4"]
    frames = probe_frames(path)
    tb = Fraction(ffprobe(path, "-show_streams")["streams"][0]["time_base"])
    return path, frames, tb


def expected(frames, tb, start=None, end=None, step=1, max_frames=None):
    picked, index = [], 0
    for f in frames:
        t = f["pts"] * tb
        if end is not None and t >= Fraction(end):
            break
        if start is not None and t < Fraction(start):
            continue
        if index % step == 0:
            picked.append(f["pts"])
            if max_frames and len(picked) == max_frames:
                break
        index += 1
    return picked


@pytest.mark.parametrize("opts", [dict(start=0.9), dict(start=1.0), dict(end=1.3),
                                  dict(max_frames=7), dict(step=3),
                                  dict(start=0.5, end=1.7, step=3, max_frames=5)])
def test_selection_matches_ffprobe(clip, opts):
    path, frames, tb = clip
    with fio.VideoReader(path, **opts) as video:
        got = [vf.pts for vf in video]
    assert got == expected(frames, tb, **opts)
    assert got


def test_keyframes_only(clip):
    path, frames, _ = clip
    with fio.VideoReader(path, keyframes_only=True) as video:
        got = [vf.pts for vf in video]
    assert got == [f["pts"] for f in frames if f["key_frame"] == 1]
    assert got == [f["pts"] for f in probe_frames(path, "-skip_frame", "nokey")]
    assert len(got) >= 4


@pytest.mark.parametrize("fps", [10, 12.5, 50, 29.97])
def test_fps_resampling_rule(clip, fps):
    path, frames, tb = clip
    # The rule: slot = round((t - t0) * fps), halves up; slot k shows the last frame at
    # or before it.
    t0 = frames[0]["pts"] * tb
    slots = [math.floor((f["pts"] * tb - t0) * Fraction(str(fps)) + Fraction(1, 2)) for f in frames]
    want = []
    for k in range(slots[-1] + 1):
        want.append(max(i for i, s in enumerate(slots) if s <= k))
    with fio.VideoReader(path, fps=fps) as video:
        got = list(video)
    assert [vf.pts for vf in got] == list(range(len(want)))
    assert all(vf.duration == 1 for vf in got)
    assert all(vf.time_base == 1 / Fraction(str(fps)) for vf in got)
    # Which source frame each slot shows: compare pixels with the unresampled frames.
    with fio.VideoReader(path) as video:
        source = [planes_bytes(vf.frame()) for vf in video]
    assert [source.index(planes_bytes(vf.frame())) for vf in got] == want


def test_len(videos, clip):
    path, frames, _ = clip
    assert len(fio.VideoReader(path)) == len(frames) == 50
    assert len(fio.VideoReader(path, step=3)) == 17
    assert len(fio.VideoReader(path, max_frames=7)) == 7
    assert len(list(fio.VideoReader(path, step=3))) == 17
    with pytest.raises(TypeError, match="select by time"):
        len(fio.VideoReader(path, start=0.5))
    webm = fio.VideoReader(videos["vp9_webm"])
    assert webm.info.frame_count is None
    with pytest.raises(TypeError, match="does not count"):
        len(webm)


def test_context_manager_closes(clip):
    path = clip[0]
    with fio.VideoReader(path) as video:
        first = next(iter(video))
    with pytest.raises(framekit.Error, match="closed"):
        video.read()
    assert first.frame().plane(0).numpy().shape == (240, 320, 1)  # still valid


def test_color_labels(tmp_path):
    tagged = make_video(tmp_path / "tagged.mp4", CASES["h264_mp4"][1], seconds=0.2,
                        extra=["-colorspace", "bt709", "-color_primaries", "bt709",
                               "-color_trc", "bt709"])
    hd = make_video(tmp_path / "hd.mp4", CASES["h264_mp4"][1], size="1280x720", seconds=0.12)
    with fio.VideoReader(tagged) as video:
        assert video.info.stream_color.space == framekit.ColorSpace.kCS_BT709
        assert video.read().frame().pix_info().primaries == framekit.ColorPrimaries.kCP_BT709
    with fio.VideoReader(hd) as video:
        assert video.info.stream_color.space == framekit.ColorSpace.kCS_UNSPECIFIED
        assert video.read().frame().pix_info().space == framekit.ColorSpace.kCS_BT709


def read_with_deadline(path, seconds=60):
    result = {}

    def run():
        try:
            with fio.VideoReader(path) as video:
                result["frames"] = sum(1 for _ in video)
                result["skipped"] = video.skipped_packets
        except framekit.Error as e:
            result["error"] = str(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"{path}: reading did not end within {seconds} s"
    return result


@pytest.mark.parametrize("name", sorted(CASES))
def test_damaged_streams(tmp_path, name):
    ext, enc = CASES[name]
    extra = ["-movflags", "+faststart"] if ext == ".mp4" else []
    data = open(make_video(tmp_path / ("v" + ext), enc, extra=extra), "rb").read()
    cut = tmp_path / ("cut" + ext)
    cut.write_bytes(data[:len(data) // 2])
    r = read_with_deadline(str(cut))
    assert "error" not in r and 5 < r["frames"] < 50
    flipped = bytearray(data)
    mid = len(data) // 2
    for i in range(mid, min(mid + 3000, len(data)), 3):
        flipped[i] ^= 0xA5
    bad = tmp_path / ("flipped" + ext)
    bad.write_bytes(bytes(flipped))
    r = read_with_deadline(str(bad))
    assert ("error" in r and str(bad) in r["error"]) or r["frames"] > 20


def test_paths_that_are_no_video(tmp_path):
    with pytest.raises(framekit.Error, match="no such file"):
        fio.VideoReader(tmp_path / "missing.mp4")
    with pytest.raises(framekit.Error, match="is a directory"):
        fio.VideoReader(tmp_path)
    (tmp_path / "empty.mp4").write_bytes(b"")
    with pytest.raises(framekit.Error, match=r"empty \(0 bytes\)"):
        fio.VideoReader(tmp_path / "empty.mp4")
    (tmp_path / "notes.mp4").write_text("words, not a video\n")
    with pytest.raises(framekit.Error, match="not a video FFmpeg can read"):
        fio.VideoReader(tmp_path / "notes.mp4")
    with pytest.raises(ValueError, match="step"):
        fio.VideoReader(tmp_path / "notes.mp4", step=0)
