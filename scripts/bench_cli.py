#!/usr/bin/python3
"""Whole-process benchmarks of the framekit CLI against the tools people use for the same
jobs (issue 18), run side by side and interleaved round by round:

  video   60 s of 1080p H.264 -> one 320-wide JPEG per second
          framekit thumbnail clip.mp4 --interval 1 -s 320x   vs  ffmpeg -vf fps=1,scale=320:-1
  photos  the mate-backgrounds photos -> 640-wide JPEG thumbnails
          framekit thumbnail DIR -s 640x   vs  vipsthumbnail -s 640x   vs  mogrify -resize 640x
  y4m     a 1080p Y4M (10 s) -> one JPEG per frame
          framekit encode clip.y4m -o 'f_%05d.jpg'   vs  ffmpeg -c:v mjpeg f_%05d.jpg

Each round runs every command once (outputs into fresh folders); a ratio is the other
tool's wall time / framekit's in the same round. Printed: wall time and the process CPU
time of each command (median [min-max]), and the ratios. Inputs are made once, at start,
in a temporary folder (or --work DIR), and read from the page cache afterwards.

usage: scripts/bench_cli.py [--cli build/release/tools/framekit] [--rounds 5]
                            [--only video,photos,y4m] [--seconds 60] [--work DIR]
"""
import argparse
import glob
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd, cwd=None):
    """Runs cmd; returns (wall seconds, CPU seconds of the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"bench_cli: {' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
                 f"{proc.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def summary(values):
    return f"{statistics.median(values):7.3f} [{min(values):.3f}-{max(values):.3f}]"


def race(name, commands, rounds, check):
    """commands: [(label, make_cmd(outdir) -> argv)], framekit first."""
    walls = {label: [] for label, _ in commands}
    cpus = {label: [] for label, _ in commands}
    for _ in range(rounds):
        for label, make in commands:
            out = fresh(WORK / f"out_{name}_{label.split()[0]}")
            wall, cpu = run(make(out))
            walls[label].append(wall)
            cpus[label].append(cpu)
            check(label, out)
    print(f"\n{name}: wall s / process CPU s per run, median [min-max] over {rounds} rounds")
    fk = commands[0][0]
    for label, _ in commands:
        line = f"  {label:<44} wall {summary(walls[label])}  cpu {summary(cpus[label])}"
        if label != fk:
            ratios = [o / f for o, f in zip(walls[label], walls[fk])]
            line += f"  {label.split()[0]} / framekit {statistics.median(ratios):.2f}x " \
                    f"[{min(ratios):.2f}-{max(ratios):.2f}]"
        print(line, flush=True)


def count(out, pattern):
    n = len(glob.glob(str(out / "**" / pattern), recursive=True))
    if n == 0:
        sys.exit(f"bench_cli: no {pattern} in {out}")
    return n


def bench_video(args):
    clip = WORK / f"h264_1080p_{args.seconds}s.mp4"
    if not clip.exists():
        # testsrc2 with film-like grain: a clip that costs a decoder what camera footage does.
        run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
             f"testsrc2=size=1920x1080:rate=25:duration={args.seconds}",
             "-vf", "noise=alls=8:allf=t", "-c:v", "libx264", "-preset", "fast",
             "-pix_fmt", "yuv420p", str(clip)])
    expect = args.seconds

    def check(label, out):
        n = count(out, "*.jpg")
        if abs(n - expect) > 1:
            sys.exit(f"bench_cli: {label} wrote {n} thumbnails, expected about {expect}")

    race("video: 1080p H.264 -> one 320-wide JPEG per second", [
        ("framekit thumbnail --interval 1 -s 320x",
         lambda out: [args.cli, "thumbnail", clip, "--interval", "1", "-s", "320x", "-o",
                      f"{out}/"]),
        ("ffmpeg -vf fps=1,scale=320:-1",
         lambda out: ["ffmpeg", "-v", "error", "-i", clip, "-vf", "fps=1,scale=320:-1",
                      f"{out}/%03d.jpg"]),
    ], args.rounds, check)


def bench_photos(args):
    photos = WORK / "photos"
    if not photos.exists():
        photos.mkdir()
        for p in sorted(glob.glob("/usr/share/backgrounds/mate/**/*.jpg", recursive=True)):
            shutil.copy(p, photos / os.path.basename(p))
    jpgs = sorted(str(p) for p in photos.glob("*.jpg"))
    if not jpgs:
        sys.exit("bench_cli: no photos (install mate-backgrounds)")

    def check(label, out):
        n = count(out, "*.jpg")
        if n != len(jpgs):
            sys.exit(f"bench_cli: {label} wrote {n} thumbnails for {len(jpgs)} photos")

    race(f"photos: {len(jpgs)} mate photos -> 640-wide JPEG thumbnails", [
        ("framekit thumbnail -s 640x",
         lambda out: [args.cli, "thumbnail", photos, "-s", "640x", "-o", f"{out}/"]),
        ("vipsthumbnail -s 640x",
         lambda out: ["vipsthumbnail", *jpgs, "-s", "640x", "-o", f"{out}/%s.jpg"]),
        ("mogrify -resize 640x",
         lambda out: ["mogrify", "-path", out, "-resize", "640x", *jpgs]),
    ], args.rounds, check)


def bench_y4m(args):
    y4m = WORK / "clip_1080p.y4m"
    frames = 250
    if not y4m.exists():
        run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
             f"testsrc2=size=1920x1080:rate=25:duration={frames // 25}",
             "-vf", "noise=alls=8:allf=t", "-pix_fmt", "yuv420p", str(y4m)])

    def check(label, out):
        n = count(out, "*.jpg")
        if n != frames:
            sys.exit(f"bench_cli: {label} wrote {n} JPEGs for {frames} frames")

    # ffmpeg's mjpeg encoder at -q:v 2 (its best-quality scale) against framekit's q85:
    # files of about the same size; both use every core they find.
    race(f"y4m: 1080p Y4M ({frames} frames) -> one JPEG per frame", [
        ("framekit encode -q 85",
         lambda out: [args.cli, "encode", y4m, "-q", "85", "-o", f"{out}/f_%05d.jpg"]),
        ("ffmpeg -c:v mjpeg -q:v 2",
         lambda out: ["ffmpeg", "-v", "error", "-i", y4m, "-c:v", "mjpeg", "-q:v", "2",
                      f"{out}/f_%05d.jpg"]),
    ], args.rounds, check)


def main():
    global WORK
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", default="build/release/tools/framekit")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default="video,photos,y4m")
    ap.add_argument("--seconds", type=int, default=60, help="length of the H.264 clip")
    ap.add_argument("--work", help="folder for the inputs and outputs (kept)")
    args = ap.parse_args()
    args.cli = str(pathlib.Path(args.cli).resolve())
    for tool in ("ffmpeg", "vipsthumbnail", "mogrify"):
        if shutil.which(tool) is None:
            sys.exit(f"bench_cli: {tool} is not installed (scripts/install_deps.sh)")
    temp = None
    if args.work:
        WORK = pathlib.Path(args.work).resolve()
        WORK.mkdir(parents=True, exist_ok=True)
    else:
        temp = tempfile.TemporaryDirectory(prefix="framekit_bench_cli_")
        WORK = pathlib.Path(temp.name)
    print(f"bench_cli: {os.cpu_count()} CPUs; inputs in {WORK}")
    jobs = {"video": bench_video, "photos": bench_photos, "y4m": bench_y4m}
    for name in args.only.split(","):
        jobs[name](args)


WORK = None
if __name__ == "__main__":
    main()
