"""BMF's hmp.ffmpeg surface (mp.ffmpeg in the bmf package) over framekit.io.

    reader = mp.ffmpeg.VideoReader("in.mp4")
    frames = reader.read(16)                   # up to 16 Frames, fewer at the end
    writer = mp.ffmpeg.VideoWriter("out.mp4", width, height, 30, pix_info)
    writer.write(frames)                       # the file is finished when writer goes

As in BMF, frames are hmp Frames (framekit.Frame), in the decoder's pixel format, and
the writer encodes H.264 with libx264 at `kbs` kilobits per second, its frames in the
writer's pixel format and size. Unlike BMF, every failure is a framekit.Error (BMF
logs a failed read and returns the frames it has), the writer can be closed (or used
in a with-block) instead of waiting for the garbage collector, and framekit.io's
keywords pass through (codec=, options= ...).
"""
from __future__ import annotations

import os
from typing import Any, Iterable, Union

from . import _framekit as _fk
from ._video_reader import VideoReader as _Reader
from ._video_writer import VideoWriter as _Writer

__all__ = ["VideoReader", "VideoWriter"]

#: What BMF's writer asks libx264 for: its preset and a fixed keyframe interval.
_BMF_X264_OPTIONS = {"preset": "fast",
                     "x264-params": "keyint=60:min-keyint=60:scenecut=0:force-cfr=1"}


class VideoReader:
    """BMF's hmp.ffmpeg.VideoReader(fn): the first video stream of a file."""

    def __init__(self, fn: Union[str, "os.PathLike[str]"], **kwargs: Any) -> None:
        self._reader = _Reader(fn, **kwargs)

    def read(self, nframe: int) -> list[_fk.Frame]:
        """The next nframe frames (fewer at the end of the file) as Frames."""
        frames: list[_fk.Frame] = []
        for _ in range(int(nframe)):
            vf = self._reader.read()
            if vf is None:
                break
            frames.append(vf.frame())
        return frames


class VideoWriter:
    """BMF's hmp.ffmpeg.VideoWriter(fn, width, height, fps, pix_info, kbs=2000)."""

    def __init__(self, fn: Union[str, "os.PathLike[str]"], width: int, height: int, fps: Any,
                 pix_info: Any, kbs: int = 2000, **kwargs: Any) -> None:
        kwargs.setdefault("bit_rate", int(kbs) * 1000)
        kwargs.setdefault("gop_size", 10)
        kwargs.setdefault("max_b_frames", 1)
        if kwargs.get("codec", "libx264") == "libx264":
            kwargs["options"] = {**_BMF_X264_OPTIONS, **(kwargs.get("options") or {})}
        self._writer = _Writer(fn, width, height, pix_info, fps=fps, **kwargs)

    def write(self, frames: Union[_fk.Frame, Iterable[Any]]) -> None:
        """Encodes a list of Frames (or VideoFrames) of the writer's size and format."""
        self._writer.write(frames)

    def close(self) -> None:
        self._writer.close()

    def __enter__(self) -> "VideoWriter":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
