"""The anti-aliased resize filters (ImageFilterMode.kLanczos3, kBilinearAA, kBicubicAA)
against Pillow's Image.resize(..., reducing_gap=None) with LANCZOS, BILINEAR and BICUBIC,
on the mate photographs and on synthetic edge patterns: within 1 everywhere (the
assertion message gives the share of samples that differ)."""
import pathlib

import numpy as np
import pytest
from PIL import Image

import framekit as mp

FILTERS = {
    "lanczos": (mp.ImageFilterMode.kLanczos3, Image.Resampling.LANCZOS),
    "bilinear": (mp.ImageFilterMode.kBilinearAA, Image.Resampling.BILINEAR),
    "bicubic": (mp.ImageFilterMode.kBicubicAA, Image.Resampling.BICUBIC),
}
PHOTO_DIR = pathlib.Path("/usr/share/backgrounds/mate/nature")
# Several photos, not all: each one costs Pillow tens of milliseconds per filter.
PHOTOS = sorted(PHOTO_DIR.glob("*.jpg"))[:3]
RNG = np.random.default_rng(18)


def ours(array, size, mode):
    """framekit's resize of an (H, W) or (H, W, C) uint8 array to size = (W, H)."""
    a = np.ascontiguousarray(array)
    if a.ndim == 2:
        return mp.img.resize(mp.from_numpy(a.copy()), size[0], size[1], mode).numpy()
    return mp.img.resize(mp.from_numpy(a.copy()), size[0], size[1], mode, mp.kNHWC).numpy()


def pillow(array, size, resample):
    """Pillow's resize, channel by channel for 2 and 4 channels: Image.resize of an RGBA
    or LA picture premultiplies by alpha, and framekit resizes channels independently,
    as Pillow does every channel of L and RGB pictures."""
    if array.ndim == 2 or array.shape[2] == 3:
        return np.asarray(Image.fromarray(array).resize(size, resample, reducing_gap=None))
    planes = [pillow(np.ascontiguousarray(array[..., c]), size, resample)
              for c in range(array.shape[2])]
    return np.stack(planes, axis=-1)


def check(array, size, name, what):
    mode, resample = FILTERS[name]
    got = ours(array, size, mode)
    want = pillow(array, size, resample)
    assert got.shape == want.shape, what
    diff = np.abs(got.astype(np.int16) - want.astype(np.int16))
    share = float((diff > 0).mean())
    assert diff.max() <= 1, f"{what} {name}: max |diff| {diff.max()}, {share:.4%} differ"
    return share


def test_photos_are_there():
    # Not a skip: the photos come from mate-backgrounds (scripts/install_deps.sh).
    assert len(PHOTOS) >= 3, f"mate-backgrounds photos missing in {PHOTO_DIR}"


@pytest.mark.parametrize("path", PHOTOS, ids=lambda p: p.name)
@pytest.mark.parametrize("name", FILTERS)
def test_photo_thumbnails_match_pillow(path, name):
    rgb = np.asarray(Image.open(path).convert("RGB"))
    h, w = rgb.shape[:2]
    # Thumbnail sizes (non-integer shrinks), a 16x shrink, a slight shrink, one axis only.
    sizes = [(640, round(640 * h / w)), (333, 217), (w // 16, h // 16), (w - 7, h - 5),
             (w, h // 3)]
    for size in sizes:
        check(rgb, size, name, f"{path.name} -> {size}")
    gray = np.asarray(Image.open(path).convert("L"))
    check(gray, (301, 199), name, f"{path.name} gray")


def edge_patterns(h, w):
    y, x = np.mgrid[0:h, 0:w]
    yield "checkerboard", np.where((x + y) % 2 == 0, 255, 0).astype(np.uint8)
    yield "stripes 3", np.where((x // 3) % 2 == 0, 255, 0).astype(np.uint8)
    yield "rows 5", np.where((y // 5) % 2 == 0, 250, 5).astype(np.uint8)
    yield "step", np.where(x < w // 2 + 0.5, 0, 255).astype(np.uint8)
    line = np.zeros((h, w), np.uint8)
    line[h // 3, :] = 255
    line[:, w // 4] = 255
    yield "lines", line
    yield "noise", RNG.integers(0, 256, (h, w), dtype=np.uint8)
    yield "ramp", ((x * 255) // max(w - 1, 1)).astype(np.uint8)


@pytest.mark.parametrize("name", FILTERS)
def test_edge_patterns_match_pillow(name):
    # Hard 0/255 edges make the sharper filters overshoot: the clamping must match too.
    sizes = [(97, 61), (40, 40), (13, 7), (203, 131), (400, 251), (1, 3), (150, 100)]
    for pattern, gray in edge_patterns(101, 151):
        for size in sizes:
            check(gray, size, name, f"{pattern} -> {size}")


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("channels", [2, 3, 4])
def test_interleaved_channels_match_pillow(name, channels):
    pixels = RNG.integers(0, 256, (67, 89, channels), dtype=np.uint8)
    pixels[:, 40:, 0] = 255  # an edge in one channel only
    for size in [(31, 23), (89, 20), (30, 67), (200, 150)]:
        check(pixels, size, name, f"{channels} channels -> {size}")


@pytest.mark.parametrize("name", FILTERS)
def test_yuv420_planes_resized_at_their_own_sizes(name):
    """Each plane of an I420 frame is resized from its size to its own output size (chroma
    rounded up), as Pillow resizes that plane alone."""
    mode, _ = FILTERS[name]
    info = mp.PixelInfo(mp.kPF_YUV420P)
    src = mp.Frame(151, 101, info)
    for i in range(3):
        p = src.plane(i).numpy()
        p[:] = RNG.integers(0, 256, p.shape, dtype=np.uint8)
    small = mp.img.resize_frame(src, 57, 33, mode)
    for i in range(3):
        plane = small.plane(i).numpy()[..., 0]
        assert plane.shape == ((33, 57) if i == 0 else (17, 29))
        want = pillow(np.ascontiguousarray(src.plane(i).numpy()[..., 0]),
                      (plane.shape[1], plane.shape[0]), FILTERS[name][1])
        assert np.abs(plane.astype(int) - want).max() <= 1, f"plane {i}"


@pytest.mark.parametrize("name", FILTERS)
def test_float_and_16bit_follow_the_same_filter(name):
    """Float and uint16 tensors run the float engine: the same weights, no 8-bit
    intermediate, so they match Pillow's float ('F' mode) resize closely."""
    mode, resample = FILTERS[name]
    values = RNG.random((45, 70), dtype=np.float32)
    got = mp.img.resize(mp.from_numpy(values.copy()), 29, 17, mode).numpy()
    want = np.asarray(Image.fromarray(values, mode="F").resize((29, 17), resample,
                                                               reducing_gap=None))
    assert np.abs(got - want).max() < 1e-4
    words = (values * 65535).astype(np.uint16)
    got16 = mp.img.resize(mp.from_numpy(words.copy()), 29, 17, mode).numpy()
    want16 = np.asarray(Image.fromarray(words.astype(np.float32), mode="F").resize(
        (29, 17), resample, reducing_gap=None))
    assert np.abs(got16 - np.clip(np.rint(want16), 0, 65535)).max() <= 1


def test_names_and_values():
    assert int(mp.ImageFilterMode.kLanczos3) == 4
    assert int(mp.ImageFilterMode.kBilinearAA) == 5
    assert int(mp.ImageFilterMode.kBicubicAA) == 6


@pytest.mark.parametrize("name", ["bilinear", "bicubic"])
def test_float_matches_torch_antialias(name):
    """torch.nn.functional.interpolate(..., antialias=True) (what torchvision's
    antialias=True runs) on float32 NCHW: the same filters, shrinking and growing."""
    import torch  # not importorskip: a missing torch is a failure
    mode, _ = FILTERS[name]
    values = RNG.random((3, 61, 90), dtype=np.float32)
    for size in [(17, 29), (40, 90), (61, 31), (100, 150)]:  # (H, W)
        got = mp.img.resize(mp.from_numpy(values.copy()), size[1], size[0], mode).numpy()
        want = torch.nn.functional.interpolate(torch.from_numpy(values)[None], size=size,
                                               mode=name, antialias=True,
                                               align_corners=False)[0].numpy()
        assert np.abs(got - want).max() < 1e-5, f"{name} -> {size}"
