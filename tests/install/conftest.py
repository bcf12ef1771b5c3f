"""Shared fixtures of the installation tests (C/C++ consumers, the Debian package).

Run from the repository root after the release build:
    FRAMEKIT_BUILD_DIR=build/release /usr/bin/python3 -m pytest -q tests/install

FRAMEKIT_BUILD_DIR names the configured and built build directory (default
build/release). A missing build directory or tool fails the tests, naming it.

The install commands are the README's: its "## Install" section is parsed, and its
shell blocks are run with /opt/framekit replaced by a temporary prefix and build/release
by FRAMEKIT_BUILD_DIR, so the README cannot drift from what is tested.
"""
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
                        "PYTHONPATH", "FRAMEKIT_CLI")}
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


# --- Build directory -----------------------------------------------------------------

@pytest.fixture(scope="session")
def build_dir():
    path = pathlib.Path(os.environ.get("FRAMEKIT_BUILD_DIR", REPO / "build" / "release"))
    if not path.is_absolute():
        path = (pathlib.Path.cwd() / path).resolve()
    if not (path / "CMakeCache.txt").is_file():
        pytest.fail(f"FRAMEKIT_BUILD_DIR={path} is not a configured build directory (no "
                    "CMakeCache.txt): run `cmake --preset release && cmake --build --preset "
                    "release` first, or point FRAMEKIT_BUILD_DIR at the build")
    return path


@pytest.fixture(scope="session")
def project_version(build_dir):
    m = re.search(r"^CMAKE_PROJECT_VERSION:STATIC=(\S+)$", (build_dir / "CMakeCache.txt").read_text(),
                  flags=re.M)
    assert m, "CMakeCache.txt has no CMAKE_PROJECT_VERSION"
    return m.group(1)


@pytest.fixture(scope="session")
def built_adapters(build_dir):
    """The adapters the build made (ffmpeg, opencv, torch), from the build tree itself."""
    names = set()
    for lib in build_dir.rglob("libframekit_*.so.*.*.*"):
        if "_CPack_Packages" not in lib.parts:
            names.add(re.match(r"libframekit_(\w+)\.so", lib.name).group(1))
    return sorted(names)


# --- The install prefix (README: "### C++ with CMake", first sh block) ---------------

@pytest.fixture(scope="session")
def prefix(build_dir, tmp_path_factory):
    need_tool("cmake")
    blocks = [t for lang, t in readme_install_blocks("C++ with CMake") if lang == "sh"]
    install = [b for b in blocks if "cmake --install" in b]
    assert install, "README's C++ section shows no `cmake --install` command"
    prefix = tmp_path_factory.mktemp("prefix")
    run(readme_shell(install[0], prefix, build_dir), shell=True, cwd=REPO, env=clean_env())
    return prefix


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
