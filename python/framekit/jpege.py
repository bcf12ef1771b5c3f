"""framekit.jpege: multi-channel asynchronous JPEG encoding, the Pythonic way.

The engine behind it is the one the hardware-style API (``framekit.acl``, the
``hi_mpi_*`` C ABI) drives: channels that take frames, encoding on framekit's thread
runtime, streams that come out in send order. Here a channel is a context manager, frames are
``framekit.Frame`` objects or NumPy arrays (HxW gray, HxWx3 RGB, HxWx4 RGBA, or any
layout with ``format=``), and results are ``bytes``::

    import framekit.jpege as jpege

    with jpege.Channel(1920, 1080, quality=85, subsampling="444") as ch:
        for jpg in ch.encode(frames):          # pipelined: frames overlap on the workers
            out.write(jpg)

    jpg = jpege.encode(rgb_array, quality=90, progressive=True)  # one picture

    async with jpege.Channel(640, 480) as ch:  # asyncio: waits on the channel's fd
        ch.send(frame)
        jpg = await ch.get_async()

Errors raise ``framekit.JpegeError`` (``.hi_code`` is the hardware's code); timeouts
raise ``framekit.JpegeTimeout`` (also a ``TimeoutError``). Arguments out of range raise
``JpegeInvalidArgument``, both a ``JpegeError`` (``HI_ERR_VENC_ILLEGAL_PARAM``) and a
``ValueError``; a closed channel raises ``JpegeError`` with ``HI_ERR_VENC_UNEXIST``.
"""
from __future__ import annotations

import asyncio
import collections
import contextlib
import operator
import os
import threading
import weakref
from typing import (TYPE_CHECKING, Any, AsyncIterator, Dict, Iterable, Iterator, NamedTuple,
                    Optional, Sequence, SupportsIndex, Tuple, Type, TypeVar, Union)

from . import _framekit
from ._framekit import JpegeError, JpegeTimeout  # noqa: F401

if TYPE_CHECKING:
    import numpy
    import torch

# Frames (send, encode) are Frame, VideoFrame, Tensor, numpy or torch arrays (HxW[xC]; any
# object with __dlpack__ works at run time too); format= is how an array's bytes are laid
# out. The unions are written out in each annotation: stubgen drops type aliases.
_E = TypeVar("_E", bound=BaseException)

__all__ = ["Engine", "Channel", "Picture", "encode", "encode_jpeg", "encode_many",
           "default_engine", "DEFAULT_QUALITY", "JpegeError", "JpegeTimeout",
           "JpegeInvalidArgument"]

# The one default quality of framekit's own APIs (Python, the CLI, C++'s
# jpeg::kDefaultQuality): libjpeg's and TurboJPEG's. framekit.acl keeps the SDK's 100.
DEFAULT_QUALITY = 75

class Picture(NamedTuple):
    """An encoded picture: the JPEG bytes, the frame's pts and its send number."""

    data: bytes
    pts: int
    seq: int


_DEFAULT_BUFFER = 8 << 20
_MAX_BUFFER = 1 << 31          # the engine's largest stream buffer
_INT32_MAX = (1 << 31) - 1


class JpegeInvalidArgument(JpegeError, _framekit.InvalidArgument):
    """An argument out of range or of the wrong kind: a JpegeError whose hi_code is
    HI_ERR_VENC_ILLEGAL_PARAM, and a ValueError."""


def _jpege_error(cls: Type[_E], hi_name: str, message: str) -> _E:
    e = cls(message)
    e.hi_code = getattr(_framekit._jpege, hi_name)
    e.hi_name = hi_name
    return e


def _int_arg(name: str, value: SupportsIndex, lo: int, hi: int) -> int:
    """value as an int in [lo, hi]; the checks the C++ engine's unsigned and 32-bit
    parameters cannot make themselves once a negative or huge value has been cast."""
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise _framekit.TypeMismatch("%s: expected an int, got %s" % (name, type(value).__name__))
    v = operator.index(value)
    if not lo <= v <= hi:
        raise _jpege_error(JpegeInvalidArgument, "HI_ERR_VENC_ILLEGAL_PARAM",
                           "%s %d is out of range (expected %d to %d)" % (name, v, lo, hi))
    return v


_SUBSAMPLINGS = ("444", "422", "420", "440", "gray")
_DENSITY_UNITS = ("dpi", "dpcm", "aspect")
_MAX_SEGMENT = 65533                 # bytes of one marker segment's payload
_MAX_EXIF = _MAX_SEGMENT - 6         # after APP1's "Exif\0\0"
_MAX_ICC = 255 * 65519               # 255 APP2 segments of 65519 profile bytes each


def _bool_arg(name: str, value: object) -> bool:
    if isinstance(value, bool) or type(value).__name__ == "bool_":  # numpy.bool_ too
        return bool(value)
    raise _framekit.TypeMismatch("%s: expected a bool, got %s" % (name, type(value).__name__))


def _invalid(message: str) -> JpegeInvalidArgument:
    return _jpege_error(JpegeInvalidArgument, "HI_ERR_VENC_ILLEGAL_PARAM", message)


def _bytes_arg(name: str, value: object, limit: int) -> bytes:
    if value is None:
        return b""
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise _framekit.TypeMismatch("%s: expected bytes, got %s" % (name, type(value).__name__))
    data = bytes(value)
    if len(data) > limit:
        raise _invalid("%s: %d bytes is too long (at most %d)" % (name, len(data), limit))
    return data


def _quant_tables_arg(value: object) -> Optional[list[list[int]]]:
    """1 to 3 tables of 64 entries (natural order) from sequences, (n, 64) or (n, 8, 8)
    arrays, or one flat table."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise _framekit.TypeMismatch("quant_tables: expected 1 to 3 tables of 64 ints, got %s"
                                     % type(value).__name__)
    rows = list(value)  # type: ignore[call-overload]
    if rows and not hasattr(rows[0], "__iter__"):
        rows = [rows]  # one flat table
    if not 1 <= len(rows) <= 3:
        raise _invalid("quant_tables: %d tables (expected 1 to 3)" % len(rows))
    tables = []
    for t, table in enumerate(rows):
        if not hasattr(table, "__iter__"):
            raise _framekit.TypeMismatch("quant_tables[%d]: expected 64 ints, got %s"
                                         % (t, type(table).__name__))
        entries = []
        for row in table:
            entries.extend(row if hasattr(row, "__iter__") else [row])  # 8x8 or 64
        if len(entries) != 64:
            raise _invalid("quant_tables[%d]: %d entries (expected 64, or 8x8)"
                           % (t, len(entries)))
        tables.append([_int_arg("quant_tables[%d][%d]" % (t, i), v, 1, 255)
                       for i, v in enumerate(entries)])
    return tables


def _density_arg(value: object) -> Tuple[int, int, str]:
    if value is None:
        return (1, 1, "aspect")
    if not isinstance(value, (tuple, list)) or len(value) not in (2, 3):
        raise _framekit.TypeMismatch("density: expected (x, y) or (x, y, unit), got %r"
                                     % (value,))
    unit = value[2] if len(value) == 3 else "aspect"
    if not isinstance(unit, str) or unit not in _DENSITY_UNITS:
        raise _invalid("density: unit %r (expected 'dpi', 'dpcm' or 'aspect')" % (unit,))
    return (_int_arg("density x", value[0], 1, 65535), _int_arg("density y", value[1], 1, 65535),
            unit)


def _encode_options(quality: SupportsIndex = DEFAULT_QUALITY,
                    chroma_quality: Optional[SupportsIndex] = None,
                    quant_tables: object = None,
                    subsampling: Optional[str] = None,
                    optimize: bool = False,
                    progressive: bool = False,
                    restart_interval: SupportsIndex = 0,
                    comment: Union[str, bytes, None] = None,
                    exif: Optional[bytes] = None,
                    icc_profile: Optional[bytes] = None,
                    density: object = None,
                    threads: SupportsIndex = 1,
                    raw: bool = False) -> Dict[str, Any]:
    """The encoder options checked and normalised for the native engine; bad ones raise
    JpegeInvalidArgument (a ValueError) or TypeMismatch (a TypeError) naming them."""
    if subsampling is not None and not isinstance(subsampling, str):
        raise _framekit.TypeMismatch("subsampling: expected a str or None, got %s"
                                     % type(subsampling).__name__)
    if subsampling is not None and subsampling not in _SUBSAMPLINGS:
        raise _invalid("subsampling %r (expected '444', '422', '420', '440', 'gray' or None)"
                       % subsampling)
    if isinstance(comment, str):
        comment = comment.encode("utf-8")
    exif_bytes = _bytes_arg("exif", exif, _MAX_SEGMENT)
    if len(exif_bytes) - (6 if exif_bytes.startswith(b"Exif\0\0") else 0) > _MAX_EXIF:
        raise _invalid("exif: %d bytes is too long (at most %d after 'Exif\\0\\0')"
                       % (len(exif_bytes), _MAX_EXIF))
    return {
        "quality": _int_arg("quality", quality, 1, 100),
        "chroma_quality": None if chroma_quality is None
        else _int_arg("chroma_quality", chroma_quality, 1, 100),
        "quant_tables": _quant_tables_arg(quant_tables),
        "subsampling": subsampling,
        "optimize": _bool_arg("optimize", optimize),
        "progressive": _bool_arg("progressive", progressive),
        "restart_interval": _int_arg("restart_interval", restart_interval, 0, 65535),
        "comment": _bytes_arg("comment", comment, _MAX_SEGMENT),
        "exif": exif_bytes,
        "icc_profile": _bytes_arg("icc_profile", icc_profile, _MAX_ICC),
        "density": _density_arg(density),
        "threads": _int_arg("threads", threads, 0, 1024),
        "raw": _bool_arg("raw", raw),
    }


def _as_invalid_argument(e: JpegeError) -> BaseException:
    """The engine's HI_ERR_VENC_ILLEGAL_PARAM as JpegeInvalidArgument (also a ValueError)."""
    if getattr(e, "hi_code", None) == _framekit._jpege.HI_ERR_VENC_ILLEGAL_PARAM:
        return _invalid(str(e))
    return e


class Engine:
    """Channels (ids assigned automatically) whose frames are encoded on framekit's thread
    runtime, at most `workers` at once (0: framekit.get_num_threads()). Usable in a
    child process after fork()."""

    queue_depth: int

    def __init__(self, workers: SupportsIndex = 0, queue_depth: SupportsIndex = 16) -> None:
        workers = _int_arg("workers", workers, 0, 1024)
        queue_depth = _int_arg("queue_depth", queue_depth, 1, 4096)
        self._native = _framekit._jpege.Engine(workers, queue_depth)
        self._lock = threading.Lock()
        _engines.add(self)
        self._free_ids: list[int] = list(range(_framekit._jpege.MAX_CHANNELS - 1, -1, -1))
        self.queue_depth = queue_depth

    @property
    def num_workers(self) -> int:
        return self._native.num_workers

    def __repr__(self) -> str:
        return "Engine(workers=%d, queue_depth=%d)" % (self.num_workers, self.queue_depth)

    def channel(self, width: SupportsIndex, height: SupportsIndex,
                quality: SupportsIndex = DEFAULT_QUALITY, **kwargs: Any) -> Channel:
        """A Channel on this engine; kwargs are Channel's (its encoder options and
        buffer_size)."""
        return Channel(width, height, quality, engine=self, **kwargs)

    def _take_id(self) -> int:
        with self._lock:
            if not self._free_ids:
                raise JpegeError("all 256 channels of this engine are in use")
            return self._free_ids.pop()

    def _give_id(self, chn: int) -> None:
        with self._lock:
            self._free_ids.append(chn)


_default: Optional[Engine] = None
_default_lock = threading.Lock()
_engines: "weakref.WeakSet[Engine]" = weakref.WeakSet()


def _renew_locks_in_child() -> None:
    """After fork(): a lock another thread of the parent held stays locked in the child
    (the native engine renews its own; these are Python's)."""
    global _default_lock
    _default_lock = threading.Lock()
    for engine in list(_engines):
        engine._lock = threading.Lock()


os.register_at_fork(after_in_child=_renew_locks_in_child)


def _engine_arg(engine: Optional[Engine]) -> Engine:
    if engine is None:
        return default_engine()
    if not isinstance(engine, Engine):
        raise _framekit.TypeMismatch("engine: expected a framekit.jpege.Engine, got %s"
                                     % type(engine).__name__)
    return engine


def default_engine() -> Engine:
    """The engine channels use unless given one (one worker per core)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Engine()
        return _default


class Channel:
    """One encoding channel: frames in, JPEG bytes out, in send order.

    ``width`` x ``height`` is the largest picture it takes; ``buffer_size`` is the
    channel's stream buffer. Use it as a context manager (sync or async) or call
    ``close()``.

    The encoder options (the same in ``Channel``, ``encode``, ``encode_jpeg``,
    ``encode_many`` and ``Engine.channel``; bad values raise ``ValueError`` or
    ``TypeError`` naming the option):

    - ``quality``: 1..100 (default 75, ``DEFAULT_QUALITY``), the IJG scaling of the
      Annex K tables; ``chroma_quality``: 1..100 for the Cb/Cr table (cjpeg's
      ``-quality L,C``); ``quant_tables``: 1 to 3 tables of 64 entries 1..255 in
      natural (row-major) order, as sequences or an (n, 64) / (n, 8, 8) array (1: all
      components; 2: luma, chroma; 3: Y, Cb, Cr); it overrides both qualities;
    - ``subsampling``: "444", "422", "420", "440" or "gray"; None = 4:2:0 for RGB,
      the input's own for YUV, gray for gray (YUV input takes its own or "gray", gray
      input only "gray");
    - ``optimize``: optimal Huffman tables; ``progressive``: progressive JPEG (SOF2,
      libjpeg's simple progression, TurboJPEG's bytes);
    - ``restart_interval``: MCUs per restart marker (0 = none);
    - ``comment`` (str, UTF-8, or bytes): a COM segment; ``exif`` (bytes, the TIFF
      structure): an APP1 Exif segment; ``icc_profile`` (bytes): APP2 ICC_PROFILE
      segments (up to 16,707,345 bytes); ``density``: the JFIF density as (x, y, unit),
      unit "dpi", "dpcm" or "aspect" (default (1, 1, "aspect"));
    - ``threads``: accepted for symmetry with C++ and the CLI; the engine lends idle
      workers to big pictures itself, and the bytes never depend on it;
    - ``raw``: encode YUV samples as they are (no range or matrix conversion).
    """

    def __init__(self,
                 width: SupportsIndex,
                 height: SupportsIndex,
                 quality: SupportsIndex = DEFAULT_QUALITY,
                 *,
                 chroma_quality: Optional[SupportsIndex] = None,
                 quant_tables: Optional[Union[Sequence[Sequence[SupportsIndex]],
                                              Sequence[SupportsIndex], numpy.ndarray]] = None,
                 subsampling: Optional[str] = None,
                 optimize: bool = False,
                 progressive: bool = False,
                 restart_interval: SupportsIndex = 0,
                 comment: Union[str, bytes, None] = None,
                 exif: Optional[bytes] = None,
                 icc_profile: Optional[bytes] = None,
                 density: Optional[Union[Tuple[int, int], Tuple[int, int, str]]] = None,
                 threads: SupportsIndex = 1,
                 raw: bool = False,
                 buffer_size: SupportsIndex = _DEFAULT_BUFFER,
                 engine: Optional[Engine] = None) -> None:
        self._open = False
        self._chn: Optional[int] = None
        # Guards _open/_chn and counts threads inside a native call with the id, so that
        # close() never hands the id to a new channel while a call may still use it.
        self._cv = threading.Condition()
        self._users = 0
        self._orphan: Optional[int] = None  # an id closed while in use: the last user gives it back
        max_size = _framekit._jpege.MAX_PIC_SIZE
        width = _int_arg("width", width, 1, max_size)
        height = _int_arg("height", height, 1, max_size)
        options = _encode_options(quality, chroma_quality=chroma_quality, quant_tables=quant_tables,
                                  subsampling=subsampling, optimize=optimize, progressive=progressive,
                                  restart_interval=restart_interval, comment=comment, exif=exif,
                                  icc_profile=icc_profile, density=density, threads=threads, raw=raw)
        buffer_size = _int_arg("buffer_size", buffer_size,
                               _framekit._jpege.MIN_STREAM_BUF_SIZE, _MAX_BUFFER)
        self._engine = _engine_arg(engine)
        self._native = self._engine._native
        self._chn = self._engine._take_id()
        self._next_pts = 0
        self._pending = 0
        try:
            self._native.create_channel(self._chn, width, height, buffer_size)
            self._open = True
            try:
                self._native.set_encode_params(self._chn, options)
            except JpegeError as e:
                raise _as_invalid_argument(e) from None
            self._native.start_channel(self._chn)
        except BaseException:
            self.close()
            raise

    # --- lifetime ---------------------------------------------------------------
    def close(self) -> None:
        """Stops the channel and destroys it (pictures not fetched are dropped). Closing
        twice is harmless; any other use of a closed channel raises JpegeError. Calls
        blocked in other threads are woken with JpegeError."""
        with self._cv:
            chn, was_open = self._chn, self._open
            self._chn, self._open = None, False
        if chn is None:
            return
        try:
            if was_open:
                try:
                    self._native.stop_channel(chn)
                finally:
                    self._native.destroy_channel(chn)
        finally:
            with self._cv:
                if self._users:
                    self._orphan, chn = chn, None
            if chn is not None:
                self._engine._give_id(chn)

    @contextlib.contextmanager
    def _live(self) -> Iterator[int]:
        """The channel id for one native call; JpegeError if the channel is closed.
        Without this check a closed channel's id (None) would reach the native engine,
        whose pybind11 signature error says nothing of the real cause."""
        with self._cv:
            if not self._open:
                raise _jpege_error(JpegeError, "HI_ERR_VENC_UNEXIST",
                                   "the channel is closed (it was closed or failed to open)")
            self._users += 1
            chn = self._chn
        try:
            yield chn
        finally:
            with self._cv:
                self._users -= 1
                orphan = self._orphan if self._users == 0 else None
                if orphan is not None:
                    self._orphan = None
            if orphan is not None:
                self._engine._give_id(orphan)

    def __enter__(self) -> Channel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Channel:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    @property
    def id(self) -> Optional[int]:
        """The engine's channel id; None once closed."""
        return self._chn

    @property
    def closed(self) -> bool:
        return not self._open

    def _check_open(self) -> None:
        with self._live():
            pass

    def fileno(self) -> int:
        """An fd that is readable while a picture is ready (for select/poll/epoll)."""
        with self._live() as chn:
            return self._native.fd(chn)

    def status(self) -> dict[str, int]:
        """hi_venc_chn_status as a dict (left_enc_pics, left_stream_frames, ...)."""
        with self._live() as chn:
            return self._native.query_status(chn)

    @property
    def pending(self) -> int:
        """Frames sent whose pictures have not been fetched yet."""
        return self._pending

    # --- frames in, pictures out ---------------------------------------------------
    def send(self,
             frame: Union[_framekit.Frame, _framekit.VideoFrame, _framekit.Tensor,
                          numpy.ndarray, torch.Tensor],
             *,
             pts: Optional[SupportsIndex] = None,
             format: Optional[Union[_framekit.PixelInfo, _framekit.PixelFormat, str]] = None,
             timeout: SupportsIndex = -1,
             raw: bool = False) -> None:
        """Queues a frame (framekit.Frame or array). Blocks while the channel is full
        (timeout in ms: -1 forever, 0 not at all; then JpegeTimeout)."""
        pts = self._next_pts if pts is None else _int_arg("pts", pts, 0, (1 << 64) - 1)
        timeout = _int_arg("timeout", timeout, -1, _INT32_MAX)
        with self._live() as chn:
            self._native.send(chn, frame, format, pts, timeout, bool(raw))
        self._next_pts = pts + 1
        self._pending += 1

    def get(self, timeout: SupportsIndex = -1) -> Optional[Picture]:
        """The next Picture in send order; None if none is ready within `timeout` ms."""
        timeout = _int_arg("timeout", timeout, -1, _INT32_MAX)
        with self._live() as chn:
            try:
                got = self._native.get(chn, timeout)
            except JpegeError as e:
                if getattr(e, "hi_name", None) != "HI_ERR_VENC_UNEXIST":
                    self._pending -= 1  # a failed picture is fetched too
                raise _as_invalid_argument(e) from None
        if got is None:
            return None
        self._pending -= 1
        return Picture(*got)

    def encode(self,
               frames: Iterable[Union[_framekit.Frame, _framekit.VideoFrame, _framekit.Tensor,
                               numpy.ndarray, torch.Tensor]],
               *,
               format: Optional[Union[_framekit.PixelInfo, _framekit.PixelFormat, str]] = None,
               raw: bool = False) -> Iterator[bytes]:
        """Encodes an iterable of frames; yields each JPEG's bytes in order. Keeps up to
        the engine's queue depth of frames in flight so the workers overlap them."""
        self._check_open()
        depth = max(1, self._engine.queue_depth)
        for frame in frames:
            if self._pending >= depth:
                yield self.get().data
            self.send(frame, format=format, raw=raw)
        while self._pending:
            yield self.get().data

    async def get_async(self, timeout: Optional[float] = None) -> Picture:
        """Waits for the next picture without blocking the event loop (the loop watches
        the channel's fd)."""
        self._check_open()
        loop = asyncio.get_running_loop()
        while True:
            got = self.get(0)
            if got is not None:
                return got
            ready = loop.create_future()
            fd = self.fileno()
            loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
            try:
                await asyncio.wait_for(ready, timeout)
            except asyncio.TimeoutError:
                raise JpegeTimeout("no picture within %s s" % timeout) from None
            finally:
                loop.remove_reader(fd)

    async def encode_async(self,
                           frames: Iterable[Union[_framekit.Frame, _framekit.VideoFrame,
                                                  _framekit.Tensor, numpy.ndarray,
                                                  torch.Tensor]],
                           *,
                           format: Optional[Union[_framekit.PixelInfo,
                                                  _framekit.PixelFormat, str]] = None,
                           raw: bool = False) -> AsyncIterator[bytes]:
        """Async generator version of encode(): yields JPEG bytes in order."""
        self._check_open()
        depth = max(1, self._engine.queue_depth)
        for frame in frames:
            if self._pending >= depth:
                yield (await self.get_async()).data
            self.send(frame, format=format, raw=raw)
        while self._pending:
            yield (await self.get_async()).data


def _size_of(frame: Union[_framekit.Frame, _framekit.VideoFrame, _framekit.Tensor,
                          numpy.ndarray, torch.Tensor],
             format: Optional[Union[_framekit.PixelInfo, _framekit.PixelFormat, str]]
             ) -> Tuple[int, int]:
    if isinstance(frame, (_framekit.Frame, _framekit.VideoFrame)):
        if not frame.defined():
            raise _framekit.InvalidArgument("jpege: the frame is undefined (it has no pixels)")
        if isinstance(frame, _framekit.VideoFrame):  # BMF's shape: properties
            return frame.width, frame.height
        return frame.width(), frame.height()
    shape = getattr(frame, "shape", None)
    if shape is None or len(shape) < 2:
        raise _framekit.TypeMismatch("jpege: expected a framekit.Frame or an HxW[xC] array, "
                                     "got %s" % type(frame).__name__)
    if format is not None and str(format).lower() in ("yuyv422", "uyvy422", "yvyu422", "vyuy422"):
        return shape[1] * (2 if len(shape) == 2 else 1), shape[0]
    return shape[1], shape[0]


def _buffer_for(width: int, height: int, least: int) -> int:
    # Room for an incompressible picture, within the engine's largest stream buffer (a
    # real JPEG of a picture that big is far smaller).
    return min(_MAX_BUFFER, max(least, width * height * 4 + 65536))


def encode(frame: Union[_framekit.Frame, _framekit.VideoFrame, _framekit.Tensor,
                        numpy.ndarray, torch.Tensor],
           quality: SupportsIndex = DEFAULT_QUALITY,
           *,
           chroma_quality: Optional[SupportsIndex] = None,
           quant_tables: Optional[Union[Sequence[Sequence[SupportsIndex]],
                                  Sequence[SupportsIndex], numpy.ndarray]] = None,
           subsampling: Optional[str] = None,
           optimize: bool = False,
           progressive: bool = False,
           restart_interval: SupportsIndex = 0,
           comment: Union[str, bytes, None] = None,
           exif: Optional[bytes] = None,
           icc_profile: Optional[bytes] = None,
           density: Optional[Union[Tuple[int, int], Tuple[int, int, str]]] = None,
           threads: SupportsIndex = 1,
           raw: bool = False,
           format: Optional[Union[_framekit.PixelInfo, _framekit.PixelFormat, str]] = None,
           engine: Optional[Engine] = None) -> bytes:
    """One frame (framekit.Frame or array) to JPEG bytes. The options are Channel's."""
    width, height = _size_of(frame, format)
    with Channel(width, height, quality, chroma_quality=chroma_quality, quant_tables=quant_tables,
                 subsampling=subsampling, optimize=optimize, progressive=progressive,
                 restart_interval=restart_interval, comment=comment, exif=exif,
                 icc_profile=icc_profile, density=density, threads=threads, raw=raw,
                 engine=engine, buffer_size=_buffer_for(width, height, 1 << 20)) as ch:
        ch.send(frame, format=format)
        picture = ch.get()
        assert picture is not None  # get() waits without a timeout
        return picture.data


def encode_jpeg(image: Union[_framekit.Frame, _framekit.VideoFrame, _framekit.Tensor,
                             numpy.ndarray, torch.Tensor],
                quality: SupportsIndex = DEFAULT_QUALITY,
                *,
                chroma_quality: Optional[SupportsIndex] = None,
                quant_tables: Optional[Union[Sequence[Sequence[SupportsIndex]],
                                            Sequence[SupportsIndex], numpy.ndarray]] = None,
                subsampling: Optional[str] = None,
                optimize: bool = False,
                progressive: bool = False,
                restart_interval: SupportsIndex = 0,
                comment: Union[str, bytes, None] = None,
                exif: Optional[bytes] = None,
                icc_profile: Optional[bytes] = None,
                density: Optional[Union[Tuple[int, int], Tuple[int, int, str]]] = None,
                threads: SupportsIndex = 1,
                raw: bool = False,
                format: Optional[Union[_framekit.PixelInfo, _framekit.PixelFormat, str]] = None
                ) -> bytes:
    """An image to JPEG bytes: a NumPy array (HxW gray, HxWx3 RGB, HxWx4 RGBA, or any
    layout with ``format=``), a framekit Frame or VideoFrame. framekit.encode_jpeg is
    this function: the bytes of ``jpege.encode`` and of a ``Channel`` with the same
    options.

    The encoder options (the same in ``Channel``, ``encode``, ``encode_jpeg``,
    ``encode_many`` and ``Engine.channel``; bad values raise ``ValueError`` or
    ``TypeError`` naming the option):

    - ``quality``: 1..100 (default 75, ``DEFAULT_QUALITY``), the IJG scaling of the
      Annex K tables; ``chroma_quality``: 1..100 for the Cb/Cr table (cjpeg's
      ``-quality L,C``); ``quant_tables``: 1 to 3 tables of 64 entries 1..255 in
      natural (row-major) order, as sequences or an (n, 64) / (n, 8, 8) array (1: all
      components; 2: luma, chroma; 3: Y, Cb, Cr); it overrides both qualities;
    - ``subsampling``: "444", "422", "420", "440" or "gray"; None = 4:2:0 for RGB,
      the input's own for YUV, gray for gray (YUV input takes its own or "gray", gray
      input only "gray");
    - ``optimize``: optimal Huffman tables; ``progressive``: progressive JPEG (SOF2,
      libjpeg's simple progression, TurboJPEG's bytes);
    - ``restart_interval``: MCUs per restart marker (0 = none);
    - ``comment`` (str, UTF-8, or bytes): a COM segment; ``exif`` (bytes, the TIFF
      structure): an APP1 Exif segment; ``icc_profile`` (bytes): APP2 ICC_PROFILE
      segments (up to 16,707,345 bytes); ``density``: the JFIF density as (x, y, unit),
      unit "dpi", "dpcm" or "aspect" (default (1, 1, "aspect"));
    - ``threads``: accepted for symmetry with C++ and the CLI; the engine lends idle
      workers to big pictures itself, and the bytes never depend on it;
    - ``raw``: encode YUV samples as they are (no range or matrix conversion).
    """
    return encode(image, quality, chroma_quality=chroma_quality, quant_tables=quant_tables,
                  subsampling=subsampling, optimize=optimize, progressive=progressive,
                  restart_interval=restart_interval, comment=comment, exif=exif,
                  icc_profile=icc_profile, density=density, threads=threads, raw=raw,
                  format=format)


def encode_many(frames: Iterable[Union[_framekit.Frame, _framekit.VideoFrame, _framekit.Tensor,
                                        numpy.ndarray, torch.Tensor]],
                quality: SupportsIndex = DEFAULT_QUALITY,
                *,
                channels: Optional[SupportsIndex] = None,
                format: Optional[Union[_framekit.PixelInfo, _framekit.PixelFormat, str]] = None,
                raw: bool = False,
                engine: Optional[Engine] = None,
                **options: Any) -> list[bytes]:
    """Encodes a list of frames over several channels at once; returns the JPEGs in the
    same order. `channels` (1 to 256) defaults to the engine's worker count; `options`
    are Channel's encoder options (subsampling, optimize, progressive …)."""
    if channels is not None:
        channels = _int_arg("channels", channels, 1, _framekit._jpege.MAX_CHANNELS)
    quality = _int_arg("quality", quality, 1, 100)
    engine = _engine_arg(engine)
    frames = list(frames)
    if not frames:
        return []
    n = max(1, min(channels or engine.num_workers, len(frames)))
    width = max(_size_of(f, format)[0] for f in frames)
    height = max(_size_of(f, format)[1] for f in frames)
    results = [None] * len(frames)
    buffer_size = _buffer_for(width, height, _DEFAULT_BUFFER)
    chans = []
    try:
        for _ in range(n):  # inside the try: a channel that fails closes the ones made
            chans.append(Channel(width, height, quality, engine=engine,
                                 buffer_size=buffer_size, **options))
        # Frame i goes to channel i % n; each channel keeps its own order.
        sent = [collections.deque() for _ in range(n)]
        depth = max(1, engine.queue_depth)
        for i, frame in enumerate(frames):
            c = i % n
            if len(sent[c]) >= depth:
                results[sent[c].popleft()] = chans[c].get().data
            chans[c].send(frame, format=format, raw=raw)
            sent[c].append(i)
        for c in range(n):
            while sent[c]:
                results[sent[c].popleft()] = chans[c].get().data
    finally:
        for ch in chans:
            ch.close()
    return results
