"""framekit.io.VideoWriter and BMF's hmp.ffmpeg surface (framekit._bmf_ffmpeg) against
ffprobe and ffmpeg's own decode: stream fields, frame counts, equal planes for lossless
encodes, PSNR for BMF's default H.264, the same bytes twice, and the errors."""
import json
import subprocess

import numpy as np
import pytest

import framekit
import framekit.io as fio
from framekit import _bmf_ffmpeg as bmf_ffmpeg

W, H, N = 64, 48, 5


def make_clip(path, pix_fmt, frames=N):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size={W}x{H}:rate=25", "-frames:v", str(frames), "-c:v",
                    "libx264", "-qp", "0", "-preset", "ultrafast", "-pix_fmt", pix_fmt,
                    "-colorspace", "bt709", "-color_range", "tv", str(path)], check=True)
    return str(path)


def ffprobe_stream(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                          "-show_streams", "-of", "json", str(path)], check=True,
                         capture_output=True).stdout
    return json.loads(out)["streams"][0]


def ffmpeg_planes(path, pix_fmt, shapes):
    """ffmpeg's decode of path as a list (per frame) of planes of the given shapes."""
    raw = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f",
                          "rawvideo", "-pix_fmt", pix_fmt, "-"], check=True,
                         capture_output=True).stdout
    data = np.frombuffer(raw, np.uint8)
    per_frame = sum(int(np.prod(s)) for s in shapes)
    assert data.size % per_frame == 0
    frames = []
    for k in range(data.size // per_frame):
        chunk, planes = data[k * per_frame:(k + 1) * per_frame], []
        for s in shapes:
            planes.append(chunk[:int(np.prod(s))].reshape(s))
            chunk = chunk[int(np.prod(s)):]
        frames.append(planes)
    return frames


def frame_planes(frame):
    return [frame.plane(i).numpy().reshape(frame.plane(i).shape[:2])
            for i in range(frame.nplanes())]


PLANE_SHAPES = {
    "yuv420p": [(H, W), (H // 2, W // 2), (H // 2, W // 2)],
    "yuv422p": [(H, W), (H, W // 2), (H, W // 2)],
    "yuv444p": [(H, W), (H, W), (H, W)],
}


@pytest.mark.parametrize("pix_fmt", sorted(PLANE_SHAPES))
def test_bmf_reader_and_writer_round_trip(tmp_path, pix_fmt):
    src = make_clip(tmp_path / "src.mp4", pix_fmt)
    reference = ffmpeg_planes(src, pix_fmt, PLANE_SHAPES[pix_fmt])
    reader = bmf_ffmpeg.VideoReader(src)
    first = reader.read(2)
    rest = reader.read(16)  # fewer at the end of the file, then none
    assert (len(first), len(rest), len(reader.read(3))) == (2, N - 2, 0)
    frames = first + rest
    assert all(isinstance(f, framekit.Frame) for f in frames)
    assert frames[0].format() == framekit.PixelInfo(pix_fmt).format
    assert (frames[0].width(), frames[0].height()) == (W, H)
    for got, want in zip(frames, reference):
        for g, w in zip(frame_planes(got), want):
            np.testing.assert_array_equal(g, w)

    out = tmp_path / "out.mp4"
    writer = bmf_ffmpeg.VideoWriter(str(out), W, H, 30, frames[0].pix_info())
    writer.write(frames)
    del writer  # as in BMF, the file is finished when the writer goes
    stream = ffprobe_stream(out)
    assert (stream["codec_name"], stream["pix_fmt"]) == ("h264", pix_fmt)
    assert (stream["width"], stream["height"]) == (W, H)
    assert int(stream["nb_read_frames"]) == N
    assert stream["avg_frame_rate"] == "30/1"
    assert stream["color_space"] == "bt709"
    decoded = ffmpeg_planes(out, pix_fmt, PLANE_SHAPES[pix_fmt])
    luma = np.stack([d[0] for d in decoded]).astype(np.float64)
    want = np.stack([r[0] for r in reference]).astype(np.float64)
    mse = np.mean((luma - want) ** 2)
    assert 10 * np.log10(255.0 ** 2 / max(mse, 1e-9)) > 30


def test_writer_lossless_from_numpy_and_deterministic(tmp_path, rng):
    pictures = [rng.integers(0, 256, (H, W), dtype=np.uint8) for _ in range(3)]
    for name in ("a.mkv", "b.mkv"):
        # FFV1 keeps gray as gray (FFmpeg's H.264 decoder gives 4:0:0 back as yuv420p).
        with fio.VideoWriter(tmp_path / name, W, H, "gray", fps=12, codec="ffv1",
                             options={"slices": 4}) as w:
            w.write([fio.as_frame(p) for p in pictures])
            assert w.frames_written == 3 and w.is_open
        assert not w.is_open
    assert (tmp_path / "a.mkv").read_bytes() == (tmp_path / "b.mkv").read_bytes()
    stream = ffprobe_stream(tmp_path / "a.mkv")
    assert (stream["pix_fmt"], stream["avg_frame_rate"]) == ("gray", "12/1")
    decoded = ffmpeg_planes(tmp_path / "a.mkv", "gray", [(H, W)])
    assert len(decoded) == 3
    for got, want in zip(decoded, pictures):
        np.testing.assert_array_equal(got[0], want)


def test_writer_takes_video_frames_and_a_fractional_rate(tmp_path):
    src = make_clip(tmp_path / "src.mp4", "yuv420p")
    with fio.VideoReader(src) as video:
        frames = list(video)
    out = tmp_path / "ntsc.mp4"
    with fio.VideoWriter(out, W, H, frames[0].frame().pix_info(), fps=30000 / 1001,
                         codec="ffv1", container="matroska") as w:
        for vf in frames:
            w.write(vf)
    stream = ffprobe_stream(out)
    assert (stream["codec_name"], stream["avg_frame_rate"]) == ("ffv1", "30000/1001")
    assert "yuv420p" in fio.encoder_pixel_formats("ffv1")


def test_writer_errors(tmp_path):
    path = str(tmp_path / "x.mp4")
    with pytest.raises(ValueError, match="does not exist"):
        fio.VideoWriter(tmp_path / "missing" / "x.mp4", W, H)
    with pytest.raises(ValueError, match="no container"):
        fio.VideoWriter(tmp_path / "x.unknownext", W, H)
    with pytest.raises(NotImplementedError, match="no encoder"):
        fio.VideoWriter(path, W, H, codec="no_such_codec")
    with pytest.raises(NotImplementedError, match="cannot take rgb24"):
        fio.VideoWriter(path, W, H, "rgb24")
    with pytest.raises(ValueError, match="no option 'bogus'"):
        fio.VideoWriter(path, W, H, options={"bogus": 1})
    with pytest.raises(ValueError, match="fps"):
        fio.VideoWriter(path, W, H, fps=0)
    with pytest.raises(framekit.Error):
        fio.encoder_pixel_formats("no_such_codec")
    assert list(tmp_path.iterdir()) == []

    w = fio.VideoWriter(path, W, H, "yuv420p")
    with pytest.raises(ValueError, match="32x48"):
        w.write(framekit.Frame(W // 2, H, framekit.PixelInfo("yuv420p")))
    with pytest.raises(TypeError, match="nv12"):
        w.write(framekit.Frame(W, H, framekit.PixelInfo("nv12")))
    with pytest.raises(TypeError, match="Frames or VideoFrames"):
        w.write([np.zeros((H, W), np.uint8)])
    w.close()
    w.close()
    with pytest.raises(RuntimeError, match="after close"):
        w.write(framekit.Frame(W, H, framekit.PixelInfo("yuv420p")))
    with pytest.raises(ValueError):
        bmf_ffmpeg.VideoReader(str(tmp_path / "missing.mp4"))
