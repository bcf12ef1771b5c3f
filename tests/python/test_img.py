"""framekit.img (the seed's hmp.img) checked against NumPy / PyTorch references."""
import numpy as np
import pytest

import framekit as mp

import torch  # not importorskip: a missing torch is a failure
RNG = np.random.default_rng(7)


def ref_rgb_to_yuv_limited(rgb, kr, kb):
    """Double-precision BT.601/709 limited-range RGB→YUV 4:4:4, before subsampling."""
    r, g, b = (rgb[..., i].astype(np.float64) / 255 for i in range(3))
    y = kr * r + (1 - kr - kb) * g + kb * b
    cb = (b - y) / (2 * (1 - kb))
    cr = (r - y) / (2 * (1 - kr))
    return 16 + 219 * y, 128 + 224 * cb, 128 + 224 * cr


def box2(p):
    h, w = p.shape
    return p.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))


def test_seed_rgb_to_yuv_into_nv12_frame():
    # The seed: mp.img.rgb_to_yuv(out_vf.frame().data(), src_vf.frame().plane(0), NV12, mp.kNHWC)
    NV12 = mp.PixelInfo(mp.PixelFormat.kPF_NV12, mp.ColorSpace.kCS_BT470BG, mp.ColorRange.kCR_MPEG)
    rgb = RNG.integers(0, 256, (48, 64, 3), dtype=np.uint8)
    src_vf = mp.VideoFrame(mp.Frame(mp.from_numpy(rgb), mp.PixelInfo(mp.kPF_RGB24)))
    out_frame = mp.Frame(src_vf.frame().width(), src_vf.frame().height(), NV12, device="cpu")
    mp.img.rgb_to_yuv(out_frame.data(), src_vf.frame().plane(0), NV12, mp.kNHWC)
    y, cb, cr = ref_rgb_to_yuv_limited(rgb, 0.299, 0.114)
    got_y = out_frame.plane(0).numpy()[..., 0].astype(int)
    assert np.abs(got_y - np.round(y)).max() <= 1
    uv = out_frame.plane(1).numpy().astype(int)
    # Chroma is the average of each 2x2 block (not point-sampled), within ±1.
    assert np.abs(uv[..., 0] - np.round(box2(cb))).max() <= 1
    assert np.abs(uv[..., 1] - np.round(box2(cr))).max() <= 1


def test_rgb_to_yuv_allocating_and_back():
    I420 = mp.PixelInfo(mp.kPF_YUV420P, mp.kCS_BT709, mp.kCR_JPEG)
    yy, xx = np.mgrid[0:24, 0:32]
    rgb = np.stack([xx * 8, yy * 10, 255 - xx * 4 - yy * 3], -1).clip(0, 255).astype(np.uint8)
    planes = mp.img.rgb_to_yuv(mp.from_numpy(rgb), I420, mp.kNHWC)
    assert [p.shape for p in planes] == [(24, 32, 1), (12, 16, 1), (12, 16, 1)]
    back = mp.img.yuv_to_rgb(planes, I420, mp.kNHWC).numpy()
    assert back.shape == rgb.shape
    # A smooth (linear) image survives 4:2:0 with bilinear chroma up to rounding, except
    # at the border where chroma cannot be interpolated beyond the last sample.
    err = np.abs(back.astype(int) - rgb.astype(int))[1:-1, 1:-1]
    assert err.max() <= 3
    # In-place form writes into a caller's array, NCHW too.
    dst = np.zeros((3, 24, 32), np.uint8)
    mp.img.yuv_to_rgb(mp.from_numpy(dst), planes, I420, mp.kNCHW)
    assert np.array_equal(dst, back.transpose(2, 0, 1))


def test_yuv_to_yuv_repack_is_exact():
    nv12 = mp.Frame(32, 16, mp.PixelInfo(mp.kPF_NV12))
    nv12.plane(0).numpy()[:] = RNG.integers(16, 236, (16, 32, 1), dtype=np.uint8)
    nv12.plane(1).numpy()[:] = RNG.integers(16, 241, (8, 16, 2), dtype=np.uint8)
    i420 = mp.Frame(32, 16, mp.PixelInfo(mp.kPF_YUV420P))
    mp.img.yuv_to_yuv(i420.data(), nv12.data(), i420.pix_info(), nv12.pix_info())
    assert np.array_equal(i420.plane(0).numpy(), nv12.plane(0).numpy())
    assert np.array_equal(i420.plane(1).numpy()[..., 0], nv12.plane(1).numpy()[..., 0])
    assert np.array_equal(i420.plane(2).numpy()[..., 0], nv12.plane(1).numpy()[..., 1])


def test_resize_matches_torch_bilinear():
    src = RNG.random((3, 20, 30), dtype=np.float32)
    out = mp.img.resize(mp.from_numpy(src), 45, 35, mp.ImageFilterMode.kBilinear, mp.kNCHW).numpy()
    ref = torch.nn.functional.interpolate(torch.from_numpy(src)[None], size=(35, 45),
                                          mode="bilinear", align_corners=False)[0].numpy()
    assert out.shape == (3, 35, 45)
    assert np.abs(out - ref).max() < 1e-4
    dst = np.zeros((35, 45, 3), np.float32)
    mp.img.resize(mp.from_numpy(dst), mp.from_numpy(np.ascontiguousarray(src.transpose(1, 2, 0))),
                  mp.ImageFilterMode.kBilinear, mp.kNHWC)
    assert np.abs(dst - ref.transpose(1, 2, 0)).max() < 1e-4


def test_area_downscale_is_a_box_average():
    src = RNG.integers(0, 256, (32, 48, 3), dtype=np.uint8)
    out = mp.img.resize(mp.from_numpy(src), 24, 16, mp.ImageFilterMode.kArea, mp.kNHWC).numpy()
    ref = src.astype(np.float64).reshape(16, 2, 24, 2, 3).mean(axis=(1, 3))
    assert np.abs(out - ref).max() <= 0.5 + 1e-9


def test_rotate_mirror_crop_are_exact():
    src = RNG.integers(0, 256, (5, 7, 3), dtype=np.uint8)
    t = mp.from_numpy(src)
    r90 = mp.img.rotate(t, mp.ImageRotationMode.kRotate90, mp.kNHWC).numpy()
    assert np.array_equal(r90, np.rot90(src, k=-1))  # clockwise
    assert np.array_equal(mp.img.rotate(t, mp.ImageRotationMode.kRotate180, mp.kNHWC).numpy(),
                          src[::-1, ::-1])
    assert np.array_equal(mp.img.mirror(t, mp.ImageAxis.kHorizontal, mp.kNHWC).numpy(), src[:, ::-1])
    assert np.array_equal(mp.img.mirror(t, mp.ImageAxis.kVertical, mp.kNHWC).numpy(), src[::-1])
    view = mp.img.crop(t, 2, 1, 3, 2, mp.kNHWC)
    assert np.array_equal(view.numpy(), src[1:3, 2:5])
    view.numpy()[0, 0, 0] = 255 - src[1, 2, 0]
    assert src[1, 2, 0] == view.numpy()[0, 0, 0]  # a view of the same memory


def test_yuv_plane_list_geometry():
    info = mp.PixelInfo(mp.kPF_YUV420P)
    f = mp.Frame(8, 6, info)
    for i in range(3):
        p = f.plane(i).numpy()
        p[:] = RNG.integers(0, 256, p.shape, dtype=np.uint8)
    rot = mp.Frame(6, 8, info)
    mp.img.yuv_rotate(rot.data(), f.data(), info, mp.ImageRotationMode.kRotate270)
    for i in range(3):
        assert np.array_equal(rot.plane(i).numpy(), np.rot90(f.plane(i).numpy(), k=1))
    mir = mp.Frame(8, 6, info)
    mp.img.yuv_mirror(mir.data(), f.data(), info, mp.ImageAxis.kHorizontal)
    for i in range(3):
        assert np.array_equal(mir.plane(i).numpy(), f.plane(i).numpy()[:, ::-1])
    small = mp.Frame(4, 3, info)
    mp.img.yuv_resize(small.data(), f.data(), info, mp.ImageFilterMode.kArea)
    ref_y = f.plane(0).numpy()[..., 0].astype(float).reshape(3, 2, 4, 2).mean(axis=(1, 3))
    assert np.abs(small.plane(0).numpy()[..., 0] - ref_y).max() <= 0.5 + 1e-9
    assert small.plane(1).shape == (2, 2, 1)  # odd 3 rows → 2 chroma rows


def test_normalize_matches_numpy():
    src = RNG.integers(0, 256, (4, 5, 3), dtype=np.uint8)
    mean, std = [10.0, 20.0, 30.0], [2.0, 4.0, 8.0]
    out = mp.img.normalize(mp.from_numpy(src), mean, std, mp.kNHWC).numpy()
    ref = (src.astype(np.float64) - mean) / std
    assert out.dtype == np.float32 and np.abs(out - ref).max() < 1e-4
    dst = np.zeros((4, 5, 3), np.float32)
    mp.img.normalize(mp.from_numpy(dst), mp.from_numpy(src),
                     mp.from_numpy(np.array(mean, np.float32)), mp.from_numpy(np.array(std, np.float32)),
                     mp.kNHWC)
    assert np.abs(dst - ref).max() < 1e-4


def test_frame_to_model_tensor_in_one_pass():
    nv12 = mp.PixelInfo(mp.kPF_NV12, mp.kCS_BT709, mp.kCR_MPEG)
    f = mp.Frame(32, 16, nv12)
    f.plane(0).numpy()[:] = RNG.integers(16, 236, (16, 32, 1), dtype=np.uint8)
    f.plane(1).numpy()[:] = RNG.integers(16, 241, (8, 16, 2), dtype=np.uint8)
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    t = mp.img.to_tensor(f, mp.kNCHW, "float32", mean, std).numpy()
    rgb = f.reformat(mp.PixelInfo(mp.kPF_RGB24)).plane(0).numpy().astype(np.float64) / 255
    ref = ((rgb - mean) / std).transpose(2, 0, 1)
    assert t.shape == (3, 16, 32)
    # The fused path rounds nothing to 8 bits in between: within one 8-bit step.
    assert np.abs(t - ref).max() < 1.01 / 255 / min(std)


def test_frame_helpers_and_bad_input():
    f = mp.Frame(16, 8, mp.PixelInfo(mp.kPF_NV12))
    assert mp.img.resize_frame(f, 8, 4).width() == 8
    r = mp.img.rotate_frame(f, mp.ImageRotationMode.kRotate90)
    assert (r.width(), r.height()) == (8, 16)
    assert mp.img.mirror_frame(f, mp.ImageAxis.kVertical).format() == mp.kPF_NV12
    with pytest.raises(ValueError):
        mp.img.yuv_to_yuv(mp.Frame(8, 8, mp.PixelInfo(mp.kPF_YUV420P)).data(), f.data(),
                          mp.PixelInfo(mp.kPF_YUV420P), f.pix_info())  # size mismatch
    with pytest.raises(ValueError):
        mp.img.resize_frame(f, 0, 4)
    with pytest.raises(mp.Error):
        mp.img.rgb_to_yuv(mp.zeros((8, 8, 2)), mp.PixelInfo(mp.kPF_NV12), mp.kNHWC)  # 2 channels
