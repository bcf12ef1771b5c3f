"""The anti-aliased resize filters against Pillow, in one Python process on the same
pixels, interleaved: a 4000x3000 RGB photograph (the mate Elephants photo, cropped) to
640 wide with LANCZOS, BILINEAR and BICUBIC (Pillow: Image.resize(..., reducing_gap=None);
framekit: img.resize with kLanczos3, kBilinearAA, kBicubicAA, one thread). Prints the
median time of each and the ratio Pillow / framekit as the median [min-max] over the
rounds (thread CPU time).

    PYTHONPATH=build/release/python python3 bench/bench_resize_pillow.py [--rounds N]
"""
import statistics
import sys
import time

import numpy as np
from PIL import Image

import framekit as mp

PHOTO = "/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg"
FILTERS = [("lanczos", mp.ImageFilterMode.kLanczos3, Image.Resampling.LANCZOS),
           ("bilinear", mp.ImageFilterMode.kBilinearAA, Image.Resampling.BILINEAR),
           ("bicubic", mp.ImageFilterMode.kBicubicAA, Image.Resampling.BICUBIC)]


def timed(fn):
    t0 = time.thread_time()
    fn()
    return time.thread_time() - t0


def main(argv):
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 11
    mp.set_num_threads(1)
    image = Image.open(PHOTO).convert("RGB").crop((820, 86, 4820, 3086))  # 4000x3000
    pixels = mp.from_numpy(np.array(image))
    size = (640, 480)
    print(f"bench_resize_pillow: {image.width}x{image.height} RGB -> {size[0]}x{size[1]}, "
          f"{rounds} rounds, 1 thread, thread CPU time; Pillow {Image.__version__}")
    for name, mode, resample in FILTERS:
        ours, theirs = [], []
        for _ in range(rounds):
            ours.append(timed(lambda: mp.img.resize(pixels, size[0], size[1], mode, mp.kNHWC)))
            theirs.append(timed(lambda: image.resize(size, resample, reducing_gap=None)))
        ratios = sorted(t / o for o, t in zip(ours, theirs))
        print(f"  {name:9s} framekit {statistics.median(ours) * 1e3:7.2f} ms   Pillow "
              f"{statistics.median(theirs) * 1e3:7.2f} ms   ratio "
              f"{statistics.median(ratios):.2f}x [{ratios[0]:.2f}-{ratios[-1]:.2f}]")


if __name__ == "__main__":
    main(sys.argv[1:])
