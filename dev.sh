#!/usr/bin/env bash
# framekit's one entry point for a fresh machine.
#   ./dev.sh demo   install packages, build, run the main job on built-in data
#   ./dev.sh test   install packages, build, run every test (C++, Python, ASan+UBSan), then
#                   every fuzz target for FRAMEKIT_CI_FUZZ_SECONDS (10) each and the TSan
#                   engine and C ABI tests
#   ./dev.sh build  install packages and build (release preset)
#   ./dev.sh bench  build and run the benchmarks against the reference libraries
#   ./dev.sh fuzz [SECONDS] [TARGET...]   build the fuzz targets and run each for SECONDS
#                   (default 600), two at a time; the corpus grows in build/fuzz/fuzzing
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
JOBS=$(nproc)

build() {
  scripts/install_deps.sh
  cmake --preset release >/dev/null
  cmake --build --preset release -j"$JOBS"
}

run_cpp_tests() {
  ctest --preset "$1" -j"$JOBS" --timeout 600
}

run_install_tests() {
  FRAMEKIT_BUILD_DIR=build/release "$PY" -m pytest -q tests/install
}

# The libFuzzer targets: clang, ASan + UBSan, only the library, the CLI's readers and
# the targets, with the Highway kernels for one target (AVX2 where the machine has
# it): the kernels for five targets are most of the build time, and the fuzzers look
# for bad bounds, sizes and parameters, which every target's code shares.
build_fuzz() {
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j"$JOBS"
}

# TSan: the engine's threads, through the engine tests and the C ABI tests (which
# include the many-thread stress of tests/compat/abi_threads_test.cpp). Only the
# library and those two test programs are built, with the Highway kernels compiled for
# the baseline target alone: the races TSan looks for are in the engine's queues and
# locks, not in the SIMD row kernels, which run the same code paths on every target.
run_tsan_tests() {
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j"$JOBS"
  local env=(TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
             FRAMEKIT_ABI_THREADS_SECONDS=${FRAMEKIT_ABI_THREADS_SECONDS:-10})
  # Left to the release and ASan stages, which run them: the fork tests (TSan cannot
  # start threads in a child forked from a threaded parent: "starting new threads after
  # multi-threaded fork is not supported") and the test that runs the CLI, which this
  # build does not make.
  local skip=(--gtest_filter='-EngineFork.*:CanEncode.TheCli*')
  local rc=0
  env "${env[@]}" build/tsan/tests/test_jpege "${skip[@]}" || rc=1
  env "${env[@]}" build/tsan/tests/test_compat || rc=1
  return $rc
}

timed() {
  local start=$SECONDS rc=0
  "$@" || rc=$?
  echo "== $* took $((SECONDS - start)) s"
  return $rc
}

case "${1:-demo}" in
  build)
    build
    ;;
  demo)
    build
    scripts/demo.sh build/release
    ;;
  test)
    timed build
    timed run_cpp_tests release
    # The pytest suite runs once, inside the install tests: test_wheel runs all of
    # tests/python against the installed wheel (the build directory moved away).
    timed run_install_tests
    # The sanitizer stages all run, and the job fails at the end if any of them did.
    failed=()
    echo "== ASan + UBSan build of the C++ tests"
    cmake --preset asan >/dev/null
    timed cmake --build --preset asan -j"$JOBS"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      timed run_cpp_tests asan || failed+=("ASan+UBSan tests")
    echo "== libFuzzer targets (clang, ASan + UBSan)"
    timed build_fuzz
    timed scripts/fuzz.sh build/fuzz "${FRAMEKIT_CI_FUZZ_SECONDS:-10}" || failed+=("fuzzing")
    echo "== TSan build: engine and C ABI tests"
    timed run_tsan_tests || failed+=("TSan tests")
    if [ ${#failed[@]} -ne 0 ]; then
      echo "FAILED: ${failed[*]}" >&2
      exit 1
    fi
    ;;
  fuzz)
    scripts/install_deps.sh
    build_fuzz
    scripts/fuzz.sh build/fuzz "${2:-600}" "${@:3}"
    ;;
  bench)
    build
    scripts/bench.sh build/release
    ;;
  *)
    echo "usage: $0 {demo|test|build|bench|fuzz [seconds] [target...]}" >&2
    exit 2
    ;;
esac
