"""The Python snippets of seed 003 (BMF's "data conversion backend"), with `import
bmf.hml.hmp as mp` played by `import framekit as mp`, `VideoFrame` by
`framekit.VideoFrame`, `pkt.get(VideoFrame)` by a made-up frame, and the typos fixed
(each fix is commented)."""
import numpy as np
import pytest

import framekit as mp
from framekit import VideoFrame


def packet_frame(info=None, w=64, h=48):
    """Stands in for `pkt.get(VideoFrame)`: a VideoFrame with recognisable pixels."""
    info = info or mp.PixelInfo(mp.kPF_RGB24)
    vf = VideoFrame.make(w, h, info)
    for i, p in enumerate(vf.frame().data()):
        a = p.numpy()
        a[...] = (np.arange(a.size).reshape(a.shape) * (i + 3)) % 251
    vf.pts = 1001
    vf.time_base = (1, 30000)
    return vf


def test_seed_scale_and_csc_setup():
    NV12 = mp.PixelInfo(mp.PixelFormat.kPF_NV12, mp.ColorSpace.kCS_BT470BG, mp.ColorRange.kCR_MPEG)
    RGB = mp.PixelInfo(mp.PixelFormat.kPF_RGB24, mp.ColorSpace.kCS_BT709, mp.ColorRange.kCR_MPEG)
    src_vf = packet_frame(RGB)
    # The seed allocates on 'cuda'; this machine has no GPU, so that must fail clearly …
    with pytest.raises(mp.DeviceUnavailable):
        out_frame = mp.Frame(src_vf.frame().width(), src_vf.frame().height(), NV12, device='cuda')
    # … and works on the cpu.
    out_frame = mp.Frame(src_vf.frame().width(), src_vf.frame().height(), NV12, device='cpu')
    assert out_frame.width() == 64 and out_frame.height() == 48
    assert out_frame.format() == mp.kPF_NV12 and out_frame.pix_info() == NV12
    assert [p.shape for p in out_frame.data()] == [(48, 64, 1), (24, 32, 2)]
    assert src_vf.frame().plane(0).shape == (48, 64, 3)


def test_seed_scale_and_csc_call():
    assert hasattr(mp, "img"), "mp.img (conversion) is missing from this build"
    NV12 = mp.PixelInfo(mp.PixelFormat.kPF_NV12, mp.ColorSpace.kCS_BT470BG, mp.ColorRange.kCR_MPEG)
    RGB = mp.PixelInfo(mp.PixelFormat.kPF_RGB24, mp.ColorSpace.kCS_BT709, mp.ColorRange.kCR_MPEG)
    src_vf = packet_frame(RGB)
    out_frame = mp.Frame(src_vf.frame().width(), src_vf.frame().height(), NV12, device='cpu')
    # Seed: out_vf.frame().data() — out_vf is undefined there; out_frame is meant.
    mp.img.rgb_to_yuv(out_frame.data(), src_vf.frame().plane(0), NV12, mp.kNHWC)
    assert out_frame.plane(0).numpy().any()


def test_seed_device_transfer():
    vf = packet_frame()
    moved = False
    with pytest.raises(mp.DeviceUnavailable):  # a RuntimeError: no GPU on this machine
        if (vf.frame().device() == mp.Device('cpu')):
            vf = vf.cuda()
            moved = True
    assert not moved
    assert vf.frame().device() == mp.Device('cpu')
    assert vf.cpu().frame().device() == mp.Device('cpu')


def test_seed_numpy():
    obj = np.arange(48 * 64 * 3, dtype=np.uint8).reshape(48, 64, 3)
    npa = np.array(obj)  # seed: `np1 = np.array(obj)` then uses npa
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    frame = mp.Frame(mp.from_numpy(npa), rgb)  # seed: mp.Frame(mp.from_numpy(npa, rgb)
    vf = VideoFrame(frame)
    # ...video frame process
    np0 = vf.frame().plane(0).numpy()
    assert np.array_equal(np0, obj)
    assert np0.ctypes.data == npa.ctypes.data  # no copy on the way in or out
    # RGB24 has one plane; the seed's plane(1)/plane(2) need a planar format:
    with pytest.raises(IndexError):
        vf.frame().plane(1)


def test_seed_numpy_planar():
    g, b, r = (np.full((48, 64), v, np.uint8) for v in (10, 20, 30))
    gbrp = mp.PixelInfo(mp.kPF_GBRP)
    frame = mp.Frame(mp.from_numpy([g, b, r]), gbrp)
    vf = VideoFrame(frame)
    np0 = vf.frame().plane(0).numpy()
    np1 = vf.frame().plane(1).numpy()
    np2 = vf.frame().plane(2).numpy()
    assert [int(a[0, 0, 0]) for a in (np0, np1, np2)] == [10, 20, 30]
    assert [a.ctypes.data for a in (np0, np1, np2)] == [a.ctypes.data for a in (g, b, r)]


def test_seed_torch_data():
    import torch  # not importorskip: a missing torch is a failure
    vf = packet_frame(mp.PixelInfo(mp.kPF_YUV420P))
    torch_data = vf.frame().data().torch()
    # ...torch process
    assert [tuple(t.shape) for t in torch_data] == [(48, 64, 1), (24, 32, 1), (24, 32, 1)]
    for t, p in zip(torch_data, vf.frame().data()):
        assert t.data_ptr() == p.data_ptr()
        assert np.array_equal(t.numpy(), p.numpy())


def test_seed_torch_roundtrip():
    import torch  # not importorskip: a missing torch is a failure
    vf = packet_frame(mp.PixelInfo(mp.kPF_RGB24))
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    torch_vf = torch.from_dlpack(vf.reformat(rgb).frame().plane(0))
    #... process of torch
    torch_vf = torch_vf.flip(1)  # a real edit: mirror horizontally
    RGB = mp.PixelInfo(mp.PixelFormat.kPF_RGB24, mp.ColorSpace.kCS_BT709, mp.ColorRange.kCR_MPEG)
    frame = mp.Frame(mp.from_torch(torch_vf.contiguous()), RGB)
    bmf_vframe = VideoFrame(frame)
    #...
    expected = vf.frame().plane(0).numpy()[:, ::-1]
    assert np.array_equal(bmf_vframe.frame().numpy(), expected)
    assert bmf_vframe.frame().pix_info() == RGB
    assert bmf_vframe.frame().plane(0).data_ptr() == torch_vf.contiguous().data_ptr()


def test_seed_torch_reformat_from_yuv():
    import torch  # not importorskip: a missing torch is a failure
    vf = packet_frame(mp.PixelInfo(mp.kPF_NV12))
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    converted = vf.reformat(rgb)
    torch_vf = torch.from_dlpack(converted.frame().plane(0))
    assert tuple(torch_vf.shape) == (48, 64, 3)
    assert converted.pts == 1001  # reformat keeps the timing (BMF drops it)
