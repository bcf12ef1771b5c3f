"""Uses framekit's API correctly: mypy must find no error (tests/python/test_typing.py)."""
from __future__ import annotations

import numpy as np
import torch

import framekit as mp
import framekit.acl as acl
import framekit.io as fio
import framekit.jpege as jpege

nv12 = mp.PixelInfo(mp.PixelFormat.kPF_NV12, mp.ColorSpace.kCS_BT709, mp.ColorRange.kCR_MPEG)
frame = mp.Frame(640, 480, nv12, device="cpu")
also = mp.Frame(64, 48, "rgb24", device=mp.Device("cpu"), row_align=64)
rgb: mp.Frame = frame.reformat(mp.PixelInfo(mp.kPF_RGB24)).crop(0, 0, 320, 240)
pixels: np.ndarray = rgb.numpy()
planes = frame.data()
as_torch: list[torch.Tensor] = planes.torch()
y: mp.Tensor = frame.plane(0)
width: int = frame.width() + y.size(1)
wrapped = mp.Frame(np.zeros((48, 64, 3), np.uint8), mp.kPF_RGB24)
from_np = mp.Frame.from_numpy([np.zeros((48, 64), np.uint8)], "gray8")

vf = mp.VideoFrame(rgb)
vf.pts = 42
vf.set_time_base(1, 25)
vf.metadata["camera"] = "left"
vf2 = mp.VideoFrame.make(64, 48, mp.kPF_YUV420P)
vf3 = mp.VideoFrame(64, 48, mp.kPF_YUV420P, device="cpu")  # BMF's constructor
vf_size: int = vf3.width * vf3.height  # properties, as in BMF
vf_dtype: mp.ScalarType = vf3.dtype
json_doc: dict | None = vf3.private_get(dict)
timer = mp.create_timer(mp.kCPU)
timer.start()
seconds: float = timer.elapsed()
with mp.create_stream(mp.kCPU) as stream:
    handle: int = stream.handle()
out: mp.VideoFrame = mp.convert(vf, dst_desc=mp.MediaDesc().width(32).height(24).pixel_format(mp.kPF_NV12))
size: int = mp.MediaDesc(width=32).width()
path_names: list[str] = [name for name, description in mp.color_paths()]
path: str = mp.color_conversion_path(nv12, "rgb24") + mp.color_conversion_path(mp.kPF_NV12, mp.PixelFormat.kPF_YUV420P)
pts: int | None = vf.pts

t = mp.zeros([2, 3, 4], dtype=mp.kFloat32)
t[0, 1:] = 1.5
t2 = t.view(6, 4).permute(1, 0).contiguous().to("float64")
n: float = float(t2.numpy().sum())
tt: torch.Tensor = t.torch()
back: mp.Tensor = mp.from_dlpack(torch.ones(3))
dt: mp.ScalarType = mp.scalar_type(np.float32)
resized: mp.Tensor = mp.img.resize(mp.from_dlpack(np.zeros((3, 48, 64), np.uint8)), 8, 8)

with jpege.Channel(640, 480, quality=85) as ch:
    ch.send(pixels, pts=1)
    pic = ch.get(timeout=1000)
    if pic is not None:
        data: bytes = pic.data
    for jpg in ch.encode([rgb, vf]):
        nbytes: int = len(jpg)
one: bytes = jpege.encode(np.zeros((16, 16, 3), np.uint8), quality=90)
many: list[bytes] = jpege.encode_many([rgb, rgb], channels=2)
jpg1: bytes = mp.encode_jpeg(rgb, 90, subsampling="444", optimize=True, progressive=True,
                             restart_interval=4, comment="c", exif=b"II*\0", icc_profile=b"",
                             density=(72, 72, "dpi"), chroma_quality=60, threads=2)
jpg2: bytes = mp.encode_jpeg(np.zeros((8, 8), np.uint8), quant_tables=[[16] * 64, [17] * 64],
                             density=(1, 2))
jpg3: bytes = jpege.encode(rgb, quant_tables=np.ones((3, 8, 8), np.uint16), raw=False)
quality: int = mp.DEFAULT_QUALITY
with jpege.Channel(64, 64, subsampling="gray", comment=b"bytes") as gray_ch:
    pass

ret: int = acl.init()
ptr, ret = acl.rt.malloc(1024, acl.ACL_MEM_MALLOC_HUGE_FIRST)
ret = acl.rt.memcpy(ptr, 1024, acl.util.numpy_to_ptr(pixels), 1024, acl.ACL_MEMCPY_HOST_TO_DEVICE)
ret = acl.himpi.venc_create_chn(0, {"venc_attr": {"type": acl.HI_PT_JPEG}})
status, ret = acl.himpi.venc_query_status(0)
ret = acl.rt.free(ptr)
ret = acl.finalize()


def first_frames(path: str) -> list[mp.VideoFrame]:
    with fio.VideoReader(path, start=0.5, fps=5.0, max_frames=3, threads=2) as video:
        size: tuple[int, int] = (video.info.width, video.info.height)
        known: int | None = video.info.frame_count
        rate: float = float(video.info.fps)
        return [vf for vf in video if vf.pts is not None]
