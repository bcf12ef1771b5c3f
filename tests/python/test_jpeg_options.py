"""Every JPEG encoder option (issue #16) through every API: framekit.encode_jpeg,
jpege.encode, a jpege Channel, Engine.channel and `framekit encode` give the same bytes
for the same parameters, and those bytes are checked independently: against cjpeg
(libjpeg-turbo, the same bytes where cjpeg has the option), by decoding with Pillow and
djpeg, and by parsing the JPEG's segments here (SOF type and sampling factors, JFIF
density, DRI, COM, APP1 Exif, APP2 ICC_PROFILE, DQT).

Only the public package and the CLI (FRAMEKIT_CLI) are used, so this also runs against an
installed wheel.
"""
import io
import struct
import subprocess

import numpy as np
import pytest
from PIL import Image

import framekit
import framekit.jpege as jpege
from conftest import CLI

# --- the JPEG, parsed here -----------------------------------------------------------

# Position in the file (zigzag) of each natural-order index.
ZIGZAG = [
    0, 1, 5, 6, 14, 15, 27, 28, 2, 4, 7, 13, 16, 26, 29, 42, 3, 8, 12, 17, 25, 30, 41, 43, 9,
    11, 18, 24, 31, 40, 44, 53, 10, 19, 23, 32, 39, 45, 52, 54, 20, 22, 33, 38, 46, 51, 55, 60,
    21, 34, 37, 47, 50, 56, 59, 61, 35, 36, 48, 49, 57, 58, 62, 63,
]


def segments(jpg):
    """[(marker, payload)] of the header, up to and including the first SOS."""
    assert jpg[:2] == b"\xff\xd8", "no SOI"
    out, pos = [], 2
    while pos < len(jpg):
        assert jpg[pos] == 0xFF, "no marker at %d" % pos
        marker = jpg[pos + 1]
        length = struct.unpack(">H", jpg[pos + 2:pos + 4])[0]
        out.append((marker, jpg[pos + 4:pos + 2 + length]))
        pos += 2 + length
        if marker == 0xDA:
            return out
    raise AssertionError("no SOS")


def find(segs, marker):
    return [p for m, p in segs if m == marker]


def sof(segs):
    """(SOF marker, [(component id, h, v, quant table)])."""
    frames = [(m, p) for m, p in segs if m in (0xC0, 0xC1, 0xC2)]
    assert len(frames) == 1
    marker, p = frames[0]
    comps = [(p[6 + 3 * i], p[7 + 3 * i] >> 4, p[7 + 3 * i] & 15, p[8 + 3 * i])
             for i in range(p[5])]
    return marker, comps


def subsampling_of(segs):
    _, comps = sof(segs)
    if len(comps) == 1:
        return "gray"
    assert all((h, v) == (1, 1) for _, h, v, _ in comps[1:])
    return {(1, 1): "444", (2, 1): "422", (2, 2): "420", (1, 2): "440"}[comps[0][1:3]]


def density_of(segs):
    jfif = [p for p in find(segs, 0xE0) if p[:5] == b"JFIF\0"]
    assert len(jfif) == 1
    unit, x, y = struct.unpack(">BHH", jfif[0][7:12])
    return (x, y, {0: "aspect", 1: "dpi", 2: "dpcm"}[unit])


def quant_tables_of(segs):
    """{table id: 64 entries in natural order} from the DQT segments."""
    tables = {}
    for p in find(segs, 0xDB):
        pos = 0
        while pos < len(p):
            assert p[pos] >> 4 == 0, "16-bit table"
            zz = p[pos + 1:pos + 65]
            tables[p[pos] & 15] = [zz[ZIGZAG[i]] for i in range(64)]
            pos += 65
    return tables


def icc_of(segs):
    chunks = [p for p in find(segs, 0xE2) if p[:12] == b"ICC_PROFILE\0"]
    if not chunks:
        return None
    assert [c[12] for c in chunks] == list(range(1, len(chunks) + 1))
    assert all(c[13] == len(chunks) for c in chunks)
    assert all(len(c) - 14 <= 65519 for c in chunks)
    return b"".join(c[14:] for c in chunks)


# --- inputs and references ------------------------------------------------------------

def photo(h=45, w=67, seed=2):
    """Smooth gradients with a sprinkle of noise: every block has detail."""
    y, x = np.mgrid[0:h, 0:w]
    a = np.stack([(x * 3) % 256, (y * 5) % 256, ((x + y) * 2) % 256], -1).astype(np.uint8)
    a[::7, ::5] = np.random.default_rng(seed).integers(0, 256, a[::7, ::5].shape)
    return a


def tiff_exif(make=b"framekit"):
    """A little-endian TIFF with IFD0 holding Make (0x010F)."""
    value = make + b"\0"
    ifd = struct.pack("<H", 1) + struct.pack("<HHII", 0x010F, 2, len(value), 26) + b"\0\0\0\0"
    return b"II*\0" + struct.pack("<I", 8) + ifd + value


def icc_profile(size, seed=5):
    """ICC-shaped bytes (header fields Pillow and djpeg look at; the rest random)."""
    body = bytearray(np.random.default_rng(seed).integers(0, 256, size, dtype=np.uint8))
    body[0:4] = struct.pack(">I", size)
    body[36:40] = b"acsp"
    return bytes(body)


def write_ppm(path, a):
    Image.fromarray(a).save(path)


def cjpeg(tmp_path, a, args, files=()):
    src = tmp_path / "ref.ppm"
    write_ppm(src, a)
    return subprocess.run(["cjpeg", "-baseline", *args, str(src)], capture_output=True, check=True).stdout


def run_cli(tmp_path, a, args, name="cli"):
    src = tmp_path / (name + ".ppm")
    out = tmp_path / (name + ".jpg")
    write_ppm(src, a)
    r = subprocess.run([str(CLI), "encode", str(src), "-o", str(out), *args],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out.read_bytes()


def all_apis(a, kwargs, tmp_path, cli_args):
    """The bytes of every API; asserts they are one byte string and returns it."""
    kw = dict(kwargs)
    quality = kw.pop("quality", framekit.DEFAULT_QUALITY)
    got = {
        "encode_jpeg": framekit.encode_jpeg(a, quality, **kw),
        "jpege.encode": jpege.encode(a, quality, **kw),
    }
    with jpege.Channel(a.shape[1], a.shape[0], quality, **kw) as ch:
        ch.send(a)
        got["Channel"] = ch.get().data
    with jpege.Engine(workers=2).channel(a.shape[1], a.shape[0], quality, **kw) as ch:
        got["Engine.channel"] = next(ch.encode([a]))
    got["CLI"] = run_cli(tmp_path, a, cli_args)
    ref = got["encode_jpeg"]
    for api, data in got.items():
        assert data == ref, "%s differs from encode_jpeg (%d vs %d bytes)" % (api, len(data),
                                                                            len(ref))
    return ref


def decodes(tmp_path, jpg, a):
    """Pillow and djpeg read it, with the input's size; Pillow's pixels are near the
    input's (a smooth-ish picture at these qualities)."""
    im = Image.open(io.BytesIO(jpg))
    im.load()
    assert im.size == (a.shape[1], a.shape[0])
    f = tmp_path / "d.jpg"
    f.write_bytes(jpg)
    r = subprocess.run(["djpeg", "-pnm", str(f)], capture_output=True)
    assert r.returncode == 0, r.stderr
    dj = Image.open(io.BytesIO(r.stdout))
    assert dj.size == im.size
    assert np.array_equal(np.asarray(dj), np.asarray(im))  # both libjpeg: same pixels
    return im


# Quant tables with every entry different, in natural order (cjpeg -qtables text).
QT_Y = [1 + (i * 7) % 97 for i in range(64)]
QT_C = [2 + (i * 11) % 131 for i in range(64)]
QT_CR = [3 + (i * 5) % 61 for i in range(64)]


def qtables_file(tmp_path, tables):
    f = tmp_path / "q.txt"
    f.write_text("# natural order, cjpeg -qtables format\n" + "\n".join(
        "\n".join(" ".join(str(v) for v in t[r * 8:r * 8 + 8]) for r in range(8)) + "  # table"
        for t in tables) + "\n")
    return f


# (id, Python kwargs, CLI args, cjpeg args or None when cjpeg lacks the option)
CASES = [
    ("default", {}, [], []),
    ("q1", {"quality": 1}, ["-q", "1"], ["-quality", "1"]),
    ("q100", {"quality": 100}, ["-q", "100"], ["-quality", "100"]),
    ("444", {"quality": 90, "subsampling": "444"}, ["-q", "90", "--subsampling", "444"],
     ["-quality", "90", "-sample", "1x1"]),
    ("422", {"subsampling": "422"}, ["--subsampling", "422"], ["-sample", "2x1"]),
    ("420", {"subsampling": "420"}, ["--subsampling", "420"], ["-sample", "2x2"]),
    ("440", {"subsampling": "440"}, ["--subsampling", "440"], ["-sample", "1x2"]),
    ("gray", {"subsampling": "gray"}, ["--subsampling", "gray"], ["-grayscale"]),
    ("optimize", {"optimize": True}, ["--optimize"], ["-optimize"]),
    ("progressive", {"progressive": True}, ["--progressive"], ["-progressive"]),
    ("progressive444", {"progressive": True, "subsampling": "444", "quality": 95},
     ["--progressive", "--subsampling", "444", "-q", "95"],
     ["-progressive", "-sample", "1x1", "-quality", "95"]),
    ("restart", {"restart_interval": 3}, ["--restart", "3"], ["-restart", "3B"]),
    ("chroma_quality", {"quality": 90, "chroma_quality": 40},
     ["-q", "90", "--chroma-quality", "40"], ["-quality", "90,40"]),
    ("qtables2", {"quant_tables": [QT_Y, QT_C]}, ["--quant-tables", "{q2}"],
     ["-qtables", "{q2}"]),
    ("qtables3", {"quant_tables": np.array([QT_Y, QT_C, QT_CR]).reshape(3, 8, 8)},
     ["--quant-tables", "{q3}"], ["-qtables", "{q3}", "-qslots", "0,1,2"]),
    ("qtables1", {"quant_tables": [QT_Y]}, ["--quant-tables", "{q1}"], None),
    ("comment", {"comment": "framekit \u00e9"}, ["--comment", "framekit \u00e9"], None),
    ("exif", {"exif": tiff_exif()}, ["--exif", "{exif}"], None),
    ("icc", {"icc_profile": icc_profile(1024)}, ["--icc", "{icc1k}"], ["-icc", "{icc1k}"]),
    ("dpi", {"density": (72, 96, "dpi")}, ["--density", "72x96dpi"], None),
    ("dpcm", {"density": (118, 118, "dpcm")}, ["--density", "118x118dpcm"], None),
    ("aspect", {"density": (2, 1)}, ["--density", "2x1"], None),
    ("threads", {"threads": 4, "optimize": True}, ["--threads", "4", "--optimize"],
     ["-optimize"]),
    ("everything", {"quality": 85, "subsampling": "422", "progressive": True,
                    "restart_interval": 2, "comment": b"all", "exif": tiff_exif(b"x"),
                    "icc_profile": icc_profile(3000), "density": (300, 300, "dpi")},
     ["-q", "85", "--subsampling", "422", "--progressive", "--restart", "2", "--comment",
      "all", "--exif", "{exif_x}", "--icc", "{icc3k}", "--density", "300x300dpi"], None),
]


@pytest.fixture
def files(tmp_path):
    f = {"q1": qtables_file(tmp_path, [QT_Y])}
    (tmp_path / "q2").mkdir()
    (tmp_path / "q3").mkdir()
    f["q2"] = qtables_file(tmp_path / "q2", [QT_Y, QT_C])
    f["q3"] = qtables_file(tmp_path / "q3", [QT_Y, QT_C, QT_CR])
    for name, data in (("exif", tiff_exif()), ("exif_x", tiff_exif(b"x")),
                       ("icc1k", icc_profile(1024)), ("icc3k", icc_profile(3000))):
        f[name] = tmp_path / (name + ".bin")
        f[name].write_bytes(data)
    return {k: str(v) for k, v in f.items()}


@pytest.mark.parametrize("name,kwargs,cli_args,cjpeg_args", CASES, ids=[c[0] for c in CASES])
def test_option_same_bytes_everywhere(tmp_path, files, name, kwargs, cli_args, cjpeg_args):
    a = photo()
    jpg = all_apis(a, kwargs, tmp_path, [s.format(**files) for s in cli_args])
    if cjpeg_args is not None:
        ref = cjpeg(tmp_path, a, [s.format(**files) for s in cjpeg_args])
        assert jpg == ref, "differs from cjpeg %s" % " ".join(cjpeg_args)
    im = decodes(tmp_path, jpg, a)
    segs = segments(jpg)

    marker, _ = sof(segs)
    assert marker == (0xC2 if kwargs.get("progressive") else 0xC0)
    assert subsampling_of(segs) == kwargs.get("subsampling", "420")
    assert im.mode == ("L" if kwargs.get("subsampling") == "gray" else "RGB")
    density = kwargs.get("density", (1, 1, "aspect"))
    assert density_of(segs) == (tuple(density) + ("aspect",))[:3]
    dri = find(segs, 0xDD)
    if kwargs.get("restart_interval"):
        assert dri == [struct.pack(">H", kwargs["restart_interval"])]
    else:
        assert dri == []
    comment = kwargs.get("comment")
    if isinstance(comment, str):
        comment = comment.encode("utf-8")
    assert find(segs, 0xFE) == ([comment] if comment else [])
    exif = [p for p in find(segs, 0xE1) if p[:6] == b"Exif\0\0"]
    assert exif == ([b"Exif\0\0" + kwargs["exif"]] if "exif" in kwargs else [])
    assert icc_of(segs) == kwargs.get("icc_profile")
    if "quant_tables" in kwargs:
        given = [list(np.asarray(t).reshape(64)) for t in kwargs["quant_tables"]]
        tables = quant_tables_of(segs)
        _, comps = sof(segs)
        used = [tables[q] for _, _, _, q in comps]
        expect = [given[min(c, len(given) - 1)] for c in range(3)]
        assert used == expect


def test_default_quality_is_75_everywhere(tmp_path):
    a = photo()
    assert framekit.DEFAULT_QUALITY == jpege.DEFAULT_QUALITY == 75
    q75 = framekit.encode_jpeg(a, 75)
    assert framekit.encode_jpeg(a) == q75
    assert jpege.encode(a) == q75
    assert jpege.encode_many([a])[0] == q75
    with jpege.Channel(a.shape[1], a.shape[0]) as ch:
        assert next(ch.encode([a])) == q75
    assert run_cli(tmp_path, a, []) == q75
    assert q75 == cjpeg(tmp_path, a, [])  # cjpeg's default is 75 too


def test_gray_and_rgba_inputs(tmp_path):
    a = photo()
    gray = np.ascontiguousarray(a[:, :, 1])
    rgba = np.concatenate([a, np.full(a.shape[:2] + (1,), 200, np.uint8)], axis=2)
    g = framekit.encode_jpeg(gray, 80, optimize=True)
    assert g == jpege.encode(gray, 80, optimize=True)
    assert subsampling_of(segments(g)) == "gray"
    assert framekit.encode_jpeg(gray, 80, subsampling="gray", optimize=True) == g
    src = tmp_path / "g.pgm"
    Image.fromarray(gray).save(src)
    ref = subprocess.run(["cjpeg", "-quality", "80", "-optimize", str(src)], capture_output=True,
                         check=True).stdout
    assert g == ref
    # RGBA: alpha is dropped, the bytes are the RGB picture's.
    assert framekit.encode_jpeg(rgba, subsampling="444") == framekit.encode_jpeg(a, subsampling="444")


def test_frames_take_the_same_options():
    a = photo(48, 64)
    frame = framekit.Frame.from_numpy(a, framekit.PixelInfo(framekit.PixelFormat.kPF_RGB24))
    for kw in ({}, {"subsampling": "444", "progressive": True}, {"density": (10, 20, "dpcm")}):
        assert framekit.encode_jpeg(frame, 70, **kw) == framekit.encode_jpeg(a, 70, **kw)


@pytest.mark.parametrize("size", [1024, 200 * 1024])
def test_icc_round_trips_through_pillow_and_djpeg(tmp_path, size):
    profile = icc_profile(size, seed=size)
    a = photo()
    jpg = framekit.encode_jpeg(a, icc_profile=profile)
    assert jpege.encode(a, icc_profile=profile) == jpg
    assert Image.open(io.BytesIO(jpg)).info.get("icc_profile") == profile
    f = tmp_path / "icc.jpg"
    f.write_bytes(jpg)
    out = tmp_path / "icc.out"
    r = subprocess.run(["djpeg", "-icc", str(out), "-outfile", str(tmp_path / "x.ppm"), str(f)],
                       capture_output=True)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == profile
    # More than one segment's worth is split as the ICC spec says (checked by icc_of).
    assert icc_of(segments(jpg)) == profile
    assert len([p for p in find(segments(jpg), 0xE2) if p[:12] == b"ICC_PROFILE\0"]) == \
        -(-size // 65519)


def test_exif_round_trips_through_pillow():
    a = photo()
    for exif in (tiff_exif(b"framekit"), b"Exif\0\0" + tiff_exif(b"framekit")):
        jpg = framekit.encode_jpeg(a, exif=exif)
        got = Image.open(io.BytesIO(jpg)).getexif()
        assert got.get(0x010F) == "framekit"
        assert [p for p in find(segments(jpg), 0xE1)] == [b"Exif\0\0" + tiff_exif(b"framekit")]


# --- bad parameters ---------------------------------------------------------------------

BAD = [
    ({"quality": 0}, ValueError, "quality"),
    ({"quality": 101}, ValueError, "quality"),
    ({"quality": "75"}, TypeError, "quality"),
    ({"chroma_quality": 0}, ValueError, "chroma_quality"),
    ({"subsampling": "411"}, ValueError, "subsampling"),
    ({"subsampling": 420}, TypeError, "subsampling"),
    ({"quant_tables": [[0] * 64]}, ValueError, "quant_tables"),
    ({"quant_tables": [[16] * 63]}, ValueError, "quant_tables"),
    ({"quant_tables": [[16] * 64] * 4}, ValueError, "quant_tables"),
    ({"quant_tables": [[256] * 64]}, ValueError, "quant_tables"),
    ({"quant_tables": "tables"}, TypeError, "quant_tables"),
    ({"optimize": "yes"}, TypeError, "optimize"),
    ({"progressive": 1}, TypeError, "progressive"),
    ({"restart_interval": 65536}, ValueError, "restart_interval"),
    ({"restart_interval": -1}, ValueError, "restart_interval"),
    ({"comment": 5}, TypeError, "comment"),
    ({"comment": b"c" * 65534}, ValueError, "comment"),
    ({"exif": "text"}, TypeError, "exif"),
    ({"exif": b"x" * 65528}, ValueError, "exif"),
    ({"icc_profile": b"\0" * (255 * 65519 + 1)}, ValueError, "icc_profile"),
    ({"icc_profile": 3}, TypeError, "icc_profile"),
    ({"density": (0, 1)}, ValueError, "density"),
    ({"density": (72, 72, "dpx")}, ValueError, "density"),
    ({"density": 72}, TypeError, "density"),
    ({"threads": -1}, ValueError, "threads"),
]


@pytest.mark.parametrize("kwargs,exc,word", BAD, ids=[str(b[0])[:40] for b in BAD])
def test_bad_parameters_raise_naming_them(kwargs, exc, word):
    a = photo(16, 16)
    for call in (lambda: framekit.encode_jpeg(a, **kwargs),
                 lambda: jpege.encode(a, **kwargs),
                 lambda: jpege.Channel(16, 16, **kwargs)):
        with pytest.raises(exc, match=word):
            call()


def test_subsampling_the_input_cannot_take_is_a_clear_error():
    gray = photo(16, 16)[:, :, 0].copy()
    with pytest.raises(ValueError, match="gray"):
        framekit.encode_jpeg(gray, subsampling="444")
    with jpege.Channel(16, 16, subsampling="420") as ch:
        ch.send(gray)
        with pytest.raises(ValueError, match="gray"):
            ch.get()
        # The channel goes on: the next frame (RGB) is encoded.
        ch.send(photo(16, 16))
        assert ch.get().data == framekit.encode_jpeg(photo(16, 16), subsampling="420")


CLI_BAD = [
    (["-q", "0"], "-q"),
    (["--chroma-quality", "101"], "--chroma-quality"),
    (["--subsampling", "411"], "--subsampling"),
    (["--density", "72"], "--density"),
    (["--density", "0x72dpi"], "--density"),
    (["--density", "72x72dpx"], "--density"),
    (["--quant-tables", "{missing}"], "--quant-tables"),
    (["--quant-tables", "{short}"], "--quant-tables"),
    (["--quant-tables", "{word}"], "--quant-tables"),
    (["--quant-tables", "{zero}"], "--quant-tables"),
    (["--quant-tables", "{four}"], "--quant-tables"),
    (["--exif", "{missing}"], "--exif"),
    (["--exif", "{big}"], "--exif"),
    (["--icc", "{missing}"], "--icc"),
    (["--restart", "70000"], "--restart"),
]


@pytest.mark.parametrize("args,word", CLI_BAD, ids=[" ".join(c[0]) for c in CLI_BAD])
def test_cli_bad_parameters_exit_nonzero_naming_them(tmp_path, args, word):
    f = {"missing": tmp_path / "missing.bin", "short": tmp_path / "short.txt",
         "word": tmp_path / "word.txt", "zero": tmp_path / "zero.txt",
         "four": tmp_path / "four.txt", "big": tmp_path / "big.bin"}
    f["short"].write_text("1 2 3\n")
    f["word"].write_text(" ".join(["16"] * 30 + ["x"] + ["16"] * 33))
    f["zero"].write_text(" ".join(["16"] * 63 + ["0"]))
    f["four"].write_text(" ".join(["16"] * 256))
    f["big"].write_bytes(b"\0" * 70000)
    src = tmp_path / "in.ppm"
    write_ppm(src, photo(16, 16))
    out = tmp_path / "out.jpg"
    r = subprocess.run([str(CLI), "encode", str(src), "-o", str(out),
                        *[s.format(**f) for s in args]], capture_output=True, text=True)
    assert r.returncode != 0
    assert word in r.stderr, r.stderr
    assert not out.exists()


def test_cli_quant_tables_file_format(tmp_path):
    """Comments, any whitespace, rows of any length: only the 64 numbers count."""
    a = photo()
    plain = tmp_path / "plain.txt"
    plain.write_text(" ".join(str(v) for v in QT_Y + QT_C))
    messy = tmp_path / "messy.txt"
    messy.write_text("# luma\n" + "\n".join(str(v) for v in QT_Y) + "\n\t# chroma # twice\n"
                     + "  ".join(str(v) for v in QT_C) + "   # end\n")
    want = framekit.encode_jpeg(a, quant_tables=[QT_Y, QT_C])
    assert run_cli(tmp_path, a, ["--quant-tables", str(plain)], "p") == want
    assert run_cli(tmp_path, a, ["--quant-tables", str(messy)], "m") == want


def test_cli_engine_path_takes_every_option(tmp_path, files):
    """Several inputs go through the JPEGE engine: the options apply there too, with the
    bytes of one picture encoded alone."""
    a, b = photo(), photo(40, 50, seed=9)
    write_ppm(tmp_path / "a.ppm", a)
    write_ppm(tmp_path / "b.ppm", b)
    options = {"quality": 85, "subsampling": "444", "progressive": True, "restart_interval": 2,
               "comment": "both", "exif": tiff_exif(), "icc_profile": icc_profile(1024),
               "density": (72, 72, "dpi"), "chroma_quality": 50}
    args = ["-q", "85", "--subsampling", "444", "--progressive", "--restart", "2", "--comment",
            "both", "--exif", files["exif"], "--icc", files["icc1k"], "--density", "72x72dpi",
            "--chroma-quality", "50", "--no-progress"]
    out = tmp_path / "out"
    r = subprocess.run([str(CLI), "encode", str(tmp_path / "a.ppm"), str(tmp_path / "b.ppm"),
                        "-o", str(out) + "/", *args], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    q = options.pop("quality")
    assert (out / "a.jpg").read_bytes() == framekit.encode_jpeg(a, q, **options)
    assert (out / "b.jpg").read_bytes() == framekit.encode_jpeg(b, q, **options)


def test_cli_engine_path_names_a_frame_its_subsampling_cannot_take(tmp_path):
    gray = photo(16, 16)[:, :, 0].copy()
    Image.fromarray(gray).save(tmp_path / "g.pgm")
    write_ppm(tmp_path / "c.ppm", photo(16, 16))
    r = subprocess.run([str(CLI), "encode", str(tmp_path / "g.pgm"), str(tmp_path / "c.ppm"),
                        "-o", str(tmp_path / "out") + "/", "--subsampling", "444",
                        "--no-progress"], capture_output=True, text=True)
    assert r.returncode != 0
    assert "gray" in r.stderr and "4:4:4" in r.stderr, r.stderr


def test_raw_option_is_the_send_flag():
    """raw=True on the channel (or encode) codes YUV samples as they are, exactly as the
    per-frame raw flag of send(): also for a color space only raw coding takes (YCgCo)."""
    rng = np.random.default_rng(4)
    planes = [rng.integers(16, 235, (32, 48), dtype=np.uint8),
              rng.integers(16, 240, (16, 24, 2), dtype=np.uint8)]
    info = framekit.PixelInfo(framekit.PixelFormat.kPF_NV12, framekit.ColorSpace.kCS_YCGCO,
                              framekit.ColorRange.kCR_MPEG)
    frame = framekit.Frame.from_numpy(planes, info)
    with jpege.Channel(48, 32) as ch:
        ch.send(frame, raw=True)
        per_frame = ch.get().data
    assert framekit.encode_jpeg(frame, raw=True) == per_frame
    assert jpege.encode(frame, raw=True) == per_frame
    with jpege.Channel(48, 32, raw=True) as ch:
        ch.send(frame)
        assert ch.get().data == per_frame
    with pytest.raises(framekit.JpegeError, match="(?i)ycgco"):
        framekit.encode_jpeg(frame)
