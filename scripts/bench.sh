#!/usr/bin/env bash
# Runs every benchmark binary (framekit against the reference libraries, same run).
# Argument: the build directory. Extra arguments go to each Google Benchmark binary.
set -euo pipefail
BUILD=${1:-build/release}
shift || true
for b in "$BUILD"/bench/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" "$@"
done
echo "== scripts/bench_cli.py (whole-process: framekit vs ffmpeg, vipsthumbnail, mogrify)"
/usr/bin/python3 "$(dirname "$0")/bench_cli.py" --cli "$BUILD/tools/framekit"
