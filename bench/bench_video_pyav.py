#!/usr/bin/env python3
"""1080p H.264 to RGB frames in Python, one thread, interleaved rounds on one clip:
PyAV (python3-av) with frame.to_ndarray(format="rgb24") (swscale), and
framekit.io.VideoReader(threads=1) with vf.reformat("rgb24") to a NumPy view. The
calling thread's CPU time (time.thread_time) of the decode and of the conversion are
taken apart in each run; prints per frame medians and what the conversion adds.

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


def timed_split(frames, convert):
    """Thread CPU seconds spent producing frames and converting them, taken apart."""
    decode = conv = 0.0
    n = 0
    it = iter(frames)
    while True:
        t0 = time.thread_time()
        frame = next(it, None)
        t1 = time.thread_time()
        decode += t1 - t0
        if frame is None:
            return decode, conv, n
        convert(frame)
        conv += time.thread_time() - t1
        n += 1


def pyav(path):
    with av.open(path) as container:
        stream = container.streams.video[0]
        stream.thread_count = 1
        return timed_split(container.decode(stream), lambda f: f.to_ndarray(format="rgb24"))


def framekit_reader(path):
    with fio.VideoReader(path, threads=1) as video:
        return timed_split(video, lambda vf: vf.reformat("rgb24").frame().numpy())


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
    cases = {"pyav (to_ndarray rgb24)": pyav, "framekit (reformat rgb24)": framekit_reader}
    results = {name: [] for name in cases}
    for fn in cases.values():  # warm-up
        fn(clip)
    for _ in range(args.rounds):
        for name, fn in cases.items():
            results[name].append(fn(clip))
    frames = results["pyav (to_ndarray rgb24)"][0][2]
    print(f"bench_video_pyav: {clip}, {frames} frames, {args.rounds} rounds, one thread; "
          "per frame, median; shares median [min-max]")
    for name, runs in results.items():
        dec = statistics.median(r[0] for r in runs) * 1e3 / frames
        conv = statistics.median(r[1] for r in runs) * 1e3 / frames
        shares = [r[1] / r[0] * 100 for r in runs]
        print(f"  {name:26s} decode {dec:7.3f} ms   rgb24 {conv:6.3f} ms = "
              f"{statistics.median(shares):5.1f} % [{min(shares):.1f}-{max(shares):.1f}] "
              "of the decode")
    ratio = [(p[0] + p[1]) / (f[0] + f[1]) for p, f in
             zip(results["pyav (to_ndarray rgb24)"], results["framekit (reformat rgb24)"])]
    print(f"  pyav / framekit, decode + rgb24: {statistics.median(ratio):.2f}x "
          f"[{min(ratio):.2f}-{max(ratio):.2f}]")
    if made:
        os.remove(made)


if __name__ == "__main__":
    main()
