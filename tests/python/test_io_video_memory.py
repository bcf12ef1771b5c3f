"""framekit.io.VideoReader over bytes and file objects (the same frames as from the path)
and FFmpeg's log: quiet by default with its errors in the reader's warnings, printed
when FRAMEKIT_FFMPEG_LOG or set_ffmpeg_log_level asks."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import framekit.io as fio


def make_video(path, encode, size="64x48", seconds=0.8, extra=()):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size={size}:rate=25:duration={seconds}", *encode, *extra,
                    str(path)], check=True)
    return str(path)


def frames_of(reader):
    with reader as video:
        return [(vf.pts, b"".join(np.ascontiguousarray(vf.frame().plane(p).numpy()).tobytes()
                                  for p in range(vf.frame().nplanes()))) for vf in video]


@pytest.mark.parametrize("name,encode", [
    ("h264.mp4", ["-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-pix_fmt", "yuv420p"]),
    ("vp9.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"]),
    ("mjpeg.avi", ["-c:v", "mjpeg", "-q:v", "4", "-pix_fmt", "yuvj420p"]),
])
def test_bytes_and_file_objects_read_like_the_path(tmp_path, name, encode):
    path = make_video(tmp_path / name, encode)
    data = open(path, "rb").read()
    expected = frames_of(fio.VideoReader(path, threads=1))
    assert len(expected) == 20
    for source in (data, bytearray(data), memoryview(data)):
        assert frames_of(fio.VideoReader(source, threads=1)) == expected
    with open(path, "rb") as f:
        video = fio.VideoReader(f, threads=1, start=0.4)
        assert video.info.codec == fio.VideoReader(path).info.codec
        assert frames_of(video) == [e for e in expected if e[0] >= expected[10][0]]
    # A copy: changing the buffer afterwards changes nothing.
    buf = bytearray(data)
    video = fio.VideoReader(buf, threads=1)
    buf[:] = bytes(len(buf))
    assert frames_of(video) == expected


def test_bad_bytes_are_clear_errors():
    with pytest.raises(ValueError, match="<memory>: the buffer is empty"):
        fio.VideoReader(b"")
    with pytest.raises(ValueError, match="<memory>"):
        fio.VideoReader(b"not a video at all " * 100)
    with pytest.raises(TypeError, match="binary file object"):
        import io as _io
        fio.VideoReader(_io.StringIO("text"))


DAMAGED_READ = textwrap.dedent("""
    import sys
    import framekit.io as fio
    data = bytearray(open(sys.argv[1], "rb").read())
    for i in range(len(data) // 2, len(data) // 2 + 600, 7):
        data[i] ^= 0x5A
    if len(sys.argv) > 2:
        fio.set_ffmpeg_log_level(sys.argv[2])
    with fio.VideoReader(bytes(data), threads=1) as video:
        n = sum(1 for _ in video)
        print(n, video.skipped_packets)
        for w in video.warnings:
            print(w)
""")


def run_damaged(path, *args, env_level=None):
    env = dict(os.environ)
    env.pop("FRAMEKIT_FFMPEG_LOG", None)
    if env_level is not None:
        env["FRAMEKIT_FFMPEG_LOG"] = env_level
    return subprocess.run([sys.executable, "-c", DAMAGED_READ, path, *args], env=env,
                          capture_output=True, text=True, timeout=120, check=True)


def test_ffmpeg_log_is_quiet_by_default_but_reported(tmp_path):
    path = make_video(tmp_path / "d.mp4", ["-c:v", "libx264", "-preset", "ultrafast",
                                           "-pix_fmt", "yuv420p"], size="160x120",
                      seconds=1, extra=["-movflags", "+faststart"])
    quiet = run_damaged(path)
    assert quiet.stderr == ""
    lines = quiet.stdout.splitlines()
    assert int(lines[0].split()[0]) > 10
    assert any(line.startswith("FFmpeg: h264: ") for line in lines[1:]), quiet.stdout
    # Through the environment, and through the API: FFmpeg's own lines on stderr.
    loud = run_damaged(path, env_level="error")
    assert "[h264 @ " in loud.stderr
    assert loud.stdout == quiet.stdout  # the reader reports the same either way
    assert "[h264 @ " in run_damaged(path, "warning").stderr
    assert run_damaged(path, "quiet", env_level="error").stderr == ""


def test_ffmpeg_log_levels():
    before = fio.ffmpeg_log_level()
    try:
        fio.set_ffmpeg_log_level("warning")
        assert fio.ffmpeg_log_level() == 24
        fio.set_ffmpeg_log_level(16)
        assert fio.ffmpeg_log_level() == 16
        with pytest.raises(ValueError, match="'loud' is unknown"):
            fio.set_ffmpeg_log_level("loud")
        with pytest.raises(ValueError):
            fio.set_ffmpeg_log_level(99)
    finally:
        fio.set_ffmpeg_log_level(before)
