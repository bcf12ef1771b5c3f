"""Helpers of the installation tests (conftest.py has the fixtures). A module of its own
name, so that it cannot be confused with tests/python's conftest in one pytest run."""
import os
import pathlib
import re
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
README = REPO / "README.md"
README_PREFIX = "/opt/framekit"  # the install prefix the README's commands use
README_BUILD_DIR = "build/release"

# Debian package of each tool, for the failure message.
TOOL_PACKAGES = {
    "cmake": "cmake", "cpack": "cmake", "pkg-config": "pkgconf", "g++": "g++", "gcc": "gcc",
    "readelf": "binutils", "ldd": "libc-bin", "ldconfig": "libc-bin", "djpeg": "libjpeg-turbo-progs",
    "dpkg-deb": "dpkg", "dpkg": "dpkg", "dpkg-shlibdeps": "dpkg-dev", "apt-get": "apt",
    "bash": "bash",
}


def need_tool(name):
    """The path of a tool on PATH; fails the test (never skips) when it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"tool '{name}' not found on PATH (Debian package "
                    f"{TOOL_PACKAGES.get(name, '?')}); scripts/install_deps.sh installs it")
    return path


def run(cmd, *, cwd=None, env=None, timeout=300, shell=False):
    """Runs a command; a non-zero exit fails the test with the command's output."""
    tools = [] if shell else [cmd[0]]
    for tool in tools:
        if os.sep not in str(tool):
            need_tool(str(tool))
    proc = subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, shell=shell,
                          executable="/bin/bash" if shell else None,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        pytest.fail(f"command failed with exit status {proc.returncode}: {cmd}\n"
                    f"(cwd {cwd})\n{proc.stdout[-6000:]}")
    return proc.stdout


def clean_env(**extra):
    """The environment without anything that could point a program at the build tree."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("LD_LIBRARY_PATH", "LD_PRELOAD", "PKG_CONFIG_PATH", "CMAKE_PREFIX_PATH",
                        "PYTHONPATH", "FRAMEKIT_CLI", "FRAMEKIT_WHEEL_LAYOUT")}
    env.update(extra)
    return env


# --- README ------------------------------------------------------------------------

def readme_install_blocks(subsection):
    """The fenced code blocks, as (language, text), of one "### <subsection>" of the
    README's "## Install" section."""
    text = README.read_text()
    m = re.search(r"^## Install\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert m, "README.md has no '## Install' section"
    sub = re.search(rf"^### {re.escape(subsection)}\n(.*?)(?=^### |\Z)", m.group(1),
                    flags=re.S | re.M)
    assert sub, f"README.md's Install section has no '### {subsection}' subsection"
    return re.findall(r"```(\w*)\n(.*?)```", sub.group(1), flags=re.S)


def readme_shell(block, prefix, build_dir):
    """A README shell block made runnable here: the temporary prefix and the build
    directory in place of /opt/framekit and build/release, stopping at the first error."""
    text = re.sub(rf"{re.escape(README_PREFIX)}|(\./)?{re.escape(README_BUILD_DIR)}",
                  lambda m: str(prefix) if m.group(0) == README_PREFIX else str(build_dir), block)
    return "set -euo pipefail\n" + text


# --- ELF helpers -----------------------------------------------------------------------

def is_elf(path):
    if path.is_symlink() or not path.is_file():
        return False
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def elf_files(root):
    return sorted(p for p in pathlib.Path(root).rglob("*") if is_elf(p))


def dynamic_section(path):
    """{'NEEDED': [...], 'SONAME': [...], 'RUNPATH': [...], 'RPATH': [...]} of an ELF file."""
    out = run([need_tool("readelf"), "-d", str(path)])
    tags = {}
    for tag, value in re.findall(r"\((NEEDED|SONAME|RUNPATH|RPATH)\)\s+[^\[]*\[([^\]]*)\]", out):
        tags.setdefault(tag, []).append(value)
    return tags


def ldd(path, env=None):
    """{soname: resolved path or None} as the dynamic loader resolves them."""
    out = run([need_tool("ldd"), str(path)], env=env if env is not None else clean_env())
    libs = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\S+) => (not found|(\S+) \(0x)", line)
        if m:
            libs[m.group(1)] = m.group(3)
    return libs


# --- The consumer programs -----------------------------------------------------------

CONSUMER = HERE / "consumer"
CONSUMER_C = HERE / "consumer_c"


def check_consumer_output(out_dir):
    """The consumer wrote out.jpg (JPEG of its converted RGB24 frame) and rgb.raw (the
    frame): an independent decoder (djpeg) must give back the frame within JPEG error."""
    jpg = out_dir / "out.jpg"
    raw = (out_dir / "rgb.raw").read_bytes()
    assert jpg.read_bytes()[:2] == b"\xff\xd8" and jpg.read_bytes()[-2:] == b"\xff\xd9"
    ppm = subprocess.run([need_tool("djpeg"), "-ppm", str(jpg)], stdout=subprocess.PIPE,
                         check=True).stdout
    magic, width, height, maxval, pixels = ppm.split(maxsplit=4)
    assert (magic, int(width), int(height), int(maxval)) == (b"P6", 96, 64, 255)
    assert len(pixels) == len(raw) == 96 * 64 * 3
    diffs = [abs(a - b) for a, b in zip(pixels, raw)]
    mean = sum(diffs) / len(diffs)
    assert mean < 2.0 and max(diffs) <= 16, f"decoded JPEG differs: mean {mean:.2f}, max {max(diffs)}"
    # The frame is not flat: the comparison means something.
    assert max(raw) - min(raw) > 100


def build_cmake_consumer(prefix_path, work_dir, env=None):
    """Configures and builds tests/install/consumer against CMAKE_PREFIX_PATH=prefix_path;
    returns (binary, framekit_DIR the configure step used)."""
    src = work_dir / "src"
    shutil.copytree(CONSUMER, src)
    build = work_dir / "build"
    env = env if env is not None else clean_env()
    run(["cmake", "-S", str(src), "-B", str(build), f"-DCMAKE_PREFIX_PATH={prefix_path}",
         "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF"], env=env)
    run(["cmake", "--build", str(build)], env=env)
    cache = (build / "CMakeCache.txt").read_text()
    framekit_dir = re.search(r"^framekit_DIR:PATH=(.*)$", cache, flags=re.M).group(1)
    return build / "consumer", pathlib.Path(framekit_dir)
