"""framekit.jpege, the Pythonic JPEGE API: channels as context managers, iterables of
frames and NumPy arrays to JPEG bytes, asyncio waiting on the channel's fd, errors.

JPEGs are decoded with djpeg (libjpeg-turbo), independently of framekit.
"""
import asyncio
import gc
import select

import numpy as np
import pytest

import framekit as mp
import framekit.jpege as jpege
from test_acl import djpeg, gray_decode, psnr


def rgb_picture(h, w, seed=0):
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([
        (128 + 100 * np.sin(0.04 * x + 0.02 * y + seed)),
        (128 + 80 * np.cos(0.03 * x - 0.05 * y + seed)),
        (128 + 60 * np.sin(0.02 * (x + y) + seed)),
    ], axis=-1).astype(np.uint8)


def test_encode_one_array():
    rgb = rgb_picture(120, 160)
    jpg = jpege.encode(rgb, 95)
    assert jpg[:2] == b"\xff\xd8"
    assert psnr(djpeg(jpg), rgb) > 30
    gray = rgb[:, :, 0].copy()
    assert psnr(gray_decode(jpege.encode(gray, 95)), gray) > 40


def test_channel_context_manager_encodes_an_iterable_in_order():
    pictures = [rgb_picture(96, 128, seed=i) for i in range(12)]
    with jpege.Channel(128, 96, quality=90) as ch:
        assert ch.id is not None
        out = list(ch.encode(iter(pictures)))
        assert ch.status()["left_stream_frames"] == 0
    assert ch.id is None  # closed
    assert len(out) == len(pictures)
    for jpg, rgb in zip(out, pictures):
        assert psnr(djpeg(jpg), rgb) > 30  # each output is its own input, in order
    # Different inputs give different outputs (nothing duplicated).
    assert len(set(out)) == len(out)


def test_framekit_frames_any_format():
    rgb = rgb_picture(64, 80)
    yuyv = mp.Frame(80, 64, mp.PixelInfo(mp.PixelFormat.kPF_YUYV422))
    plane = yuyv.plane(0).numpy()
    plane[...] = 128
    plane[:, :, 0] = rgb[:, :, 1]  # luma samples
    nv12 = mp.Frame(80, 64, mp.PixelInfo(mp.PixelFormat.kPF_NV12))
    nv12.plane(0).numpy()[..., 0] = rgb[:, :, 2]
    nv12.plane(1).numpy()[...] = 128
    with jpege.Channel(80, 64, quality=100) as ch:
        ch.send(yuyv, pts=10, raw=True)
        ch.send(nv12, pts=11, raw=True)
        a, b = ch.get(5000), ch.get(5000)
    assert (a.pts, b.pts) == (10, 11)
    assert psnr(gray_decode(a.data), rgb[:, :, 1]) > 40
    assert psnr(gray_decode(b.data), rgb[:, :, 2]) > 40


def test_encode_many_spreads_over_channels_and_keeps_order():
    pictures = [rgb_picture(48 + 8 * (i % 3), 64, seed=i) for i in range(20)]
    out = jpege.encode_many(pictures, quality=85, channels=4)
    assert len(out) == 20
    for jpg, rgb in zip(out, pictures):
        dec = djpeg(jpg)
        assert dec.shape == rgb.shape
        assert psnr(dec, rgb) > 28


def test_fd_works_with_select():
    with jpege.Channel(64, 64) as ch:
        assert select.select([ch], [], [], 0)[0] == []
        ch.send(rgb_picture(64, 64))
        assert select.select([ch], [], [], 5)[0] == [ch]
        assert ch.get(0) is not None
        assert ch.get(0) is None  # nothing more: get(0) polls


def test_asyncio_waits_on_the_fd():
    async def main():
        pictures = [rgb_picture(64, 64, seed=i) for i in range(6)]
        async with jpege.Channel(64, 64, quality=90) as ch:
            out = [jpg async for jpg in ch.encode_async(pictures)]
            ch.send(pictures[0], pts=77)
            pic = await ch.get_async(timeout=5)
            with pytest.raises(mp.JpegeTimeout):
                await ch.get_async(timeout=0.05)
        return out, pic
    out, pic = asyncio.run(main())
    assert len(out) == 6 and pic.pts == 77
    assert pic.data == out[0]


def test_errors_are_exceptions_with_the_hardware_code():
    with pytest.raises(mp.JpegeError) as info:
        jpege.Channel(0, 64)
    assert info.value.hi_code == 0xA0088003
    assert info.value.hi_name == "HI_ERR_VENC_ILLEGAL_PARAM"
    assert isinstance(info.value, RuntimeError) and isinstance(info.value, mp.Error)
    with jpege.Channel(32, 32) as ch:
        with pytest.raises(mp.JpegeError) as info:
            ch.send(rgb_picture(64, 64))  # larger than the channel
        assert info.value.hi_code == 0xA0088003
        with pytest.raises(mp.JpegeError) as info:
            jpege.Channel(32, 32, quality=101)
        with pytest.raises(TypeError):
            ch.send(np.zeros((4, 4, 7), np.uint8))
        assert ch.get(0) is None
    engine = jpege.Engine(workers=1, queue_depth=1)
    with engine.channel(64, 64, buffer_size=4096) as ch:
        # A 4 KiB stream buffer that is never drained: the channel fills, send times out.
        with pytest.raises(mp.JpegeTimeout) as info:
            for _ in range(200):
                ch.send(rgb_picture(64, 64), timeout=50)
        assert info.value.hi_code == 0xA008800F
        assert isinstance(info.value, TimeoutError)


def test_inputs_stay_alive_until_encoded():
    """Arrays handed to send() may be dropped at once: the channel keeps them."""
    with jpege.Channel(256, 256, quality=80) as ch:
        expected = []
        for i in range(8):
            a = rgb_picture(256, 256, seed=i)
            expected.append(a.copy())
            ch.send(a)
            del a
            gc.collect()
        for rgb in expected:
            assert psnr(djpeg(ch.get(10000).data), rgb) > 28


def test_many_channels_share_one_engine():
    engine = jpege.Engine(workers=2)
    assert engine.num_workers == 2
    chans = [engine.channel(64, 64) for _ in range(10)]
    assert len({c.id for c in chans}) == 10
    for i, c in enumerate(chans):
        c.send(rgb_picture(64, 64, seed=i))
    for i, c in enumerate(chans):
        assert psnr(djpeg(c.get(5000).data), rgb_picture(64, 64, seed=i)) > 28
        c.close()
    ids = {engine.channel(8, 8).id for _ in range(3)}
    assert ids  # ids are reused after close
