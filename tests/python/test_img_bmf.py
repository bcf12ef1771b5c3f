"""framekit.img with BMF's signatures and conventions (issue #19), against independent
references: OpenCV for resize in both nearest alignments and bilinear/bicubic, NumPy for
rotate/mirror/normalize of float16 and tensors, FFmpeg's swscale for nearest-chroma
YUV -> RGB, and a NumPy float model for truncation."""
import os
import subprocess
import tempfile

import cv2  # not importorskip: a missing OpenCV is a failure (Debian: python3-opencv)
import numpy as np
import pytest

import framekit as mp

RNG = np.random.default_rng(19)
NCHW, NHWC = mp.ChannelFormat.kNCHW, mp.ChannelFormat.kNHWC
F = mp.ImageFilterMode


def smooth_image(h, w, c=3):
    """A photo-like image (smooth gradients plus texture) in 0..255."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    chans = [127 + 100 * np.sin(xx / (7 + 3 * k) + yy / (11 + k)) for k in range(c)]
    img = np.stack(chans, -1) + RNG.normal(0, 12, (h, w, c))
    return np.clip(img, 0, 255)


def as_layout(a_hwc, fmt):
    """(H, W, C) NumPy → framekit tensor of layout fmt (batch of one)."""
    a = a_hwc[None]
    if fmt == NCHW:
        a = np.ascontiguousarray(a.transpose(0, 3, 1, 2))
    return mp.from_numpy(np.ascontiguousarray(a))


def to_hwc(t, fmt):
    a = t.to(mp.kFloat32).numpy() if t.dtype == mp.kFloat16 else t.numpy()
    a = a[0]
    return a.transpose(1, 2, 0) if fmt == NCHW else a


# ------------------------------------------------------------------ format= / cformat=

@pytest.mark.parametrize("fmt", [NCHW, NHWC])
def test_format_keyword_and_cformat_alias_agree(fmt):
    src = as_layout(smooth_image(20, 30).astype(np.uint8), fmt)
    a = mp.img.resize(src, 17, 9, mode=F.kBilinear, format=fmt).numpy()
    b = mp.img.resize(src, 17, 9, mode=F.kBilinear, cformat=fmt).numpy()
    c = mp.img.resize(src, 17, 9, F.kBilinear, fmt).numpy()
    assert np.array_equal(a, b) and np.array_equal(a, c)
    r = mp.img.rotate(src, mp.ImageRotationMode.kRotate90, format=fmt).numpy()
    assert np.array_equal(r, mp.img.rotate(src, mp.ImageRotationMode.kRotate90, cformat=fmt).numpy())
    m = mp.img.mirror(src, mp.ImageAxis.kVertical, format=fmt).numpy()
    assert np.array_equal(m, mp.img.mirror(src, mp.ImageAxis.kVertical, cformat=fmt).numpy())
    # The layout really is taken from the keyword: the other layout gives another shape.
    other = NHWC if fmt == NCHW else NCHW
    assert mp.img.resize(src, 17, 9, format=other).shape != a.shape
    with pytest.raises(ValueError, match="given twice"):
        mp.img.resize(src, 17, 9, format=fmt, cformat=fmt)


def test_color_functions_take_format_too():
    rgb = smooth_image(16, 24).astype(np.uint8)
    info = mp.PixelInfo(mp.kPF_YUV420P, mp.kCS_BT709, mp.kCR_MPEG)
    a = mp.img.rgb_to_yuv(mp.from_numpy(rgb), info, cformat=NHWC)
    b = mp.img.rgb_to_yuv(mp.from_numpy(rgb), info, format=NHWC)
    assert all(np.array_equal(x.numpy(), y.numpy()) for x, y in zip(a, b))
    assert np.array_equal(mp.img.yuv_to_rgb(a, info, format=NCHW).numpy(),
                          mp.img.yuv_to_rgb(a, info, cformat=NCHW).numpy())


# ------------------------------------------------------------------ resize against OpenCV

SIZES = [(13, 9), (40, 30), (97, 61), (160, 120)]  # shrink, same ballpark, grow


@pytest.mark.parametrize("fmt", [NCHW, NHWC])
@pytest.mark.parametrize("dtype", ["uint8", "float32", "float16"])
def test_nearest_floor_is_cv2_inter_nearest(fmt, dtype):
    img = smooth_image(37, 53)
    origin = img.astype(np.uint8 if dtype == "uint8" else np.float32)
    src = as_layout(origin, fmt)
    if dtype == "float16":
        src = src.to(mp.kFloat16)
    for size in SIZES:
        ref = cv2.resize(origin, size, interpolation=cv2.INTER_NEAREST)
        got = to_hwc(mp.img.resize(src, size[0], size[1], mode=F.kNearestFloor, format=fmt), fmt)
        if dtype == "float16":
            ref = ref.astype(np.float16).astype(np.float32)
        assert np.array_equal(got, ref), size
        # framekit's own nearest stays centre aligned: INTER_NEAREST_EXACT.
        exact = cv2.resize(origin, size, interpolation=cv2.INTER_NEAREST_EXACT)
        got = to_hwc(mp.img.resize(src, size[0], size[1], mode=F.kNearest, format=fmt), fmt)
        if dtype == "float16":
            exact = exact.astype(np.float16).astype(np.float32)
        assert np.array_equal(got, exact), size


def test_the_two_nearest_alignments_differ():
    img = smooth_image(37, 53).astype(np.uint8)
    src = as_layout(img, NHWC)
    a = mp.img.resize(src, 160, 120, mode=F.kNearest, format=NHWC).numpy()
    b = mp.img.resize(src, 160, 120, mode=F.kNearestFloor, format=NHWC).numpy()
    assert not np.array_equal(a, b)


@pytest.mark.parametrize("fmt", [NCHW, NHWC])
@pytest.mark.parametrize("dtype", ["uint8", "float32", "float16"])
@pytest.mark.parametrize("mode, interp", [(F.kBilinear, cv2.INTER_LINEAR),
                                          (F.kBicubic, cv2.INTER_CUBIC)])
def test_filters_match_cv2(fmt, dtype, mode, interp):
    img = smooth_image(37, 53)
    origin = img.astype(np.uint8 if dtype == "uint8" else np.float32)
    src = as_layout(origin, fmt)
    if dtype == "float16":
        src = src.to(mp.kFloat16)
    for size in SIZES:
        ref = cv2.resize(origin, size, interpolation=interp).astype(np.float64)
        got = to_hwc(mp.img.resize(src, size[0], size[1], mode=mode, format=fmt), fmt)
        assert got.shape == ref.shape
        # float16 holds 0..255 to within 1/8; uint8 rounds; float32 is float32.
        assert np.abs(got - ref).max() <= 1, size


def test_float16_resize_is_float32_resize_rounded_once():
    img = (smooth_image(21, 33) / 255).astype(np.float16)
    src16 = as_layout(img, NHWC)
    src32 = as_layout(img.astype(np.float32), NHWC)  # the same values, widened exactly
    for mode in (F.kBilinear, F.kBicubic, F.kArea, F.kLanczos3):
        want = mp.img.resize(src32, 50, 14, mode=mode, format=NHWC).numpy().astype(np.float16)
        got = mp.img.resize(src16, 50, 14, mode=mode, format=NHWC)
        assert got.dtype == mp.kFloat16
        assert np.array_equal(got.numpy().view(np.uint16), want.view(np.uint16)), mode


# ------------------------------------------------------------------ float16 rotate / mirror

@pytest.mark.parametrize("fmt", [NCHW, NHWC])
def test_float16_rotate_and_mirror_match_numpy(fmt):
    img = (smooth_image(9, 14) / 7).astype(np.float16)
    src = as_layout(img, fmt)
    rots = {mp.ImageRotationMode.kRotate0: img, mp.ImageRotationMode.kRotate90: np.rot90(img, -1),
            mp.ImageRotationMode.kRotate180: np.rot90(img, 2),
            mp.ImageRotationMode.kRotate270: np.rot90(img, 1)}
    for mode, ref in rots.items():
        out = mp.img.rotate(src, mode, format=fmt)
        assert out.dtype == mp.kFloat16
        assert np.array_equal(to_hwc(out, fmt), ref.astype(np.float32)), mode
    axes = {mp.ImageAxis.kHorizontal: img[:, ::-1], mp.ImageAxis.kVertical: img[::-1],
            mp.ImageAxis.kHorizontalAndVertical: img[::-1, ::-1]}
    for axis, ref in axes.items():
        out = mp.img.mirror(src, axis, format=fmt)
        assert np.array_equal(to_hwc(out, fmt), ref.astype(np.float32)), axis


def test_float16_dst_must_match():
    src = as_layout(smooth_image(8, 8).astype(np.float32), NHWC).to(mp.kFloat16)
    dst = mp.from_numpy(np.zeros((1, 4, 4, 3), np.float32))
    with pytest.raises(TypeError):
        mp.img.resize(dst, src, F.kBilinear, NHWC)


# ------------------------------------------------------------------ normalize

@pytest.mark.parametrize("fmt", [NCHW, NHWC])
@pytest.mark.parametrize("dtype", [np.uint8, np.float32, np.float16])
def test_normalize_out_of_place_with_tensors(fmt, dtype):
    img = smooth_image(12, 18).astype(dtype)
    src = as_layout(img, fmt)
    mean = np.array([110, 120, 130], np.float32)
    std = np.array([255 / 2, 255 / 2.1, 255 / 2.2], np.float32)
    ref = (img.astype(np.float32) - mean) / std
    out = mp.img.normalize(src, mp.from_numpy(mean), mp.from_numpy(std), format=fmt)
    assert out.dtype == mp.kFloat32
    assert np.allclose(to_hwc(out, fmt), ref, rtol=0, atol=1e-5)
    # Lists give the same numbers as tensors.
    listed = mp.img.normalize(src, mean.tolist(), std.tolist(), format=fmt)
    assert np.array_equal(listed.numpy(), out.numpy())
    with pytest.raises(ValueError):
        mp.img.normalize(src, mp.from_numpy(mean[:2]), mp.from_numpy(std), format=fmt)


# ------------------------------------------------------------------ YUV -> RGB conventions

W, H = 64, 48


def yuv420_frame():
    """Smooth luma and hard-edged random chroma: bilinear and nearest chroma differ a lot."""
    y = np.clip(smooth_image(H, W, 1)[..., 0] * 0.8 + 20, 16, 235).astype(np.uint8)
    u = RNG.integers(16, 241, (H // 2, W // 2), dtype=np.uint8)
    v = RNG.integers(16, 241, (H // 2, W // 2), dtype=np.uint8)
    return y, u, v


def ffmpeg_rgb(y, u, v, flags):
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "in.yuv"), os.path.join(d, "out.rgb")
        with open(src, "wb") as f:
            f.write(y.tobytes() + u.tobytes() + v.tobytes())
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p",
                        "-color_range", "tv", "-colorspace", "bt470bg", "-s", "%dx%d" % (W, H),
                        "-i", src, "-sws_flags", flags, "-f", "rawvideo", "-pix_fmt", "rgb24",
                        dst], check=True)
        return np.fromfile(dst, np.uint8).reshape(H, W, 3).astype(int)


def numpy_rgb(y, u, v, truncate):
    """BT.601 limited range, chroma repeated over its 2x2 block, in double precision."""
    kr, kb = 0.299, 0.114
    uu = u.repeat(2, 0).repeat(2, 1).astype(np.float64) - 128
    vv = v.repeat(2, 0).repeat(2, 1).astype(np.float64) - 128
    yy = (y.astype(np.float64) - 16) * 255 / 219
    r = yy + vv * 255 / 224 * 2 * (1 - kr)
    b = yy + uu * 255 / 224 * 2 * (1 - kb)
    g = (yy - kr * r - kb * b) / (1 - kr - kb)
    rgb = np.clip(np.stack([r, g, b], -1), 0, 255)
    return (np.floor(rgb) if truncate else np.floor(rgb + 0.5)).astype(int)


def planes(y, u, v):
    return [mp.from_numpy(p[..., None].copy()) for p in (y, u, v)]


INFO420 = mp.PixelInfo(mp.kPF_YUV420P, mp.kCS_BT470BG, mp.kCR_MPEG)


def test_nearest_chroma_matches_swscale():
    y, u, v = yuv420_frame()
    # swscale's unscaled yuv420p -> rgb24 converter repeats each chroma sample over its
    # 2x2 block (with point sampling it is chosen for any flags without accurate_rnd).
    ref = ffmpeg_rgb(y, u, v, "neighbor")
    got = mp.img.yuv_to_rgb(planes(y, u, v), INFO420, cformat=NHWC,
                            chroma_upsample=mp.ChromaUpsample.kNearest).numpy().astype(int)
    # swscale's 8-bit tables are off the exact value by up to 3 codes.
    assert np.abs(got - ref).max() <= 3 and np.abs(got - ref).mean() < 1
    assert np.abs(got - numpy_rgb(y, u, v, False)).max() <= 1
    # The default (interpolated chroma) is far from it on hard-edged chroma.
    default = mp.img.yuv_to_rgb(planes(y, u, v), INFO420, cformat=NHWC).numpy().astype(int)
    assert np.abs(default - ref).max() > 30


@pytest.mark.parametrize("chroma", [mp.ChromaUpsample.kNearest, mp.ChromaUpsample.kBilinear])
def test_truncation_in_yuv_to_rgb(chroma):
    y, u, v = yuv420_frame()
    kw = dict(cformat=NHWC, chroma_upsample=chroma)
    rounded = mp.img.yuv_to_rgb(planes(y, u, v), INFO420, **kw).numpy().astype(int)
    trunc = mp.img.yuv_to_rgb(planes(y, u, v), INFO420, rounding=mp.Rounding.kTruncate,
                              **kw).numpy().astype(int)
    # Truncation never rounds up, and differs from rounding by at most one code.
    diff = rounded - trunc
    assert diff.min() >= 0 and diff.max() <= 1 and diff.mean() > 0.3
    if chroma == mp.ChromaUpsample.kNearest:
        ref = numpy_rgb(y, u, v, True)
        # Only values within float error of an integer may land on the other side.
        assert np.abs(trunc - ref).max() <= 1 and (trunc != ref).mean() < 0.01


def test_reformat_takes_the_options():
    y, u, v = yuv420_frame()
    frame = mp.Frame(planes(y, u, v), INFO420)
    rgb = mp.PixelInfo(mp.kPF_RGB24)
    near = frame.reformat(rgb, chroma_upsample=mp.ChromaUpsample.kNearest,
                          rounding=mp.Rounding.kTruncate)
    want = mp.img.yuv_to_rgb(planes(y, u, v), INFO420, cformat=NHWC,
                             chroma_upsample=mp.ChromaUpsample.kNearest,
                             rounding=mp.Rounding.kTruncate).numpy()
    assert np.array_equal(near.plane(0).numpy(), want)
    assert not np.array_equal(frame.reformat(rgb).plane(0).numpy(), want)
    vf = mp.VideoFrame(frame)
    out = vf.reformat(rgb, chroma_upsample=mp.ChromaUpsample.kNearest,
                      rounding=mp.Rounding.kTruncate)
    assert np.array_equal(out.frame().plane(0).numpy(), want)


def test_bmf_convert_takes_the_options():
    y, u, v = yuv420_frame()
    vf = mp.VideoFrame(mp.Frame(planes(y, u, v), INFO420))
    dst = mp.MediaDesc().pixel_format(mp.kPF_RGB24)
    out = mp.bmf_convert(vf, mp.MediaDesc(), dst, chroma_upsample=mp.ChromaUpsample.kNearest,
                         rounding=mp.Rounding.kTruncate)
    want = numpy_rgb(y, u, v, True)
    got = out.frame().plane(0).numpy().astype(int)
    assert np.abs(got - want).max() <= 1 and (got != want).mean() < 0.01
    plain = mp.bmf_convert(vf, mp.MediaDesc(), dst).frame().plane(0).numpy().astype(int)
    assert np.abs(plain - want).max() > 30


def test_the_bmf_package_passes_bmf_s_conventions():
    import bmf.hml.hmp as hmp
    img = smooth_image(37, 53).astype(np.uint8)
    got = hmp.img.resize(as_layout(img, NHWC), 160, 120, mode=hmp.kNearest, format=hmp.kNHWC)
    assert np.array_equal(got.numpy()[0], cv2.resize(img, (160, 120),
                                                     interpolation=cv2.INTER_NEAREST))
    y, u, v = yuv420_frame()
    bmf_rgb = hmp.img.yuv_to_rgb(planes(y, u, v), INFO420, cformat=NHWC).numpy()
    want = mp.img.yuv_to_rgb(planes(y, u, v), INFO420, cformat=NHWC,
                             chroma_upsample=mp.ChromaUpsample.kNearest,
                             rounding=mp.Rounding.kTruncate).numpy()
    assert np.array_equal(bmf_rgb, want)
    # bmf_convert through the package: the same conventions as its defaults.
    from bmf import bmf_convert
    vf = mp.VideoFrame(mp.Frame(planes(y, u, v), INFO420))
    dst = mp.MediaDesc().pixel_format(mp.kPF_RGB24)
    through_bmf = bmf_convert(vf, mp.MediaDesc(), dst).frame().plane(0).numpy()
    explicit = mp.bmf_convert(vf, mp.MediaDesc(), dst, chroma_upsample=mp.ChromaUpsample.kNearest,
                              rounding=mp.Rounding.kTruncate).frame().plane(0).numpy()
    framekit_default = mp.bmf_convert(vf, mp.MediaDesc(), dst).frame().plane(0).numpy()
    assert np.array_equal(through_bmf, explicit)
    assert not np.array_equal(through_bmf, framekit_default)
    assert not np.array_equal(bmf_rgb, mp.img.yuv_to_rgb(planes(y, u, v), INFO420,
                                                         cformat=NHWC).numpy())
