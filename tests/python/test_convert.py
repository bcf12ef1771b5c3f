"""mp.MediaDesc / mp.convert (alias bmf_convert) and the kTensor hand-over to NumPy
and torch, in the shape of BMF's Python tests (test_backend_convert_numpy)."""
import numpy as np
import pytest

import framekit as mp
from framekit import MediaDesc, MediaType, VideoFrame, bmf_convert


def rgb_frame(w, h):
    vf = VideoFrame.make(w, h, mp.PixelInfo(mp.kPF_RGB24))
    a = vf.frame().plane(0).numpy()
    yy, xx = np.mgrid[0:h, 0:w]
    a[..., 0] = (xx * 255 // max(w - 1, 1)).astype(np.uint8)
    a[..., 1] = (yy * 255 // max(h - 1, 1)).astype(np.uint8)
    a[..., 2] = ((xx + yy) * 255 // max(w + h - 2, 1)).astype(np.uint8)
    vf.pts = 7
    return vf


def test_media_desc_chains_reads_and_reports():
    md = MediaDesc()
    assert md.width(1080).height(720).media_type(MediaType.kCVMat) is md
    md.pixel_format(mp.kPF_YUV420P).color_space(mp.kCS_BT709).device(mp.Device("cpu"))
    assert md.width() == 1080
    assert md.height() == 720
    assert md.media_type() == MediaType.kCVMat
    assert md.pixel_format() == mp.kPF_YUV420P
    assert md.color_space() == mp.kCS_BT709
    assert md.device() == mp.Device("cpu")
    assert md.has_value("width") and not md.has_value("pixel_info")
    assert "width=1080" in repr(md)
    md.reset("width")
    assert not md.has_value("width")
    with pytest.raises(ValueError, match="width is not set"):
        md.width()
    with pytest.raises(ValueError, match="no field 'depth'"):
        md.has_value("depth")
    # Keywords and strings work too.
    kw = MediaDesc(width=64, pixel_format="nv12", media_type=MediaType.kTensor)
    assert kw.width() == 64 and kw.pixel_format() == mp.kPF_NV12
    assert MediaType.kBMFVideoFrame == MediaType.kVideoFrame


def test_tensor_hand_over_is_zero_copy_both_ways():
    vf = rgb_frame(1920, 1080)
    md = MediaDesc().media_type(MediaType.kTensor)
    dst_vf = bmf_convert(vf, MediaDesc(), md)
    assert bool(dst_vf)
    assert dst_vf.pts == 7
    arr = dst_vf.private_get(np.ndarray)
    assert arr.shape == (1080, 1920, 3) and arr.dtype == np.uint8
    plane = vf.frame().plane(0).numpy()
    assert np.array_equal(arr, plane)
    arr[5, 6, 1] = 123  # the array is the frame's memory
    assert plane[5, 6, 1] == 123
    # … and back: the array becomes the source of a new frame, still shared.
    src_vf = VideoFrame()
    src_vf.private_attach(arr)
    src_md = MediaDesc().pixel_format(mp.kPF_RGB24).media_type(MediaType.kTensor)
    back = mp.convert(src_vf, src_md, MediaDesc())
    assert back.frame().format() == mp.kPF_RGB24
    assert (back.width, back.height) == (1920, 1080)
    back.frame().plane(0).numpy()[0, 0, 0] = 9
    assert arr[0, 0, 0] == 9 and plane[0, 0, 0] == 9
    # The objects outlive each other: drop the sources, the array still reads.
    del vf, dst_vf, plane, src_vf, back
    assert arr[5, 6, 1] == 123


def test_tensor_hand_over_to_torch_shares_writes():
    import torch  # not importorskip: a missing torch is a failure
    vf = rgb_frame(64, 32)
    for media_type in (MediaType.kTensor, MediaType.kATTensor):
        out = mp.convert(vf, MediaDesc(), MediaDesc().media_type(media_type))
        t = out.private_get(torch.Tensor)
        assert tuple(t.shape) == (32, 64, 3) and t.dtype == torch.uint8
        t[1, 2, 0] = 77  # a write through torch is seen by the frame
        assert vf.frame().plane(0).numpy()[1, 2, 0] == 77
    src = VideoFrame()
    src.private_attach(torch.zeros(4, 6, 3, dtype=torch.uint8))
    back = mp.convert(src, MediaDesc().media_type(MediaType.kATTensor), MediaDesc())
    assert back.frame().format() == mp.kPF_RGB24 and back.width == 6


def test_numpy_round_trip_with_scale_and_csc():
    # BMF's test_backend_convert_numpy: 1920x1080 RGB24 → (1080, 1920, 3) array → a
    # 320x180 BT.709 YUV420P frame.
    vf = rgb_frame(1920, 1080)
    md = MediaDesc()
    md.width(1920).height(1080).pixel_format(mp.kPF_RGB24).media_type(MediaType.kTensor)
    dst_vf = bmf_convert(vf, MediaDesc(), md)
    np_array = dst_vf.private_get(np.ndarray)
    assert np_array.shape == (1080, 1920, 3)
    src_vf = VideoFrame()
    src_vf.private_attach(np_array)
    src_md = MediaDesc()
    src_md.pixel_format(mp.kPF_RGB24).media_type(MediaType.kTensor)
    dst_md = MediaDesc()
    dst_md.pixel_format(mp.kPF_YUV420P).color_space(mp.kCS_BT709).width(320).height(180)
    new_vf = bmf_convert(src_vf, src_md, dst_md)
    assert new_vf.width == 320
    assert new_vf.height == 180
    assert new_vf.frame().format() == mp.kPF_YUV420P
    assert new_vf.frame().pix_info().space == mp.kCS_BT709
    # Pixel check: BT.709 limited-range luma of the box-averaged source (a 6x shrink
    # of smooth gradients, so any sensible filter lands within rounding of it).
    y = new_vf.frame().plane(0).numpy()[..., 0].astype(np.float64)
    rgb = np_array.reshape(180, 6, 320, 6, 3).mean(axis=(1, 3))
    ref = 16 + 219 * (0.2126 * rgb[..., 0] + 0.7152 * rgb[..., 1] + 0.0722 * rgb[..., 2]) / 255
    assert np.abs(y[1:-1, 1:-1] - ref[1:-1, 1:-1]).max() <= 2.5


def test_errors_are_clear():
    vf = rgb_frame(8, 8)
    with pytest.raises(mp.Error, match="framekit_ffmpeg"):
        mp.convert(vf, MediaDesc(), MediaDesc().media_type(MediaType.kAVFrame))
    with pytest.raises(NotImplementedError, match="yuv420p"):
        mp.convert(VideoFrame.make(8, 8, mp.PixelInfo(mp.kPF_YUV420P)), MediaDesc(),
                   MediaDesc().media_type(MediaType.kTensor))
    with pytest.raises(ValueError, match="no framekit::Tensor is attached"):
        mp.convert(VideoFrame(), MediaDesc().media_type(MediaType.kTensor), MediaDesc())
    out = mp.convert(vf, MediaDesc(), MediaDesc().media_type(MediaType.kTensor))
    assert out.private_get(dict) is None  # a tensor is attached, no JSON document
    with pytest.raises(TypeError, match="numpy.ndarray"):
        out.private_get(list)
    assert vf.private_get(np.ndarray) is None
    with pytest.raises(TypeError):
        MediaDesc().media_type(3)
