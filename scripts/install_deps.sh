#!/usr/bin/env bash
# Installs every Debian package framekit builds, tests or benchmarks with.
# Idempotent: when all are present it only checks and returns.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libhwy-dev libgtest-dev libbenchmark-dev
  libturbojpeg0-dev libjpeg62-turbo-dev libjpeg-turbo-progs libyuv-dev
  libswscale-dev libavutil-dev libavformat-dev libavcodec-dev ffmpeg
  libopencv-dev libtorch-dev libdlpack-dev libcli11-dev libspng-dev
  python3-dev python3-numpy python3-pytest python3-torch python3-pil pybind11-dev python3-opencv
  python3-pip python3-venv python3-setuptools python3-wheel mypy dpkg-dev
  clang libclang-rt-14-dev
  mate-backgrounds imagemagick python3-pil libvips-tools python3-av
  nlohmann-json3-dev libfmt-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install_deps: installing ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
