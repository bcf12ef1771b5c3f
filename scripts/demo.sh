#!/usr/bin/env bash
# The main job on built-in data. Argument: the build directory.
set -euo pipefail
BUILD=${1:-build/release}
"$BUILD/tools/framekit" --version
"$BUILD/tools/framekit" info
