"""mp.FrameSeq and mp.concat(frames): batches of frames, checked against NumPy stacks of
the same planes (np.stack, slicing)."""
import numpy as np
import pytest

import framekit as mp


def planes_for(fmt, w, h, rng):
    """Random numpy planes of a frame of `fmt` (w x h), (rows, cols, channels) each."""
    desc = mp.pixel_format_desc(fmt)
    dtype = np.uint8 if desc.dtype == mp.kUInt8 else np.uint16
    hi = 256 if dtype == np.uint8 else 1024
    return [rng.integers(0, hi, size=(desc.plane_height(p, h), desc.plane_width(p, w), pl.channels),
                         dtype=dtype) for p, pl in enumerate(desc.planes)]


@pytest.fixture
def rng():
    return np.random.default_rng(19)


@pytest.mark.parametrize("fmt", [mp.kPF_YUV420P, mp.kPF_NV12, mp.kPF_RGB24, mp.kPF_P010LE])
def test_concat_stacks_planes_like_numpy(fmt, rng):
    batch = [planes_for(fmt, 20, 12, rng) for _ in range(3)]
    info = mp.PixelInfo(fmt)
    frames = [mp.Frame([mp.from_numpy(p) for p in planes], info) for planes in batch]
    seq = mp.concat(frames)
    assert isinstance(seq, mp.FrameSeq)
    assert (seq.batch(), len(seq), seq.width(), seq.height()) == (3, 3, 20, 12)
    assert seq.format() == fmt and seq.pix_info() == info
    assert seq.nplanes() == len(batch[0]) == len(seq.data())
    assert seq.dtype() == frames[0].dtype() and seq.device().type() == mp.kCPU
    for p in range(seq.nplanes()):
        expected = np.stack([planes[p] for planes in batch])
        assert np.array_equal(seq.plane(p).numpy(), expected)
        assert np.array_equal(seq.data()[p].numpy(), expected)


def test_concat_copies(rng):
    rgb = rng.integers(0, 256, size=(6, 8, 3), dtype=np.uint8)
    keep = rgb.copy()
    seq = mp.concat([mp.Frame(mp.from_numpy(rgb), mp.PixelInfo(mp.kPF_RGB24))] * 2)
    seq.plane(0).numpy()[...] = 0
    assert np.array_equal(rgb, keep)


def test_getitem_slice_and_crop_are_numpy_views(rng):
    batch = [planes_for(mp.kPF_YUV420P, 24, 16, rng) for _ in range(4)]
    info = mp.PixelInfo(mp.kPF_YUV420P)
    seq = mp.concat([mp.Frame([mp.from_numpy(p) for p in planes], info) for planes in batch])
    stacks = [np.stack([planes[p] for planes in batch]) for p in range(3)]

    frame = seq[2]
    assert isinstance(frame, mp.Frame) and (frame.width(), frame.height()) == (24, 16)
    for p in range(3):
        assert np.array_equal(frame.plane(p).numpy(), stacks[p][2])
        assert np.array_equal(seq[-1].plane(p).numpy(), stacks[p][-1])
    with pytest.raises(IndexError):
        seq[4]

    part = seq.slice(1, 3)
    assert part.batch() == 2
    tail = seq.slice(-1)
    for p in range(3):
        assert np.array_equal(part.plane(p).numpy(), stacks[p][1:3])
        assert np.array_equal(tail.plane(p).numpy(), stacks[p][-1:])

    left, top, w, h = 4, 2, 10, 8
    cropped = seq.crop(left, top, w, h)
    assert (cropped.width(), cropped.height()) == (w, h)
    for p in range(3):
        s = 1 if p == 0 else 2  # 4:2:0 chroma halves both axes
        ref = stacks[p][:, top // s:(top + h) // s, left // s:(left + w) // s]
        assert np.array_equal(cropped.plane(p).numpy(), ref)

    # Views: a write through seq[0] reaches the sequence.
    seq[0].plane(0).numpy()[...] = 7
    assert (seq.plane(0).numpy()[0] == 7).all()
    assert not (seq.plane(0).numpy()[1] == 7).all()


def test_wrap_planes_and_concat_sequences(rng):
    y = rng.integers(0, 256, size=(2, 4, 6, 1), dtype=np.uint8)
    uv = rng.integers(0, 256, size=(2, 2, 3, 2), dtype=np.uint8)
    seq = mp.FrameSeq([mp.from_numpy(y), mp.from_numpy(uv)], mp.PixelInfo(mp.kPF_NV12))
    assert (seq.batch(), seq.width(), seq.height()) == (2, 6, 4)
    both = mp.concat([seq, seq.slice(0, 1)])
    assert both.batch() == 3
    assert np.array_equal(both.plane(0).numpy(), np.concatenate([y, y[:1]]))
    assert np.array_equal(both.plane(1).numpy(), np.concatenate([uv, uv[:1]]))
    same = seq.to("cpu")
    assert np.array_equal(same.plane(1).numpy(), uv)
    copy = seq.clone()
    copy.plane(0).numpy()[...] = 0
    assert np.array_equal(seq.plane(0).numpy(), y)
    assert "FrameSeq(2 x 6x4" in repr(seq)


def test_bad_batches_raise(rng):
    info = mp.PixelInfo(mp.kPF_YUV420P)
    a = mp.Frame(8, 4, info)
    with pytest.raises(ValueError):
        mp.concat([a, mp.Frame(6, 4, info)])
    with pytest.raises(TypeError):
        mp.concat([a, mp.Frame(8, 4, mp.PixelInfo(mp.kPF_NV12))])
    with pytest.raises(ValueError):
        mp.concat([])
    with pytest.raises(ValueError):
        mp.FrameSeq([mp.from_numpy(np.zeros((2, 4, 6, 1), np.uint8))], mp.PixelInfo(mp.kPF_NV12))
