#!/usr/bin/env bash
# The main job on built-in data: encode framekit's built-in 1080p NV12 scene to JPEG,
# then convert that JPEG (scale + color conversion) to a PNG thumbnail, and check both
# with independent decoders. Argument: the build directory. Outputs go to out/.
set -euo pipefail
BUILD=${1:-build/release}
FK="$BUILD/tools/framekit"
mkdir -p out
"$FK" --version
"$FK" info | sed -n '1,3p'
echo "== encode the built-in scene (1920x1080 NV12) to JPEG, q85"
"$FK" encode --builtin -q 85 -o out/demo.jpg -y
echo "== convert: JPEG -> 640-wide RGB PNG (scale, then YUV -> RGB)"
"$FK" convert out/demo.jpg -o out/demo_640.png --size 640x --verbose -y
echo "== check with djpeg and ffmpeg"
djpeg out/demo.jpg > /dev/null && echo "djpeg decodes out/demo.jpg"
ffmpeg -v error -i out/demo_640.png -f null - && echo "ffmpeg decodes out/demo_640.png"
ls -l out/demo.jpg out/demo_640.png
