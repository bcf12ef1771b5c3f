"""4:2:0 video to RGB against ffmpeg. The decoded planes are ffmpeg's bit for bit
(test_io_video.py); here the chroma upsampling: framekit's (bilinear, centre-sited, see
docs/io.md) is reproduced by swscale's `bilinear+accurate_rnd+full_chroma_int+bitexact`
scaling to yuv444p, bit-exact, and the RGB is then compared within the matrix's ±1."""
import subprocess

import numpy as np
import pytest

import framekit.io as fio

UPSAMPLE = "scale=flags=bilinear+accurate_rnd+full_chroma_int+bitexact,format=yuv444p"
TO_RGB = "scale=flags=accurate_rnd+full_chroma_int+bitexact,format=rgb24"


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    # Noise makes chroma differ between neighbours, so the weights and siting matter.
    path = str(tmp_path_factory.mktemp("v420") / "c420.mp4")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=322x242:rate=25:duration=0.32", "-vf", "noise=alls=30:allf=t",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path],
                   check=True)
    with fio.VideoReader(path) as video:
        frames = list(video)
    assert len(frames) == 8 and frames[0].frame().format().name == "kPF_YUV420P"
    return path, frames


def ffmpeg_raw(path, vf, pix_fmt, shape):
    out = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-fps_mode",
                          "passthrough", "-vf", vf, "-f", "rawvideo", "-pix_fmt", pix_fmt, "-"],
                         check=True, capture_output=True).stdout
    return np.frombuffer(out, np.uint8).reshape(shape).astype(int)


def test_chroma_upsampling_is_swscales_bilinear_bit_exact(clip):
    path, frames = clip
    ours = np.stack([np.stack([vf.reformat("yuv444p").frame().plane(p).numpy()[..., 0]
                               for p in range(3)]) for vf in frames]).astype(int)
    ref = ffmpeg_raw(path, UPSAMPLE, "yuv444p", ours.shape)
    assert np.array_equal(ours, ref)
    # Not a tautology: swscale's default (bicubic) upsampling differs.
    bicubic = ffmpeg_raw(path, UPSAMPLE.replace("bilinear+", ""), "yuv444p", ours.shape)
    assert not np.array_equal(ours, bicubic)


def test_rgb_within_one_of_ffmpeg_with_the_same_upsampling(clip):
    path, frames = clip
    direct = np.stack([vf.reformat("rgb24").frame().numpy() for vf in frames]).astype(int)
    ref = ffmpeg_raw(path, UPSAMPLE + "," + TO_RGB, "rgb24", direct.shape)
    # framekit's two steps as ffmpeg takes them: only the matrix's rounding differs.
    two_step = np.stack([vf.reformat("yuv444p").reformat("rgb24").frame().numpy()
                         for vf in frames]).astype(int)
    assert np.abs(two_step - ref).max() <= 1
    # framekit's direct 4:2:0 -> RGB keeps the upsampled chroma unrounded, where ffmpeg
    # rounds it to 8 bits first: a few samples land 2 apart.
    diff = np.abs(direct - ref)
    assert diff.max() <= 2
    assert (diff > 1).mean() < 1e-3
