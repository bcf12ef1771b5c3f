#!/usr/bin/env python3
"""1080p H.264 to RGB frames in Python, one thread, interleaved rounds on one clip:
PyAV (python3-av) decode alone and with frame.to_ndarray(format="rgb24") (swscale), and
framekit.io.VideoReader(threads=1) alone and with vf.reformat("rgb24") to a NumPy view.
Times are the calling thread's CPU time (time.thread_time); prints per frame medians
[min-max] and what the RGB conversion adds to the decode.

    PYTHONPATH=build/release/python /usr/bin/python3 bench/bench_video_pyav.py [--rounds N] [--seconds S] [clip]
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

import av

import framekit
import framekit.io as fio


def pyav(path, rgb):
    t0 = time.thread_time()
    n = 0
    with av.open(path) as container:
        stream = container.streams.video[0]
        stream.thread_count = 1
        for frame in container.decode(stream):
            if rgb:
                frame.to_ndarray(format="rgb24")
            n += 1
    return time.thread_time() - t0, n


def framekit_reader(path, rgb):
    t0 = time.thread_time()
    n = 0
    with fio.VideoReader(path, threads=1) as video:
        for vf in video:
            if rgb:
                vf.reformat("rgb24").frame().numpy()
            n += 1
    return time.thread_time() - t0, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=4)
    ap.add_argument("clip", nargs="?")
    args = ap.parse_args()
    made = None
    clip = args.clip
    if clip is None:
        made = clip = tempfile.mktemp(suffix=".mp4", prefix="framekit_bench_video_")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                        f"testsrc2=size=1920x1080:rate=25:duration={args.seconds}",
                        "-c:v", "libx264", "-preset", "medium", "-pix_fmt", "yuv420p", clip],
                       check=True)
    framekit.set_num_threads(1)
    cases = {"pyav decode": (pyav, False), "pyav decode + to_ndarray(rgb24)": (pyav, True),
             "framekit decode": (framekit_reader, False),
             "framekit decode + reformat(rgb24)": (framekit_reader, True)}
    times = {name: [] for name in cases}
    frames = 0
    for fn, rgb in cases.values():  # warm-up
        fn(clip, rgb)
    for _ in range(args.rounds):
        for name, (fn, rgb) in cases.items():
            t, frames = fn(clip, rgb)
            times[name].append(t)
    print(f"bench_video_pyav: {clip}, {frames} frames, {args.rounds} rounds, one thread; "
          "per frame, median [min-max]")
    for name, ts in times.items():
        ms = [t * 1e3 / frames for t in ts]
        print(f"  {name:36s} {statistics.median(ms):7.3f} ms [{min(ms):.3f}-{max(ms):.3f}]")
    for who in ("pyav", "framekit"):
        dec = times[f"{who} decode"]
        rgb = next(v for k, v in times.items() if k.startswith(f"{who} decode +"))
        shares = [(b - a) / a * 100 for a, b in zip(dec, rgb)]
        print(f"  {who}: the RGB conversion adds {statistics.median(shares):.1f} % "
              f"[{min(shares):.1f}-{max(shares):.1f}] to the decode")
    ratio = [p / f for p, f in zip(times["pyav decode + to_ndarray(rgb24)"],
                                   times["framekit decode + reformat(rgb24)"])]
    print(f"  pyav rgb / framekit rgb: {statistics.median(ratio):.2f}x "
          f"[{min(ratio):.2f}-{max(ratio):.2f}]")
    if made:
        os.remove(made)


if __name__ == "__main__":
    main()
