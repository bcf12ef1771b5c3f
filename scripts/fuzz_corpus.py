#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz): small valid files of every
kind the CLI reads, and byte strings for the structured targets.

    scripts/fuzz_corpus.py OUTDIR      → OUTDIR/<target>/<seed files>

Nothing here is committed: PPM/PGM, PNG (every color type and bit depth, Adam7
interlacing, palettes, transparency) and Y4M come from the writers below (standard
library only), JPEGs from cjpeg (libjpeg-turbo-progs: baseline, progressive,
arithmetic, restart markers, every subsampling, gray, RGB), tiny video clips from
ffmpeg -f lavfi (H.264 in MP4 and MPEG-TS, MPEG-4 Part 2, VP9 in WebM, MJPEG in AVI,
Y4M; bit-exact, one thread), raw frames and the byte strings from a seeded generator.
The output is the same on every run.
"""
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

RNG = random.Random(20261207)


def pattern(width, height, channels, maxval=255):
    """Gradients plus noise, so every decoder path (DC, AC, filters) gets exercised."""
    out = []
    for y in range(height):
        row = []
        for x in range(width):
            for c in range(channels):
                v = (x * 37 + y * 19 + c * 71) % 256 + RNG.randrange(-12, 13)
                v = min(255, max(0, v))
                row.append(v * maxval // 255)
        out.append(row)
    return out


# ---- PNM ---------------------------------------------------------------------------


def pnm(width, height, gray, maxval=255, comment=False):
    channels = 1 if gray else 3
    head = b"P5" if gray else b"P6"
    head += b"\n# framekit fuzz seed\n" if comment else b"\n"
    head += b"%d %d\n%d\n" % (width, height, maxval)
    body = bytearray()
    for row in pattern(width, height, channels, maxval):
        for v in row:
            body += struct.pack(">H", v) if maxval > 255 else bytes([v])
    return head + bytes(body)


# ---- PNG ---------------------------------------------------------------------------

CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def pack_row(samples, depth):
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    out, acc, nbits = bytearray(), 0, 0
    for s in samples:
        acc = acc << depth | s
        nbits += depth
        if nbits == 8:
            out.append(acc)
            acc, nbits = 0, 0
    if nbits:
        out.append(acc << (8 - nbits))
    return bytes(out)


def filtered(rows, bpp, filter_type):
    """Applies one PNG filter type to every row (types 0-4)."""
    out = bytearray()
    prev = bytes(len(rows[0])) if rows else b""
    for row in rows:
        f = bytearray()
        for i, v in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if filter_type == 0:
                p = 0
            elif filter_type == 1:
                p = a
            elif filter_type == 2:
                p = b
            elif filter_type == 3:
                p = (a + b) // 2
            else:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else b if pb <= pc else c
            f.append((v - p) & 0xFF)
        out += bytes([filter_type]) + f
        prev = row
    return bytes(out)


def png(width, height, color_type, depth, interlace=False, trns=False, filter_type=0):
    channels = CHANNELS[color_type]
    maxval = (1 << depth) - 1
    pix = pattern(width, height, channels, maxval)
    bpp = max(1, channels * depth // 8)
    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            rows = [pack_row([pix[y][x * channels + c] for x in range(x0, width, dx) for c in range(channels)], depth)
                    for y in range(y0, height, dy)]
            rows = [r for r in rows if r]
            if rows:
                raw += filtered(rows, bpp, filter_type)
    else:
        rows = [pack_row(r, depth) for r in pix]
        raw = filtered(rows, bpp, filter_type)
    out = b"\x89PNG\r\n\x1a\n"
    out += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, int(interlace)))
    if color_type == 3:
        out += chunk(b"PLTE", bytes(RNG.randrange(256) for _ in range(3 * (1 << depth))))
        if trns:
            out += chunk(b"tRNS", bytes(RNG.randrange(256) for _ in range(1 << depth)))
    elif trns and color_type in (0, 2):
        out += chunk(b"tRNS", struct.pack(">" + "H" * (1 if color_type == 0 else 3), *([1] * (1 if color_type == 0 else 3))))
    out += chunk(b"tEXt", b"Comment\x00framekit fuzz seed")
    data = zlib.compress(raw, 9)
    half = len(data) // 2
    out += chunk(b"IDAT", data[:half]) + chunk(b"IDAT", data[half:])  # two IDATs
    return out + chunk(b"IEND", b"")


# ---- Y4M ---------------------------------------------------------------------------

Y4M = {  # colorspace → (chroma shift x, chroma shift y, bytes per sample, planes)
    "420jpeg": (1, 1, 1, 3), "420mpeg2": (1, 1, 1, 3), "420paldv": (1, 1, 1, 3), "420": (1, 1, 1, 3),
    "422": (1, 0, 1, 3), "444": (0, 0, 1, 3), "mono": (0, 0, 1, 1), "420p10": (1, 1, 2, 3),
    "422p12": (1, 0, 2, 3), "444p16": (0, 0, 2, 3), "mono16": (0, 0, 2, 1),
}


def y4m(width, height, cs, frames=2, extra=""):
    sx, sy, bps, planes = Y4M[cs]
    out = b"YUV4MPEG2 W%d H%d F25:1 Ip A1:1 C%s%s\n" % (width, height, cs.encode(), extra.encode())
    cw, ch = -(-width // (1 << sx)), -(-height // (1 << sy))
    size = width * height + (planes - 1) * cw * ch
    for _ in range(frames):
        out += b"FRAME\n" + bytes(RNG.randrange(256) if bps == 1 or i % 2 == 0 else RNG.randrange(4)
                                  for i in range(size * bps))
    return out


# ---- JPEG (cjpeg) ------------------------------------------------------------------


def jpegs(tmp):
    cjpeg = shutil.which("cjpeg")
    if not cjpeg:
        sys.exit("fuzz_corpus: cjpeg not found (scripts/install_deps.sh installs libjpeg-turbo-progs)")
    options = [[], ["-sample", "1x1"], ["-sample", "2x1"], ["-sample", "1x2"], ["-sample", "4x1"],
               ["-grayscale"], ["-progressive"], ["-arithmetic"], ["-restart", "1"], ["-optimize"],
               ["-quality", "5"], ["-quality", "100"], ["-rgb"], ["-progressive", "-sample", "1x1"],
               ["-dct", "float"], ["-smooth", "50"]]
    sizes = [(1, 1), (8, 8), (17, 9), (33, 17), (16, 16)]
    out = {}
    for i, opts in enumerate(options):
        w, h = sizes[i % len(sizes)]
        src = os.path.join(tmp, "in.ppm")
        with open(src, "wb") as f:
            f.write(pnm(w, h, gray=False))
        res = subprocess.run([cjpeg, *opts, src], check=True, capture_output=True)
        out["cjpeg_%02d_%dx%d_%s.jpg" % (i, w, h, "_".join(o.strip("-") for o in opts) or "default")] = res.stdout
    return out


# ---- video (ffmpeg) ----------------------------------------------------------------

# name -> (container format, codec options): each a 3-frame 32x24 testsrc2 clip.
VIDEO_SEEDS = {
    "h264.mp4": ("mp4", ["-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "threads=1",
                         "-pix_fmt", "yuv420p"]),
    "h264_bframes.mp4": ("mp4", ["-c:v", "libx264", "-preset", "medium", "-bf", "2",
                                 "-x264-params", "threads=1", "-pix_fmt", "yuv420p"]),
    "h264.ts": ("mpegts", ["-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "threads=1",
                           "-pix_fmt", "yuv420p"]),
    "mpeg4.mp4": ("mp4", ["-c:v", "mpeg4", "-q:v", "5"]),
    "vp9.webm": ("webm", ["-c:v", "libvpx-vp9", "-threads", "1", "-deadline", "realtime",
                          "-cpu-used", "8", "-b:v", "50k"]),
    "mjpeg.avi": ("avi", ["-c:v", "mjpeg", "-q:v", "5", "-pix_fmt", "yuvj422p"]),
    "yuv444.y4m": ("yuv4mpegpipe", ["-pix_fmt", "yuv444p"]),
}


def videos(tmp):
    """Tiny clips of every container and codec the video fuzz target starts from."""
    out = {}
    for name, (container, codec) in VIDEO_SEEDS.items():
        path = os.path.join(tmp, name)
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                        "testsrc2=size=32x24:rate=25:duration=0.12", "-threads", "1",
                        *codec, "-fflags", "+bitexact", "-flags:v", "+bitexact",
                        "-map_metadata", "-1", "-f", container, path], check=True)
        with open(path, "rb") as f:
            out[name] = f.read()
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    corpora = {name: {} for name in
               ("read_jpeg", "read_png", "read_pnm", "read_y4m", "read_raw", "io_decode", "video_decode",
                "jpeg_encoder",
                "convert", "cabi", "pyacl")}

    p = corpora["read_pnm"]
    for w, h in ((1, 1), (3, 2), (17, 9)):
        p["p6_%dx%d.ppm" % (w, h)] = pnm(w, h, gray=False)
        p["p5_%dx%d.pgm" % (w, h)] = pnm(w, h, gray=True)
    p["p6_16bit.ppm"] = pnm(5, 3, gray=False, maxval=65535)
    p["p5_16bit.pgm"] = pnm(5, 3, gray=True, maxval=1023)
    p["p6_comment.ppm"] = pnm(4, 4, gray=False, comment=True)

    p = corpora["read_png"]
    for ct, depths in ((0, (1, 2, 4, 8, 16)), (2, (8, 16)), (3, (1, 2, 4, 8)), (4, (8, 16)), (6, (8, 16))):
        for d in depths:
            p["ct%d_d%d.png" % (ct, d)] = png(7, 5, ct, d, filter_type=(ct + d) % 5)
    p["ct2_d8_adam7.png"] = png(9, 9, 2, 8, interlace=True, filter_type=4)
    p["ct0_d1_adam7.png"] = png(11, 3, 0, 1, interlace=True)
    p["ct6_d16_adam7.png"] = png(5, 7, 6, 16, interlace=True, filter_type=3)
    p["ct3_d4_trns.png"] = png(6, 6, 3, 4, trns=True)
    p["ct0_d8_trns.png"] = png(4, 4, 0, 8, trns=True)
    p["ct2_d16_trns.png"] = png(4, 4, 2, 16, trns=True)
    p["ct2_1x1.png"] = png(1, 1, 2, 8)

    p = corpora["read_y4m"]
    for i, cs in enumerate(Y4M):
        w, h = ((4, 2), (5, 3), (16, 8))[i % 3]
        p["%s_%dx%d.y4m" % (cs, w, h)] = y4m(w, h, cs, frames=1 + i % 2)
    p["full_range.y4m"] = y4m(6, 4, "420jpeg", extra=" XCOLORRANGE=FULL")
    p["limited_range.y4m"] = y4m(6, 4, "444", extra=" XCOLORRANGE=LIMITED")

    with tempfile.TemporaryDirectory() as tmp:
        corpora["read_jpeg"].update(jpegs(tmp))

    # Raw: three bytes choose width-1, height-1 and the pixel format index (see
    # read_image_fuzz.cpp), then the file. Formats: yuv420p 0, nv12 4, gray 12, rgb24 24.
    p = corpora["read_raw"]
    for fmt, per_pixel in ((0, 1.5), (4, 1.5), (12, 1), (24, 3)):
        for w, h, frames in ((4, 2, 2), (8, 6, 1)):
            size = int(w * h * per_pixel) * frames
            p["fmt%d_%dx%d_x%d.yuv" % (fmt, w, h, frames)] = bytes([w - 1, h - 1, fmt]) + bytes(
                RNG.randrange(256) for _ in range(size))
    p["yuyv_odd_width.yuv"] = bytes([4, 1, 8]) + bytes(RNG.randrange(256) for _ in range(24))

    # io_decode (io_decode_fuzz.cpp): one byte of read options, then the file: every
    # reader seed above, under a rotation of options (plain; auto-orient; + partial;
    # to nv12 / rgb24; a small width to scale to).
    p = corpora["io_decode"]
    options = (0, 1, 3, 4 | 1, 4 | 8, 16 | 1 | (2 << 5))
    for src in ("read_jpeg", "read_png", "read_pnm", "read_y4m"):
        for i, (fname, data) in enumerate(sorted(corpora[src].items())):
            p["%s_%s" % (src[len("read_"):], fname)] = bytes([options[i % len(options)]]) + data

    # video_decode (video_decode_fuzz.cpp): one byte of read options, then the file: each
    # clip plain, keyframes only, every 2nd frame, resampled to 50 fps, from 0.04 s.
    p = corpora["video_decode"]
    with tempfile.TemporaryDirectory() as tmp:
        clips = videos(tmp)
    for i, (fname, data) in enumerate(sorted(clips.items())):
        p[fname] = bytes([0]) + data
        p["opt_" + fname] = bytes([(1, 2, 4 | 8, 16 | (1 << 5))[i % 4]]) + data

    # Structured targets: the empty input is each one's first, valid choice of every
    # field; random strings of a few lengths start the search elsewhere.
    for name in ("jpeg_encoder", "convert", "cabi", "pyacl"):
        p = corpora[name]
        p["empty"] = b""
        for i, n in enumerate((4, 8, 16, 24, 32, 48, 64, 96, 128, 256)):
            p["random_%02d" % i] = bytes(RNG.randrange(256) for _ in range(n))
    # convert: yuv420p → rgb24 at 16x16, nv12 → yuv420p downscaled (format, space,
    # range, width-1, height-1, pad choices, then the target).
    corpora["convert"]["yuv420p_to_rgb24"] = bytes([0, 2, 0, 15, 15, 1, 0, 1, 0, 1, 0, 0, 0, 0, 3, 0, 1, 24])
    corpora["convert"]["nv12_scale"] = bytes([4, 1, 1, 31, 17, 1, 0, 1, 0, 0, 0, 15, 7, 3, 1, 0])

    for name, files in corpora.items():
        d = os.path.join(root, name)
        os.makedirs(d, exist_ok=True)
        for fname, data in files.items():
            with open(os.path.join(d, fname), "wb") as f:
                f.write(data)
        print("fuzz_corpus: %-13s %3d seeds in %s" % (name, len(files), d))


if __name__ == "__main__":
    main()
