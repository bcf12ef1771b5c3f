"""framekit.io.VideoWriter: VideoFrames into video files through FFmpeg (libavcodec and
libavformat). Imported into framekit.io; see docs/io.md."""
from __future__ import annotations

import os
from fractions import Fraction
from typing import Any, Iterable, Mapping, Optional, Union

from . import _framekit as _fk

__all__ = ["VideoWriter", "encoder_pixel_formats"]


def _rate(fps: Any) -> Fraction:
    try:
        rate = Fraction(fps).limit_denominator(1 << 20)
    except (TypeError, ValueError):
        raise _fk.InvalidArgument(f"VideoWriter: fps must be a number, not {fps!r}") from None
    if rate <= 0 or rate.numerator > 2**31 - 1:
        raise _fk.InvalidArgument(f"VideoWriter: fps must be a positive rate, not {fps!r}")
    return rate


class VideoWriter:
    """Writes frames of one size and pixel format into a video file.

        with framekit.io.VideoWriter("out.mp4", 1280, 720, "yuv420p", fps=25) as video:
            for vf in frames:
                video.write(vf)

    format: the frames' pixel format and color labels (a PixelInfo, a PixelFormat or
    a name such as "yuv420p"); every frame written must have it and the size
    width x height (convert first: nothing is converted here).
    fps: frames per second (a number or Fraction); frame k has pts k on the 1/fps clock.
    codec: FFmpeg's encoder name ("libx264", "ffv1", "mpeg4", "libx265" ...).
    bit_rate: bits per second, 0 for the encoder's own rate control (x264: crf 23).
    gop_size / max_b_frames: keyframe interval and B-frames in a row (None: the
    encoder's). container: FFmpeg's muxer name when the extension is not enough.
    threads: encoder threads; x264's bytes depend on the count, so the default 1 keeps
    the output the same everywhere. options: the encoder's own options by FFmpeg's names
    ({"preset": "fast", "crf": 18}, {"qp": 0} for lossless H.264 ...).

    Errors (framekit.Error subclasses) for a missing folder, an unknown extension,
    encoder or option, a pixel format the encoder cannot take, a frame of another size
    or format, and a write after close(). Leaving the with-block closes the file.
    """

    #: The file, the frame size and the rate the writer was opened with.
    path: str
    width: int
    height: int
    fps: Fraction

    def __init__(self, path: Union[str, "os.PathLike[str]"], width: int, height: int,
                 format: Any = "yuv420p", *, fps: Any = 30, codec: str = "libx264",
                 bit_rate: int = 0, gop_size: Optional[int] = None,
                 max_b_frames: Optional[int] = None, container: Optional[str] = None,
                 threads: int = 1, options: Optional[Mapping[str, Any]] = None) -> None:
        rate = _rate(fps)
        self.path = os.fspath(path)
        self.width = int(width)
        self.height = int(height)
        self.fps = rate
        pairs = [(str(k), str(v)) for k, v in (options or {}).items()]
        self._native: Any = _fk._VideoWriter(
            self.path, self.width, self.height, format, rate.numerator, rate.denominator,
            str(codec), int(bit_rate), -1 if gop_size is None else int(gop_size),
            -1 if max_b_frames is None else int(max_b_frames), pairs, container or "",
            int(threads))

    def write(self, frames: Union[_fk.Frame, _fk.VideoFrame, Iterable[Any]]) -> None:
        """Encodes a Frame or VideoFrame, or each of a list (or any iterable) of them."""
        if isinstance(frames, (_fk.Frame, _fk.VideoFrame)):
            frames = [frames]
        for frame in frames:
            if isinstance(frame, _fk.VideoFrame):
                frame = frame.frame()
            if not isinstance(frame, _fk.Frame):
                raise TypeError(f"VideoWriter.write takes Frames or VideoFrames, not "
                                f"{type(frame).__name__}")
            self._native.write(frame)

    def close(self) -> None:
        """Drains the encoder and finishes the file; later writes raise framekit.Error."""
        self._native.close()

    def __enter__(self) -> "VideoWriter":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def is_open(self) -> bool:
        return bool(self._native.is_open)

    @property
    def frames_written(self) -> int:
        return int(self._native.frames_written)

    @property
    def pix_info(self) -> _fk.PixelInfo:
        """The pixel format and color labels the writer was opened for."""
        return self._native.pix_info


def encoder_pixel_formats(codec: str) -> list[str]:
    """The pixel formats (FFmpeg's names) an encoder takes; framekit.Error when this
    FFmpeg lacks it."""
    return list(_fk._encoder_pixel_formats(str(codec)))
