"""Misuse of the Python API (issue 23, findings 5 and 11): threads racing on one
VideoFrame, closed channels, out-of-range knobs. Each case must raise a clear framekit
error (or work), never crash the interpreter or reserve absurd resources.
"""
import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import framekit as mp
import framekit.jpege as jpege
from test_acl import djpeg


def run_python(code, timeout=120):
    """Runs code in a fresh interpreter, so that a crash fails the test, not pytest."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, env=env)


# --- finding 5: metadata written by one thread while others copy the frame ------------

RACE = """
    import sys, threading, time
    import framekit as mp

    sys.setswitchinterval(1e-6)  # hand the GIL over as often as possible
    nv12 = mp.PixelInfo(mp.kPF_NV12, mp.kCS_BT709, mp.kCR_MPEG)
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    vf = mp.VideoFrame.make(32, 16, nv12)
    vf.frame().plane(0).numpy()[...] = 77
    vf.frame().plane(1).numpy()[...] = 128
    SECONDS = {seconds}
    stop = time.monotonic() + SECONDS
    errors, counts = [], {{}}

    def writer():
        # Whole-map assignments keep gen == check at every GIL-held moment; the key
        # churn in between rebalances the map while readers may be copying it.
        g = 0
        try:
            while time.monotonic() < stop:
                g += 1
                vf.metadata = {{"gen": str(g), "check": str(g)}}
                for j in range(64):
                    vf.metadata["k%03d" % j] = "v%d" % g
                for j in range(0, 64, 2):
                    del vf.metadata["k%03d" % j]
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    def setter():
        # A second writer that only adds and overwrites keys (never gen/check).
        g = 0
        try:
            while time.monotonic() < stop:
                g += 1
                vf.metadata.update({{"u%d" % j: "x" * ((g + j) % 40) for j in range(32)}})
                vf.metadata["s%d" % (g % 97)] = str(g)
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    def check(out, what):
        m = out.metadata.copy()
        if "gen" in m and m.get("gen") != m.get("check"):
            raise AssertionError("%s: torn metadata %r" % (what, m))
        for k, v in m.items():
            if not (isinstance(k, str) and isinstance(v, str)):
                raise AssertionError("%s: bad entry %r" % (what, (k, v)))

    def reader(name, op):
        n = 0
        try:
            while time.monotonic() < stop:
                out = op()
                check(out, name)
                n += 1
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))
        counts[name] = n

    def convert():
        return mp.convert(vf, mp.MediaDesc(), mp.MediaDesc().pixel_format(mp.kPF_RGB24))

    ops = {{
        "clone": vf.clone,
        "reformat": lambda: vf.reformat(rgb),
        "to": lambda: vf.to("cpu"),
        "cpu": vf.cpu,
        "convert": convert,
    }}
    threads = [threading.Thread(target=writer), threading.Thread(target=setter)]
    threads += [threading.Thread(target=reader, args=(k, op)) for k, op in ops.items()]
    threads += [threading.Thread(target=reader, args=("clone2", vf.clone))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert all(counts.get(k, 0) > 0 for k in list(ops) + ["clone2"]), counts
    out = vf.reformat(rgb)
    assert (out.frame().numpy() == out.frame().numpy()[0, 0]).all()  # uniform grey stays
    print("ok", sorted(counts.items()))
"""


def test_metadata_race_with_clone_reformat_to_convert():
    run = run_python(RACE.format(seconds=4))
    assert run.returncode == 0, (run.returncode, run.stdout, run.stderr[-2000:])
    assert run.stdout.startswith("ok"), run.stdout


def test_private_attachment_race_with_convert():
    # private_attach replaces the attachment map (under the GIL) while convert() reads
    # it with the GIL released.
    code = """
        import sys, threading, time
        import numpy as np
        import framekit as mp

        sys.setswitchinterval(1e-6)
        vf = mp.VideoFrame.make(16, 8, mp.PixelInfo(mp.kPF_RGB24))
        arrays = [np.full((8, 16, 3), i, np.uint8) for i in range(8)]
        stop = time.monotonic() + 3
        errors = []

        def attach():
            i = 0
            while time.monotonic() < stop:
                vf.private_attach(arrays[i % 8])
                vf.private_attach(None)
                i += 1

        def convert():
            src = mp.MediaDesc().media_type(mp.MediaType.kTensor).pixel_format(mp.kPF_RGB24)
            dst = mp.MediaDesc().pixel_format(mp.kPF_RGB24)
            while time.monotonic() < stop:
                try:
                    out = mp.convert(vf, src, dst)
                    px = out.frame().numpy()
                    assert (px == px[0, 0, 0]).all(), "mixed pixels"
                except mp.Error:
                    pass  # no attachment at that moment: a clean error is fine
                except AssertionError as e:
                    errors.append(repr(e))
                    return

        ts = [threading.Thread(target=attach)] + [threading.Thread(target=convert)
                                                    for _ in range(2)]
        for t in ts: t.start()
        for t in ts: t.join()
        assert not errors, errors
        print("ok")
    """
    run = run_python(code)
    assert run.returncode == 0, (run.returncode, run.stdout, run.stderr[-2000:])


def test_clone_metadata_is_a_snapshot():
    vf = mp.VideoFrame.make(8, 8, mp.PixelInfo(mp.kPF_RGB24))
    vf.metadata["a"] = "1"
    out = vf.clone()
    vf.metadata["a"] = "2"
    assert out.metadata["a"] == "1" and vf.metadata["a"] == "2"


# --- finding 11: closed channels --------------------------------------------------------

def closed_channel():
    ch = jpege.Channel(32, 16)
    ch.close()
    return ch


def assert_closed_error(excinfo):
    e = excinfo.value
    assert isinstance(e, mp.JpegeError) and isinstance(e, RuntimeError)
    assert "closed" in str(e)
    assert "incompatible function arguments" not in str(e)
    assert e.hi_name == "HI_ERR_VENC_UNEXIST"


@pytest.mark.parametrize("call", [
    lambda ch: ch.send(np.zeros((16, 32, 3), np.uint8)),
    lambda ch: ch.get(),
    lambda ch: ch.get(0),
    lambda ch: ch.fileno(),
    lambda ch: ch.status(),
    lambda ch: next(ch.encode([np.zeros((16, 32, 3), np.uint8)])),
], ids=["send", "get", "get0", "fileno", "status", "encode"])
def test_closed_channel_methods_raise_clear_error(call):
    ch = closed_channel()
    with pytest.raises(mp.JpegeError) as excinfo:
        call(ch)
    assert_closed_error(excinfo)


def test_closed_channel_async_and_double_close():
    import asyncio
    ch = closed_channel()
    with pytest.raises(mp.JpegeError) as excinfo:
        asyncio.run(ch.get_async(timeout=1))
    assert_closed_error(excinfo)

    async def consume():
        return [j async for j in ch.encode_async([np.zeros((16, 32, 3), np.uint8)])]
    with pytest.raises(mp.JpegeError) as excinfo:
        asyncio.run(consume())
    assert_closed_error(excinfo)
    ch.close()  # a second close is harmless
    ch.close()
    assert ch.closed and ch.id is None
    with jpege.Channel(32, 16) as live:
        assert not live.closed
    assert live.closed


def test_closed_channel_id_is_reused_safely():
    # The closed channel's id goes back to the engine; a new channel may take it. The
    # old object must not reach the new channel.
    engine = jpege.Engine(workers=1)
    old = engine.channel(32, 16)
    old_id = old.id
    old.close()
    new = engine.channel(32, 16)
    try:
        assert new.id == old_id
        with pytest.raises(mp.JpegeError, match="closed"):
            old.send(np.zeros((16, 32, 3), np.uint8))
        assert new.status()["left_recv_pics"] == 0  # nothing arrived through `old`
    finally:
        new.close()


class CloseDuringSend:
    """An array-like whose __dlpack__ runs inside the native send, after the channel id
    was read: it closes the channel and opens another on the same engine, which takes
    the freed id at once. This is what a close() from another thread can do at that
    moment, made deterministic."""

    def __init__(self, victim, engine, array):
        self.victim, self.engine, self.array, self.other = victim, engine, array, None

    def __dlpack__(self, stream=None):
        self.victim.close()
        self.other = self.engine.channel(32, 16)
        return self.array.__dlpack__()

    def __dlpack_device__(self):
        return self.array.__dlpack_device__()


def test_close_during_a_call_never_sends_into_another_channel():
    engine = jpege.Engine(workers=1)
    victim = engine.channel(32, 16)
    sneaky = CloseDuringSend(victim, engine, np.full((16, 32, 3), 200, np.uint8))
    try:
        with pytest.raises(mp.JpegeError) as excinfo:
            victim.send(sneaky)
        assert excinfo.value.hi_name == "HI_ERR_VENC_UNEXIST"
        other = sneaky.other
        assert other.id != victim.id and other.id is not None
        assert other.get(timeout=300) is None  # the frame did not land in the new channel
        assert other.status()["left_recv_pics"] == 0
        # Once the call has left, the id is free again: no id leaks.
        third = engine.channel(32, 16)
        ids = {third.id, other.id}
        third.close()
    finally:
        if sneaky.other is not None:
            sneaky.other.close()
    assert len(ids) == 2
    assert engine._free_ids.count(0) == 1 and len(engine._free_ids) == 256


def test_concurrent_close_gives_the_id_back_once():
    engine = jpege.Engine(workers=1)
    for _ in range(20):
        ch = engine.channel(32, 16)
        threads = [threading.Thread(target=ch.close) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(engine._free_ids) == list(range(256))  # no id twice, none lost


# --- finding 11: thread count ------------------------------------------------------------

@pytest.mark.parametrize("n", [10**6, 1025, 0, -1, 2**31, 10**30, -(10**30)])
def test_set_num_threads_out_of_range(n):
    old = mp.get_num_threads()
    with pytest.raises(mp.InvalidArgument) as excinfo:
        mp.set_num_threads(n)
    assert isinstance(excinfo.value, ValueError)
    assert str(n) in str(excinfo.value) and "1 to 1024" in str(excinfo.value)
    assert mp.get_num_threads() == old


@pytest.mark.parametrize("n", [2.0, "4", None])
def test_set_num_threads_wrong_type(n):
    with pytest.raises(mp.TypeMismatch, match="expected an int"):
        mp.set_num_threads(n)


def test_set_num_threads_bounds_round_trip():
    assert mp.MAX_NUM_THREADS == 1024
    old = mp.get_num_threads()
    try:
        for n in (1, 2, np.int64(3), mp.MAX_NUM_THREADS):
            mp.set_num_threads(n)  # set only: no kernel runs with 1024 threads here
            assert mp.get_num_threads() == int(n)
    finally:
        mp.set_num_threads(old)
    assert mp.get_num_threads() == old


def test_env_num_threads_out_of_range_is_ignored():
    code = "import framekit as mp; print(mp.get_num_threads())"
    env_run = lambda v: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p),
                 FRAMEKIT_NUM_THREADS=v))
    assert env_run("3").stdout.strip() == "3"
    default = int(env_run("").stdout)
    assert 1 <= default <= 1024
    for bad in ("1000000", "0", "-4", "3abc", "99999999999999999999"):
        run = env_run(bad)
        assert run.returncode == 0, run.stderr
        assert int(run.stdout) == default, bad


# --- finding 11: Frame row alignment -------------------------------------------------------

@pytest.mark.parametrize("align", [1 << 30, 8192, 1 << 40, 0, -64])
def test_frame_row_align_bounded(align):
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    with pytest.raises(mp.InvalidArgument) as excinfo:
        mp.Frame(16, 16, rgb, "cpu", align)
    assert str(align) in str(excinfo.value) and "4096" in str(excinfo.value)
    frame = mp.Frame(16, 16, rgb)
    with pytest.raises(mp.InvalidArgument, match="4096"):
        frame.clone(row_align=align)


def test_frame_row_align_page_is_the_largest():
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    frame = mp.Frame(16, 16, rgb, "cpu", 4096)
    assert frame.plane_stride_bytes(0) == 4096
    src = mp.Frame(np.arange(16 * 16 * 3, dtype=np.uint8).reshape(16, 16, 3), rgb)
    out = src.clone(row_align=4096)
    assert out.plane_stride_bytes(0) == 4096
    assert np.array_equal(out.plane(0).numpy(), src.numpy())
    with pytest.raises(mp.InvalidArgument, match="power of two"):
        mp.Frame(16, 16, rgb, "cpu", 48)


# --- finding 11: jpege arguments ----------------------------------------------------------

FRAMES = [np.full((16, 32, 3), 40 * i, np.uint8) for i in range(3)]


def assert_range_error(excinfo, value, lo, hi):
    e = excinfo.value
    assert isinstance(e, ValueError) and isinstance(e, mp.JpegeError)
    assert e.hi_name == "HI_ERR_VENC_ILLEGAL_PARAM"
    assert str(value) in str(e) and "%d to %d" % (lo, hi) in str(e)


@pytest.mark.parametrize("channels", [0, 257, -1, 10**20])
def test_encode_many_channels_range(channels):
    with pytest.raises(ValueError) as excinfo:
        jpege.encode_many(FRAMES, channels=channels)
    assert_range_error(excinfo, channels, 1, 256)


def test_encode_many_checks_before_an_empty_list_returns():
    with pytest.raises(ValueError, match="channels"):
        jpege.encode_many([], channels=0)
    assert jpege.encode_many([], channels=2) == []


@pytest.mark.parametrize("quality", [0, 101, -1, 2**32 + 85])
def test_encode_many_and_channel_quality_range(quality):
    with pytest.raises(ValueError) as excinfo:
        jpege.encode_many(FRAMES, quality=quality)
    assert_range_error(excinfo, quality, 1, 100)
    with pytest.raises(ValueError) as excinfo:
        jpege.Channel(32, 16, quality=quality)
    assert_range_error(excinfo, quality, 1, 100)
    with pytest.raises(ValueError) as excinfo:
        jpege.encode(FRAMES[0], quality)
    assert_range_error(excinfo, quality, 1, 100)


def test_encode_many_valid_extremes_round_trip():
    out = jpege.encode_many(FRAMES, quality=100, channels=256)  # more channels than frames
    assert [int(djpeg(j).mean()) for j in out] == [0, 40, 80]
    out = jpege.encode_many(FRAMES, quality=1, channels=1)
    assert len(out) == 3 and all(j[:2] == b"\xff\xd8" for j in out)


@pytest.mark.parametrize("kwargs, name, lo, hi", [
    ({"workers": -1}, "workers", 0, 1024),
    ({"workers": 1025}, "workers", 0, 1024),
    ({"queue_depth": 0}, "queue_depth", 1, 4096),
    ({"queue_depth": 2**40}, "queue_depth", 1, 4096),
])
def test_engine_arguments(kwargs, name, lo, hi):
    with pytest.raises(ValueError) as excinfo:
        jpege.Engine(**kwargs)
    assert_range_error(excinfo, next(iter(kwargs.values())), lo, hi)
    assert name in str(excinfo.value)


@pytest.mark.parametrize("args, kwargs, name, value, lo, hi", [
    ((-1, 16), {}, "width", -1, 1, 65535),
    ((32, 70000), {}, "height", 70000, 1, 65535),
    ((32, 16), {"restart_interval": -1}, "restart_interval", -1, 0, 65535),
    ((32, 16), {"buffer_size": -1}, "buffer_size", -1, 4096, 1 << 31),
    ((32, 16), {"buffer_size": 1 << 40}, "buffer_size", 1 << 40, 4096, 1 << 31),
])
def test_channel_arguments(args, kwargs, name, value, lo, hi):
    with pytest.raises(ValueError) as excinfo:
        jpege.Channel(*args, **kwargs)
    assert_range_error(excinfo, value, lo, hi)
    assert name in str(excinfo.value)


@pytest.mark.parametrize("kwargs, name, value, lo, hi", [
    ({"pts": -1}, "pts", -1, 0, 2**64 - 1),
    ({"timeout": -2}, "timeout", -2, -1, 2**31 - 1),
    ({"timeout": 2**40}, "timeout", 2**40, -1, 2**31 - 1),
])
def test_send_arguments(kwargs, name, value, lo, hi):
    with jpege.Channel(32, 16) as ch:
        with pytest.raises(ValueError) as excinfo:
            ch.send(FRAMES[0], **kwargs)
        assert_range_error(excinfo, value, lo, hi)
        with pytest.raises(ValueError):
            ch.get(timeout=-5)
        ch.send(FRAMES[1], pts=2**64 - 1)  # the channel still works, largest pts included
        assert ch.get(timeout=10000).pts == 2**64 - 1


@pytest.mark.parametrize("call", [
    lambda: jpege.encode_many(FRAMES, channels="2"),
    lambda: jpege.encode_many(FRAMES, channels=2.0),
    lambda: jpege.encode_many(FRAMES, quality="high"),
    lambda: jpege.encode_many(FRAMES, engine="default"),
    lambda: jpege.encode(None),
    lambda: jpege.encode(np.zeros(16, np.uint8)),
    lambda: jpege.Channel(32.0, 16),
])
def test_jpege_wrong_types(call):
    with pytest.raises(mp.TypeMismatch) as excinfo:
        call()
    assert isinstance(excinfo.value, TypeError)
    assert "incompatible function arguments" not in str(excinfo.value)


def test_jpege_undefined_frame_and_video_frame():
    with pytest.raises(mp.InvalidArgument, match="undefined"):
        jpege.encode(mp.Frame())
    with pytest.raises(mp.InvalidArgument, match="undefined"):
        jpege.encode(mp.VideoFrame())
    # A VideoFrame is encoded as its frame.
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    frame = mp.Frame(np.full((16, 32, 3), 90, np.uint8), rgb)
    assert jpege.encode(mp.VideoFrame(frame), 90) == jpege.encode(frame, 90)


def test_encode_many_failed_channel_closes_the_others():
    engine = jpege.Engine(workers=1)
    hogs = [engine.channel(16, 16) for _ in range(254)]  # leaves 2 of 256 ids free
    try:
        with pytest.raises(mp.JpegeError, match="256 channels"):
            jpege.encode_many(FRAMES, channels=3, engine=engine)
        # The two channels encode_many did open were closed again: both ids are free.
        a, b = engine.channel(16, 16), engine.channel(16, 16)
        a.close()
        b.close()
    finally:
        for h in hogs:
            h.close()


# --- other misuse found while probing the API ----------------------------------------------

@pytest.mark.parametrize("call", [
    "mp.empty([3], mp.ScalarType(99))",
    "mp.zeros([3], mp.ScalarType(99))",
    "mp.from_numpy(np.zeros(4, np.uint8)).to(mp.ScalarType(99))",
    "mp.to_numpy_dtype(mp.ScalarType(99))",
])
def test_invalid_scalar_type_value_is_refused(call):
    # Python enums take any int; ScalarType(99) used to kill the interpreter (SIGFPE:
    # item size 0). Run in a child so a crash is a failure, not the end of pytest.
    run = run_python("""
        import numpy as np, framekit as mp
        try:
            %s
        except mp.InvalidArgument as e:
            assert "99" in str(e), e
            print("refused")
    """ % call)
    assert run.returncode == 0 and run.stdout.strip() == "refused", (run.returncode, run.stderr)


@pytest.mark.parametrize("call", [
    lambda: mp.img.to_tensor(mp.Frame(4, 4, mp.PixelInfo(mp.kPF_RGB24)), mp.ChannelFormat(99)),
    lambda: mp.img.rgb_to_yuv(np.zeros((4, 4, 3), np.uint8), mp.PixelInfo(mp.kPF_NV12),
                              mp.ChannelFormat(99)),
    lambda: mp.img.yuv_to_rgb([np.zeros((4, 4, 1), np.uint8), np.zeros((2, 2, 2), np.uint8)],
                              mp.PixelInfo(mp.kPF_NV12), mp.ChannelFormat(99)),
])
def test_invalid_channel_format_value_is_refused(call):
    # These used to read ChannelFormat(99) as NHWC silently.
    with pytest.raises(mp.InvalidArgument, match="channel format 99"):
        call()


def test_metadata_types_are_checked_with_clear_errors():
    vf = mp.VideoFrame.make(4, 4, mp.PixelInfo(mp.kPF_RGB24))
    with pytest.raises(mp.TypeMismatch, match="value of 'fps' must be a str, got int"):
        vf.metadata["fps"] = 30
    with pytest.raises(mp.TypeMismatch, match="key must be a str, got int"):
        vf.metadata[1] = "a"
    with pytest.raises(mp.TypeMismatch, match="value of 'a' must be a str"):
        vf.metadata = {"a": 1}
    with pytest.raises(mp.TypeMismatch, match="dict"):
        vf.metadata.update(None)
    with pytest.raises(UnicodeEncodeError):
        vf.metadata["a"] = "\udcff"
    assert len(vf.metadata) == 0  # nothing half-written
    other = mp.VideoFrame.make(4, 4, mp.PixelInfo(mp.kPF_RGB24))
    other.metadata["k"] = "v"
    vf.metadata = other.metadata          # a view is a mapping too
    vf.metadata.update(other.metadata)
    vf.metadata.update({"x": "y"})
    assert vf.metadata == {"k": "v", "x": "y"}


@pytest.mark.parametrize("call, exc, text", [
    (lambda vf: setattr(vf, "pts", "x"), mp.TypeMismatch, "pts: expected an int"),
    (lambda vf: setattr(vf, "pts", 2**70), mp.InvalidArgument, "pts: 1180591620717411303424"),
    (lambda vf: setattr(vf, "duration", None), mp.TypeMismatch, "duration: expected an int"),
    (lambda vf: setattr(vf, "time_base", (1.5, 2)), mp.TypeMismatch, "time_base numerator"),
    (lambda vf: mp.MediaDesc().width("x"), mp.TypeMismatch, "MediaDesc size: expected an int"),
    (lambda vf: mp.MediaDesc(widht=3), mp.InvalidArgument, "unknown field 'widht'"),
    (lambda vf: mp.from_numpy(np.zeros(4, np.uint8))[2**70], mp.InvalidArgument, "tensor index"),
])
def test_unclear_cast_errors_are_named(call, exc, text):
    # These raised pybind11's "Unable to cast Python instance to C++ type", an error
    # that names neither the argument nor the expected type.
    vf = mp.VideoFrame.make(4, 4, mp.PixelInfo(mp.kPF_RGB24))
    with pytest.raises(exc, match=text.replace("(", r"\(")) as excinfo:
        call(vf)
    assert "Unable to cast" not in str(excinfo.value)
    vf.pts = 5
    vf.duration = np.int64(7)
    assert (vf.pts, vf.duration) == (5, 7)
