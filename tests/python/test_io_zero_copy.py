"""Zero-copy where docs/io.md promises it, shown by data pointers: VideoReader frames
are the decoder's AVFrame buffers, Frame.numpy() views the frame's memory, and writable
NumPy arrays are wrapped as they are (read-only ones are copied, as documented)."""
import subprocess

import numpy as np

import framekit as mp
from framekit import _framekit as _fk
from framekit import io


def pointer(array):
    return array.__array_interface__["data"][0]


def test_video_frames_are_the_decoders_buffers(tmp_path):
    clip = str(tmp_path / "clip.mp4")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=96x64:rate=25:duration=0.4", "-c:v", "libx264",
                    "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip], check=True)
    with io.VideoReader(clip, threads=1) as video:
        frames = list(video)
    assert len(frames) == 10
    seen = set()
    for vf in frames:
        decoder = _fk._decoder_plane_pointers(vf)
        frame = vf.frame()
        assert len(decoder) == frame.nplanes() == 3
        for p in range(3):
            assert frame.plane(p).data_ptr() == decoder[p]
            assert pointer(frame.plane(p).numpy()) == decoder[p]
        seen.add(tuple(decoder))
    # Each frame holds its own decoder buffers: none was reused while the others live,
    # and the first still shows the first picture.
    assert len(seen) == len(frames)
    with io.VideoReader(clip, threads=1, max_frames=1) as video:
        again = next(iter(video)).frame()
    for p in range(3):
        assert np.array_equal(frames[0].frame().plane(p).numpy(), again.plane(p).numpy())
    # A conversion is a new frame, not the decoder's.
    rgb = frames[0].reformat("rgb24")
    assert rgb.frame().plane(0).data_ptr() not in _fk._decoder_plane_pointers(frames[0])


def test_read_image_numpy_views_the_frame(tmp_path):
    path = tmp_path / "p.png"
    io.write_image(str(path), np.arange(48 * 64 * 3, dtype=np.uint8).reshape(48, 64, 3))
    frame = io.read_image(str(path), format="rgb24")
    pixels = frame.numpy()
    assert pointer(pixels) == frame.plane(0).data_ptr()
    pixels[0, 0] = (1, 2, 3)
    assert tuple(frame.numpy()[0, 0]) == (1, 2, 3)  # the same memory


def test_writable_arrays_are_wrapped_read_only_ones_copied():
    array = np.zeros((32, 48, 3), np.uint8)
    frame = io.as_frame(array)
    assert frame.plane(0).data_ptr() == pointer(array)
    array[5, 6] = (9, 8, 7)
    assert tuple(frame.numpy()[5, 6]) == (9, 8, 7)
    nv12 = np.zeros((48, 64), np.uint8)
    flat = io.as_frame(nv12, "nv12")
    assert flat.plane(0).data_ptr() == pointer(nv12)
    frozen = np.zeros((32, 48, 3), np.uint8)
    frozen.flags.writeable = False
    copied = io.as_frame(frozen)
    assert copied.plane(0).data_ptr() != pointer(frozen)
    assert np.array_equal(copied.numpy(), frozen)
