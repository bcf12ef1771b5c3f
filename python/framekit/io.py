"""framekit.io: images into frames and back.

    from framekit import io
    frame = io.read_image("photo.jpg", format="rgb24", size=(640, 0))
    io.write_image("thumb.png", frame)

The kind of an input (JPEG, PNG, PGM/PPM/PAM, Y4M) is sniffed from its bytes, never
taken from its name; raw planes are read only when ``raw=(format, width, height)`` is
given. JPEGs are decoded by TurboJPEG, at a reduced DCT scale when a smaller ``size`` is
asked, and turned upright by their EXIF orientation unless ``auto_orient=False``. Frames
keep the file's EXIF block and ICC profile (``frame.exif``, ``frame.icc_profile``).
Writes are atomic: a temporary file in the same folder, then a rename.
``VideoReader`` reads video files through FFmpeg into VideoFrames, ``VideoWriter`` encodes
VideoFrames into them (H.264 by libx264 unless told otherwise). See docs/io.md.
"""
from __future__ import annotations

import os
import sys
from typing import Any, BinaryIO, Iterator, Optional, Tuple, Union

from . import _framekit as _fk
from ._video_reader import VideoInfo, VideoReader, ffmpeg_log_level, set_ffmpeg_log_level
from ._video_writer import VideoWriter, encoder_pixel_formats
from .jpege import encode_jpeg as encode_jpeg  # framekit.encode_jpeg, here too

__all__ = ["read_image", "read_frames", "decode_jpeg", "write_image", "encode_image",
           "encode_jpeg", "as_frame", "ImageWriter", "DEFAULT_MAX_PIXELS", "VideoReader",
           "VideoInfo", "set_ffmpeg_log_level", "ffmpeg_log_level", "VideoWriter",
           "encoder_pixel_formats"]

#: The largest picture (width x height) a reader accepts unless told otherwise.
DEFAULT_MAX_PIXELS: int = 16384 * 16384

PathLike = Union[str, os.PathLike]
Source = Union[str, os.PathLike, bytes, bytearray, memoryview, BinaryIO]
Size = Optional[Tuple[int, int]]


def _source(src: Any) -> Any:
    """A path (str) or bytes for the native reader."""
    if isinstance(src, str) and src == "-":
        return sys.stdin.buffer.read()
    if isinstance(src, (str, os.PathLike)):
        return os.fspath(src)
    if hasattr(src, "read"):
        data = src.read()
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("read_image: the file object must be opened in binary mode")
        return data
    if isinstance(src, (bytes, bytearray, memoryview)):
        return src
    try:
        return memoryview(src)
    except TypeError:
        raise TypeError(f"read_image: expected a path, bytes, a binary file object or '-', "
                        f"not {type(src).__name__}") from None


def _reader(src: Any, format: Any, size: Size, auto_orient: bool, allow_partial: bool,
            max_pixels: int, raw: Any, scale: Optional[float] = None) -> Any:
    width, height = size if size is not None else (0, 0)
    raw_format, raw_width, raw_height = raw if raw is not None else (None, 0, 0)
    return _fk._ImageReader(_source(src), format, int(width), int(height),
                            float(scale or 0), bool(auto_orient), bool(allow_partial),
                            int(max_pixels), raw_format, int(raw_width), int(raw_height))


def read_image(src: Source, *, format: Any = None, size: Size = None, auto_orient: bool = True,
               allow_partial: bool = False, max_pixels: int = DEFAULT_MAX_PIXELS,
               raw: Any = None) -> _fk.Frame:
    """Reads the first picture of an image file or buffer into a Frame.

    src: a path, bytes-like data, a binary file object, or "-" for stdin.
    format: the pixel format (or PixelInfo) to return; None keeps the file's own (a JPEG's
    YCbCr planes, a PNG's rgb24/rgba/gray...).
    size: (width, height) to return; a 0 side follows the aspect ratio. A JPEG is decoded
    at the smallest DCT scale still at least that big, then resized.
    auto_orient: turn a JPEG upright by its EXIF orientation.
    allow_partial: a truncated JPEG gives the part that decoded plus frame.warnings.
    raw: (format, width, height) reads raw planes (never guessed).
    """
    frame = _reader(src, format, size, auto_orient, allow_partial, max_pixels, raw).next()
    return frame.frame()


def read_frames(src: Source, *, format: Any = None, size: Size = None,
                max_pixels: int = DEFAULT_MAX_PIXELS, raw: Any = None) -> Iterator[_fk.VideoFrame]:
    """Yields every frame of a file (Y4M and raw hold many) as VideoFrames with pts."""
    reader = _reader(src, format, size, True, False, max_pixels, raw)
    while True:
        frame = reader.next()
        if not frame:
            return
        yield frame


def decode_jpeg(data: Union[bytes, bytearray, memoryview], *, format: Any = None,
                size: Size = None, scale: Optional[float] = None, auto_orient: bool = True,
                allow_partial: bool = False, max_pixels: int = DEFAULT_MAX_PIXELS) -> _fk.Frame:
    """Decodes JPEG bytes (an Error if they are not a JPEG) like read_image.

    scale: a factor such as 0.5 or 0.125 instead of size (the picture's size times it).
    """
    head = bytes(memoryview(data)[:16])
    if _fk._sniff_image_kind(head) != "jpeg":
        raise _fk.InvalidArgument(
            f"decode_jpeg: the data is not a JPEG (it starts with {head[:4].hex(' ')})")
    reader = _reader(data, format, size, auto_orient, allow_partial, max_pixels, None, scale)
    return reader.next().frame()


_NUMPY_FORMATS = {
    # (ndim, channels, dtype kind+size): format
    (2, 1, "u1"): "gray", (2, 1, "u2"): "gray16le",
    (3, 1, "u1"): "gray", (3, 1, "u2"): "gray16le",
    (3, 3, "u1"): "rgb24", (3, 3, "u2"): "rgb48le",
    (3, 4, "u1"): "rgba", (3, 4, "u2"): "rgba64le",
}

_PIL_MODES = {"L": "gray", "RGB": "rgb24", "RGBA": "rgba", "I;16": "gray16le"}


def _flat_yuv420(arr: Any, format: str) -> _fk.Frame:
    """A (H*3//2, W) NV12/NV21/I420 buffer as OpenCV holds it."""
    import numpy as np
    rows, width = arr.shape
    height = rows * 2 // 3
    if rows % 3 or height % 2 or width % 2:
        raise _fk.InvalidArgument(
            f"a flat {format} array must be (H*3//2, W) with even H and W, not {arr.shape}")
    arr = np.ascontiguousarray(arr)
    y = arr[:height]
    if format in ("nv12", "nv21"):
        uv = arr[height:].reshape(height // 2, width // 2, 2)
        return _fk.Frame([y, uv], width, height, format)
    flat = arr[height:].reshape(-1)
    quarter = (width // 2) * (height // 2)
    u = flat[:quarter].reshape(height // 2, width // 2)
    v = flat[quarter:].reshape(height // 2, width // 2)
    return _fk.Frame([y, u, v], width, height, format)


def as_frame(obj: Any, format: Any = None) -> _fk.Frame:
    """A Frame over obj: a Frame, a VideoFrame, a NumPy array, a PIL.Image or a DLPack
    producer (torch tensors ...). NumPy arrays are wrapped without copying, except
    read-only ones (and PIL images), which are copied. A 2-D array with format nv12, nv21,
    i420 or yuv420p of shape (H*3//2, W) is read as OpenCV's flat 4:2:0 layout.
    Without a format, (H, W) is gray, (H, W, 3) rgb24 and (H, W, 4) rgba (uint16: their
    16-bit twins)."""
    import numpy as np
    if isinstance(obj, _fk.Frame):
        return obj
    if isinstance(obj, _fk.VideoFrame):
        return obj.frame()
    if type(obj).__module__.startswith("PIL.") and hasattr(obj, "mode"):
        mode = obj.mode
        if mode not in _PIL_MODES:
            obj = obj.convert("RGBA" if "A" in mode else "RGB")
            mode = obj.mode
        arr = np.array(obj)  # a copy: PIL's buffer is not ours to keep
        return _fk.Frame.from_numpy(arr, format or _PIL_MODES[mode])
    if not isinstance(obj, np.ndarray) and hasattr(obj, "__dlpack__"):
        tensor = _fk.from_dlpack(obj)
        if format is None:
            shape = tensor.shape
            fmt = _NUMPY_FORMATS.get((len(shape), shape[2] if len(shape) == 3 else 1,
                                      tensor.dtype.numpy_dtype.str[1:]))
            if fmt is None:
                raise _fk.InvalidArgument(
                    f"as_frame: cannot tell the pixel format of a {tuple(shape)} tensor; "
                    f"pass format=")
            format = fmt
        return _fk.Frame(tensor, format)
    if hasattr(obj, "__array_interface__") or isinstance(obj, np.ndarray):
        arr = np.asarray(obj)
        if not arr.flags.writeable:
            arr = arr.copy()  # framekit views are writable
        if format is not None and arr.ndim == 2 and str(format).lower() in (
                "nv12", "nv21", "i420", "yuv420p"):
            return _flat_yuv420(arr, "yuv420p" if str(format).lower() == "i420" else
                                str(format).lower())
        if format is None:
            channels = arr.shape[2] if arr.ndim == 3 else 1
            format = _NUMPY_FORMATS.get((arr.ndim, channels, arr.dtype.str[1:]))
            if format is None:
                raise _fk.InvalidArgument(
                    f"as_frame: cannot tell the pixel format of a {arr.shape} {arr.dtype} "
                    f"array; pass format=")
        return _fk.Frame.from_numpy(np.ascontiguousarray(arr) if arr.ndim == 3 else arr, format)
    raise TypeError(f"as_frame: expected a Frame, VideoFrame, NumPy array, PIL.Image or "
                    f"DLPack producer, not {type(obj).__name__}")


def _video_frame(obj: Any, format: Any = None) -> _fk.VideoFrame:
    if isinstance(obj, _fk.VideoFrame):
        return obj
    return _fk.VideoFrame(as_frame(obj, format))


def encode_image(frame: Any, kind: str, *, format: Any = None, **options: Any) -> bytes:
    """The bytes of an image file of kind 'jpeg', 'png', 'pnm', 'y4m' or 'raw' holding
    frame (any input as_frame takes). Options as write_image's."""
    return _fk._encode_image(_video_frame(frame, format), kind, options)


def write_image(path: PathLike, frame: Any, *, format: Any = None,
                **options: Any) -> None:
    """Writes frame (any input as_frame takes) to path, atomically: a temporary file in
    the same folder, fsync, rename; on failure an existing file is left as it was.

    The kind comes from the extension (.jpg, .png, .ppm/.pgm, .y4m, .yuv/.rgb/.raw) or
    kind=. A format the kind cannot store is converted (PNG: rgb24/rgba/gray or 16-bit;
    JPEG: 4:2:0 unless the frame encodes as it is).
    JPEG options: quality, chroma_quality, subsampling ('420', '422', '444', '440',
    'gray'), optimize, progressive, restart, comment, exif, icc_profile.
    keep_metadata (default True): write the frame's own EXIF and ICC profile (JPEG, PNG).
    fps: the Y4M frame rate when the frame has no time base.
    """
    writer = _fk._ImageWriter(os.fspath(path), options)
    writer.write(_video_frame(frame, format))
    writer.commit()


class ImageWriter:
    """Writes several frames into one file (Y4M, raw): nothing is at path until the
    with-block ends without an exception (or commit() is called); otherwise an existing
    file is left as it was.

        with io.ImageWriter("out.y4m", fps=30) as w:
            for f in frames:
                w.write(f)
    """

    def __init__(self, path: PathLike, **options: Any) -> None:
        self._writer = _fk._ImageWriter(os.fspath(path), options)
        self._done = False

    def write(self, frame: Any, format: Any = None) -> None:
        self._writer.write(_video_frame(frame, format))

    def commit(self) -> None:
        self._writer.commit()
        self._done = True

    def __enter__(self) -> "ImageWriter":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None and not self._done:
            self.commit()
        self._writer = None
