"""framekit.jpege: multi-channel asynchronous JPEG encoding, the Pythonic way.

The engine behind it is the one the hardware-style API (``framekit.acl``, the
``hi_mpi_*`` C ABI) drives: channels that take frames, a shared pool of worker threads,
streams that come out in send order. Here a channel is a context manager, frames are
``framekit.Frame`` objects or NumPy arrays (HxW gray, HxWx3 RGB, HxWx4 RGBA, or any
layout with ``format=``), and results are ``bytes``::

    import framekit.jpege as jpege

    with jpege.Channel(1920, 1080, quality=85) as ch:
        for jpg in ch.encode(frames):          # pipelined: frames overlap on the workers
            out.write(jpg)

    jpg = jpege.encode(rgb_array, quality=90)  # one picture

    async with jpege.Channel(640, 480) as ch:  # asyncio: waits on the channel's fd
        ch.send(frame)
        jpg = await ch.get_async()

Errors raise ``framekit.JpegeError`` (``.hi_code`` is the hardware's code); timeouts
raise ``framekit.JpegeTimeout`` (also a ``TimeoutError``).
"""
import asyncio
import collections
import threading

from . import _framekit
from ._framekit import JpegeError, JpegeTimeout  # noqa: F401

__all__ = ["Engine", "Channel", "Picture", "encode", "encode_many", "default_engine",
           "JpegeError", "JpegeTimeout"]

Picture = collections.namedtuple("Picture", "data pts seq")
Picture.__doc__ = "An encoded picture: the JPEG bytes, the frame's pts and its send number."

_DEFAULT_BUFFER = 8 << 20


class Engine:
    """A pool of encoding workers shared by its channels (ids assigned automatically)."""

    def __init__(self, workers=0, queue_depth=16):
        self._native = _framekit._jpege.Engine(workers, queue_depth)
        self._lock = threading.Lock()
        self._free_ids = list(range(_framekit._jpege.MAX_CHANNELS - 1, -1, -1))
        self.queue_depth = queue_depth

    @property
    def num_workers(self):
        return self._native.num_workers

    def channel(self, width, height, quality=85, **kwargs):
        return Channel(width, height, quality, engine=self, **kwargs)

    def _take_id(self):
        with self._lock:
            if not self._free_ids:
                raise JpegeError("all 256 channels of this engine are in use")
            return self._free_ids.pop()

    def _give_id(self, chn):
        with self._lock:
            self._free_ids.append(chn)


_default = None
_default_lock = threading.Lock()


def default_engine():
    """The engine channels use unless given one (one worker per core)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Engine()
        return _default


class Channel:
    """One encoding channel: frames in, JPEG bytes out, in send order.

    ``width`` x ``height`` is the largest picture it takes. ``quality`` is 1..100;
    ``restart_interval`` (MCUs) adds restart markers; ``buffer_size`` is the channel's
    stream buffer. Use it as a context manager (sync or async) or call ``close()``.
    """

    def __init__(self, width, height, quality=85, *, restart_interval=0,
                 buffer_size=_DEFAULT_BUFFER, engine=None):
        self._engine = engine or default_engine()
        self._native = self._engine._native
        self._chn = self._engine._take_id()
        self._open = False
        self._next_pts = 0
        self._pending = 0
        try:
            self._native.create_channel(self._chn, width, height, buffer_size)
            self._open = True
            self._native.set_jpeg_param(self._chn, quality, restart_interval)
            self._native.start_channel(self._chn)
        except BaseException:
            self.close()
            raise

    # --- lifetime ---------------------------------------------------------------
    def close(self):
        """Stops the channel and destroys it (pictures not fetched are dropped)."""
        if self._open:
            self._open = False
            try:
                self._native.stop_channel(self._chn)
            finally:
                self._native.destroy_channel(self._chn)
                self._engine._give_id(self._chn)
        elif self._chn is not None and not self._open:
            self._engine._give_id(self._chn)
        self._chn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    @property
    def id(self):
        return self._chn

    def fileno(self):
        """An fd that is readable while a picture is ready (for select/poll/epoll)."""
        return self._native.fd(self._chn)

    def status(self):
        """hi_venc_chn_status as a dict (left_enc_pics, left_stream_frames, ...)."""
        return self._native.query_status(self._chn)

    @property
    def pending(self):
        """Frames sent whose pictures have not been fetched yet."""
        return self._pending

    # --- frames in, pictures out ---------------------------------------------------
    def send(self, frame, *, pts=None, format=None, timeout=-1, raw=False):
        """Queues a frame (framekit.Frame or array). Blocks while the channel is full
        (timeout in ms: -1 forever, 0 not at all; then JpegeTimeout)."""
        if pts is None:
            pts = self._next_pts
        self._native.send(self._chn, frame, format, pts, timeout, raw)
        self._next_pts = pts + 1
        self._pending += 1

    def get(self, timeout=-1):
        """The next Picture in send order; None if none is ready within `timeout` ms."""
        got = self._native.get(self._chn, timeout)
        if got is None:
            return None
        self._pending -= 1
        return Picture(*got)

    def encode(self, frames, *, format=None, raw=False):
        """Encodes an iterable of frames; yields each JPEG's bytes in order. Keeps up to
        the engine's queue depth of frames in flight so the workers overlap them."""
        depth = max(1, self._engine.queue_depth)
        for frame in frames:
            if self._pending >= depth:
                yield self.get().data
            self.send(frame, format=format, raw=raw)
        while self._pending:
            yield self.get().data

    async def get_async(self, timeout=None):
        """Waits for the next picture without blocking the event loop (the loop watches
        the channel's fd)."""
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

    async def encode_async(self, frames, *, format=None, raw=False):
        """Async generator version of encode(): yields JPEG bytes in order."""
        depth = max(1, self._engine.queue_depth)
        for frame in frames:
            if self._pending >= depth:
                yield (await self.get_async()).data
            self.send(frame, format=format, raw=raw)
        while self._pending:
            yield (await self.get_async()).data


def _size_of(frame, format):
    if hasattr(frame, "width") and callable(frame.width):
        return frame.width(), frame.height()
    shape = getattr(frame, "shape", None)
    if shape is None or len(shape) < 2:
        raise TypeError("expected a framekit.Frame or an HxW[xC] array, got %r" % type(frame))
    if format is not None and str(format).lower() in ("yuyv422", "uyvy422", "yvyu422", "vyuy422"):
        return shape[1] * (2 if len(shape) == 2 else 1), shape[0]
    return shape[1], shape[0]


def encode(frame, quality=85, *, format=None, raw=False, engine=None):
    """One frame (framekit.Frame or array) to JPEG bytes."""
    width, height = _size_of(frame, format)
    with Channel(width, height, quality, engine=engine,
                 buffer_size=max(1 << 20, width * height * 4 + 65536)) as ch:
        ch.send(frame, format=format, raw=raw)
        return ch.get().data


def encode_many(frames, quality=85, *, channels=None, format=None, raw=False, engine=None):
    """Encodes a list of frames over several channels at once; returns the JPEGs in the
    same order. `channels` defaults to the engine's worker count."""
    frames = list(frames)
    if not frames:
        return []
    engine = engine or default_engine()
    n = max(1, min(channels or engine.num_workers, len(frames)))
    width = max(_size_of(f, format)[0] for f in frames)
    height = max(_size_of(f, format)[1] for f in frames)
    results = [None] * len(frames)
    buffer_size = max(_DEFAULT_BUFFER, width * height * 4 + 65536)
    chans = [Channel(width, height, quality, engine=engine, buffer_size=buffer_size)
             for _ in range(n)]
    try:
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
