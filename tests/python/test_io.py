"""framekit.io: readers against Pillow, djpeg and ffmpeg on real files, every kind of
source and input object, CMYK, EXIF/ICC, bad inputs and atomic writes."""
import io as pyio
import os
import pathlib
import shutil
import struct
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

import framekit as mp
from framekit import io

PHOTOS = sorted(pathlib.Path("/usr/share/backgrounds/mate").rglob("*.jpg"))
SMALL_PHOTOS = [p for p in PHOTOS if p.stat().st_size < 1_100_000]
AQUA = pathlib.Path("/usr/share/backgrounds/mate/nature/Aqua.jpg")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, **kw).stdout


def test_mate_photos_are_there():
    assert len(SMALL_PHOTOS) >= 8, "install mate-backgrounds"


@pytest.mark.parametrize("photo", SMALL_PHOTOS, ids=lambda p: p.name)
def test_jpeg_rgb_equals_pillow(photo):
    """Pillow decodes with the same libjpeg-turbo: the pixels are equal."""
    ours = io.read_image(photo, format="rgb24").numpy()
    theirs = np.asarray(Image.open(photo).convert("RGB"))
    assert ours.shape == theirs.shape
    assert np.array_equal(ours, theirs)


def test_jpeg_own_planes_convert_close_to_pillow():
    """The JPEG's own planes, converted by framekit (not libjpeg): within 1 code of
    Pillow where libjpeg's upsampling does not enter (4:4:4)."""
    photo = "/usr/share/backgrounds/mate/desktop/GreenTraditional.jpg"  # 4:4:4
    planes = io.read_image(photo)
    assert planes.format() == mp.kPF_YUV444P
    rgb = planes.reformat("rgb24").numpy().astype(int)
    ref = np.asarray(Image.open(photo).convert("RGB")).astype(int)
    assert np.abs(rgb - ref).max() <= 1


def test_every_source_kind_reads_the_same():
    data = AQUA.read_bytes()
    want = io.read_image(str(AQUA), format="gray").numpy()
    for src in (AQUA, data, bytearray(data), memoryview(data), pyio.BytesIO(data),
                open(AQUA, "rb")):
        assert np.array_equal(io.read_image(src, format="gray").numpy(), want)
    # "-" is stdin.
    code = ("import sys; from framekit import io; f = io.read_image('-', format='gray'); "
            "sys.stdout.write(f'{f.width()}x{f.height()}')")
    out = run([sys.executable, "-c", code], input=data,
              env={**os.environ, "PYTHONPATH": str(pathlib.Path(mp.__file__).parents[1])})
    assert out == b"2560x1600"


def test_decode_jpeg_scale_and_size_use_dct_scaling():
    data = AQUA.read_bytes()
    eighth = io.decode_jpeg(data, scale=0.125, format="rgb24")
    assert (eighth.width(), eighth.height()) == (320, 200)
    ref = np.asarray(_pil_draft(AQUA, 8))
    assert np.array_equal(eighth.numpy(), ref)
    thumb = io.decode_jpeg(data, size=(640, 0))
    assert (thumb.width(), thumb.height()) == (640, 400)
    with pytest.raises(mp.InvalidArgument, match="not a JPEG"):
        io.decode_jpeg(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)


def _pil_draft(path, denom):
    """Pillow's DCT-domain scaling (draft mode): libjpeg-turbo's scaled decode."""
    im = Image.open(path)
    im.draft("RGB", (im.width // denom, im.height // denom))
    return im.convert("RGB")


def _tiff_orientation(value, big):
    e = ">" if big else "<"
    head = (b"MM" if big else b"II") + struct.pack(e + "HI", 42, 8)
    ifd = struct.pack(e + "H", 1) + struct.pack(e + "HHIHH", 0x0112, 3, 1, value, 0)
    return head + ifd + struct.pack(e + "I", 0)


def _with_app(jpg, marker, payload):
    return jpg[:2] + bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload + jpg[2:]


@pytest.mark.parametrize("big", [False, True], ids=["II", "MM"])
def test_exif_orientation_all_eight_like_pillow(big):
    """Pillow's ImageOps.exif_transpose is the independent reference."""
    from PIL import ImageOps
    rng = np.random.default_rng(7)
    base = rng.integers(0, 256, (24, 40, 3), dtype=np.uint8)
    buf = pyio.BytesIO()
    Image.fromarray(base).save(buf, "JPEG", quality=95)
    plain = buf.getvalue()
    for o in range(1, 9):
        jpg = _with_app(plain, 0xE1, b"Exif\0\0" + _tiff_orientation(o, big))
        ours = io.decode_jpeg(jpg, format="rgb24")
        ref = np.asarray(ImageOps.exif_transpose(Image.open(pyio.BytesIO(jpg))).convert("RGB"))
        assert ours.numpy().shape == ref.shape, o
        assert np.array_equal(ours.numpy(), ref), o
        assert ours.orientation == 1
        kept = io.decode_jpeg(jpg, format="rgb24", auto_orient=False)
        assert kept.orientation == o
        assert kept.exif == _tiff_orientation(o, big)


def test_cmyk_jpeg_to_rgb_close_to_pillow(tmp_path):
    rng = np.random.default_rng(3)
    cmyk = Image.fromarray(rng.integers(0, 256, (32, 48, 4), dtype=np.uint8), "CMYK")
    path = tmp_path / "cmyk.jpg"
    cmyk.save(path, "JPEG", quality=95)
    ours = io.read_image(path).numpy().astype(int)
    ref = np.asarray(Image.open(path).convert("RGB")).astype(int)
    assert ours.shape == ref.shape
    assert np.abs(ours - ref).max() <= 1


def test_icc_profile_kept_from_jpeg_and_png(tmp_path):
    profile = bytes(range(256)) * 300  # 76800 bytes: two APP2 segments
    rgb = np.random.default_rng(1).integers(0, 256, (16, 16, 3), dtype=np.uint8)
    Image.fromarray(rgb).save(tmp_path / "a.jpg", icc_profile=profile)
    Image.fromarray(rgb).save(tmp_path / "a.png", icc_profile=profile)
    assert io.read_image(tmp_path / "a.jpg").icc_profile == profile
    png = io.read_image(tmp_path / "a.png")
    assert png.icc_profile == profile
    io.write_image(tmp_path / "b.png", png)
    assert Image.open(tmp_path / "b.png").info["icc_profile"] == profile
    assert io.read_image(tmp_path / "b.png").exif is None


@pytest.mark.parametrize("icc_size", [1024, 200 * 1024])
def test_icc_and_exif_round_trip_through_encode_jpeg(icc_size, tmp_path):
    assert io.encode_jpeg is mp.encode_jpeg
    rng = np.random.default_rng(icc_size)
    rgb = rng.integers(0, 256, (48, 64, 3), dtype=np.uint8)
    icc = rng.integers(0, 256, icc_size, dtype=np.uint8).tobytes()
    # A big-endian TIFF with one IFD entry (ImageDescription, ASCII).
    text = b"framekit\0"
    exif = (b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", 1)
            + struct.pack(">HHII", 0x010E, 2, len(text), 26) + struct.pack(">I", 0) + text)
    jpg = io.encode_jpeg(rgb, icc_profile=icc, exif=exif)
    frame = io.read_image(jpg)
    assert frame.icc_profile == icc
    assert frame.exif == exif
    # Pillow (an independent reader) sees the same metadata.
    img = Image.open(pyio.BytesIO(jpg))
    assert img.info["icc_profile"] == icc
    assert img.getexif()[0x010E] == "framekit"
    # And the frame writes them back: a JPEG written from it carries both again.
    path = tmp_path / "again.jpg"
    io.write_image(str(path), frame)
    again = io.read_image(str(path))
    assert again.icc_profile == icc
    assert again.exif == exif


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA", "P", "LA", "I;16", "1"])
@pytest.mark.parametrize("interlace", [False, True])
def test_png_pillow_writes_reads_as_pillow(tmp_path, mode, interlace):
    rng = np.random.default_rng(5)
    im = Image.fromarray(rng.integers(0, 256, (37, 51, 4), dtype=np.uint8), "RGBA")
    im = im.convert(mode) if mode != "I;16" else Image.fromarray(
        rng.integers(0, 65536, (37, 51), dtype=np.uint16))
    path = tmp_path / "p.png"
    if interlace:  # Pillow writes no Adam7; ImageMagick does
        im.save(tmp_path / "src.png")
        run(["/usr/bin/convert", str(tmp_path / "src.png"), "-interlace", "PNG", str(path)])
    else:
        im.save(path)
    frame = io.read_image(path)
    ref = Image.open(path)
    # What the file holds (ImageMagick may store a picture in another color type).
    want = {"L": "L", "1": "L", "I": "I;16", "I;16": "I;16", "I;16B": "I;16", "RGB": "RGB",
            "P": "RGB", "RGBA": "RGBA", "LA": "RGBA", "PA": "RGBA"}[ref.mode]
    if "transparency" in ref.info:  # a tRNS chunk: the picture has alpha
        want = "RGBA"
    if want == "I;16":
        ref_arr = np.asarray(ref).astype(np.uint16)
    else:
        ref_arr = np.asarray(ref.convert(want))
    ours = frame.numpy()
    assert np.array_equal(ours.reshape(ref_arr.shape), ref_arr)


def test_numpy_pil_dlpack_and_flat_yuv_inputs(tmp_path):
    import torch
    rng = np.random.default_rng(9)
    rgb = rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)
    ro = rgb.copy()
    ro.flags.writeable = False  # copied, not refused
    for obj in (rgb, ro, Image.fromarray(rgb), torch.from_numpy(rgb.copy())):
        io.write_image(tmp_path / "x.png", obj)
        assert np.array_equal(np.asarray(Image.open(tmp_path / "x.png")), rgb)
    # A NumPy array is wrapped, not copied.
    assert np.shares_memory(io.as_frame(rgb).numpy(), rgb)
    # OpenCV's flat (H*3//2, W) 4:2:0 layouts.
    y = rng.integers(16, 236, (20, 30), dtype=np.uint8)
    u = rng.integers(16, 240, (10, 15), dtype=np.uint8)
    v = rng.integers(16, 240, (10, 15), dtype=np.uint8)
    i420 = np.concatenate([y.ravel(), u.ravel(), v.ravel()]).reshape(30, 30)
    nv12 = np.concatenate([y.ravel(), np.stack([u, v], -1).ravel()]).reshape(30, 30)
    a = io.as_frame(i420, "i420").reformat("rgb24").numpy()
    b = io.as_frame(nv12, "nv12").reformat("rgb24").numpy()
    assert np.array_equal(a, b)
    planes = io.as_frame(nv12, "nv12")
    assert np.array_equal(planes.plane(0).numpy().reshape(20, 30), y)


def test_to_pil_modes():
    rng = np.random.default_rng(2)
    rgba = rng.integers(0, 256, (8, 12, 4), dtype=np.uint8)
    assert np.array_equal(np.asarray(io.as_frame(rgba).to_pil()), rgba)
    gray = rng.integers(0, 256, (8, 12), dtype=np.uint8)
    pil = io.as_frame(gray).to_pil()
    assert pil.mode == "L" and np.array_equal(np.asarray(pil), gray)
    yuv = io.read_image(AQUA, size=(64, 40))
    assert yuv.to_pil().mode == "RGB" and yuv.to_pil().size == (64, 40)


def test_y4m_frames_and_writer_against_ffmpeg(tmp_path):
    src = tmp_path / "in.y4m"
    run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=30",
         "-frames:v", "5", "-pix_fmt", "yuv420p10le", "-strict", "-1", str(src)])
    frames = list(io.read_frames(src))
    assert [f.pts for f in frames] == list(range(5))
    raw = run(["ffmpeg", "-loglevel", "error", "-i", str(src), "-f", "rawvideo", "-pix_fmt",
               "yuv420p10le", "-"])
    ours = b"".join(p.numpy().tobytes() for f in frames for p in f.frame().data())
    assert ours == raw
    with io.ImageWriter(tmp_path / "out.y4m") as w:
        for f in frames:
            w.write(f)
    probe = run(["ffprobe", "-v", "error", "-count_frames", "-show_entries",
                 "stream=nb_read_frames,r_frame_rate,pix_fmt", "-of", "csv=p=0",
                 str(tmp_path / "out.y4m")])
    assert probe.decode().strip() == "yuv420p10le,30/1,5"


def test_bad_inputs_are_clear_errors(tmp_path):
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(mp.InvalidArgument, match="it is empty"):
        io.read_image(tmp_path / "empty.jpg")
    with pytest.raises(mp.InvalidArgument, match="is a directory"):
        io.read_image(tmp_path)
    with pytest.raises(mp.InvalidArgument, match="No such file"):
        io.read_image(tmp_path / "missing.png")
    with pytest.raises(mp.InvalidArgument, match="47 49 46 38"):
        io.read_image(b"GIF89a\x01\x00\x01\x00")
    data = AQUA.read_bytes()
    with pytest.raises(mp.InvalidArgument, match="JPEG decode failed"):
        io.read_image(data[: len(data) // 2])
    part = io.read_image(data[: len(data) // 2], allow_partial=True, format="rgb24")
    assert part.width() == 2560 and len(part.warnings) == 1
    with pytest.raises(mp.InvalidArgument, match="more than the limit of 1000"):
        io.read_image(data, max_pixels=1000)
    with pytest.raises(TypeError):
        io.read_image(12345)


def test_atomic_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "keep.jpg"
    target.write_bytes(b"old")
    frame = io.read_image(AQUA, size=(64, 40))
    with pytest.raises(mp.InvalidArgument):
        io.write_image(target, frame, quality=0)
    with pytest.raises(mp.InvalidArgument, match="unknown"):
        io.write_image(target, frame, qualty=80)
    assert target.read_bytes() == b"old"
    y4m = tmp_path / "keep.y4m"
    y4m.write_bytes(b"old")
    with pytest.raises(mp.InvalidArgument):
        with io.ImageWriter(y4m) as w:
            w.write(frame)
            w.write(io.read_image(AQUA, size=(32, 20)))  # another size: refused
    assert y4m.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.jpg", "keep.y4m"]
    io.write_image(target, frame, quality=90, comment="framekit")
    assert Image.open(target).size == (64, 40)
    assert b"framekit" in target.read_bytes()


def test_convert_is_installed_for_the_png_tests():
    assert shutil.which("/usr/bin/convert"), "install imagemagick"


def test_cli_writes_16bit_png_big_endian(tmp_path):
    """The CLI's PNG writer stored 16-bit samples byte-swapped; ffmpeg must read back the
    values that went in."""
    cli = pathlib.Path(os.environ.get("FRAMEKIT_CLI") or
                       pathlib.Path(mp.__file__).resolve().parents[2] / "tools" / "framekit")
    src = tmp_path / "in.png"
    run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v",
         "1", "-pix_fmt", "rgb48be", str(src)])
    run([str(cli), "convert", str(src), "--output", str(tmp_path / "out.png")])
    raw = ["-f", "rawvideo", "-pix_fmt", "rgb48le", "-"]
    assert run(["ffmpeg", "-loglevel", "error", "-i", str(tmp_path / "out.png"), *raw]) == \
        run(["ffmpeg", "-loglevel", "error", "-i", str(src), *raw])
