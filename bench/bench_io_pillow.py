"""framekit.io against Pillow, in one Python process on the same bytes, interleaved:
JPEG decode to RGB and a 640-wide thumbnail (Pillow: draft() for its DCT scaling, then
thumbnail() with its default filter). Prints per photo the median time of each and the
ratio Pillow / framekit as the median [min-max] over the rounds (thread CPU time).

    PYTHONPATH=build/release/python python3 bench/bench_io_pillow.py [--rounds N] [photo ...]
"""
import io as pyio
import statistics
import sys
import time

from PIL import Image

import framekit as mp
from framekit import io

PHOTOS = ["/usr/share/backgrounds/mate/nature/Aqua.jpg",
          "/usr/share/backgrounds/mate/nature/Storm.jpg",
          "/usr/share/backgrounds/mate/nature/GreenMeadow.jpg",
          "/usr/share/backgrounds/mate/desktop/GreenTraditional.jpg"]


def timed(fn):
    t0 = time.thread_time()
    fn()
    return time.thread_time() - t0


def pillow_rgb(data):
    return Image.open(pyio.BytesIO(data)).convert("RGB")


def pillow_thumb(data):
    im = Image.open(pyio.BytesIO(data))
    im.draft("RGB", (640, 640 * im.height // im.width))
    im = im.convert("RGB")
    im.thumbnail((640, 10**6))
    return im


def main(argv):
    rounds, photos = 11, []
    args = iter(argv)
    for a in args:
        if a == "--rounds":
            rounds = int(next(args))
        else:
            photos.append(a)
    mp.set_num_threads(1)
    print(f"bench_io_pillow: {rounds} rounds, 1 thread, thread CPU time; Pillow {Image.__version__}")
    for photo in photos or PHOTOS:
        data = open(photo, "rb").read()
        cases = {"decode to RGB": ([], [], lambda: io.decode_jpeg(data, format="rgb24"),
                                   lambda: pillow_rgb(data)),
                 "640-wide thumbnail": ([], [], lambda: io.decode_jpeg(data, format="rgb24",
                                                                       size=(640, 0)),
                                        lambda: pillow_thumb(data))}
        for _ in range(rounds):
            for ours, theirs, fk, pil in cases.values():
                ours.append(timed(fk))
                theirs.append(timed(pil))
        print(photo)
        for name, (ours, theirs, _, _) in cases.items():
            ratios = sorted(t / o for o, t in zip(ours, theirs))
            print(f"  {name:20s} framekit {statistics.median(ours) * 1e3:8.2f} ms   Pillow "
                  f"{statistics.median(theirs) * 1e3:8.2f} ms   ratio "
                  f"{statistics.median(ratios):.2f}x [{ratios[0]:.2f}-{ratios[-1]:.2f}]")


if __name__ == "__main__":
    main(sys.argv[1:])
