#!/usr/bin/env bash
# framekit's one entry point for a fresh machine.
#   ./dev.sh demo   install packages, build, run the main job on built-in data
#   ./dev.sh test   install packages, build, run every test (C++, Python, ASan+UBSan)
#   ./dev.sh build  install packages and build (release preset)
#   ./dev.sh bench  build and run the benchmarks against the reference libraries
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

run_python_tests() {
  PYTHONPATH="$PWD/build/release/python" "$PY" -m pytest -q tests/python
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
    build
    run_cpp_tests release
    run_python_tests
    echo "== ASan + UBSan build of the C++ tests"
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j"$JOBS"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      run_cpp_tests asan
    ;;
  bench)
    build
    scripts/bench.sh build/release
    ;;
  *)
    echo "usage: $0 {demo|test|build|bench}" >&2
    exit 2
    ;;
esac
