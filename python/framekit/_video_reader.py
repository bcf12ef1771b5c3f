"""framekit.io.VideoReader: video files into VideoFrames through FFmpeg (libavformat and
libavcodec), zero-copy from the decoder. Imported into framekit.io; see docs/io.md."""
from __future__ import annotations

import os
from fractions import Fraction
from typing import Any, BinaryIO, Iterator, NamedTuple, Optional, Union

from . import _framekit as _fk

__all__ = ["VideoReader", "VideoInfo", "set_ffmpeg_log_level", "ffmpeg_log_level"]

#: What VideoReader reads: a path, the bytes of a whole file, or a binary file object
#: (read to its end first).
VideoSource = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]


class VideoInfo(NamedTuple):
    """What the container says about the video stream, before anything is decoded.

    fps: the average frame rate (else the stream's base rate); 0 when unknown.
    duration: seconds, or None. frame_count: the container's count, or None.
    codec / container / pixel_format: FFmpeg's names ("h264", "yuv420p" ...).
    stream_color: the stream's labels as stored; color: what the frames carry, the
    unspecified matrix resolved (BT.709 from 720 lines up, BT.601 below).
    """
    width: int
    height: int
    fps: Fraction
    time_base: Fraction
    duration: Optional[float]
    frame_count: Optional[int]
    codec: str
    container: str
    pixel_format: str
    stream_color: _fk.PixelInfo
    color: _fk.PixelInfo


def _fraction(pair: Any) -> Fraction:
    num, den = pair
    return Fraction(num, den) if num and den else Fraction(0)


class VideoReader:
    """Reads the first video stream of a file as framekit VideoFrames.

    path: a path, or the bytes of a whole file (bytes, bytearray, memoryview: copied), or
    a binary file object, read to its end first (stdin too). From memory the container
    must be demuxable from a stream: MP4 with its index anywhere, MKV, WebM, AVI, TS.

        with framekit.io.VideoReader("clip.mp4", fps=5) as video:
            for vf in video:
                rgb = framekit.convert(vf, "rgb24")

    Frames come zero-copy from the decoder, in its own pixel format (yuv420p,
    yuvj420p ...), with pts, time_base, duration and the stream's color labels.
    Times are seconds on the stream clock (pts * time_base, ffprobe's pts_time).

    start: seek, then drop frames before this time (frame-accurate).
    end: stop before the first frame at or past this time.
    max_frames: stop after this many frames. step: every Nth selected frame.
    fps: resample to this rate like FFmpeg's fps filter: slot k is at t0 + k/fps, a
    frame's slot is round((t - t0) * fps), each slot gets the last frame at or before
    it (frames repeat or drop); such frames have pts = k, time_base = 1/fps.
    keyframes_only: the decoder skips all other frames (fast thumbnails).
    threads: decoder threads, 0 for FFmpeg's choice.

    len(reader) is the number of frames it will give when the container counts its
    frames and only step / max_frames select; otherwise (start, end, fps,
    keyframes_only, or no count) len() raises TypeError, as for any iterator.
    Damaged packets are skipped and counted (skipped_packets, warnings); too many in a
    row raise framekit.Error.
    """

    #: The stream's description, read when the file is opened.
    info: VideoInfo

    def __init__(self, path: VideoSource, *, start: Optional[float] = None,
                 end: Optional[float] = None, max_frames: Optional[int] = None,
                 step: int = 1, fps: Optional[float] = None, keyframes_only: bool = False,
                 threads: int = 0) -> None:
        self._step = int(step)
        self._max_frames = int(max_frames or 0)
        self._sized = start is None and end is None and fps is None and not keyframes_only
        args = (None if start is None else float(start), None if end is None else float(end),
                self._max_frames, self._step, None if fps is None else float(fps),
                bool(keyframes_only), int(threads))
        data: Optional[bytes] = None
        if isinstance(path, (bytes, bytearray, memoryview)):
            data = bytes(path)
        elif hasattr(path, "read"):
            data = path.read()
            if not isinstance(data, bytes):
                raise TypeError("VideoReader needs a binary file object (opened with 'rb')")
        if data is not None:
            self._path = "<memory>"
            self._native: Any = _fk._VideoReader.from_bytes(data, *args)
        else:
            self._path = os.fspath(path)  # type: ignore[arg-type]
            self._native = _fk._VideoReader(self._path, *args)
        raw = self._native.info()
        self.info = VideoInfo(
            width=raw["width"], height=raw["height"], fps=_fraction(raw["fps"]),
            time_base=_fraction(raw["time_base"]), duration=raw["duration"],
            frame_count=raw["frame_count"], codec=raw["codec"], container=raw["container"],
            pixel_format=raw["pixel_format"], stream_color=raw["stream_color"],
            color=raw["color"])

    def __enter__(self) -> "VideoReader":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Releases the file and the decoder; frames already read stay valid."""
        self._native.close()

    def __iter__(self) -> Iterator[_fk.VideoFrame]:
        return self

    def __next__(self) -> _fk.VideoFrame:
        frame = self._native.next()
        if frame is None:
            raise StopIteration
        return frame

    def read(self) -> Optional[_fk.VideoFrame]:
        """The next frame, or None after the last."""
        frame: Optional[_fk.VideoFrame] = self._native.next()
        return frame

    def __len__(self) -> int:
        count = self.info.frame_count
        if not self._sized or count is None:
            raise TypeError(f"VideoReader of {self._path!r} has no len(): "
                            + ("the container does not count its frames" if count is None
                               else "start/end/fps/keyframes_only select by time"))
        n = -(-count // self._step)
        return min(n, self._max_frames) if self._max_frames else n

    @property
    def skipped_packets(self) -> int:
        """Packets or frames skipped as damaged so far."""
        return int(self._native.skipped_packets)

    @property
    def warnings(self) -> list[str]:
        """What FFmpeg said about the damaged packets (the first few)."""
        return list(self._native.warnings)


def set_ffmpeg_log_level(level: Union[int, str]) -> None:
    """Lets FFmpeg's own messages at `level` or more severe through to stderr.

    FFmpeg prints nothing by default (framekit routes its log; the errors a reader's own
    calls cause are in its warnings). Levels: "quiet" (the default), "panic", "fatal",
    "error", "warning", "info", "verbose", "debug", "trace", or FFmpeg's AV_LOG_*
    number. Process-wide; the FRAMEKIT_FFMPEG_LOG environment variable sets the first
    level. ValueError for anything else.
    """
    if isinstance(level, str):
        parsed = _fk._parse_ffmpeg_log_level(level)
        if parsed is None:
            raise ValueError(f"FFmpeg log level {level!r} is unknown (quiet, panic, fatal, "
                             "error, warning, info, verbose, debug, trace or a number)")
        level = parsed
    _fk._set_ffmpeg_log_level(int(level))


def ffmpeg_log_level() -> int:
    """The level set_ffmpeg_log_level (or FRAMEKIT_FFMPEG_LOG) chose, as FFmpeg's number:
    -8 quiet, 16 error, 24 warning, 32 info ..."""
    return int(_fk._ffmpeg_log_level())
