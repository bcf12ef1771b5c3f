#!/usr/bin/env bash
# Runs every libFuzzer target of a FRAMEKIT_FUZZ build (the fuzz preset) for a bounded
# time, two at a time, and prints one summary line per target: seconds run, executions,
# executions per second, corpus size, and the crash file when it found one.
#   scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]     (targets: read_jpeg, cabi, …)
# Seeds come from scripts/fuzz_corpus.py; the grown corpus is kept in
# BUILD_DIR/fuzzing/corpus/<target> between runs, crashes go to
# BUILD_DIR/fuzzing/artifacts/<target>/, logs to BUILD_DIR/fuzzing/logs/, the summary to
# BUILD_DIR/fuzzing/summary.txt. Exits non-zero when any target crashed, leaked, ran out
# of memory or timed out (a reproducer to commit under tests/fuzz/regressions/<target>/).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
parallel=${FRAMEKIT_FUZZ_PARALLEL:-2}
out="$build/fuzzing"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for bin in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$bin" ] && targets+=("$(basename "$bin" | sed 's/^fuzz_//')")
  done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no fuzz targets in $build/tests/fuzz" >&2; exit 2; }

/usr/bin/python3 scripts/fuzz_corpus.py "$out/seeds" >/dev/null
mkdir -p "$out/logs"

run_one() {
  local t=$1 bin="$build/tests/fuzz/fuzz_$1"
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  local opts=(-max_total_time="$seconds" -print_final_stats=1 -timeout=25 -rss_limit_mb=2048
              -artifact_prefix="$out/artifacts/$t/" -close_fd_mask=1)
  local env=(ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0
             UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1)
  if [ "$t" = pyacl ]; then
    env+=(LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan_python.supp)
  fi
  local start end rc=0
  start=$(date +%s)
  env "${env[@]}" "$bin" "${opts[@]}" "$out/corpus/$t" "$out/seeds/$t" >"$out/logs/$t.log" 2>&1 || rc=$?
  end=$(date +%s)
  local runs speed corpus crash
  runs=$(awk '/^stat::number_of_executed_units:/ {v=$2} END {print v}' "$out/logs/$t.log")
  speed=$(awk '/^stat::average_exec_per_sec:/ {v=$2} END {print v}' "$out/logs/$t.log")
  corpus=$(find "$out/corpus/$t" -type f | wc -l)
  crash=$(sed -n 's/.*Test unit written to //p' "$out/logs/$t.log" | tail -1)
  local status=ok
  if [ $rc -ne 0 ]; then
    status="FAILED (exit $rc): ${crash:-see $out/logs/$t.log}"
  fi
  printf '%-13s %5ss %10s execs %7s/s  corpus %5s  %s\n' "$t" "$((end - start))" "${runs:-?}" \
    "${speed:-?}" "$corpus" "$status" >"$out/logs/$t.summary"
  cat "$out/logs/$t.summary"
  [ $rc -eq 0 ]
}

echo "== fuzzing ${#targets[@]} targets for ${seconds} s each, $parallel at a time (ASan + UBSan)"
pids=()
names=()
failed=0
for t in "${targets[@]}"; do
  [ -x "$build/tests/fuzz/fuzz_$t" ] || { echo "fuzz: no target fuzz_$t in $build" >&2; exit 2; }
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  run_one "$t" &
  pids+=($!)
  names+=("$t")
done
for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed=$((failed + 1)); done

{
  echo "target        seconds   executions     exec/s  corpus  result"
  for t in "${targets[@]}"; do cat "$out/logs/$t.summary"; done
} >"$out/summary.txt"
echo "== fuzz summary ($out/summary.txt)"
cat "$out/summary.txt"
if [ $failed -ne 0 ]; then
  echo "fuzz: $failed target(s) failed: reproduce with $build/tests/fuzz/fuzz_<target> <crash file>;" \
       "commit the file under tests/fuzz/regressions/<target>/ with the fix" >&2
  exit 1
fi
