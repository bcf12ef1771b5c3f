"""The Python snippets of seed 003 (BMF's "data conversion backend") run through framekit's
`bmf` package, with BMF's own imports (`from bmf import *`, `import bmf.hml.hmp as mp`).

Each SNIPPET is the seed's text as written. The seed's snippets assume a module's
`pkt` (a packet holding a VideoFrame) and an input `obj`: the tests supply them. Where
the seed's text cannot run as written (a typo, an unclosed parenthesis, a GPU), the
test says so and runs the smallest fix, commented, as test_seed.py does with
framekit's names."""
import textwrap

import numpy as np
import pytest

import framekit as fk

SNIPPET_CSC = """
    from bmf import *
    import bmf.hml.hmp as mp

    NV12 = mp.PixelInfo(mp.PixelFormat.kPF_NV12, mp.ColorSpace.kCS_BT470BG, mp.ColorRange.kCR_MPEG)
    RGB = mp.PixelInfo(mp.PixelFormat.kPF_RGB24, mp.ColorSpace.kCS_BT709, mp.ColorRange.kCR_MPEG)
    src_vf = pkt.get(VideoFrame)
    out_frame = mp.Frame(src_vf.frame().width(), src_vf.frame().height(), NV12, device='cuda')
    mp.img.rgb_to_yuv(out_vf.frame().data(), src_vf.frame().plane(0), NV12, mp.kNHWC)
"""

SNIPPET_DEVICE = """
    from bmf import *
    import bmf.hml.hmp as mp
    vf = pkt.get(VideoFrame)
    if (vf.frame().device() == mp.Device('cpu')):
        vf = vf.cuda()
    #...
"""

SNIPPET_NUMPY = """
    from bmf import *
    import numpy as np
    np1 = np.array(obj)
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    frame = mp.Frame(mp.from_numpy(npa, rgb)
    vf = VideoFrame(frame)
    #...video frame process
    np0 = vf.frame().plane(0).numpy()
    np1 = vf.frame().plane(1).numpy()
    np2 = vf.frame().plane(2).numpy()
"""

SNIPPET_TORCH_DATA = """
    from bmf import *
    import torch
    vf = pkt.get(VideoFrame)
    torch_data = vf.frame().data().torch()
    #...torch process
"""

SNIPPET_TORCH_ROUNDTRIP = """
    from bmf import *
    import bmf.hml.hmp as mp
    import torch
    vf = pkt.get(VideoFrame)
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    torch_vf = torch.from_dlpack(vf.reformat(rgb).frame().plane(0))
    #... process of torch
    RGB = mp.PixelInfo(mp.PixelFormat.kPF_RGB24, mp.ColorSpace.kCS_BT709, mp.ColorRange.kCR_MPEG)
    frame = mp.Frame(mp.from_torch(torch_vf.contiguous()), RGB)
    bmf_vframe = VideoFrame(frame)
    #...
"""


class Packet:
    """Stands in for the module's input packet: pkt.get(VideoFrame) gives its frame."""

    def __init__(self, vf):
        self.vf = vf

    def get(self, cls):
        assert isinstance(self.vf, cls)
        return self.vf


def packet(info, w=64, h=48):
    from bmf import VideoFrame
    vf = VideoFrame(w, h, info)  # BMF's constructor
    for i, plane in enumerate(vf.frame().data()):
        a = plane.numpy()
        a[...] = (np.arange(a.size).reshape(a.shape) * (i + 3)) % 251
    return Packet(vf)


def run(snippet, **names):
    namespace = dict(names)
    exec(compile(textwrap.dedent(snippet), "seed-003", "exec"), namespace)  # noqa: S102
    return namespace


def rgb_packet():
    return packet(fk.PixelInfo(fk.kPF_RGB24, fk.kCS_BT709, fk.kCR_MPEG))


def test_csc_snippet_as_written_stops_at_the_gpu():
    # As written it allocates on 'cuda': this machine has none, and says so.
    with pytest.raises(fk.DeviceUnavailable):
        run(SNIPPET_CSC, pkt=rgb_packet())


def test_csc_snippet_on_the_cpu():
    fixed = (SNIPPET_CSC.replace("device='cuda'", "device='cpu'")  # no GPU here
             .replace("out_vf.frame().data()", "out_frame.data()"))  # seed: out_vf undefined
    ns = run(fixed, pkt=rgb_packet())
    rgb = ns["src_vf"].frame().plane(0).numpy().astype(np.float64)
    y = ns["out_frame"].plane(0).numpy()[..., 0].astype(np.float64)
    # BT.601 (BT470BG) limited-range luma of the source, computed here.
    ref = 16 + 219 * (0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]) / 255
    assert np.abs(y - ref).max() <= 1.0


def test_device_snippet_as_written():
    with pytest.raises(fk.DeviceUnavailable):  # a RuntimeError: vf.cuda() without a GPU
        run(SNIPPET_DEVICE, pkt=rgb_packet())


def test_numpy_snippet():
    obj = np.arange(48 * 64 * 3, dtype=np.uint8).reshape(48, 64, 3)
    fixed = (SNIPPET_NUMPY.replace("np1 = np.array(obj)", "npa = np.array(obj)")  # seed: np1
             .replace("mp.from_numpy(npa, rgb)", "mp.from_numpy(npa), rgb)"))  # unclosed (
    with pytest.raises(IndexError):  # RGB24 has one plane: the seed's plane(1) is not there
        run(fixed, obj=obj)
    ns = run(fixed.split("np1 = vf.frame().plane(1)")[0], obj=obj)
    assert np.array_equal(ns["np0"], obj)
    assert ns["np0"].ctypes.data == ns["npa"].ctypes.data  # no copy on the way in or out


def test_torch_data_snippet():
    import torch  # noqa: F401  (not importorskip: a missing torch is a failure)
    pkt = packet(fk.PixelInfo(fk.kPF_YUV420P))
    ns = run(SNIPPET_TORCH_DATA, pkt=pkt)
    planes = pkt.vf.frame().data()
    assert [tuple(t.shape) for t in ns["torch_data"]] == [p.shape for p in planes]
    for t, p in zip(ns["torch_data"], planes):
        assert t.data_ptr() == p.data_ptr() and np.array_equal(t.numpy(), p.numpy())


def test_torch_roundtrip_snippet():
    import torch  # noqa: F401  (not importorskip: a missing torch is a failure)
    pkt = packet(fk.PixelInfo(fk.kPF_RGB24))  # the snippet's `rgb`: reformat changes nothing
    ns = run(SNIPPET_TORCH_ROUNDTRIP, pkt=pkt)
    out = ns["bmf_vframe"]
    assert isinstance(out, fk.VideoFrame) and (out.width, out.height) == (64, 48)
    assert np.array_equal(out.frame().plane(0).numpy(), pkt.vf.frame().plane(0).numpy())
    assert out.frame().pix_info() == ns["RGB"]
