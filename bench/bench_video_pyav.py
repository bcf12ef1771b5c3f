#!/usr/bin/env python3
"""1080p H.264 to RGB frames in Python, one thread, interleaved rounds: PyAV
(python3-av) with frame.to_ndarray(format="rgb24") (swscale), and
framekit.io.VideoReader(threads=1) with vf.reformat("rgb24") to a NumPy view. The
calling thread's CPU time (time.thread_time) of the decode and of the conversion are
taken apart in each run; prints per frame medians and what the conversion adds.
The clips are bench_video's: ffmpeg's testsrc2 pattern and a pan and slow zoom over a
mate-backgrounds photo (libx264 CRF 23), made at bench time, or the ones given.

    PYTHONPATH=build/release/python /usr/bin/python3 bench/bench_video_pyav.py [--rounds N] [--seconds S] [--photo JPG] [clip ...]
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


X264 = ["-c:v", "libx264", "-preset", "medium", "-pix_fmt", "yuv420p"]


def make_clips(seconds, photo, directory):
    """The two clips of bench_video.cpp, made with the same ffmpeg commands."""
    pattern = os.path.join(directory, "testsrc2.mp4")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size=1920x1080:rate=25:duration={seconds}", *X264, pattern],
                   check=True)
    natural = os.path.join(directory, "photo.mp4")
    n = int(seconds * 25)
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", photo, "-vf",
                    "scale=3840:-2,zoompan=z='1+0.0025*on':x='iw/2-iw/zoom/2+on*2':"
                    f"y='ih/2-ih/zoom/2':d={n}:s=1920x1080:fps=25", "-frames:v", str(n),
                    *X264, "-crf", "23", natural], check=True)
    return [("testsrc2", pattern), ("photo pan", natural)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=4)
    ap.add_argument("--photo", default="/usr/share/backgrounds/mate/nature/Garden.jpg")
    ap.add_argument("clips", nargs="*")
    args = ap.parse_args()
    framekit.set_num_threads(1)
    print("bench_video_pyav: one thread; thread CPU time per frame, median [min-max] over "
          "rounds")
    if args.clips:
        for clip in args.clips:
            bench_clip("clip", clip, args.rounds)
        return
    with tempfile.TemporaryDirectory(prefix="framekit_bench_video_") as directory:
        for label, clip in make_clips(args.seconds, args.photo, directory):
            bench_clip(label, clip, args.rounds)


def bench_clip(label, clip, rounds):
    cases = {"pyav (to_ndarray rgb24)": pyav, "framekit (reformat rgb24)": framekit_reader}
    results = {name: [] for name in cases}
    for fn in cases.values():  # warm-up
        fn(clip)
    for _ in range(rounds):
        for name, fn in cases.items():
            results[name].append(fn(clip))
    frames = results["pyav (to_ndarray rgb24)"][0][2]
    print(f"{label}: {clip}, {frames} frames, {rounds} rounds")

    def spread(values, fmt):
        return (f"{statistics.median(values):{fmt}} "
                f"[{min(values):{fmt}}-{max(values):{fmt}}]")

    for name, runs in results.items():
        dec = [r[0] * 1e3 / frames for r in runs]
        conv = [r[1] * 1e3 / frames for r in runs]
        shares = [r[1] / r[0] * 100 for r in runs]
        print(f"  {name:26s} decode {spread(dec, '.3f')} ms, rgb24 {spread(conv, '.3f')} ms "
              f"= {spread(shares, '.1f')} % of the decode")
    ratio = [(p[0] + p[1]) / (f[0] + f[1]) for p, f in
             zip(results["pyav (to_ndarray rgb24)"], results["framekit (reformat rgb24)"])]
    print(f"  pyav / framekit, decode + rgb24: {spread(ratio, '.2f')}x")


if __name__ == "__main__":
    main()
